// The first sheet of an .xlsx: workbook.xml names it, workbook.xml.rels gives its part, sharedStrings.xml
// holds the text of "s" cells. Each XML part is parsed by expat as it is inflated, never whole in memory
// twice.
#include "documents/xlsx_read.hpp"

#include <expat.h>
#include <zip.h>

#include <functional>
#include <map>
#include <memory>

namespace zc::documents {

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

// Element callbacks with the element's local name (namespace prefixes dropped) and its attributes.
struct Handlers {
  std::function<void(std::string_view name, const char** attrs)> start;
  std::function<void(std::string_view name)> end;
  std::function<void(std::string_view text)> text;
};

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  const auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

std::string Attr(const char** attrs, std::string_view local) {
  for (int i = 0; attrs[i]; i += 2)
    if (LocalName(attrs[i]) == local) return attrs[i + 1];
  return {};
}

// Inflates the part `path` into expat; false with `error` set when it is missing, too big or not XML. A
// DOCTYPE is refused: no entity expansion ("billion laughs") is ever attempted.
bool ParsePart(zip_t* z, const std::string& path, const XlsxLimits& limits, Handlers& h,
               std::optional<Error>& error, bool optional = false) {
  zip_stat_t st;
  if (zip_stat(z, path.c_str(), 0, &st) != 0) {
    if (!optional) error = MakeError(errc::import_not_xlsx, "missing " + path);
    return optional;
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen(z, path.c_str(), 0), zip_fclose);
  if (!f) {
    error = MakeError(errc::import_not_xlsx, "cannot open " + path);
    return false;
  }
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> parser(
      XML_ParserCreateNS("UTF-8", ':'), XML_ParserFree);
  struct Ctx {
    Handlers& h;
    XML_Parser parser;
    bool doctype = false;
  } ctx{h, parser.get()};
  XML_SetUserData(parser.get(), &ctx);
  XML_SetElementHandler(
      parser.get(),
      [](void* u, const char* name, const char** attrs) {
        auto* c = static_cast<Ctx*>(u);
        if (c->h.start) c->h.start(LocalName(name), attrs);
      },
      [](void* u, const char* name) {
        auto* c = static_cast<Ctx*>(u);
        if (c->h.end) c->h.end(LocalName(name));
      });
  XML_SetCharacterDataHandler(parser.get(), [](void* u, const char* text, int len) {
    auto* c = static_cast<Ctx*>(u);
    if (c->h.text) c->h.text(std::string_view(text, static_cast<size_t>(len)));
  });
  XML_SetStartDoctypeDeclHandler(parser.get(), [](void* u, const char*, const char*, const char*, int) {
    auto* c = static_cast<Ctx*>(u);
    c->doctype = true;
    XML_StopParser(c->parser, XML_FALSE);
  });
  char buf[64 * 1024];
  size_t total = 0;
  for (;;) {
    const zip_int64_t n = zip_fread(f.get(), buf, sizeof buf);
    if (n < 0) {
      error = MakeError(errc::import_not_xlsx, "cannot inflate " + path);
      return false;
    }
    total += static_cast<size_t>(n);
    if (total > limits.max_part_bytes) {
      error = MakeError(errc::import_too_large, path + " inflates beyond the limit");
      return false;
    }
    if (XML_Parse(parser.get(), buf, static_cast<int>(n), n == 0) == XML_STATUS_ERROR) {
      if (!error)
        error = MakeError(
            errc::import_not_xlsx,
            path + (ctx.doctype ? ": a DOCTYPE"
                                : std::string(": ") + XML_ErrorString(XML_GetErrorCode(parser.get()))));
      return false;
    }
    if (error) return false;
    if (n == 0) break;
  }
  return true;
}

// "C12" → column 2 (0-based); -1 when it is not a cell reference.
int ColumnOf(const std::string& ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 16384) return -1;
  }
  if (i == 0 || i == ref.size()) return -1;
  return col - 1;
}

