// Identifier checks on any bytes: resident identity numbers and unified social credit codes. They must never
// crash, and what they accept must be well-formed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "base/ids.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string s(reinterpret_cast<const char*>(data), size);
  if (!zc::CheckResidentId(s)) {
    const std::string n = zc::NormalizeResidentId(s);
    if (n.size() != 18 || n[17] != zc::ResidentIdCheckChar(n.substr(0, 17))) std::abort();
    if (zc::MaskResidentId(n).size() != 18) std::abort();
  }
  (void)zc::MaskResidentId(s);
  if (!zc::CheckCreditCode(s)) {
    if (s.size() != 18 || s[17] != zc::CreditCodeCheckChar(s.substr(0, 17))) std::abort();
  }
  return 0;
}
