#pragma once
// Excel exports (libxlsxwriter): one sheet with Chinese headers, a frozen header row and column widths. Cells
// are written as text, so a value that looks like a formula ("=HYPERLINK(…)") stays text.
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"

namespace zc::documents {

struct Sheet {
  std::string name;                                     // the sheet's tab (≤ 31 characters)
  std::vector<std::pair<std::string, double>> columns;  // header, width in characters
  std::vector<std::vector<std::string>> rows;
};

// The .xlsx bytes.
Result<std::string> WriteXlsx(const Sheet& sheet);

}  // namespace zc::documents
