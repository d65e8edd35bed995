#pragma once
// The one registry of stable error codes: code → HTTP status + Chinese and English message. The front end
// switches on `code`; messages may be reworded, codes never change meaning.
#include <string_view>
#include <vector>

namespace zc {

enum class Lang { kZh, kEn };

struct ErrorInfo {
  std::string_view code;
  int http_status;
  std::string_view zh;
  std::string_view en;
};

// Unknown codes resolve to `internal_error` (a bug: every code used must be registered; a unit test checks).
const ErrorInfo& LookupError(std::string_view code);
bool IsRegisteredError(std::string_view code);
const std::vector<ErrorInfo>& AllErrors();
std::string_view Message(const ErrorInfo& info, Lang lang);

}  // namespace zc
