#pragma once
// The repository of applications (申报) and what belongs to each: its snapshots, transitions, evidence,
// paper check-in and objections; the queue, the statistics and the reminders' candidates read from them.
// Named queries only; the state machine, the guards, the data scope's definition and the error codes live
// in workflow/ (state_machine.hpp, application.cpp, records.cpp). States are passed as their codes.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

// One row of `applications`, the state as its code.
struct ApplicationRecord {
  int64_t id = 0;
  std::string number, campaign_id;
  int64_t applicant_id = 0, unit_id = 0;
  std::string region_code;
  bool city_level = false;
  std::optional<int64_t> department_id;
  std::string level, specialty, state;
  int64_t version = 0;
  int resubmissions = 0;
  int64_t pledged_at = 0;
  int snapshot_version = 0;
  int64_t submitted_at = 0;
  std::string publicity_start, publicity_end, opinion;
  bool quota_held = false;
  int64_t created_at = 0, updated_at = 0;
};

// A set of application states by their codes: those in the set and all the others (so that the condition
// can be written as the shorter of `IN (…)` and `NOT IN (…)`).
struct StateSet {
  std::vector<std::string> in, out;
};
// "column IN (…)" or, when shorter, "column NOT IN (…)"; "1 = 0" for no state, "1 = 1" for every state.
std::string StateSqlPredicate(const std::string& column, const StateSet& states);

// The applications a person may see (the data scope), as workflow's scope table (records.cpp) defines it:
// one column of the application equal to a value of the person, and the states allowed.
struct ApplicationScope {
  enum class Column {
    kAny,             // no column condition
    kApplicant,       // a.applicant_id = id
    kUnit,            // a.unit_id = id
    kCountyRegion,    // a.city_level = 0 AND a.region_code = text
    kCityDepartment,  // a.city_level = 1 AND a.department_id = id
  };
  Column column = Column::kAny;
  long long id = 0;
  std::string text;
  std::optional<StateSet> states;  // nullopt: any state
};
// Adds the scope's condition (alias `a`: applications or the counters of storage/application_counts.hpp) to
// `q`. True when the condition restricts the state.
bool WhereInScope(Query& q, const ApplicationScope& scope);

struct NewApplication {
  std::string number;  // a temporary number, unique; SetNumber gives the final one
  std::string campaign_id;
  int64_t applicant_id = 0, unit_id = 0;
  std::string region_code;
  bool city_level = false;
  std::optional<int64_t> department_id;
  std::string level, specialty, state;
  int64_t at = 0;
};

// What a transition writes into the application row.
struct ApplicationStepUpdate {
  int64_t id = 0;
  std::string state;
  int64_t version = 0;
  int resubmissions = 0, snapshot_version = 0;
  int64_t submitted_at = 0;
  std::string publicity_start, publicity_end, opinion;
  bool quota_held = false;
  int64_t updated_at = 0;
};

struct SnapshotRow {
  int64_t version = 0;
  std::string data, sha256;
  int64_t created_at = 0;
};

struct TransitionRow {
  int64_t id = 0;  // 0 when inserting
  int64_t application_id = 0;
  std::string from_state, to_state, action;
  int64_t actor_id = 0;
  std::string actor_name, role, reason, detail;
  int64_t at = 0;
};

struct EvidenceRow {
  std::string slot;
  int64_t file_id = 0;
};

struct PaperRow {
  int copies = 0;
  bool watermark = false;
  std::string form_number;
  int64_t checked_by = 0;  // set when writing
  int64_t checked_at = 0;
  std::string checker;  // the checker's name when reading
};

struct ObjectionRow {
  int64_t id = 0;
  std::string content, raised_by;
  int64_t raised_at = 0;
  std::string status, resolution;
  int64_t resolved_at = 0;
};

struct QueueFilter {
  std::string state, level, specialty, text;  // "": any
  std::optional<int64_t> unit_id;
  // Count per state from the dashboard counters (only without a unit or a text in the filter).
  bool counters = false;
};
struct QueueRow {
  ApplicationRecord app;
  std::string applicant_name, unit_name;
};
struct QueuePageRows {
  std::vector<std::pair<std::string, int64_t>> counts;  // per state code, without the state filter
  std::vector<QueueRow> rows;
  std::optional<Cursor> next;
};

// One group of the statistics' scan.
struct StatsGroupRow {
  std::string region_code, state, level, specialty;
  int64_t n = 0;
};

struct UnitCountRow {
  int64_t unit_id = 0;
  std::string name;
  int64_t n = 0;
};

// A county reviewer with applications waiting: a region's acceptance points or a competent department.
struct ReviewerRow {
  bool city_level = false;
  std::string region_code;
  int64_t department_id = 0;
};

