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
#include "workflow/workflow.hpp"

namespace zc::workflow::detail {

using storage::Session;

struct AppRow {
  int64_t id = 0;
  std::string number, campaign_id;
  int64_t applicant_id = 0, unit_id = 0;
  std::string region_code;
  bool city_level = false;
  std::optional<int64_t> department_id;
  std::string level, specialty;
  State state = State::kDraft;
  int64_t version = 0;
  int resubmissions = 0;
  int64_t pledged_at = 0;
  int snapshot_version = 0;
  int64_t submitted_at = 0;
  std::string publicity_start, publicity_end, opinion;
  bool quota_held = false;
  int64_t created_at = 0, updated_at = 0;
};

inline constexpr const char* kAppColumns =
    "a.id, a.number, a.campaign_id, a.applicant_id, a.unit_id, a.region_code, a.city_level, a.department_id, "
    "a.level, a.specialty, a.state, a.version, a.resubmissions, a.pledged_at, a.snapshot_version, "
    "a.submitted_at, a.publicity_start, a.publicity_end, a.opinion, a.quota_held, a.created_at, a.updated_at";
AppRow AppFromRow(const soci::row& r);
// The application's key in the dashboard counters (storage/application_counts.hpp).
storage::ApplicationKey CountKey(const AppRow& a);
// Loads one application; on PostgreSQL inside a write transaction the row is locked (`for_update`).
std::optional<AppRow> LoadApp(Session& s, int64_t id, bool for_update = false);

// May this person see the application at all (data scope)? Out of scope reads as not found.
bool CanSee(const Principal& p, const AppRow& a);
// The SQL condition for the applications (alias a) this person may see, bound into `q`.
void ScopeWhere(const Principal& p, storage::Query& q);

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
  std::string status = "draft";
  std::string return_reason;
  int64_t version = 0;
  int64_t submitted_at = 0, reviewed_at = 0;
  std::vector<ArchiveItem> items;
};
Archive LoadArchive(Session& s, int64_t user_id);
// The file objects of these ids, in order.
json::array FilesJson(Session& s, const std::vector<int64_t>& ids);
json::value ArchiveJson(Session& s, const Archive& a);

// The eligibility profile that an archive and an application's level and specialty make.
json::object ProfileJson(const Archive& a, const std::string& level, const std::string& specialty,
                         const std::string& unit_type);
std::optional<eligibility::Profile> ProfileOf(const Archive& a, const campaign::Campaign& c,
                                              const std::string& level, const std::string& specialty,
                                              const std::string& unit_type);

// Audits within the open transaction.
void Audit(Session& s, const Actor& actor, int64_t now, const std::string& action, const std::string& type,
           const std::string& id, const std::string& summary);
// A notification for one user, or every user of a unit / region's acceptance points / department / role.
void Notify(Session& s, int64_t user_id, const std::string& kind, std::optional<int64_t> app_id,
            const std::string& zh, const std::string& en, int64_t now);
void NotifyWhere(Session& s, const std::string& where_sql, const std::string& bind_value,
                 const std::string& kind, std::optional<int64_t> app_id, const std::string& zh,
                 const std::string& en, int64_t now);

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

std::string UserName(Session& s, int64_t user_id);
// Plans a job in the caller's transaction; a job with the same key is planned once.
void EnqueueJob(Session& s, const std::string& kind, const std::string& key, int64_t run_at,
                const std::string& payload, int64_t now);

// The integrity archive's records of the person behind this account (by identity number).
std::vector<eligibility::IntegrityRecord> IntegrityRecordsOf(Session& s, int64_t user_id);
json::value TimeJson(int64_t unix_seconds);
std::string Pick(Lang lang, const std::string& zh, const std::string& en);

}  // namespace zc::workflow::detail
