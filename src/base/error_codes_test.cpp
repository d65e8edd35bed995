#include "base/error_codes.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace zc {
namespace {

TEST(ErrorRegistry, CodesAreUniqueAndEveryEntryIsComplete) {
  std::set<std::string_view> seen;
  for (const auto& e : AllErrors()) {
    EXPECT_TRUE(seen.insert(e.code).second) << "duplicate code " << e.code;
    EXPECT_GE(e.http_status, 400) << e.code;
    EXPECT_LT(e.http_status, 600) << e.code;
    EXPECT_FALSE(e.zh.empty()) << e.code;
    EXPECT_FALSE(e.en.empty()) << e.code;
  }
}

TEST(ErrorRegistry, LookupAndLanguages) {
  const auto& e = LookupError("invalid_credentials");
  EXPECT_EQ(e.http_status, 401);
  EXPECT_EQ(Message(e, Lang::kZh), "账号或密码错误");
  EXPECT_EQ(Message(e, Lang::kEn), "Wrong account or password");
  EXPECT_EQ(LookupError("no_such_code").code, "internal_error");
}

}  // namespace
}  // namespace zc
