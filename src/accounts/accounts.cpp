#include "accounts/accounts.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <regex>
#include <set>

#include "accounts/passwords.hpp"
#include "base/crypto.hpp"
#include "base/ids.hpp"
#include "base/limits.hpp"
#include "base/text.hpp"
#include "storage/archives_repo.hpp"
#include "storage/audit.hpp"

namespace zc::accounts {
namespace {

using storage::Session;
using storage::UnitRecord;
using storage::UserRecord;
using storage::WriteTx;

constexpr std::string_view kRoleNames[] = {
    "applicant",        "unit",   "acceptance_point", "competent_department",
    "committee_office", "expert", "city_admin"};
constexpr std::string_view kRoleLabelsZh[] = {"申报人",         "用人单位", "受理点",        "主管部门",
                                              "评委会办事机构", "评审专家", "市人社局管理员"};
constexpr std::string_view kRoleLabelsEn[] = {
    "Applicant",        "Unit",   "Acceptance point",  "Competent department",
    "Committee office", "Expert", "City administrator"};

// A one-line field (a name) refuses control characters; a reason may run over several lines.
void CheckText(FieldErrors& errors, const std::string& field, const std::string& value,
               bool one_line = true) {
  if (value.empty()) {
    errors.Add(field, errc::required);
  } else if (CheckLength(errors, field, value) && one_line && HasControlCharacter(value)) {
    errors.Add(field, errc::control_characters);
  }
}

void CheckMobile(FieldErrors& errors, const std::string& field, const std::string& mobile) {
  if (mobile.empty()) {
    errors.Add(field, errc::required);
  } else if (!IsValidMobile(mobile)) {
    errors.Add(field, errc::invalid_mobile);
  }
}

void CheckPassword(FieldErrors& errors, const std::string& field, const std::string& password) {
  if (password.empty()) {
    errors.Add(field, errc::required);
  } else if (password.size() < kMinPasswordLength) {
    errors.Add(field, errc::too_short, {}, kMinPasswordLength);
  } else if (password.size() > kMaxPasswordLength) {
    errors.Add(field, errc::too_long, {}, kMaxPasswordLength);
  } else if (!IsAcceptablePassword(password)) {
    errors.Add(field, errc::weak_password);
  } else if (IsCommonPassword(password)) {
    errors.Add(field, errc::common_password);
  }
}

// Registrations check that a login is free, then insert it. On PostgreSQL two concurrent ones would both
// pass the check and the second insert would fail on the unique index (a 500, found by the PostgreSQL run of
// the concurrent-registration test); they take the audit chain's head row first, which every audited write
// updates anyway, so the check is exact. SQLite's write transaction already serializes them.
void LockAccountsCheck(Session& s) {
  storage::LockRow(s, "audit_head", 1);
}

Error Duplicate(const std::string& field) {
  Error e{errc::already_registered, {{field, errc::already_registered}}, {}};
  return e;
}

Principal PrincipalOf(Session& s, const UserRecord& u) {
  Principal p;
  p.user_id = u.id;
  p.login = u.login;
  p.name = u.name;
  p.role = ParseRole(u.role).value_or(Role::kApplicant);
  p.region_code = u.region_code;
  p.unit_id = u.unit_id;
  p.department_id = u.department_id;
  if (u.unit_id) {
    if (auto unit = storage::FindUnit(s, *u.unit_id)) p.unit_status = unit->status;
  }
  p.must_change_password = u.must_change_password;
  return p;
}

// Failed sign-ins per (account, address), in the database so that every node counts the same attempts.
bool LoginLocked(Session& s, const std::string& key, int64_t now) {
  return storage::CountLoginFailures(s, key, now - kLockoutSeconds) >= kMaxFailedLogins;
}

void LoginFailed(Session& s, const std::string& key, int64_t now) {
  WriteTx tx(s);
  storage::RecordLoginFailure(s, key, now, now - kLockoutSeconds);
  tx.Commit();
}

// A real argon2id hash to verify against when the account does not exist, so that timing does not reveal
// which accounts exist.
const std::string& DummyHash() {
  static const std::string h = HashPassword("not-a-real-password-0");
  return h;
}

}  // namespace

void Audit(Session& s, const Actor& actor, int64_t at, const std::string& action,
           const std::string& object_type, const std::string& object_id, const std::string& summary) {
  storage::AuditEntry e;
  e.at = at;
  if (actor.principal.user_id != 0) e.actor_id = actor.principal.user_id;
  e.actor_login = actor.principal.login;
  e.role = std::string(RoleName(actor.principal.role));
  e.action = action;
  e.object_type = object_type;
  e.object_id = object_id;
  e.summary = summary;
  e.client_ip = actor.client_ip;
  storage::AppendAudit(s, e);
}

std::string_view RoleName(Role r) {
  return kRoleNames[static_cast<int>(r)];
}

std::string_view RoleLabel(Role r, Lang lang) {
  return (lang == Lang::kEn ? kRoleLabelsEn : kRoleLabelsZh)[static_cast<int>(r)];
}

std::optional<Role> ParseRole(std::string_view s) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == s) return r;
  }
  return std::nullopt;
}

