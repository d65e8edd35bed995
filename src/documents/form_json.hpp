#pragma once
// Reading the JSON a form is printed from: absent or mistyped members read as empty, never throw.
#include <boost/json.hpp>
#include <cmath>
#include <string>
#include <vector>

namespace zc::documents::detail {

namespace json = boost::json;

inline const json::object& Obj(const json::object& o, const char* key) {
  static const json::object kEmpty;
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? v->as_object() : kEmpty;
}
inline const json::array& Arr(const json::object& o, const char* key) {
  static const json::array kEmpty;
  const json::value* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : kEmpty;
}
inline std::string S(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (!v) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_double()) return std::to_string(static_cast<long long>(std::llround(v->as_double())));
  if (v->is_bool()) return v->as_bool() ? "是" : "否";
  return "";
}
inline bool B(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}

template <class T>
std::string NameOf(const std::vector<T>& list, const std::string& code) {
  for (const auto& x : list)
    if (x.code == code) return x.name;
  return code;
}

// "2022-08-20T09:00:00+08:00" → "2022-08-20 09:00".
inline std::string Minute(const std::string& iso) {
  if (iso.size() < 16) return iso;
  std::string out = iso.substr(0, 10);
  out += ' ';
  out += iso.substr(11, 5);
  return out;
}

}  // namespace zc::documents::detail
