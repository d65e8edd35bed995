#include "storage/migrations.hpp"

#include <ctime>

namespace zc::storage {
namespace {

// A statement written as adjacent string literals over several lines is parenthesized, so that it reads as
// one element on purpose and not as a missing comma.
//
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
         ("CREATE UNIQUE INDEX applications_open ON applications (campaign_id, applicant_id) "
          "WHERE state <> 'not_recommended'"),
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
    {4,
     "review",
     {
         // Paper forms checked in by the committee office; one row per application, cleared by a new
         // snapshot.
         R"(CREATE TABLE paper_checkins (
              application_id BIGINT PRIMARY KEY REFERENCES applications(id),
              copies INTEGER NOT NULL,
              watermark INTEGER NOT NULL,
              form_number TEXT NOT NULL,
              checked_by BIGINT NOT NULL,
              checked_at BIGINT NOT NULL))",
         // The expert pool. `families` and `relations` are JSON arrays; `user_id` is the expert's login.
         R"(CREATE TABLE experts (
              id {{ID}},
              user_id BIGINT UNIQUE REFERENCES users(id),
              name TEXT NOT NULL,
              id_number TEXT NOT NULL,
              families TEXT NOT NULL,
              title TEXT NOT NULL,
              unit_name TEXT NOT NULL,
              unit_credit_code TEXT NOT NULL,
              term_start TEXT NOT NULL,
              term_end TEXT NOT NULL,
              relations TEXT NOT NULL,
              active INTEGER NOT NULL DEFAULT 1,
              created_at BIGINT NOT NULL))",
         R"(CREATE TABLE committee_members (
              committee_code TEXT NOT NULL,
              expert_id BIGINT NOT NULL REFERENCES experts(id),
              position TEXT NOT NULL CHECK (position IN ('chair', 'vice_chair', 'member')),
              term_start TEXT NOT NULL,
              term_end TEXT NOT NULL,
              PRIMARY KEY (committee_code, expert_id)))",
         R"(CREATE TABLE review_groups (
              id {{ID}},
              campaign_id TEXT NOT NULL,
              committee_code TEXT NOT NULL,
              family TEXT NOT NULL,
              name TEXT NOT NULL,
              size INTEGER NOT NULL CHECK (size > 0),
              created_by BIGINT NOT NULL,
              created_at BIGINT NOT NULL))",
         R"(CREATE TABLE group_applications (
              group_id BIGINT NOT NULL REFERENCES review_groups(id),
              application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id),
              PRIMARY KEY (group_id, application_id)))",
         // Every draw with its seed, candidate set and exclusions, so it can be replayed.
         R"(CREATE TABLE draws (
              id {{ID}},
              group_id BIGINT NOT NULL REFERENCES review_groups(id),
              seed TEXT NOT NULL,
              places INTEGER NOT NULL,
              candidates TEXT NOT NULL,
              excluded TEXT NOT NULL,
              picked TEXT NOT NULL,
              reason TEXT NOT NULL,
              created_by BIGINT NOT NULL,
              created_at BIGINT NOT NULL))",
         R"(CREATE TABLE group_experts (
              group_id BIGINT NOT NULL REFERENCES review_groups(id),
              expert_id BIGINT NOT NULL REFERENCES experts(id),
              draw_id BIGINT NOT NULL REFERENCES draws(id),
              status TEXT NOT NULL CHECK (status IN ('invited', 'confirmed', 'declined', 'withdrawn')),
              reason TEXT NOT NULL DEFAULT '',
              responded_at BIGINT NOT NULL DEFAULT 0,
              PRIMARY KEY (group_id, expert_id)))",
         R"(CREATE TABLE expert_reviews (
              group_id BIGINT NOT NULL REFERENCES review_groups(id),
              application_id BIGINT NOT NULL REFERENCES applications(id),
              expert_id BIGINT NOT NULL REFERENCES experts(id),
              recommendation TEXT NOT NULL CHECK (recommendation IN ('key', 'general', 'not')),
              conformity TEXT NOT NULL CHECK (conformity IN ('conforms', 'basically', 'not')),
              comments TEXT NOT NULL,
              at BIGINT NOT NULL,
              PRIMARY KEY (application_id, expert_id)))",
         R"(CREATE TABLE meetings (
              id {{ID}},
              campaign_id TEXT NOT NULL,
              committee_code TEXT NOT NULL,
              title TEXT NOT NULL,
              held_on TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('planned', 'voting', 'closed')),
              member_count INTEGER NOT NULL DEFAULT 0,
              present_count INTEGER NOT NULL DEFAULT 0,
              minutes TEXT NOT NULL DEFAULT '',
              seal_sha256 TEXT NOT NULL DEFAULT '',
              created_by BIGINT NOT NULL,
              created_at BIGINT NOT NULL,
              voting_at BIGINT NOT NULL DEFAULT 0,
              closed_at BIGINT NOT NULL DEFAULT 0))",
         R"(CREATE TABLE meeting_candidates (
              meeting_id BIGINT NOT NULL REFERENCES meetings(id),
              application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id),
              yes INTEGER,
              no INTEGER,
              abstain INTEGER,
              passed INTEGER,
              PRIMARY KEY (meeting_id, application_id)))",
         // The committee's members as they stood when the meeting was planned, and who attended.
         R"(CREATE TABLE meeting_members (
              meeting_id BIGINT NOT NULL REFERENCES meetings(id),
              expert_id BIGINT NOT NULL REFERENCES experts(id),
              position TEXT NOT NULL,
              present INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (meeting_id, expert_id)))",
         // Secret ballot, as a paper ballot box: a receipt says that a member voted (no time, no choice), and
         // a sheet only adds to the counters of each candidate. No row holds one member's choices, so neither
         // the rows nor their physical order (PostgreSQL's heap keeps insertion order) can link a member to a
         // choice. The counters are read only when the vote closes.
         R"(CREATE TABLE ballot_receipts (
              meeting_id BIGINT NOT NULL REFERENCES meetings(id),
              expert_id BIGINT NOT NULL,
              PRIMARY KEY (meeting_id, expert_id)) {{WITHOUT_ROWID}})",
         R"(CREATE TABLE ballot_tally (
              meeting_id BIGINT NOT NULL REFERENCES meetings(id),
              application_id BIGINT NOT NULL REFERENCES applications(id),
              yes INTEGER NOT NULL DEFAULT 0,
              no INTEGER NOT NULL DEFAULT 0,
              abstain INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (meeting_id, application_id)))",
         R"(CREATE TABLE result_publicity (
              id {{ID}},
              meeting_id BIGINT NOT NULL UNIQUE REFERENCES meetings(id),
              start_date TEXT NOT NULL,
              end_date TEXT NOT NULL,
              created_by BIGINT NOT NULL,
              created_at BIGINT NOT NULL,
              confirmed_by BIGINT,
              confirmed_at BIGINT NOT NULL DEFAULT 0))",
         R"(CREATE TABLE result_objections (
              id {{ID}},
              publicity_id BIGINT NOT NULL REFERENCES result_publicity(id),
              application_id BIGINT NOT NULL REFERENCES applications(id),
              name TEXT NOT NULL,
              contact TEXT NOT NULL,
              content TEXT NOT NULL,
              client_ip TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('open', 'dismissed', 'upheld')),
              resolution TEXT NOT NULL DEFAULT '',
              resolved_by BIGINT,
              created_at BIGINT NOT NULL,
              resolved_at BIGINT NOT NULL DEFAULT 0))",
         R"(CREATE TABLE certificates (
              id {{ID}},
              number TEXT NOT NULL UNIQUE,
              verify_code TEXT NOT NULL UNIQUE,
              application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id),
              holder_id BIGINT NOT NULL REFERENCES users(id),
              name TEXT NOT NULL,
              level TEXT NOT NULL,
              specialty TEXT NOT NULL,
              committee_code TEXT NOT NULL,
              campaign_id TEXT NOT NULL,
              issued_on TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('valid', 'revoked')),
              revoked_on TEXT NOT NULL DEFAULT '',
              revoke_reason TEXT NOT NULL DEFAULT '',
              created_at BIGINT NOT NULL))",
         R"(CREATE TABLE certificate_checks (
              id {{ID}},
              certificate_id BIGINT NOT NULL REFERENCES certificates(id),
              via TEXT NOT NULL,
              checker TEXT NOT NULL,
              client_ip TEXT NOT NULL,
              at BIGINT NOT NULL))",
         "CREATE INDEX certificate_checks_cert ON certificate_checks (certificate_id, id)",
         // The integrity archive (诚信档案): a person recorded for fraud, by identity number.
         R"(CREATE TABLE integrity_records (
              id {{ID}},
              id_number TEXT NOT NULL,
              name TEXT NOT NULL,
              kind TEXT NOT NULL,
              reason TEXT NOT NULL,
              evidence TEXT NOT NULL,
              certificate_id BIGINT REFERENCES certificates(id),
              application_id BIGINT REFERENCES applications(id),
              start_date TEXT NOT NULL,
              end_date TEXT NOT NULL,
              created_by BIGINT NOT NULL,
              created_at BIGINT NOT NULL))",
         "CREATE INDEX integrity_records_person ON integrity_records (id_number)",
         // Re-examination requests (复查) and complaints (投诉).
         R"(CREATE TABLE review_cases (
              id {{ID}},
              kind TEXT NOT NULL CHECK (kind IN ('re_examination', 'complaint')),
              application_id BIGINT REFERENCES applications(id),
              filed_by BIGINT NOT NULL REFERENCES users(id),
              subject TEXT NOT NULL,
              content TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
              outcome TEXT,
              outcome_text TEXT NOT NULL DEFAULT '',
              handled_by BIGINT,
              created_at BIGINT NOT NULL,
              closed_at BIGINT NOT NULL DEFAULT 0))",
     }},
    {5,
     "jobs",
     {
         // Timed work (a publicity period ending, deadline reminders). `key` makes scheduling idempotent
         // (every node may plan the same job); a node claims due jobs with FOR UPDATE SKIP LOCKED on
         // PostgreSQL (SQLite has one writer), runs them and marks them done in the same transaction, so each
         // runs once.
         R"(CREATE TABLE jobs (
              id {{ID}},
              kind TEXT NOT NULL,
              key TEXT NOT NULL UNIQUE,
              run_at BIGINT NOT NULL,
              payload TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
              claimed_by TEXT NOT NULL DEFAULT '',
              done_at BIGINT NOT NULL DEFAULT 0,
              created_at BIGINT NOT NULL))",
         "CREATE INDEX jobs_due ON jobs (status, run_at)",
     }},
    {6,
     "blob_chunks",
     {
         // Uploaded files kept in the database for nodes without a shared file system (serve --blobs
         // database): base64 text in 1 MiB chunks, the same on both backends.
         R"(CREATE TABLE blob_chunks (
              sha256 TEXT NOT NULL,
              seq INTEGER NOT NULL,
              data TEXT NOT NULL,
              PRIMARY KEY (sha256, seq)))",
     }},
    {7,
     "login_failures",
     {
         // Failed sign-ins per account and address, shared by every node (the lockout counts them all).
         R"(CREATE TABLE login_failures (
              key TEXT NOT NULL,
              at BIGINT NOT NULL))",
         "CREATE INDEX login_failures_key ON login_failures (key, at)",
         "CREATE INDEX login_failures_at ON login_failures (at)",
     }},
    {8,
     "list_indexes",
     {
         // Every list is paged by keyset on (sort key, id) (storage::Query::Page); these indexes end in that
         // pair after the scope's equality columns, so a page is a range scan and the per-state counts an
         // index-only scan (docs/performance.md shows the plans on a million applications).
         "DROP INDEX applications_unit",
         "DROP INDEX applications_region",
         "CREATE INDEX applications_unit ON applications (unit_id, updated_at, id)",
         "CREATE INDEX applications_unit_state ON applications (unit_id, state, updated_at, id)",
         "CREATE INDEX applications_region ON applications (region_code, updated_at, id)",
         "CREATE INDEX applications_region_state ON applications (region_code, state, updated_at, id)",
         "CREATE INDEX applications_department ON applications (department_id, state, updated_at, id)",
         "CREATE INDEX applications_state ON applications (state, updated_at, id)",
         "CREATE INDEX applications_updated ON applications (updated_at, id)",
         // The dashboard's counts (Workflow::Stats): GROUP BY region, state, level, specialty from the index.
         "CREATE INDEX applications_stats ON applications (region_code, state, level, specialty, city_level)",
         "CREATE INDEX archives_unit_submitted ON archives (unit_id, submitted_at, user_id)",
         "CREATE INDEX units_letter ON units ((COALESCE(letter_uploaded_at, created_at)), id)",
         ("CREATE INDEX units_region_letter ON units (region_code, (COALESCE(letter_uploaded_at, "
          "created_at)), id)"),
     }},
    {9,
     "form_prints",
     {
         // Every download of a printable form, with the verification code printed on it and the snapshot it
         // was printed from, so a print can be told from an edited one.
         R"(CREATE TABLE form_prints (
              id {{ID}},
              code TEXT NOT NULL UNIQUE,
              kind TEXT NOT NULL,
              application_id BIGINT NOT NULL REFERENCES applications(id),
              snapshot_version INTEGER NOT NULL,
              snapshot_sha256 TEXT NOT NULL,
              pages INTEGER NOT NULL,
              printed_by BIGINT NOT NULL,
              printed_at BIGINT NOT NULL))",
         "CREATE INDEX form_prints_application ON form_prints (application_id, id)",
     }},
    {10,
     "meeting_recusals",
     {
         // Members present at a meeting who must not vote on a candidate (回避: same unit, a declared
         // relation, their own application), fixed when voting opens: the ballot, the tally's threshold and
         // the minutes all read them.
         R"(CREATE TABLE meeting_recusals (
              meeting_id BIGINT NOT NULL REFERENCES meetings(id),
              application_id BIGINT NOT NULL REFERENCES applications(id),
              expert_id BIGINT NOT NULL,
              reasons TEXT NOT NULL,
              PRIMARY KEY (meeting_id, application_id, expert_id)))",
     }},
    {11,
     "pre_review_publicity",
     {
         // The committee office's pre-review publicity (评前公示), a campaign option: one publicity covers
         // the candidates of one committee accepted when it is published; the public may object while it
         // runs.
         R"(CREATE TABLE pre_review_publicity (
              id {{ID}},
              campaign_id TEXT NOT NULL,
              committee_code TEXT NOT NULL,
              start_date TEXT NOT NULL,
              end_date TEXT NOT NULL,
              created_by BIGINT NOT NULL,
              created_at BIGINT NOT NULL))",
         R"(CREATE TABLE pre_review_entries (
              publicity_id BIGINT NOT NULL REFERENCES pre_review_publicity(id),
              application_id BIGINT NOT NULL REFERENCES applications(id),
              PRIMARY KEY (publicity_id, application_id)))",
         "CREATE INDEX pre_review_entries_application ON pre_review_entries (application_id, publicity_id)",
         R"(CREATE TABLE pre_review_objections (
              id {{ID}},
              publicity_id BIGINT NOT NULL REFERENCES pre_review_publicity(id),
              application_id BIGINT NOT NULL REFERENCES applications(id),
              name TEXT NOT NULL,
              contact TEXT NOT NULL,
              content TEXT NOT NULL,
              client_ip TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('open', 'dismissed', 'upheld', 'not_eligible')),
              resolution TEXT NOT NULL DEFAULT '',
              resolved_by BIGINT,
              created_at BIGINT NOT NULL,
              resolved_at BIGINT NOT NULL DEFAULT 0))",
         ("CREATE INDEX pre_review_objections_publicity ON pre_review_objections (publicity_id, "
          "application_id)"),
     }},
    {12,
     "application_counts",
     {
         // Exact application counts for the dashboards (storage/application_counts.hpp), filled from the
         // applications already there and kept up to date by every write of an application.
         R"(CREATE TABLE application_counts (
              region_code TEXT NOT NULL,
              city_level INTEGER NOT NULL,
              department_id BIGINT NOT NULL,
              state TEXT NOT NULL,
              level TEXT NOT NULL,
              specialty TEXT NOT NULL,
              n BIGINT NOT NULL,
              PRIMARY KEY (region_code, city_level, department_id, state, level, specialty)) {{WITHOUT_ROWID}})",
         R"(CREATE TABLE application_unit_counts (
              unit_id BIGINT NOT NULL,
              region_code TEXT NOT NULL,
              city_level INTEGER NOT NULL,
              department_id BIGINT NOT NULL,
              state TEXT NOT NULL,
              n BIGINT NOT NULL,
              PRIMARY KEY (unit_id, region_code, city_level, department_id, state)) {{WITHOUT_ROWID}})",
         // GET /stats groups the counters by region, state, level and specialty (the city) from this index
         // without sorting, and a county's by its prefix.
         ("CREATE INDEX application_counts_stats ON application_counts (region_code, state, level, "
          "specialty, n)"),
         ("CREATE INDEX application_unit_counts_region ON application_unit_counts (region_code, city_level, "
          "state, unit_id, n)"),
         ("CREATE INDEX application_unit_counts_department ON application_unit_counts (department_id, state, "
          "unit_id, n)"),
         "CREATE INDEX application_unit_counts_state ON application_unit_counts (state, unit_id, n)",
         ("INSERT INTO application_counts (region_code, city_level, department_id, state, level, specialty, "
          "n) "
          "SELECT region_code, city_level, COALESCE(department_id, 0), state, level, specialty, COUNT(*) "
          "FROM applications GROUP BY region_code, city_level, COALESCE(department_id, 0), state, level, "
          "specialty"),
         ("INSERT INTO application_unit_counts (unit_id, region_code, city_level, department_id, state, n) "
          "SELECT unit_id, region_code, city_level, COALESCE(department_id, 0), state, COUNT(*) FROM "
          "applications GROUP BY unit_id, region_code, city_level, COALESCE(department_id, 0), state"),
         ("INSERT INTO application_unit_counts (unit_id, region_code, city_level, department_id, state, n) "
          "SELECT unit_id, region_code, city_level, COALESCE(department_id, 0), '*', COUNT(*) FROM "
          "applications GROUP BY unit_id, region_code, city_level, COALESCE(department_id, 0)"),
     }},
    {13,
     "encrypted_ballot",
     {
         // The verifiable secret ballot (docs/review.md "The secret ballot"): each member's sheet is stored
         // only as ElGamal ciphertexts with their proofs, under a key whose two shares the trustees (the
         // presiding member and the committee office) keep outside the platform. Only the sums are ever
         // decrypted, by both trustees together. The plaintext counters of ballot_tally, which a copy of the
         // WAL or old row versions replayed into every member's choices, are gone.
         R"(CREATE TABLE meeting_ballots (
              meeting_id BIGINT PRIMARY KEY REFERENCES meetings(id),
              round INTEGER NOT NULL DEFAULT 1,
              election_key TEXT NOT NULL DEFAULT '',
              tally TEXT NOT NULL DEFAULT '',
              counting INTEGER NOT NULL DEFAULT 0))",
         R"(CREATE TABLE meeting_trustees (
              meeting_id BIGINT NOT NULL REFERENCES meetings(id),
              round INTEGER NOT NULL,
              role TEXT NOT NULL CHECK (role IN ('chair', 'office')),
              user_id BIGINT NOT NULL,
              name TEXT NOT NULL,
              public_share TEXT NOT NULL,
              partials TEXT NOT NULL DEFAULT '',
              registered_at BIGINT NOT NULL,
              decrypted_at BIGINT NOT NULL DEFAULT 0,
              PRIMARY KEY (meeting_id, round, role)))",
         R"(CREATE TABLE ballot_sheets (
              meeting_id BIGINT NOT NULL REFERENCES meetings(id),
              round INTEGER NOT NULL,
              fingerprint TEXT NOT NULL,
              sheet TEXT NOT NULL,
              PRIMARY KEY (meeting_id, round, fingerprint)))",
         // A vote in progress during the upgrade held plaintext counters: it starts again (its members vote
         // anew after the key ceremony), and the counters are dropped.
         "DELETE FROM ballot_receipts WHERE meeting_id IN (SELECT id FROM meetings WHERE status = 'voting')",
         "DELETE FROM meeting_recusals WHERE meeting_id IN (SELECT id FROM meetings WHERE status = 'voting')",
         "UPDATE meetings SET status = 'planned', voting_at = 0 WHERE status = 'voting'",
         "DROP TABLE ballot_tally",
     }},
    {14,
     "audit_merkle_tree",
     {
         // The audit log as a Merkle tree (RFC 9162; docs/security.md "The audit log"): audit_head keeps
         // the tree's right edge, so a signed tree head costs O(log n). A log migrated with rows catches up
         // from them at its next append.
         "ALTER TABLE audit_head ADD COLUMN tree_size BIGINT NOT NULL DEFAULT 0",
         "ALTER TABLE audit_head ADD COLUMN frontier TEXT NOT NULL DEFAULT ''",
     }},
    {15,
     "withdrawn_applications",
     {
         // An application withdrawn while back for correction (issue 17) ends, like one the unit did not
         // recommend, and leaves the way open to apply again in the same campaign.
         "DROP INDEX applications_open",
         ("CREATE UNIQUE INDEX applications_open ON applications (campaign_id, applicant_id) "
          "WHERE state NOT IN ('not_recommended', 'withdrawn')"),
     }},
    {16,
     "idempotency_keys_and_storage_quota",
     {
         // Idempotency-Key (issue 18): a retried POST gets the first answer instead of a second step.
         // `claim` is the nonce of the request that claimed the key; status 0 while it runs.
         R"(CREATE TABLE idempotency_keys (
              user_id BIGINT NOT NULL,
              idem_key TEXT NOT NULL,
              request_hash TEXT NOT NULL,
              claim TEXT NOT NULL,
              status INTEGER NOT NULL,
              content_type TEXT NOT NULL,
              body TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              PRIMARY KEY (user_id, idem_key)))",
         "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
         // The per-account storage quota sums an account's files (serve --storage-quota-mb).
         "CREATE INDEX files_owner ON files (owner_id)",
     }},
    {17,
     "password_reset_codes",
     {
         // A one-time code issued by the unit, the acceptance point or the city admin (issue 18): it signs
         // the person in once, and they must choose a new password before anything else.
         "ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0",
         "ALTER TABLE users ADD COLUMN reset_expires_at BIGINT NOT NULL DEFAULT 0",
         "ALTER TABLE users ADD COLUMN reset_by TEXT NOT NULL DEFAULT ''",
     }},
    {18,
     "archive_working_copies",
     {
         // The applicant's unsent edits of the archive (issue 18): saved on every change of an item, so
         // nothing typed is lost, while the archive itself (an approved one stays approved and in force)
         // changes only when the applicant saves it. `body` is the PUT /archive body's JSON text.
         R"(CREATE TABLE archive_working_copies (
              user_id BIGINT PRIMARY KEY REFERENCES users(id),
              base_version INTEGER NOT NULL,
              body TEXT NOT NULL,
              saved_at BIGINT NOT NULL))",
     }},
};

std::string Expand(std::string sql, Backend backend) {
  const std::string token = "{{ID}}";
  const std::string id =
      backend == Backend::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
  for (size_t pos; (pos = sql.find(token)) != std::string::npos;) sql.replace(pos, token.size(), id);
  const std::string without_rowid = "{{WITHOUT_ROWID}}";
  const std::string clause = backend == Backend::kSqlite ? "WITHOUT ROWID" : "";
  for (size_t pos; (pos = sql.find(without_rowid)) != std::string::npos;)
    sql.replace(pos, without_rowid.size(), clause);
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
    const auto now = static_cast<long long>(std::time(nullptr));
    s.sql() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
        soci::use(m.version), soci::use(m.name), soci::use(now);
    tx.Commit();
    ++applied;
  }
  return applied;
}

}  // namespace zc::storage
