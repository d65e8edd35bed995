#pragma once
// Exact counts of applications for the dashboards (GET /stats, the queue's counts per state), kept beside the
// applications so that a county's or the city's counts read a few thousand rows instead of counting up to a
// million index entries (docs/performance.md, "Scale"). Two tables, both with the columns the data-scope
// filter of workflow (its ScopeOf, written by WhereInScope with alias `a`) reads, so that the same filter
// applies to them unchanged:
//   application_counts       per region, city level, competent department, state, level and specialty;
//   application_unit_counts  per unit, region, city level, competent department and state, plus one row per
//                            unit with the state '*': all its applications (the city's largest units are
//                            then 25,000 rows to rank instead of every unit's every state).
// Every write of an application's state, level or specialty records −1 for the old key and +1 for the new
// one. The changes wait in the session and are applied when the write transaction commits, in one global key
// order: on PostgreSQL the counter rows are then locked only for the moment before COMMIT, and two
// transactions never wait for each other's counter rows in opposite orders. A rolled-back transaction
// changes no count. Rows whose count falls to 0 stay; readers sum with HAVING SUM(n) > 0.
#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct ApplicationKey {
  int64_t unit_id = 0;
  std::string region_code;
  bool city_level = false;
  int64_t department_id = 0;  // 0: none (a county unit)
  std::string state, level, specialty;
  auto operator<=>(const ApplicationKey&) const = default;
};

struct PendingCounts {
  std::map<ApplicationKey, int64_t> delta;
};

// Records that one application now has (`+1`) or no longer has (`-1`) this key. Call inside a WriteTx.
void CountApplication(Session& s, const ApplicationKey& key, int delta);
// Applies and clears the session's recorded changes; WriteTx::Commit calls it just before COMMIT.
void FlushApplicationCounts(Session& s);
// Recounts both tables from the applications (the dataset generator's bulk load; a repair). In a WriteTx.
void RebuildApplicationCounts(Session& s);
// Where the counters disagree with a recount of the applications, one line per differing key
// ("application_counts … counter 3, applications 2"); empty when they agree.
std::vector<std::string> CountMismatches(Session& s);

}  // namespace zc::storage
