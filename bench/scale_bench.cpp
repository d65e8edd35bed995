// Latency of the lists and counts that matter on a large dataset (docs/performance.md, "Scale").
//
//   zhicheng generate --db URL --applications 1000000
//   zc_scale_bench URL [data-dir] [samples]
//
// On the database at URL (SQLite or PostgreSQL, as generated), measures p50/p95/p99 of what the API runs
// apart from HTTP: a unit's queue (the largest unit, first page and a page deep inside it), a county's
// filtered queue, the dashboard counts of a county and of the city, and, as the reference in the same run,
// the fetch of one application by primary key. Prints a Markdown table and the query plans.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "base/crypto.hpp"
#include "base/time.hpp"
#include "calendar/calendar_store.hpp"
#include "campaign/campaign.hpp"
#include "storage/blob_store.hpp"
#include "storage/database.hpp"
#include "workflow/workflow.hpp"

using namespace zc;

namespace {

struct Stat {
  double p50, p95, p99;
};

Stat Measure(int samples, const std::function<void(int)>& fn) {
  for (int i = 0; i < 3; ++i) fn(i);  // warm the caches
  std::vector<double> ms;
  ms.reserve(static_cast<size_t>(samples));
  for (int i = 0; i < samples; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn(i);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
  };
  return {at(0.50), at(0.95), at(0.99)};
}

long long Scalar(storage::Session& s, const std::string& sql) {
  long long v = 0;
  soci::indicator ind = soci::i_ok;
  s.sql() << sql, soci::into(v, ind);
  return ind == soci::i_ok ? v : 0;
}

std::string Text(storage::Session& s, const std::string& sql) {
  std::string v;
  soci::indicator ind = soci::i_ok;
  s.sql() << sql, soci::into(v, ind);
  return ind == soci::i_ok ? v : "";
}

void Plan(storage::Database& db, const std::string& title, const std::string& sql) {
  storage::Session s(db);
  std::printf("\n#### %s\n\n```\n%s\n", title.c_str(), sql.c_str());
  const bool pg = db.backend() == storage::Backend::kPostgres;
  soci::rowset<soci::row> rows = s.sql().prepare
                                 << ((pg ? "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                                         : "EXPLAIN QUERY PLAN ") +
                                     sql);
  std::printf("--\n");
  for (const auto& r : rows) {
    if (pg) {
      std::printf("%s\n", r.get<std::string>(0).c_str());
    } else {
      std::printf("%s\n", r.get<std::string>(3).c_str());
    }
  }
  std::printf("```\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: zc_scale_bench DB_URL [data-dir] [samples]\n");
    return 2;
  }
  const std::string url = argv[1];
  const std::filesystem::path data = argc > 2 ? argv[2] : "data";
  const int samples = argc > 3 ? std::atoi(argv[3]) : 200;
  InitCrypto();
  auto campaigns = campaign::LoadCampaignDir(data / "campaigns");
  auto years = calendar::LoadYearDir(data / "calendars");
  if (!campaigns.ok() || !years.ok()) {
    std::fprintf(stderr, "cannot load %s\n", data.c_str());
    return 1;
  }
  auto db = storage::Database::Open(url, 2);
  const auto dir = std::filesystem::temp_directory_path() / ("zc_scale_bench_" + RandomHex(6));
  storage::BlobStore blobs(dir / "blobs");
  ManualClock clock(*ParseInstant("2022-09-20T09:00:00+08:00"));
  accounts::Env env{*db, clock, blobs};
  calendar::CalendarStore calendars(*db);
  workflow::Workflow wf(env, campaigns.value(), calendars);
  using accounts::Principal;
  using accounts::Role;

  storage::Session s(*db);
  const long long apps = Scalar(s, "SELECT COUNT(*) FROM applications");
  const long long max_id = Scalar(s, "SELECT MAX(id) FROM applications");
  const long long unit =
      Scalar(s, "SELECT unit_id FROM applications GROUP BY unit_id ORDER BY COUNT(*) DESC LIMIT 1");
  const long long unit_apps =
      Scalar(s, "SELECT COUNT(*) FROM applications WHERE unit_id = " + std::to_string(unit));
  const std::string region =
      Text(s, "SELECT region_code FROM applications GROUP BY region_code ORDER BY COUNT(*) DESC LIMIT 1");
  const std::string specialty =
      Text(s, "SELECT specialty FROM applications GROUP BY specialty ORDER BY COUNT(*) DESC LIMIT 1");
  const long long region_apps =
      Scalar(s, "SELECT COUNT(*) FROM applications WHERE region_code = '" + region + "' AND city_level = 0");
  const Principal unit_p{.user_id = 1, .login = "u", .role = Role::kUnit, .unit_id = unit};
  const Principal county_p{.user_id = 1, .login = "c", .role = Role::kAcceptancePoint, .region_code = region};
  const Principal city_p{.user_id = 1, .login = "a", .role = Role::kCityAdmin};
  const workflow::ListFilter county_filter{
      .state = "unit_recommended", .level = "engineer", .specialty = specialty};

  // A cursor half-way through the largest unit's queue, found by walking it (not timed).
  std::optional<storage::Cursor> deep;
  {
    workflow::ListFilter f;
    f.page.size = 100;
    for (long long seen = 0; seen < unit_apps / 2;) {
      auto page = wf.Queue(unit_p, f);
      seen += static_cast<long long>(page->items.size());
      if (!page->next_cursor) break;
      f.page.after = storage::ParseCursor(*page->next_cursor);
      deep = f.page.after;
    }
  }
  const long long deep_offset = unit_apps / 2;

  std::printf("## %s: %lld applications; the largest unit has %lld, county %s has %lld (county units)\n\n",
              db->backend() == storage::Backend::kPostgres ? "PostgreSQL" : "SQLite", apps, unit_apps,
              region.c_str(), region_apps);
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<long long> any_id(1, max_id);
  struct Row {
    const char* name;
    Stat st;
  };
  std::vector<Row> rows;
  rows.push_back({"reference: one application by primary key", Measure(samples, [&](int) {
                    storage::Session s2(*db);
                    long long n = 0;
                    s2.sql() << "SELECT version FROM applications WHERE id = :id", soci::use(any_id(rng)),
                        soci::into(n);
                  })});
  rows.push_back({"unit queue, first page (20 rows, total, counts per state)",
                  Measure(samples, [&](int) { (void)wf.Queue(unit_p, {}); })});
  rows.push_back({"unit queue, a page half-way through (cursor)", Measure(samples, [&](int) {
                    workflow::ListFilter f;
                    f.page.after = deep;
                    (void)wf.Queue(unit_p, f);
                  })});
  // Keyset against OFFSET for the same page half-way through the unit, the same statement otherwise.
  const std::string page_sql =
      "SELECT a.id, u.name, un.name FROM applications a JOIN users u ON u.id = "
      "a.applicant_id JOIN units un ON un.id = a.unit_id WHERE a.unit_id = " +
      std::to_string(unit) + " AND a.state <> 'draft'";
  auto raw = [&](const std::string& sql) {
    storage::Session s2(*db);
    soci::rowset<soci::row> rs = (s2.sql().prepare << sql);
    for (const auto& r : rs) (void)r;
  };
  rows.push_back({"raw SQL: that page by keyset", Measure(samples, [&](int) {
                    raw(page_sql + " AND (a.updated_at, a.id) < (" + std::to_string(deep ? deep->key : 0) +
                        ", " + std::to_string(deep ? deep->id : 0) +
                        ") ORDER BY a.updated_at DESC, a.id DESC LIMIT 21");
                  })});
  rows.push_back({"raw SQL: that page by OFFSET (what keyset replaced)", Measure(samples, [&](int) {
                    raw(page_sql + " ORDER BY a.updated_at DESC, a.id DESC LIMIT 21 OFFSET " +
                        std::to_string(deep_offset));
                  })});
  rows.push_back({"county filtered queue (state, level, specialty)",
                  Measure(samples, [&](int) { (void)wf.Queue(county_p, county_filter); })});
  rows.push_back({"county queue, unfiltered", Measure(samples, [&](int) { (void)wf.Queue(county_p, {}); })});
  rows.push_back(
      {"dashboard counts, county (GET /stats)", Measure(samples, [&](int) { (void)wf.Stats(county_p); })});
  const int city_samples = std::max(20, samples / 5);
  rows.push_back(
      {"dashboard counts, city (GET /stats)", Measure(city_samples, [&](int) { (void)wf.Stats(city_p); })});
  rows.push_back({"city admin queue, first page (total and counts of all)",
                  Measure(city_samples, [&](int) { (void)wf.Queue(city_p, {}); })});

  const double ref = rows.front().st.p95;
  std::printf("| query | p50 ms | p95 ms | p99 ms | p95 / reference |\n|---|---|---|---|---|\n");
  for (const auto& r : rows)
    std::printf("| %s | %.2f | %.2f | %.2f | %.0f× |\n", r.name, r.st.p50, r.st.p95, r.st.p99,
                r.st.p95 / ref);

  // The statements Workflow::Queue and Workflow::Stats run (src/workflow/application.cpp, ScopeWhere in
  // archive.cpp), with the values bound.
  const std::string u = std::to_string(unit);
  const std::string from =
      " FROM applications a JOIN users u ON u.id = a.applicant_id JOIN units un ON un.id = a.unit_id";
  const std::string county_scope =
      " WHERE a.city_level = 0 AND a.region_code = '" + region +
      "' AND (a.state IN ('unit_recommended', 'county_returned') OR a.state IN ('county_recommended', "
      "'received', 'office_returned', 'accepted', 'passed', 'failed', 'certified', 'revoked'))";
  std::printf("\n### Query plans\n");
  Plan(*db, "unit queue, a page half-way through",
       "SELECT a.id, u.name, un.name" + from + " WHERE a.unit_id = " + u +
           " AND a.state <> 'draft' AND (a.updated_at, a.id) < (" + std::to_string(deep ? deep->key : 0) +
           ", " + std::to_string(deep ? deep->id : 0) + ") ORDER BY a.updated_at DESC, a.id DESC LIMIT 21");
  Plan(*db, "unit queue, counts per state",
       "SELECT a.state, COUNT(*) AS n FROM applications a WHERE a.unit_id = " + u +
           " AND a.state <> 'draft' GROUP BY a.state");
  Plan(*db, "county filtered queue",
       "SELECT a.id, u.name, un.name" + from + county_scope +
           " AND a.level = 'engineer' AND a.specialty = '" + specialty +
           "' AND a.state = 'unit_recommended' ORDER BY a.updated_at DESC, a.id DESC LIMIT 21");
  Plan(*db, "county queue, unfiltered (first page)",
       "SELECT a.id, u.name, un.name" + from + county_scope +
           " ORDER BY a.updated_at DESC, a.id DESC LIMIT 21");
  const std::string stats =
      "SELECT a.region_code, a.state, a.level, a.specialty, COUNT(*) AS n FROM applications a";
  const std::string group = " GROUP BY a.region_code, a.state, a.level, a.specialty";
  Plan(*db, "dashboard counts, county", stats + county_scope + group);
  Plan(*db, "dashboard counts, city", stats + " WHERE 1 = 1" + group);
  std::filesystem::remove_all(dir);
  return 0;
}
