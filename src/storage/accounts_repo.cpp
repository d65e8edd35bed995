#include "storage/accounts_repo.hpp"

namespace zc::storage {
namespace {

constexpr const char* kUserColumns =
    "u.id AS id, u.login AS login, u.name AS name, u.role AS role, u.password_hash AS password_hash, "
    "u.mobile AS mobile, u.id_number AS id_number, u.region_code AS region_code, r.name AS region_name, "
    "u.unit_id AS unit_id, u.department_id AS department_id, u.active AS active, u.created_at AS created_at, "
    "u.password_changed_at AS password_changed_at, u.must_change_password AS must_change_password, "
    "u.reset_expires_at AS reset_expires_at, u.reset_by AS reset_by";
constexpr const char* kUserFrom = "users u LEFT JOIN regions r ON r.code = u.region_code";

constexpr const char* kUnitColumns =
    "u.id AS id, u.credit_code AS credit_code, u.name AS name, u.region_code AS region_code, "
    "r.name AS region_name, u.unit_type AS unit_type, u.city_level AS city_level, "
    "u.competent_department_id AS competent_department_id, d.name AS department_name, "
    "u.contact_name AS contact_name, u.mobile AS mobile, u.status AS status, u.reject_reason AS "
    "reject_reason, "
    "u.letter_sha256 AS letter_sha256, u.letter_size AS letter_size, u.letter_uploaded_at AS "
    "letter_uploaded_at, "
    "u.created_at AS created_at";
constexpr const char* kUnitFrom =
    "units u JOIN regions r ON r.code = u.region_code "
    "LEFT JOIN competent_departments d ON d.id = u.competent_department_id";

UserRecord UserFromRow(const soci::row& r) {
  UserRecord u;
  u.id = Int(r, "id");
  u.login = Str(r, "login");
  u.name = Str(r, "name");
  u.role = Str(r, "role");
  u.password_hash = Str(r, "password_hash");
  u.mobile = Str(r, "mobile");
  u.id_number = Str(r, "id_number");
  u.region_code = Str(r, "region_code");
  u.region_name = Str(r, "region_name");
  if (!IsNull(r, "unit_id")) u.unit_id = Int(r, "unit_id");
  if (!IsNull(r, "department_id")) u.department_id = Int(r, "department_id");
  u.active = Int(r, "active") != 0;
  u.created_at = Int(r, "created_at");
  u.password_changed_at = Int(r, "password_changed_at");
  u.must_change_password = Int(r, "must_change_password") != 0;
  u.reset_expires_at = Int(r, "reset_expires_at");
  u.reset_by = Str(r, "reset_by");
  return u;
}

UnitRecord UnitFromRow(const soci::row& r) {
  UnitRecord u;
  u.id = Int(r, "id");
  u.credit_code = Str(r, "credit_code");
  u.name = Str(r, "name");
  u.region_code = Str(r, "region_code");
  u.region_name = Str(r, "region_name");
  u.unit_type = Str(r, "unit_type");
  u.city_level = Int(r, "city_level") != 0;
  if (!IsNull(r, "competent_department_id")) u.competent_department_id = Int(r, "competent_department_id");
  u.competent_department_name = Str(r, "department_name");
  u.contact_name = Str(r, "contact_name");
  u.mobile = Str(r, "mobile");
  u.status = Str(r, "status");
  u.reject_reason = Str(r, "reject_reason");
  u.letter_sha256 = Str(r, "letter_sha256");
  u.letter_size = Int(r, "letter_size");
  u.letter_uploaded_at = Int(r, "letter_uploaded_at");
  u.created_at = Int(r, "created_at");
  return u;
}

std::optional<UserRecord> OneUser(Session& s, const Query& q) {
  std::optional<UserRecord> out;
  q.ForEach(s, kUserColumns, kUserFrom, "LIMIT 1", [&](const soci::row& r) { out = UserFromRow(r); });
  return out;
}

std::optional<UnitRecord> OneUnit(Session& s, const Query& q) {
  std::optional<UnitRecord> out;
  q.ForEach(s, kUnitColumns, kUnitFrom, "LIMIT 1", [&](const soci::row& r) { out = UnitFromRow(r); });
  return out;
}

}  // namespace

std::vector<RegionRecord> ListRegions(Session& s) {
  std::vector<RegionRecord> out;
  Query().ForEach(s, "code, name", "regions", "ORDER BY sort_order", [&](const soci::row& r) {
    out.push_back({Str(r, "code"), Str(r, "name")});
  });
  return out;
}

std::optional<RegionRecord> FindRegion(Session& s, const std::string& code) {
  std::optional<RegionRecord> out;
  Query()
      .Where("code = :code")
      .Bind("code", code)
      .ForEach(s, "code, name", "regions", "", [&](const soci::row& r) {
        out = RegionRecord{Str(r, "code"), Str(r, "name")};
      });
  return out;
}

std::vector<DepartmentRecord> ListDepartments(Session& s) {
  std::vector<DepartmentRecord> out;
  Query().ForEach(s, "id, name", "competent_departments", "ORDER BY id", [&](const soci::row& r) {
    out.push_back({Int(r, "id"), Str(r, "name")});
  });
  return out;
}

std::optional<DepartmentRecord> FindDepartment(Session& s, int64_t id) {
  std::optional<DepartmentRecord> out;
  Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s, "id, name", "competent_departments", "", [&](const soci::row& r) {
        out = DepartmentRecord{Int(r, "id"), Str(r, "name")};
      });
  return out;
}

