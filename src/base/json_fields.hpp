#pragma once
// Small checks on JSON request bodies shared by every area.
#include <boost/json/object.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace zc {

// Records every key of `o` not in `allowed` as unknown_field ("<prefix>.<key>", or "<key>" without prefix).
void RejectUnknownFields(const boost::json::object& o, std::initializer_list<std::string_view> allowed,
                         FieldErrors& errors, const std::string& prefix = {});

// Typed field access; a field of the wrong type is recorded in `errors`. Strings are trimmed and held to
// their registered length (base/limits.hpp).
std::string StrField(const boost::json::object& o, const char* name, FieldErrors& errors);
bool BoolField(const boost::json::object& o, const char* name, FieldErrors& errors);
std::optional<int64_t> IntField(const boost::json::object& o, const char* name, FieldErrors& errors);

}  // namespace zc
