// The body of POST /api/v1/eligibility/check: any bytes are parsed as JSON, checked against the 2022 campaign
// and, when valid, evaluated; the decision is serialized as the API would. Never a crash.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "calendar/calendar.hpp"
#include "campaign/campaign.hpp"
#include "eligibility/eligibility.hpp"

namespace {
struct Reference {
  zc::campaign::Campaign campaign;
  zc::calendar::Calendar calendar;
  Reference() {
    const std::filesystem::path data = std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data";
    campaign = zc::campaign::LoadCampaignDir(data / "campaigns").value().back();
    calendar = zc::calendar::Calendar(zc::calendar::LoadYearDir(data / "calendars").value());
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Reference ref;
  boost::system::error_code ec;
  const auto v = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec) return 0;
  auto profile = zc::eligibility::ParseProfile(v, ref.campaign);
  if (!profile.ok()) return 0;
  const auto decision =
      zc::eligibility::Evaluate(profile.value(), ref.campaign, ref.calendar, {}, zc::Date{2022, 8, 20});
  (void)boost::json::serialize(zc::eligibility::ToJson(decision));
  return 0;
}
