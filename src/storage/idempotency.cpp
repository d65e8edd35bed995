#include "storage/idempotency.hpp"

#include "base/crypto.hpp"

namespace zc::storage {

IdempotencyResult ClaimIdempotencyKey(Database& db, int64_t user_id, const std::string& key,
                                      const std::string& request_hash, int64_t now, int64_t ttl_seconds) {
  Session s(db);
  WriteTx tx(s);
  const long long uid = user_id;
  const long long cutoff = now - ttl_seconds;
  const long long at = now;
  s.sql() << "DELETE FROM idempotency_keys WHERE created_at < :c", soci::use(cutoff);
  // The claim is ours only when our nonce is the one stored: a concurrent request with the same key
  // inserts nothing (ON CONFLICT DO NOTHING) and then reads the other's row.
  const std::string nonce = RandomHex(16);
  s.sql() << "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, claim, status, content_type, "
             "body, created_at) VALUES (:u, :k, :h, :n, 0, '', '', :t) ON CONFLICT (user_id, idem_key) DO "
             "NOTHING",
      soci::use(uid, "u"), soci::use(key, "k"), soci::use(request_hash, "h"), soci::use(nonce, "n"),
      soci::use(at, "t");
  std::string hash, claim, content_type, body;
  int status = 0;
  s.sql() << "SELECT request_hash, claim, status, content_type, body FROM idempotency_keys WHERE user_id = "
             ":u AND idem_key = :k",
      soci::use(uid, "u"), soci::use(key, "k"), soci::into(hash), soci::into(claim), soci::into(status),
      soci::into(content_type), soci::into(body);
  tx.Commit();
  IdempotencyResult r;
  if (claim == nonce) return r;
  if (hash != request_hash) {
    r.claim = IdempotencyClaim::kMismatch;
  } else if (status == 0) {
    r.claim = IdempotencyClaim::kInProgress;
  } else {
    r.claim = IdempotencyClaim::kReplay;
    r.stored = {.status = status, .content_type = std::move(content_type), .body = std::move(body)};
  }
  return r;
}

void StoreIdempotentResponse(Database& db, int64_t user_id, const std::string& key,
                             const IdempotentResponse& response) {
  Session s(db);
  WriteTx tx(s);
  const long long uid = user_id;
  s.sql() << "UPDATE idempotency_keys SET status = :s, content_type = :c, body = :b WHERE user_id = :u AND "
             "idem_key = :k",
      soci::use(response.status, "s"), soci::use(response.content_type, "c"), soci::use(response.body, "b"),
      soci::use(uid, "u"), soci::use(key, "k");
  tx.Commit();
}

void ReleaseIdempotencyKey(Database& db, int64_t user_id, const std::string& key) {
  Session s(db);
  WriteTx tx(s);
  const long long uid = user_id;
  s.sql() << "DELETE FROM idempotency_keys WHERE user_id = :u AND idem_key = :k", soci::use(uid, "u"),
      soci::use(key, "k");
  tx.Commit();
}

}  // namespace zc::storage
