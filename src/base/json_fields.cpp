#include "base/json_fields.hpp"

#include <algorithm>

#include "base/limits.hpp"
#include "base/text.hpp"

namespace zc {

void RejectUnknownFields(const boost::json::object& o, std::initializer_list<std::string_view> allowed,
                         FieldErrors& errors, const std::string& prefix) {
  for (const auto& kv : o) {
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
      errors.Add(prefix.empty() ? std::string(kv.key()) : prefix + "." + std::string(kv.key()),
                 errc::unknown_field);
  }
}

std::string StrField(const boost::json::object& o, const char* name, FieldErrors& errors) {
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return {};
  if (!it->value().is_string()) {
    errors.Add(name, errc::wrong_type);
    return {};
  }
  // Trim surrounding white space (pasted identifiers often carry it), then hold the field to its limit.
  std::string s = Trim(it->value().as_string());
  CheckLength(errors, name, s);
  return s;
}

bool BoolField(const boost::json::object& o, const char* name, FieldErrors& errors) {
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return false;
  if (!it->value().is_bool()) {
    errors.Add(name, errc::wrong_type);
    return false;
  }
  return it->value().as_bool();
}

std::optional<int64_t> IntField(const boost::json::object& o, const char* name, FieldErrors& errors) {
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (it->value().is_int64()) return it->value().as_int64();
  if (it->value().is_uint64() && it->value().as_uint64() < (1ULL << 62)) {
    return static_cast<int64_t>(it->value().as_uint64());
  }
  errors.Add(name, it->value().is_uint64() ? errc::out_of_range : errc::wrong_type);
  return std::nullopt;
}

}  // namespace zc
