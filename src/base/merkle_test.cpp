#include "base/merkle.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>

#include "base/log_key.hpp"

namespace zc::merkle {
namespace {

// The test vectors of Certificate Transparency's reference implementation (RFC 6962 / RFC 9162 trees).
std::vector<Hash> Leaves() {
  const std::vector<std::string> entries = {
      "",
      std::string(1, '\x00'),
      "\x10",
      "\x20\x21",
      "\x30\x31",
      "\x40\x41\x42\x43",
      "\x50\x51\x52\x53\x54\x55\x56\x57",
      "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
  std::vector<Hash> out;
  for (const auto& e : entries) out.push_back(LeafHash(e));
  return out;
}

const char* const kRoots[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

std::vector<std::string> HexAll(const std::vector<Hash>& v) {
  std::vector<std::string> out;
  for (const auto& h : v) out.push_back(Hex(h));
  return out;
}

TEST(Merkle, RootsMatchTheReferenceVectors) {
  ASSERT_GE(sodium_init(), 0);
  const auto leaves = Leaves();
  EXPECT_EQ(Hex(RootOf(leaves, 0)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Frontier f;
  EXPECT_EQ(f.Root(), EmptyRoot());
  for (size_t n = 1; n <= leaves.size(); ++n) {
    EXPECT_EQ(Hex(RootOf(leaves, n)), kRoots[n - 1]) << n;
    f.Append(leaves[n - 1]);
    EXPECT_EQ(Hex(f.Root()), kRoots[n - 1]) << "frontier at " << n;
    auto parsed = Frontier::Parse(f.size, f.Serialize());
    ASSERT_TRUE(parsed) << n;
    EXPECT_EQ(parsed->Root(), f.Root());
  }
  EXPECT_FALSE(Frontier::Parse(3, f.Serialize()));  // size 8 has one subtree, size 3 two
  EXPECT_FALSE(Frontier::Parse(1, "zz"));
}

TEST(Merkle, ConsistencyProofsMatchTheReferenceVectors) {
  ASSERT_GE(sodium_init(), 0);
  const auto leaves = Leaves();
  EXPECT_EQ(HexAll(ConsistencyProof(leaves, 1)),
            (std::vector<std::string>{"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                                      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                                      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
  EXPECT_EQ(HexAll(ConsistencyProof(leaves, 6)),
            (std::vector<std::string>{"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                                      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                                      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
  const std::vector<Hash> five(leaves.begin(), leaves.begin() + 5);
  EXPECT_EQ(HexAll(ConsistencyProof(five, 2)),
            (std::vector<std::string>{"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                                      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}));
}

TEST(Merkle, EveryConsistencyProofVerifiesAndNoAlteredOneDoes) {
  ASSERT_GE(sodium_init(), 0);
  std::vector<Hash> leaves;
  for (int i = 0; i < 40; ++i) leaves.push_back(LeafHash("entry " + std::to_string(i)));
  for (size_t n = 1; n <= leaves.size(); ++n) {
    const std::vector<Hash> prefix(leaves.begin(), leaves.begin() + static_cast<std::ptrdiff_t>(n));
    const Hash new_root = RootOf(prefix, n);
    for (size_t m = 1; m < n; ++m) {
      const Hash old_root = RootOf(prefix, m);
      auto proof = ConsistencyProof(prefix, m);
      EXPECT_TRUE(VerifyConsistency(m, n, old_root, new_root, proof)) << m << " -> " << n;
      // A different old tree (one entry changed) is not a prefix.
      std::vector<Hash> other = prefix;
      other[m - 1] = LeafHash("rewritten");
      EXPECT_FALSE(VerifyConsistency(m, n, RootOf(other, m), new_root, proof)) << m << " -> " << n;
      EXPECT_FALSE(VerifyConsistency(m, n, old_root, RootOf(other, n), proof)) << m << " -> " << n;
      if (!proof.empty()) {
        proof.back()[0] ^= 1;
        EXPECT_FALSE(VerifyConsistency(m, n, old_root, new_root, proof)) << m << " -> " << n;
      }
    }
  }
}

TEST(LogKey, SignsHeadsThatVerifyOnlyUnchangedAndUnderItsKey) {
  ASSERT_GE(sodium_init(), 0);
  const LogKey key = LogKey::Generate();
  TreeHead head{.tree_size = 8, .root_hash = kRoots[7], .timestamp = 1663200000};
  key.Sign(head);
  EXPECT_EQ(head.public_key, key.public_key_hex());
  EXPECT_EQ(head.key_id.size(), 16U);
  EXPECT_TRUE(VerifyTreeHead(head));
  EXPECT_TRUE(VerifyTreeHead(head, key.public_key_hex()));
  EXPECT_FALSE(VerifyTreeHead(head, LogKey::Generate().public_key_hex()));
  TreeHead grown = head;
  grown.tree_size = 9;
  EXPECT_FALSE(VerifyTreeHead(grown));
  TreeHead other_root = head;
  other_root.root_hash = kRoots[6];
  EXPECT_FALSE(VerifyTreeHead(other_root));
}

TEST(LogKey, SavedAndLoadedKeySignsAlike) {
  ASSERT_GE(sodium_init(), 0);
  const std::string path = ::testing::TempDir() + "zc-log-key-" + std::to_string(::getpid());
  std::remove(path.c_str());
  std::remove((path + ".pub").c_str());
  const LogKey key = LogKey::Generate();
  key.Save(path);
  EXPECT_THROW(key.Save(path), std::runtime_error);  // never overwrites a key
  const LogKey loaded = LogKey::Load(path);
  EXPECT_EQ(loaded.public_key_hex(), key.public_key_hex());
  TreeHead head{.tree_size = 1, .root_hash = kRoots[0], .timestamp = 1};
  loaded.Sign(head);
  EXPECT_TRUE(VerifyTreeHead(head, key.public_key_hex()));
  std::remove(path.c_str());
  std::remove((path + ".pub").c_str());
  EXPECT_THROW(LogKey::Load(path), std::runtime_error);
}

}  // namespace
}  // namespace zc::merkle
