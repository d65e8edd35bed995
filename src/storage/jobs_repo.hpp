#pragma once
// The repository of timed jobs (a publicity's last day, deadline reminders): planned once per key, claimed
// by one node. Named queries only; what a job does lives in workflow/jobs.cpp, its lifecycle in
// workflow/lifecycles.hpp (the status codes are passed in from there).
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct JobRow {
  int64_t id = 0;
  std::string kind, payload;
  int64_t run_at = 0;
};

class JobsRepo {
 public:
  explicit JobsRepo(Session& s) : s_(s) {}

  // Plans a job; a second plan of the same key is ignored.
  void Plan(const std::string& kind, const std::string& key, int64_t run_at, const std::string& payload,
            const std::string& status, int64_t created_at);
  // Up to `limit` jobs in `status` due at `now`, oldest first; on PostgreSQL the rows are locked and rows
  // another node holds are skipped, so each job is claimed once.
  std::vector<JobRow> ClaimDue(const std::string& status, int64_t now, int limit);
  void Finish(int64_t id, const std::string& status, const std::string& node, int64_t at);

 private:
  Session& s_;
};

}  // namespace zc::storage
