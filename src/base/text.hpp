#pragma once
// Small text helpers.
#include <string>
#include <string_view>

namespace zc {

// `s` without leading and trailing white space: ASCII blanks, the no-break space U+00A0 (pasted from web
// pages) and the ideographic space U+3000 that Chinese input methods type (as in a spreadsheet cell filled by
// hand).
inline std::string Trim(std::string_view s) {
  constexpr std::string_view kIdeographic = "\xE3\x80\x80", kNoBreak = "\xC2\xA0";
  auto blank_front = [&](std::string_view v) -> size_t {
    if (v.empty()) return 0;
    if (v[0] == ' ' || v[0] == '\t' || v[0] == '\r' || v[0] == '\n') return 1;
    if (v.substr(0, 2) == kNoBreak) return 2;
    return v.substr(0, 3) == kIdeographic ? 3 : 0;
  };
  auto blank_back = [&](std::string_view v) -> size_t {
    if (v.empty()) return 0;
    const char c = v.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
    if (v.size() >= 2 && v.substr(v.size() - 2) == kNoBreak) return 2;
    return v.size() >= 3 && v.substr(v.size() - 3) == kIdeographic ? 3 : 0;
  };
  for (size_t n; (n = blank_front(s)) > 0;) s.remove_prefix(n);
  for (size_t n; (n = blank_back(s)) > 0;) s.remove_suffix(n);
  return std::string(s);
}

// True when `s` holds a control character (C0, DEL, or C1 as UTF-8): line breaks, tabs and the like have no
// place in a one-line field such as a name, and would break the lists, sheets and forms that print it.
inline bool HasControlCharacter(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F)
      return true;
  }
  return false;
}

}  // namespace zc