bool LooksLikePdf(std::string_view data) {
  return data.substr(0, 5) == "%PDF-";
}

Result<UserRecord> RegisterApplicant(Env& env, const ApplicantForm& form, const std::string& client_ip) {
  FieldErrors errors;
  CheckText(errors, "name", form.name);
  const std::string id_number = NormalizeResidentId(form.id_number);
  if (id_number.empty()) {
    errors.Add("id_number", errc::required);
  } else if (auto problem = CheckResidentId(id_number)) {
    errors.Add("id_number", *problem);
  }
  CheckMobile(errors, "mobile", form.mobile);
  CheckPassword(errors, "password", form.password);
  if (!errors.empty()) return errors.ToError();

  const std::string hash = HashPassword(form.password);
  const int64_t now = UnixSeconds(env.clock.Now());
  Session s(env.db);
  WriteTx tx(s);
  LockAccountsCheck(s);
  // One refusal for either conflict, naming no field: an answer that told a taken identity number from a
  // free one would let anyone unmask a masked number (330483********0058) by trying the birth dates its
  // check digit allows. The person it belongs to gets the account back at the acceptance point
  // (ReassignApplicant).
  if (storage::LoginTaken(s, id_number) || storage::ApplicantMobileTaken(s, form.mobile))
    return Error{errc::registration_conflict, {}, {}};
  UserRecord u{.login = id_number,
               .name = form.name,
               .role = "applicant",
               .password_hash = hash,
               .mobile = form.mobile,
               .id_number = id_number,
               .created_at = now,
               .password_changed_at = now};
  u.id = storage::InsertUser(s, u);
  Actor self{Principal{.user_id = u.id, .login = u.login, .name = u.name, .role = Role::kApplicant},
             client_ip};
  Audit(s, self, now, "account.register", "user", std::to_string(u.id),
        "个人注册：" + u.name + "（" + MaskResidentId(id_number) + "）");
  tx.Commit();
  return u;
}

