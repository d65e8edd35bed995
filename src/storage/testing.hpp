#pragma once
// For tests only: a fresh, migrated SQLite database and blob store in a temporary directory, removed when
// the object goes away.
#include <filesystem>
#include <memory>

#include "base/crypto.hpp"
#include "storage/blob_store.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace zc::storage {

class TempDatabase {
 public:
  TempDatabase() {
    InitCrypto();
    dir_ = std::filesystem::temp_directory_path() / ("zhicheng_test_" + RandomHex(8));
    std::filesystem::create_directories(dir_);
    db_ = Database::Open("sqlite:" + (dir_ / "test.db").string(), 2);
    Migrate(*db_);
    blobs_ = std::make_unique<BlobStore>(dir_ / "blobs");
  }
  ~TempDatabase() {
    blobs_.reset();
    db_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  Database& db() { return *db_; }
  BlobStore& blobs() { return *blobs_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<BlobStore> blobs_;
};

}  // namespace zc::storage
