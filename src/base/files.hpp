#pragma once
// Reading the project's data files (campaigns, calendars, profiles).
#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"

namespace zc {

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> ReadTextFile(const std::filesystem::path& path);

// Every file of `dir` whose name ends in `extension`, sorted by name.
std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& dir, std::string_view extension);

// Loads every `extension` file of `dir` with `load` (path → Result<T>), paired with its file name. The
// problems of all files come back at once, each field prefixed with its file name ("2023.toml: year").
template <typename T, typename Load>
Result<std::vector<std::pair<std::string, T>>> LoadDirectory(const std::filesystem::path& dir,
                                                             std::string_view extension, Load&& load) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return MakeError(errc::not_found, dir.string());
  FieldErrors errors;
  std::vector<std::pair<std::string, T>> out;
  for (const auto& file : ListFiles(dir, extension)) {
    const std::string name = file.filename().string();
    Result<T> r = load(file);
    if (r.ok()) {
      out.emplace_back(name, std::move(r.value()));
      continue;
    }
    for (const auto& f : r.error().fields) errors.Add(name + ": " + f.field, f.code, f.detail);
    if (r.error().fields.empty()) errors.Add(name, r.error().code, r.error().detail);
  }
  if (!errors.empty()) return errors.ToError();
  return out;
}

// Content types accepted for uploads (PDF, JPEG, PNG), decided by the first bytes; "" when none matches.
std::string SniffContentType(std::string_view head);
// An uploaded file's name as it is stored and offered for download: valid UTF-8 only (a broken sequence
// becomes _), no control or bidirectional-override characters, no / \ or ", at most `max_bytes` bytes cut at
// a character boundary with the extension kept, and an extension that matches `content_type` (a PNG sent as
// 业绩证明.pdf is stored as 业绩证明.png; x.pdf.bat becomes x.pdf.bat.pdf). Empty: "file" plus the extension.
std::string SafeFileName(std::string_view raw, const std::string& content_type, size_t max_bytes = 200);

}  // namespace zc