namespace {

// The checks of a unit's registration that need no lock (the login's freedom is checked under it).
void CheckUnitForm(Session& s, const UnitForm& form, FieldErrors& errors) {
  if (form.credit_code.empty()) {
    errors.Add("credit_code", errc::required);
  } else if (auto problem = CheckCreditCode(form.credit_code)) {
    errors.Add("credit_code", *problem);
  }
  CheckText(errors, "name", form.name);
  if (form.region_code.empty()) {
    errors.Add("region_code", errc::required);
  } else if (!storage::FindRegion(s, form.region_code)) {
    errors.Add("region_code", errc::invalid_region);
  }
  static const std::vector<std::string> kTypes = {"enterprise", "public_institution", "other"};
  if (form.unit_type.empty()) {
    errors.Add("unit_type", errc::required);
  } else if (std::find(kTypes.begin(), kTypes.end(), form.unit_type) == kTypes.end()) {
    errors.Add("unit_type", errc::invalid_unit_type);
  } else if (!errors.Has("credit_code") &&
             IsPublicInstitutionCode(form.credit_code) != (form.unit_type == "public_institution")) {
    errors.Add("unit_type", errc::unit_type_mismatch);
  }
  if (form.city_level) {
    if (!form.competent_department_id) {
      errors.Add("competent_department_id", errc::department_required);
    } else if (!storage::FindDepartment(s, *form.competent_department_id)) {
      errors.Add("competent_department_id", errc::invalid_department);
    }
  }
  CheckText(errors, "contact_name", form.contact_name);
  CheckMobile(errors, "mobile", form.mobile);
  CheckPassword(errors, "password", form.password);
}

// Inserts the unit (status letter_required) and its account, in the caller's write transaction.
int64_t InsertUnitAccount(Session& s, const UnitForm& form, const std::string& hash, int64_t now) {
  UnitRecord unit{.credit_code = form.credit_code,
                  .name = form.name,
                  .region_code = form.region_code,
                  .unit_type = form.unit_type,
                  .city_level = form.city_level,
                  .competent_department_id = form.city_level ? form.competent_department_id : std::nullopt,
                  .contact_name = form.contact_name,
                  .mobile = form.mobile,
                  .status = "letter_required",
                  .created_at = now};
  unit.id = storage::InsertUnit(s, unit);
  UserRecord u{.login = form.credit_code,
               .name = form.name,
               .role = "unit",
               .password_hash = hash,
               .mobile = form.mobile,
               .region_code = form.region_code,
               .unit_id = unit.id,
               .created_at = now,
               .password_changed_at = now};
  u.id = storage::InsertUser(s, u);
  return unit.id;
}

}  // namespace

Result<UnitRecord> RegisterUnit(Env& env, const UnitForm& form, const std::string& client_ip) {
  FieldErrors errors;
  Session s(env.db);
  CheckUnitForm(s, form, errors);
  if (!errors.empty()) return errors.ToError();

  const std::string hash = HashPassword(form.password);
  const int64_t now = UnixSeconds(env.clock.Now());
  WriteTx tx(s);
  LockAccountsCheck(s);
  if (storage::LoginTaken(s, form.credit_code)) return Duplicate("credit_code");
  const int64_t unit_id = InsertUnitAccount(s, form, hash, now);
  const auto unit = *storage::FindUnit(s, unit_id);
  const auto user = storage::FindUserByLogin(s, form.credit_code);
  Actor self{Principal{.user_id = user->id, .login = user->login, .name = user->name, .role = Role::kUnit},
             client_ip};
  Audit(s, self, now, "unit.register", "unit", std::to_string(unit.id),
        "单位注册：" + unit.name + "（" + unit.credit_code + "）");
  tx.Commit();
  return *storage::FindUnit(s, unit.id);
}

// ---- Importing units (docs/documents.md "Imports") ----

namespace {

struct UnitColumn {
  const char* header;
  double width;
  const char* field;  // the field of the registration form, for the report
};
constexpr UnitColumn kUnitColumns[] = {
    {"单位名称", 34, "name"},        {"统一社会信用代码", 22, "credit_code"},
    {"所在地区", 12, "region_code"}, {"单位类型", 12, "unit_type"},
    {"市属单位", 10, "city_level"},  {"主管部门", 28, "competent_department_id"},
    {"联系人", 10, "contact_name"},  {"联系人手机", 14, "mobile"},
};

}  // namespace

const std::vector<std::pair<std::string, double>>& UnitImportColumns() {
  static const std::vector<std::pair<std::string, double>> cols = [] {
    std::vector<std::pair<std::string, double>> v;
    for (const auto& c : kUnitColumns) v.emplace_back(c.header, c.width);
    return v;
  }();
  return cols;
}

