#include "storage/migrations.hpp"

#include <ctime>

namespace zc::storage {
namespace {

// Regions are reference data: Jiaxing's seven county-level divisions (GB/T 2260 codes) and the two
// development zones whose HR bureaus the 2022 notice addresses as acceptance points of their own.
const std::vector<Migration> kMigrations = {
    {1,
     "foundation",
     {
         R"(CREATE TABLE regions (
              code TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              kind TEXT NOT NULL,
              sort_order INTEGER NOT NULL))",
         R"(INSERT INTO regions (code, name, kind, sort_order) VALUES
              ('330402', '南湖区', 'district', 1),
              ('330411', '秀洲区', 'district', 2),
              ('330421', '嘉善县', 'county', 3),
              ('330424', '海盐县', 'county', 4),
              ('330481', '海宁市', 'county_city', 5),
              ('330482', '平湖市', 'county_city', 6),
              ('330483', '桐乡市', 'county_city', 7),
              ('330471', '嘉兴经济技术开发区（国际商务区）', 'zone', 8),
              ('330472', '嘉兴港区', 'zone', 9))",
         R"(CREATE TABLE competent_departments (
              id {{ID}},
              name TEXT NOT NULL UNIQUE,
              created_at BIGINT NOT NULL))",
         R"(CREATE TABLE units (
              id {{ID}},
              credit_code TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              region_code TEXT NOT NULL REFERENCES regions(code),
              unit_type TEXT NOT NULL CHECK (unit_type IN ('enterprise', 'public_institution', 'other')),
              city_level INTEGER NOT NULL DEFAULT 0,
              competent_department_id BIGINT REFERENCES competent_departments(id),
              contact_name TEXT NOT NULL,
              mobile TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN
                ('letter_required', 'letter_pending', 'letter_rejected', 'approved')),
              reject_reason TEXT,
              letter_sha256 TEXT,
              letter_size BIGINT,
              letter_uploaded_at BIGINT,
              reviewed_by BIGINT,
              reviewed_at BIGINT,
              created_at BIGINT NOT NULL,
              CHECK (city_level = 0 OR competent_department_id IS NOT NULL)))",
         "CREATE INDEX units_region_status ON units (region_code, status)",
         R"(CREATE TABLE users (
              id {{ID}},
              login TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              role TEXT NOT NULL CHECK (role IN ('applicant', 'unit', 'acceptance_point',
                'competent_department', 'committee_office', 'expert', 'city_admin')),
              password_hash TEXT NOT NULL,
              mobile TEXT,
              id_number TEXT UNIQUE,
              region_code TEXT REFERENCES regions(code),
              unit_id BIGINT REFERENCES units(id),
              department_id BIGINT REFERENCES competent_departments(id),
              active INTEGER NOT NULL DEFAULT 1,
              created_at BIGINT NOT NULL,
              password_changed_at BIGINT NOT NULL))",
         "CREATE UNIQUE INDEX users_applicant_mobile ON users (mobile) WHERE role = 'applicant'",
         R"(CREATE TABLE sessions (
              token_hash TEXT PRIMARY KEY,
              user_id BIGINT NOT NULL REFERENCES users(id),
              csrf_token TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              expires_at BIGINT NOT NULL,
              last_seen_at BIGINT NOT NULL,
              client_ip TEXT NOT NULL))",
         "CREATE INDEX sessions_user ON sessions (user_id)",
         R"(CREATE TABLE blobs (
              sha256 TEXT PRIMARY KEY,
              size BIGINT NOT NULL,
              content_type TEXT NOT NULL,
              created_at BIGINT NOT NULL))",
         R"(CREATE TABLE audit_log (
              id BIGINT PRIMARY KEY,
              at BIGINT NOT NULL,
              actor_id BIGINT,
              actor_login TEXT NOT NULL,
              role TEXT NOT NULL,
              action TEXT NOT NULL,
              object_type TEXT NOT NULL,
              object_id TEXT NOT NULL,
              summary TEXT NOT NULL,
              client_ip TEXT NOT NULL,
              prev_hash TEXT NOT NULL,
              hash TEXT NOT NULL))",
         "CREATE INDEX audit_log_at ON audit_log (at)",
         "CREATE INDEX audit_log_actor ON audit_log (actor_login, id)",
         R"(CREATE TABLE audit_head (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              last_id BIGINT NOT NULL,
              last_hash TEXT NOT NULL))",
         "INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '')",
         // A public institution's post-structure quota (岗位结构比例) per title level, set by the city admin.
         R"(CREATE TABLE unit_quotas (
              unit_id BIGINT NOT NULL REFERENCES units(id),
              level TEXT NOT NULL,
              quota INTEGER NOT NULL CHECK (quota >= 0),
              PRIMARY KEY (unit_id, level)))",
     }},
    {2,
     "calendars",
     {
         // One row per year of the working-day calendar, maintained by the city admin; `days` is JSON
         // {"holidays": [{date, name}], "makeup_workdays": [{date, name}]}.
         R"(CREATE TABLE calendar_years (
              year INTEGER PRIMARY KEY,
              source TEXT NOT NULL,
              days TEXT NOT NULL,
              updated_at BIGINT NOT NULL,
              updated_by TEXT NOT NULL))",
     }},
    {3,
     "workflow",
     {
         // Uploaded files as their owners named them; the bytes are blobs (by SHA-256).
         R"(CREATE TABLE files (
              id {{ID}},
              sha256 TEXT NOT NULL REFERENCES blobs(sha256),
              size BIGINT NOT NULL,
              content_type TEXT NOT NULL,
              name TEXT NOT NULL,
              owner_id BIGINT NOT NULL REFERENCES users(id),
              created_at BIGINT NOT NULL))",
         // A person's performance archive (业绩档案), approved by their unit before they may apply.
         R"(CREATE TABLE archives (
              user_id BIGINT PRIMARY KEY REFERENCES users(id),
              unit_id BIGINT REFERENCES units(id),
              status TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'returned')),
              return_reason TEXT NOT NULL DEFAULT '',
              version INTEGER NOT NULL,
              submitted_at BIGINT NOT NULL DEFAULT 0,
              reviewed_at BIGINT NOT NULL DEFAULT 0,
              reviewed_by BIGINT,
              updated_at BIGINT NOT NULL))",
         "CREATE INDEX archives_unit ON archives (unit_id, status)",
         R"(CREATE TABLE archive_items (
              id {{ID}},
              user_id BIGINT NOT NULL REFERENCES users(id),
              kind TEXT NOT NULL,
              data TEXT NOT NULL,
              return_reason TEXT NOT NULL DEFAULT '',
              sort_order INTEGER NOT NULL))",
         "CREATE INDEX archive_items_user ON archive_items (user_id, sort_order)",
         R"(CREATE TABLE archive_files (
              item_id BIGINT NOT NULL REFERENCES archive_items(id),
              user_id BIGINT NOT NULL REFERENCES users(id),
              file_id BIGINT NOT NULL REFERENCES files(id),
              PRIMARY KEY (item_id, file_id)))",
         "CREATE INDEX archive_files_file ON archive_files (file_id)",
         R"(CREATE TABLE applications (
              id {{ID}},
              number TEXT NOT NULL UNIQUE,
              campaign_id TEXT NOT NULL,
              applicant_id BIGINT NOT NULL REFERENCES users(id),
              unit_id BIGINT NOT NULL REFERENCES units(id),
              region_code TEXT NOT NULL,
              city_level INTEGER NOT NULL,
              department_id BIGINT,
              level TEXT NOT NULL,
              specialty TEXT NOT NULL,
              state TEXT NOT NULL,
              version INTEGER NOT NULL,
              resubmissions INTEGER NOT NULL DEFAULT 0,
              pledged_at BIGINT NOT NULL DEFAULT 0,
              snapshot_version INTEGER NOT NULL DEFAULT 0,
              submitted_at BIGINT NOT NULL DEFAULT 0,
              publicity_start TEXT NOT NULL DEFAULT '',
              publicity_end TEXT NOT NULL DEFAULT '',
              opinion TEXT NOT NULL DEFAULT '',
              quota_held INTEGER NOT NULL DEFAULT 0,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL))",
         "CREATE UNIQUE INDEX applications_open ON applications (campaign_id, applicant_id) "
         "WHERE state <> 'not_recommended'",
         "CREATE INDEX applications_unit ON applications (unit_id, state)",
         "CREATE INDEX applications_region ON applications (region_code, state)",
         R"(CREATE TABLE application_evidence (
              id {{ID}},
              application_id BIGINT NOT NULL REFERENCES applications(id),
              slot TEXT NOT NULL,
              file_id BIGINT NOT NULL REFERENCES files(id),
              created_at BIGINT NOT NULL,
              removed_at BIGINT NOT NULL DEFAULT 0))",
         "CREATE INDEX application_evidence_app ON application_evidence (application_id, slot)",
         // A file removed from a slot keeps its row (removed_at), so that those who may see the application
         // can still download what an earlier snapshot froze.
         // What each submission froze; never updated.
         R"(CREATE TABLE application_snapshots (
              application_id BIGINT NOT NULL REFERENCES applications(id),
              version INTEGER NOT NULL,
              data TEXT NOT NULL,
              sha256 TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              PRIMARY KEY (application_id, version)))",
         R"(CREATE TABLE transitions (
              id {{ID}},
              application_id BIGINT NOT NULL REFERENCES applications(id),
              from_state TEXT NOT NULL,
              to_state TEXT NOT NULL,
              action TEXT NOT NULL,
              actor_id BIGINT NOT NULL,
              actor_name TEXT NOT NULL,
              role TEXT NOT NULL,
              reason TEXT NOT NULL,
              detail TEXT NOT NULL,
              at BIGINT NOT NULL))",
         "CREATE INDEX transitions_app ON transitions (application_id, id)",
         R"(CREATE TABLE objections (
              id {{ID}},
              application_id BIGINT NOT NULL REFERENCES applications(id),
              content TEXT NOT NULL,
              raised_by TEXT NOT NULL,
              raised_at BIGINT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('open', 'dismissed', 'upheld')),
              resolution TEXT NOT NULL DEFAULT '',
              resolved_at BIGINT NOT NULL DEFAULT 0,
              resolved_by BIGINT))",
         R"(CREATE TABLE deadline_extensions (
              id {{ID}},
              campaign_id TEXT NOT NULL,
              stage TEXT NOT NULL CHECK (stage IN ('applicant', 'unit', 'county')),
              unit_id BIGINT REFERENCES units(id),
              region_code TEXT REFERENCES regions(code),
              until_date TEXT NOT NULL,
              reason TEXT NOT NULL,
              created_by BIGINT NOT NULL,
              created_at BIGINT NOT NULL,
              CHECK ((unit_id IS NULL) <> (region_code IS NULL))))",
         R"(CREATE TABLE notifications (
              id {{ID}},
              user_id BIGINT NOT NULL REFERENCES users(id),
              kind TEXT NOT NULL,
              application_id BIGINT,
              text_zh TEXT NOT NULL,
              text_en TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              read_at BIGINT NOT NULL DEFAULT 0))",
         "CREATE INDEX notifications_user ON notifications (user_id, id)",
     }},
};

