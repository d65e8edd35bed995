#pragma once
// Identifier checks. Each returns the registry code of the problem, or nullopt when the identifier is valid.
#include <optional>
#include <string>
#include <string_view>

#include "base/error_codes.hpp"

namespace zc {

// Resident ID per GB 11643-1999: 17 digits + check character; the birth date must be a real date.
// Lower-case x is accepted; NormalizeResidentId upper-cases it.
std::optional<ErrorCode> CheckResidentId(std::string_view id);
std::string NormalizeResidentId(std::string_view id);
char ResidentIdCheckChar(std::string_view first17);

// Unified social credit code per GB 32100-2015.
std::optional<ErrorCode> CheckCreditCode(std::string_view code);
char CreditCodeCheckChar(std::string_view first17);
// A credit code starting with "12" belongs to a public institution (事业单位).
bool IsPublicInstitutionCode(std::string_view code);

// Mainland mobile number: 11 digits starting with 1.
bool IsValidMobile(std::string_view mobile);

// Masks a resident ID for display: 330402********1230.
std::string MaskResidentId(std::string_view id);

}  // namespace zc
