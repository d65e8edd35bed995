#pragma once
// Small checks on JSON request bodies shared by every area.
#include <boost/json/object.hpp>
#include <initializer_list>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace zc {

// Records every key of `o` not in `allowed` as unknown_field ("<prefix>.<key>", or "<key>" without prefix).
void RejectUnknownFields(const boost::json::object& o, std::initializer_list<std::string_view> allowed,
                         FieldErrors& errors, const std::string& prefix = {});

}  // namespace zc
