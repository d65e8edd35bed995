// zhicheng: the command line. Only wiring: every command calls into the modules.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>

#include "accounts/accounts.hpp"
#include "app/audit_commands.hpp"
#include "app/demo.hpp"
#include "app/generate.hpp"
#include "app/reference_commands.hpp"
#include "app/services.hpp"
#include "ballot/board.hpp"
#include "base/crypto.hpp"
#include "base/files.hpp"
#include "base/lifecycle.hpp"
#include "base/log_key.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "review/review.hpp"
#include "storage/applications_repo.hpp"
#include "storage/audit.hpp"
#include "storage/backup.hpp"
#include "storage/migrations.hpp"
#include "workflow/workflow.hpp"

namespace {

using namespace zc;

void PrintListening(unsigned short port) {
  std::printf("zhicheng listening on port %u\n", static_cast<unsigned>(port));
  std::fflush(stdout);
}

bool ParseListen(const std::string& listen, std::string& host, unsigned short& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  try {
    const int p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    port = static_cast<unsigned short>(p);
  } catch (const std::exception&) {
    return false;
  }
  return !host.empty();
}

}  // namespace

// hostname:pid, recorded in the jobs this node ran.
std::string NodeName() {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

namespace {

int Run(int argc, char** argv) {
  InitCrypto();
  spdlog::set_default_logger(spdlog::stderr_color_mt("zhicheng"));  // stdout is for command output
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  CLI::App cli{"zhicheng — 职称申报评审管理服务平台"};
  cli.require_subcommand(1);
  std::string db_url = "sqlite:var/zhicheng.db";
  bool test_clock = false;
  std::string clock_start;

  auto* serve = cli.add_subcommand("serve", "Serve the API and the web app");
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "var/data";
  std::string web_dir = "web/dist";
  int workers = 4;
  serve->add_option("--db", db_url, "Database URL: sqlite:PATH or postgresql://…");
  serve->add_option("--listen", listen, "HOST:PORT (port 0 picks a free one)");
  serve->add_option("--data-dir", data_dir, "Directory for uploaded files");
  serve->add_option("--web-dir", web_dir, "The built web app");
  serve->add_option("--workers", workers, "Handler threads")->check(CLI::Range(1, 64));
  bool secure_cookies = false;
  std::string client_ip_header;
  serve->add_flag("--test-clock", test_clock,
                  "Offer PUT /api/v1/testing/clock to set the clock (tests only)");
  serve->add_option("--clock-start", clock_start, "Start the clock at this instant and let it run (demo)");
  serve->add_flag("--secure-cookies", secure_cookies, "Mark the session cookie Secure (serving over HTTPS)");
  serve->add_option("--client-ip-header", client_ip_header,
                    "Behind a reverse proxy: header with the client address, e.g. X-Real-IP");
  bool production = false;
  serve->add_flag("--production", production,
                  "Refuse to start with a test or demo clock, or without --public-url, --secure-cookies and "
                  "--log-key");
  int storage_quota_mb = 200;
  serve
      ->add_option("--storage-quota-mb", storage_quota_mb,
                   "The most one account's uploads may take together, in MB (storage_quota_exceeded beyond)")
      ->check(CLI::Range(1, 1000000));
  std::string log_key_file;
  serve->add_option(
      "--log-key", log_key_file,
      "The Ed25519 key (zhicheng keygen) that signs the audit log's tree heads; keep it outside "
      "the database and its backups. Without it heads are published unsigned");
  std::string campaigns_dir = "data/campaigns";
  std::string calendars_dir = "data/calendars";
  int eligibility_rate = 60;
  int job_interval_ms = 5000;
  std::string public_url;
  serve->add_option(
      "--public-url", public_url,
      "The platform's public address, printed in the QR codes of forms (default: the Host header)");
  serve
      ->add_option("--job-interval-ms", job_interval_ms,
                   "How often this node runs due timed jobs (reminders, publicity ends); 0: never")
      ->check(CLI::Range(0, 3600000));
  serve->add_option("--campaigns", campaigns_dir, "Directory of campaign files (*.toml)");
  serve->add_option("--calendars", calendars_dir,
                    "Directory of calendar files seeding years the database lacks");
  serve->add_option("--eligibility-rate", eligibility_rate, "Self-checks per minute per client address")
      ->check(CLI::Range(1, 100000));
  http::PasswordLimits password_limits;
  size_t hash_queue = http::ServerOptions{}.max_hash_queued;
  serve
      ->add_option("--signin-rate", password_limits.signin_per_address,
                   "Sign-ins per minute per client address (default 60; 429 with Retry-After beyond)")
      ->check(CLI::Range(1, 1000000));
  serve
      ->add_option("--register-rate", password_limits.register_per_address,
                   "Registrations and password changes per minute per client address (default 20)")
      ->check(CLI::Range(1, 1000000));
  serve
      ->add_option("--password-rate", password_limits.global,
                   "Password-hashing requests (sign-in, registration, password change) per minute from all "
                   "addresses together (default 1200)")
      ->check(CLI::Range(1, 10000000));
  serve
      ->add_option("--hash-queue", hash_queue,
                   "Password-hashing requests that may wait for the hashing threads (default 64; 429 beyond)")
      ->check(CLI::Range(1, 100000));
  int header_timeout = 10;
  int idle_timeout = 30;
  serve->add_option("--header-timeout", header_timeout, "Seconds to receive a request header (408 after)")
      ->check(CLI::Range(1, 600));
  serve->add_option("--idle-timeout", idle_timeout, "Seconds a kept-alive connection may idle")
      ->check(CLI::Range(1, 3600));

  auto* migrate = cli.add_subcommand("migrate", "Apply pending schema migrations");
  migrate->add_option("--db", db_url, "Database URL");

  auto* demo = cli.add_subcommand("demo", "Migrate and load the demo dataset");
  demo->add_option("--db", db_url, "Database URL");
  demo->add_option("--data-dir", data_dir, "Directory for uploaded files");
  bool demo_workflow = false;
  demo->add_flag(
      "--workflow", demo_workflow,
      "Also add applications at every stage of the 2022 campaign (uses --campaigns and --calendars)");
  demo->add_option("--campaigns", campaigns_dir, "Directory of campaign files (*.toml)");
  demo->add_option("--calendars", calendars_dir, "Directory of working-day calendar files");

  auto* gc = cli.add_subcommand(
      "gc-files",
      "Delete uploads nothing refers to any more: files no archive item, evidence slot or frozen snapshot "
      "names, blobs no file or authorisation letter uses, and stray bytes on disk (docs/operations.md)");
  gc->add_option("--db", db_url, "Database URL");
  gc->add_option("--data-dir", data_dir, "Directory of uploaded files");
  int gc_grace_hours = 24;
  gc->add_option("--grace-hours", gc_grace_hours,
                 "Keep anything uploaded or stored within this many hours (an upload is attached by a later "
                 "request)")
      ->check(CLI::Range(0, 24 * 365));
  bool gc_dry_run = false;
  gc->add_flag("--dry-run", gc_dry_run, "Count what would be deleted; delete nothing");

  std::string blobs_mode = "local";
  for (auto* sub : {serve, demo, gc})
    sub->add_option(
           "--blobs", blobs_mode,
           "Where uploaded files live: local (the data directory) or database (also in the database, for "
           "several nodes without a shared file system)")
        ->check(CLI::IsMember({"local", "database"}));

  auto* admin = cli.add_subcommand("admin", "Administer accounts");
  admin->require_subcommand(1);
  auto* admin_create = admin->add_subcommand("create", "Create a city admin account");
  std::string login;
  std::string name = "市人力社保局管理员";
  std::string password;
  admin_create->add_option("--db", db_url, "Database URL");
  admin_create->add_option("--login", login, "User name")->required();
  admin_create->add_option("--name", name, "Display name");
  admin_create->add_option("--password", password, "Password (or the ZHICHENG_ADMIN_PASSWORD variable)");

  auto* verify_election = cli.add_subcommand(
      "verify-election",
      "Check a meeting's secret ballot from its public bulletin board alone (GET "
      "/api/v1/public/meetings/{id}/board saved to a file): every proof, the tally and the counts");
  std::string board_file;
  verify_election->add_option("board", board_file, "The board's JSON file ('-' reads standard input)")
      ->required();

  auto* invariants = cli.add_subcommand(
      "check-invariants",
      "Check the workflow: states agree with their history, snapshots are unchanged, quotas hold");
  invariants->add_option("--db", db_url, "Database URL");
  invariants->add_option(
      "--campaigns", campaigns_dir,
      "Directory of campaign files: the pass rule that meeting outcomes are recomputed under");
  std::string invariants_at;
  invariants->add_option("--at", invariants_at,
                         "The instant at which no application may be stuck (ISO 8601 with an offset; default "
                         "now): the server's clock when it runs with --clock-start or --test-clock");

  auto* backup = cli.add_subcommand("backup", "Back up the database and the uploaded files, online");
  std::string backup_dir;
  backup->add_option("--db", db_url, "Database URL");
  backup->add_option("--data-dir", data_dir, "Directory of uploaded files");
  backup->add_option("--to", backup_dir, "New directory to write the backup into")->required();
  auto* restore = cli.add_subcommand(
      "restore", "Restore a backup into a new SQLite file or an empty PostgreSQL database");
  restore->add_option("--db", db_url, "Database URL to restore into");
  restore->add_option("--data-dir", data_dir, "Directory for the uploaded files");
  restore->add_option("--from", backup_dir, "Directory written by zhicheng backup")->required();

  auto* generate = cli.add_subcommand(
      "generate",
      "Add a large generated dataset (units, applicants, applications with history) for capacity "
      "tests and benchmarks");
  app::GenerateOptions gen;
  generate->add_option("--db", db_url, "Database URL");
  generate->add_option("--campaigns", campaigns_dir, "Directory of campaign files (*.toml)");
  generate->add_option("--applications", gen.applications, "How many applications")
      ->check(CLI::Range(int64_t{1}, int64_t{100000000}));
  generate->add_option("--units", gen.units, "How many units (default: one per 40 applications)")
      ->check(CLI::Range(int64_t{0}, int64_t{10000000}));
  generate->add_option("--seed", gen.seed, "Seed of the generator (the same seed gives the same data)");

  auto* lifecycles = cli.add_subcommand(
      "lifecycles",
      "Print every lifecycle table (states, attributes, transitions) as Markdown: docs/lifecycles.md");
  bool markdown = true;
  lifecycles->add_flag("--markdown", markdown, "As Markdown (the only format; docs/lifecycles.md)");
  std::vector<std::string> only;
  lifecycles->add_option("--only", only,
                         "Just these lifecycles' tables, without headings (the generated blocks of "
                         "docs/workflow.md and docs/review.md)");

  auto* openapi = cli.add_subcommand("openapi",
                                     "Print the API's OpenAPI 3.1 document (the web app's types are "
                                     "generated from it: scripts/contract.sh)");
  openapi->add_option("--campaigns", campaigns_dir, "Directory of campaign files (*.toml)");

  app::ReferenceCommands reference(cli);
  app::AuditCommands audit(cli, db_url);

  CLI11_PARSE(cli, argc, argv);
  if (auto code = reference.Run()) return *code;
  if (auto code = audit.Run()) return *code;

  if (lifecycles->parsed()) {
    const auto all = http::AllLifecycles();
    if (only.empty()) {
      std::fputs(LifecyclesMarkdown(all).c_str(), stdout);
      return 0;
    }
    for (const auto& name : only) {
      const auto it =
          std::find_if(all.begin(), all.end(), [&](const Lifecycle& l) { return l.name == name; });
      if (it == all.end()) {
        std::fprintf(stderr, "no lifecycle named %s\n", name.c_str());
        return 2;
      }
      if (&name != &only.front()) std::fputs("\n", stdout);
      std::printf("**%s (%s)** — `%s`\n\n", it->en.c_str(), it->zh.c_str(), it->name.c_str());
      std::fputs(LifecycleTablesMarkdown(*it).c_str(), stdout);
    }
    return 0;
  }

  try {
    if (openapi->parsed()) {
      // The document needs the route table, and the route table a database: a throwaway one.
      const auto dir = std::filesystem::temp_directory_path() /
                       ("zhicheng-openapi-" + std::to_string(static_cast<long long>(getpid())));
      std::filesystem::create_directories(dir);
      int status = 1;
      {
        auto db = storage::Database::Open("sqlite:" + (dir / "db").string(), 1);
        storage::Migrate(*db);
        auto campaigns = campaign::LoadCampaignDir(campaigns_dir);
        if (!campaigns.ok()) {
          app::PrintProblems("campaigns in " + campaigns_dir, campaigns.error());
        } else {
          OffsetClock clock;
          storage::BlobStore blobs(dir / "blobs", nullptr);
          calendar::CalendarStore calendars(*db);
          accounts::Env env{*db, clock, blobs};
          app::Services services(env, campaigns.value(), calendars);
          services.workflow.SetStorageQuota(int64_t{storage_quota_mb} << 20);
          http::Api api(env, http::ApiOptions{.campaigns = &campaigns.value(),
                                              .calendars = &calendars,
                                              .services = services.ForApi()});
          std::printf("%s\n", api.OpenApiJson().c_str());
          status = 0;
        }
      }
      std::filesystem::remove_all(dir);
      return status;
    }

    if (backup->parsed() || restore->parsed()) {
      Status st = Ok{};
      if (backup->parsed()) {
        auto db = storage::Database::Open(db_url, 1);
        st = storage::Backup(*db, data_dir, backup_dir);
      } else {
        st = storage::Restore(backup_dir, db_url, data_dir);
        if (st.ok()) {
          auto db = storage::Database::Open(db_url, 1);
          storage::Migrate(*db);  // a backup of an older version is brought up to date
        }
      }
      if (!st.ok()) {
        std::fprintf(stderr, "zhicheng: %s\n", st.error().detail.c_str());
        return 1;
      }
      std::printf("%s %s\n", backup->parsed() ? "backed up to" : "restored from", backup_dir.c_str());
      return 0;
    }

    if (verify_election->parsed()) {
      std::optional<std::string> text;
      if (board_file == "-") {
        text = std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      } else {
        text = ReadTextFile(board_file);
      }
      if (!text) {
        std::fprintf(stderr, "cannot read %s\n", board_file.c_str());
        return 1;
      }
      bool all = true;
      for (const auto& c : ballot::VerifyBoard(*text)) {
        std::printf("%s %s\n", c.ok ? "ok  " : "FAIL", c.what.c_str());
        all = all && c.ok;
      }
      std::printf(all ? "the election verifies\n" : "the election does NOT verify\n");
      return all ? 0 : 2;
    }

    if (invariants->parsed()) {
      auto db = storage::Database::Open(db_url, 1);
      storage::Migrate(*db);
      auto problems = workflow::CheckInvariants(*db);
      auto campaigns = campaign::LoadCampaignDir(campaigns_dir);
      if (!campaigns.ok())
        problems.emplace_back("campaigns in " + campaigns_dir + " do not load: outcomes not recomputed");
      for (auto& p : review::CheckInvariants(*db, campaigns.ok() ? &campaigns.value() : nullptr))
        problems.push_back(std::move(p));
      // No dead ends (issue 17): on the day checked, every application keeps a way forward.
      std::optional<TimePoint> at = std::chrono::system_clock::now();
      if (!invariants_at.empty()) at = ParseInstant(invariants_at);
      if (!at) {
        std::fprintf(stderr, "--at must be ISO 8601 with an offset, e.g. 2022-09-15T09:00:00+08:00\n");
        return 1;
      }
      if (campaigns.ok()) {
        calendar::CalendarStore calendars(*db);
        for (auto& p : workflow::StuckApplications(*db, campaigns.value(), *calendars.Snapshot(), *at))
          problems.push_back(std::move(p));
      }
      if (problems.empty()) {
        std::printf("workflow and review invariants hold\n");
        return 0;
      }
      for (const auto& p : problems) std::printf("%s\n", p.c_str());
      return 2;
    }

    // A connection per handler thread (the workers and the hashing pool) and one for the timed jobs.
    const http::ServerOptions defaults;
    auto db = storage::Database::Open(
        db_url, serve->parsed() ? static_cast<size_t>(workers + defaults.hash_threads) + 1 : 1);
    const int applied = storage::Migrate(*db);
    if (applied > 0)
      spdlog::info("applied {} migration(s); schema version {}", applied, storage::SchemaVersion(*db));
    if (migrate->parsed()) {
      std::printf("schema version %d\n", storage::SchemaVersion(*db));
      return 0;
    }

    if (serve->parsed() && production) {
      std::vector<std::string> problems;
      if (test_clock) problems.emplace_back("--test-clock lets anyone set the clock");
      if (!clock_start.empty())
        problems.emplace_back("--clock-start moves the clock away from the real time");
      if (public_url.empty())
        problems.emplace_back("--public-url is required (QR codes must not follow Host)");
      if (!secure_cookies) problems.emplace_back("--secure-cookies is required (serve over HTTPS)");
      if (log_key_file.empty())
        problems.emplace_back("--log-key is required (the audit log's tree heads must be signed)");
      if (!problems.empty()) {
        std::fprintf(stderr, "--production refuses to start:\n");
        for (const auto& p : problems) std::fprintf(stderr, "  %s\n", p.c_str());
        return 1;
      }
    }
    // System time, unless --clock-start moves it (the demo runs inside the 2022 campaign) or --test-clock
    // lets black-box tests set it.
    OffsetClock clock;
    if (!clock_start.empty()) {
      auto t = ParseInstant(clock_start);
      if (!t) {
        std::fprintf(stderr,
                     "--clock-start must be ISO 8601 with an offset, e.g. 2022-08-20T09:00:00+08:00\n");
        return 1;
      }
      // Never before the workflow's latest step already stored, so that restarting a demo does not take its
      // history back in time.
      std::optional<int64_t> latest;
      {
        storage::Session s(*db);
        latest = storage::ApplicationsRepo(s).LatestActivity();
      }
      if (latest && FromUnixSeconds(*latest + 60) > *t) t = FromUnixSeconds(*latest + 60);
      clock.Set(*t);
      spdlog::warn("the clock starts at {} (--clock-start)", FormatShanghai(*t));
    }
    storage::BlobStore blobs(std::filesystem::path(data_dir) / "blobs",
                             blobs_mode == "database" ? db.get() : nullptr);
    accounts::Env env{*db, clock, blobs};

    if (gc->parsed()) {
      const auto r = workflow::CollectFiles(env, std::chrono::hours(gc_grace_hours), gc_dry_run);
      std::printf(
          "%s%lld files (%lld bytes of quota), %lld blobs (%lld bytes on disk), %lld stray files "
          "(%lld bytes)\n",
          gc_dry_run ? "would delete " : "deleted ", static_cast<long long>(r.files),
          static_cast<long long>(r.file_bytes), static_cast<long long>(r.blobs),
          static_cast<long long>(r.blob_bytes), static_cast<long long>(r.strays),
          static_cast<long long>(r.stray_bytes));
      return 0;
    }

    if (generate->parsed()) {
      auto campaigns = campaign::LoadCampaignDir(campaigns_dir);
      if (!campaigns.ok()) {
        app::PrintProblems("campaigns in " + campaigns_dir, campaigns.error());
        return 1;
      }
      const auto t0 = std::chrono::steady_clock::now();
      const auto rep = app::Generate(*db, campaigns.value().back(), gen, [&](int64_t done) {
        if (done % 100000 == 0 || done == gen.applications)
          spdlog::info("generated {} of {} applications", done, gen.applications);
      });
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf(
          "generated %lld units, %lld accounts, %lld applications, %lld transitions in %.0f s "
          "(password %s)\n",
          static_cast<long long>(rep.units), static_cast<long long>(rep.users),
          static_cast<long long>(rep.applications), static_cast<long long>(rep.transitions), secs,
          app::kDemoPassword);
      return 0;
    }

    if (demo->parsed()) {
      const auto logins = app::LoadDemo(env);
      if (demo_workflow) {
        auto campaigns = campaign::LoadCampaignDir(campaigns_dir);
        auto calendar_files = calendar::LoadYearDir(calendars_dir);
        if (!campaigns.ok() || !calendar_files.ok()) {
          if (!campaigns.ok()) app::PrintProblems("campaigns in " + campaigns_dir, campaigns.error());
          if (!calendar_files.ok())
            app::PrintProblems("calendars in " + calendars_dir, calendar_files.error());
          return 1;
        }
        calendar::CalendarStore calendars(*db);
        calendars.Seed(*calendar_files, UnixSeconds(clock.Now()));
        workflow::Workflow wf(env, campaigns.value(), calendars);
        app::LoadWorkflowDemo(env, clock, wf);
      }
      std::printf("Demo logins (password %s for all):\n", app::kDemoPassword);
      for (const auto& l : logins) {
        std::printf("  %-22s %-20s %s\n", l.role.c_str(), l.login.c_str(), l.description.c_str());
      }
      return 0;
    }

    if (admin_create->parsed()) {
      if (password.empty()) {
        if (const char* p = std::getenv("ZHICHENG_ADMIN_PASSWORD")) password = p;
      }
      const accounts::Actor cli_actor{accounts::Principal{.login = "cli", .role = accounts::Role::kCityAdmin},
                                      "127.0.0.1"};
      auto r = accounts::CreateStaffAccount(env, cli_actor, {"city_admin", login, name, password, "", ""});
      if (!r.ok()) {
        std::fprintf(stderr, "cannot create the admin: %s\n", std::string(Name(r.error().code)).c_str());
        for (const auto& f : r.error().fields) {
          std::fprintf(stderr, "  %s: %s\n", f.field.c_str(),
                       std::string(Message(f.code, Lang::kZh)).c_str());
        }
        return 1;
      }
      std::printf("created city admin %s\n", r->login.c_str());
      return 0;
    }

    std::optional<LogKey> log_key;
    if (!log_key_file.empty()) {
      log_key = LogKey::Load(log_key_file);  // throws with the reason: the server does not start
      spdlog::info("audit log tree heads are signed with key {}", log_key->key_id());
    } else {
      spdlog::warn("no --log-key: the audit log's tree heads are published unsigned");
    }
    http::ServerOptions options;
    if (!ParseListen(listen, options.host, options.port)) {
      std::fprintf(stderr, "--listen must be HOST:PORT\n");
      return 1;
    }
    options.worker_threads = workers;
    options.max_hash_queued = hash_queue;
    options.header_timeout = std::chrono::seconds(header_timeout);
    options.idle_timeout = std::chrono::seconds(idle_timeout);
    for (char c : client_ip_header) options.client_ip_header.push_back(static_cast<char>(std::tolower(c)));
    if (!std::filesystem::exists(std::filesystem::path(web_dir) / "index.html")) {
      spdlog::warn("no built web app in {}; only the API is served", web_dir);
    }
    auto campaigns = campaign::LoadCampaignDir(campaigns_dir);
    if (!campaigns.ok()) {
      app::PrintProblems("campaigns in " + campaigns_dir, campaigns.error());
      return 1;
    }
    auto calendar_files = calendar::LoadYearDir(calendars_dir);
    if (!calendar_files.ok()) {
      app::PrintProblems("calendars in " + calendars_dir, calendar_files.error());
      return 1;
    }
    calendar::CalendarStore calendars(*db);
    for (int year : calendars.Seed(*calendar_files, UnixSeconds(clock.Now())))
      spdlog::info("working-day calendar {} loaded from {}", year, calendars_dir);
    // Uploads left half-written by a crash (older than an hour; newer ones may be another node's).
    for (const auto& f : std::filesystem::directory_iterator(blobs.UploadDir())) {
      std::error_code ec;
      const auto age =
          std::filesystem::file_time_type::clock::now() - std::filesystem::last_write_time(f, ec);
      if (!ec && age > std::chrono::hours(1)) std::filesystem::remove(f.path(), ec);
    }
    // The composition root: the services, the threads beside the handlers, then the routes to them.
    app::Services services(env, campaigns.value(), calendars);
    services.workflow.SetStorageQuota(int64_t{storage_quota_mb} << 20);
    app::BackgroundThreads background(*db, services.workflow, job_interval_ms, NodeName());
    http::Api api(env, http::ApiOptions{.web_dir = web_dir,
                                        .secure_cookies = secure_cookies,
                                        .campaigns = &campaigns.value(),
                                        .calendars = &calendars,
                                        .eligibility_rate_per_minute = eligibility_rate,
                                        .password_limits = password_limits,
                                        .test_clock = test_clock ? &clock : nullptr,
                                        .services = services.ForApi(),
                                        .db_ok = &background.db_ok(),
                                        .public_url = public_url,
                                        .log_key = log_key ? &*log_key : nullptr});
    if (test_clock)
      spdlog::warn("--test-clock: anyone may set this server's clock; never use it in production");
    http::RunServer(options, api, [&](unsigned short port) {
      api.Listening(options.host, port);
      PrintListening(port);
    });
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zhicheng: %s\n", e.what());
    return 1;
  }
}

}  // namespace

// Run() reports the errors of the commands themselves; this also catches what escapes the set-up before them
// (logger, command-line definitions), so that main never ends the process through std::terminate.
int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zhicheng: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "zhicheng: unexpected error\n");
  }
  return 1;
}
