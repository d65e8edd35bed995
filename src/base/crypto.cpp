#include "base/crypto.hpp"

#include <sodium.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

namespace zc {
namespace {

std::string ToHex(const unsigned char* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

}  // namespace

std::string HexOf(std::string_view bytes) {
  return ToHex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::optional<std::string> BytesFromHex(std::string_view hex, size_t bytes) {
  if (hex.size() != bytes * 2) return std::nullopt;
  std::string out(bytes, '\0');
  size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), bytes, hex.data(), hex.size(), nullptr,
                     &len, nullptr) != 0 ||
      len != bytes)
    return std::nullopt;
  return out;
}

void InitCrypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string Sha256Hex(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return ToHex(out, sizeof out);
}

std::string Sha256FileHex(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path);
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<unsigned char> buf(size_t{64} * 1024);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) crypto_hash_sha256_update(&st, buf.data(), n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw std::runtime_error("cannot read " + path);
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, out);
  return ToHex(out, sizeof out);
}

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return ToHex(buf.data(), buf.size());
}

std::string RandomCode(size_t length) {
  static const char* kAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::vector<unsigned char> buf(length);
  randombytes_buf(buf.data(), buf.size());
  std::string out;
  for (unsigned char b : buf) out += kAlphabet[b % 32];  // 256 is a multiple of 32: no bias
  return out;
}

bool SecureEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace zc
