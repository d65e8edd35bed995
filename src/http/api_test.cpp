// The route table's own invariants, and the checks it drives, exercised through Api::Handle without a
// socket.
#include "http/api.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "base/crypto.hpp"
#include "documents/list_export.hpp"
#include "storage/testing.hpp"

namespace zc::http {
namespace {

class ApiTest : public ::testing::Test {
 protected:
  Response Call(const std::string& method, const std::string& path, const std::string& cookie = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.target = path;
    r.client_ip = "127.0.0.1";
    if (!cookie.empty()) r.headers["cookie"] = cookie;
    return api_->Handle(r);
  }
  static std::string Concrete(std::string pattern) {
    for (size_t a; (a = pattern.find('{')) != std::string::npos;)
      pattern.replace(a, pattern.find('}', a) - a + 1, "1");
    return pattern;
  }

  ManualClock clock_{FromUnixSeconds(1659312000)};
  storage::TempDatabase temp_;
  // The reference data the server loads, so that its routes are part of every invariant below.
  std::vector<campaign::Campaign> campaigns_ =
      *campaign::LoadCampaignDir(std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data/campaigns");
  calendar::CalendarStore calendars_{temp_.db()};
  accounts::Env env_{temp_.db(), clock_, temp_.blobs()};
  // The services as the composition root (app/services.hpp) builds them.
  workflow::Workflow workflow_{env_, campaigns_, calendars_};
  review::Review review_{env_, campaigns_, calendars_, workflow_};
  review::PreReview pre_review_{env_, campaigns_, calendars_, workflow_};
  documents::Forms forms_{env_, workflow_, campaigns_};
  std::unique_ptr<Api> api_ =
      std::make_unique<Api>(env_, ApiOptions{.web_dir = temp_.dir() / "web",
                                             .campaigns = &campaigns_,
                                             .calendars = &calendars_,
                                             .services = {&workflow_, &review_, &pre_review_, &forms_}});
};

TEST_F(ApiTest, EveryRouteIsDeclaredOnceWithASummaryAndItsRoles) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : api_->routes()) {
    EXPECT_TRUE(seen.insert({r.method, r.pattern}).second) << r.method << " " << r.pattern;
    EXPECT_FALSE(r.summary.empty()) << r.pattern;
    EXPECT_EQ(r.pattern.rfind("/api/v1/", 0), 0U) << r.pattern;
    EXPECT_EQ(r.access == Access::kRoles, !r.roles.empty()) << r.pattern;
    EXPECT_EQ(r.writes, r.method != "GET") << r.pattern;
    if (r.non_blocking) {
      EXPECT_EQ(r.access, Access::kPublic) << "an inline route cannot check a session: " << r.pattern;
    }
  }
}

TEST_F(ApiTest, ReferenceRoutesAreServed) {
  EXPECT_TRUE(std::any_of(api_->routes().begin(), api_->routes().end(),
                          [](const Route& r) { return r.pattern == "/api/v1/eligibility/check"; }));
  EXPECT_EQ(Call("GET", "/api/v1/campaigns/current").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/campaigns/jiaxing-2099").status, 404);
  EXPECT_NE(api_->OpenApiJson().find("\"x-rate-limit-per-minute\":60"), std::string::npos);
}

TEST(RateLimiter, CountsPerKeyPerMinute) {
  RateLimiter limiter;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a", 3, 120));
  EXPECT_FALSE(limiter.Allow("a", 3, 179));
  EXPECT_TRUE(limiter.Allow("b", 3, 179));  // another address
  EXPECT_TRUE(limiter.Allow("a", 3, 180));  // the next minute
}

TEST_F(ApiTest, OnlyTheLetterAndSessionRoutesAreOpenToAnUnapprovedUnit) {
  const std::set<std::string> allowed = {"/api/v1/auth/logout",     "/api/v1/auth/me",
                                         "/api/v1/auth/password",   "/api/v1/units/me",
                                         "/api/v1/units/me/letter", "/api/v1/units/{id}/letter"};
  for (const auto& r : api_->routes()) {
    if (r.unit_gate_exempt) {
      EXPECT_TRUE(allowed.count(r.pattern)) << r.method << " " << r.pattern;
    }
  }
}

TEST_F(ApiTest, EveryNonPublicRouteAnswers401WithoutASession) {
  int checked = 0;
  for (const auto& r : api_->routes()) {
    if (r.access == Access::kPublic) continue;
    for (const std::string& cookie : {std::string(), "zc_session=" + std::string(64, 'a')}) {
      const Response res = Call(r.method, Concrete(r.pattern), cookie);
      EXPECT_EQ(res.status, 401) << r.method << " " << r.pattern << " " << res.body;
      EXPECT_NE(res.body.find("\"unauthenticated\""), std::string::npos);
    }
    ++checked;
  }
  EXPECT_GT(checked, 10);
}

TEST_F(ApiTest, OpenApiDocumentListsEveryRoute) {
  const auto doc = boost::json::parse(api_->OpenApiJson()).as_object();
  const auto& paths = doc.at("paths").as_object();
  for (const auto& r : api_->routes()) {
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(paths.contains(r.pattern)) << r.pattern;
    EXPECT_TRUE(paths.at(r.pattern).as_object().contains(method)) << r.method << " " << r.pattern;
  }
}

// The contract (contract.cpp, src/*/views.hpp): every route has its entry and every entry its route (the
// test clock's only with serve --test-clock); each JSON body has a schema, each answer a schema or a file
// type, and every schema the document refers to is in it.
TEST_F(ApiTest, EveryOperationHasItsContract) {
  std::set<std::string> routes;
  for (const auto& r : api_->routes()) {
    routes.insert(r.method + " " + r.pattern);
    const OperationContract* c = FindContract(r.method, r.pattern);
    ASSERT_NE(c, nullptr) << "no entry in http/contract.cpp for " << r.method << " " << r.pattern;
    EXPECT_TRUE(c->response || !c->file_type.empty() || c->success_status == 204)
        << r.method << " " << r.pattern << ": no answer type";
    if (r.writes && !r.stream_body && c->request_file.empty() && c->success_status != 204 &&
        r.pattern.find("/logout") == std::string::npos && r.pattern.find("/read") == std::string::npos &&
        r.pattern.find("/evidence/") == std::string::npos) {
      EXPECT_TRUE(c->request) << r.method << " " << r.pattern << ": a write without a body type";
    }
  }
  for (const auto& key : ContractOperations()) {
    if (key.find("/testing/clock") != std::string::npos) continue;
    EXPECT_TRUE(routes.contains(key)) << "contract.cpp has an entry without a route: " << key;
  }
  const std::string doc = api_->OpenApiJson();
  const auto parsed = boost::json::parse(doc).as_object();
  const auto& schemas = parsed.at("components").as_object().at("schemas").as_object();
  for (size_t at = 0; (at = doc.find("#/components/schemas/", at)) != std::string::npos;) {
    at += 21;
    const std::string name = doc.substr(at, doc.find('"', at) - at);
    EXPECT_TRUE(schemas.contains(name)) << "a reference to a missing schema " << name;
  }
  EXPECT_EQ(parsed.at("openapi").as_string(), "3.1.0");
}

// The Excel exports read each list item by key (documents/list_export.cpp): every column's key is a member
// of the item schema of its list's answer, so renaming a view's member cannot leave a column blank.
TEST_F(ApiTest, EveryExportColumnIsAMemberOfItsListItem) {
  const auto doc = boost::json::parse(api_->OpenApiJson()).as_object();
  const auto& schemas = doc.at("components").as_object().at("schemas").as_object();
  auto resolve = [&](const boost::json::value& s) -> const boost::json::object& {
    const auto& o = s.as_object();
    if (const auto* ref = o.if_contains("$ref")) {
      const std::string name(ref->as_string().subview().substr(std::string("#/components/schemas/").size()));
      return schemas.at(name).as_object();
    }
    return o;
  };
  int columns = 0;
  for (const auto& spec : documents::ListExports()) {
    const auto* path = doc.at("paths").as_object().if_contains(spec.pattern);
    ASSERT_NE(path, nullptr) << spec.pattern;
    const auto& page =
        resolve(path->at("get").at("responses").at("200").at("content").at("application/json").at("schema"));
    const auto& item = resolve(page.at("properties").at("items").at("items"));
    const auto& members = item.at("properties").as_object();
    for (const auto& c : spec.columns) {
      EXPECT_TRUE(members.contains(c.key)) << spec.pattern << ": the column " << c.key << " names no member";
      ++columns;
    }
  }
  EXPECT_GT(columns, 30);
}

TEST_F(ApiTest, UnknownPathsAndMethods) {
  EXPECT_EQ(Call("GET", "/api/v1/nothing").status, 404);
  EXPECT_EQ(Call("PUT", "/api/v1/health").status, 405);
  EXPECT_EQ(Call("GET", "/api/v1/health").status, 200);
  EXPECT_EQ(Call("POST", "/index.html").status, 405);
}

TEST_F(ApiTest, BodyLimitsFollowTheRoute) {
  EXPECT_EQ(api_->BodyLimit("PUT", "/api/v1/units/me/letter"), 10U * 1024 * 1024);
  EXPECT_EQ(api_->BodyLimit("POST", "/api/v1/auth/login"), 1U << 20);
  EXPECT_LT(api_->BodyLimit("POST", "/somewhere"), 1U << 20);
}

}  // namespace
}  // namespace zc::http
