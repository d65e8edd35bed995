#include "accounts/accounts.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "accounts/passwords.hpp"
#include "base/crypto.hpp"
#include "storage/audit.hpp"
#include "storage/migrations.hpp"
#include "storage/testing.hpp"

namespace zc::accounts {
namespace {

class AccountsTest : public ::testing::Test {
 protected:
  Actor Admin() { return Actor{Principal{.login = "cli", .role = Role::kCityAdmin}, "127.0.0.1"}; }
  UnitForm Enterprise() {
    return UnitForm{.credit_code = "91330402MA2JX0016P",
                    .name = "嘉兴禾丰智能科技有限公司",
                    .region_code = "330402",
                    .unit_type = "enterprise",
                    .contact_name = "沈慧",
                    .mobile = "13857300001",
                    .password = "Secret2022"};
  }
  Principal LoginAs(const std::string& login, const std::string& password) {
    auto r = Login(*env_, login, password, "127.0.0.1");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : Name(r.error().code));
    return r.ok() ? r->principal : Principal{};
  }

  ManualClock clock_{FromUnixSeconds(1659312000)};  // 2022-08-01 08:00 +08:00
  storage::TempDatabase temp_;
  storage::Database* db_ = &temp_.db();
  std::unique_ptr<Env> env_ = std::make_unique<Env>(Env{temp_.db(), clock_, temp_.blobs()});
};

TEST_F(AccountsTest, ApplicantFormReportsEveryProblemAtOnce) {
  auto r = RegisterApplicant(
      *env_,
      ApplicantForm{.name = "", .id_number = "330402199001011231", .mobile = "123", .password = "short"},
      "127.0.0.1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::validation_failed);
  ASSERT_EQ(r.error().fields.size(), 4U);
  EXPECT_EQ(r.error().fields[0].field, "name");
  EXPECT_EQ(r.error().fields[1].code, errc::invalid_resident_id);
  EXPECT_EQ(r.error().fields[2].code, errc::invalid_mobile);
  EXPECT_EQ(r.error().fields[3].code, errc::too_short);  // "short": under 8 characters
  EXPECT_EQ(r.error().fields[3].limit, 8U);
}

TEST_F(AccountsTest, ApplicantRegistersOnceAndLogsInByIdOrMobile) {
  ApplicantForm form{
      .name = "王建国", .id_number = "11010519491231002x", .mobile = "13800571234", .password = "Secret2022"};
  auto r = RegisterApplicant(*env_, form, "127.0.0.1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->login, "11010519491231002X");
  auto again = RegisterApplicant(*env_, form, "127.0.0.1");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, errc::registration_conflict);
  EXPECT_TRUE(again.error().fields.empty());  // names no field: a taken number looks like a taken mobile
  EXPECT_EQ(LoginAs("11010519491231002x", "Secret2022").name, "王建国");
  EXPECT_EQ(LoginAs("13800571234", "Secret2022").role, Role::kApplicant);
}

TEST_F(AccountsTest, WrongPasswordsLockTheAccountForFifteenMinutes) {
  ASSERT_TRUE(RegisterApplicant(
                  *env_, ApplicantForm{"李娜", "330402199001011230", "13800571235", "Secret2022"}, "10.0.0.1")
                  .ok());
  for (int i = 0; i < kMaxFailedLogins; ++i) {
    EXPECT_EQ(Login(*env_, "330402199001011230", "wrong-pass1", "10.0.0.1").error().code,
              errc::invalid_credentials);
  }
  EXPECT_EQ(Login(*env_, "330402199001011230", "Secret2022", "10.0.0.1").error().code,
            errc::too_many_attempts);
  clock_.Advance(std::chrono::seconds(kLockoutSeconds + 1));
  EXPECT_TRUE(Login(*env_, "330402199001011230", "Secret2022", "10.0.0.1").ok());
}

TEST_F(AccountsTest, SessionsExpireWhenIdle) {
  ASSERT_TRUE(RegisterApplicant(*env_,
                                ApplicantForm{"李娜", "330402199001011230", "13800571235", "Secret2022"},
                                "127.0.0.1")
                  .ok());
  auto login = Login(*env_, "330402199001011230", "Secret2022", "127.0.0.1");
  ASSERT_TRUE(login.ok());
  EXPECT_TRUE(Authenticate(*env_, login->token).has_value());
  EXPECT_FALSE(Authenticate(*env_, std::string(64, 'a')).has_value());
  clock_.Advance(std::chrono::seconds(kSessionIdleSeconds + 1));
  EXPECT_FALSE(Authenticate(*env_, login->token).has_value());
}

TEST_F(AccountsTest, UnitTypeMustMatchCreditCodeAndCityLevelNeedsDepartment) {
  UnitForm form = Enterprise();
  form.unit_type = "public_institution";
  form.city_level = true;
  auto r = RegisterUnit(*env_, form, "127.0.0.1");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().fields.size(), 2U);
  EXPECT_EQ(r.error().fields[0].code, errc::unit_type_mismatch);
  EXPECT_EQ(r.error().fields[1].code, errc::department_required);
}

TEST_F(AccountsTest, UnitLetterFlowWithScope) {
  auto unit = RegisterUnit(*env_, Enterprise(), "127.0.0.1");
  ASSERT_TRUE(unit.ok());
  EXPECT_EQ(unit->status, "letter_required");
  ASSERT_TRUE(CreateStaffAccount(
                  *env_, Admin(),
                  StaffForm{"acceptance_point", "ap330402", "南湖区人力社保局", "Secret2022", "330402"})
                  .ok());
  ASSERT_TRUE(CreateStaffAccount(
                  *env_, Admin(),
                  StaffForm{"acceptance_point", "ap330481", "海宁市人力社保局", "Secret2022", "330481"})
                  .ok());
  Actor unit_actor{LoginAs("91330402MA2JX0016P", "Secret2022"), "127.0.0.1"};
  EXPECT_EQ(UploadUnitLetter(*env_, unit_actor, "GIF89a...").error().code, errc::not_pdf);
  EXPECT_EQ(UploadUnitLetter(*env_, unit_actor, "").error().code, errc::empty_body);
  auto uploaded = UploadUnitLetter(*env_, unit_actor, "%PDF-1.4\n%%EOF\n");
  ASSERT_TRUE(uploaded.ok());
  EXPECT_EQ(uploaded->status, "letter_pending");

  Actor haining{LoginAs("ap330481", "Secret2022"), "127.0.0.1"};
  EXPECT_EQ(ReviewUnitLetter(*env_, haining, unit->id, LetterDecision::kApprove, "").error().code,
            errc::not_found);
  EXPECT_EQ(ListUnitsInScope(*env_, haining.principal, {})->total, 0);
  EXPECT_EQ(UnitLetterPath(*env_, haining.principal, unit->id).error().code, errc::not_found);

  Actor nanhu{LoginAs("ap330402", "Secret2022"), "127.0.0.1"};
  EXPECT_EQ(ListUnitsInScope(*env_, nanhu.principal, {.status = "letter_pending"})->total, 1);
  EXPECT_EQ(ReviewUnitLetter(*env_, nanhu, unit->id, LetterDecision::kReject, "").error().fields.at(0).code,
            errc::reason_required);
  auto approved = ReviewUnitLetter(*env_, nanhu, unit->id, LetterDecision::kApprove, "");
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->status, "approved");
  EXPECT_EQ(ReviewUnitLetter(*env_, nanhu, unit->id, LetterDecision::kApprove, "").error().code,
            errc::invalid_state);
  EXPECT_EQ(LoginAs("91330402MA2JX0016P", "Secret2022").unit_status, "approved");

