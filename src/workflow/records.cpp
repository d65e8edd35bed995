#include "workflow/records.hpp"

#include "accounts/accounts.hpp"
#include "base/time.hpp"
#include "storage/accounts_repo.hpp"
#include "storage/applications_repo.hpp"
#include "storage/audit.hpp"
#include "workflow/internal.hpp"

namespace zc::workflow {

using storage::Session;
using namespace detail;  // NOLINT(google-build-using-namespace): the scope table, AppFromRecord

AppRow detail::AppFromRecord(const storage::ApplicationRecord& r) {
  return {.id = r.id,
          .number = r.number,
          .campaign_id = r.campaign_id,
          .applicant_id = r.applicant_id,
          .unit_id = r.unit_id,
          .region_code = r.region_code,
          .city_level = r.city_level,
          .department_id = r.department_id,
          .level = r.level,
          .specialty = r.specialty,
          .state = ParseState(r.state).value_or(State::kDraft),
          .version = r.version,
          .resubmissions = r.resubmissions,
          .pledged_at = r.pledged_at,
          .snapshot_version = r.snapshot_version,
          .submitted_at = r.submitted_at,
          .publicity_start = r.publicity_start,
          .publicity_end = r.publicity_end,
          .opinion = r.opinion,
          .quota_held = r.quota_held,
          .created_at = r.created_at,
          .updated_at = r.updated_at};
}

std::optional<AppRow> LoadApp(Session& s, int64_t id, bool for_update) {
  auto r = storage::ApplicationsRepo(s).Find(id, for_update);
  if (!r) return std::nullopt;
  return AppFromRecord(*r);
}

namespace detail {

static_assert(std::size(kScopeRules) == std::size(accounts::kAllRoles), "one scope rule per role");
static_assert(kScopeRules[std::size(kScopeRules) - 1].states == &NoState, "the last rule sees nothing");

const ScopeRule& ScopeRuleOf(Role role) {
  for (const auto& rule : kScopeRules)
    if (rule.role == role) return rule;
  return kScopeRules[std::size(kScopeRules) - 1];  // the expert's: nothing
}

namespace {

// The person's attribute a scope rule compares with the application's column: an id, or absent.
std::optional<int64_t> IdOf(ScopeAttribute attribute, const Principal& p) {
  switch (attribute) {
    case ScopeAttribute::kUserId:
      return p.user_id;
    case ScopeAttribute::kUnitId:
      return p.unit_id;
    case ScopeAttribute::kDepartmentId:
      return p.department_id;
    case ScopeAttribute::kNone:
    case ScopeAttribute::kRegionCode:
      break;
  }
  return std::nullopt;
}
std::string TextOf(ScopeAttribute attribute, const Principal& p) {
  return attribute == ScopeAttribute::kRegionCode ? p.region_code : std::string();
}

// Does the application's column of the rule hold the person's attribute?
bool ColumnMatches(const ScopeRule& rule, const Principal& p, const AppRow& a) {
  using Column = storage::ApplicationScope::Column;
  const auto id = IdOf(rule.attribute, p);
  switch (rule.column) {
    case Column::kAny:
      return true;
    case Column::kApplicant:
      return id && a.applicant_id == *id;
    case Column::kUnit:
      return id && a.unit_id == *id;
    case Column::kCountyRegion:
      return !a.city_level && a.region_code == TextOf(rule.attribute, p);
    case Column::kCityDepartment:
      return a.city_level && id && a.department_id == id;
  }
  return false;
}

}  // namespace

storage::ApplicationScope ScopeOf(const Principal& p) {
  const ScopeRule& rule = ScopeRuleOf(p.role);
  storage::ApplicationScope scope{.column = rule.column,
                                  .id = IdOf(rule.attribute, p).value_or(-1),  // -1: no row has it
                                  .text = TextOf(rule.attribute, p),
                                  .states = std::nullopt};
  if (rule.states) scope.states = StatesWhere(rule.states);
  return scope;
}

}  // namespace detail

bool CanSee(const Principal& p, const AppRow& a) {
  const ScopeRule& rule = ScopeRuleOf(p.role);
  return ColumnMatches(rule, p, a) && (!rule.states || rule.states(a.state));
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
