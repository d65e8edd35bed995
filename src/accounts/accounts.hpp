#pragma once
// People, units, roles, sessions and data scope. Every write runs in one transaction together with its
// audit row. Functions return Result<…>; form problems come back all at once as FieldErrors.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "storage/accounts_repo.hpp"
#include "storage/blob_store.hpp"
#include "storage/database.hpp"

namespace zc::accounts {

enum class Role {
  kApplicant,
  kUnit,
  kAcceptancePoint,
  kCompetentDepartment,
  kCommitteeOffice,
  kExpert,
  kCityAdmin
};

inline constexpr Role kAllRoles[] = {
    Role::kApplicant,       Role::kUnit,   Role::kAcceptancePoint, Role::kCompetentDepartment,
    Role::kCommitteeOffice, Role::kExpert, Role::kCityAdmin};

std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
// A role's name for people (申报人, 用人单位 …; Applicant, Unit …): the one wording of the audit log, the
// one-time code's "reset by", the Excel exports and the web app's labels (web/src/i18n `roles`).
std::string_view RoleLabel(Role r, Lang lang);

// Who is acting, as established from the session.
struct Principal {
  int64_t user_id = 0;
  std::string login;
  std::string name;
  Role role = Role::kApplicant;
  std::string region_code;               // acceptance points; units (their region); applicants (none)
  std::optional<int64_t> unit_id;        // unit accounts
  std::optional<int64_t> department_id;  // competent departments
  std::string unit_status;               // unit accounts: letter_required … approved
  bool must_change_password = false;     // signed in with a one-time code (IssueResetCode)
  // The language of this request's answers (names, sentences, error messages): chosen once per request by
  // http from Accept-Language, read by the domain wherever it names something.
  Lang lang = Lang::kZh;
};

struct Actor {
  Principal principal;
  std::string client_ip;
};

// Appends one entry to the audit log within the open transaction: who (the actor), when, what and on what.
void Audit(storage::Session& s, const Actor& actor, int64_t at, const std::string& action,
           const std::string& object_type, const std::string& object_id, const std::string& summary);

// What the module needs from the outside. The clock is injected so tests move time.
struct Env {
  storage::Database& db;
  const Clock& clock;
  storage::BlobStore& blobs;
};

// ---- Registration ----
struct ApplicantForm {
  std::string name;
  std::string id_number;
  std::string mobile;
  std::string password;
};
Result<storage::UserRecord> RegisterApplicant(Env& env, const ApplicantForm& form,
                                              const std::string& client_ip);

struct UnitForm {
  std::string credit_code;
  std::string name;
  std::string region_code;
  std::string unit_type;  // enterprise | public_institution | other
  bool city_level = false;
  std::optional<int64_t> competent_department_id;
  std::string contact_name;
  std::string mobile;
  std::string password;
};
Result<storage::UnitRecord> RegisterUnit(Env& env, const UnitForm& form, const std::string& client_ip);

// Units imported by the city admin from the template: each row is checked as a registration is, all in one
// transaction (every unit or none; wrong rows are import_rows_invalid with a field error per cell named
// rows[N].<field>). Each unit gets its account (login: the credit code) with an initial password returned
// here once, and must still upload its authorisation letter.
struct ImportedUnit {
  int64_t id = 0;
  std::string credit_code, name, initial_password;
};
const std::vector<std::pair<std::string, double>>& UnitImportColumns();
Result<std::vector<ImportedUnit>> ImportUnits(Env& env, const Actor& actor,
                                              const std::vector<std::vector<std::string>>& rows);

// ---- Sessions ----
inline constexpr int64_t kSessionIdleSeconds = 2 * 3600;
inline constexpr int64_t kSessionAbsoluteSeconds = 12 * 3600;
inline constexpr int kMaxFailedLogins = 5;           // per account and address …
inline constexpr int64_t kLockoutSeconds = 15 * 60;  // … within this window, then locked for it

struct LoginResult {
  Principal principal;
  storage::UserRecord user;
  std::string token;  // the cookie value; only its hash is stored
  std::string csrf_token;
};
Result<LoginResult> Login(Env& env, const std::string& login, const std::string& password,
                          const std::string& client_ip);

struct Authenticated {
  Principal principal;
  std::string csrf_token;
  std::string token_hash;
};
// The live session for a cookie token, sliding its idle expiry; nullopt when absent or expired.
std::optional<Authenticated> Authenticate(Env& env, const std::string& token);
void Logout(Env& env, const Actor& actor, const std::string& token_hash);
Status ChangePassword(Env& env, const Actor& actor, const std::string& token_hash,
                      const std::string& old_password, const std::string& new_password);

// ---- One-time codes (issue 18: a way back into a forgotten password; issue 16: in-person reassignment) ----
inline constexpr int64_t kResetCodeSeconds = 72 * 3600;
struct ResetForm {
  std::string account;  // login or identity number
  std::string reason;
  std::optional<std::string> mobile;  // acceptance point and city admin only: reassigns the account
};
struct IssuedResetCode {
  storage::UserRecord user;
  std::string code;
  int64_t expires_at = 0;
  std::string reset_by;
};
// A unit for the applicants whose archive names it; an acceptance point for applicants without a unit or
// with a unit of its county (and, having checked their identity in person, may give the account a new
// mobile); the city admin for any applicant, unit or staff account. The code replaces the password, signs
// the account out everywhere and lasts kResetCodeSeconds; audited.
Result<IssuedResetCode> IssueResetCode(Env& env, const Actor& actor, const ResetForm& form);

// ---- Users and units as seen by the API ----
std::optional<storage::UserRecord> FindUser(Env& env, int64_t user_id);
std::optional<storage::UnitRecord> FindUnit(Env& env, int64_t unit_id);
std::vector<storage::RegionRecord> Regions(Env& env);
std::vector<storage::DepartmentRecord> Departments(Env& env);

// ---- Unit authorisation letter ----
Result<storage::UnitRecord> UploadUnitLetter(Env& env, const Actor& actor, std::string_view pdf);
// The unit's contact person and mobile number (an approved unit's own housekeeping).
Result<storage::UnitRecord> UpdateUnitContact(Env& env, const Actor& actor, const std::string& contact_name,
                                              const std::string& mobile);
// Data scope: may this person see the unit at all?
bool CanSeeUnit(const Principal& p, const storage::UnitRecord& u);
// May this person approve or reject the unit's letter? County units: their acceptance point; city-level
// units: the city admin.
bool CanReviewUnit(const Principal& p, const storage::UnitRecord& u);
Result<storage::UnitPage> ListUnitsInScope(Env& env, const Principal& p, storage::UnitFilter filter);
// The unit directory an applicant names their unit from: approved units whose name or credit code contains
// `q` (at least two characters), within `region_code` when given (empty: the whole city), at most 20. Only
// what identifies a unit (name, credit code, region), never its contact person.
Result<storage::UnitPage> LookupUnits(Env& env, const std::string& q, const std::string& region_code);
enum class LetterDecision { kApprove, kReject };
Result<storage::UnitRecord> ReviewUnitLetter(Env& env, const Actor& actor, int64_t unit_id,
                                             LetterDecision decision, const std::string& reason);
// The stored letter's path, after the scope check.
Result<std::string> UnitLetterPath(Env& env, const Principal& p, int64_t unit_id);

// ---- Staff accounts (created by the city admin; the first admin by the CLI) ----
struct StaffForm {
  std::string role;
  std::string login;
  std::string name;
  std::string password;
  std::string region_code;      // acceptance_point
  std::string department_name;  // competent_department
};
Result<storage::UserRecord> CreateStaffAccount(Env& env, const Actor& actor, const StaffForm& form);
Result<storage::UserPage> ListStaffAccounts(Env& env, const std::string& role,
                                            const storage::PageRequest& page);

// True when `data` starts like a PDF file (magic bytes, not the file name or declared type).
bool LooksLikePdf(std::string_view data);

}  // namespace zc::accounts