Result<std::vector<ImportedUnit>> ImportUnits(Env& env, const Actor& actor,
                                              const std::vector<std::vector<std::string>>& rows) {
  constexpr size_t kNumCols = std::size(kUnitColumns);
  bool header_ok = !rows.empty() && rows[0].size() == kNumCols;
  for (size_t i = 0; header_ok && i < kNumCols; ++i) header_ok = Trim(rows[0][i]) == kUnitColumns[i].header;
  if (!header_ok) {
    std::string expected;
    for (const auto& c : kUnitColumns) expected += std::string(expected.empty() ? "" : "、") + c.header;
    return MakeError(errc::import_wrong_columns, expected);
  }
  Session s(env.db);
  const auto regions = storage::ListRegions(s);
  const auto departments = storage::ListDepartments(s);
  FieldErrors fe;
  std::vector<std::pair<UnitForm, size_t>> forms;  // with the spreadsheet row
  std::set<std::string> codes_in_file;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    auto cell = [&](size_t i) { return i < row.size() ? Trim(row[i]) : std::string(); };
    bool empty = true;
    for (size_t i = 0; i < row.size(); ++i) empty = empty && cell(i).empty();
    if (empty) continue;
    const std::string at = "rows[" + std::to_string(r + 1) + "].";
    FieldErrors row_errors;
    if (row.size() > kNumCols) row_errors.Add("extra", errc::import_extra_cells);
    UnitForm f;
    f.name = cell(0);
    f.credit_code = cell(1);
    for (const auto& reg : regions)
      if (reg.name == cell(2) || reg.code == cell(2)) f.region_code = reg.code;
    if (f.region_code.empty() && !cell(2).empty()) f.region_code = cell(2);  // reported as invalid_region
    const std::string type = cell(3);
    f.unit_type = type == "企业"       ? "enterprise"
                  : type == "事业单位" ? "public_institution"
                  : type == "其他"     ? "other"
                                       : type;
    const std::string city = cell(4);
    if (city == "是") {
      f.city_level = true;
    } else if (!city.empty() && city != "否") {
      row_errors.Add("city_level", errc::invalid_boolean);
    }
    for (const auto& d : departments)
      if (d.name == cell(5)) f.competent_department_id = d.id;
    if (!cell(5).empty() && !f.competent_department_id)
      row_errors.Add("competent_department_id", errc::invalid_department);
    f.contact_name = cell(6);
    f.mobile = cell(7);
    // An initial password the city admin hands to the unit with its login; the unit changes it.
    f.password = RandomCode(10) + "a1";
    CheckUnitForm(s, f, row_errors);
    if (!f.credit_code.empty() && !codes_in_file.insert(f.credit_code).second)
      row_errors.Add("credit_code", errc::import_duplicate_unit);
    std::vector<FieldError> list = row_errors.ToError().fields;
    for (const auto& e : list) fe.Add(at + e.field, e.code, e.detail);
    forms.emplace_back(std::move(f), r + 1);
  }
  if (forms.empty() && fe.empty()) return MakeError(errc::import_empty);
  const int64_t now = UnixSeconds(env.clock.Now());
  // Hashing is slow and needs no lock: done first, for the rows that may be written.
  std::vector<std::string> hashes;
  if (fe.empty())
    for (const auto& [f, row] : forms) hashes.push_back(HashPassword(f.password));
  WriteTx tx(s);
  LockAccountsCheck(s);
  for (const auto& [f, row] : forms)
    if (storage::LoginTaken(s, f.credit_code))
      fe.Add("rows[" + std::to_string(row) + "].credit_code", errc::already_registered);
  if (!fe.empty()) {
    Error e = fe.ToError();
    e.code = errc::import_rows_invalid;
    return e;
  }
  std::vector<ImportedUnit> out;
  for (size_t i = 0; i < forms.size(); ++i) {
    const auto& f = forms[i].first;
    const int64_t id = InsertUnitAccount(s, f, hashes[i], now);
    Audit(s, actor, now, "unit.import", "unit", std::to_string(id),
          "导入单位：" + f.name + "（" + f.credit_code + "）");
    out.push_back({id, f.credit_code, f.name, f.password});
  }
  tx.Commit();
  return out;
}

