#pragma once
// Excel exports of the list pages: which lists, their columns (headers in Chinese and English, widths) and
// how a list item's JSON becomes a row. The rows are what the list route answers for the caller with the same
// filters, page after page (http/export_routes.cpp), so an export never shows more than the list would.
#include <boost/json/fwd.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "base/error_codes.hpp"
#include "documents/xlsx.hpp"

namespace zc::documents {

struct ExportColumn {
  enum class Kind {
    kText,   // as it is
    kTime,   // "2022-08-15T09:30:00+08:00" → "2022-08-15 09:30"
    kBool,   // 是 / 否
    kList,   // the strings of an array, joined with "、"
    kCount,  // the length of an array
    kCode,   // a code shown by its label
  };
  std::string key;
  std::string zh, en;
  double width = 14;
  Kind kind = Kind::kText;
  std::vector<std::tuple<std::string, std::string, std::string>> labels = {};  // kCode: code, zh, en
};

struct ListExport {
  std::string pattern;           // the list route, e.g. "/api/v1/units"; the export is pattern + ".xlsx"
  std::string name_zh, name_en;  // the sheet's tab and the file's name
  std::string ascii_name;        // the file name for old clients
  std::vector<ExportColumn> columns;
};

// Every exportable list.
const std::vector<ListExport>& ListExports();

// The empty sheet of a list (headers and widths in the language asked for).
Sheet ExportSheet(const ListExport& spec, Lang lang);

// One item of the list as a row of the sheet.
std::vector<std::string> ExportRow(const ListExport& spec, const boost::json::object& item, Lang lang);

// The largest export; beyond it the caller narrows the filters (422 export_too_large).
inline constexpr int64_t kMaxExportRows = 20000;

}  // namespace zc::documents
