#pragma once
// Result<T>: a value or an Error, in the style of std::expected. Domain functions return it across module
// boundaries; exceptions are reserved for bugs and infrastructure failures.
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "base/error_codes.hpp"

namespace zc {

// One problem with one field of a form; `code` names an entry of the error registry.
// `detail` adds specifics the registry message cannot know (the allowed values, a line number); optional.
// `limit` (0: none) is the bound a too_long, too_short or out_of_range broke, in the field's own unit
// (characters for text).
struct FieldError {
  std::string field;
  ErrorCode code;
  std::string detail;
  size_t limit = 0;
};

// `code` names an entry of the error registry (error_codes.def). `fields` lists every problem of a form at
// once. `detail` is for logs only and never shown to users.
struct Error {
  ErrorCode code = ErrorCode::internal_error;
  std::vector<FieldError> fields;
  std::string detail;
};

inline Error MakeError(ErrorCode code, std::string detail = {}) {
  return Error{code, {}, std::move(detail)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

// Collects form problems; empty() means the form is valid.
class FieldErrors {
 public:
  // The same problem of the same field is listed once (a route and the domain may both check it).
  void Add(std::string field, ErrorCode code, std::string detail = {}, size_t limit = 0) {
    for (const auto& f : list_)
      if (f.field == field && f.code == code) return;
    list_.push_back({std::move(field), code, std::move(detail), limit});
  }
  void Append(const std::vector<FieldError>& more) { list_.insert(list_.end(), more.begin(), more.end()); }
  bool empty() const { return list_.empty(); }
  bool Has(const std::string& field) const {
    for (const auto& f : list_) {
      if (f.field == field) return true;
    }
    return false;
  }
  Error ToError() const { return Error{ErrorCode::validation_failed, list_, {}}; }
  // The same problems under another top-level code (e.g. evidence_missing naming its slots).
  Error ToError(ErrorCode code) const { return Error{code, list_, {}}; }

 private:
  std::vector<FieldError> list_;
};

}  // namespace zc
