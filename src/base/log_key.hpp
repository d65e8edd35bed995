#pragma once
// The key that signs the audit log's tree heads (Ed25519, libsodium), and the signed head itself. The key
// lives in a file outside the database, its backups and the upload directory (docs/security.md, "The
// audit log"); whoever can read the database cannot sign a head, so a rewritten log cannot be passed off
// as the one whose heads were published.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zc {

// A tree head: the log's size and Merkle root (base/merkle.hpp) at a moment, signed.
struct TreeHead {
  uint64_t tree_size = 0;
  std::string root_hash;   // 64 hex digits
  int64_t timestamp = 0;   // Unix seconds of signing
  std::string key_id;      // first 16 hex digits of the SHA-256 of the public key
  std::string public_key;  // 64 hex digits
  std::string signature;   // 128 hex digits; empty when the server has no key
};

// The exact bytes that are signed (docs/security.md):
// "zhicheng-audit-log-tree-head-v1\n" tree_size "\n" root_hash "\n" timestamp "\n".
std::string TreeHeadMessage(const TreeHead& head);

// Checks `head.signature` against `public_key_hex` (the head's own key when empty).
bool VerifyTreeHead(const TreeHead& head, std::string_view public_key_hex = {});

// First 16 hex digits of SHA-256(public key bytes).
std::string KeyIdOf(std::string_view public_key_hex);

class LogKey {
 public:
  static LogKey Generate();
  // Reads a file written by Save(); throws std::runtime_error with the reason.
  static LogKey Load(const std::string& path);
  // Writes the key (mode 0600) to a new file; throws when it exists or cannot be written. Also writes
  // `path`.pub with the public key in hex.
  void Save(const std::string& path) const;

  const std::string& public_key_hex() const { return public_hex_; }
  std::string key_id() const { return KeyIdOf(public_hex_); }
  // Fills key_id, public_key and signature of `head`.
  void Sign(TreeHead& head) const;

 private:
  std::string secret_;  // libsodium's 64-byte secret key
  std::string public_hex_;
};

}  // namespace zc
