#pragma once
// The API contract in C++ types. A request body or a response is a plain struct described with
// ZC_CONTRACT (Boost.Describe); SchemaOf<T> turns it into the JSON Schema (OpenAPI 3.1) that the route table
// publishes in /api/v1/openapi.json, from which the web app's TypeScript types are generated
// (scripts/contract.sh). The black-box tests check every JSON answer against that schema
// (tests/lib/contract.mjs), so the types are what the server sends, not a description beside it.
//
// Mapping: bool → boolean, integers → integer, floating point → number, std::string → string,
// std::optional<T> → T or null, and the member may be absent (ToJson leaves it out);
// Nullable<T> → T or null, always present (ToJson writes null); std::vector<T> → array;
// std::map<std::string, T> → object with T values; boost::json::value → any JSON (documents such as an
// archive item's data); a described struct → a named schema in components/schemas, closed to other members;
// a described enum → string with its enumerators. A member named with a trailing underscore (default_)
// stands for the JSON name without it.
#include <boost/describe.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// Describes a contract struct and gives it its schema name.
#define ZC_CONTRACT(T, MEMBERS)                                               \
  BOOST_DESCRIBE_STRUCT(T, (), MEMBERS)                                       \
  [[maybe_unused]] inline constexpr std::string_view ContractName(const T*) { \
    return #T;                                                                \
  }

namespace zc::contract {

// A member that is always sent, as null when it has no value (a certificate's revoked_on).
template <class T>
struct Nullable : std::optional<T> {
  using std::optional<T>::optional;
  Nullable() = default;
  Nullable(std::optional<T> o) : std::optional<T>(std::move(o)) {}  // NOLINT(google-explicit-constructor)
  template <class U>
  Nullable& operator=(U&& v) {
    std::optional<T>::operator=(std::forward<U>(v));
    return *this;
  }
};

// The named schemas collected while the document is built (components/schemas).
struct Schemas {
  boost::json::object components;
};

// A function that writes a type's schema, kept in the route table.
using TypeRef = std::function<boost::json::value(Schemas&)>;

namespace detail {
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsNullable : std::false_type {};
template <class T>
struct IsNullable<Nullable<T>> : std::true_type {};
template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};
template <class T>
struct IsMap : std::false_type {};
template <class T>
struct IsMap<std::map<std::string, T>> : std::true_type {};

inline std::string_view JsonName(std::string_view member) {
  if (!member.empty() && member.back() == '_') member.remove_suffix(1);
  return member;
}

// {type: X} or {$ref} → the same allowing null.
inline boost::json::value Nullable(boost::json::value s) {
  if (auto* o = s.if_object(); o && o->contains("type") && o->at("type").is_string()) {
    (*o)["type"] = boost::json::array{o->at("type"), "null"};
    return s;
  }
  return boost::json::object{
      {"anyOf", boost::json::array{std::move(s), boost::json::object{{"type", "null"}}}}};
}
}  // namespace detail

template <class T>
boost::json::value SchemaOf(Schemas& s) {
  namespace json = boost::json;
  if constexpr (std::is_same_v<T, bool>) {
    return json::object{{"type", "boolean"}};
  } else if constexpr (std::is_integral_v<T>) {
    return json::object{{"type", "integer"}};
  } else if constexpr (std::is_floating_point_v<T>) {
    return json::object{{"type", "number"}};
  } else if constexpr (std::is_same_v<T, std::string>) {
    return json::object{{"type", "string"}};
  } else if constexpr (std::is_same_v<T, json::value>) {
    return json::object{};
  } else if constexpr (std::is_same_v<T, json::object>) {
    return json::object{{"type", "object"}, {"additionalProperties", true}};
  } else if constexpr (detail::IsOptional<T>::value || detail::IsNullable<T>::value) {
    return detail::Nullable(SchemaOf<typename T::value_type>(s));
  } else if constexpr (detail::IsVector<T>::value) {
    return json::object{{"type", "array"}, {"items", SchemaOf<typename T::value_type>(s)}};
  } else if constexpr (detail::IsMap<T>::value) {
    return json::object{{"type", "object"}, {"additionalProperties", SchemaOf<typename T::mapped_type>(s)}};
  } else if constexpr (boost::describe::has_describe_enumerators<T>::value) {
    json::array names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>(
        [&](auto e) { names.emplace_back(e.name); });
    return json::object{{"type", "string"}, {"enum", std::move(names)}};
  } else {
    static_assert(boost::describe::has_describe_members<T>::value,
                  "a contract type must be a primitive, optional, vector, map or ZC_CONTRACT struct");
    const std::string name(ContractName(static_cast<const T*>(nullptr)));
    if (!s.components.contains(name)) {
      s.components[name] = json::object{};  // placeholder: a type that contains itself stops here
      json::object props;
      json::array required;
      boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
          [&](auto m) {
            using M = std::remove_cvref_t<decltype(std::declval<T&>().*m.pointer)>;
            const std::string_view key = detail::JsonName(m.name);
            props[key] = SchemaOf<M>(s);
            if (!detail::IsOptional<M>::value) required.emplace_back(key);
          });
      json::object schema{
          {"type", "object"}, {"properties", std::move(props)}, {"additionalProperties", false}};
      if (!required.empty()) schema["required"] = std::move(required);
      s.components[name] = std::move(schema);
    }
    return json::object{{"$ref", "#/components/schemas/" + name}};
  }
}

