#pragma once
// The repository of re-examination requests and complaints (复查与投诉, review_cases). Named queries only;
// who may file or close a case, and its lifecycle, live in review/results.cpp and review/lifecycles.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct CaseRow {
  int64_t id = 0;
  std::string kind;
  std::optional<int64_t> application_id;
  std::string application_number;  // "" without an application
  int64_t filed_by = 0;
  std::string filed_by_name, subject, content, status;
  std::optional<std::string> outcome;
  std::string outcome_text;
  int64_t created_at = 0, closed_at = 0;
};

struct CaseFilter {
  std::optional<int64_t> filed_by;  // none: every case
  std::string status, kind;         // "": any
};

struct CasePageRows {
  std::vector<CaseRow> rows;
  int64_t total = 0;
  std::optional<Cursor> next;
};

class CasesRepo {
 public:
  explicit CasesRepo(Session& s) : s_(s) {}

  int64_t Insert(const std::string& kind, std::optional<int64_t> application_id, int64_t filed_by,
                 const std::string& subject, const std::string& content, const std::string& status,
                 int64_t created_at);
  std::optional<CaseRow> Find(int64_t id);
  CasePageRows List(const CaseFilter& f, const PageRequest& page);
  int64_t CountInStatus(const std::string& status);
  void Close(int64_t id, const std::string& status, const std::string& outcome, const std::string& text,
             int64_t by, int64_t at);
  void LockForUpdate(int64_t id);

 private:
  Session& s_;
};

}  // namespace zc::storage
