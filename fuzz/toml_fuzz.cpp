// Campaign and calendar files: any text gives a campaign, a calendar or field errors, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "calendar/calendar.hpp"
#include "campaign/campaign.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)zc::campaign::ParseCampaign(text);
  (void)zc::calendar::ParseYearToml(text);
  return 0;
}
