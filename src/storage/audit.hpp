#pragma once
// The audit log: every write appends one row in the same transaction as the write. Rows are hash-chained
// (each row's hash covers its fields and the previous row's hash) and the head of the chain is kept in
// audit_head, so verification finds an edited, inserted, deleted or truncated row.
//
// The rows are also the leaves of a Merkle tree (RFC 9162, base/merkle.hpp) whose right edge audit_head
// keeps. The server signs the tree's head with a key kept outside the database (base/log_key.hpp) and
// publishes it; a head saved earlier proves that the log only grew since, which the chain alone cannot
// (whoever rewrites the rows can recompute the chain and its head in the same database).
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

struct AuditTree {
  uint64_t size = 0;
  std::string root_hash;  // hex
};

struct AuditVerification {
  bool ok = true;
  int64_t rows = 0;
  int64_t first_bad_id = 0;  // 0 when ok
  std::string problem;
  AuditTree tree;
};

// Also checks the Merkle tree's stored right edge against the rows, and reports the tree.
AuditVerification VerifyAudit(Database& db);

// The Merkle leaf of a row: every field but the chain's (id, at, actor, role, action, object, summary,
// client address), length-prefixed, under the leaf prefix 0x00; 32 raw bytes.
std::string AuditLeafHash(const AuditEntry& e);

// The tree over every committed row, as of the session's transaction.
AuditTree CurrentAuditTree(Session& s);

struct AuditConsistency {
  bool ok = false;
  std::string problem;  // empty when ok
  AuditTree now;
  std::vector<std::string> proof;  // RFC 9162 consistency proof from the saved head to `now`, hex
};

// Whether the log still begins with the tree of `size` rows whose root was `root_hash` (a head saved
// earlier): the rows are verified, the first `size` of them rehashed, and a consistency proof to the
// current tree made and checked.
AuditConsistency CheckAuditAgainst(Database& db, uint64_t size, const std::string& root_hash);

}  // namespace zc::storage
