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

ErrorCode FieldClass(ErrorCode code) {
  switch (code) {
    case errc::reason_required:
    case errc::change_reason_required:
    case errc::department_required:
    case errc::opinion_required:
    case errc::pledge_required:
      return errc::required;
    case errc::too_many_items:
    case errc::term_too_long:
      return errc::too_long;
    case errc::date_order:
    case errc::date_outside_year:
    case errc::date_in_past:
    case errc::makeup_not_weekend:
      return errc::out_of_range;
    case errc::invalid_boolean:
    case errc::invalid_utf8:
    case errc::invalid_date:
    case errc::invalid_number:
    case errc::invalid_resident_id:
    case errc::resident_id_birth_date:
    case errc::invalid_credit_code:
    case errc::invalid_mobile:
    case errc::invalid_login:
    case errc::invalid_cursor:
    case errc::invalid_contact:
    case errc::invalid_seed:
    case errc::control_characters:
    case errc::toml_syntax:
    case errc::weak_password:
    case errc::common_password:
      return errc::invalid_format;
    case errc::invalid_region:
    case errc::invalid_unit_type:
    case errc::invalid_department:
    case errc::invalid_role:
      return errc::unknown_code;
    case errc::import_extra_cells:
      return errc::unknown_field;
    default:
      return code;
  }
}

std::ostream& operator<<(std::ostream& out, ErrorCode code) {
  return out << Name(code);
}

}  // namespace zc
