#pragma once
// The repository of uploaded files (files: the name, type and owner of a blob whose bytes blob_store.hpp
// keeps) and of the look-ups that decide who may download one. Named queries only; the rules (which file an
// applicant may attach, who may read it) live in workflow/archive.cpp.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct FileRow {
  int64_t id = 0;
  std::string name;
  int64_t size = 0;
  std::string content_type, sha256;
  int64_t owner_id = 0, created_at = 0;
};

class FilesRepo {
 public:
  explicit FilesRepo(Session& s) : s_(s) {}

  std::optional<FileRow> Find(int64_t id);
  bool OwnedBy(int64_t id, int64_t owner_id);
  // The bytes of every file this account uploaded (its storage quota's use).
  int64_t BytesOwnedBy(int64_t owner_id);
  // Records an upload of `owner_id`; returns the new file's id.
  int64_t Insert(const std::string& sha256, int64_t size, const std::string& content_type,
                 const std::string& name, int64_t owner_id, int64_t created_at);
  // The frozen snapshots (application id, snapshot version) whose files the expert with this user account
  // may read now: applications of a review group where the expert is confirmed, until a closed meeting has
  // decided them, and the candidates of a meeting not yet closed at which the expert is marked present.
  std::vector<std::pair<int64_t, int64_t>> SnapshotsReadableByExpert(int64_t expert_user_id);
  // The applications that hold this file as evidence.
  std::vector<int64_t> EvidenceApplications(int64_t file_id);

  // ---- Garbage collection (workflow::CollectFiles) ----
  // Files uploaded before `created_before` that no archive item and no live evidence slot holds (a frozen
  // snapshot may still name them: the caller decides).
  std::vector<FileRow> Unattached(int64_t created_before);
  // Every stored snapshot's JSON, one at a time.
  void ForEachSnapshot(const std::function<void(const std::string& data)>& fn);
  // Deletes the files and the removed-evidence rows that still point at them.
  void Delete(const std::vector<int64_t>& ids);
  // Blobs no file and no unit's authorisation letter refers to.
  std::vector<std::string> UnreferencedBlobs();
  // Deletes the blobs' rows (and their chunks kept in the database).
  void DeleteBlobs(const std::vector<std::string>& sha256s);
  // Every blob's SHA-256 the database knows.
  std::vector<std::string> AllBlobs();

 private:
  Session& s_;
};

}  // namespace zc::storage
