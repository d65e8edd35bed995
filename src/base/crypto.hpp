#pragma once
// Hashes and random tokens (libsodium). InitCrypto() must run once before any other call.
#include <string>
#include <string_view>

namespace zc {

void InitCrypto();
std::string Sha256Hex(std::string_view data);
// Incremental SHA-256 for streamed files.
class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  std::string FinishHex();

 private:
  alignas(64) unsigned char state_[128];
};
// `bytes` random bytes, hex-encoded.
std::string RandomHex(size_t bytes);
// Constant-time comparison of two strings.
bool SecureEquals(std::string_view a, std::string_view b);

}  // namespace zc