int64_t FindOrCreateDepartment(Session& s, const std::string& name, int64_t now) {
  std::optional<int64_t> id;
  Query()
      .Where("name = :name")
      .Bind("name", name)
      .ForEach(s, "id", "competent_departments", "", [&](const soci::row& r) { id = Int(r, "id"); });
  if (id) return *id;
  long long new_id = 0;
  long long at = now;
  s.sql() << "INSERT INTO competent_departments (name, created_at) VALUES (:name, :at) RETURNING id",
      soci::use(name, "name"), soci::use(at, "at"), soci::into(new_id);
  return new_id;
}

std::optional<UserRecord> FindUserByLogin(Session& s, const std::string& login) {
  if (auto u = OneUser(s, Query().Where("u.login = :login").Bind("login", login))) return u;
  return OneUser(s, Query().Where("u.role = 'applicant' AND u.mobile = :mobile").Bind("mobile", login));
}

std::optional<UserRecord> FindUserById(Session& s, int64_t id) {
  return OneUser(s, Query().Where("u.id = :id").Bind("id", static_cast<long long>(id)));
}

bool LoginTaken(Session& s, const std::string& login) {
  return Query().Where("login = :login").Bind("login", login).Count(s, "users") > 0;
}

bool ApplicantMobileTaken(Session& s, const std::string& mobile) {
  return Query().Where("role = 'applicant' AND mobile = :mobile").Bind("mobile", mobile).Count(s, "users") >
         0;
}

int64_t InsertUser(Session& s, const UserRecord& u) {
  NullableStr id_number(u.id_number.empty() ? std::nullopt : std::optional(u.id_number));
  NullableStr region(u.region_code.empty() ? std::nullopt : std::optional(u.region_code));
  NullableStr mobile(u.mobile.empty() ? std::nullopt : std::optional(u.mobile));
  NullableInt unit(u.unit_id);
  NullableInt dept(u.department_id);
  long long created = u.created_at;
  int active = u.active ? 1 : 0;
  long long id = 0;
  s.sql() << "INSERT INTO users (login, name, role, password_hash, mobile, id_number, region_code, unit_id, "
             "department_id, active, created_at, password_changed_at) VALUES (:login, :name, :role, :hash, "
             ":mobile, "
             ":id_number, :region, :unit, :dept, :active, :created, :created2) RETURNING id",
      soci::use(u.login, "login"), soci::use(u.name, "name"), soci::use(u.role, "role"),
      soci::use(u.password_hash, "hash"), soci::use(mobile.value, mobile.ind, "mobile"),
      soci::use(id_number.value, id_number.ind, "id_number"), soci::use(region.value, region.ind, "region"),
      soci::use(unit.value, unit.ind, "unit"), soci::use(dept.value, dept.ind, "dept"),
      soci::use(active, "active"), soci::use(created, "created"), soci::use(created, "created2"),
      soci::into(id);
  return id;
}

void UpdatePasswordHash(Session& s, int64_t user_id, const std::string& hash, int64_t now) {
  long long id = user_id;
  long long at = now;
  // A password the person chose ends any one-time code.
  s.sql() << "UPDATE users SET password_hash = :hash, password_changed_at = :at, must_change_password = 0, "
             "reset_expires_at = 0 WHERE id = :id",
      soci::use(hash, "hash"), soci::use(at, "at"), soci::use(id, "id");
}

