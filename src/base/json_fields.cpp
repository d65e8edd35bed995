#include "base/json_fields.hpp"

#include <algorithm>

namespace zc {

void RejectUnknownFields(const boost::json::object& o, std::initializer_list<std::string_view> allowed,
                         FieldErrors& errors, const std::string& prefix) {
  for (const auto& kv : o) {
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
      errors.Add(prefix.empty() ? std::string(kv.key()) : prefix + "." + std::string(kv.key()),
                 "unknown_field");
  }
}

}  // namespace zc
