#pragma once
// The one registry of stable error codes: code → HTTP status + Chinese and English message
// (base/error_codes.def). Codes are constants of `ErrorCode`, written `errc::stale_version`: a code that is
// not registered does not compile. The front end switches on the code's name; messages may be reworded,
// codes never change meaning.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string_view>
#include <vector>

namespace zc {

enum class Lang { kZh, kEn };

enum class ErrorCode : uint16_t {
#define ZC_ERROR(code, status, zh, en) code,
#include "base/error_codes.def"
#undef ZC_ERROR
};

// `errc::not_found` rather than `ErrorCode::not_found`, as ClickHouse writes `ErrorCodes::NOT_FOUND`.
namespace errc {
using enum ErrorCode;
}  // namespace errc

struct ErrorInfo {
  ErrorCode id;
  std::string_view code;  // the name on the wire
  int http_status;
  std::string_view zh;
  std::string_view en;
};

const ErrorInfo& Info(ErrorCode code);
std::string_view Name(ErrorCode code);
// The code a wire name stands for, if it is registered.
std::optional<ErrorCode> ParseErrorCode(std::string_view name);
const std::vector<ErrorInfo>& AllErrors();
std::string_view Message(const ErrorInfo& info, Lang lang);
inline std::string_view Message(ErrorCode code, Lang lang) {
  return Message(Info(code), lang);
}
// The class of a field-level problem in the one vocabulary every form answers with (issue 17): required,
// wrong_type, too_long, too_short, out_of_range, invalid_format, unknown_code or unknown_field. A more
// specific code (invalid_date, reason_required) belongs to its class and stays on the wire as the field's
// `reason`, with its own message; a code outside the vocabulary (a business rule such as duplicate) is its
// own class.
ErrorCode FieldClass(ErrorCode code);
std::ostream& operator<<(std::ostream& out, ErrorCode code);  // for test failure messages

}  // namespace zc
