#pragma once
// Numbered, forward-only schema migrations. Each runs once, in order, in its own transaction, and is
// recorded in schema_migrations. The SQL is written once for both backends; `{{ID}}` becomes the backend's
// auto-increment primary key.
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct Migration {
  int version;
  std::string name;
  std::vector<std::string> statements;
};

const std::vector<Migration>& AllMigrations();
// Applies every pending migration; returns how many ran. Throws on a database error (the failing migration
// is rolled back whole).
int Migrate(Database& db);
// The highest applied version, or 0 for an empty database.
int SchemaVersion(Database& db);

}  // namespace zc::storage
