#pragma once
// Repository of the accounts aggregate: users, units, competent departments, sessions and regions. Plain
// records in, plain records out; every function runs on the caller's session (and transaction, if open).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct RegionRecord {
  std::string code;
  std::string name;
};

struct DepartmentRecord {
  int64_t id = 0;
  std::string name;
};

struct UserRecord {
  int64_t id = 0;
  std::string login;
  std::string name;
  std::string role;
  std::string password_hash;
  std::string mobile;
  std::string id_number;  // applicants only
  std::string region_code;
  std::string region_name;  // joined
  std::optional<int64_t> unit_id;
  std::optional<int64_t> department_id;
  bool active = true;
  int64_t created_at = 0;
  int64_t password_changed_at = 0;
  // A one-time code set by someone else (IssueResetCode): the next sign-in must set a new password.
  bool must_change_password = false;
  int64_t reset_expires_at = 0;
  std::string reset_by;  // who issued the code, as the person is told
};

struct UnitRecord {
  int64_t id = 0;
  std::string credit_code;
  std::string name;
  std::string region_code;
  std::string region_name;  // joined
  std::string unit_type;
  bool city_level = false;
  std::optional<int64_t> competent_department_id;
  std::string competent_department_name;  // joined
  std::string contact_name;
  std::string mobile;
  std::string status;
  std::string reject_reason;
  std::string letter_sha256;
  int64_t letter_size = 0;
  int64_t letter_uploaded_at = 0;
  int64_t created_at = 0;
};

struct SessionRecord {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  int64_t last_seen_at = 0;
  std::string client_ip;
};

// Regions and departments.
std::vector<RegionRecord> ListRegions(Session& s);
std::optional<RegionRecord> FindRegion(Session& s, const std::string& code);
std::vector<DepartmentRecord> ListDepartments(Session& s);
std::optional<DepartmentRecord> FindDepartment(Session& s, int64_t id);
int64_t FindOrCreateDepartment(Session& s, const std::string& name, int64_t now);

// Users. FindUserByLogin also matches an applicant's mobile number.
std::optional<UserRecord> FindUserByLogin(Session& s, const std::string& login);
std::optional<UserRecord> FindUserById(Session& s, int64_t id);
bool LoginTaken(Session& s, const std::string& login);
bool ApplicantMobileTaken(Session& s, const std::string& mobile);
int64_t InsertUser(Session& s, const UserRecord& u);
void UpdatePasswordHash(Session& s, int64_t user_id, const std::string& hash, int64_t now);
struct UserPage {
  std::vector<UserRecord> items;
  int64_t total = 0;
  std::optional<Cursor> next;
};
// Newest first, so that an account just created heads the list.
UserPage ListStaff(Session& s, const std::string& role, const PageRequest& page);

// Units.
std::optional<UnitRecord> FindUnit(Session& s, int64_t id);
std::optional<UnitRecord> FindUnitByCreditCode(Session& s, const std::string& code);
int64_t InsertUnit(Session& s, const UnitRecord& u);
void SetUnitContact(Session& s, int64_t unit_id, const std::string& contact_name, const std::string& mobile);
void SetUnitLetter(Session& s, int64_t unit_id, const std::string& sha256, int64_t size, int64_t now);
void SetUnitStatus(Session& s, int64_t unit_id, const std::string& status, const std::string& reason,
                   int64_t reviewer, int64_t now);
struct UnitFilter {
  std::string status;                      // empty: any
  std::string q;                           // name or credit code contains
  std::optional<std::string> region_code;  // county scope
  std::optional<bool> city_level;          // county staff see county units, the city admin city-level ones
  std::optional<int64_t> competent_department_id;  // a department sees its own units
  PageRequest page;
};
struct UnitPage {
  std::vector<UnitRecord> items;
  int64_t total = 0;
  std::optional<Cursor> next;
};
UnitPage ListUnits(Session& s, const UnitFilter& f);

// A public institution's post-structure quota for one title level.
void SetUnitQuota(Session& s, int64_t unit_id, const std::string& level, int quota);

// Blobs.
void RecordBlob(Session& s, const std::string& sha256, int64_t size, const std::string& content_type,
                int64_t now);

// Sessions (stored by the SHA-256 of the cookie token, never the token itself).
// Failed sign-ins per key (account and address): counted since a time, recorded (forgetting those at or
// before `forget_before`), and cleared after a successful sign-in.
int64_t CountLoginFailures(Session& s, const std::string& key, int64_t since);
void RecordLoginFailure(Session& s, const std::string& key, int64_t at, int64_t forget_before);
void ClearLoginFailures(Session& s, const std::string& key);

void InsertSession(Session& s, const SessionRecord& r);
std::optional<SessionRecord> FindSession(Session& s, const std::string& token_hash);
void TouchSession(Session& s, const std::string& token_hash, int64_t now, int64_t expires_at);
void DeleteSession(Session& s, const std::string& token_hash);
// Sets a one-time code (its hash) as the account's password, to be replaced at the next sign-in; signs the
// account out everywhere; with `mobile`, also the account's mobile (in-person reassignment).
void SetResetCode(Session& s, int64_t user_id, const std::string& hash, int64_t expires_at,
                  const std::string& reset_by, const std::optional<std::string>& mobile);
void DeleteOtherSessions(Session& s, int64_t user_id, const std::string& keep_token_hash);

}  // namespace zc::storage
