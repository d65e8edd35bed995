#include "storage/jobs_repo.hpp"

namespace zc::storage {

void JobsRepo::Plan(const std::string& kind, const std::string& key, int64_t run_at,
                    const std::string& payload, const std::string& status, int64_t created_at) {
  long long at = run_at, created = created_at;
  s_.sql() << "INSERT INTO jobs (kind, key, run_at, payload, status, created_at) VALUES (:k, :key, :at, :p, "
              ":st, :c) ON CONFLICT (key) DO NOTHING",
      soci::use(status, "st"), soci::use(kind, "k"), soci::use(key, "key"), soci::use(at, "at"),
      soci::use(payload, "p"), soci::use(created, "c");
}

std::vector<JobRow> JobsRepo::ClaimDue(const std::string& status, int64_t now, int limit) {
  std::vector<JobRow> due;
  const std::string lock = s_.backend() == Backend::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  Query()
      .Where("status = :st AND run_at <= :now")
      .Bind("st", status)
      .Bind("now", static_cast<long long>(now))
      .ForEach(s_, "id, kind, payload, run_at", "jobs",
               "ORDER BY run_at, id LIMIT " + std::to_string(limit) + lock, [&](const soci::row& r) {
                 due.push_back({Int(r, "id"), Str(r, "kind"), Str(r, "payload"), Int(r, "run_at")});
               });
  return due;
}

void JobsRepo::Finish(int64_t id, const std::string& status, const std::string& node, int64_t at) {
  long long job = id, when = at;
  s_.sql() << "UPDATE jobs SET status = :st, claimed_by = :n, done_at = :at WHERE id = :id",
      soci::use(status, "st"), soci::use(node, "n"), soci::use(when, "at"), soci::use(job, "id");
}

}  // namespace zc::storage