  const auto audit = storage::VerifyAudit(*db_);
  EXPECT_TRUE(audit.ok) << audit.problem;
  EXPECT_EQ(storage::ListAudit(*db_, {.action = "unit.letter_approve"}).total, 1);
}

TEST_F(AccountsTest, CityLevelUnitsAreReviewedByTheCityAdminNotTheCounty) {
  ASSERT_TRUE(CreateStaffAccount(*env_, Admin(),
                                 StaffForm{.role = "competent_department",
                                           .login = "jtj",
                                           .name = "市交通运输局",
                                           .password = "Secret2022",
                                           .department_name = "嘉兴市交通运输局"})
                  .ok());
  const auto depts = Departments(*env_);
  ASSERT_EQ(depts.size(), 1U);
  UnitForm form = Enterprise();
  form.city_level = true;
  form.competent_department_id = depts[0].id;
  auto unit = RegisterUnit(*env_, form, "127.0.0.1");
  ASSERT_TRUE(unit.ok());
  const Principal county{.role = Role::kAcceptancePoint, .region_code = "330402"};
  const Principal dept{.role = Role::kCompetentDepartment, .department_id = depts[0].id};
  const Principal admin{.role = Role::kCityAdmin};
  EXPECT_FALSE(CanSeeUnit(county, *unit));
  EXPECT_TRUE(CanSeeUnit(dept, *unit));
  EXPECT_FALSE(CanReviewUnit(dept, *unit));
  EXPECT_TRUE(CanReviewUnit(admin, *unit));
}

TEST_F(AccountsTest, StaffAccountValidation) {
  auto r = CreateStaffAccount(
      *env_, Admin(), StaffForm{.role = "unit", .login = "a b", .name = "x", .password = "Secret2022"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields.at(0).code, errc::invalid_role);
  EXPECT_EQ(r.error().fields.at(1).code, errc::invalid_login);
  auto no_region = CreateStaffAccount(
      *env_, Admin(),
      StaffForm{.role = "acceptance_point", .login = "ap1", .name = "x", .password = "Secret2022"});
  EXPECT_EQ(no_region.error().fields.at(0).field, "region_code");
}

TEST(Passwords, HashAndVerify) {
  InitCrypto();
  const std::string h = HashPassword("Secret2022");
  EXPECT_TRUE(h.rfind("$argon2id$", 0) == 0);
  EXPECT_TRUE(VerifyPassword("Secret2022", h));
  EXPECT_FALSE(VerifyPassword("Secret2023", h));
  EXPECT_FALSE(IsAcceptablePassword("abcdefgh"));
  EXPECT_FALSE(IsAcceptablePassword("12345678"));
  EXPECT_TRUE(IsAcceptablePassword("abcd1234"));
  EXPECT_TRUE(IsCommonPassword("password1"));
  EXPECT_TRUE(IsCommonPassword("PassWord1"));  // case does not make it less common
  EXPECT_TRUE(IsCommonPassword("1qaz2wsx"));
  EXPECT_FALSE(IsCommonPassword("Passw0rd2022"));
}

}  // namespace
}  // namespace zc::accounts
