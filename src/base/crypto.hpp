#pragma once
// Hashes and random tokens (libsodium). InitCrypto() must run once before any other call.
#include <optional>
#include <string>
#include <string_view>

namespace zc {

void InitCrypto();
std::string Sha256Hex(std::string_view data);
// The SHA-256 of a file, read in small chunks (never whole in memory). Throws std::runtime_error on I/O
// errors.
std::string Sha256FileHex(const std::string& path);
// `bytes` random bytes, hex-encoded.
std::string RandomHex(size_t bytes);
// `length` characters from an alphabet of 32 without look-alikes (0/O, 1/I): 5 bits each, for codes people
// type (verification codes).
std::string RandomCode(size_t length);
// Bytes as lower-case hex, and back: nullopt unless `hex` is exactly `bytes` bytes of hex digits.
std::string HexOf(std::string_view bytes);
std::optional<std::string> BytesFromHex(std::string_view hex, size_t bytes);
// Constant-time comparison of two strings.
bool SecureEquals(std::string_view a, std::string_view b);

}  // namespace zc