struct QuotaUseRow {
  int64_t unit_id = 0;
  std::string level;
  int64_t quota = 0;
  std::string campaign_id;
  int64_t used = 0;
};

class ApplicationsRepo {
 public:
  explicit ApplicationsRepo(Session& s) : s_(s) {}

  // The application; on PostgreSQL `for_update` locks its row until the transaction ends.
  std::optional<ApplicationRecord> Find(int64_t id, bool for_update = false);
  // An applicant's applications, newest first.
  std::vector<ApplicationRecord> OfApplicant(int64_t applicant_id);
  // Every application, in id order (the invariant checker).
  std::vector<ApplicationRecord> All();
  // Whether any application exists (the demo loads its own only into an empty database).
  bool Any();
  // The latest time a step, an application or an archive was written (unix seconds); none when nothing has
  // been (a restarted demo's clock never goes back before it).
  std::optional<int64_t> LatestActivity();
  // How many applications this applicant has in the campaign in a state other than `except_state`.
  int64_t CountOfApplicantExcept(const std::string& campaign_id, int64_t applicant_id,
                                 const std::string& except_state);
  // Inserts with version 1 and returns the id.
  int64_t Insert(const NewApplication& a);
  void SetNumber(int64_t id, const std::string& number);
  // A change that is not a transition: the version goes up.
  void Bump(int64_t id, int64_t version, int64_t updated_at);
  void UpdateForm(int64_t id, const std::string& level, const std::string& specialty, int64_t pledged_at,
                  int64_t version, int64_t updated_at);
  void UpdateAfterStep(const ApplicationStepUpdate& u);

  void InsertSnapshot(int64_t application_id, int version, const std::string& data, const std::string& sha256,
                      int64_t at);
  std::optional<SnapshotRow> Snapshot(int64_t application_id, int64_t version);
  // All the snapshots of an application, by version.
  std::vector<SnapshotRow> Snapshots(int64_t application_id);

  void InsertTransition(const TransitionRow& t);
  // The history of an application, in order.
  std::vector<TransitionRow> Transitions(int64_t application_id);

  // The files in the application's evidence slots, in the order they were added.
  std::vector<EvidenceRow> Evidence(int64_t application_id);
  int64_t CountEvidence(int64_t application_id, const std::string& slot);
  bool HasEvidence(int64_t application_id, const std::string& slot, int64_t file_id);
  void AddEvidence(int64_t application_id, const std::string& slot, int64_t file_id, int64_t at);
  void RemoveEvidence(int64_t application_id, const std::string& slot, int64_t file_id, int64_t at);

  std::optional<PaperRow> Paper(int64_t application_id);
  void DeletePaper(int64_t application_id);
  // Replaces the application's paper check-in.
  void ReplacePaper(int64_t application_id, const PaperRow& p);

  std::vector<ObjectionRow> Objections(int64_t application_id);
  int64_t CountObjectionsInStatus(int64_t application_id, const std::string& status);
  // The status of the application's objection, or nullopt when it has none of this id.
  std::optional<std::string> ObjectionStatus(int64_t application_id, int64_t objection_id);
  void InsertObjection(int64_t application_id, const std::string& content, const std::string& raised_by,
                       const std::string& status, int64_t at);
  void ResolveObjection(int64_t objection_id, const std::string& status, const std::string& resolution,
                        int64_t by, int64_t at);

  // The unit's quota of places for a level, when it has one.
  std::optional<int> UnitQuota(int64_t unit_id, const std::string& level);
  // Places held per unit, level and campaign beside the unit's quota (the invariant checker).
  std::vector<QuotaUseRow> QuotaUse();

  // The work queue: the counts per state of the scope and the filter (without its state), then one page
  // of the applications, most recently changed first.
  QueuePageRows ListQueue(const ApplicationScope& scope, const QueueFilter& f, const PageRequest& page);
  // The statistics: the applications of the scope grouped by region, state, level and specialty (from the
  // dashboard counters when `counters`).
  std::vector<StatsGroupRow> StatsGroups(const ApplicationScope& scope, bool counters);
  // The 20 units with the most applications of the scope (and in `states` when given), largest first.
  std::vector<UnitCountRow> TopUnits(const ApplicationScope& scope, bool counters,
                                     const std::optional<StateSet>& states);

  // The reminders' candidates in a campaign: applicants with an application in `state`, units with one in
  // `states`, and the county reviewers with one in `state`.
  std::vector<int64_t> ApplicantsInState(const std::string& campaign_id, const std::string& state);
  std::vector<int64_t> UnitsInStates(const std::string& campaign_id, const StateSet& states);
  std::vector<ReviewerRow> ReviewersInState(const std::string& campaign_id, const std::string& state);

 private:
  Session& s_;
};

}  // namespace zc::storage
