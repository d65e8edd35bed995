#include "http/api.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <fstream>
#include <functional>
#include <set>

#include "base/crypto.hpp"
#include "base/limits.hpp"
#include "http/views.hpp"
#include "storage/audit.hpp"
#include "storage/idempotency.hpp"

namespace zc::http {
namespace json = boost::json;
using accounts::Role;

namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Walks the segments of `pattern` and `path` together ("/a/{id}" against "/a/7"), without allocating: every
// request is matched against every route until one fits. With `params` set, a match fills it with the
// values of the {name} segments.
bool Segments(std::string_view pattern, std::string_view path, std::map<std::string, std::string>* params) {
  // As Split: the first character is the leading slash, then segments separated by '/'.
  if (pattern.empty() || path.empty()) return pattern.size() == path.size();
  size_t ps = 1, qs = 1;
  for (;;) {
    size_t pe = pattern.find('/', ps);
    if (pe == std::string_view::npos) pe = pattern.size();
    size_t qe = path.find('/', qs);
    if (qe == std::string_view::npos) qe = path.size();
    const std::string_view w = pattern.substr(ps, pe - ps);
    const std::string_view g = path.substr(qs, qe - qs);
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (g.empty()) return false;
      if (params) (*params)[std::string(w.substr(1, w.size() - 2))] = std::string(g);
    } else if (w != g) {
      return false;
    }
    const bool pattern_done = pe == pattern.size();
    const bool path_done = qe == path.size();
    if (pattern_done || path_done) return pattern_done == path_done;
    ps = pe + 1;
    qs = qe + 1;
  }
}

bool MatchPattern(const std::string& pattern, const std::string& path,
                  std::map<std::string, std::string>& params) {
  if (!Segments(pattern, path, nullptr)) return false;
  std::map<std::string, std::string> found;
  Segments(pattern, path, &found);
  params = std::move(found);
  return true;
}

