#include "base/limits.hpp"

#include <algorithm>
#include <array>

namespace zc {
namespace {

constexpr auto kLimits = std::to_array<TextLimit>({
    // Names and contacts.
    {"name", 100},
    {"unit_name", 100},
    {"department_name", 100},
    {"contact_name", 50},
    {"contact", 100},
    {"position", 100},
    {"checker", 100},
    {"account", 100},
    {"employer", 100},
    {"post", 100},
    // Short lines.
    {"title", 200},
    {"subject", 200},
    {"raised_by", 200},
    {"level", 64},
    {"specialty", 64},
    // Reasons, opinions and texts.
    {"reason", 2000},
    {"opinion", 2000},
    {"comments", 4000},
    {"evidence", 4000},
    {"resolution", 4000},
    {"content", 8000},
    {"outcome_text", 8000},
    // Passwords (accounts/passwords.hpp: at least 8).
    {"password", 128},
    {"new_password", 128},
    {"old_password", 128},
    // A holiday calendar sent as TOML (the body's own limit applies first).
    {"toml", 200000},
});

}  // namespace

std::span<const TextLimit> TextLimits() {
  return kLimits;
}

size_t TextLimitOf(std::string_view field) {
  if (const size_t dot = field.find_last_of('.'); dot != std::string_view::npos) field.remove_prefix(dot + 1);
  if (const size_t bracket = field.find('['); bracket != std::string_view::npos)
    field = field.substr(0, bracket);
  const auto* it =
      std::find_if(kLimits.begin(), kLimits.end(), [&](const TextLimit& l) { return l.field == field; });
  return it == kLimits.end() ? kDefaultTextLimit : it->max_chars;
}

size_t Utf8Length(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    size_t n = 0;
    unsigned int cp = 0;
    if (c < 0x80) {
      ++p;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (static_cast<size_t>(end - p) <= n) return false;
    for (size_t i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    p += n + 1;
  }
  return true;
}

bool CheckLength(FieldErrors& errors, const std::string& field, std::string_view value) {
  const size_t limit = TextLimitOf(field);
  if (Utf8Length(value) <= limit) return true;
  errors.Add(field, errc::too_long, {}, limit);
  return false;
}

}  // namespace zc
