#include "storage/archives_repo.hpp"

namespace zc::storage {

std::optional<ArchiveRow> ArchivesRepo::Find(int64_t user_id) {
  std::optional<ArchiveRow> out;
  Query()
      .Where("user_id = :u")
      .Bind("u", static_cast<long long>(user_id))
      .ForEach(s_, "unit_id, status, return_reason, version, submitted_at, reviewed_at", "archives", "",
               [&](const soci::row& r) {
                 ArchiveRow a;
                 if (!IsNull(r, "unit_id")) a.unit_id = Int(r, "unit_id");
                 a.status = Str(r, "status");
                 a.return_reason = Str(r, "return_reason");
                 a.version = Int(r, "version");
                 a.submitted_at = Int(r, "submitted_at");
                 a.reviewed_at = Int(r, "reviewed_at");
                 out = std::move(a);
               });
  return out;
}

std::vector<ArchiveItemRow> ArchivesRepo::Items(int64_t user_id) {
  std::vector<ArchiveItemRow> out;
  Query()
      .Where("user_id = :u")
      .Bind("u", static_cast<long long>(user_id))
      .ForEach(s_, "id, kind, data, return_reason", "archive_items", "ORDER BY sort_order, id",
               [&](const soci::row& r) {
                 out.push_back({.id = Int(r, "id"),
                                .kind = Str(r, "kind"),
                                .data = Str(r, "data"),
                                .return_reason = Str(r, "return_reason")});
               });
  return out;
}

std::vector<ArchiveFileRow> ArchivesRepo::Files(int64_t user_id) {
  std::vector<ArchiveFileRow> out;
  Query()
      .Where("user_id = :u")
      .Bind("u", static_cast<long long>(user_id))
      .ForEach(s_, "item_id, file_id", "archive_files", "ORDER BY file_id", [&](const soci::row& r) {
        out.push_back({.item_id = Int(r, "item_id"), .file_id = Int(r, "file_id")});
      });
  return out;
}

void ArchivesRepo::Insert(int64_t user_id, std::optional<int64_t> unit_id, const std::string& status,
                          int64_t version, int64_t at) {
  long long u = user_id;
  long long ver = version;
  long long when = at;
  NullableInt unit(unit_id);
  s_.sql() << "INSERT INTO archives (user_id, unit_id, status, version, updated_at) "
              "VALUES (:u, :unit, :st, :ver, :at)",
      soci::use(u, "u"), soci::use(unit.value, unit.ind, "unit"), soci::use(status, "st"),
      soci::use(ver, "ver"), soci::use(when, "at");
}

void ArchivesRepo::SetSaved(int64_t user_id, std::optional<int64_t> unit_id, const std::string& status,
                            int64_t version, int64_t at) {
  long long u = user_id;
  long long ver = version;
  long long when = at;
  NullableInt unit(unit_id);
  s_.sql() << "UPDATE archives SET unit_id = :unit, status = :st, version = :ver, updated_at = :at "
              "WHERE user_id = :u",
      soci::use(unit.value, unit.ind, "unit"), soci::use(status, "st"), soci::use(ver, "ver"),
      soci::use(when, "at"), soci::use(u, "u");
}

void ArchivesRepo::SetSubmitted(int64_t user_id, const std::string& status, int64_t version, int64_t at) {
  long long u = user_id;
  long long when = at;
  long long ver = version;
  s_.sql() << "UPDATE archives SET status = :st, version = :ver, submitted_at = :at, return_reason = '', "
              "updated_at = :at2 WHERE user_id = :u",
      soci::use(status, "st"), soci::use(ver, "ver"), soci::use(when, "at"), soci::use(when, "at2"),
      soci::use(u, "u");
}

void ArchivesRepo::SetReviewed(int64_t user_id, const std::string& status, int64_t version, int64_t reviewer,
                               const std::string& return_reason, int64_t at) {
  long long u = user_id;
  long long when = at;
  long long ver = version;
  long long by = reviewer;
  s_.sql() << "UPDATE archives SET status = :st, version = :ver, reviewed_at = :at, reviewed_by = :by, "
              "return_reason = :reason, updated_at = :at2 WHERE user_id = :u",
      soci::use(status, "st"), soci::use(ver, "ver"), soci::use(when, "at"), soci::use(by, "by"),
      soci::use(return_reason, "reason"), soci::use(when, "at2"), soci::use(u, "u");
}

int64_t ArchivesRepo::InsertItem(int64_t user_id, const std::string& kind, const std::string& data,
                                 int sort_order) {
  long long u = user_id;
  int ord = sort_order;
  s_.sql() << "INSERT INTO archive_items (user_id, kind, data, sort_order) VALUES (:u, :k, :d, :o)",
      soci::use(u, "u"), soci::use(kind, "k"), soci::use(data, "d"), soci::use(ord, "o");
  long long iid = 0;
  s_.sql() << "SELECT MAX(id) FROM archive_items WHERE user_id = :u", soci::use(u, "u"), soci::into(iid);
  return iid;
}

void ArchivesRepo::UpdateItem(int64_t item_id, const std::string& kind, const std::string& data,
                              int sort_order) {
  long long iid = item_id;
  int ord = sort_order;
  s_.sql() << "UPDATE archive_items SET kind = :k, data = :d, sort_order = :o WHERE id = :i",
      soci::use(kind, "k"), soci::use(data, "d"), soci::use(ord, "o"), soci::use(iid, "i");
}

void ArchivesRepo::SetItemReturnReason(int64_t item_id, const std::string& reason) {
  long long iid = item_id;
  s_.sql() << "UPDATE archive_items SET return_reason = :r WHERE id = :i", soci::use(reason, "r"),
      soci::use(iid, "i");
}

void ArchivesRepo::ClearItemReturnReasons(int64_t user_id) {
  long long u = user_id;
  s_.sql() << "UPDATE archive_items SET return_reason = '' WHERE user_id = :u", soci::use(u, "u");
}

void ArchivesRepo::DeleteItem(int64_t item_id) {
  long long iid = item_id;
  s_.sql() << "DELETE FROM archive_files WHERE item_id = :i", soci::use(iid, "i");
  s_.sql() << "DELETE FROM archive_items WHERE id = :i", soci::use(iid, "i");
}

void ArchivesRepo::ClearItemFiles(int64_t item_id) {
  long long iid = item_id;
  s_.sql() << "DELETE FROM archive_files WHERE item_id = :i", soci::use(iid, "i");
}

void ArchivesRepo::AddItemFile(int64_t item_id, int64_t user_id, int64_t file_id) {
  long long iid = item_id;
  long long u = user_id;
  long long fid = file_id;
  s_.sql() << "INSERT INTO archive_files (item_id, user_id, file_id) VALUES (:i, :u, :f)",
      soci::use(iid, "i"), soci::use(u, "u"), soci::use(fid, "f");
}

int64_t ArchivesRepo::CountForUnit(int64_t unit_id, const std::string& status) {
  return Query()
      .Where("unit_id = :u AND status = :st")
      .Bind("u", static_cast<long long>(unit_id))
      .Bind("st", status)
      .Count(s_, "archives");
}

std::optional<ArchiveWorkingCopyRow> ArchivesRepo::FindWorkingCopy(int64_t user_id) {
  std::optional<ArchiveWorkingCopyRow> out;
  Query()
      .Where("user_id = :u")
      .Bind("u", static_cast<long long>(user_id))
      .ForEach(s_, "base_version, body, saved_at", "archive_working_copies", "", [&](const soci::row& r) {
        out = ArchiveWorkingCopyRow{
            .base_version = Int(r, "base_version"), .saved_at = Int(r, "saved_at"), .body = Str(r, "body")};
      });
  return out;
}

void ArchivesRepo::PutWorkingCopy(int64_t user_id, const ArchiveWorkingCopyRow& row) {
  long long u = user_id;
  long long base = row.base_version;
  long long when = row.saved_at;
  s_.sql() << "INSERT INTO archive_working_copies (user_id, base_version, body, saved_at) "
              "VALUES (:u, :base, :body, :at) ON CONFLICT (user_id) DO UPDATE SET "
              "base_version = excluded.base_version, body = excluded.body, saved_at = excluded.saved_at",
      soci::use(u, "u"), soci::use(base, "base"), soci::use(row.body, "body"), soci::use(when, "at");
}

void ArchivesRepo::DeleteWorkingCopy(int64_t user_id) {
  long long u = user_id;
  s_.sql() << "DELETE FROM archive_working_copies WHERE user_id = :u", soci::use(u, "u");
}

void ArchivesRepo::ForEachWorkingCopy(const std::function<void(const std::string& body)>& fn) {
  Query().ForEach(s_, "body", "archive_working_copies", "", [&](const soci::row& r) { fn(Str(r, "body")); });
}

bool ArchivesRepo::FileSentToUnit(int64_t file_id, int64_t unit_id, const std::string& draft) {
  return Query()
             .Where("f.file_id = :f")
             .Bind("f", static_cast<long long>(file_id))
             .Where("ar.unit_id = :u AND ar.status <> :draft")
             .Bind("u", static_cast<long long>(unit_id))
             .Bind("draft", draft)
             .Count(s_, "archive_files f JOIN archives ar ON ar.user_id = f.user_id") > 0;
}

UnitArchivePageRows ArchivesRepo::ListForUnit(const UnitArchiveFilter& f, const PageRequest& page) {
  UnitArchivePageRows out;
  const std::string from = "archives ar JOIN users u ON u.id = ar.user_id";
  Query q;
  q.Where("ar.unit_id = :unit AND ar.status <> :draft")
      .Bind("unit", static_cast<long long>(f.unit_id))
      .Bind("draft", f.draft);
  q.ForEach(s_, "ar.status, COUNT(*) AS n", from, "GROUP BY ar.status",
            [&](const soci::row& r) { out.counts[Str(r, "status")] = Int(r, "n"); });
  if (!f.status.empty()) q.Where("ar.status = :status").Bind("status", f.status);
  if (!f.q.empty())
    q.Where("(u.name LIKE :q ESCAPE '\\' OR u.id_number LIKE :q2 ESCAPE '\\')")
        .Bind("q", LikeContains(f.q))
        .Bind("q2", LikeContains(f.q));
  out.total = q.Count(s_, from);
  out.next = q.Page(s_,
                    "ar.user_id, u.name, u.id_number, ar.status, ar.submitted_at, ar.version, "
                    "(SELECT COUNT(*) FROM archive_items i WHERE i.user_id = ar.user_id) AS items_count",
                    from, {.sort = "ar.submitted_at", .id = "ar.user_id"}, page, [&](const soci::row& r) {
                      out.rows.push_back({.user_id = Int(r, "user_id"),
                                          .name = Str(r, "name"),
                                          .id_number = Str(r, "id_number"),
                                          .status = Str(r, "status"),
                                          .submitted_at = Int(r, "submitted_at"),
                                          .version = Int(r, "version"),
                                          .items_count = Int(r, "items_count")});
                    });
  return out;
}

}  // namespace zc::storage
