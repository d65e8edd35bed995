#include "base/error_codes.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
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
  const auto& e = Info(errc::invalid_credentials);
  EXPECT_EQ(e.http_status, 401);
  EXPECT_EQ(Message(e, Lang::kZh), "账号或密码错误");
  EXPECT_EQ(Message(e, Lang::kEn), "Wrong account or password");
  EXPECT_EQ(Name(errc::stale_version), "stale_version");
  EXPECT_EQ(ParseErrorCode("stale_version"), errc::stale_version);
  EXPECT_EQ(ParseErrorCode("no_such_code"), std::nullopt);
}

// A code that is used but not registered does not compile (`errc::` names enumerators of the registry).
// The other half: every registered code is used somewhere in src/ outside the registry and the tests, so the
// registry documents only what a client can actually receive.
TEST(ErrorRegistry, EveryRegisteredCodeIsUsed) {
  std::set<std::string> used;
  const std::regex use(R"((?:errc|ErrorCode)::([a-z0-9_]+))");
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(ZHICHENG_SOURCE_DIR "/src")) {
    const auto& path = entry.path();
    const std::string name = path.filename().string();
    if (!entry.is_regular_file() || name.ends_with("_test.cpp")) continue;
    if (path.extension() != ".cpp" && path.extension() != ".hpp") continue;
    std::ifstream in(path);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    for (std::sregex_iterator it(text.begin(), text.end(), use), end; it != end; ++it) used.insert((*it)[1]);
    ++files;
  }
  ASSERT_GT(files, 50u) << "the source tree was not found";
  for (const auto& e : AllErrors()) {
    EXPECT_TRUE(used.contains(std::string(e.code))) << "registered but never used: " << e.code;
  }
}

TEST(ErrorRegistry, EnumAndTableAgree) {
  for (size_t i = 0; i < AllErrors().size(); ++i) {
    const ErrorInfo& e = AllErrors()[i];
    EXPECT_EQ(static_cast<size_t>(e.id), i) << e.code;
    EXPECT_EQ(&Info(e.id), &e);
    EXPECT_EQ(ParseErrorCode(e.code), e.id);
  }
}

}  // namespace
}  // namespace zc
