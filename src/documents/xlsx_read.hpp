#pragma once
// Reading an uploaded .xlsx (libzip + expat) for imports: the first sheet's cells as text. Built for files
// from strangers: the size of the file, of each part once inflated and the number of rows and columns are
// bounded, and a formula anywhere is refused (an import takes values, not instructions).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace zc::documents {

struct XlsxLimits {
  size_t max_file_bytes = 5u << 20;   // the upload
  size_t max_part_bytes = 40u << 20;  // one part (sheet, shared strings) inflated: a zip bomb stops here
  size_t max_rows = 5001;             // the header and 5,000 rows of data
  size_t max_columns = 50;
};

// Rows of the first sheet, each as many cells as its last non-empty one; empty rows are kept (a row number in
// an error report is the row the user sees in Excel: rows[i] is row i + 1).
// Errors: import_not_xlsx, import_too_large, import_formula (detail: the cell, e.g. "C4").
Result<std::vector<std::vector<std::string>>> ReadXlsx(std::string_view bytes, const XlsxLimits& limits = {});

}  // namespace zc::documents