// The body of an action that takes no input: {}.
struct Empty {};
ZC_CONTRACT(Empty, ())

// A code with its name in the caller's language (a level, a committee, a region).
struct CodeName {
  std::string code;
  std::string name;
};
ZC_CONTRACT(CodeName, (code, name))

template <class T>
TypeRef Of() {
  return [](Schemas& s) { return SchemaOf<T>(s); };
}

// The JSON of a contract value: absent optionals are left out.
template <class T>
boost::json::value ToJson(const T& v) {
  namespace json = boost::json;
  if constexpr (std::is_same_v<T, bool> || std::is_arithmetic_v<T> || std::is_same_v<T, std::string> ||
                std::is_same_v<T, json::value> || std::is_same_v<T, json::object>) {
    return json::value(v);
  } else if constexpr (detail::IsOptional<T>::value || detail::IsNullable<T>::value) {
    return v ? ToJson(*v) : json::value(nullptr);
  } else if constexpr (detail::IsVector<T>::value) {
    json::array a;
    a.reserve(v.size());
    for (const auto& x : v) a.push_back(ToJson(x));
    return a;
  } else if constexpr (detail::IsMap<T>::value) {
    json::object o;
    for (const auto& [k, x] : v) o[k] = ToJson(x);
    return o;
  } else if constexpr (boost::describe::has_describe_enumerators<T>::value) {
    const char* name = "";
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
      if (e.value == v) name = e.name;
    });
    return json::value(name);
  } else {
    json::object o;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto m) {
      using M = std::remove_cvref_t<decltype(v.*m.pointer)>;
      if constexpr (detail::IsOptional<M>::value) {
        if (!(v.*m.pointer)) return;
      }
      o[detail::JsonName(m.name)] = ToJson(v.*m.pointer);
    });
    return o;
  }
}

// The same JSON as text, written straight from the value: what the API sends. ToJson builds a tree of
// boost::json values first (one allocation per node) and then serializes it; an application's answer has
// about a thousand nodes, so the server writes the text directly. Strings are escaped as boost::json does
// (`"`, `\\` and control characters); other bytes pass through.
namespace detail {
inline void WriteEscaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the current run of bytes that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}
}  // namespace detail

template <class T>
void WriteJson(std::string& out, const T& v) {
  namespace json = boost::json;
  if constexpr (std::is_same_v<T, bool>) {
    out += v ? "true" : "false";
  } else if constexpr (std::is_integral_v<T>) {
    out += std::to_string(v);
  } else if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, json::value> ||
                       std::is_same_v<T, json::object>) {
    out += json::serialize(json::value(v));
  } else if constexpr (std::is_same_v<T, std::string>) {
    detail::WriteEscaped(out, v);
  } else if constexpr (detail::IsOptional<T>::value || detail::IsNullable<T>::value) {
    if (v)
      WriteJson(out, *v);
    else
      out += "null";
  } else if constexpr (detail::IsVector<T>::value) {
    out += '[';
    bool first = true;
    for (const auto& x : v) {
      if (!first) out += ',';
      first = false;
      WriteJson(out, x);
    }
    out += ']';
  } else if constexpr (detail::IsMap<T>::value) {
    out += '{';
    bool first = true;
    for (const auto& [k, x] : v) {
      if (!first) out += ',';
      first = false;
      detail::WriteEscaped(out, k);
      out += ':';
      WriteJson(out, x);
    }
    out += '}';
  } else if constexpr (boost::describe::has_describe_enumerators<T>::value) {
    const char* name = "";
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
      if (e.value == v) name = e.name;
    });
    detail::WriteEscaped(out, name);
  } else {
    out += '{';
    bool first = true;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto m) {
      using M = std::remove_cvref_t<decltype(v.*m.pointer)>;
      if constexpr (detail::IsOptional<M>::value) {
        if (!(v.*m.pointer)) return;
      }
      if (!first) out += ',';
      first = false;
      detail::WriteEscaped(out, detail::JsonName(m.name));
      out += ':';
      WriteJson(out, v.*m.pointer);
    });
    out += '}';
  }
}

