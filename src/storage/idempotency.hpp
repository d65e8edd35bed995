#pragma once
// Idempotency keys (issue 18): a signed-in client may send `Idempotency-Key` with a POST; the first request
// with a key claims it, its answer is stored, and a retry with the same key and the same request gets that
// answer again instead of doing the step twice. Keys live per user for a day.
#include <cstdint>
#include <string>

#include "storage/database.hpp"

namespace zc::storage {

enum class IdempotencyClaim {
  kClaimed,     // new: run the request, then StoreIdempotentResponse or ReleaseIdempotencyKey
  kReplay,      // answered before: `stored` holds the answer
  kMismatch,    // the key was used for another request
  kInProgress,  // the first request with this key is still running
};

struct IdempotentResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

struct IdempotencyResult {
  IdempotencyClaim claim = IdempotencyClaim::kClaimed;
  IdempotentResponse stored;
};

// Claims (user, key) for a request whose method, path and body hash to `request_hash`; keys older than
// `ttl_seconds` are forgotten first.
IdempotencyResult ClaimIdempotencyKey(Database& db, int64_t user_id, const std::string& key,
                                      const std::string& request_hash, int64_t now, int64_t ttl_seconds);
void StoreIdempotentResponse(Database& db, int64_t user_id, const std::string& key,
                             const IdempotentResponse& response);
// Forgets a claim whose request failed on the server's side (5xx), so that a retry runs again.
void ReleaseIdempotencyKey(Database& db, int64_t user_id, const std::string& key);

}  // namespace zc::storage
