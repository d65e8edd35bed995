#include "base/files.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace zc {

std::optional<std::string> ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& dir, std::string_view extension) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == extension) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string SniffContentType(std::string_view head) {
  if (head.starts_with("%PDF-")) return "application/pdf";
  if (head.size() >= 3 && static_cast<unsigned char>(head[0]) == 0xFF &&
      static_cast<unsigned char>(head[1]) == 0xD8 && static_cast<unsigned char>(head[2]) == 0xFF)
    return "image/jpeg";
  if (head.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  return "";
}

namespace {

// The length of the UTF-8 sequence at `s[i]` and its code point; 0 when it is not a valid one.
size_t Utf8At(std::string_view s, size_t i, char32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  const char32_t min = n == 1 ? 0 : n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool Dropped(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||  // control characters
         cp == 0x200E || cp == 0x200F || cp == 0x061C ||           // directional marks
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Cuts `s` to at most `max` bytes without splitting a character (s holds valid UTF-8).
std::string CutUtf8(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}

}  // namespace

std::string SafeFileName(std::string_view raw, const std::string& content_type, size_t max_bytes) {
  std::string name;
  for (size_t i = 0; i < raw.size();) {
    char32_t cp = 0;
    const size_t n = Utf8At(raw, i, cp);
    if (n == 0) {
      name += '_';
      ++i;
      continue;
    }
    if (!Dropped(cp)) {
      if (cp == '/' || cp == '\\' || cp == '"')
        name += '_';
      else
        name.append(raw.substr(i, n));
    }
    i += n;
  }
  const std::string want = content_type == "application/pdf" ? ".pdf"
                           : content_type == "image/jpeg"    ? ".jpg"
                           : content_type == "image/png"     ? ".png"
                                                             : "";
  const size_t dot = name.rfind('.');
  std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
  std::string ext = dot == std::string::npos || dot == 0 ? "" : name.substr(dot);
  const std::string low = Lower(ext);
  static const std::string kDocument[] = {".pdf", ".jpg", ".jpeg", ".png"};
  const bool known = std::find(std::begin(kDocument), std::end(kDocument), low) != std::end(kDocument);
  const bool matches = low == want || (want == ".jpg" && low == ".jpeg");
  if (!want.empty() && !matches) {
    if (known) {
      ext = want;  // a PNG named .pdf: the name tells what it is
    } else {
      stem += ext;  // x.pdf.bat → x.pdf.bat.pdf: never an extension that runs something; 扫描件 → 扫描件.pdf
      ext = want;
    }
  }
  if (stem.empty() || stem.find_first_not_of(" .") == std::string::npos) stem = "file";
  stem = CutUtf8(stem, max_bytes > ext.size() ? max_bytes - ext.size() : 0);
  return stem + ext;
}

}  // namespace zc
