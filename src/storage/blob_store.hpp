#pragma once
// Uploaded files, stored by SHA-256 under DIR/ab/abcdef…; identical content is stored once. A file is
// written to a temporary name, flushed to disk and renamed, so a crash never leaves a partial blob under
// its final name. Thread-safe.
//
// With a shared database (`serve --blobs database`, for several nodes without a shared file system) every
// blob is also written to the database (table blob_chunks, 1 MiB chunks) before it is acknowledged, and a
// node that lacks a blob locally fetches it from there into its directory, which then acts as a cache.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zc::storage {

class BlobStore {
 public:
  explicit BlobStore(std::filesystem::path dir, class Database* shared = nullptr);
  // Stores the bytes and returns their SHA-256 (hex). Throws std::runtime_error on an I/O failure.
  std::string Put(std::string_view data);
  // Moves a finished temporary file (on the same file system) into the store, after syncing it, and returns
  // its SHA-256; the file is read in chunks, never whole.
  std::string PutFile(const std::filesystem::path& tmp);
  // Where streamed uploads are written before PutFile.
  std::filesystem::path UploadDir() const { return dir_ / "incoming"; }
  // Where the blob is on this node's disk (fetched from the shared database first when missing). Never call
  // it while holding a database session (the fetch takes one).
  std::filesystem::path PathOf(const std::string& sha256) const;
  bool Exists(const std::string& sha256) const;

  // ---- Garbage collection (workflow::CollectFiles) ----
  // Storing bytes the store already has marks the blob as used now (its modification time), so that a
  // collection running at the same moment leaves it alone.
  // Removes the blob from this node's disk unless it was stored or re-stored at or after `cutoff`; returns
  // the bytes freed (0 when kept or absent).
  int64_t RemoveUnlessNewer(const std::string& sha256, std::filesystem::file_time_type cutoff);
  // Whether this node stored (or re-stored) the blob at or after `cutoff`.
  bool StoredSince(const std::string& sha256, std::filesystem::file_time_type cutoff) const;
  // Removes what the database does not know and is older than `cutoff`: blobs without a row (an upload
  // whose transaction failed, a crash) and unfinished temporary files. Returns {files, bytes} removed.
  std::pair<int64_t, int64_t> RemoveStrays(const std::vector<std::string>& known,
                                           std::filesystem::file_time_type cutoff);

 private:
  std::filesystem::path Local(const std::string& sha256) const;
  void Share(const std::string& sha256, const std::filesystem::path& file) const;
  std::filesystem::path dir_;
  class Database* shared_ = nullptr;
};

}  // namespace zc::storage