std::string CookieValue(const std::string& cookies, const std::string& name) {
  size_t pos = 0;
  while (pos < cookies.size()) {
    size_t end = cookies.find(';', pos);
    if (end == std::string::npos) end = cookies.size();
    std::string part = cookies.substr(pos, end - pos);
    const size_t first = part.find_first_not_of(' ');
    if (first != std::string::npos) part = part.substr(first);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return {};
}

std::string ContentTypeOf(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> kTypes = {{".html", "text/html; charset=utf-8"},
                                                            {".js", "text/javascript; charset=utf-8"},
                                                            {".css", "text/css; charset=utf-8"},
                                                            {".json", "application/json"},
                                                            {".svg", "image/svg+xml"},
                                                            {".png", "image/png"},
                                                            {".ico", "image/x-icon"},
                                                            {".woff2", "font/woff2"},
                                                            {".woff", "font/woff"},
                                                            {".ttf", "font/ttf"},
                                                            {".txt", "text/plain; charset=utf-8"},
                                                            {".map", "application/json"}};
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

std::string_view AccessName(Access a) {
  switch (a) {
    case Access::kPublic:
      return "public";
    case Access::kSignedIn:
      return "signed_in";
    default:
      return "roles";
  }
}

std::string_view ScopeName(Scope s) {
  static constexpr std::string_view kNames[] = {"none", "self", "unit", "region", "city"};
  return kNames[static_cast<int>(s)];
}

// The body of every error answer.
// `code` is the problem's class (required, wrong_type, too_long, too_short, out_of_range, invalid_format,
// unknown_code, unknown_field; or a business rule's own code); `reason` the specific code when it is more
// precise than its class (invalid_date under invalid_format), which `message` then explains; `limit` the
// bound that was broken (characters for text).
struct FieldErrorDetail {
  std::string field;
  std::string code;
  std::string message;
  std::optional<std::string> reason;
  std::optional<int64_t> limit;
  std::optional<std::string> detail;
};
ZC_CONTRACT(FieldErrorDetail, (field, code, message, reason, limit, detail))
struct BatchItemError {  // POST /applications/batch: which application was refused and why
  int64_t id;
  std::string code;
  std::string message;
};
ZC_CONTRACT(BatchItemError, (id, code, message))
struct ErrorDetail {
  std::string code;
  std::string message;
  std::optional<std::vector<FieldErrorDetail>> fields;
  std::optional<std::vector<BatchItemError>> items;
};
ZC_CONTRACT(ErrorDetail, (code, message, fields, items))
struct ErrorBody {
  ErrorDetail error;
};
ZC_CONTRACT(ErrorBody, (error))

// The formats of request members by name (issue 18: the web app checks them as the server will, from the
// OpenAPI document): JSON Schema's `format` on every request property of that name, and the registry
// `x-formats` with each format's members and the error registry's messages.
struct FieldFormat {
  std::string_view format;
  std::vector<std::string_view> fields;
  ErrorCode error;
};

const std::vector<FieldFormat>& FieldFormats() {
  static const std::vector<FieldFormat> kFormats = {
      {"cn-resident-id", {"id_number"}, errc::invalid_resident_id},
      {"cn-mobile", {"mobile"}, errc::invalid_mobile},
      // (not unit_credit_code: an archive may name no unit yet, and its working copy holds a code half typed)
      {"cn-credit-code", {"credit_code"}, errc::invalid_credit_code},
      {"password", {"password", "new_password"}, errc::weak_password},
  };
  return kFormats;
}

std::optional<std::string_view> FormatOf(std::string_view schema, std::string_view field) {
  // Signing in takes whatever password the account has; the rules are for choosing one.
  if (schema == "AuthLoginPostRequest" && field == "password") return std::nullopt;
  for (const FieldFormat& f : FieldFormats())
    if (std::find(f.fields.begin(), f.fields.end(), field) != f.fields.end()) return f.format;
  return std::nullopt;
}

json::object FormatRegistry() {
  json::object registry;
  for (const FieldFormat& f : FieldFormats()) {
    json::array fields;
    for (auto n : f.fields) fields.emplace_back(n);
    registry[f.format] = json::object{{"fields", std::move(fields)},
                                      {"error", Name(f.error)},
                                      {"message_zh", Message(f.error, Lang::kZh)},
                                      {"message_en", Message(f.error, Lang::kEn)}};
  }
  return registry;
}

// The text limits (base/limits.hpp) as the maxLength of every string property of a request body, and the
// registry itself as the components' `x-text-limits` (a field without an entry: "*"). Only the types that no
// answer uses get the keyword, so an answer is never held to a request's limit.
void AddTextLimits(const json::object& paths, json::object& components) {
  std::set<std::string> in_requests, in_answers;
  std::function<void(const json::value&, std::set<std::string>&)> reach = [&](const json::value& v,
                                                                              std::set<std::string>& seen) {
    if (v.is_array()) {
      for (const auto& x : v.as_array()) reach(x, seen);
    } else if (v.is_object()) {
      const auto& o = v.as_object();
      if (const auto* ref = o.if_contains("$ref"); ref && ref->is_string()) {
        const std::string name(ref->as_string().subview().substr(ref->as_string().subview().rfind('/') + 1));
        if (seen.insert(name).second && components.contains(name)) reach(components.at(name), seen);
        return;
      }
      for (const auto& kv : o) reach(kv.value(), seen);
    }
  };
  for (const auto& path : paths) {
    for (const auto& op : path.value().as_object()) {
      const auto& o = op.value().as_object();
      if (const auto* body = o.if_contains("requestBody")) reach(*body, in_requests);
      if (const auto* answers = o.if_contains("responses")) reach(*answers, in_answers);
    }
  }
  auto is_text = [](const json::value& v) {
    if (!v.is_object()) return false;
    const auto& o = v.as_object();
    if (const auto* t = o.if_contains("type")) return *t == "string" && !o.contains("enum");
    if (const auto* any = o.if_contains("anyOf"))
      for (const auto& x : any->as_array())
        if (x.as_object().if_contains("type") && x.at("type") == "string")
          return !x.as_object().contains("enum");
    return false;
  };
  for (const auto& name : in_requests) {
    if (in_answers.contains(name) || !components.contains(name)) continue;
    auto* props = components.at(name).as_object().if_contains("properties");
    if (!props) continue;
    for (auto& kv : props->as_object()) {
      if (!is_text(kv.value())) continue;
      auto& schema = kv.value().as_object();
      const auto limit = static_cast<int64_t>(TextLimitOf(kv.key()));
      const auto format = FormatOf(name, kv.key());
      auto mark = [&](json::object& o) {
        o["maxLength"] = limit;
        if (format) o["format"] = *format;
      };
      if (auto* any = schema.if_contains("anyOf")) {
        for (auto& x : any->as_array())
          if (x.as_object().if_contains("type") && x.at("type") == "string") mark(x.as_object());
      } else {
        mark(schema);
      }
    }
  }
}

json::object TextLimitRegistry() {
  json::object registry{{"*", static_cast<int64_t>(kDefaultTextLimit)}};
  for (const TextLimit& l : TextLimits()) registry[l.field] = static_cast<int64_t>(l.max_chars);
  return registry;
}

// "GET /api/v1/applications/{id}/files" → "getApplicationsByIdFiles": stable, and readable in the web app.
std::string OperationId(const std::string& method, const std::string& pattern) {
  std::string id;
  for (char c : method) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool upper = true;
  std::string_view rest(pattern);
  if (rest.starts_with("/api/v1")) rest.remove_prefix(7);
  for (const char c : rest) {
    if (c == '{') {
      id += "By";
      upper = true;
    } else if (c == '/' || c == '}' || c == '-' || c == '_' || c == '.') {
      upper = true;
    } else {
      id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return id;
}

}  // namespace

Lang LangOf(const std::string& accept_language) {
  return accept_language.rfind("en", 0) == 0 ? Lang::kEn : Lang::kZh;
}

Response Json(int status, const json::value& v) {
  Response r;
  r.status = status;
  r.body = json::serialize(v);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response JsonText(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::string IsoTime(int64_t unix_seconds) {
  return unix_seconds ? FormatShanghai(FromUnixSeconds(unix_seconds)) : "";
}

Response ErrorOf(const Error& e, Lang lang) {
  const ErrorInfo& info = Info(e.code);
  json::array fields;
  for (const auto& f : e.fields) {
    const ErrorCode kind = FieldClass(f.code);
    std::string message(Message(f.code, lang));
    if (f.limit > 0 && f.code == errc::too_long) {
      message = lang == Lang::kEn ? "Too long: at most " + std::to_string(f.limit) + " characters"
                                  : "内容过长，最多 " + std::to_string(f.limit) + " 个字";
    } else if (f.limit > 0 && f.code == errc::too_short) {
      message = lang == Lang::kEn ? "Too short: at least " + std::to_string(f.limit) + " characters"
                                  : "内容过短，至少 " + std::to_string(f.limit) + " 个字符";
    }
    json::object fo{{"field", f.field}, {"code", Name(kind)}, {"message", std::move(message)}};
    if (kind != f.code) fo["reason"] = Name(f.code);
    if (f.limit > 0) fo["limit"] = f.limit;
    if (!f.detail.empty()) fo["detail"] = f.detail;
    fields.push_back(std::move(fo));
  }
  json::object err{{"code", info.code}, {"message", Message(info, lang)}};
  if (!fields.empty()) err["fields"] = std::move(fields);
  return Json(info.http_status, json::object{{"error", std::move(err)}});
}

std::string SessionCookieName(bool secure) {
  return secure ? "__Host-zc_session" : "zc_session";
}

std::optional<json::object> ParseObject(const Request& req, Error& error) {
  const std::string type = req.Header("content-type");
  if (!type.empty() && type.rfind("application/json", 0) != 0) {
    error = MakeError(errc::unsupported_media_type);
    return std::nullopt;
  }
  boost::system::error_code ec;
  json::value v = json::parse(req.body.empty() ? std::string("{}") : req.body, ec);
  if (ec || !v.is_object()) {
    error = MakeError(errc::bad_request, "the body is not a JSON object");
    return std::nullopt;
  }
  return std::move(v.as_object());
}

Response PdfResponse(std::string bytes, int pages, const std::string& name, const std::string& ascii_name) {
  Response r;
  r.content_type = "application/pdf";
  r.body = std::move(bytes);
  AddAttachment(r, name, ascii_name);
  r.headers.emplace_back("X-Page-Count", std::to_string(pages));
  return r;
}

Response XlsxResponse(Result<std::string> bytes, const std::string& name, const std::string& ascii_name,
                      Lang lang) {
  if (!bytes.ok()) return ErrorOf(bytes.error(), lang);
  Response r;
  r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  r.body = std::move(bytes.value());
  AddAttachment(r, name, ascii_name);
  return r;
}

std::string PublicBase(const ApiOptions& options) {
  return !options.public_url.empty() ? options.public_url : options.listening_url;
}

TreeHead CurrentLogHead(const ApiOptions& options, storage::Database& db, TimePoint now) {
  storage::AuditTree tree;
  {
    storage::Session s(db);
    tree = storage::CurrentAuditTree(s);
  }
  TreeHead head{.tree_size = tree.size, .root_hash = tree.root_hash, .timestamp = UnixSeconds(now)};
  if (options.log_key) options.log_key->Sign(head);
  return head;
}

std::string LogHeadLine(const TreeHead& head) {
  std::string line = "审计日志树头：共 " + std::to_string(head.tree_size) + " 条，根 " + head.root_hash;
  line += head.signature.empty() ? "（未签名）" : "，签名密钥 " + head.key_id;
  std::string at = FormatShanghai(FromUnixSeconds(head.timestamp)).substr(0, 16);  // YYYY-MM-DDTHH:MM
  at[10] = ' ';
  line += "，" + at;
  return line;
}

void Api::Listening(const std::string& host, unsigned short port) {
  const bool v6 = host.find(':') != std::string::npos;
  options_.listening_url = std::string(options_.secure_cookies ? "https://" : "http://") + (v6 ? "[" : "") +
                           host + (v6 ? "]" : "") + ":" + std::to_string(port);
}

void AddAttachment(Response& r, const std::string& name, const std::string& ascii_name) {
  std::string ascii;
  for (char c : ascii_name.empty() ? name : ascii_name)
    ascii += (static_cast<unsigned char>(c) < 0x80 && c != '"' && c != '\\') ? c : '_';
  std::string encoded;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  std::string value = "attachment; filename=\"";
  value += ascii;
  value += "\"; filename*=UTF-8''";
  value += encoded;
  r.headers.emplace_back("Content-Disposition", value);
  r.headers.emplace_back("Cache-Control", "private, no-store");
}

std::optional<int64_t> IdParam(const Context& ctx, const char* name) {
  auto it = ctx.request.params.find(name);
  if (it == ctx.request.params.end()) return std::nullopt;
  const std::string& v = it->second;
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(v);
}

storage::PageRequest PagingOf(const Request& req, FieldErrors& errors, int max_page_size, int default_size) {
  storage::PageRequest p{.size = default_size};
  if (const std::string v = req.Query("page_size"); !v.empty()) {
    int n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 1 || n > max_page_size) {
      errors.Add("page_size", errc::invalid_number);
    } else {
      p.size = n;
    }
  }
  if (const std::string v = req.Query("after"); !v.empty()) {
    p.after = storage::ParseCursor(v);
    if (!p.after) errors.Add("after", errc::invalid_cursor);
  }
  if (!req.Query("page").empty())
    errors.Add("page", errc::unknown_field, "pages are cursors: after=<next_cursor>");
  return p;
}

bool RateLimiter::Allow(const std::string& key, int per_minute, int64_t now_seconds) {
  const int64_t minute = now_seconds / 60;
  std::lock_guard lock(mu_);
  if (windows_.size() > 100000) {  // forget finished windows rather than grow without bound
    std::erase_if(windows_, [&](const auto& kv) { return kv.second.first != minute; });
  }
  auto& w = windows_[key];
  if (w.first != minute) w = {minute, 0};
  return ++w.second <= per_minute;
}

Api::Api(accounts::Env env, ApiOptions options) : env_(env), options_(std::move(options)) {
  routes_.push_back(Route{.method = "GET",
                          .pattern = "/api/v1/health",
                          .access = Access::kPublic,
                          .summary = "Liveness and database status (checked every second)",
                          .handler =
                              [this](Context&) {
                                const bool db_ok = !options_.db_ok || options_.db_ok->load();
                                return Json(db_ok ? 200 : 503,
                                            json::object{{"status", db_ok ? "ok" : "degraded"},
                                                         {"version", ZHICHENG_VERSION},
                                                         {"database", db_ok ? "ok" : "unavailable"}});
                              },
                          .non_blocking = true});
  routes_.push_back(Route{
      .method = "GET",
      .pattern = "/api/v1/public/log-head",
      .access = Access::kPublic,
      .summary = "The audit log's signed tree head (save it; `zhicheng verify-audit --against` checks that "
                 "the log only grew since)",
      .handler = [this](Context&) {
        const TreeHead h = CurrentLogHead(options_, env_.db, env_.clock.Now());
        auto opt = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional(v); };
        return JsonText(200,
                        contract::ToJsonText(views::LogHead{.tree_size = static_cast<int64_t>(h.tree_size),
                                                            .root_hash = h.root_hash,
                                                            .timestamp = h.timestamp,
                                                            .signed_at = IsoTime(h.timestamp),
                                                            .algorithm = "Ed25519",
                                                            .key_id = opt(h.key_id),
                                                            .public_key = opt(h.public_key),
                                                            .signature = opt(h.signature)}));
      }});
  routes_.push_back(Route{.method = "GET",
                          .pattern = "/api/v1/openapi.json",
                          .access = Access::kPublic,
                          .summary = "This API as an OpenAPI 3.1 document",
                          .handler = [this](Context&) {
                            Response r;
                            r.body = OpenApiJson();
                            return r;
                          }});
  for (auto& r : AccountRoutes(env_, options_)) routes_.push_back(std::move(r));
  if (options_.campaigns && options_.calendars) {
    for (auto& r : EligibilityRoutes(env_, options_)) routes_.push_back(std::move(r));
    const ApiServices& sv = options_.services;
    if (sv.workflow) {
      for (auto& r : WorkflowRoutes(*sv.workflow, options_)) routes_.push_back(std::move(r));
      if (sv.review)
        for (auto& r : ReviewRoutes(*sv.review, *sv.workflow, env_, options_))
          routes_.push_back(std::move(r));
      if (sv.pre_review)
        for (auto& r : PreReviewRoutes(*sv.pre_review, options_)) routes_.push_back(std::move(r));
      if (sv.forms)
        for (auto& r : DocumentRoutes(*sv.forms, options_)) routes_.push_back(std::move(r));
    }
  }
  if (options_.test_clock) {
    for (auto& r : TestClockRoutes(*options_.test_clock)) routes_.push_back(std::move(r));
  }
  AddListExports(routes_);
  for (auto& r : routes_) {
    r.writes = r.method != "GET" && r.method != "HEAD";
    if (const OperationContract* c = FindContract(r.method, r.pattern)) {
      r.request = c->request;
      r.response = c->response;
      r.success_status = c->success_status;
      r.file_type = c->file_type;
      r.request_file = c->request_file;
      r.query = c->query;
    }
  }
}

size_t Api::BodyLimit(const std::string& method, const std::string& path) const {
  std::map<std::string, std::string> params;
  for (const auto& r : routes_) {
    if (r.method == method && MatchPattern(r.pattern, path, params))
      return r.body_limit_of ? r.body_limit_of(params) : r.body_limit;
  }
  return size_t{64} * 1024;  // unknown routes and static files: nothing worth a big body
}

bool Api::StreamsBody(const std::string& method, const std::string& path) const {
  std::map<std::string, std::string> params;
  for (const auto& r : routes_) {
    if (r.method == method && MatchPattern(r.pattern, path, params)) return r.stream_body;
  }
  return false;
}

PasswordWork Api::PasswordWorkOf(const std::string& method, const std::string& path) const {
  std::map<std::string, std::string> params;
  for (const auto& r : routes_) {
    if (r.method == method && MatchPattern(r.pattern, path, params)) return r.password_work;
  }
  return PasswordWork::kNone;
}

std::filesystem::path Api::UploadDir() const {
  return env_.blobs.UploadDir();
}

Response Api::ErrorResponse(ErrorCode code, const std::string& accept_language, size_t limit) const {
  Error e = MakeError(code);
  // A body over its route's limit (an evidence slot's max_mb): name the limit (issue 17).
  if (code == errc::payload_too_large && limit > 0) {
    const Lang lang = LangOf(accept_language);
    const std::string amount = limit >= (size_t{1} << 20) ? std::to_string(limit >> 20) + " MB"
                                                          : std::to_string((limit + 1023) >> 10) + " KB";
    e.fields.push_back(
        {"body", code, lang == Lang::kEn ? "At most " + amount + " here" : "此处每个文件不超过 " + amount});
  }
  return ErrorOf(e, LangOf(accept_language));
}

Response Api::Handle(Request& request) {
  const Lang lang = LangOf(request.Header("accept-language"));
  if (request.path.rfind("/api/", 0) != 0) return ServeStatic(request, lang);
  Response r = Dispatch(request, lang);
  if (r.status >= 500) {
    spdlog::error("{} {} from {} -> {} {}", request.method, request.path, request.client_ip, r.status,
                  r.body);
  } else if (r.status >= 400) {
    spdlog::info("{} {} from {} -> {} {}", request.method, request.path, request.client_ip, r.status, r.body);
  }
  return r;
}

Api::~Api() = default;

const Route* Api::Match(Request& request, bool& path_known) const {
  path_known = false;
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(r.pattern, request.path, params)) continue;
    path_known = true;
    if (r.method == method) {
      request.params = std::move(params);
      return &r;
    }
  }
  return nullptr;
}

std::optional<Response> Api::HandleInline(Request& request) {
  const Lang lang = LangOf(request.Header("accept-language"));
  if (request.path.rfind("/api/", 0) != 0) return ServeStatic(request, lang);
  bool path_known = false;
  const Route* route = Match(request, path_known);
  if (!route) return std::nullopt;
  if (route->password_work != PasswordWork::kNone) return AdmitPasswordWork(*route, request, lang);
  if (!route->non_blocking) return std::nullopt;
  Context ctx{request, lang, std::nullopt};
  return route->handler(ctx);
}

namespace {

Response TooMany(ErrorCode code, Lang lang, int64_t now_seconds) {
  Response r = ErrorOf(MakeError(code), lang);
  r.headers.emplace_back("Retry-After", std::to_string(60 - now_seconds % 60));  // the window's end
  return r;
}

// "https://zc.example.gov.cn/x" → "https://zc.example.gov.cn".
std::string OriginOf(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t path = url.find('/', scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

}  // namespace

std::optional<Response> Api::AdmitPasswordWork(const Route& route, const Request& request, Lang lang) {
  const PasswordLimits& lim = options_.password_limits;
  const int64_t now = UnixSeconds(env_.clock.Now());
  const bool signin = route.password_work == PasswordWork::kSignIn;
  if (!limiter_.Allow((signin ? "pw-signin " : "pw-other ") + request.client_ip,
                      signin ? lim.signin_per_address : lim.register_per_address, now) ||
      !limiter_.Allow("pw-all", lim.global, now)) {
    return TooMany(errc::rate_limited, lang, now);
  }
  return std::nullopt;
}

std::optional<Response> Api::CheckPublicWrite(const Route& route, const Request& request, Lang lang) const {
  if (route.access != Access::kPublic || !route.writes) return std::nullopt;
  // A page on another site (or a same-site page of someone else's) can post a form or a typeless body
  // without a preflight, but never one labelled application/json: requiring it closes login CSRF.
  if (route.request_file.empty() && request.Header("content-type").rfind("application/json", 0) != 0)
    return ErrorOf(MakeError(errc::json_required), lang);
  // Browsers say where a request comes from; requests without these headers (curl, scripts) pass.
  const std::string origin = request.Header("origin");
  if (!origin.empty()) {
    const std::string own = !options_.public_url.empty() ? OriginOf(options_.public_url) : "";
    const std::string host = request.Header("host");
    const bool same =
        own.empty() ? (origin == "http://" + host || origin == "https://" + host) : origin == own;
    if (!same) return ErrorOf(MakeError(errc::cross_site_request), lang);
  }
  const std::string site = request.Header("sec-fetch-site");
  if (!site.empty() && site != "same-origin" && site != "none")
    return ErrorOf(MakeError(errc::cross_site_request), lang);
  return std::nullopt;
}

Response Api::Dispatch(Request& request, Lang lang) {
  bool path_known = false;
  const Route* route = Match(request, path_known);
  if (!route) return ErrorOf(MakeError(path_known ? errc::method_not_allowed : errc::not_found), lang);

  if (route->rate_per_minute > 0 && !limiter_.Allow(route->pattern + " " + request.client_ip,
                                                    route->rate_per_minute, UnixSeconds(env_.clock.Now()))) {
    return TooMany(errc::rate_limited, lang, UnixSeconds(env_.clock.Now()));
  }
  if (auto refused = CheckPublicWrite(*route, request, lang)) return *refused;
  Context ctx{request, lang, std::nullopt};
  if (route->access != Access::kPublic) {
    const std::string token =
        CookieValue(request.Header("cookie"), SessionCookieName(options_.secure_cookies));
    if (!token.empty()) ctx.auth = accounts::Authenticate(env_, token);
    if (!ctx.auth) return ErrorOf(MakeError(errc::unauthenticated), lang);
    ctx.auth->principal.lang = lang;  // the one place the request's language is chosen for the domain
    if (route->writes && !SecureEquals(request.Header("x-csrf-token"), ctx.auth->csrf_token)) {
      return ErrorOf(MakeError(errc::csrf_failed), lang);
    }
    const auto& p = ctx.auth->principal;
    if (route->access == Access::kRoles &&
        std::find(route->roles.begin(), route->roles.end(), p.role) == route->roles.end()) {
      return ErrorOf(MakeError(errc::forbidden), lang);
    }
    // Signed in with a one-time code: only choosing a new password (and reading who one is, signing out).
    if (p.must_change_password && route->pattern != "/api/v1/auth/password" &&
        route->pattern != "/api/v1/auth/me" && route->pattern != "/api/v1/auth/logout") {
      return ErrorOf(MakeError(errc::password_change_required), lang);
    }
    if (p.role == Role::kUnit && p.unit_status != "approved" && !route->unit_gate_exempt) {
      return ErrorOf(MakeError(errc::unit_not_authorised), lang);
    }
  }
  // Valid text at the boundary (issue 16): a percent-encoded query or path value that is not UTF-8 never
  // reaches a handler, a database (PostgreSQL refuses such bytes) or a printed form.
  for (const auto& [name, value] : request.params)
    if (!IsValidUtf8(value)) return ErrorOf(MakeError(errc::not_found, "path parameter is not UTF-8"), lang);
  {
    FieldErrors bad;
    for (const auto& [name, value] : request.query)
      if (!IsValidUtf8(value) || !IsValidUtf8(name))
        bad.Add(IsValidUtf8(name) ? name : "query", errc::invalid_utf8);
    if (!bad.empty()) return ErrorOf(bad.ToError(), lang);
  }
  if (ctx.auth && request.method == "POST" && route->writes)
    if (const std::string key = request.Header("idempotency-key"); !key.empty())
      return HandleIdempotent(*route, ctx, key);
  return route->handler(ctx);
}

Response Api::HandleIdempotent(const Route& route, Context& ctx, const std::string& key) {
  const Request& request = ctx.request;
  const Lang lang = ctx.lang;
  const bool printable = std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (key.size() > 128 || !printable) return ErrorOf(MakeError(errc::invalid_idempotency_key), lang);
  // The same key must come with the same request: method, target and body (an upload's by its SHA-256).
  const std::string body_hash =
      request.body_file.empty() ? Sha256Hex(request.body) : Sha256FileHex(request.body_file);
  const std::string request_hash = Sha256Hex(request.method + "\n" + request.target + "\n" + body_hash);
  const int64_t user = ctx.auth->principal.user_id;
  constexpr int64_t kDay = int64_t{24} * 3600;
  auto claim =
      storage::ClaimIdempotencyKey(env_.db, user, key, request_hash, UnixSeconds(env_.clock.Now()), kDay);
  switch (claim.claim) {
    case storage::IdempotencyClaim::kMismatch:
      return ErrorOf(MakeError(errc::idempotency_key_reused), lang);
    case storage::IdempotencyClaim::kInProgress: {
      Response r = ErrorOf(MakeError(errc::request_in_progress), lang);
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    case storage::IdempotencyClaim::kReplay: {
      Response r;
      r.status = claim.stored.status;
      r.content_type = claim.stored.content_type;
      r.body = std::move(claim.stored.body);
      r.headers.emplace_back("Idempotent-Replayed", "true");
      return r;
    }
    case storage::IdempotencyClaim::kClaimed:
      break;
  }
  Response r;
  try {
    r = route.handler(ctx);
  } catch (...) {
    storage::ReleaseIdempotencyKey(env_.db, user, key);
    throw;
  }
  // A server-side failure, a file answer or a very large one is not kept: a retry runs again.
  constexpr size_t kMaxStored = size_t{4} << 20;
  if (r.status >= 500 || !r.file_path.empty() || r.body.size() > kMaxStored)
    storage::ReleaseIdempotencyKey(env_.db, user, key);
  else
    storage::StoreIdempotentResponse(env_.db, user, key,
                                     {.status = r.status, .content_type = r.content_type, .body = r.body});
  return r;
}

Response Api::ServeStatic(const Request& request, Lang lang) const {
  if (request.method != "GET" && request.method != "HEAD")
    return ErrorOf(MakeError(errc::method_not_allowed), lang);
  const std::filesystem::path root = options_.web_dir;
  std::filesystem::path rel = std::filesystem::path(request.path).relative_path().lexically_normal();
  if (!rel.empty() && *rel.begin() == "..") return ErrorOf(MakeError(errc::not_found), lang);
  std::error_code ec;
  std::filesystem::path file = root / rel;
  const bool is_asset = rel.string().rfind("assets/", 0) == 0;
  if (rel.empty() || !std::filesystem::is_regular_file(file, ec)) {
    if (is_asset || rel.has_extension()) return ErrorOf(MakeError(errc::not_found), lang);
    file = root / "index.html";  // SPA fallback: the router in the page decides
    if (!std::filesystem::is_regular_file(file, ec)) return ErrorOf(MakeError(errc::not_found), lang);
  }
  Response r;
  r.file_path = file.string();
  r.content_type = ContentTypeOf(file);
  r.headers.emplace_back("Vary", "Accept-Encoding");
  // The build writes a gzip copy beside each asset; send it to browsers that take gzip.
  if (is_asset && request.Header("accept-encoding").find("gzip") != std::string::npos &&
      std::filesystem::is_regular_file(file.string() + ".gz", ec)) {
    r.file_path = file.string() + ".gz";
    r.headers.emplace_back("Content-Encoding", "gzip");
  }
  // Hashed asset names change with their content, so they may be cached for good; the page itself never.
  r.headers.emplace_back("Cache-Control", is_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

std::string Api::OpenApiJson() const {
  contract::Schemas schemas;
  const json::value error_ref = contract::SchemaOf<ErrorBody>(schemas);
  // The registry of error codes is the enum of every error's code.
  {
    json::array codes;
    for (const ErrorInfo& info : AllErrors()) codes.emplace_back(info.code);
    auto& field = schemas.components.at("ErrorDetail").as_object()["properties"].as_object();
    field["code"] = json::object{{"type", "string"}, {"enum", codes}};
    schemas.components.at("FieldErrorDetail").as_object()["properties"].as_object()["code"] =
        json::object{{"type", "string"}, {"enum", std::move(codes)}};
  }
  json::object paths;
  std::map<std::string, int> ids;
  for (const auto& r : routes_) {
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::object op{{"operationId", OperationId(r.method, r.pattern)},
                    {"summary", r.summary},
                    {"x-access", AccessName(r.access)},
                    {"x-scope", ScopeName(r.scope)}};
    json::array roles;
    for (Role role : r.roles) roles.push_back(json::string(accounts::RoleName(role)));
    op["x-roles"] = std::move(roles);
    if (r.rate_per_minute > 0) op["x-rate-limit-per-minute"] = r.rate_per_minute;
    json::array params;
    for (const auto& seg : Split(r.pattern)) {
      if (seg.size() > 2 && seg.front() == '{') {
        params.push_back(json::object{{"name", seg.substr(1, seg.size() - 2)},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", json::object{{"type", "string"}}}});
      }
    }
    for (const auto& q : r.query)
      params.push_back(
          json::object{{"name", q}, {"in", "query"}, {"schema", json::object{{"type", "string"}}}});
    if (!params.empty()) op["parameters"] = std::move(params);
    if (r.stream_body || !r.request_file.empty()) {
      const std::string type = r.request_file.empty() ? "application/octet-stream" : r.request_file;
      op["requestBody"] = json::object{
          {"required", true},
          {"content", json::object{{type, json::object{{"schema", json::object{{"type", "string"},
                                                                               {"format", "binary"}}}}}}}};
    } else if (r.request) {
      op["requestBody"] = json::object{
          {"required", true},
          {"content", json::object{{"application/json", json::object{{"schema", r.request(schemas)}}}}}};
    }
    if (r.access != Access::kPublic) op["security"] = json::array{json::object{{"session", json::array{}}}};
    json::object ok{{"description", "OK"}};
    if (!r.file_type.empty()) {
      ok["content"] = json::object{
          {r.file_type, json::object{{"schema", json::object{{"type", "string"}, {"format", "binary"}}}}}};
    } else if (r.response) {
      ok["content"] = json::object{{"application/json", json::object{{"schema", r.response(schemas)}}}};
    }
    const json::object error{{"$ref", "#/components/responses/Error"}};
    op["responses"] =
        json::object{{std::to_string(r.success_status), std::move(ok)}, {"4XX", error}, {"5XX", error}};
    auto& item = paths[r.pattern];
    if (!item.is_object()) item = json::object{};
    item.as_object()[method] = std::move(op);
  }
  AddTextLimits(paths, schemas.components);
  json::object doc{
      {"openapi", "3.1.0"},
      {"info", json::object{{"title", "zhicheng 职称申报评审管理服务平台"}, {"version", ZHICHENG_VERSION}}},
      {"paths", std::move(paths)},
      {"components",
       json::object{
           {"schemas", std::move(schemas.components)},
           {"x-text-limits", TextLimitRegistry()},
           {"x-formats", FormatRegistry()},
           {"responses",
            json::object{
                {"Error", json::object{{"description",
                                        "Error: a stable code, a message in the request's language and, "
                                        "for a form, every field's problem at once"},
                                       {"content", json::object{{"application/json",
                                                                 json::object{{"schema", error_ref}}}}}}}}},
           {"securitySchemes",
            json::object{
                {"session", json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "zc_session"}}}}}}}};
  return json::serialize(doc);
}

}  // namespace zc::http