Result<LoginResult> Login(Env& env, const std::string& login, const std::string& password,
                          const std::string& client_ip) {
  FieldErrors errors;
  if (login.empty()) errors.Add("login", errc::required);
  if (password.empty()) errors.Add("password", errc::required);
  if (!errors.empty()) return errors.ToError();
  const std::string normalized = login.size() == 18 ? NormalizeResidentId(login) : login;
  const std::string key = normalized + "|" + client_ip;
  const int64_t now = UnixSeconds(env.clock.Now());
  Session s(env.db);
  if (LoginLocked(s, key, now)) {
    spdlog::warn("login locked for {} from {}", normalized, client_ip);
    return MakeError(errc::too_many_attempts);
  }
  auto user = storage::FindUserByLogin(s, normalized);
  const bool good =
      VerifyPassword(password, user ? user->password_hash : DummyHash()) && user && user->active;
  if (!good) {
    LoginFailed(s, key, now);
    spdlog::info("failed login for {} from {}", normalized, client_ip);
    return MakeError(errc::invalid_credentials);
  }
  // A one-time code is good for kResetCodeSeconds; after that only a new one helps.
  if (user->must_change_password && user->reset_expires_at <= now) return MakeError(errc::reset_code_expired);
  LoginResult out;
  out.token = RandomHex(32);
  out.csrf_token = RandomHex(24);
  out.principal = PrincipalOf(s, *user);
  out.user = *user;
  WriteTx tx(s);
  storage::ClearLoginFailures(s, key);
  storage::InsertSession(s, storage::SessionRecord{.token_hash = Sha256Hex(out.token),
                                                   .user_id = user->id,
                                                   .csrf_token = out.csrf_token,
                                                   .created_at = now,
                                                   .expires_at = now + kSessionIdleSeconds,
                                                   .client_ip = client_ip});
  Audit(s, Actor{out.principal, client_ip}, now, "auth.login", "user", std::to_string(user->id), "登录");
  tx.Commit();
  return out;
}

std::optional<Authenticated> Authenticate(Env& env, const std::string& token) {
  if (token.size() != 64) return std::nullopt;
  const std::string token_hash = Sha256Hex(token);
  const int64_t now = UnixSeconds(env.clock.Now());
  Session s(env.db);
  auto session = storage::FindSession(s, token_hash);
  if (!session || session->expires_at <= now || session->created_at + kSessionAbsoluteSeconds <= now) {
    return std::nullopt;
  }
  auto user = storage::FindUserById(s, session->user_id);
  if (!user || !user->active) return std::nullopt;
  // Slide the idle expiry, at most once a minute, to keep reads from turning into writes.
  if (now - session->last_seen_at >= 60) storage::TouchSession(s, token_hash, now, now + kSessionIdleSeconds);
  return Authenticated{PrincipalOf(s, *user), session->csrf_token, token_hash};
}

void Logout(Env& env, const Actor& actor, const std::string& token_hash) {
  Session s(env.db);
  WriteTx tx(s);
  storage::DeleteSession(s, token_hash);
  Audit(s, actor, UnixSeconds(env.clock.Now()), "auth.logout", "user",
        std::to_string(actor.principal.user_id), "退出登录");
  tx.Commit();
}

Status ChangePassword(Env& env, const Actor& actor, const std::string& token_hash,
                      const std::string& old_password, const std::string& new_password) {
  FieldErrors errors;
  if (old_password.empty()) errors.Add("old_password", errc::required);
  CheckPassword(errors, "new_password", new_password);
  if (!errors.empty()) return errors.ToError();
  Session s(env.db);
  auto user = storage::FindUserById(s, actor.principal.user_id);
  if (!user) return MakeError(errc::unauthenticated);
  if (!VerifyPassword(old_password, user->password_hash)) {
    errors.Add("old_password", errc::wrong_password);
    return errors.ToError();
  }
  const std::string hash = HashPassword(new_password);
  const int64_t now = UnixSeconds(env.clock.Now());
  WriteTx tx(s);
  storage::UpdatePasswordHash(s, user->id, hash, now);
  storage::DeleteOtherSessions(s, user->id, token_hash);  // sign out every other device
  Audit(s, actor, now, "account.password", "user", std::to_string(user->id), "修改密码");
  tx.Commit();
  return Ok{};
}

