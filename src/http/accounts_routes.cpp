// Routes of the accounts area: registration, sessions, unit authorisation letters, staff accounts, audit.
// Each handler parses, calls one accounts function and maps its result.
#include <boost/json.hpp>

#include "base/time.hpp"
#include "documents/xlsx.hpp"
#include "documents/xlsx_read.hpp"
#include "http/api.hpp"
#include "storage/audit.hpp"

namespace zc::http {
namespace json = boost::json;
using accounts::Role;

namespace {

// A list's answer: {items, total, page_size, next_cursor} (next_cursor null on the last page).
json::object PageJson(json::array items, int64_t total, const storage::PageRequest& page,
                      const std::optional<storage::Cursor>& next) {
  return json::object{{"items", std::move(items)},
                      {"total", total},
                      {"page_size", page.size},
                      {"next_cursor", next ? json::value(storage::CursorText(*next)) : json::value(nullptr)}};
}

constexpr size_t kLetterLimit = size_t{10} * 1024 * 1024;

json::value UnitJson(const storage::UnitRecord& u) {
  json::object o{{"id", u.id},
                 {"credit_code", u.credit_code},
                 {"name", u.name},
                 {"region_code", u.region_code},
                 {"region_name", u.region_name},
                 {"unit_type", u.unit_type},
                 {"city_level", u.city_level},
                 {"competent_department_id", nullptr},
                 {"competent_department_name", u.competent_department_name},
                 {"contact_name", u.contact_name},
                 {"mobile", u.mobile},
                 {"status", u.status},
                 {"reject_reason", u.reject_reason},
                 {"letter_uploaded_at", IsoTime(u.letter_uploaded_at)},
                 {"created_at", IsoTime(u.created_at)}};
  if (u.competent_department_id) o["competent_department_id"] = *u.competent_department_id;
  return o;
}

json::value UserJson(accounts::Env& env, const storage::UserRecord& u) {
  json::object o{{"id", u.id},
                 {"login", u.login},
                 {"name", u.name},
                 {"role", u.role},
                 {"region_code", u.region_code},
                 {"region_name", u.region_name},
                 {"mobile", u.mobile},
                 {"unit", nullptr},
                 {"department_id", nullptr},
                 {"created_at", IsoTime(u.created_at)}};
  if (u.unit_id) {
    if (auto unit = accounts::FindUnit(env, *u.unit_id)) o["unit"] = UnitJson(*unit);
  }
  if (u.department_id) o["department_id"] = *u.department_id;
  return o;
}

// The answer of sign-in and /auth/me: the user, the CSRF token, and whether a new password is due.
json::value SignedInJson(accounts::Env& env, const storage::UserRecord& u, const std::string& csrf) {
  return json::object{{"user", UserJson(env, u)},
                      {"csrf_token", csrf},
                      {"must_change_password", u.must_change_password},
                      {"password_reset_by",
                       u.must_change_password && !u.reset_by.empty() ? json::value(u.reset_by) : nullptr}};
}

json::value UnitPageJson(const storage::UnitPage& p, const storage::PageRequest& page) {
  json::array items;
  for (const auto& u : p.items) items.push_back(UnitJson(u));
  return PageJson(std::move(items), p.total, page, p.next);
}

Response SessionCookie(Response r, const std::string& token, int64_t max_age, bool secure) {
  // Over HTTPS the cookie takes the __Host- prefix: the browser then keeps it only if it is Secure, set by
  // this host itself and valid for the whole site, so no sibling subdomain can plant or shadow it.
  r.headers.emplace_back("Set-Cookie", SessionCookieName(secure) + "=" + token +
                                           "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                           std::to_string(max_age) + (secure ? "; Secure" : ""));
  return r;
}

}  // namespace

std::vector<Route> AccountRoutes(accounts::Env& env, const ApiOptions& options) {
  const bool secure = options.secure_cookies;
  using R = Role;
  std::vector<Route> routes;

  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/regions",
                         .access = Access::kPublic,
                         .summary = "Regions (county-level acceptance points)",
                         .handler = [&env](Context&) {
                           json::array a;
                           for (const auto& r : accounts::Regions(env)) {
                             a.push_back(json::object{{"code", r.code}, {"name", r.name}});
                           }
                           return Json(200, a);
                         }});

  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/competent-departments",
                         .access = Access::kPublic,
                         .summary = "Competent departments of city-level units",
                         .handler = [&env](Context&) {
                           json::array a;
                           for (const auto& d : accounts::Departments(env)) {
                             a.push_back(json::object{{"id", d.id}, {"name", d.name}});
                           }
                           return Json(200, a);
                         }});

  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/register/applicant",
                         .access = Access::kPublic,
                         .summary = "Register an applicant (resident ID checked per GB 11643)",
                         .handler = [&env](Context& ctx) {
                           Error e;
                           auto body = ParseObject(ctx.request, e);
                           if (!body) return ErrorOf(e, ctx.lang);
                           FieldErrors fe;
                           RejectUnknownFields(*body, {"name", "id_number", "mobile", "password"}, fe);
                           accounts::ApplicantForm form{
                               StrField(*body, "name", fe), StrField(*body, "id_number", fe),
                               StrField(*body, "mobile", fe), StrField(*body, "password", fe)};
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Map(
                               accounts::RegisterApplicant(env, form, ctx.request.client_ip), ctx.lang,
                               [&](const storage::UserRecord& u) {
                                 return json::object{{"user", UserJson(env, u)}};
                               },
                               201);
                         }});
  routes.back().password_work = PasswordWork::kOther;

  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/register/unit",
                         .access = Access::kPublic,
                         .summary = "Register a unit as a legal person (credit code checked per GB 32100)",
                         .handler = [&env](Context& ctx) {
                           Error e;
                           auto body = ParseObject(ctx.request, e);
                           if (!body) return ErrorOf(e, ctx.lang);
                           FieldErrors fe;
                           accounts::UnitForm form{
                               .credit_code = StrField(*body, "credit_code", fe),
                               .name = StrField(*body, "name", fe),
                               .region_code = StrField(*body, "region_code", fe),
                               .unit_type = StrField(*body, "unit_type", fe),
                               .city_level = BoolField(*body, "city_level", fe),
                               .competent_department_id = IntField(*body, "competent_department_id", fe),
                               .contact_name = StrField(*body, "contact_name", fe),
                               .mobile = StrField(*body, "mobile", fe),
                               .password = StrField(*body, "password", fe)};
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Map(
                               accounts::RegisterUnit(env, form, ctx.request.client_ip), ctx.lang,
                               [](const storage::UnitRecord& u) {
                                 return json::object{{"unit", UnitJson(u)}};
                               },
                               201);
                         }});
  routes.back().password_work = PasswordWork::kOther;

  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/login",
                         .access = Access::kPublic,
                         .summary = "Sign in; sets the session cookie and returns the CSRF token",
                         .handler = [&env, secure](Context& ctx) {
                           Error e;
                           auto body = ParseObject(ctx.request, e);
                           if (!body) return ErrorOf(e, ctx.lang);
                           FieldErrors fe;
                           const std::string login = StrField(*body, "login", fe);
                           const std::string password = StrField(*body, "password", fe);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           auto r = accounts::Login(env, login, password, ctx.request.client_ip);
                           if (!r.ok()) return ErrorOf(r.error(), ctx.lang);
                           return SessionCookie(Json(200, SignedInJson(env, r->user, r->csrf_token)),
                                                r->token, accounts::kSessionAbsoluteSeconds, secure);
                         }});
  routes.back().password_work = PasswordWork::kSignIn;

  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/logout",
                         .access = Access::kSignedIn,
                         .scope = Scope::kSelf,
                         .summary = "Sign out",
                         .handler =
                             [&env, secure](Context& ctx) {
                               accounts::Logout(env, ctx.actor(), ctx.auth->token_hash);
                               return SessionCookie(NoContent(), "", 0, secure);
                             },
                         .unit_gate_exempt = true});

  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/auth/me",
                         .access = Access::kSignedIn,
                         .scope = Scope::kSelf,
                         .summary = "The signed-in user and the CSRF token",
                         .handler =
                             [&env](Context& ctx) {
                               auto user = accounts::FindUser(env, ctx.principal().user_id);
                               if (!user) return ErrorOf(MakeError(errc::unauthenticated), ctx.lang);
                               return Json(200, SignedInJson(env, *user, ctx.auth->csrf_token));
                             },
                         .unit_gate_exempt = true});

  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/password",
                         .access = Access::kSignedIn,
                         .scope = Scope::kSelf,
                         .summary = "Change one's password (signs out other sessions)",
                         .handler =
                             [&env](Context& ctx) {
                               Error e;
                               auto body = ParseObject(ctx.request, e);
                               if (!body) return ErrorOf(e, ctx.lang);
                               FieldErrors fe;
                               const std::string old_pw = StrField(*body, "old_password", fe);
                               const std::string new_pw = StrField(*body, "new_password", fe);
                               if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                               auto r = accounts::ChangePassword(env, ctx.actor(), ctx.auth->token_hash,
                                                                 old_pw, new_pw);
                               return r.ok() ? NoContent() : ErrorOf(r.error(), ctx.lang);
                             },
                         .unit_gate_exempt = true});
  routes.back().password_work = PasswordWork::kOther;

  routes.push_back(Route{
      .method = "POST",
      .pattern = "/api/v1/accounts/reset-code",
      .roles = {R::kUnit, R::kAcceptancePoint, R::kCityAdmin},
      .scope = Scope::kRegion,
      .summary = "Issue a one-time sign-in code for a person who lost their password: {account (login or "
                 "identity number), reason, mobile?}; a unit for its applicants, an acceptance point for "
                 "applicants without a unit or of its county (mobile: reassign after checking identity in "
                 "person), the city admin for anyone; the code is shown once",
      .handler = [&env](Context& ctx) {
        Error e;
        auto body = ParseObject(ctx.request, e);
        if (!body) return ErrorOf(e, ctx.lang);
        FieldErrors fe;
        accounts::ResetForm form{.account = StrField(*body, "account", fe),
                                 .reason = StrField(*body, "reason", fe)};
        if (body->contains("mobile") && !body->at("mobile").is_null())
          form.mobile = StrField(*body, "mobile", fe);
        if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
        auto r = accounts::IssueResetCode(env, ctx.actor(), form);
        if (!r.ok()) return ErrorOf(r.error(), ctx.lang);
        return JsonText(201,
                        contract::ToJsonText(accounts::views::ResetCode{.user_id = r->user.id,
                                                                        .login = r->user.login,
                                                                        .name = r->user.name,
                                                                        .code = r->code,
                                                                        .expires_at = IsoTime(r->expires_at),
                                                                        .reset_by = r->reset_by}));
      }});
  routes.back().password_work = PasswordWork::kOther;

  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/units/me",
                         .roles = {R::kUnit},
                         .scope = Scope::kUnit,
                         .summary = "The caller's unit",
                         .handler =
                             [&env](Context& ctx) {
                               auto unit = accounts::FindUnit(env, ctx.principal().unit_id.value_or(0));
                               if (!unit) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                               return Json(200, json::object{{"unit", UnitJson(*unit)}});
                             },
                         .unit_gate_exempt = true});

  routes.push_back(Route{.method = "PATCH",
                         .pattern = "/api/v1/units/me",
                         .roles = {R::kUnit},
                         .scope = Scope::kUnit,
                         .summary = "Update the unit's contact person (approved units only)",
                         .handler = [&env](Context& ctx) {
                           Error e;
                           auto body = ParseObject(ctx.request, e);
                           if (!body) return ErrorOf(e, ctx.lang);
                           FieldErrors fe;
                           const std::string contact = StrField(*body, "contact_name", fe);
                           const std::string mobile = StrField(*body, "mobile", fe);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Map(accounts::UpdateUnitContact(env, ctx.actor(), contact, mobile),
                                      ctx.lang, [](const storage::UnitRecord& u) {
                                        return json::object{{"unit", UnitJson(u)}};
                                      });
                         }});

  routes.push_back(Route{.method = "PUT",
                         .pattern = "/api/v1/units/me/letter",
                         .roles = {R::kUnit},
                         .scope = Scope::kUnit,
                         .summary = "Upload the unit's authorisation letter; the body is the PDF itself",
                         .handler =
                             [&env](Context& ctx) {
                               const std::string type = ctx.request.Header("content-type");
                               if (!type.empty() && type != "application/pdf" &&
                                   type != "application/octet-stream") {
                                 return ErrorOf(MakeError(errc::not_pdf), ctx.lang);
                               }
                               return Map(accounts::UploadUnitLetter(env, ctx.actor(), ctx.request.body),
                                          ctx.lang, [](const storage::UnitRecord& u) {
                                            return json::object{{"unit", UnitJson(u)}};
                                          });
                             },
                         .unit_gate_exempt = true,
                         .body_limit = kLetterLimit});

  routes.push_back(
      Route{.method = "GET",
            .pattern = "/api/v1/units",
            .roles = {R::kAcceptancePoint, R::kCompetentDepartment, R::kCommitteeOffice, R::kCityAdmin},
            .scope = Scope::kRegion,
            .summary = "Units within the caller's scope, filtered",
            .handler = [&env](Context& ctx) {
              FieldErrors fe;
              storage::UnitFilter f{.status = ctx.request.Query("status"),
                                    .q = ctx.request.Query("q"),
                                    .page = PagingOf(ctx.request, fe)};
              static const std::vector<std::string> kStatuses = {"", "letter_required", "letter_pending",
                                                                 "letter_rejected", "approved"};
              if (std::find(kStatuses.begin(), kStatuses.end(), f.status) == kStatuses.end())
                fe.Add("status", errc::unknown_code);
              if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
              return Map(accounts::ListUnitsInScope(env, ctx.principal(), f), ctx.lang,
                         [&](const storage::UnitPage& p) { return UnitPageJson(p, f.page); });
            }});

  routes.push_back(
      Route{.method = "GET",
            .pattern = "/api/v1/unit-directory",
            .roles = {R::kApplicant},
            .scope = Scope::kSelf,
            .summary = "Approved units by name or credit code, for an applicant naming their unit",
            .handler = [&env](Context& ctx) {
              auto r = accounts::LookupUnits(env, ctx.request.Query("q"), ctx.request.Query("region_code"));
              if (!r.ok()) return ErrorOf(r.error(), ctx.lang);
              accounts::views::UnitDirectory out{.total = r->total};
              for (const auto& u : r->items)
                out.items.push_back({.credit_code = u.credit_code,
                                     .name = u.name,
                                     .region_name = u.region_name,
                                     .city_level = u.city_level});
              return JsonText(200, contract::ToJsonText(out));
            }});

  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/units/{id}/letter",
                         .roles = {R::kUnit, R::kAcceptancePoint, R::kCompetentDepartment, R::kCityAdmin},
                         .scope = Scope::kRegion,
                         .summary = "Download a unit's authorisation letter",
                         .handler =
                             [&env](Context& ctx) {
                               auto id = IdParam(ctx);
                               if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                               auto path = accounts::UnitLetterPath(env, ctx.principal(), *id);
                               if (!path.ok()) return ErrorOf(path.error(), ctx.lang);
                               Response r;
                               r.file_path = path.value();
                               r.content_type = "application/pdf";
                               r.headers.emplace_back(
                                   "Content-Disposition",
                                   "attachment; filename=\"letter-" + std::to_string(*id) + ".pdf\"");
                               r.headers.emplace_back("Cache-Control", "private, no-store");
                               return r;
                             },
                         .unit_gate_exempt = true});

  for (const bool approve : {true, false}) {
    routes.push_back(Route{
        .method = "POST",
        .pattern = approve ? "/api/v1/units/{id}/approve" : "/api/v1/units/{id}/reject",
        .roles = {R::kAcceptancePoint, R::kCityAdmin},
        .scope = Scope::kRegion,
        .summary = approve ? "Approve a unit's authorisation letter" : "Return a unit's letter with a reason",
        .handler = [&env, approve](Context& ctx) {
          auto id = IdParam(ctx);
          if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
          Error e;
          auto body = ParseObject(ctx.request, e);
          if (!body) return ErrorOf(e, ctx.lang);
          FieldErrors fe;
          const std::string reason = StrField(*body, "reason", fe);
          if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
          return Map(
              accounts::ReviewUnitLetter(
                  env, ctx.actor(), *id,
                  approve ? accounts::LetterDecision::kApprove : accounts::LetterDecision::kReject, reason),
              ctx.lang, [](const storage::UnitRecord& u) {
                return json::object{{"unit", UnitJson(u)}};
              });
        }});
  }

  routes.push_back(
      Route{.method = "GET",
            .pattern = "/api/v1/import-templates/units.xlsx",
            .roles = {R::kCityAdmin},
            .scope = Scope::kCity,
            .summary = "The Excel template for importing units (the header row of POST /imports/units)",
            .handler = [](Context& ctx) {
              documents::Sheet sheet{.name = "单位导入模板", .columns = accounts::UnitImportColumns()};
              return XlsxResponse(documents::WriteXlsx(sheet), "单位导入模板.xlsx", "units-template.xlsx",
                                  ctx.lang);
            }});
  routes.push_back(Route{
      .method = "POST",
      .pattern = "/api/v1/imports/units",
      .roles = {R::kCityAdmin},
      .scope = Scope::kCity,
      .summary =
          "Import units from the filled template (the .xlsx file as the body): all rows or none, with a "
          "field error per wrong cell (rows[N].field); each unit's login and initial password, once",
      .handler =
          [&env](Context& ctx) {
            auto rows = documents::ReadXlsx(ctx.request.body);
            if (!rows.ok()) return ErrorOf(rows.error(), ctx.lang);
            return Map(
                accounts::ImportUnits(env, ctx.actor(), rows.value()), ctx.lang,
                [](const std::vector<accounts::ImportedUnit>& units) {
                  json::array list;
                  for (const auto& u : units)
                    list.push_back(json::object{{"unit_id", u.id},
                                                {"credit_code", u.credit_code},
                                                {"name", u.name},
                                                {"login", u.credit_code},
                                                {"initial_password", u.initial_password}});
                  return json::object{{"imported", static_cast<int64_t>(units.size())},
                                      {"accounts", std::move(list)}};
                },
                201);
          },
      .body_limit = 5u << 20});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/admin/accounts",
                         .roles = {R::kCityAdmin},
                         .scope = Scope::kCity,
                         .summary = "Staff accounts",
                         .handler = [&env](Context& ctx) {
                           FieldErrors fe;
                           const auto page = PagingOf(ctx.request, fe);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Map(accounts::ListStaffAccounts(env, ctx.request.Query("role"), page),
                                      ctx.lang, [&](const storage::UserPage& p) {
                                        json::array items;
                                        for (const auto& u : p.items) items.push_back(UserJson(env, u));
                                        return PageJson(std::move(items), p.total, page, p.next);
                                      });
                         }});

  routes.push_back(Route{
      .method = "POST",
      .pattern = "/api/v1/admin/accounts",
      .roles = {R::kCityAdmin},
      .scope = Scope::kCity,
      .summary = "Create an acceptance-point, department, committee-office, expert or admin account",
      .handler = [&env](Context& ctx) {
        Error e;
        auto body = ParseObject(ctx.request, e);
        if (!body) return ErrorOf(e, ctx.lang);
        FieldErrors fe;
        accounts::StaffForm form{StrField(*body, "role", fe),        StrField(*body, "login", fe),
                                 StrField(*body, "name", fe),        StrField(*body, "password", fe),
                                 StrField(*body, "region_code", fe), StrField(*body, "department_name", fe)};
        if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
        return Map(
            accounts::CreateStaffAccount(env, ctx.actor(), form), ctx.lang,
            [&](const storage::UserRecord& u) {
              return json::object{{"user", UserJson(env, u)}};
            },
            201);
      }});

  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/audit",
                         .roles = {R::kCityAdmin},
                         .scope = Scope::kCity,
                         .summary = "Browse and filter the audit log",
                         .handler = [&env](Context& ctx) {
                           FieldErrors fe;
                           storage::AuditFilter f{.actor = ctx.request.Query("actor"),
                                                  .action = ctx.request.Query("action"),
                                                  .object_type = ctx.request.Query("object"),
                                                  .page = PagingOf(ctx.request, fe, 200, 50)};
                           for (const char* name : {"from", "to"}) {
                             const std::string v = ctx.request.Query(name);
                             if (v.empty()) continue;
                             auto d = ParseDate(v);
                             if (!d) {
                               fe.Add(name, errc::invalid_date);
                               continue;
                             }
                             // Dates are Shanghai days; "to" includes its whole day.
                             const int64_t start = UnixSeconds(ShanghaiMidnight(*d));
                             if (std::string(name) == "from") {
                               f.from = start;
                             } else {
                               f.to = start + 86400;
                             }
                           }
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           const auto page = storage::ListAudit(env.db, f);
                           json::array items;
                           for (const auto& a : page.items) {
                             json::object o{{"id", a.id},
                                            {"at", IsoTime(a.at)},
                                            {"actor_id", nullptr},
                                            {"actor_login", a.actor_login},
                                            {"role", a.role},
                                            {"action", a.action},
                                            {"object_type", a.object_type},
                                            {"object_id", a.object_id},
                                            {"summary", a.summary},
                                            {"client_ip", a.client_ip}};
                             if (a.actor_id) o["actor_id"] = *a.actor_id;
                             items.push_back(std::move(o));
                           }
                           return Json(200, PageJson(std::move(items), page.total, f.page, page.next));
                         }});

  return routes;
}

}  // namespace zc::http
