// The whole application with the workflow demo loaded (SQLite in a temporary directory), reached two ways:
//   - mode 0: a route of the route table (any method, so every write endpoint) with fuzzed path parameters,
//     query and JSON body, sent to Api::Handle as one of the demo users (or nobody);
//   - mode 1: raw bytes over TCP to the real HTTP server (Beast parser, limits, timeouts, router), with
//     "@COOKIE@" and "@CSRF@" replaced by a demo user's session, then the write side closed.
// Whatever arrives, the answer is never a 5xx and never missing; the sanitizers catch the rest.
#include <arpa/inet.h>
#include <fuzzer/FuzzedDataProvider.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "accounts/accounts.hpp"
#include "app/demo.hpp"
#include "app/services.hpp"
#include "base/time.hpp"
#include "calendar/calendar.hpp"
#include "campaign/campaign.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "storage/blob_store.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "workflow/workflow.hpp"

namespace {

using namespace zc;

std::atomic<unsigned short> g_port{0};
void OnListening(unsigned short port) {
  g_port = port;
}

struct Caller {
  std::string cookie, csrf;
};

// Built once and never destroyed: the server thread runs until the process exits.
struct World {
  std::filesystem::path dir;
  std::unique_ptr<storage::Database> db;
  OffsetClock clock;
  std::unique_ptr<storage::BlobStore> blobs;
  std::unique_ptr<accounts::Env> env;
  std::vector<campaign::Campaign> campaigns;
  std::unique_ptr<calendar::CalendarStore> calendars;
  std::unique_ptr<app::Services> services;
  std::unique_ptr<http::Api> api;
  std::vector<Caller> callers;  // [0] is nobody