namespace {

// Whether `actor` may issue a one-time code for `target` (and, with `mobile`, reassign it).
bool MayReset(Session& s, const Principal& actor, const UserRecord& target, bool reassign) {
  if (target.id == actor.user_id) return false;  // one's own password is changed, not reset
  const Role role = ParseRole(target.role).value_or(Role::kApplicant);
  if (actor.role == Role::kCityAdmin) return true;
  if (role != Role::kApplicant) return false;
  std::optional<int64_t> unit_id;
  if (auto archive = storage::ArchivesRepo(s).Find(target.id)) unit_id = archive->unit_id;
  if (actor.role == Role::kUnit) return !reassign && unit_id && actor.unit_id && *unit_id == *actor.unit_id;
  if (actor.role == Role::kAcceptancePoint) {
    if (!unit_id) return true;  // an applicant without a unit: the acceptance point helps
    auto unit = storage::FindUnit(s, *unit_id);
    return unit && !unit->city_level && unit->region_code == actor.region_code;
  }
  return false;
}

}  // namespace

Result<IssuedResetCode> IssueResetCode(Env& env, const Actor& actor, const ResetForm& form) {
  FieldErrors errors;
  if (form.account.empty()) errors.Add("account", errc::required);
  CheckText(errors, "reason", form.reason);
  if (form.mobile) {
    if (actor.principal.role != Role::kAcceptancePoint && actor.principal.role != Role::kCityAdmin)
      errors.Add("mobile", errc::forbidden);
    else
      CheckMobile(errors, "mobile", *form.mobile);
  }
  if (!errors.empty()) return errors.ToError();
  const std::string normalized = form.account.size() == 18 ? NormalizeResidentId(form.account) : form.account;
  // A code of 10 characters from 32 without look-alikes: 50 bits, typed once.
  const std::string code = RandomCode(10);
  const std::string hash = HashPassword(code);
  const int64_t now = UnixSeconds(env.clock.Now());
  Session s(env.db);
  WriteTx tx(s);
  auto user = storage::FindUserByLogin(s, normalized);
  // Someone outside the caller's scope is "not found", as for any record.
  if (!user || !MayReset(s, actor.principal, *user, form.mobile.has_value()))
    return MakeError(errc::not_found);
  if (form.mobile && *form.mobile != user->mobile && user->role == "applicant") {
    LockAccountsCheck(s);
    if (storage::ApplicantMobileTaken(s, *form.mobile)) {
      errors.Add("mobile", errc::registration_conflict);
      return errors.ToError();
    }
  }
  const std::string by =
      actor.principal.name + "（" + std::string(RoleLabel(actor.principal.role, Lang::kZh)) + "）";
  const int64_t expires = now + kResetCodeSeconds;
  storage::SetResetCode(s, user->id, hash, expires, by, form.mobile);
  std::string summary = "签发一次性登录码：" + form.reason;
  if (form.mobile) summary += "；经现场核验身份，手机号改为 " + *form.mobile;
  Audit(s, actor, now, form.mobile ? "account.reassign" : "account.reset_code", "user",
        std::to_string(user->id), summary);
  tx.Commit();
  if (form.mobile) user->mobile = *form.mobile;
  return IssuedResetCode{.user = *user, .code = code, .expires_at = expires, .reset_by = by};
}

std::optional<UserRecord> FindUser(Env& env, int64_t user_id) {
  Session s(env.db);
  return storage::FindUserById(s, user_id);
}

std::optional<UnitRecord> FindUnit(Env& env, int64_t unit_id) {
  Session s(env.db);
  return storage::FindUnit(s, unit_id);
}

std::vector<storage::RegionRecord> Regions(Env& env) {
  Session s(env.db);
  return storage::ListRegions(s);
}

std::vector<storage::DepartmentRecord> Departments(Env& env) {
  Session s(env.db);
  return storage::ListDepartments(s);
}

Result<UnitRecord> UploadUnitLetter(Env& env, const Actor& actor, std::string_view pdf) {
  const Principal& p = actor.principal;
  if (p.role != Role::kUnit || !p.unit_id) return MakeError(errc::forbidden);
  if (pdf.empty()) return MakeError(errc::empty_body);
  if (!LooksLikePdf(pdf)) return MakeError(errc::not_pdf);
  Session s(env.db);
  auto unit = storage::FindUnit(s, *p.unit_id);
  if (!unit) return MakeError(errc::not_found);
  if (unit->status == "approved") return MakeError(errc::invalid_state, "letter already approved");
  const std::string sha = env.blobs.Put(pdf);  // content-addressed: safe to store before the transaction
  const int64_t now = UnixSeconds(env.clock.Now());
  WriteTx tx(s);
  storage::RecordBlob(s, sha, static_cast<int64_t>(pdf.size()), "application/pdf", now);
  storage::SetUnitLetter(s, unit->id, sha, static_cast<int64_t>(pdf.size()), now);
  Audit(s, actor, now, "unit.letter_upload", "unit", std::to_string(unit->id),
        "上传授权委托书（" + std::to_string(pdf.size()) + " 字节，SHA-256 " + sha.substr(0, 12) + "…）");
  tx.Commit();
  return *storage::FindUnit(s, unit->id);
}

