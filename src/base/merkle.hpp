#pragma once
// A Merkle tree over an append-only list, as Certificate Transparency defines it (RFC 9162, section 2.1):
// SHA-256, leaf hash H(0x00 || entry), node hash H(0x01 || left || right), the tree over n leaves split at
// the largest power of two below n. Hashes are raw 32-byte strings; Hex() and FromHex() convert.
//
// The log keeps only its right edge (the frontier: the roots of the perfect subtrees that make up the tree,
// largest first), so appending and computing the root cost O(log n) without reading old entries.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zc::merkle {

using Hash = std::string;  // 32 raw bytes

Hash LeafHash(std::string_view entry);
Hash NodeHash(const Hash& left, const Hash& right);
// The root of the empty tree: SHA-256 of the empty string.
Hash EmptyRoot();

// The right edge of a tree of `size` leaves: one hash per set bit of `size`, the largest subtree first.
struct Frontier {
  uint64_t size = 0;
  std::vector<Hash> hashes;

  void Append(const Hash& leaf_hash);
  Hash Root() const;
  // Stored form: the hashes in hex, separated by commas (empty for the empty tree).
  std::string Serialize() const;
  // nullopt when `text` is not `size`'s frontier.
  static std::optional<Frontier> Parse(uint64_t size, std::string_view text);
};

// MTH(D[0:n]) over leaf hashes, recomputed from all of them (the verifier's way).
Hash RootOf(const std::vector<Hash>& leaf_hashes, size_t n);

// RFC 9162 2.1.4: the proof that the tree of `old_size` leaves is a prefix of the tree of
// `leaf_hashes.size()` leaves (0 < old_size <= size).
std::vector<Hash> ConsistencyProof(const std::vector<Hash>& leaf_hashes, uint64_t old_size);
// RFC 9162 2.1.4.2: checks such a proof between two roots.
bool VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root, const Hash& new_root,
                       const std::vector<Hash>& proof);

std::string Hex(const Hash& h);
// nullopt unless `hex` is 64 hex digits.
std::optional<Hash> FromHex(std::string_view hex);

}  // namespace zc::merkle
