// Durable submissions per second on SQLite (figures in docs/performance.md). A submission checks the
// guards, evaluates eligibility, freezes the snapshot, records the transition, the notifications and the
// audit row, and commits with the platform's durability (WAL, synchronous=FULL). Reference measured in the
// same run: a plain sqlite3 loop committing one insert of a snapshot-sized row per transaction with the same
// settings. Usage: zc_workflow_bench [DATA_DIR] [N]
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/crypto.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "workflow/testing.hpp"
#include "workflow/workflow.hpp"

namespace {
namespace json = boost::json;
using namespace zc;
using Steady = std::chrono::steady_clock;

long long Exec(storage::Database& db, const std::string& sql) {
  storage::Session s(db);
  s.sql() << sql;
  long long id = 0;
  s.sql() << "SELECT last_insert_rowid()", soci::into(id);
  return id;
}

double Seconds(Steady::time_point from) {
  return std::chrono::duration<double>(Steady::now() - from).count();
}

// The reference: one durable transaction per row, the same journal and sync settings, the same row size.
double PlainInsertsPerSecond(const std::filesystem::path& file, int n, size_t row_bytes) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, "
               "data TEXT NOT NULL)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t (data) VALUES (?)", -1, &st, nullptr);
  const std::string row(row_bytes, 'x');
  const auto start = Steady::now();
  for (int i = 0; i < n; ++i) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_bind_text(st, 1, row.data(), static_cast<int>(row.size()), SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  const double rate = n / Seconds(start);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path data = argc > 1 ? argv[1] : "data";
  const int n = argc > 2 ? std::atoi(argv[2]) : 200;
  InitCrypto();
  const auto dir = std::filesystem::temp_directory_path() / ("zc_workflow_bench_" + RandomHex(6));
  std::filesystem::create_directories(dir);
  auto campaigns = campaign::LoadCampaignDir(data / "campaigns");
  auto years = calendar::LoadYearDir(data / "calendars");
  if (!campaigns.ok() || !years.ok()) {
    std::fprintf(stderr, "cannot load %s\n", data.c_str());
    return 1;
  }
  auto db = storage::Database::Open("sqlite:" + (dir / "bench.db").string(), 2);
  storage::Migrate(*db);
  storage::BlobStore blobs(dir / "blobs");
  ManualClock clock(*ParseInstant("2022-08-20T09:00:00+08:00"));
  accounts::Env env{*db, clock, blobs};
  calendar::CalendarStore calendars(*db);
  calendars.Seed(years.value(), 0);
  workflow::Workflow wf(env, campaigns.value(), calendars);

  const long long unit = Exec(*db,
                              "INSERT INTO units (credit_code, name, region_code, unit_type, contact_name, "
                              "mobile, status, created_at) VALUES ('91330402MA2JX0016P', '单位', '330402', "
                              "'enterprise', '联系人', '13800000000', 'approved', 0)");
  const accounts::Actor unit_actor{
      accounts::Principal{.user_id = 1, .login = "unit", .role = accounts::Role::kUnit, .unit_id = unit}, ""};
  const auto archive =
      workflow::testing::FirstArchive("91330402MA2JX0016P", workflow::testing::EngineerArchiveItems());

  // Preparation, not timed: n applicants with approved archives and complete applications in draft.
  std::vector<std::pair<accounts::Actor, int64_t>> ready;
  for (int i = 0; i < n; ++i) {
    std::string id = "3304021990";
    id += std::to_string(10000000 + i);  // appended, not `literal + temporary` (GCC 12's -Wrestrict misfires)
    const long long uid =
        Exec(*db,
             "INSERT INTO users (login, name, role, password_hash, id_number, created_at, "
             "password_changed_at) VALUES ('" +
                 id + "', '申报人" + std::to_string(i) + "', 'applicant', 'x', '" + id + "', 0, 0)");
    const accounts::Actor who{
        accounts::Principal{.user_id = uid, .login = id, .role = accounts::Role::kApplicant}, ""};
    bool ok = wf.SaveArchive(who, archive).ok() && wf.SubmitArchive(who, 1).ok() &&
              wf.ReviewArchive(unit_actor, uid, true, workflow::ActionForm{.version = 2}).ok();
    auto app = wf.CreateApplication(who, "engineer", "textile_engineering");
    ok = ok && app.ok();
    if (!ok) {
      std::fprintf(stderr, "preparation failed at %d\n", i);
      return 1;
    }
    const int64_t app_id = app->id;
    for (const char* slot : {"id_card", "education_certificate", "title_certificate", "ce_certificate"}) {
      std::string name = std::to_string(i);
      name += slot;
      const auto tmp = blobs.UploadDir() / name;
      std::ofstream(tmp, std::ios::binary) << "%PDF-1.4 " << slot << i;
      ok = ok && wf.AddEvidence(who, app_id, slot, tmp, std::string(slot) + ".pdf").ok();
    }
    ok = ok && wf.UpdateApplication(who, app_id, 1, "engineer", "textile_engineering", true).ok();
    if (!ok) {
      std::fprintf(stderr, "preparation failed at %d\n", i);
      return 1;
    }
    ready.emplace_back(who, app_id);
  }

  const auto start = Steady::now();
  for (const auto& [who, id] : ready) {
    auto r = wf.Act(who, id, workflow::Action::kSubmit, workflow::ActionForm{.version = 2});
    if (!r.ok()) {
      std::fprintf(stderr, "submit failed: %s\n", std::string(Name(r.error().code)).c_str());
      return 1;
    }
  }
  const double submissions = n / Seconds(start);
  long long snapshot_bytes = 0;
  {
    storage::Session s(*db);
    s.sql() << "SELECT CAST(AVG(LENGTH(data)) AS INTEGER) FROM application_snapshots",
        soci::into(snapshot_bytes);
  }
  const double plain = PlainInsertsPerSecond(dir / "plain.db", n, static_cast<size_t>(snapshot_bytes));
  std::printf("submissions: %d, snapshot %lld bytes on average\n", n, snapshot_bytes);
  std::printf("durable submissions/s     %8.1f\n", submissions);
  std::printf("plain sqlite3 inserts/s   %8.1f  (one %lld-byte row per transaction, WAL, synchronous=FULL)\n",
              plain, snapshot_bytes);
  std::printf("ratio                     %8.3f\n", submissions / plain);
  const auto problems = workflow::CheckInvariants(*db);
  std::printf("invariants: %s\n", problems.empty() ? "hold" : problems.front().c_str());
  db.reset();
  std::filesystem::remove_all(dir);
  return problems.empty() ? 0 : 1;
}
