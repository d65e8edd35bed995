#pragma once
// The request and response as the application sees them: plain structs, no Beast types, so that handlers
// and tests need not include the heavy HTTP headers.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/error_codes.hpp"

namespace zc::http {

struct Request {
  std::string method;                          // "GET", "POST", …
  std::string target;                          // path and query as sent
  std::string path;                            // percent-decoded path
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> headers;  // lower-case names
  std::map<std::string, std::string> params;   // path parameters filled in by the router
  std::string body;
  // For routes that stream their body: the temporary file holding it ("" when the body was empty). The
  // server removes it after the handler unless the handler moved it away.
  std::string body_file;
  std::string client_ip;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is this file, streamed from disk by the server.
  std::string file_path;
};

// What the server asks of the application. Implementations must be thread-safe: Handle runs on the worker
// pool, BodyLimit on an I/O thread (and must not block).
enum class PasswordWork { kNone, kSignIn, kOther };

class Application {
 public:
  virtual ~Application() = default;
  // The largest body accepted for this method and path, in bytes.
  virtual size_t BodyLimit(const std::string& method, const std::string& path) const = 0;
  // Routes whose body goes to a file in UploadDir() rather than memory (uploads).
  virtual bool StreamsBody(const std::string& /*method*/, const std::string& /*path*/) const { return false; }
  virtual std::filesystem::path UploadDir() const { return {}; }
  // Routes that derive or verify a password hash (tens of milliseconds of a core each: sign-in, registration,
  // password change). They run on pools of their own with a bounded queue of their own, so that a wave of
  // them can neither hold every worker nor fill the queue every other request waits in; sign-ins have a pool
  // apart from registrations, so that a registration flood never delays a sign-in.
  virtual PasswordWork PasswordWorkOf(const std::string& /*method*/, const std::string& /*path*/) const {
    return PasswordWork::kNone;
  }
  virtual Response Handle(Request& request) = 0;
  // Requests that need no database (static files, health) are answered here, on the I/O thread, without
  // the hop to the worker pool; nullopt sends the request on to Handle. Must never block.
  virtual std::optional<Response> HandleInline(Request& request) = 0;
  // A response for an error the server detects itself (413, 408, 503 …), in the application's error format;
  // `limit`, for a 413, is the body limit in bytes the request went past.
  virtual Response ErrorResponse(ErrorCode code, const std::string& accept_language,
                                 size_t limit = 0) const = 0;
};

}  // namespace zc::http