// ECMA-376 escapes a UTF-16 code unit the XML cannot carry as "_xHHHH_" (a carriage return is "_x000D_", a
// literal "_x0041_" is written "_x005F_x0041_"). Decoded back to UTF-8; a lone surrogate and the controls a
// cell may not hold (all below U+0020 but tab, line feed and carriage return) become U+FFFD.
std::string DecodeXstring(const std::string& in) {
  if (in.find("_x") == std::string::npos) return in;
  auto unit_at = [&](size_t i) -> int {
    if (i + 7 > in.size() || in[i] != '_' || in[i + 1] != 'x' || in[i + 6] != '_') return -1;
    int u = 0;
    for (size_t k = i + 2; k < i + 6; ++k) {
      const char c = in[k];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                           : -1;
      if (d < 0) return -1;
      u = u * 16 + d;
    }
    return u;
  };
  std::string out;
  for (size_t i = 0; i < in.size();) {
    const int u = unit_at(i);
    if (u < 0) {
      out += in[i++];
      continue;
    }
    i += 7;
    auto cp = static_cast<char32_t>(u);
    if (u >= 0xD800 && u <= 0xDBFF) {
      const int low = unit_at(i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (static_cast<char32_t>(low) - 0xDC00);
        i += 7;
      } else {
        cp = 0xFFFD;
      }
    } else if ((u >= 0xDC00 && u <= 0xDFFF) || (u < 0x20 && u != '\t' && u != '\n' && u != '\r') ||
               u == 0xFFFE || u == 0xFFFF) {
      cp = 0xFFFD;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

}  // namespace

Result<std::vector<std::vector<std::string>>> ReadXlsx(std::string_view bytes, const XlsxLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) return MakeError(errc::import_too_large, "file");
  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zerr);
  if (!src) return MakeError(errc::import_not_xlsx, "buffer");
  Zip z(zip_open_from_source(src, ZIP_RDONLY, &zerr));
  if (!z) {
    zip_source_free(src);
    return MakeError(errc::import_not_xlsx, "not a zip archive");
  }
  std::optional<Error> error;

  // The first sheet's relationship id, then its part.
  std::string rid;
  Handlers wb{.start = [&](std::string_view name, const char** attrs) {
    if (name == "sheet" && rid.empty()) rid = Attr(attrs, "id");
  }};
  if (!ParsePart(z.get(), "xl/workbook.xml", limits, wb, error)) return *error;
  if (rid.empty()) return MakeError(errc::import_not_xlsx, "no sheet");
  std::string target;
  Handlers rels{.start = [&](std::string_view name, const char** attrs) {
    if (name == "Relationship" && Attr(attrs, "Id") == rid) target = Attr(attrs, "Target");
  }};
  if (!ParsePart(z.get(), "xl/_rels/workbook.xml.rels", limits, rels, error)) return *error;
  if (target.empty() || target.find("..") != std::string::npos)
    return MakeError(errc::import_not_xlsx, "sheet part");
  const std::string sheet_path = target.front() == '/' ? target.substr(1) : "xl/" + target;

  // Shared strings: the text of every <si>, rich runs joined, phonetic guides (<rPh>) left out.
  std::vector<std::string> shared;
  {
    bool in_si = false, in_t = false;
    int in_rph = 0;
    std::string cur;
    Handlers sst{.start =
                     [&](std::string_view name, const char**) {
                       if (name == "si") {
                         in_si = true;
                         cur.clear();
                       } else if (name == "rPh") {
                         ++in_rph;
                       } else if (name == "t" && in_si && in_rph == 0) {
                         in_t = true;
                       }
                     },
                 .end =
                     [&](std::string_view name) {
                       if (name == "si") {
                         in_si = false;
                         shared.push_back(DecodeXstring(cur));
                         if (shared.size() > limits.max_rows * limits.max_columns)
                           error = MakeError(errc::import_too_large, "shared strings");
                       } else if (name == "rPh") {
                         --in_rph;
                       } else if (name == "t") {
                         in_t = false;
                       }
                     },
                 .text =
                     [&](std::string_view s) {
                       if (in_t) cur += s;
                     }};
    if (!ParsePart(z.get(), "xl/sharedStrings.xml", limits, sst, error, true)) return *error;
  }

  // The sheet.
  std::vector<std::vector<std::string>> rows;
  std::string cell_ref, cell_type, value;
  bool in_value = false, in_inline_t = false;
  int row_index = -1, col_index = -1;
  Handlers sheet{.start =
                     [&](std::string_view name, const char** attrs) {
                       if (error) return;
                       if (name == "row") {
                         const std::string r = Attr(attrs, "r");
                         int n = static_cast<int>(rows.size()) + 1;
                         if (!r.empty()) {
                           n = 0;
                           for (char ch : r) {
                             if (ch < '0' || ch > '9') {
                               n = -1;  // not a row number
                               break;
                             }
                             if (n <= 1000000) n = n * 10 + (ch - '0');  // beyond it: too many rows anyway
                           }
                         }
                         if (n < 1) {
                           error = MakeError(errc::import_not_xlsx, "row number " + r);
                           return;
                         }
                         if (static_cast<size_t>(n) > limits.max_rows) {
                           error = MakeError(errc::import_too_large, "rows");
                           return;
                         }
                         row_index = n - 1;
                         col_index = -1;
                         if (rows.size() < static_cast<size_t>(n)) rows.resize(static_cast<size_t>(n));
                       } else if (name == "c") {
                         cell_ref = Attr(attrs, "r");
                         cell_type = Attr(attrs, "t");
                         value.clear();
                         col_index = cell_ref.empty() ? col_index + 1 : ColumnOf(cell_ref);
                         if (col_index < 0)
                           error = MakeError(errc::import_not_xlsx, "cell reference " + cell_ref);
                       } else if (name == "f") {
                         error = MakeError(errc::import_formula, cell_ref);
                       } else if (name == "v") {
                         in_value = true;
                       } else if (name == "t" && cell_type == "inlineStr") {
                         in_inline_t = true;
                       }
                     },
                 .end =
                     [&](std::string_view name) {
                       if (error) return;
                       if (name == "v") {
                         in_value = false;
                       } else if (name == "t") {
                         in_inline_t = false;
                       } else if (name == "c") {
                         if (row_index < 0) {
                           error = MakeError(errc::import_not_xlsx, "a cell outside a row");
                           return;
                         }
                         if (col_index < 0) return;
                         if (static_cast<size_t>(col_index) >= limits.max_columns) {
                           if (!value.empty()) error = MakeError(errc::import_too_large, "columns");
                           return;
                         }
                         std::string text = value;
                         if (cell_type == "s") {
                           size_t k = 0;
                           bool digits = !value.empty();
                           for (char ch : value) digits = digits && ch >= '0' && ch <= '9';
                           if (digits) k = std::stoul(value.substr(0, 9));
                           if (!digits || k >= shared.size()) {
                             error = MakeError(errc::import_not_xlsx, "shared string of " + cell_ref);
                             return;
                           }
                           text = shared[k];
                         } else if (cell_type == "b") {
                           text = value == "1" ? "TRUE" : "FALSE";
                         } else if (cell_type == "inlineStr" || cell_type == "str") {
                           text = DecodeXstring(value);
                         }
                         auto& row = rows[static_cast<size_t>(row_index)];
                         if (row.size() <= static_cast<size_t>(col_index))
                           row.resize(static_cast<size_t>(col_index) + 1);
                         row[static_cast<size_t>(col_index)] = std::move(text);
                       }
                     },
                 .text =
                     [&](std::string_view s) {
                       if (in_value || in_inline_t) {
                         if (value.size() + s.size() > 32767) {
                           error = MakeError(errc::import_too_large, "cell " + cell_ref);
                           return;
                         }
                         value += s;
                       }
                     }};
  if (!ParsePart(z.get(), sheet_path, limits, sheet, error)) return *error;
  if (error) return *error;
  // Trailing cells left empty do not count.
  for (auto& row : rows)
    while (!row.empty() && row.back().empty()) row.pop_back();
  while (!rows.empty() && rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace zc::documents
