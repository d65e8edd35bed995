#include "base/ids.hpp"

#include <gtest/gtest.h>

#include "base/files.hpp"

namespace zc {
namespace {

TEST(ResidentId, AcceptsTheStandardExamples) {
  EXPECT_EQ(CheckResidentId("11010519491231002X"), std::nullopt);
  EXPECT_EQ(CheckResidentId("330402199001011230"), std::nullopt);
  EXPECT_EQ(CheckResidentId("330481198506150026"), std::nullopt);
}

TEST(ResidentId, AcceptsLowerCaseX) {
  EXPECT_EQ(CheckResidentId("11010519491231002x"), std::nullopt);
  EXPECT_EQ(NormalizeResidentId("11010519491231002x"), "11010519491231002X");
}

TEST(ResidentId, RejectsWrongCheckCharacter) {
  EXPECT_EQ(CheckResidentId("330402199001011231"), errc::invalid_resident_id);
  EXPECT_EQ(CheckResidentId("110105194912310021"), errc::invalid_resident_id);
}

TEST(ResidentId, RejectsWrongLengthAndLetters) {
  EXPECT_EQ(CheckResidentId(""), errc::invalid_resident_id);
  EXPECT_EQ(CheckResidentId("33040219900101123"), errc::invalid_resident_id);
  EXPECT_EQ(CheckResidentId("3304021990010112300"), errc::invalid_resident_id);
  EXPECT_EQ(CheckResidentId("33040219900101A230"), errc::invalid_resident_id);
}

TEST(ResidentId, RejectsImpossibleBirthDateEvenWithAValidCheckCharacter) {
  // 1990-02-30 does not exist; give it the check character its digits would have.
  std::string id = "33040219900230123";
  id.push_back(ResidentIdCheckChar(id));
  EXPECT_EQ(CheckResidentId(id), errc::resident_id_birth_date);
  std::string leap = "33040220000229123";  // 2000-02-29 exists
  leap.push_back(ResidentIdCheckChar(leap));
  EXPECT_EQ(CheckResidentId(leap), std::nullopt);
  std::string not_leap = "33040219000229123";  // 1900-02-29 does not
  not_leap.push_back(ResidentIdCheckChar(not_leap));
  EXPECT_EQ(CheckResidentId(not_leap), errc::resident_id_birth_date);
}

TEST(CreditCode, AcceptsTheStandardExamples) {
  EXPECT_EQ(CheckCreditCode("91350100M000100Y43"), std::nullopt);
  EXPECT_EQ(CheckCreditCode("91330402MA2JX0016P"), std::nullopt);
}

TEST(CreditCode, RejectsWrongCheckAndForbiddenLetters) {
  EXPECT_EQ(CheckCreditCode("91330402MA2JX0016Q"), errc::invalid_credit_code);
  EXPECT_EQ(CheckCreditCode("91330402MA2JX0016"), errc::invalid_credit_code);
  EXPECT_EQ(CheckCreditCode("91330402MI2JX0016P"), errc::invalid_credit_code);  // I is not in the alphabet
  EXPECT_EQ(CheckCreditCode("91330402ma2jx0016p"), errc::invalid_credit_code);
}

TEST(CreditCode, PublicInstitutionPrefix) {
  EXPECT_TRUE(IsPublicInstitutionCode("12330400470000000X"));
  EXPECT_FALSE(IsPublicInstitutionCode("91330402MA2JX0016P"));
}

TEST(Mobile, ElevenDigitsStartingWithOne) {
  EXPECT_TRUE(IsValidMobile("13800571234"));
  EXPECT_FALSE(IsValidMobile("23800571234"));
  EXPECT_FALSE(IsValidMobile("1380057123"));
  EXPECT_FALSE(IsValidMobile("1380057123a"));
}

TEST(ResidentId, Masking) {
  EXPECT_EQ(MaskResidentId("330402199001011230"), "330402***********0");
}

}  // namespace
}  // namespace zc

TEST(SafeFileName, CutsAtACharacterBoundaryAndKeepsTheExtension) {
  std::string long_name;
  for (int i = 0; i < 67; ++i) long_name += "证";  // 201 bytes
  const std::string n = zc::SafeFileName(long_name + ".pdf", "application/pdf");
  EXPECT_LE(n.size(), 200u);
  EXPECT_TRUE(n.ends_with("证.pdf")) << n;
  EXPECT_EQ((n.size() - 4) % 3, 0u) << "whole characters only";
}

TEST(SafeFileName, DropsControlAndBidiCharactersAndFixesTheExtension) {
  EXPECT_EQ(zc::SafeFileName("业绩\u202Efdp.exe", "application/pdf"), "业绩fdp.exe.pdf");
  EXPECT_EQ(zc::SafeFileName("x.pdf.bat", "application/pdf"), "x.pdf.bat.pdf");
  EXPECT_EQ(zc::SafeFileName("业绩证明.pdf", "image/png"), "业绩证明.png");
  EXPECT_EQ(zc::SafeFileName("photo.JPEG", "image/jpeg"), "photo.JPEG");
  EXPECT_EQ(zc::SafeFileName("a/b\"c\r\n.pdf", "application/pdf"), "a_b_c.pdf");
  // A name without an extension takes the detected type's (found by fuzz_texts).
  EXPECT_EQ(zc::SafeFileName("scan", "application/pdf"), "scan.pdf");
  EXPECT_EQ(zc::SafeFileName("=HYPERLINK(\"http://x\")", "image/png"), "=HYPERLINK(_http:__x_).png");
  EXPECT_EQ(zc::SafeFileName("", "application/pdf"), "file.pdf");
  EXPECT_EQ(zc::SafeFileName("\xE8\xAF", "application/pdf"), "__.pdf");
}