std::string Expand(std::string sql, Backend backend) {
  const std::string token = "{{ID}}";
  const std::string id =
      backend == Backend::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
  for (size_t pos; (pos = sql.find(token)) != std::string::npos;) sql.replace(pos, token.size(), id);
  return sql;
}

void EnsureVersionTable(Session& s) {
  s.sql() << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
             "applied_at BIGINT NOT NULL)";
}

}  // namespace

const std::vector<Migration>& AllMigrations() {
  return kMigrations;
}

int SchemaVersion(Database& db) {
  Session s(db);
  EnsureVersionTable(s);
  int version = 0;
  soci::indicator ind;
  s.sql() << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

int Migrate(Database& db) {
  const int current = SchemaVersion(db);
  int applied = 0;
  Session s(db);
  for (const Migration& m : kMigrations) {
    if (m.version <= current) continue;
    WriteTx tx(s);
    // Another process may have migrated meanwhile; the write lock makes this check exact.
    int already = 0;
    s.sql() << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(m.version),
        soci::into(already);
    if (already != 0) continue;
    for (const std::string& stmt : m.statements) s.sql() << Expand(stmt, db.backend());
    const long long now = static_cast<long long>(std::time(nullptr));
    s.sql() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
        soci::use(m.version), soci::use(m.name), soci::use(now);
    tx.Commit();
    ++applied;
  }
  return applied;
}

}  // namespace zc::storage
