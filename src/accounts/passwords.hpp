#pragma once
// Password hashing with argon2id (libsodium, interactive limits: ≈64 MiB and ≈100 ms per hash). At most
// kMaxConcurrentHashes run at once, so a burst of logins cannot exhaust memory; the rest wait their turn.
#include <cstddef>
#include <string>
#include <string_view>

namespace zc::accounts {

inline constexpr int kMaxConcurrentHashes = 2;

std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& hash);
// Policy: 8–128 characters with at least one letter and one digit.
inline constexpr size_t kMinPasswordLength = 8, kMaxPasswordLength = 128;
bool IsAcceptablePassword(std::string_view password);
// On the common-password list (data/passwords/common.txt), ignoring case.
bool IsCommonPassword(std::string_view password);

}  // namespace zc::accounts
