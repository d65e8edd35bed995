#include "documents/xlsx.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/crypto.hpp"

namespace zc::documents {

namespace {

// Text as a cell may hold it: valid UTF-8 without the code points XML 1.0 forbids (controls other than tab
// and line breaks, U+FFFE, U+FFFF; each becomes U+FFFD), and a literal "_xHHHH_" escaped as "_x005F_xHHHH_"
// so that Excel does not read it as an escaped character.
std::string CellText(const std::string& in) {
  std::string out;
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  static const std::string kBad = "\xEF\xBF\xBD";
  for (size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) ok = (s[i + k] & 0xC0) == 0x80;
    if (!ok) {
      out += kBad;
      ++i;
      continue;
    }
    if ((len == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
        (len == 3 && c == 0xEF && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF))) {
      out += kBad;  // a control character, U+FFFE or U+FFFF
    } else if (c == '_' && i + 6 < n && s[i + 1] == 'x' && std::isxdigit(s[i + 2]) &&
               std::isxdigit(s[i + 3]) && std::isxdigit(s[i + 4]) && std::isxdigit(s[i + 5]) &&
               s[i + 6] == '_') {
      out += "_x005F_";  // the underscore itself, escaped
    } else {
      out.append(in, i, len);
    }
    i += len;
  }
  return out;
}

}  // namespace

Result<std::string> WriteXlsx(const Sheet& sheet) {
  // libxlsxwriter 1.1.4 writes to a file: a temporary one readable by this user only, read back and removed.
  const auto path = std::filesystem::temp_directory_path() / ("zc_export_" + RandomHex(8) + ".xlsx");
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
  if (fd < 0) return MakeError(errc::export_failed);
  ::close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return MakeError(errc::export_failed);
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xEEEEEE);
  format_set_border(head, LXW_BORDER_THIN);
  for (size_t c = 0; c < sheet.columns.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    worksheet_set_column(ws, col, col, sheet.columns[c].second, nullptr);
    worksheet_write_string(ws, 0, col, sheet.columns[c].first.c_str(), head);
  }
  worksheet_freeze_panes(ws, 1, 0);
  for (size_t r = 0; r < sheet.rows.size(); ++r)
    for (size_t c = 0; c < sheet.rows[r].size() && c < sheet.columns.size(); ++c)
      worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                             CellText(sheet.rows[r][c]).c_str(), nullptr);
  worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                       static_cast<lxw_col_t>(sheet.columns.size() - 1));
  const lxw_error err = workbook_close(wb);
  std::string out;
  if (err == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    out = buf.str();
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (err != LXW_NO_ERROR || out.empty()) return MakeError(errc::export_failed);
  return out;
}

}  // namespace zc::documents