Result<UnitRecord> UpdateUnitContact(Env& env, const Actor& actor, const std::string& contact_name,
                                     const std::string& mobile) {
  const Principal& p = actor.principal;
  if (p.role != Role::kUnit || !p.unit_id) return MakeError(errc::forbidden);
  FieldErrors errors;
  CheckText(errors, "contact_name", contact_name);
  CheckMobile(errors, "mobile", mobile);
  if (!errors.empty()) return errors.ToError();
  Session s(env.db);
  WriteTx tx(s);
  storage::SetUnitContact(s, *p.unit_id, contact_name, mobile);
  Audit(s, actor, UnixSeconds(env.clock.Now()), "unit.contact", "unit", std::to_string(*p.unit_id),
        "修改联系人：" + contact_name);
  tx.Commit();
  return *storage::FindUnit(s, *p.unit_id);
}

bool CanSeeUnit(const Principal& p, const UnitRecord& u) {
  switch (p.role) {
    case Role::kCityAdmin:
    case Role::kCommitteeOffice:
      return true;
    case Role::kAcceptancePoint:
      return !u.city_level && u.region_code == p.region_code;
    case Role::kCompetentDepartment:
      return u.city_level && u.competent_department_id == p.department_id;
    case Role::kUnit:
      return p.unit_id == u.id;
    default:
      return false;
  }
}

bool CanReviewUnit(const Principal& p, const UnitRecord& u) {
  if (p.role == Role::kAcceptancePoint) return CanSeeUnit(p, u);
  if (p.role == Role::kCityAdmin) return u.city_level;
  return false;
}

Result<storage::UnitPage> ListUnitsInScope(Env& env, const Principal& p, storage::UnitFilter filter) {
  switch (p.role) {
    case Role::kAcceptancePoint:
      filter.region_code = p.region_code;
      filter.city_level = false;
      break;
    case Role::kCompetentDepartment:
      filter.competent_department_id = p.department_id.value_or(-1);
      filter.city_level = true;
      break;
    case Role::kCityAdmin:
    case Role::kCommitteeOffice:
      break;
    default:
      return MakeError(errc::forbidden);
  }
  Session s(env.db);
  return storage::ListUnits(s, filter);
}

Result<storage::UnitPage> LookupUnits(Env& env, const std::string& q, const std::string& region_code) {
  FieldErrors errors;
  const std::string text = Trim(q);
  if (Utf8Length(text) < 2)
    errors.Add("q", errc::too_short);
  else if (Utf8Length(text) > 100)
    errors.Add("q", errc::too_long);
  std::optional<std::string> region;
  if (!region_code.empty()) {
    const auto regions = Regions(env);
    if (std::none_of(regions.begin(), regions.end(), [&](const auto& r) { return r.code == region_code; }))
      errors.Add("region_code", errc::unknown_code);
    region = region_code;
  }
  if (!errors.empty()) return errors.ToError();
  Session s(env.db);
  return storage::ListUnits(s,
                            {.status = "approved", .q = text, .region_code = region, .page = {.size = 20}});
}

