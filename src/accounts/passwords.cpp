#include "accounts/passwords.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <unordered_set>

namespace zc::accounts {
namespace {

std::counting_semaphore<kMaxConcurrentHashes>& HashSlots() {
  static std::counting_semaphore<kMaxConcurrentHashes> slots(kMaxConcurrentHashes);
  return slots;
}

class HashSlot {
 public:
  HashSlot() { HashSlots().acquire(); }
  ~HashSlot() { HashSlots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};

}  // namespace

// argon2id with 19 MiB and two passes, one of the settings OWASP's Password Storage Cheat Sheet gives as
// equivalent (libsodium's "interactive" limits are 64 MiB and two passes). The deadline-day benchmark showed
// why it matters here: two 64 MiB hashes at once took the peak memory past its 300 MB bound, and a sign-in's
// 90 ms of CPU held the workers other requests wait for (docs/performance.md, "Deadline day"). Hashes made
// with the older limits keep verifying: each hash string carries its own parameters.
constexpr unsigned long long kOpsLimit = 2;
constexpr size_t kMemLimit = 19u << 20;

std::string HashPassword(std::string_view password) {
  HashSlot slot;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    throw std::runtime_error("argon2id hashing ran out of memory");
  }
  return out;
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  if (hash.empty()) return false;
  HashSlot slot;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool IsCommonPassword(std::string_view p) {
  static const std::unordered_set<std::string_view> kCommon = {
#include "common_passwords.inc"
  };
  std::string low(p);
  for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kCommon.contains(low);
}

bool IsAcceptablePassword(std::string_view p) {
  if (p.size() < kMinPasswordLength || p.size() > kMaxPasswordLength) return false;
  const bool letter = std::any_of(p.begin(), p.end(), [](unsigned char c) { return std::isalpha(c) != 0; });
  const bool digit = std::any_of(p.begin(), p.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  return letter && digit;
}

}  // namespace zc::accounts
