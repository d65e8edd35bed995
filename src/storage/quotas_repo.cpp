#include "storage/quotas_repo.hpp"

namespace zc::storage {

std::vector<UnitQuotaRow> QuotasRepo::ForUnit(int64_t unit_id) {
  std::vector<UnitQuotaRow> out;
  Query()
      .Where("unit_id = :u")
      .Bind("u", static_cast<long long>(unit_id))
      .ForEach(s_, "level, quota", "unit_quotas", "ORDER BY level", [&](const soci::row& r) {
        out.push_back({.level = Str(r, "level"), .quota = Int(r, "quota")});
      });
  return out;
}

int64_t QuotasRepo::Held(int64_t unit_id, const std::string& level, const std::string& campaign_id) {
  return Query()
      .Where("unit_id = :u AND level = :l AND campaign_id = :c AND quota_held = 1")
      .Bind("u", static_cast<long long>(unit_id))
      .Bind("l", level)
      .Bind("c", campaign_id)
      .Count(s_, "applications");
}

void QuotasRepo::ClearUnit(int64_t unit_id) {
  long long u = unit_id;
  s_.sql() << "DELETE FROM unit_quotas WHERE unit_id = :u", soci::use(u, "u");
}

}  // namespace zc::storage