  World() {
    spdlog::set_level(spdlog::level::off);
    const char* tmp = std::getenv("TMPDIR");
    dir = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") / ("zc-fuzz-api-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::filesystem::path data = std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data";
    db = storage::Database::Open("sqlite:" + (dir / "fuzz.db").string(), 4);
    storage::Migrate(*db);
    clock.Set(*ParseInstant("2022-08-25T09:00:00+08:00"));
    blobs = std::make_unique<storage::BlobStore>(dir / "blobs");
    env = std::make_unique<accounts::Env>(accounts::Env{*db, clock, *blobs});
    campaigns = campaign::LoadCampaignDir(data / "campaigns").value();
    calendars = std::make_unique<calendar::CalendarStore>(*db);
    calendars->Seed(calendar::LoadYearDir(data / "calendars").value(), UnixSeconds(clock.Now()));
    const auto logins = app::LoadDemo(*env);
    {
      workflow::Workflow wf(*env, campaigns, *calendars);
      app::LoadWorkflowDemo(*env, clock, wf);
    }
    services = std::make_unique<app::Services>(*env, campaigns, *calendars);
    api = std::make_unique<http::Api>(*env, http::ApiOptions{.campaigns = &campaigns,
                                                             .calendars = calendars.get(),
                                                             .eligibility_rate_per_minute = 1000000,
                                                             .services = services->ForApi()});
    callers.emplace_back();
    for (const auto& l : logins) callers.push_back(Login(l.login));
    std::thread([this] {
      http::ServerOptions o;
      o.port = 0;
      o.io_threads = 1;
      o.worker_threads = 2;
      o.header_timeout = std::chrono::seconds(2);
      o.body_timeout = std::chrono::seconds(2);
      o.idle_timeout = std::chrono::seconds(2);
      http::RunServer(o, *api, OnListening);
    }).detach();
    while (g_port == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  Caller Login(const std::string& login) {
    http::Request r;
    r.method = "POST";
    r.target = r.path = "/api/v1/auth/login";
    r.headers["content-type"] = "application/json";
    r.body = boost::json::serialize(boost::json::object{{"login", login}, {"password", app::kDemoPassword}});
    const http::Response res = api->Handle(r);
    Caller c;
    for (const auto& [name, value] : res.headers) {
      if (name != "Set-Cookie") continue;
      if (!c.cookie.empty()) c.cookie += "; ";
      c.cookie += value.substr(0, value.find(';'));
    }
    boost::system::error_code ec;
    const auto v = boost::json::parse(res.body, ec);
    if (!ec && v.is_object() && v.as_object().contains("csrf_token"))
      c.csrf = std::string(v.at("csrf_token").as_string());
    return c;
  }
};

World& TheWorld() {
  static World* w = new World();  // NOLINT: intentionally never destroyed (the server thread outlives main)
  return *w;
}

[[noreturn]] void Fail(const std::string& what, const std::string& detail) {
  std::fprintf(stderr, "api_fuzz: %s\n%s\n", what.c_str(), detail.substr(0, 4000).c_str());
  std::abort();
}

const char* const kIds[] = {
    "1",   "2",   "3",  "4", "5",   "6",    "7", "8", "10", "0", "-1", "abc", "99999999999999999999",
    "1.5", "%00", "..", "",  "1e3", "0x10", " 1"};
const char* const kLangs[] = {"zh-CN", "en", "en-US,en;q=0.9", "", "*", "xx"};

// Mode 0: one route of the table, through the router and handler, as one caller.
void ThroughRouter(World& w, FuzzedDataProvider& in) {
  const auto& routes = w.api->routes();
  const auto& route = routes[in.ConsumeIntegralInRange<size_t>(0, routes.size() - 1)];
  const Caller& caller = w.callers[in.ConsumeIntegralInRange<size_t>(0, w.callers.size() - 1)];
  std::string path;
  for (size_t i = 0; i < route.pattern.size();) {
    if (route.pattern[i] == '{') {
      const size_t end = route.pattern.find('}', i);
      path += in.ConsumeBool() ? std::string(kIds[in.ConsumeIntegralInRange<size_t>(0, std::size(kIds) - 1)])
                               : in.ConsumeRandomLengthString(24);
      i = end == std::string::npos ? route.pattern.size() : end + 1;
    } else {
      path += route.pattern[i++];
    }
  }
  http::Request r;
  r.method = route.method;
  r.path = path;
  r.target = path;
  const int params = in.ConsumeIntegralInRange(0, 3);
  for (int i = 0; i < params; ++i) {
    std::string key = in.ConsumeRandomLengthString(16);
    std::string value = in.ConsumeRandomLengthString(32);
    r.query[key] = value;
  }
  if (!caller.cookie.empty()) r.headers["cookie"] = caller.cookie;
  if (!caller.csrf.empty() && in.ConsumeBool()) r.headers["x-csrf-token"] = caller.csrf;
  r.headers["accept-language"] = kLangs[in.ConsumeIntegralInRange<size_t>(0, std::size(kLangs) - 1)];
  r.headers["content-type"] = in.ConsumeBool() ? "application/json" : in.ConsumeRandomLengthString(40);
  r.body = in.ConsumeRemainingBytesAsString();
  std::filesystem::path temp;
  if (w.api->StreamsBody(r.method, r.path)) {
    static std::atomic<int> counter{0};
    temp = w.api->UploadDir() / ("fuzz-" + std::to_string(counter++));
    std::ofstream(temp, std::ios::binary) << r.body;
    r.body_file = temp.string();
    r.body.clear();
  }
  std::optional<http::Response> res = w.api->HandleInline(r);
  if (!res) res = w.api->Handle(r);
  if (!temp.empty()) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
  }
  if (res->status >= 500)
    Fail(std::to_string(res->status) + " for " + r.method + " " + route.pattern + " as caller with cookie '" +
             caller.cookie + "'",
         "path: " + r.path + "\nbody: " + r.body + "\nanswer: " + res->body);
}

// Mode 1: raw bytes to the server; every answer on the connection is read until the server closes it.
void OverTheWire(World& w, const uint8_t* data, size_t size) {
  if (size < 1) return;
  const Caller& caller = w.callers[data[0] % w.callers.size()];
  std::string wire(reinterpret_cast<const char*>(data + 1), size - 1);
  for (const auto& [token, value] : {std::pair<std::string, std::string>{"@COOKIE@", caller.cookie},
                                     std::pair<std::string, std::string>{"@CSRF@", caller.csrf}}) {
    for (size_t at = wire.find(token); at != std::string::npos; at = wire.find(token, at + value.size()))
      wire.replace(at, token.size(), value);
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(g_port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{.tv_sec = 10, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return;
  }
  for (size_t sent = 0; sent < wire.size();) {
    const ssize_t n = ::send(fd, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may stop reading once it has refused the request
    sent += static_cast<size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  std::string answer;
  char buf[16384];
  bool timed_out = false;
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      answer.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) timed_out = true;
    break;
  }
  ::close(fd);
  if (timed_out) Fail("the server neither answered nor closed within 10 s", wire);
  // Every status line on the connection (pipelined requests get one each).
  for (size_t at = answer.find("HTTP/1."); at != std::string::npos; at = answer.find("HTTP/1.", at + 1)) {
    if (at + 9 < answer.size() && answer[at + 9] == '5')
      Fail("a " + answer.substr(at + 9, 3) + " on the wire", wire + "\n---\n" + answer.substr(0, 2000));
  }
}

}  // namespace

// The world (a database, the demo, a sign-in per demo user: some seconds of password hashing) is built before
// the first input, so that its time is not taken for a slow input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheWorld();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = TheWorld();
  if (size < 1) return 0;
  if (data[0] % 2 == 0) {
    FuzzedDataProvider in(data + 1, size - 1);
    ThroughRouter(w, in);
  } else {
    OverTheWire(w, data + 1, size - 1);
  }
  return 0;
}