template <class T>
std::string ToJsonText(const T& v) {
  std::string out;
  out.reserve(4096);
  WriteJson(out, v);
  return out;
}

// ---- Reading ----
// A problem found while reading a value: the member's path (`slots[2].files[0].id`) and what is wrong.
struct ReadProblem {
  std::string path;
  std::string_view what;  // "required" | "wrong_type" | "unknown_member"
};

namespace detail {
// Where a value sits in the document being read, as a chain of its parents on the stack: the text
// (`slots[2].files[0].id`) is made only when a problem is found, so reading a valid document allocates no
// path strings.
struct Path {
  const Path* parent = nullptr;
  std::string_view member;  // empty: an array element at `index`
  size_t index = 0;

  std::string Text() const {
    if (!parent) return std::string();
    std::string head = parent->Text();
    if (!member.empty()) return head.empty() ? std::string(member) : head + "." + std::string(member);
    return head + "[" + std::to_string(index) + "]";
  }
  Path Member(std::string_view name) const { return Path{this, name, 0}; }
  Path Element(size_t i) const { return Path{this, {}, i}; }
};

template <class T>
void Read(const boost::json::value& j, T& out, const Path& path, std::vector<ReadProblem>& problems,
          bool strict) {
  namespace json = boost::json;
  auto wrong = [&] { problems.push_back({path.Text(), "wrong_type"}); };
  if constexpr (std::is_same_v<T, bool>) {
    if (j.is_bool())
      out = j.get_bool();
    else
      wrong();
  } else if constexpr (std::is_integral_v<T>) {
    if (j.is_int64())
      out = static_cast<T>(j.get_int64());
    else if (j.is_uint64())
      out = static_cast<T>(j.get_uint64());
    else
      wrong();
  } else if constexpr (std::is_floating_point_v<T>) {
    if (j.is_number())
      out = static_cast<T>(j.to_number<double>());
    else
      wrong();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (j.is_string())
      out = std::string(j.get_string());
    else
      wrong();
  } else if constexpr (std::is_same_v<T, json::value>) {
    out = j;
  } else if constexpr (std::is_same_v<T, json::object>) {
    if (j.is_object())
      out = j.get_object();
    else
      wrong();
  } else if constexpr (IsOptional<T>::value || IsNullable<T>::value) {
    if (j.is_null()) {
      out.reset();
    } else {
      typename T::value_type v{};
      Read(j, v, path, problems, strict);
      out = std::move(v);
    }
  } else if constexpr (IsVector<T>::value) {
    if (!j.is_array()) return wrong();
    out.clear();
    const auto& a = j.get_array();
    out.resize(a.size());
    for (size_t i = 0; i < a.size(); ++i) Read(a[i], out[i], path.Element(i), problems, strict);
  } else if constexpr (IsMap<T>::value) {
    if (!j.is_object()) return wrong();
    out.clear();
    for (const auto& [k, x] : j.get_object()) Read(x, out[std::string(k)], path.Member(k), problems, strict);
  } else if constexpr (boost::describe::has_describe_enumerators<T>::value) {
    bool found = false;
    if (j.is_string())
      boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
        if (j.get_string() == e.name) {
          out = e.value;
          found = true;
        }
      });
    if (!found) wrong();
  } else {
    if (!j.is_object()) return wrong();
    const auto& o = j.get_object();
    size_t known = 0;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto m) {
      using M = std::remove_cvref_t<decltype(out.*m.pointer)>;
      const auto name = JsonName(m.name);
      const auto* x = o.if_contains(name);
      if (!x) {
        if constexpr (!IsOptional<M>::value) problems.push_back({path.Member(name).Text(), "required"});
        return;
      }
      ++known;
      Read(*x, out.*m.pointer, path.Member(name), problems, strict);
    });
    if (strict && known < o.size())
      for (const auto& kv : o) {
        const std::string_view key = kv.key();
        bool member = false;
        boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
            [&](auto m) { member = member || JsonName(m.name) == key; });
        if (!member) problems.push_back({path.Member(key).Text(), "unknown_member"});
      }
  }
}
}  // namespace detail

// Reads a JSON value into a contract type, naming every missing, mistyped or (when `strict`) unknown member;
// the value is complete only when the list is empty. For documents the server stored itself (a frozen
// snapshot) and for request bodies.
template <class T>
std::vector<ReadProblem> FromJson(const boost::json::value& j, T& out, bool strict = true) {
  std::vector<ReadProblem> problems;
  detail::Read(j, out, detail::Path{}, problems, strict);
  return problems;
}

}  // namespace zc::contract
