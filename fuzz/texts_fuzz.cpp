// Hostile file names and texts where they leave the platform (issue 16, "valid text everywhere"): the name an
// upload is stored and downloaded under, a text set in a PDF form, and a cell of an Excel export read back.
// The input's first byte picks the detected content type; the rest is the name or the text as sent.
//   - a stored name is valid UTF-8, has no control, bidirectional-override or isolate character and none of
//     / \ ", fits its byte limit, and ends with the extension of the detected type;
//   - a text that is valid UTF-8 (every stored text is: checked at the boundary) renders into a PDF through
//     every element a form uses, and a cell of an .xlsx export reads back as it was written (the characters
//     XML 1.0 cannot carry aside, which the reader must still survive, and a carriage return, which XML reads
//     as a line feed).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/files.hpp"
#include "base/limits.hpp"
#include "documents/pdf.hpp"
#include "documents/xlsx.hpp"
#include "documents/xlsx_read.hpp"

namespace {

[[noreturn]] void Fail(const std::string& what, std::string_view input) {
  std::fprintf(stderr, "texts_fuzz: %s\ninput (%zu bytes): %.*s\n", what.c_str(), input.size(),
               static_cast<int>(std::min<size_t>(input.size(), 400)), input.data());
  std::abort();
}

// The code points a stored name must not hold (C0, DEL, C1, bidi embeddings/overrides/isolates, marks).
bool Forbidden(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C || c == '/' || c == '\\' ||
         c == '"';
}

// Decodes valid UTF-8 (checked before) one code point at a time.
template <typename F>
void ForEachCodePoint(std::string_view s, F f) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    f(c);
    i += n;
  }
}

void StoredName(std::string_view raw, const std::string& type, const char* ext) {
  const std::string name = zc::SafeFileName(raw, type);
  if (name.empty() || name.size() > 200) Fail("stored name empty or over 200 bytes: " + name, raw);
  if (!zc::IsValidUtf8(name)) Fail("stored name is not valid UTF-8", raw);
  ForEachCodePoint(name, [&](char32_t c) {
    if (Forbidden(c)) Fail("stored name keeps U+" + std::to_string(static_cast<uint32_t>(c)), raw);
  });
  // The extension, in any case; a JPEG may say .jpeg.
  std::string lower = name;
  for (char& ch : lower) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  auto ends = [&](std::string_view e) {
    return lower.size() > e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0;
  };
  if (!ends(ext) && !(std::string_view(ext) == ".jpg" && ends(".jpeg")))
    Fail("stored name " + name + " does not end with " + ext, raw);
}

// XML 1.0 carries tab, line feed and carriage return of C0 and nothing else below U+0020, nor U+FFFE/FFFF.
bool XmlCarries(std::string_view s) {
  bool ok = true;
  ForEachCodePoint(s, [&](char32_t c) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) ok = false;
  });
  return ok;
}

void Rendered(const std::string& text) {
  zc::documents::PdfWriter w("fuzz");
  w.Title(text, 20);
  w.Section(text);
  w.Paragraph(text);
  w.Pairs({{"姓名", text}, {text, "值"}});
  w.Table({{1, "类别"}, {2, text}}, {{text, "业绩"}, {"获奖", text}});
  w.Box("审核意见", text, 60, text);
  const std::string pdf = w.Finish();
  if (pdf.rfind("%PDF-", 0) != 0) Fail("the PDF does not start with %PDF-", text);
}

void Exported(const std::string& text) {
  zc::documents::Sheet sheet{.name = "fuzz", .columns = {{"名称", 20}, {"说明", 20}}, .rows = {{text, "x"}}};
  auto bytes = zc::documents::WriteXlsx(sheet);
  if (!bytes.ok()) return;  // refused with an error, not a crash
  auto rows = zc::documents::ReadXlsx(bytes.value());
  if (!rows.ok()) Fail("an exported sheet does not read back", text);
  if (!XmlCarries(text)) return;
  // libxlsxwriter writes a carriage return as "_x000D_" (XML would read a literal one as a line feed) and the
  // reader decodes such escapes, so the text comes back as it went in.
  if (rows.value().size() != 2 || rows.value()[1].empty() || rows.value()[1][0] != text)
    Fail("an exported cell reads back changed", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const std::pair<const char*, const char*> kTypes[] = {
      {"application/pdf", ".pdf"}, {"image/jpeg", ".jpg"}, {"image/png", ".png"}};
  const auto& [type, ext] = kTypes[data[0] % 3];
  const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  StoredName(input, type, ext);
  if (!zc::IsValidUtf8(input) || input.size() > 4000) return 0;
  if (data[0] & 0x80) Rendered(input);
  Exported(input);
  return 0;
}
