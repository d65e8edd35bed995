#pragma once
// Strict reading of TOML data files (campaigns, calendars): every key must be known, every value of the
// right type, and every problem is collected with the key path that names it ("education_table[3].years").
// Include only in the loaders: toml++ is a heavy header.
#include <toml++/toml.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"

namespace zc {

class StrictTable {
 public:
  StrictTable(const toml::table& table, std::string path, FieldErrors& errors)
      : table_(&table), path_(std::move(path)), errors_(&errors) {}
  // Reports every key of the table that no getter asked for. Call once, after reading.
  ~StrictTable();
  StrictTable(const StrictTable&) = delete;
  StrictTable& operator=(const StrictTable&) = delete;
  StrictTable(StrictTable&&) noexcept;

  std::string Path(std::string_view key) const;
  bool Has(std::string_view key) const;
  std::optional<std::string> Str(std::string_view key, bool required = true);
  std::optional<int64_t> Int(std::string_view key, bool required = true, int64_t min = 0,
                             int64_t max = 1000000);
  std::optional<bool> Bool(std::string_view key, bool required = true);
  std::optional<Date> DateValue(std::string_view key, bool required = true);
  std::optional<std::vector<std::string>> StrList(std::string_view key, bool required = true);
  std::optional<std::vector<int64_t>> IntList(std::string_view key, bool required = true);
  std::optional<StrictTable> Table(std::string_view key, bool required = true);
  // An array of tables (`[[key]]` or an inline array of inline tables).
  std::vector<StrictTable> Tables(std::string_view key, bool required = true);
  FieldErrors& errors() { return *errors_; }

 private:
  const toml::node* Get(std::string_view key, bool required);
  const toml::table* table_;
  std::string path_;
  FieldErrors* errors_;
  std::set<std::string, std::less<>> read_;
  bool moved_ = false;
};

// Parses `text`; a syntax error is reported once, on the key of the offending line where one can be found.
std::optional<toml::table> ParseTomlStrict(std::string_view text, FieldErrors& errors);

}  // namespace zc