void SetResetCode(Session& s, int64_t user_id, const std::string& hash, int64_t expires_at,
                  const std::string& reset_by, const std::optional<std::string>& mobile) {
  const long long id = user_id;
  const long long until = expires_at;
  s.sql() << "UPDATE users SET password_hash = :hash, must_change_password = 1, reset_expires_at = :until, "
             "reset_by = :by WHERE id = :id",
      soci::use(hash, "hash"), soci::use(until, "until"), soci::use(reset_by, "by"), soci::use(id, "id");
  if (mobile)
    s.sql() << "UPDATE users SET mobile = :m WHERE id = :id", soci::use(*mobile, "m"), soci::use(id, "id");
  s.sql() << "DELETE FROM sessions WHERE user_id = :id", soci::use(id);
}

UserPage ListStaff(Session& s, const std::string& role, const PageRequest& page) {
  Query q;
  q.Where("u.role NOT IN ('applicant', 'unit')");
  if (!role.empty()) q.Where("u.role = :role").Bind("role", role);
  UserPage out;
  out.total = q.Count(s, kUserFrom);
  out.next = q.Page(s, kUserColumns, kUserFrom, {.sort = "u.id", .id = "u.id"}, page,
                    [&](const soci::row& r) { out.items.push_back(UserFromRow(r)); });
  return out;
}

std::optional<UnitRecord> FindUnit(Session& s, int64_t id) {
  return OneUnit(s, Query().Where("u.id = :id").Bind("id", static_cast<long long>(id)));
}

std::optional<UnitRecord> FindUnitByCreditCode(Session& s, const std::string& code) {
  return OneUnit(s, Query().Where("u.credit_code = :code").Bind("code", code));
}

int64_t InsertUnit(Session& s, const UnitRecord& u) {
  NullableInt dept(u.competent_department_id);
  int city_level = u.city_level ? 1 : 0;
  long long created = u.created_at;
  long long id = 0;
  s.sql()
      << "INSERT INTO units (credit_code, name, region_code, unit_type, city_level, competent_department_id, "
         "contact_name, mobile, status, created_at) VALUES (:code, :name, :region, :type, :city_level, "
         ":dept, "
         ":contact, :mobile, :status, :created) RETURNING id",
      soci::use(u.credit_code, "code"), soci::use(u.name, "name"), soci::use(u.region_code, "region"),
      soci::use(u.unit_type, "type"), soci::use(city_level, "city_level"),
      soci::use(dept.value, dept.ind, "dept"), soci::use(u.contact_name, "contact"),
      soci::use(u.mobile, "mobile"), soci::use(u.status, "status"), soci::use(created, "created"),
      soci::into(id);
  return id;
}

void SetUnitContact(Session& s, int64_t unit_id, const std::string& contact_name, const std::string& mobile) {
  long long id = unit_id;
  s.sql() << "UPDATE units SET contact_name = :contact, mobile = :mobile WHERE id = :id",
      soci::use(contact_name, "contact"), soci::use(mobile, "mobile"), soci::use(id, "id");
}

void SetUnitLetter(Session& s, int64_t unit_id, const std::string& sha256, int64_t size, int64_t now) {
  long long id = unit_id;
  long long sz = size;
  long long at = now;
  s.sql() << "UPDATE units SET letter_sha256 = :sha, letter_size = :size, letter_uploaded_at = :at, "
             "status = 'letter_pending', reject_reason = NULL WHERE id = :id",
      soci::use(sha256, "sha"), soci::use(sz, "size"), soci::use(at, "at"), soci::use(id, "id");
}

void SetUnitStatus(Session& s, int64_t unit_id, const std::string& status, const std::string& reason,
                   int64_t reviewer, int64_t now) {
  long long id = unit_id;
  long long by = reviewer;
  long long at = now;
  NullableStr why(reason.empty() ? std::nullopt : std::optional(reason));
  s.sql()
      << "UPDATE units SET status = :status, reject_reason = :reason, reviewed_by = :by, reviewed_at = :at "
         "WHERE id = :id",
      soci::use(status, "status"), soci::use(why.value, why.ind, "reason"), soci::use(by, "by"),
      soci::use(at, "at"), soci::use(id, "id");
}

UnitPage ListUnits(Session& s, const UnitFilter& f) {
  Query q;
  if (!f.status.empty()) q.Where("u.status = :status").Bind("status", f.status);
  if (!f.q.empty())
    q.Where("(u.name LIKE :q ESCAPE '\\' OR u.credit_code LIKE :q2 ESCAPE '\\')")
        .Bind("q", LikeContains(f.q))
        .Bind("q2", LikeContains(f.q));
  if (f.region_code) q.Where("u.region_code = :region").Bind("region", *f.region_code);
  if (f.city_level) q.Where(*f.city_level ? "u.city_level = 1" : "u.city_level = 0");
  if (f.competent_department_id) {
    q.Where("u.competent_department_id = :dept")
        .Bind("dept", static_cast<long long>(*f.competent_department_id));
  }
  UnitPage out;
  out.total = q.Count(s, kUnitFrom);
  // Oldest letter first: the acceptance point works through them in the order they came; a unit without a
  // letter yet counts from its registration (the key is never NULL, so the cursor can pass it).
  out.next =
      q.Page(s, kUnitColumns, kUnitFrom,
             {.sort = "COALESCE(u.letter_uploaded_at, u.created_at)", .id = "u.id", .descending = false},
             f.page, [&](const soci::row& r) { out.items.push_back(UnitFromRow(r)); });
  return out;
}

