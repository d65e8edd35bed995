#include "workflow/records.hpp"

#include "accounts/accounts.hpp"
#include "base/time.hpp"
#include "storage/accounts_repo.hpp"
#include "storage/audit.hpp"
#include "workflow/internal.hpp"

namespace zc::workflow {

using storage::Session;
using namespace detail;  // NOLINT(google-build-using-namespace): AppFromRow, kAppColumns, ScopeWhere

std::optional<AppRow> LoadApp(Session& s, int64_t id, bool for_update) {
  std::optional<AppRow> out;
  const std::string tail = for_update && s.backend() == storage::Backend::kPostgres ? "FOR UPDATE" : "";
  storage::Query()
      .Where("a.id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s, kAppColumns, "applications a", tail, [&](const soci::row& r) { out = AppFromRow(r); });
  return out;
}

bool CanSee(const Principal& p, const AppRow& a) {
  switch (p.role) {
    case Role::kApplicant:
      return a.applicant_id == p.user_id;
    case Role::kUnit:
      return p.unit_id && *p.unit_id == a.unit_id && Info(a.state).seen_by_unit;
    case Role::kAcceptancePoint:
      return !a.city_level && a.region_code == p.region_code && PastUnit(a.state);
    case Role::kCompetentDepartment:
      return a.city_level && p.department_id && a.department_id == p.department_id && PastUnit(a.state);
    case Role::kCommitteeOffice:
      return AtCommittee(a.state);
    case Role::kCityAdmin:
      return true;
    case Role::kExpert:
      return false;
  }
  return false;
}

json::value TimeJson(int64_t t) {
  if (t == 0) return nullptr;
  // NOLINTNEXTLINE(modernize-return-braced-init-list): `return {s};` would make a one-element JSON array.
  return json::value(FormatShanghai(FromUnixSeconds(t)));
}

std::string TimeText(int64_t t) {
  return t == 0 ? std::string() : FormatShanghai(FromUnixSeconds(t));
}

contract::Nullable<std::string> TimeOrNull(int64_t t) {
  if (t == 0) return std::nullopt;
  return TimeText(t);
}

contract::Nullable<std::string> NextCursor(const std::optional<storage::Cursor>& next) {
  if (!next) return std::nullopt;
  return storage::CursorText(*next);
}

std::string UserName(Session& s, int64_t user_id) {
  auto u = storage::FindUserById(s, user_id);
  return u ? u->name : std::string();
}

}  // namespace zc::workflow
