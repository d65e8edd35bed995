#include "base/merkle.hpp"

#include <sodium.h>

#include <bit>

#include "base/crypto.hpp"

namespace zc::merkle {
namespace {

Hash Sha256(std::string_view prefix, std::string_view a, std::string_view b = {}) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(prefix.data()), prefix.size());
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(a.data()), a.size());
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(b.data()), b.size());
  Hash out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256_final(&st, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

// The largest power of two strictly below n (n > 1).
uint64_t SplitPoint(uint64_t n) {
  return std::bit_floor(n - 1);
}

Hash Subtree(const std::vector<Hash>& leaves, size_t begin, size_t end) {
  if (end - begin == 1) return leaves[begin];
  const size_t k = SplitPoint(end - begin);
  return NodeHash(Subtree(leaves, begin, begin + k), Subtree(leaves, begin + k, end));
}

// RFC 9162 2.1.4.1 SUBPROOF(m, D[begin:end], b).
void SubProof(const std::vector<Hash>& leaves, uint64_t m, size_t begin, size_t end, bool complete,
              std::vector<Hash>& out) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!complete) out.push_back(Subtree(leaves, begin, end));
    return;
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    SubProof(leaves, m, begin, begin + k, complete, out);
    out.push_back(Subtree(leaves, begin + k, end));
  } else {
    SubProof(leaves, m - k, begin + k, end, false, out);
    out.push_back(Subtree(leaves, begin, begin + k));
  }
}

}  // namespace

Hash LeafHash(std::string_view entry) {
  return Sha256(std::string_view("\x00", 1), entry);
}

Hash NodeHash(const Hash& left, const Hash& right) {
  return Sha256("\x01", left, right);
}

Hash EmptyRoot() {
  return Sha256({}, {});
}

void Frontier::Append(const Hash& leaf_hash) {
  hashes.push_back(leaf_hash);
  // Merge equal-height subtrees: one merge per trailing 1-bit of the old size.
  for (uint64_t s = size; (s & 1U) != 0; s >>= 1) {
    Hash right = std::move(hashes.back());
    hashes.pop_back();
    hashes.back() = NodeHash(hashes.back(), right);
  }
  ++size;
}

Hash Frontier::Root() const {
  if (hashes.empty()) return EmptyRoot();
  Hash h = hashes.back();
  for (size_t i = hashes.size() - 1; i-- > 0;) h = NodeHash(hashes[i], h);
  return h;
}

std::string Frontier::Serialize() const {
  std::string out;
  for (const Hash& h : hashes) {
    if (!out.empty()) out += ',';
    out += Hex(h);
  }
  return out;
}

std::optional<Frontier> Frontier::Parse(uint64_t size, std::string_view text) {
  Frontier f;
  f.size = size;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    auto h = FromHex(text.substr(0, comma));
    if (!h) return std::nullopt;
    f.hashes.push_back(std::move(*h));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  if (f.hashes.size() != static_cast<size_t>(std::popcount(size))) return std::nullopt;
  return f;
}

Hash RootOf(const std::vector<Hash>& leaf_hashes, size_t n) {
  if (n == 0) return EmptyRoot();
  return Subtree(leaf_hashes, 0, n);
}

std::vector<Hash> ConsistencyProof(const std::vector<Hash>& leaf_hashes, uint64_t old_size) {
  std::vector<Hash> out;
  if (old_size == 0 || old_size >= leaf_hashes.size()) return out;
  SubProof(leaf_hashes, old_size, 0, leaf_hashes.size(), true, out);
  return out;
}

bool VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root, const Hash& new_root,
                       const std::vector<Hash>& proof) {
  if (old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (old_size == 0) return proof.empty();
  // RFC 9162 2.1.4.2, step by step.
  if (proof.empty()) return false;
  std::vector<Hash> path = proof;
  if (std::has_single_bit(old_size)) path.insert(path.begin(), old_root);
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1U) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1U) != 0 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if ((fn & 1U) == 0) {
        while ((fn & 1U) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

std::string Hex(const Hash& h) {
  return HexOf(h);
}

std::optional<Hash> FromHex(std::string_view hex) {
  return BytesFromHex(hex, crypto_hash_sha256_BYTES);
}

}  // namespace zc::merkle
