#include "review/review.hpp"

#include <gtest/gtest.h>

#include <set>

#include "base/crypto.hpp"

namespace zc::review {
namespace {

TEST(Rules, QuorumAndPassThresholdsAreTwoThirdsRoundedUp) {
  EXPECT_EQ(AtLeast(11, 2, 3), 8);  // 11 members: 8 must be present
  EXPECT_EQ(AtLeast(8, 2, 3), 6);   // 8 present: 6 yes pass, 5 do not
  EXPECT_EQ(AtLeast(9, 2, 3), 6);
  EXPECT_EQ(AtLeast(7, 2, 3), 5);
  EXPECT_EQ(AtLeast(3, 2, 3), 2);
  EXPECT_EQ(AtLeast(0, 2, 3), 0);
}

TEST(Draw, TheSameSeedAndCandidatesAlwaysPickTheSameExperts) {
  InitCrypto();
  const std::vector<int64_t> candidates = {3, 5, 8, 12, 13, 21, 34};
  const std::string seed = "00112233445566778899aabbccddeeff";
  const auto a = DrawPick(seed, candidates, 3);
  EXPECT_EQ(a, DrawPick(seed, candidates, 3));
  ASSERT_EQ(a.size(), 3u);
  std::set<int64_t> distinct(a.begin(), a.end());
  EXPECT_EQ(distinct.size(), 3u);
  for (auto id : a) EXPECT_NE(std::find(candidates.begin(), candidates.end(), id), candidates.end());
  // Another seed picks differently for at least one of a handful of seeds.
  bool differs = false;
  for (const char* other : {"ffeeddccbbaa99887766554433221100", "0123456789abcdef0123456789abcdef",
                            "deadbeefdeadbeefdeadbeefdeadbeef"})
    differs = differs || DrawPick(other, candidates, 3) != a;
  EXPECT_TRUE(differs);
  EXPECT_EQ(DrawPick(seed, candidates, 0).size(), 0u);
  EXPECT_EQ(DrawPick(seed, {4}, 1), std::vector<int64_t>{4});
}

TEST(Draw, EveryCandidateIsPickedAboutEquallyOften) {
  InitCrypto();
  const std::vector<int64_t> candidates = {1, 2, 3, 4, 5};
  std::map<int64_t, int> first;
  for (int i = 0; i < 2000; ++i) ++first[DrawPick(RandomHex(16), candidates, 1).front()];
  for (auto id : candidates) {
    EXPECT_GT(first[id], 300) << id;  // expected 400 each
    EXPECT_LT(first[id], 500) << id;
  }
}

}  // namespace
}  // namespace zc::review
