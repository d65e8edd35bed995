#pragma once
// The one registry of text limits (issue 17): every free-text field a request may carry has one limit, in
// characters (Unicode code points, as JSON Schema's maxLength counts them), whatever route it comes through.
// StrField applies it when it reads a string; checks in the domain call CheckLength; the OpenAPI document
// shows it as the maxLength of every request property of that name; a refusal names it (`limit`).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace zc {

struct TextLimit {
  std::string_view field;  // a request member's name, wherever it appears
  size_t max_chars;
};

// Every registered field, in the order docs/api.md lists them.
std::span<const TextLimit> TextLimits();

// Strings with no entry of their own (codes, dates, identifiers) stop here.
inline constexpr size_t kDefaultTextLimit = 200;

// The limit of `field`: a path such as `items[2].reason` or `rows[3].name` takes its last member's entry.
size_t TextLimitOf(std::string_view field);

// The number of characters (code points) of UTF-8 text.
size_t Utf8Length(std::string_view s);

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or truncated sequences).
bool IsValidUtf8(std::string_view s);

// Adds too_long (with the limit) when `value` is longer than `field`'s registered limit. True when it fits.
bool CheckLength(FieldErrors& errors, const std::string& field, std::string_view value);

}  // namespace zc
