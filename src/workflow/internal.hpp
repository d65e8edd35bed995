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

inline constexpr const char* kAppColumns =
    "a.id, a.number, a.campaign_id, a.applicant_id, a.unit_id, a.region_code, a.city_level, a.department_id, "
    "a.level, a.specialty, a.state, a.version, a.resubmissions, a.pledged_at, a.snapshot_version, "
    "a.submitted_at, a.publicity_start, a.publicity_end, a.opinion, a.quota_held, a.created_at, a.updated_at";
AppRow AppFromRow(const soci::row& r);
// The application's key in the dashboard counters (storage/application_counts.hpp).
storage::ApplicationKey CountKey(const AppRow& a);

// The SQL condition for the applications (alias a) this person may see, bound into `q`. True when the
// condition restricts the state (every scope but the city admin's).
bool ScopeWhere(const Principal& p, storage::Query& q);

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
