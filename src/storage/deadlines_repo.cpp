#include "storage/deadlines_repo.hpp"

namespace zc::storage {

std::vector<std::string> DeadlinesRepo::ExtendedUntil(const std::string& campaign_id,
                                                      const std::string& stage,
                                                      std::optional<int64_t> unit_id,
                                                      const std::string& region_code) {
  std::vector<std::string> out;
  Query q;
  q.Where("campaign_id = :c").Bind("c", campaign_id).Where("stage = :s").Bind("s", stage);
  q.Where("(unit_id = :u OR region_code = :r)")
      .Bind("u", static_cast<long long>(unit_id.value_or(-1)))
      .Bind("r", region_code.empty() ? std::string("-") : region_code);
  q.ForEach(s_, "until_date", "deadline_extensions", "",
            [&](const soci::row& r) { out.push_back(Str(r, "until_date")); });
  return out;
}

DeadlineExtensionPageRows DeadlinesRepo::List(const std::string& campaign_id, const PageRequest& page) {
  Query q;
  q.Where("e.campaign_id = :c").Bind("c", campaign_id);
  const std::string from =
      "deadline_extensions e LEFT JOIN units un ON un.id = e.unit_id LEFT JOIN regions rg ON rg.code = "
      "e.region_code LEFT JOIN users cr ON cr.id = e.created_by";
  DeadlineExtensionPageRows out;
  out.total = q.Count(s_, from);
  out.next =
      q.Page(s_,
             "e.id, e.stage, e.unit_id, e.region_code, e.until_date, e.reason, e.created_at, un.name AS "
             "unit_name, rg.name AS region_name, cr.name AS created_by",
             from, {.sort = "e.id", .id = "e.id"}, page, [&](const soci::row& r) {
               DeadlineExtensionRow e{.id = Int(r, "id"),
                                      .stage = Str(r, "stage"),
                                      .unit_id = {},
                                      .unit_name = Str(r, "unit_name"),
                                      .region_code = {},
                                      .region_name = {},
                                      .until_date = Str(r, "until_date"),
                                      .reason = Str(r, "reason"),
                                      .created_at = Int(r, "created_at"),
                                      .created_by = Str(r, "created_by")};
               if (!IsNull(r, "unit_id")) e.unit_id = Int(r, "unit_id");
               if (!IsNull(r, "region_code")) e.region_code = Str(r, "region_code");
               if (!IsNull(r, "region_name")) e.region_name = Str(r, "region_name");
               out.rows.push_back(std::move(e));
             });
  return out;
}

void DeadlinesRepo::Insert(const NewDeadlineExtension& e) {
  NullableInt unit(e.unit_id);
  NullableStr reg(e.region_code);
  long long by = e.created_by;
  long long at = e.created_at;
  s_.sql()
      << "INSERT INTO deadline_extensions (campaign_id, stage, unit_id, region_code, until_date, reason, "
         "created_by, created_at) VALUES (:c, :st, :u, :r, :until, :reason, :by, :at)",
      soci::use(e.campaign_id, "c"), soci::use(e.stage, "st"), soci::use(unit.value, unit.ind, "u"),
      soci::use(reg.value, reg.ind, "r"), soci::use(e.until_date, "until"), soci::use(e.reason, "reason"),
      soci::use(by, "by"), soci::use(at, "at");
}

int64_t DeadlinesRepo::CountPending(const ApplicationScope& scope, const std::string& campaign_id,
                                    const std::vector<std::string>& states) {
  if (states.empty()) return 0;
  Query q;
  WhereInScope(q, scope);
  q.Where("a.campaign_id = :c").Bind("c", campaign_id);
  std::string in;
  for (size_t i = 0; i < states.size(); ++i) {
    const std::string name = "pending_state" + std::to_string(i);
    in += (i ? ", :" : ":") + name;
    q.Bind(name, states[i]);
  }
  q.Where("a.state IN (" + in + ")");
  return q.Count(s_, "applications a");
}

}  // namespace zc::storage
