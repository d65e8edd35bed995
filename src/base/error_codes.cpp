#include "base/error_codes.hpp"

#include <ostream>

namespace zc {
namespace {

const std::vector<ErrorInfo> kErrors = {
#define ZC_ERROR(code, status, zh, en) {ErrorCode::code, #code, status, zh, en},
#include "base/error_codes.def"
#undef ZC_ERROR
};

}  // namespace

const std::vector<ErrorInfo>& AllErrors() {
  return kErrors;
}

const ErrorInfo& Info(ErrorCode code) {
  return kErrors[static_cast<size_t>(code)];
}

std::string_view Name(ErrorCode code) {
  return Info(code).code;
}

std::optional<ErrorCode> ParseErrorCode(std::string_view name) {
  for (const auto& e : kErrors) {
    if (e.code == name) return e.id;
  }
  return std::nullopt;
}

std::string_view Message(const ErrorInfo& info, Lang lang) {
  return lang == Lang::kEn ? info.en : info.zh;
}

std::ostream& operator<<(std::ostream& out, ErrorCode code) {
  return out << Name(code);
}

}  // namespace zc
