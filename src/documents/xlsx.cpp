#include "documents/xlsx.hpp"

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/crypto.hpp"

namespace zc::documents {

Result<std::string> WriteXlsx(const Sheet& sheet) {
  // libxlsxwriter 1.1.4 writes to a file; a private temporary one, read back and removed.
  const auto path = std::filesystem::temp_directory_path() / ("zc_export_" + RandomHex(8) + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return MakeError("export_failed");
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
                             sheet.rows[r][c].c_str(), nullptr);
  if (!sheet.rows.empty())
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
  if (err != LXW_NO_ERROR || out.empty()) return MakeError("export_failed");
  return out;
}

}  // namespace zc::documents
