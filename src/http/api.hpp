#pragma once
// The application behind the server: one route table (method, path, roles, data-scope rule, handler) that
// drives routing, the permission check and the OpenAPI document; session and CSRF middleware; the error
// format; and the built web app with SPA fallback.
#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "accounts/accounts.hpp"
#include "base/contract.hpp"
#include "base/error_codes.hpp"
#include "base/json_fields.hpp"
#include "base/log_key.hpp"
#include "base/result.hpp"
#include "calendar/calendar_store.hpp"
#include "campaign/campaign.hpp"
#include "documents/documents.hpp"
#include "http/message.hpp"
#include "review/pre_review.hpp"
#include "review/review.hpp"
#include "workflow/workflow.hpp"

namespace zc::http {

// Who may call a route.
enum class Access { kPublic, kSignedIn, kRoles };

// The data-scope rule a route's handler enforces on the objects it touches (documented in the OpenAPI
// document and used by the authorization matrix): none, the caller's own records, the caller's unit, region
// (county roles) or the whole city.
enum class Scope { kNone, kSelf, kUnit, kRegion, kCity };

struct Context {
  Request& request;
  Lang lang = Lang::kZh;
  std::optional<accounts::Authenticated> auth;  // set on every non-public route
  const accounts::Principal& principal() const { return auth->principal; }
  accounts::Actor actor() const { return accounts::Actor{auth->principal, request.client_ip}; }
};

using Handler = std::function<Response(Context&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/units/{id}/approve"
  Access access = Access::kRoles;
  std::vector<accounts::Role> roles;  // for Access::kRoles
  Scope scope = Scope::kNone;
  std::string summary;
  Handler handler;
  bool unit_gate_exempt = false;  // callable by a unit whose letter is not yet approved
  size_t body_limit = 1 << 20;
  bool writes = false;  // derived from method; set by the table builder
  // Public routes whose handler never blocks may run on the I/O thread (see Application::HandleInline).
  bool non_blocking = false;
  // Requests per minute per client address (0: unlimited); beyond it, 429 rate_limited.
  int rate_per_minute = 0;
  // The body is streamed to a temporary file (Request::body_file) instead of memory: uploads.
  bool stream_body = false;
  // The handler derives or verifies a password hash: it runs on a hashing pool, behind PasswordLimits.
  PasswordWork password_work = PasswordWork::kNone;
  // A limit that depends on the path parameters (an evidence slot's size); overrides body_limit.
  std::function<size_t(const std::map<std::string, std::string>&)> body_limit_of;
  // The contract (filled from the operation's entry in contract.cpp): the JSON body's type, the success
  // status and the answer's type, or the media type of the file it answers with, and the query parameters.
  contract::TypeRef request;
  contract::TypeRef response;
  int success_status = 200;
  std::string file_type;     // "application/pdf": the answer is a file
  std::string request_file;  // the body is a file of this type (an upload) instead of JSON
  std::vector<std::string> query;
};

// The contract of one operation (contract.cpp); nullptr for a route that has none (a test forbids it).
struct OperationContract {
  contract::TypeRef request;
  contract::TypeRef response;
  int success_status = 200;
  std::string file_type;
  std::string request_file;
  std::vector<std::string> query;
};
const OperationContract* FindContract(const std::string& method, const std::string& pattern);
// "METHOD /pattern" of every entry, for the test that every entry has its route.
std::vector<std::string> ContractOperations();

// The domain services the routes call; built by the composition root (app/services.hpp). Without them only
// the accounts, eligibility and reference routes are offered.
struct ApiServices {
  workflow::Workflow* workflow = nullptr;
  review::Review* review = nullptr;
  review::PreReview* pre_review = nullptr;
  documents::Forms* forms = nullptr;
};

// Requests per minute to the password-hashing routes, checked on the I/O thread before a request waits for a
// hashing pool, so that a refused flood costs nothing (serve --signin-rate, --register-rate,
// --password-rate).
struct PasswordLimits {
  int signin_per_address = 60;    // sign-ins from one address (an office behind one NAT address included)
  int register_per_address = 20;  // registrations and password changes from one address
  int global = 1200;              // every password-hashing request together, from all addresses
};

struct ApiOptions {
  std::filesystem::path web_dir;  // the built front end (index.html, assets/)
  bool secure_cookies = false;    // mark the session cookie Secure (when served over HTTPS)
  // Reference data: the campaigns (sorted by year; the last is the current one) and the working-day
  // calendar. Without them the campaign, calendar and eligibility routes are not offered.
  const std::vector<campaign::Campaign>* campaigns = nullptr;
  calendar::CalendarStore* calendars = nullptr;
  int eligibility_rate_per_minute = 60;
  PasswordLimits password_limits;
  // When set (serve --test-clock), GET/PUT /api/v1/testing/clock read and set the server's clock.
  OffsetClock* test_clock = nullptr;
  ApiServices services;
  // The database's health as a monitor thread last saw it (app::BackgroundThreads); null: reported as ok.
  const std::atomic<bool>* db_ok = nullptr;
  // The platform's public address (https://zc.example.gov.cn), printed in QR codes; empty: the address the
  // server listens on (never the Host header, which any client may set to another site).
  std::string public_url;
  std::string listening_url;  // set by Api::Listening once the port is bound
  // Signs the audit log's tree heads (serve --log-key); null: heads are published unsigned.
  const LogKey* log_key = nullptr;
};

// Counts requests per key in fixed one-minute windows (a limit resets at the minute). Thread-safe.
class RateLimiter {
 public:
  // True when the request may go ahead.
  bool Allow(const std::string& key, int per_minute, int64_t now_seconds);

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::pair<int64_t, int>> windows_;  // key → (minute, count)
};

class Api final : public Application {
 public:
  Api(accounts::Env env, ApiOptions options);
  size_t BodyLimit(const std::string& method, const std::string& path) const override;
  bool StreamsBody(const std::string& method, const std::string& path) const override;
  PasswordWork PasswordWorkOf(const std::string& method, const std::string& path) const override;
  std::filesystem::path UploadDir() const override;
  ~Api() override;
  Response Handle(Request& request) override;
  std::optional<Response> HandleInline(Request& request) override;
  Response ErrorResponse(ErrorCode code, const std::string& accept_language, size_t limit = 0) const override;
  const std::vector<Route>& routes() const { return routes_; }
  // Called once the server listens (before it serves): the address QR codes fall back to.
  void Listening(const std::string& host, unsigned short port);
  std::string OpenApiJson() const;

