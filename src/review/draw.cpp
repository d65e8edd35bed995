#include <array>

#include "base/crypto.hpp"
#include "review/review.hpp"

namespace zc::review {
namespace {

// SHA-256(seed ‖ counter), counter as 8 bytes big-endian, read 8 bytes at a time.
class ByteStream {
 public:
  explicit ByteStream(std::string seed) : seed_(std::move(seed)) {}
  uint64_t Next() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | Byte();
    return v;
  }

 private:
  uint8_t Byte() {
    if (pos_ == block_.size()) Refill();
    return block_[pos_++];
  }
  void Refill() {
    std::string input = seed_;
    for (int i = 7; i >= 0; --i) input += static_cast<char>((counter_ >> (8 * i)) & 0xff);
    ++counter_;
    const std::string hex = Sha256Hex(input);
    for (size_t i = 0; i < block_.size(); ++i)
      block_[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
    pos_ = 0;
  }
  std::string seed_;
  uint64_t counter_ = 0;
  std::array<uint8_t, 32> block_{};
  size_t pos_ = 32;
};

}  // namespace

std::vector<int64_t> DrawPick(const std::string& seed_hex, std::vector<int64_t> candidates, int places) {
  ByteStream stream(seed_hex);
  const size_t count = std::min(candidates.size(), static_cast<size_t>(std::max(places, 0)));
  for (size_t i = 0; i < count; ++i) {
    const uint64_t n = candidates.size() - i;
    // Rejection sampling: numbers at or above the largest multiple of n would favour small remainders.
    const uint64_t limit = UINT64_MAX - (UINT64_MAX % n + 1) % n;
    uint64_t r = stream.Next();
    while (r > limit) r = stream.Next();
    std::swap(candidates[i], candidates[i + r % n]);
  }
  candidates.resize(count);
  return candidates;
}

int AtLeast(int n, int num, int den) {
  return static_cast<int>((static_cast<int64_t>(n) * num + den - 1) / den);
}

}  // namespace zc::review
