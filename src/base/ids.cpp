#include "base/ids.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "base/time.hpp"

namespace zc {
namespace {

constexpr std::array<int, 17> kIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheck = "10X98765432";
constexpr std::array<int, 17> kCreditWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                29, 25, 13, 8,  24, 10, 30, 28};
constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

char ResidentIdCheckChar(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kIdWeights[i];
  return kIdCheck[sum % 11];
}

std::string NormalizeResidentId(std::string_view id) {
  std::string s(id);
  if (!s.empty() && s.back() == 'x') s.back() = 'X';
  return s;
}

std::optional<ErrorCode> CheckResidentId(std::string_view raw) {
  const std::string id = NormalizeResidentId(raw);
  if (id.size() != 18 || !AllDigits(std::string_view(id).substr(0, 17))) return errc::invalid_resident_id;
  if (!(AllDigits(std::string_view(id).substr(17)) || id[17] == 'X')) return errc::invalid_resident_id;
  if (!IsValidDate(Digits(id.substr(6, 4)), Digits(id.substr(10, 2)), Digits(id.substr(12, 2))) ||
      Digits(id.substr(6, 4)) < 1900) {
    return errc::resident_id_birth_date;
  }
  if (ResidentIdCheckChar(id) != id[17]) return errc::invalid_resident_id;
  return std::nullopt;
}

char CreditCodeCheckChar(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17; ++i)
    sum += static_cast<int>(kCreditAlphabet.find(first17[i])) * kCreditWeights[i];
  return kCreditAlphabet[(31 - sum % 31) % 31];
}

std::optional<ErrorCode> CheckCreditCode(std::string_view code) {
  if (code.size() != 18) return errc::invalid_credit_code;
  for (char c : code) {
    if (kCreditAlphabet.find(c) == std::string_view::npos) return errc::invalid_credit_code;
  }
  if (CreditCodeCheckChar(code) != code[17]) return errc::invalid_credit_code;
  return std::nullopt;
}

bool IsPublicInstitutionCode(std::string_view code) {
  return code.substr(0, 2) == "12";
}

bool IsValidMobile(std::string_view mobile) {
  return mobile.size() == 11 && mobile[0] == '1' && AllDigits(mobile);
}

std::string MaskResidentId(std::string_view id) {
  if (id.size() != 18) return std::string(id);
  // The region and the check digit only: with the sequence digits shown too, the check digit narrows the
  // birth date to a handful of days, which anyone could then try (issue 16: need-to-know).
  return std::string(id.substr(0, 6)) + "***********" + std::string(id.substr(17));
}

}  // namespace zc