Result<UnitRecord> ReviewUnitLetter(Env& env, const Actor& actor, int64_t unit_id, LetterDecision decision,
                                    const std::string& reason) {
  if (decision == LetterDecision::kReject) {
    FieldErrors errors;
    CheckText(errors, "reason", reason, false);
    if (errors.Has("reason") && reason.empty()) {
      errors = FieldErrors();
      errors.Add("reason", errc::reason_required);
    }
    if (!errors.empty()) return errors.ToError();
  }
  Session s(env.db);
  WriteTx tx(s);
  storage::LockRow(s, "units", unit_id);  // one decision per letter, also when two reviewers click at once
  auto unit = storage::FindUnit(s, unit_id);
  if (!unit) return MakeError(errc::not_found);
  // Outside the caller's scope a unit is as unknown as one that does not exist (as every other record is).
  if (!CanSeeUnit(actor.principal, *unit)) return MakeError(errc::not_found);
  if (!CanReviewUnit(actor.principal, *unit)) return MakeError(errc::forbidden);
  if (unit->status != "letter_pending") return MakeError(errc::invalid_state, "unit status " + unit->status);
  const int64_t now = UnixSeconds(env.clock.Now());
  const bool approve = decision == LetterDecision::kApprove;
  storage::SetUnitStatus(s, unit_id, approve ? "approved" : "letter_rejected", approve ? "" : reason,
                         actor.principal.user_id, now);
  Audit(s, actor, now, approve ? "unit.letter_approve" : "unit.letter_reject", "unit",
        std::to_string(unit_id),
        (approve ? "通过授权委托书：" : "退回授权委托书：") + unit->name +
            (approve ? "" : "；理由：" + reason));
  tx.Commit();
  return *storage::FindUnit(s, unit_id);
}

Result<std::string> UnitLetterPath(Env& env, const Principal& p, int64_t unit_id) {
  std::string sha;
  {
    Session s(env.db);
    auto unit = storage::FindUnit(s, unit_id);
    if (!unit) return MakeError(errc::not_found);
    if (!CanSeeUnit(p, *unit)) return MakeError(errc::not_found);
    if (unit->letter_sha256.empty()) return MakeError(errc::not_found, "no letter uploaded");
    sha = unit->letter_sha256;
  }
  return env.blobs.PathOf(sha).string();  // after the session: in shared mode this may fetch it
}

Result<UserRecord> CreateStaffAccount(Env& env, const Actor& actor, const StaffForm& form) {
  FieldErrors errors;
  Session s(env.db);
  const auto role = ParseRole(form.role);
  if (form.role.empty()) {
    errors.Add("role", errc::required);
  } else if (!role || *role == Role::kApplicant || *role == Role::kUnit) {
    errors.Add("role", errc::invalid_role);
  }
  static const std::regex kLogin("[A-Za-z0-9._-]{3,32}");
  if (form.login.empty()) {
    errors.Add("login", errc::required);
  } else if (!std::regex_match(form.login, kLogin)) {
    errors.Add("login", errc::invalid_login);
  }
  CheckText(errors, "name", form.name);
  CheckPassword(errors, "password", form.password);
  if (role == Role::kAcceptancePoint) {
    if (form.region_code.empty()) {
      errors.Add("region_code", errc::required);
    } else if (!storage::FindRegion(s, form.region_code)) {
      errors.Add("region_code", errc::invalid_region);
    }
  }
  if (role == Role::kCompetentDepartment) CheckText(errors, "department_name", form.department_name);
  if (!errors.empty()) return errors.ToError();

  const std::string hash = HashPassword(form.password);
  const int64_t now = UnixSeconds(env.clock.Now());
  WriteTx tx(s);
  LockAccountsCheck(s);
  if (storage::LoginTaken(s, form.login)) return Duplicate("login");
  UserRecord u{.login = form.login,
               .name = form.name,
               .role = form.role,
               .password_hash = hash,
               .region_code = *role == Role::kAcceptancePoint ? form.region_code : "",
               .created_at = now,
               .password_changed_at = now};
  if (*role == Role::kCompetentDepartment)
    u.department_id = storage::FindOrCreateDepartment(s, form.department_name, now);
  u.id = storage::InsertUser(s, u);
  Audit(s, actor, now, "account.create", "user", std::to_string(u.id),
        "创建账号：" + u.login + "（" + u.role + "，" + u.name + "）");
  tx.Commit();
  return u;
}

Result<storage::UserPage> ListStaffAccounts(Env& env, const std::string& role,
                                            const storage::PageRequest& page) {
  Session s(env.db);
  return storage::ListStaff(s, role, page);
}

}  // namespace zc::accounts