void SetUnitQuota(Session& s, int64_t unit_id, const std::string& level, int quota) {
  long long id = unit_id;
  s.sql() << "DELETE FROM unit_quotas WHERE unit_id = :id AND level = :level", soci::use(id, "id"),
      soci::use(level, "level");
  s.sql() << "INSERT INTO unit_quotas (unit_id, level, quota) VALUES (:id, :level, :quota)",
      soci::use(id, "id"), soci::use(level, "level"), soci::use(quota, "quota");
}

void RecordBlob(Session& s, const std::string& sha256, int64_t size, const std::string& content_type,
                int64_t now) {
  if (Query().Where("sha256 = :sha").Bind("sha", sha256).Count(s, "blobs") > 0) return;
  long long sz = size;
  long long at = now;
  // Two uploads of the same bytes may race on PostgreSQL (SQLite serializes writers): the second is a no-op.
  s.sql() << "INSERT INTO blobs (sha256, size, content_type, created_at) VALUES (:sha, :size, :type, :at) "
             "ON CONFLICT (sha256) DO NOTHING",
      soci::use(sha256, "sha"), soci::use(sz, "size"), soci::use(content_type, "type"), soci::use(at, "at");
}

void InsertSession(Session& s, const SessionRecord& r) {
  long long user = r.user_id;
  long long created = r.created_at;
  long long expires = r.expires_at;
  s.sql() << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, "
             "client_ip) VALUES (:token, :user, :csrf, :created, :expires, :seen, :ip)",
      soci::use(r.token_hash, "token"), soci::use(user, "user"), soci::use(r.csrf_token, "csrf"),
      soci::use(created, "created"), soci::use(expires, "expires"), soci::use(created, "seen"),
      soci::use(r.client_ip, "ip");
}

std::optional<SessionRecord> FindSession(Session& s, const std::string& token_hash) {
  std::optional<SessionRecord> out;
  Query()
      .Where("token_hash = :token")
      .Bind("token", token_hash)
      .ForEach(s, "token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, client_ip",
               "sessions", "", [&](const soci::row& r) {
                 out = SessionRecord{Str(r, "token_hash"), Int(r, "user_id"),    Str(r, "csrf_token"),
                                     Int(r, "created_at"), Int(r, "expires_at"), Int(r, "last_seen_at"),
                                     Str(r, "client_ip")};
               });
  return out;
}

void TouchSession(Session& s, const std::string& token_hash, int64_t now, int64_t expires_at) {
  long long seen = now;
  long long expires = expires_at;
  s.sql() << "UPDATE sessions SET last_seen_at = :seen, expires_at = :expires WHERE token_hash = :token",
      soci::use(seen, "seen"), soci::use(expires, "expires"), soci::use(token_hash, "token");
}

void DeleteSession(Session& s, const std::string& token_hash) {
  s.sql() << "DELETE FROM sessions WHERE token_hash = :token", soci::use(token_hash, "token");
}

void DeleteOtherSessions(Session& s, int64_t user_id, const std::string& keep_token_hash) {
  long long user = user_id;
  s.sql() << "DELETE FROM sessions WHERE user_id = :user AND token_hash <> :keep", soci::use(user, "user"),
      soci::use(keep_token_hash, "keep");
}

int64_t CountLoginFailures(Session& s, const std::string& key, int64_t since) {
  return Query()
      .Where("key = :k AND at > :since")
      .Bind("k", key)
      .Bind("since", static_cast<long long>(since))
      .Count(s, "login_failures");
}

void RecordLoginFailure(Session& s, const std::string& key, int64_t at, int64_t forget_before) {
  long long when = at, old = forget_before;
  s.sql() << "DELETE FROM login_failures WHERE at <= :old", soci::use(old, "old");  // keeps the table small
  s.sql() << "INSERT INTO login_failures (key, at) VALUES (:k, :at)", soci::use(key, "k"),
      soci::use(when, "at");
}

void ClearLoginFailures(Session& s, const std::string& key) {
  s.sql() << "DELETE FROM login_failures WHERE key = :k", soci::use(key, "k");
}

}  // namespace zc::storage
