#pragma once
// Shared by the workflow's source files only: row types, loading, scope and small helpers.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "eligibility/eligibility.hpp"
#include "storage/accounts_repo.hpp"
#include "storage/application_counts.hpp"
#include "storage/applications_repo.hpp"
#include "storage/audit.hpp"
#include "storage/database.hpp"
#include "storage/notifications_repo.hpp"
#include "workflow/lifecycles.hpp"
#include "workflow/records.hpp"
#include "workflow/workflow.hpp"

namespace zc::workflow::detail {

using storage::Session;

using accounts::Audit;
using workflow::AppRow;
using workflow::CanSee;
using workflow::LoadApp;
using workflow::TimeJson;
using workflow::UserName;

// The application as workflow reads it (the state parsed from its code).
AppRow AppFromRecord(const storage::ApplicationRecord& r);
// The application's key in the dashboard counters (storage/application_counts.hpp).
storage::ApplicationKey CountKey(const AppRow& a);

// The codes of the states for which `pred` holds, and of the others: the typed twin of a state set for
// the repositories' conditions, made from the same table (state_machine.hpp).
storage::StateSet StatesWhere(bool (*pred)(State));

// The data scope (数据范围), one row per role: which column of the application must equal which attribute
// of the person, and the states in which the role sees the application. CanSee (records.cpp) evaluates the
// row against an application; ScopeOf turns the same row into the filter the repository writes into SQL
// (storage::ApplicationScope), so that a list and a record never disagree.
enum class ScopeAttribute { kNone, kUserId, kUnitId, kRegionCode, kDepartmentId };
struct ScopeRule {
  Role role;
  storage::ApplicationScope::Column column;
  ScopeAttribute attribute;
  bool (*states)(State);  // nullptr: any state
};
inline constexpr bool SeenByUnit(State s) {
  return Info(s).seen_by_unit;
}
inline constexpr bool NoState(State) {
  return false;
}
inline constexpr ScopeRule kScopeRules[] = {
    {Role::kApplicant, storage::ApplicationScope::Column::kApplicant, ScopeAttribute::kUserId, nullptr},
    {Role::kUnit, storage::ApplicationScope::Column::kUnit, ScopeAttribute::kUnitId, &SeenByUnit},
    {Role::kAcceptancePoint, storage::ApplicationScope::Column::kCountyRegion, ScopeAttribute::kRegionCode,
     &PastUnit},
    {Role::kCompetentDepartment, storage::ApplicationScope::Column::kCityDepartment,
     ScopeAttribute::kDepartmentId, &PastUnit},
    {Role::kCommitteeOffice, storage::ApplicationScope::Column::kAny, ScopeAttribute::kNone, &AtCommittee},
    {Role::kCityAdmin, storage::ApplicationScope::Column::kAny, ScopeAttribute::kNone, nullptr},
    // Experts see the applications of their groups through the review module, none through this scope.
    {Role::kExpert, storage::ApplicationScope::Column::kAny, ScopeAttribute::kNone, &NoState},
};
const ScopeRule& ScopeRuleOf(Role role);
// The person's scope as the repositories' filter (alias a).
storage::ApplicationScope ScopeOf(const Principal& p);

struct ArchiveItem {
  int64_t id = 0;
  std::string kind;
  json::object data;
  std::vector<int64_t> files;
  std::string return_reason;
};
struct Archive {
  bool exists = false;
  std::optional<int64_t> unit_id;
  ArchiveState state = ArchiveState::kDraft;  // archives.status, read through kArchiveLifecycle
  std::string return_reason;
  int64_t version = 0;
  int64_t submitted_at = 0, reviewed_at = 0;
  std::vector<ArchiveItem> items;
};
Archive LoadArchive(Session& s, int64_t user_id);
// The file objects of these ids, in order.
std::vector<views::ApplicationSlotFile> FileViews(Session& s, const std::vector<int64_t>& ids);
// The archive as the API shows it (without the applicant, which only the unit's view adds).
views::Archive ArchiveView(Session& s, const Archive& a);
// The same as JSON, for the views still built as JSON (an application's slots and snapshot).
json::array FilesJson(Session& s, const std::vector<int64_t>& ids);
json::value ArchiveJson(Session& s, const Archive& a);

// The eligibility profile that an archive and an application's level and specialty make.
json::object ProfileJson(const Archive& a, const std::string& level, const std::string& specialty,
                         const std::string& unit_type);
std::optional<eligibility::Profile> ProfileOf(const Archive& a, const campaign::Campaign& c,
                                              const std::string& level, const std::string& specialty,
                                              const std::string& unit_type);

// The effective deadline of a stage for a unit in a region: the campaign's or the latest extension.
Date EffectiveDeadline(Session& s, const campaign::Campaign& c, campaign::Stage stage,
                       std::optional<int64_t> unit_id, const std::string& region_code,
                       bool* extended = nullptr);
inline bool OpenOn(const Date& deadline, TimePoint now) {
  return now < ShanghaiMidnight(AddDays(deadline, 1));
}

// "applicant", "unit", "county": the API's name of a deadline stage, and back.
const char* StageCode(campaign::Stage st);
std::optional<campaign::Stage> ParseStage(std::string_view code);

// Quota places a unit's applications of a level hold in a campaign.
int64_t QuotaUsed(Session& s, int64_t unit_id, const std::string& level, const std::string& campaign_id);

// Plans a job in the caller's transaction; a job with the same key is planned once.
void EnqueueJob(Session& s, const std::string& kind, const std::string& key, int64_t run_at,
                const std::string& payload, int64_t now);

// The integrity archive's records of the person behind this account (by identity number).
std::vector<eligibility::IntegrityRecord> IntegrityRecordsOf(Session& s, int64_t user_id);
std::string Pick(Lang lang, const std::string& zh, const std::string& en);

}  // namespace zc::workflow::detail
