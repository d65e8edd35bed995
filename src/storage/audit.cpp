#include "storage/audit.hpp"

#include "base/crypto.hpp"
#include "base/merkle.hpp"

namespace zc::storage {
namespace {

// Length-prefixed fields, so no two different rows serialise alike; the chain's hash also covers the
// previous row's hash, the Merkle leaf does not.
std::string Serialize(const AuditEntry& e, bool with_prev_hash) {
  std::string buf;
  auto add = [&](const std::string& v) {
    buf += std::to_string(v.size());
    buf += ':';
    buf += v;
    buf += '|';
  };
  if (with_prev_hash) add(e.prev_hash);
  add(std::to_string(e.id));
  add(std::to_string(e.at));
  add(e.actor_id ? std::to_string(*e.actor_id) : "");
  add(e.actor_login);
  add(e.role);
  add(e.action);
  add(e.object_type);
  add(e.object_id);
  add(e.summary);
  add(e.client_ip);
  return buf;
}

std::string ComputeHash(const AuditEntry& e) {
  return Sha256Hex(Serialize(e, true));
}

AuditEntry FromRow(const soci::row& r) {
  AuditEntry e;
  e.id = Int(r, "id");
  e.at = Int(r, "at");
  if (!IsNull(r, "actor_id")) e.actor_id = Int(r, "actor_id");
  e.actor_login = Str(r, "actor_login");
  e.role = Str(r, "role");
  e.action = Str(r, "action");
  e.object_type = Str(r, "object_type");
  e.object_id = Str(r, "object_id");
  e.summary = Str(r, "summary");
  e.client_ip = Str(r, "client_ip");
  e.prev_hash = Str(r, "prev_hash");
  e.hash = Str(r, "hash");
  return e;
}

constexpr const char* kColumns =
    "id, at, actor_id, actor_login, role, action, object_type, object_id, summary, client_ip, prev_hash, "
    "hash";

// The right edge of the tree over the first `rows` rows: the stored one when it is of that size, else (after
// migration 14, before the first append) rebuilt from the rows.
merkle::Frontier LoadFrontier(Session& s, int64_t rows, int64_t stored_size, const std::string& stored) {
  if (stored_size == rows) {
    if (auto f = merkle::Frontier::Parse(static_cast<uint64_t>(rows), stored)) return std::move(*f);
  }
  merkle::Frontier f;
  const long long n = rows;
  soci::rowset<soci::row> all =
      (s.sql().prepare << std::string("SELECT ") + kColumns + " FROM audit_log WHERE id <= :n ORDER BY id",
       soci::use(n));
  for (const soci::row& r : all) f.Append(AuditLeafHash(FromRow(r)));
  return f;
}

}  // namespace

std::string AuditLeafHash(const AuditEntry& e) {
  return merkle::LeafHash(Serialize(e, false));
}

AuditTree CurrentAuditTree(Session& s) {
  long long last_id = 0;
  long long tree_size = 0;
  std::string frontier;
  // One statement: the size and the edge are of the same commit.
  s.sql() << "SELECT last_id, tree_size, frontier FROM audit_head WHERE id = 1", soci::into(last_id),
      soci::into(tree_size), soci::into(frontier);
  const merkle::Frontier f = LoadFrontier(s, last_id, tree_size, frontier);
  return {.size = f.size, .root_hash = merkle::Hex(f.Root())};
}

void AppendAudit(Session& s, AuditEntry& e) {
  // Touching the head first serialises appenders on both backends (row lock / SQLite write lock).
  s.sql() << "UPDATE audit_head SET last_id = last_id + 1 WHERE id = 1";
  long long last_id = 0;
  std::string last_hash;
  long long tree_size = 0;
  std::string stored;
  s.sql() << "SELECT last_id, last_hash, tree_size, frontier FROM audit_head WHERE id = 1",
      soci::into(last_id), soci::into(last_hash), soci::into(tree_size), soci::into(stored);
  e.id = last_id;
  e.prev_hash = last_hash;
  e.hash = ComputeHash(e);
  NullableInt actor(e.actor_id);
  long long id = e.id;
  long long at = e.at;
  s.sql() << "INSERT INTO audit_log (id, at, actor_id, actor_login, role, action, object_type, object_id, "
             "summary, "
             "client_ip, prev_hash, hash) VALUES (:id, :at, :actor_id, :actor_login, :role, :action, "
             ":object_type, "
             ":object_id, :summary, :client_ip, :prev_hash, :hash)",
      soci::use(id, "id"), soci::use(at, "at"), soci::use(actor.value, actor.ind, "actor_id"),
      soci::use(e.actor_login, "actor_login"), soci::use(e.role, "role"), soci::use(e.action, "action"),
      soci::use(e.object_type, "object_type"), soci::use(e.object_id, "object_id"),
      soci::use(e.summary, "summary"), soci::use(e.client_ip, "client_ip"),
      soci::use(e.prev_hash, "prev_hash"), soci::use(e.hash, "hash");
  merkle::Frontier tree = LoadFrontier(s, last_id - 1, tree_size, stored);
  tree.Append(AuditLeafHash(e));
  tree_size = static_cast<long long>(tree.size);
  const std::string frontier = tree.Serialize();
  s.sql() << "UPDATE audit_head SET last_hash = :h, tree_size = :n, frontier = :f WHERE id = 1",
      soci::use(e.hash, "h"), soci::use(tree_size, "n"), soci::use(frontier, "f");
}

AuditPage ListAudit(Database& db, const AuditFilter& f) {
  Session s(db);
  Query q;
  if (!f.actor.empty()) q.Where("actor_login = :actor").Bind("actor", f.actor);
  if (!f.action.empty()) q.Where("action LIKE :action").Bind("action", f.action + "%");
  if (!f.object_type.empty()) q.Where("object_type = :object_type").Bind("object_type", f.object_type);
  if (!f.object_id.empty()) q.Where("object_id = :object_id").Bind("object_id", f.object_id);
  if (f.from) q.Where("at >= :from_at").Bind("from_at", static_cast<long long>(*f.from));
  if (f.to) q.Where("at < :to_at").Bind("to_at", static_cast<long long>(*f.to));
  AuditPage page;
  page.total = q.Count(s, "audit_log");
  page.next = q.Page(s, kColumns, "audit_log", {.sort = "id", .id = "id"}, f.page,
                     [&](const soci::row& r) { page.items.push_back(FromRow(r)); });
  return page;
}

namespace {

// The chain check of VerifyAudit, collecting the Merkle leaves on the way.
AuditVerification VerifyRows(Session& s, std::vector<merkle::Hash>& leaves) {
  AuditVerification v;
  std::string prev_hash;
  int64_t expected_id = 1;
  soci::rowset<soci::row> rows =
      (s.sql().prepare << std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY id");
  for (const soci::row& r : rows) {
    AuditEntry e = FromRow(r);
    ++v.rows;
    auto fail = [&](int64_t id, std::string problem) {
      v.ok = false;
      v.first_bad_id = id;
      v.problem = std::move(problem);
    };
    if (e.id != expected_id) {
      fail(expected_id, e.id > expected_id ? "row missing (deleted)" : "row out of sequence");
      return v;
    }
    if (e.prev_hash != prev_hash) {
      fail(e.id, "previous-hash link broken (row inserted or predecessor changed)");
      return v;
    }
    if (ComputeHash(e) != e.hash) {
      fail(e.id, "row content does not match its hash (edited)");
      return v;
    }
    prev_hash = e.hash;
    leaves.push_back(AuditLeafHash(e));
    ++expected_id;
  }
  long long head_id = 0;
  std::string head_hash;
  s.sql() << "SELECT last_id, last_hash FROM audit_head WHERE id = 1", soci::into(head_id),
      soci::into(head_hash);
  if (head_id != expected_id - 1 || head_hash != prev_hash) {
    v.ok = false;
    v.first_bad_id = expected_id;
    v.problem = "chain head does not match the last row (rows deleted at the end?)";
    return v;
  }
  v.tree = {.size = leaves.size(), .root_hash = merkle::Hex(merkle::RootOf(leaves, leaves.size()))};
  long long tree_size = 0;
  std::string frontier;
  s.sql() << "SELECT tree_size, frontier FROM audit_head WHERE id = 1", soci::into(tree_size),
      soci::into(frontier);
  // A log migrated from before the tree has no stored edge until its next append.
  if (tree_size != 0 || !frontier.empty()) {
    auto f = merkle::Frontier::Parse(static_cast<uint64_t>(tree_size), frontier);
    if (tree_size != head_id || !f || merkle::Hex(f->Root()) != v.tree.root_hash) {
      v.ok = false;
      v.first_bad_id = expected_id;
      v.problem = "the stored Merkle tree does not match the rows";
    }
  }
  return v;
}

}  // namespace

AuditVerification VerifyAudit(Database& db) {
  Session s(db);
  std::vector<merkle::Hash> leaves;
  return VerifyRows(s, leaves);
}

AuditConsistency CheckAuditAgainst(Database& db, uint64_t size, const std::string& root_hash) {
  Session s(db);
  std::vector<merkle::Hash> leaves;
  const AuditVerification v = VerifyRows(s, leaves);
  AuditConsistency c;
  c.now = v.tree;
  if (!v.ok) {
    c.problem = "row " + std::to_string(v.first_bad_id) + ": " + v.problem;
    return c;
  }
  if (size > leaves.size()) {
    c.problem = "the saved head has " + std::to_string(size) + " entries, the log now " +
                std::to_string(leaves.size()) + ": entries were removed";
    return c;
  }
  const merkle::Hash old_root = merkle::RootOf(leaves, size);
  if (merkle::Hex(old_root) != root_hash) {
    c.problem = "the first " + std::to_string(size) +
                " entries no longer hash to the saved head's root: the log was rewritten";
    return c;
  }
  const auto proof = merkle::ConsistencyProof(leaves, size);
  const merkle::Hash new_root = merkle::RootOf(leaves, leaves.size());
  if (size > 0 && size < leaves.size() &&
      !merkle::VerifyConsistency(size, leaves.size(), old_root, new_root, proof)) {
    c.problem = "the consistency proof does not verify";
    return c;
  }
  for (const auto& h : proof) c.proof.push_back(merkle::Hex(h));
  c.ok = true;
  return c;
}

}  // namespace zc::storage
