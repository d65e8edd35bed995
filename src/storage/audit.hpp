#pragma once
// The audit log: every write appends one row in the same transaction as the write. Rows are hash-chained
// (each row's hash covers its fields and the previous row's hash) and the head of the chain is kept in
// audit_head, so verification finds an edited, inserted, deleted or truncated row.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;  // Unix seconds
  std::optional<int64_t> actor_id;
  std::string actor_login;
  std::string role;
  std::string action;       // e.g. "unit.approve"
  std::string object_type;  // e.g. "unit"
  std::string object_id;
  std::string summary;
  std::string client_ip;
  std::string prev_hash;
  std::string hash;
};

// Appends within the caller's open write transaction; fills id, prev_hash and hash.
void AppendAudit(Session& s, AuditEntry& e);

struct AuditFilter {
  std::string actor;            // actor_login, exact
  std::string action;           // prefix
  std::string object_type;      // exact
  std::string object_id;        // exact
  std::optional<int64_t> from;  // at >= from
  std::optional<int64_t> to;    // at < to
  PageRequest page{.size = 50};
};

struct AuditPage {
  std::vector<AuditEntry> items;
  int64_t total = 0;
  std::optional<Cursor> next;
};

AuditPage ListAudit(Database& db, const AuditFilter& f);

struct AuditVerification {
  bool ok = true;
  int64_t rows = 0;
  int64_t first_bad_id = 0;  // 0 when ok
  std::string problem;
};

AuditVerification VerifyAudit(Database& db);

}  // namespace zc::storage
