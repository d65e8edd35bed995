#pragma once
// Online backup and restore (docs/operations.md): the database and the uploaded files of one installation.
// SQLite: VACUUM INTO a consistent copy while the server runs. PostgreSQL: pg_dump in its custom format,
// restored with pg_restore into an empty database. The blobs are content-addressed and never change, so they
// are copied file by file (existing ones are skipped).
#include <filesystem>
#include <string>

#include "base/result.hpp"
#include "storage/database.hpp"

namespace zc::storage {

// Writes `to`/zhicheng.db (SQLite) or `to`/zhicheng.pgdump (PostgreSQL), and `to`/blobs. `to` must not exist.
Status Backup(Database& db, const std::filesystem::path& data_dir, const std::filesystem::path& to);
// Restores a backup made by Backup into the database `url` (an SQLite file that does not exist yet, or an
// empty PostgreSQL database) and the data directory `data_dir`.
Status Restore(const std::filesystem::path& from, const std::string& url,
               const std::filesystem::path& data_dir);

}  // namespace zc::storage
