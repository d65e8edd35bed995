#pragma once
// The requests and answers of accounts, sign-in, units and the audit log on the wire: the types of the API
// contract (base/contract.hpp, docs/api.md). The route table names them for each operation
// (http/contract.cpp); /api/v1/openapi.json and the web app's TypeScript types are generated from them, and
// the black-box tests check every answer and every accepted body against them. A member the server sends and
// this file lacks fails those tests.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/contract.hpp"

namespace zc::accounts::views {

struct AdminAccountsPostRequest {
  std::string role;
  std::string login;
  std::string name;
  std::string password;
  std::optional<std::string> region_code;      // an acceptance point's county
  std::optional<std::string> department_name;  // a competent department's name
};
ZC_CONTRACT(AdminAccountsPostRequest, (role, login, name, password, region_code, department_name))

struct Unit {
  int64_t id;
  std::string credit_code;
  std::string name;
  std::string region_code;
  std::string region_name;
  std::string unit_type;
  bool city_level;
  std::optional<int64_t> competent_department_id;
  std::string competent_department_name;
  std::string contact_name;
  std::string mobile;
  std::string status;
  std::string reject_reason;
  std::string letter_uploaded_at;
  std::string created_at;
};
ZC_CONTRACT(Unit, (id, credit_code, name, region_code, region_name, unit_type, city_level,
                   competent_department_id, competent_department_name, contact_name, mobile, status,
                   reject_reason, letter_uploaded_at, created_at))

struct User {
  int64_t id;
  std::string login;
  std::string name;
  std::string role;
  std::string region_code;
  std::string region_name;
  std::string mobile;
  std::optional<Unit> unit;
  std::optional<int64_t> department_id;
  std::string created_at;
};
ZC_CONTRACT(User, (id, login, name, role, region_code, region_name, mobile, unit, department_id, created_at))

struct CreatedAccount {
  User user;
};
ZC_CONTRACT(CreatedAccount, (user))

struct UserPage {
  std::vector<User> items;
  int64_t total;
  int64_t page_size;
  std::optional<std::string> next_cursor;
};
ZC_CONTRACT(UserPage, (items, total, page_size, next_cursor))

using CodeName = contract::CodeName;

struct AuditResponseItem {
  int64_t id;
  std::string at;
  std::optional<int64_t> actor_id;
  std::string actor_login;
  std::string role;
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string summary;
  std::string client_ip;
};
ZC_CONTRACT(AuditResponseItem,
            (id, at, actor_id, actor_login, role, action, object_type, object_id, summary, client_ip))

struct AuditPage {
  std::vector<AuditResponseItem> items;
  int64_t total;
  int64_t page_size;
  std::optional<std::string> next_cursor;
};
ZC_CONTRACT(AuditPage, (items, total, page_size, next_cursor))

struct AuthLoginPostRequest {
  std::string login;
  std::string password;
};
ZC_CONTRACT(AuthLoginPostRequest, (login, password))

struct SignedIn {
  User user;
  std::string csrf_token;
  // Signed in with a one-time code: nothing but POST /auth/password (and /auth/me, /auth/logout) until a
  // new password is set; `password_reset_by` says who issued the code.
  bool must_change_password;
  contract::Nullable<std::string> password_reset_by;
};
ZC_CONTRACT(SignedIn, (user, csrf_token, must_change_password, password_reset_by))

// POST /accounts/reset-code: the account by its login or identity number, why, and (acceptance point or city
// admin, with the person in front of them) the mobile to reassign it to.
struct AccountsResetCodePostRequest {
  std::string account;
  std::string reason;
  std::optional<std::string> mobile;
};
ZC_CONTRACT(AccountsResetCodePostRequest, (account, reason, mobile))

struct ResetCode {
  int64_t user_id;
  std::string login;
  std::string name;
  std::string code;  // shown once; the person signs in with it and must then choose a password
  std::string expires_at;
  std::string reset_by;
};
ZC_CONTRACT(ResetCode, (user_id, login, name, code, expires_at, reset_by))

struct AuthPasswordPostRequest {
  std::string old_password;
  std::string new_password;
};
ZC_CONTRACT(AuthPasswordPostRequest, (old_password, new_password))

struct AuthRegisterApplicantPostRequest {
  std::string name;
  std::string id_number;
  std::string mobile;
  std::string password;
};
ZC_CONTRACT(AuthRegisterApplicantPostRequest, (name, id_number, mobile, password))

struct AuthRegisterUnitPostRequest {
  std::string credit_code;
  std::string name;
  std::string region_code;
  std::string unit_type;
  std::optional<bool> city_level;
  std::string contact_name;
  std::string mobile;
  std::string password;
  std::optional<int64_t> competent_department_id;
};
ZC_CONTRACT(AuthRegisterUnitPostRequest, (credit_code, name, region_code, unit_type, city_level, contact_name,
                                          mobile, password, competent_department_id))

struct UnitEnvelope {
  Unit unit;
};
ZC_CONTRACT(UnitEnvelope, (unit))

struct CompetentDepartment {
  int64_t id;
  std::string name;
};
ZC_CONTRACT(CompetentDepartment, (id, name))

// POST /units/{id}/approve: a note is optional.
struct OptionalReasonRequest {
  std::optional<std::string> reason;
};
ZC_CONTRACT(OptionalReasonRequest, (reason))

struct ReasonRequest {
  std::string reason;
};
ZC_CONTRACT(ReasonRequest, (reason))

struct ImportedUnitAccount {
  int64_t unit_id;
  std::string credit_code;
  std::string name;
  std::string login;
  std::string initial_password;
};
ZC_CONTRACT(ImportedUnitAccount, (unit_id, credit_code, name, login, initial_password))

struct UnitImport {
  int64_t imported;
  std::vector<ImportedUnitAccount> accounts;
};
ZC_CONTRACT(UnitImport, (imported, accounts))

struct UnitPage {
  std::vector<Unit> items;
  int64_t total;
  int64_t page_size;
  std::optional<std::string> next_cursor;
};
ZC_CONTRACT(UnitPage, (items, total, page_size, next_cursor))

// GET /unit-directory: what an applicant sees of a unit when naming their own.
struct UnitDirectoryEntry {
  std::string credit_code;
  std::string name;
  std::string region_name;
  bool city_level;
};
ZC_CONTRACT(UnitDirectoryEntry, (credit_code, name, region_name, city_level))

struct UnitDirectory {
  std::vector<UnitDirectoryEntry> items;
  int64_t total;  // all matches; items holds the first 20
};
ZC_CONTRACT(UnitDirectory, (items, total))

struct UnitsMePatchRequest {
  std::string contact_name;
  std::string mobile;
};
ZC_CONTRACT(UnitsMePatchRequest, (contact_name, mobile))

}  // namespace zc::accounts::views
