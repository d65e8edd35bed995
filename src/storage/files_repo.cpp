#include "storage/files_repo.hpp"

namespace zc::storage {

namespace {

constexpr const char* kFileColumns = "id, name, size, content_type, sha256, owner_id, created_at";

FileRow FileFrom(const soci::row& r) {
  return FileRow{.id = Int(r, "id"),
                 .name = Str(r, "name"),
                 .size = Int(r, "size"),
                 .content_type = Str(r, "content_type"),
                 .sha256 = Str(r, "sha256"),
                 .owner_id = Int(r, "owner_id"),
                 .created_at = Int(r, "created_at")};
}

}  // namespace

std::optional<FileRow> FilesRepo::Find(int64_t id) {
  std::optional<FileRow> out;
  Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s_, kFileColumns, "files", "", [&](const soci::row& r) { out = FileFrom(r); });
  return out;
}

int64_t FilesRepo::BytesOwnedBy(int64_t owner_id) {
  long long bytes = 0;
  const long long u = owner_id;
  s_.sql() << "SELECT COALESCE(SUM(size), 0) FROM files WHERE owner_id = :u", soci::use(u), soci::into(bytes);
  return bytes;
}

bool FilesRepo::OwnedBy(int64_t id, int64_t owner_id) {
  return Query()
             .Where("id = :id AND owner_id = :o")
             .Bind("id", static_cast<long long>(id))
             .Bind("o", static_cast<long long>(owner_id))
             .Count(s_, "files") > 0;
}

int64_t FilesRepo::Insert(const std::string& sha256, int64_t size, const std::string& content_type,
                          const std::string& name, int64_t owner_id, int64_t created_at) {
  long long owner = owner_id;
  long long sz = size;
  long long at = created_at;
  s_.sql() << "INSERT INTO files (sha256, size, content_type, name, owner_id, created_at) "
              "VALUES (:sha, :size, :type, :name, :owner, :at)",
      soci::use(sha256, "sha"), soci::use(sz, "size"), soci::use(content_type, "type"),
      soci::use(name, "name"), soci::use(owner, "owner"), soci::use(at, "at");
  long long id = 0;
  s_.sql() << "SELECT MAX(id) FROM files WHERE owner_id = :owner", soci::use(owner, "owner"), soci::into(id);
  return id;
}

std::vector<std::pair<int64_t, int64_t>> FilesRepo::SnapshotsReadableByExpert(int64_t expert_user_id) {
  std::vector<std::pair<int64_t, int64_t>> out;
  const auto add = [&](const soci::row& r) { out.emplace_back(Int(r, "id"), Int(r, "snapshot_version")); };
  Query()
      .Where(
          "e.user_id = :u AND ge.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM meeting_candidates mc "
          "JOIN meetings m ON m.id = mc.meeting_id WHERE mc.application_id = a.id AND m.status = 'closed')")
      .Bind("u", static_cast<long long>(expert_user_id))
      .ForEach(
          s_, "a.id AS id, a.snapshot_version AS snapshot_version",
          "applications a JOIN group_applications ga ON ga.application_id = a.id JOIN group_experts ge ON "
          "ge.group_id = ga.group_id JOIN experts e ON e.id = ge.expert_id",
          "", add);
  Query()
      .Where("e.user_id = :u AND mm.present = 1 AND m.status <> 'closed'")
      .Bind("u", static_cast<long long>(expert_user_id))
      .ForEach(s_, "a.id AS id, a.snapshot_version AS snapshot_version",
               "meeting_candidates mc JOIN meetings m ON m.id = mc.meeting_id JOIN meeting_members mm ON "
               "mm.meeting_id = m.id JOIN experts e ON e.id = mm.expert_id JOIN applications a ON a.id = "
               "mc.application_id",
               "", add);
  return out;
}

std::vector<int64_t> FilesRepo::EvidenceApplications(int64_t file_id) {
  std::vector<int64_t> apps;
  Query()
      .Where("file_id = :f")
      .Bind("f", static_cast<long long>(file_id))
      .ForEach(s_, "application_id", "application_evidence", "",
               [&](const soci::row& r) { apps.push_back(Int(r, "application_id")); });
  return apps;
}

std::vector<FileRow> FilesRepo::Unattached(int64_t created_before) {
  std::vector<FileRow> out;
  Query()
      .Where(
          "f.created_at < :t AND NOT EXISTS (SELECT 1 FROM archive_files af WHERE af.file_id = f.id) AND "
          "NOT EXISTS (SELECT 1 FROM application_evidence e WHERE e.file_id = f.id AND e.removed_at = 0)")
      .Bind("t", static_cast<long long>(created_before))
      .ForEach(s_, kFileColumns, "files f", "ORDER BY f.id",
               [&](const soci::row& r) { out.push_back(FileFrom(r)); });
  return out;
}

void FilesRepo::ForEachSnapshot(const std::function<void(const std::string& data)>& fn) {
  Query().ForEach(s_, "data", "application_snapshots", "", [&](const soci::row& r) { fn(Str(r, "data")); });
}

void FilesRepo::Delete(const std::vector<int64_t>& ids) {
  for (const int64_t id : ids) {
    const long long f = id;
    s_.sql() << "DELETE FROM application_evidence WHERE file_id = :f AND removed_at <> 0", soci::use(f, "f");
    s_.sql() << "DELETE FROM files WHERE id = :f", soci::use(f, "f");
  }
}

std::vector<std::string> FilesRepo::UnreferencedBlobs() {
  std::vector<std::string> out;
  Query()
      .Where(
          "NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = b.sha256) AND NOT EXISTS (SELECT 1 FROM units "
          "u WHERE u.letter_sha256 = b.sha256)")
      .ForEach(s_, "b.sha256", "blobs b", "ORDER BY b.sha256",
               [&](const soci::row& r) { out.push_back(Str(r, "sha256")); });
  return out;
}

void FilesRepo::DeleteBlobs(const std::vector<std::string>& sha256s) {
  for (const auto& sha : sha256s) {
    s_.sql() << "DELETE FROM blob_chunks WHERE sha256 = :s", soci::use(sha, "s");
    s_.sql() << "DELETE FROM blobs WHERE sha256 = :s", soci::use(sha, "s");
  }
}

std::vector<std::string> FilesRepo::AllBlobs() {
  std::vector<std::string> out;
  Query().ForEach(s_, "sha256", "blobs", "", [&](const soci::row& r) { out.push_back(Str(r, "sha256")); });
  return out;
}

}  // namespace zc::storage