 private:
  Response Dispatch(Request& request, Lang lang);
  // A signed-in POST with an Idempotency-Key: the first answer is kept a day and replayed to retries.
  Response HandleIdempotent(const Route& route, Context& ctx, const std::string& key);
  // A refusal of a password-hashing request over its limits (429 with Retry-After), or nullopt.
  std::optional<Response> AdmitPasswordWork(const Route& route, const Request& request, Lang lang);
  // A refusal of a public write that is not JSON or comes from another site (login CSRF), or nullopt.
  std::optional<Response> CheckPublicWrite(const Route& route, const Request& request, Lang lang) const;
  Response ServeStatic(const Request& request, Lang lang) const;
  const Route* Match(Request& request, bool& path_known) const;
  accounts::Env env_;
  ApiOptions options_;
  std::vector<Route> routes_;
  RateLimiter limiter_;
};

// ---- Helpers shared by the handlers ----
Lang LangOf(const std::string& accept_language);
// The session cookie's name: "__Host-zc_session" with --secure-cookies, else "zc_session".
std::string SessionCookieName(bool secure);
Response Json(int status, const boost::json::value& v);
// The same for a body already written as JSON text (contract::ToJsonText).
Response JsonText(int status, std::string body);
Response NoContent();
Response ErrorOf(const Error& e, Lang lang);
// A stored Unix time as ISO 8601 in Asia/Shanghai; "" for 0 (never).
std::string IsoTime(int64_t unix_seconds);
template <typename T, typename F>
Response Map(const Result<T>& r, Lang lang, F&& to_json, int status = 200) {
  if (!r.ok()) return ErrorOf(r.error(), lang);
  return Json(status, to_json(r.value()));
}
// A domain answer that is already JSON: the value with `status`, or the error.
// A typed view (a ZC_CONTRACT struct) or the error.
template <typename T>
Response Out(const Result<T>& r, Lang lang, int status = 200) {
  if (!r.ok()) return ErrorOf(r.error(), lang);
  return JsonText(status, contract::ToJsonText(r.value()));
}
inline Response Out(const Result<boost::json::value>& r, Lang lang, int status = 200) {
  if (!r.ok()) return ErrorOf(r.error(), lang);
  return Json(status, r.value());
}
// Parses the body as a JSON object; nullopt with `error` set when it is not one.
std::optional<boost::json::object> ParseObject(const Request& req, Error& error);
// Content-Disposition: attachment with an ASCII name and the RFC 5987 UTF-8 one; never cached.
// `ascii_name`, when given, is the fallback name for clients without RFC 5987 (else the name with _ for
// every non-ASCII byte).
void AddAttachment(Response& r, const std::string& name, const std::string& ascii_name = {});
// A PDF download: the bytes as an attachment named `name` (`ascii_name` for old clients), X-Page-Count set.
Response PdfResponse(std::string bytes, int pages, const std::string& name, const std::string& ascii_name);
// An .xlsx download (an export or an import template), or the error of writing it.
Response XlsxResponse(Result<std::string> bytes, const std::string& name, const std::string& ascii_name,
                      Lang lang);
// The platform's public address for links printed on paper (QR codes): --public-url, or else the address
// the server listens on.
std::string PublicBase(const ApiOptions& options);
// The audit log's tree head now, signed with --log-key (unsigned without one).
TreeHead CurrentLogHead(const ApiOptions& options, storage::Database& db, TimePoint now);
// The head as printed on certificates, result lists and minutes: size, root, key and time.
std::string LogHeadLine(const TreeHead& head);
// A numeric path parameter; nullopt when absent or not a plain number.
std::optional<int64_t> IdParam(const Context& ctx, const char* name = "id");
// ?after=<cursor>&page_size= (keyset pagination, see storage::Query::Page); bad values are field errors, and
// ?page= is refused so that an old client never silently gets the first page again.
storage::PageRequest PagingOf(const Request& req, FieldErrors& errors, int max_page_size = 100,
                              int default_size = 20);

// The route table of each area; the Api concatenates them.
std::vector<Route> AccountRoutes(accounts::Env& env, const ApiOptions& options);
std::vector<Route> EligibilityRoutes(accounts::Env& env, const ApiOptions& options);
std::vector<Route> WorkflowRoutes(workflow::Workflow& wf, const ApiOptions& options);
std::vector<Route> ReviewRoutes(review::Review& rv, workflow::Workflow& wf, accounts::Env env,
                                const ApiOptions& options);
std::vector<Route> DocumentRoutes(documents::Forms& forms, const ApiOptions& options);
// The pre-review publicity and GET /api/v1/lifecycles.
std::vector<Route> PreReviewRoutes(review::PreReview& pr, const ApiOptions& options);
// Every lifecycle table of the platform (served at /api/v1/lifecycles; docs/lifecycles.md).
std::vector<Lifecycle> AllLifecycles();
// GET <list>.xlsx for every exportable list among `routes` (documents/list_export.hpp).
void AddListExports(std::vector<Route>& routes);
std::vector<Route> TestClockRoutes(OffsetClock& clock);

}  // namespace zc::http
