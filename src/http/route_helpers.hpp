#pragma once
// Small adapters shared by the route tables: parse the body, read the path id, read string fields.
#include <algorithm>
#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "http/api.hpp"

namespace zc::http::route {

namespace json = boost::json;

// Parses the body; on failure the response to send.
inline std::optional<json::object> Body(Context& ctx, Response& error) {
  Error e;
  auto o = ParseObject(ctx.request, e);
  if (!o) error = ErrorOf(e, ctx.lang);
  return o;
}

// A handler that needs the body as an object and the path id.
template <typename F>
Handler WithBodyAndId(F&& f) {
  return [f = std::forward<F>(f)](Context& ctx) {
    auto id = IdParam(ctx);
    if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
    Response error;
    auto body = Body(ctx, error);
    if (!body) return error;
    return f(ctx, *id, *body);
  };
}

template <typename F>
Handler WithId(F&& f) {
  return [f = std::forward<F>(f)](Context& ctx) {
    auto id = IdParam(ctx);
    if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
    return f(ctx, *id);
  };
}

template <typename F>
Handler WithBody(F&& f) {
  return [f = std::forward<F>(f)](Context& ctx) {
    Response error;
    auto body = Body(ctx, error);
    if (!body) return error;
    return f(ctx, *body);
  };
}

// Reads string fields after rejecting unknown ones; nullopt (with the response in `error`) on problems.
inline std::optional<std::vector<std::string>> Strings(Context& ctx, const json::object& body,
                                                       std::initializer_list<const char*> names,
                                                       Response& error) {
  FieldErrors fe;
  std::vector<std::string_view> allowed(names.begin(), names.end());
  for (const auto& kv : body)
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
      fe.Add(std::string(kv.key()), errc::unknown_field);
  std::vector<std::string> out;
  for (const char* n : names) out.push_back(StrField(body, n, fe));
  if (!fe.empty()) {
    error = ErrorOf(fe.ToError(), ctx.lang);
    return std::nullopt;
  }
  return out;
}

}  // namespace zc::http::route
