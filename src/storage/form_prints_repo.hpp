#pragma once
// The repository of printed forms (form_prints: one row per download of a review form, found again by its
// verification code) and of what a verification shows of the application snapshot printed. Named queries
// only; the printing and the public verification's rules live in documents/forms.cpp.
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace zc::storage {

struct NewFormPrint {
  std::string code, kind;
  int64_t application_id = 0, snapshot_version = 0;
  std::string snapshot_sha256;
  int64_t pages = 0, printed_by = 0, printed_at = 0;
};

struct FormPrintRow {
  std::string kind;
  int64_t snapshot_version = 0;
  std::string snapshot_sha256;
  int64_t pages = 0, printed_at = 0;
  int64_t current_version = 0;  // the application's snapshot version now
  std::string state;            // the application's state code now
  std::string data;             // the printed snapshot (JSON text)
};

class FormPrintsRepo {
 public:
  explicit FormPrintsRepo(Session& s) : s_(s) {}

  void Insert(const NewFormPrint& p);
  // The print with this code, with the application and the snapshot it printed.
  std::optional<FormPrintRow> FindByCode(const std::string& code);

 private:
  Session& s_;
};

}  // namespace zc::storage
