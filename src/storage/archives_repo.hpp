#pragma once
// The repository of the performance archive (业绩档案): one archive per applicant (archives), its items
// (archive_items, each item's data as JSON text) and the files attached to them (archive_files). Named
// queries only; what an item may hold, who may save, send or review an archive and its lifecycle live in
// workflow/archive.cpp and workflow/lifecycles.hpp (the status codes are passed in from there).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct ArchiveRow {
  std::optional<int64_t> unit_id;
  std::string status, return_reason;
  int64_t version = 0, submitted_at = 0, reviewed_at = 0;
};

struct ArchiveItemRow {
  int64_t id = 0;
  std::string kind, data, return_reason;  // data: a JSON object's text
};

// The applicant's unsent edits (migration 18): the PUT /archive body's JSON text and the archive version
// they started from.
struct ArchiveWorkingCopyRow {
  int64_t base_version = 0, saved_at = 0;
  std::string body;
};

struct ArchiveFileRow {
  int64_t item_id = 0, file_id = 0;
};

// The archives sent to a unit (every status but `draft`), narrowed by `status` and by `q` (part of the
// applicant's name or identity number).
struct UnitArchiveFilter {
  int64_t unit_id = 0;
  std::string draft;   // the draft status code, never listed
  std::string status;  // "": any
  std::string q;       // "": all
};

struct UnitArchiveRow {
  int64_t user_id = 0;
  std::string name, id_number, status;
  int64_t submitted_at = 0, version = 0, items_count = 0;
};

struct UnitArchivePageRows {
  std::vector<UnitArchiveRow> rows;
  std::map<std::string, int64_t> counts;  // per status, before `status` and `q` narrow the list
  int64_t total = 0;
  std::optional<Cursor> next;
};

class ArchivesRepo {
 public:
  explicit ArchivesRepo(Session& s) : s_(s) {}

  std::optional<ArchiveRow> Find(int64_t user_id);
  // The archive's items in their order.
  std::vector<ArchiveItemRow> Items(int64_t user_id);
  // The files of the archive's items, in file id order.
  std::vector<ArchiveFileRow> Files(int64_t user_id);

  void Insert(int64_t user_id, std::optional<int64_t> unit_id, const std::string& status, int64_t version,
              int64_t at);
  // A save: the unit, the status and the version.
  void SetSaved(int64_t user_id, std::optional<int64_t> unit_id, const std::string& status, int64_t version,
                int64_t at);
  // Sent to the unit: the status, the version and the time; the return reasons are cleared.
  void SetSubmitted(int64_t user_id, const std::string& status, int64_t version, int64_t at);
  void SetReviewed(int64_t user_id, const std::string& status, int64_t version, int64_t reviewer,
                   const std::string& return_reason, int64_t at);

  // Returns the new item's id.
  int64_t InsertItem(int64_t user_id, const std::string& kind, const std::string& data, int sort_order);
  void UpdateItem(int64_t item_id, const std::string& kind, const std::string& data, int sort_order);
  void SetItemReturnReason(int64_t item_id, const std::string& reason);
  void ClearItemReturnReasons(int64_t user_id);
  // Deletes an item and its files.
  void DeleteItem(int64_t item_id);
  void ClearItemFiles(int64_t item_id);
  void AddItemFile(int64_t item_id, int64_t user_id, int64_t file_id);

  std::optional<ArchiveWorkingCopyRow> FindWorkingCopy(int64_t user_id);
  // Inserts or replaces the applicant's working copy.
  void PutWorkingCopy(int64_t user_id, const ArchiveWorkingCopyRow& row);
  void DeleteWorkingCopy(int64_t user_id);
  // Every working copy's body (the file clean-up keeps the files they name).
  void ForEachWorkingCopy(const std::function<void(const std::string& body)>& fn);

  // Archives of the unit in `status` (the unit's pending work).
  int64_t CountForUnit(int64_t unit_id, const std::string& status);
  // True when the file belongs to an item of an archive sent to the unit (its status is not `draft`).
  bool FileSentToUnit(int64_t file_id, int64_t unit_id, const std::string& draft);
  // The unit's list, latest sent first.
  UnitArchivePageRows ListForUnit(const UnitArchiveFilter& f, const PageRequest& page);

 private:
  Session& s_;
};

}  // namespace zc::storage
