// Table-driven tests of the engine against the 2022 Jiaxing campaign and the official calendars: every row
// of the education table, every path, the boundaries (exactly the required years on the cut-off date and one
// day short), the continuing-education and social-security edges, integrity records and retirees.
#include "eligibility/eligibility.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <functional>
#include <sstream>

namespace zc::eligibility {
namespace {
namespace json = boost::json;

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::filesystem::path kRoot = ZHICHENG_SOURCE_DIR;

const campaign::Campaign& C2022() {
  static const campaign::Campaign c =
      *campaign::LoadCampaignFile(kRoot / "data/campaigns/jiaxing-2022-engineering.toml");
  return c;
}

const calendar::Calendar& Cal() {
  static const calendar::Calendar cal(*calendar::LoadYearDir(kRoot / "data/calendars"));
  return cal;
}

using Tweak = std::function<void(json::object&)>;

json::object Base(const std::string& level) {
  return json::object{{"level", level},
                      {"specialty", "chemical_process"},
                      {"employment", json::object{{"in_service", true}}},
                      {"social_security", json::object{{"paid_in_city", true}}},
                      {"continuing_education", json::array{json::object{{"year", 2019}, {"hours", 90}},
                                                           json::object{{"year", 2020}, {"hours", 90}},
                                                           json::object{{"year", 2021}, {"hours", 90}},
                                                           json::object{{"year", 2022}, {"hours", 90}}}}};
}

json::array& List(json::object& o, const char* key) {
  if (!o.contains(key)) o[key] = json::array{};
  return o[key].as_array();
}

Tweak Edu(const char* level, const char* graduated) {
  return [=](json::object& o) {
    List(o, "education").push_back(json::object{{"level", level}, {"graduated", graduated}});
  };
}
Tweak School(const char* cls, const char* graduated) {
  return [=](json::object& o) {
    List(o, "education").push_back(json::object{{"technician_school_class", cls}, {"graduated", graduated}});
  };
}
Tweak Title(const char* level, const char* obtained) {
  return [=](json::object& o) {
    List(o, "titles").push_back(json::object{{"level", level}, {"obtained", obtained}});
  };
}
Tweak SkillCert(const char* grade, const char* obtained) {
  return [=](json::object& o) {
    List(o, "skills").push_back(json::object{{"grade", grade}, {"obtained", obtained}});
  };
}
Tweak AwardOf(const char* code, int rank = 0, const char* obtained = nullptr) {
  return [=](json::object& o) {
    json::object a{{"code", code}};
    if (rank) a["rank"] = rank;
    if (obtained) a["obtained"] = obtained;
    List(o, "awards").push_back(std::move(a));
  };
}
Tweak Frontline() {
  return [](json::object& o) { o["frontline_skill_post"] = true; };
}
Tweak Set(const char* object, const char* key, json::value v) {
  return [=](json::object& o) {
    if (!object) {
      o[key] = v;
      return;
    }
    if (!o.contains(object)) o[object] = json::object{};
    o[object].as_object()[key] = v;
  };
}
Tweak Ce(int h2019, int h2020, int h2021, int h2022) {
  return [=](json::object& o) {
    o["continuing_education"] = json::array{
        json::object{{"year", 2019}, {"hours", h2019}}, json::object{{"year", 2020}, {"hours", h2020}},
        json::object{{"year", 2021}, {"hours", h2021}}, json::object{{"year", 2022}, {"hours", h2022}}};
  };
}
Tweak NoCe() {
  return [](json::object& o) { o.erase("continuing_education"); };
}
Tweak SocialSecurity(bool in_city, bool contract, bool bank, bool tax) {
  return [=](json::object& o) {
    o["social_security"] = json::object{{"paid_in_city", in_city},
                                        {"labour_contract", contract},
                                        {"bank_salary_records", bank},
                                        {"tax_certificate", tax}};
  };
}
Tweak Record(const char* start, const char* end = nullptr) {
  return [=](json::object& o) {
    json::object r{{"kind", "fraud"}, {"start", start}};
    if (end) r["end"] = end;
    List(o, "integrity_records").push_back(std::move(r));
  };
}
Tweak Sanction(const char* kind, const char* until, const char* unit_type) {
  return [=](json::object& o) {
    auto& e = o["employment"].as_object();
    e["sanction"] = json::object{{"kind", kind}, {"until", until}};
    e["unit_type"] = unit_type;
  };
}

// What one reason must say.
struct Expect {
  std::string code;
  std::string status;             // met, unmet, info
  std::string earliest = "";      // "" = no earliest date
  std::string message_part = "";  // a substring of the Chinese message
};

struct Case {
  std::string name;
  std::string level;
  std::vector<Tweak> tweaks;
  std::string verdict;
  std::string path;  // "" = null
  std::vector<Expect> expect;
  std::string as_of = "2022-08-01";
};

void PrintTo(const Case& k, std::ostream* os) {
  *os << k.name;
}

json::value Decide(const Case& k, std::vector<IntegrityRecord> archive = {}) {
  json::object profile = Base(k.level);
  for (const auto& t : k.tweaks) t(profile);
  auto p = ParseProfile(profile, C2022());
  if (!p.ok()) {
    std::string all;
    for (const auto& f : p.error().fields) all += f.field + ":" + std::string(Name(f.code)) + " ";
    ADD_FAILURE() << "profile rejected: " << all;
    return nullptr;
  }
  return ToJson(Evaluate(*p, C2022(), Cal(), archive, *ParseDate(k.as_of)));
}

class Table : public ::testing::TestWithParam<Case> {};

TEST_P(Table, VerdictPathAndReasons) {
  const Case& k = GetParam();
  const json::value d = Decide(k);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d.at("verdict").as_string(), k.verdict) << json::serialize(d);
  if (k.path.empty()) {
    EXPECT_TRUE(d.at("path").is_null()) << json::serialize(d.at("path"));
  } else {
    EXPECT_EQ(d.at("path"), json::value(k.path)) << json::serialize(d.at("summary"));
  }
  for (const auto& e : k.expect) {
    const json::object* found = nullptr;
    for (const auto& r : d.at("reasons").as_array()) {
      if (r.at("code").as_string() == e.code) found = &r.as_object();
    }
    ASSERT_NE(found, nullptr) << "no reason " << e.code << " in " << json::serialize(d.at("reasons"));
    EXPECT_EQ(found->at("status").as_string(), e.status) << e.code << ": " << json::serialize(*found);
    if (e.earliest.empty()) {
      EXPECT_FALSE(found->contains("earliest_date")) << e.code << ": " << json::serialize(*found);
    } else {
      EXPECT_EQ(found->at("earliest_date"), json::value(e.earliest))
          << e.code << ": " << json::serialize(*found);
    }
    if (!e.message_part.empty()) {
      EXPECT_NE(std::string(found->at("message").at("zh").as_string()).find(e.message_part),
                std::string::npos)
          << e.code << ": " << found->at("message").at("zh").as_string();
    }
    EXPECT_FALSE(found->at("clause").as_string().empty()) << e.code;
    EXPECT_FALSE(found->at("message").at("en").as_string().empty()) << e.code;
  }
}

const char* kE = "engineer";
const char* kA = "assistant_engineer";
const char* kT = "technician";

std::vector<Case> Cases() {
  return {
      // --- 工程师, regular path: every row of the table, on and one day past the boundary ---
      {"EngBachelorAe4YearsExactlyOnCutOff",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-12-31")},
       "eligible",
       "regular",
       {{"regular.years", "met", "", "已满 4 年"}, {"regular.education", "met"}}},
      {"EngBachelorAeOneDayShort",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2019-01-01")},
       "exceptional",
       "exceptional",
       {{"regular.years", "unmet", "2023-01-01", "3 年 11 个月"}, {"exceptional.route", "met"}}},
      {"EngBachelorAe3Years7Months",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2019-05-20")},
       "exceptional",
       "exceptional",
       {{"regular.years", "unmet", "2023-05-20", "3 年 7 个月"}}},
      {"EngJuniorCollegeAe4Years",
       kE,
       {Edu("junior_college", "2010-06-30"), Title(kA, "2018-06-30")},
       "eligible",
       "regular",
       {{"regular.years", "met"}}},
      {"EngJuniorCollegeAeShort",
       kE,
       {Edu("junior_college", "2010-06-30"), Title(kA, "2020-06-30")},
       "exceptional",
       "exceptional",
       {{"regular.years", "unmet", "2024-06-30"}}},
      {"EngMasterAe2Years",
       kE,
       {Edu("master", "2018-06-30"), Title(kA, "2020-12-31")},
       "eligible",
       "regular",
       {{"regular.years", "met", "", "满 2 年"}}},
      {"EngMasterAeOneDayShort",
       kE,
       {Edu("master", "2018-06-30"), Title(kA, "2021-01-01")},
       "exceptional",
       "exceptional",
       {{"regular.years", "unmet", "2023-01-01"}}},
      {"EngSecondBachelorAe2Years",
       kE,
       {Edu("second_bachelor", "2017-06-30"), Title(kA, "2020-10-01")},
       "eligible",
       "regular",
       {}},
      {"EngDoctorNoYears",
       kE,
       {Edu("doctor", "2022-06-30")},
       "eligible",
       "regular",
       {{"regular.years", "met"}}},
      // (A degree counts up to the cut-off, once it is held: these cases ask on the day of the degree.)
      {"EngDoctorOnCutOff", kE, {Edu("doctor", "2022-12-31")}, "eligible", "regular", {}, "2022-12-31"},
      {"EngDoctorAfterCutOff",
       kE,
       {Edu("doctor", "2023-01-01")},
       "exceptional",
       "exceptional",
       {{"regular.education", "unmet", "", "晚于资历计算截止日"}},
       "2023-01-01"},
      {"EngSecondaryVocationalHasNoRegularPath",
       kE,
       {Edu("secondary_vocational", "2005-06-30"), Title(kA, "2010-01-01")},
       "exceptional",
       "exceptional",
       {{"regular.education", "unmet", "", "无申报工程师的常规途径"}}},
      {"EngBachelorWithoutAeTitle",
       kE,
       {Edu("bachelor", "2012-06-30")},
       "exceptional",
       "exceptional",
       {{"regular.years", "unmet", "", "未取得助理工程师"}}},
      {"EngTechnicianTitleIsNotAe",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kT, "2010-01-01")},
       "exceptional",
       "exceptional",
       {{"regular.years", "unmet", "", "未取得助理工程师"}}},
      {"EngAeObtainedAfterCutOffDoesNotCount",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2023-03-01")},
       "exceptional",
       "exceptional",
       {{"regular.years", "unmet"}}},
      {"EngMasterFallsBackToBachelorRowWhenLonger",
       kE,
       {Edu("master", "2012-06-30"), Title(kA, "2016-01-01")},
       "eligible",
       "regular",
       {}},
      {"EngNoEducationAtAll",
       kE,
       {},
       "exceptional",
       "exceptional",
       {{"regular.education", "unmet", "", "未填写学历"}}},
      // technician-school classes count as 中专 / 大专 / 本科
      {"EngPreparatoryTechnicianClassCountsAsBachelor",
       kE,
       {School("preparatory_technician_class", "2012-06-30"), Title(kA, "2018-06-30")},
       "eligible",
       "regular",
       {{"regular.technician_school", "met", "", "按大学本科学历同等看待"}}},
      {"EngSeniorWorkerClassCountsAsJuniorCollege",
       kE,
       {School("senior_worker_class", "2010-06-30"), Title(kA, "2018-06-30")},
       "eligible",
       "regular",
       {{"regular.technician_school", "met", "", "大学专科"}}},
      {"EngIntermediateWorkerClassCountsAsSecondary",
       kE,
       {School("intermediate_worker_class", "2005-06-30"), Title(kA, "2012-06-30")},
       "exceptional",
       "exceptional",
       {{"regular.technician_school", "met", "", "中专"}, {"regular.education", "unmet"}}},

      // --- 助理工程师, regular path ---
      {"AeMasterNoYears",
       kA,
       {Edu("master", "2022-07-01")},
       "eligible",
       "regular",
       {{"regular.years", "met", "", "考察合格"}}},
      {"AeSecondBachelorOnCutOff",
       kA,
       {Edu("second_bachelor", "2022-12-31")},
       "eligible",
       "regular",
       {},
       "2022-12-31"},
      // Issue 17: a degree dated after the as-of day is not held yet: flagged and not counted.
      {"EngDegreeAfterAsOfIsNotCounted",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2017-07-01"), Edu("master", "2022-11-30")},
       "eligible",
       "regular",
       {{"general.future_fact", "info", "", "2022-11-30 晚于 2022-08-01，尚未取得，不计入"},
        {"regular.education", "met", "", "大学本科"}}},
      {"EngTitleAfterAsOfIsNotCounted",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2022-10-01")},
       "exceptional",
       "exceptional",
       {{"general.future_fact", "info", "", "尚未取得"}, {"regular.years", "unmet", "", "未取得"}}},
      {"AeMasterAfterCutOffNoExceptional",
       kA,
       {Edu("master", "2023-01-01")},
       "ineligible",
       "",
       {{"regular.education", "unmet"}, {"exceptional.route", "unmet", "", "仅适用于工程师"}}},
      {"AeBachelorOneYearExactly",
       kA,
       {Edu("bachelor", "2021-12-31")},
       "eligible",
       "regular",
       {{"regular.years", "met"}}},
      {"AeBachelorOneDayShort",
       kA,
       {Edu("bachelor", "2022-01-01")},
       "ineligible",
       "",
       {{"regular.years", "unmet", "2023-01-01", "见习须满 1 年"}}},
      {"AeBachelorProbationDone", kA, {Edu("bachelor", "2021-06-30")}, "eligible", "regular", {}},
      {"AeJuniorCollegeTechnician2Years",
       kA,
       {Edu("junior_college", "2018-06-30"), Title(kT, "2020-12-31")},
       "eligible",
       "regular",
       {{"regular.years", "met"}}},
      {"AeJuniorCollegeTechnicianOneDayShort",
       kA,
       {Edu("junior_college", "2018-06-30"), Title(kT, "2021-01-01")},
       "ineligible",
       "",
       {{"regular.years", "unmet", "2023-01-01"}}},
      {"AeJuniorCollegeWithoutTechnicianTitle",
       kA,
       {Edu("junior_college", "2018-06-30")},
       "ineligible",
       "",
       {{"regular.years", "unmet", "", "未取得技术员"}}},
      {"AeSecondaryTechnician4Years",
       kA,
       {Edu("secondary_vocational", "2014-06-30"), Title(kT, "2018-12-31")},
       "eligible",
       "regular",
       {}},
      {"AeSecondaryTechnicianOneDayShort",
       kA,
       {Edu("secondary_vocational", "2014-06-30"), Title(kT, "2019-01-01")},
       "ineligible",
       "",
       {{"regular.years", "unmet", "2023-01-01"}}},
      {"AeDoctorSatisfiesMasterRow", kA, {Edu("doctor", "2022-06-30")}, "eligible", "regular", {}},
      {"AeSeniorWorkerClassWithTechnician",
       kA,
       {School("senior_worker_class", "2017-06-30"), Title(kT, "2020-06-30")},
       "eligible",
       "regular",
       {{"regular.technician_school", "met"}}},
      {"AeNeedsNoContinuingEducation",
       kA,
       {Edu("bachelor", "2020-06-30"), NoCe()},
       "eligible",
       "regular",
       {{"general.continuing_education", "info", "", "未作继续教育学时要求"}}},

      // --- 技术员 ---
      {"TechJuniorCollegeOneYear", kT, {Edu("junior_college", "2021-12-31")}, "eligible", "regular", {}},
      {"TechJuniorCollegeOneDayShort",
       kT,
       {Edu("junior_college", "2022-01-01")},
       "ineligible",
       "",
       {{"regular.years", "unmet", "2023-01-01"}}},
      {"TechSecondaryVocational", kT, {Edu("secondary_vocational", "2020-06-30")}, "eligible", "regular", {}},
      {"TechBachelorSatisfiesLowerRow", kT, {Edu("bachelor", "2021-07-01")}, "eligible", "regular", {}},
      {"TechIntermediateWorkerClass",
       kT,
       {School("intermediate_worker_class", "2021-06-30")},
       "eligible",
       "regular",
       {{"regular.technician_school", "met"}}},
      {"TechNothingAndNoOtherPaths", kT, {}, "ineligible", "", {{"exceptional.route", "unmet"}}},

      // --- skill path ---
      {"AeSeniorWorker2Years",
       kA,
       {SkillCert("senior_worker", "2020-12-31")},
       "eligible",
       "skill",
       {{"skill.years", "met"}}},
      {"AeSeniorWorkerOneDayShort",
       kA,
       {SkillCert("senior_worker", "2021-01-01")},
       "ineligible",
       "",
       {{"skill.years", "unmet", "2023-01-01"}}},
      {"AeHigherGradeSatisfies",
       kA,
       {SkillCert("skilled_technician", "2020-06-30")},
       "eligible",
       "skill",
       {}},
      {"EngSkilledTechnician3Years",
       kE,
       {SkillCert("skilled_technician", "2019-12-31")},
       "eligible",
       "skill",
       {{"skill.grade", "met"}, {"skill.years", "met"}}},
      {"EngSkilledTechnicianOneDayShort",
       kE,
       {SkillCert("skilled_technician", "2020-01-01")},
       "exceptional",
       "exceptional",
       {{"skill.years", "unmet", "2023-01-01"}}},
      {"EngSeniorWorkerIsNotEnough",
       kE,
       {SkillCert("senior_worker", "2010-01-01")},
       "exceptional",
       "exceptional",
       {{"skill.grade", "unmet", "", "技师"}}},
      {"EngSeniorSkilledTechnician",
       kE,
       {SkillCert("senior_skilled_technician", "2019-01-01")},
       "eligible",
       "skill",
       {}},
      {"EngSecondaryPlusTechnicianTakesSkillPath",
       kE,
       {Edu("secondary_vocational", "2005-06-30"), SkillCert("skilled_technician", "2018-05-01")},
       "eligible",
       "skill",
       {{"regular.education", "unmet"}, {"skill.years", "met"}}},
      {"EngRegularPreferredWhenBothMet",
       kE,
       {Edu("bachelor", "2010-06-30"), Title(kA, "2015-01-01"),
        SkillCert("skilled_technician", "2015-01-01")},
       "eligible",
       "regular",
       {{"skill.years", "met"}}},
      {"SkillCertificateAfterCutOffDoesNotCount",
       kA,
       {SkillCert("senior_worker", "2023-02-01")},
       "ineligible",
       "",
       {{"skill.grade", "unmet"}}},

      // --- direct application by award ---
      {"EngNationalTechnicalExpert",
       kE,
       {AwardOf("national_technical_expert"), Frontline()},
       "eligible",
       "direct",
       {{"direct.award", "met", "", "全国技术能手"}, {"direct.frontline_post", "met"}}},
      {"EngAwardWithoutFrontlinePost",
       kE,
       {AwardOf("national_technical_expert")},
       "exceptional",
       "exceptional",
       {{"direct.frontline_post", "unmet"}}},
      {"EngNationalClass1Top5",
       kE,
       {AwardOf("national_contest_class1", 5), Frontline()},
       "eligible",
       "direct",
       {}},
      {"EngNationalClass1Sixth",
       kE,
       {AwardOf("national_contest_class1", 6), Frontline()},
       "exceptional",
       "exceptional",
       {{"direct.award", "unmet", "", "须为前 5 名"}}},
      {"EngNationalClass2Top3",
       kE,
       {AwardOf("national_contest_class2", 3), Frontline()},
       "eligible",
       "direct",
       {}},
      {"EngNationalClass2Fourth",
       kE,
       {AwardOf("national_contest_class2", 4), Frontline()},
       "exceptional",
       "exceptional",
       {}},
      {"EngContestWithoutPlacing",
       kE,
       {AwardOf("national_contest_class1"), Frontline()},
       "exceptional",
       "exceptional",
       {{"direct.award", "unmet", "", "须填写名次"}}},
      {"EngWorldSkills", kE, {AwardOf("worldskills_excellence"), Frontline()}, "eligible", "direct", {}},
      {"EngSkillMasterStudio",
       kE,
       {AwardOf("prov_skill_master_studio_leader"), Frontline()},
       "eligible",
       "direct",
       {}},
      {"EngChiefTechnician", kE, {AwardOf("zj_chief_technician"), Frontline()}, "eligible", "direct", {}},
      {"EngTopSkillTalent", kE, {AwardOf("zj_top_skill_talent"), Frontline()}, "eligible", "direct", {}},
      {"EngJuniorAwardDoesNotReachEngineer",
       kE,
       {AwardOf("zj_technical_expert"), Frontline()},
       "exceptional",
       "exceptional",
       {{"direct.award", "unmet"}}},
      {"AeProvincialTechnicalExpert",
       kA,
       {AwardOf("zj_technical_expert"), Frontline()},
       "eligible",
       "direct",
       {}},
      {"AeProvClass1Fifth", kA, {AwardOf("prov_contest_class1", 5), Frontline()}, "eligible", "direct", {}},
      {"AeProvClass1Sixth",
       kA,
       {AwardOf("prov_contest_class1", 6), Frontline()},
       "ineligible",
       "",
       {{"direct.award", "unmet"}}},
      {"AeProvClass2Third", kA, {AwardOf("prov_contest_class2", 3), Frontline()}, "eligible", "direct", {}},
      {"AeExcellentSkillTalent",
       kA,
       {AwardOf("zj_excellent_skill_talent"), Frontline()},
       "eligible",
       "direct",
       {}},
      {"AeEngineerAwardAlsoQualifies",
       kA,
       {AwardOf("national_technical_expert"), Frontline()},
       "eligible",
       "direct",
       {}},
      {"AwardAfterCutOffDoesNotCount",
       kA,
       {AwardOf("zj_technical_expert", 0, "2023-03-01"), Frontline()},
       "ineligible",
       "",
       {{"direct.award", "unmet"}}},

      // --- general conditions ---
      {"NotInService",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Set("employment", "in_service", false)},
       "ineligible",
       "",
       {{"general.in_service", "unmet"}}},
      {"RetiredBeforeAsOf",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"),
        Set("employment", "retired_on", "2022-07-01")},
       "ineligible",
       "",
       {{"general.not_retired", "unmet", "", "退休"}}},
      {"RetiresOnAsOfDay",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"),
        Set("employment", "retired_on", "2022-08-01")},
       "ineligible",
       "",
       {{"general.not_retired", "unmet"}}},
      {"RetiresLater",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"),
        Set("employment", "retired_on", "2022-09-01")},
       "eligible",
       "regular",
       {{"general.not_retired", "met"}}},
      {"ExcludedInformationTechnology",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Set(nullptr, "specialty", "software")},
       "ineligible",
       "",
       {{"general.specialty", "unmet", "", "信息技术"}}},
      {"ExcludedConstruction",
       kA,
       {Edu("master", "2020-06-30"), Set(nullptr, "specialty", "building_engineering")},
       "ineligible",
       "",
       {{"general.specialty", "unmet", "", "建筑"}}},
      {"ExcludedMachinery",
       kA,
       {Edu("master", "2020-06-30"), Set(nullptr, "specialty", "mechanical_design")},
       "ineligible",
       "",
       {{"general.specialty", "unmet", "", "机械"}}},
      {"ExcludedEnergy",
       kT,
       {Edu("junior_college", "2020-06-30"), Set(nullptr, "specialty", "power_engineering")},
       "ineligible",
       "",
       {{"general.specialty", "unmet", "", "能源"}}},
      {"ExcludedExpress",
       kT,
       {Edu("junior_college", "2020-06-30"), Set(nullptr, "specialty", "express_engineering")},
       "ineligible",
       "",
       {{"general.specialty", "unmet", "", "快递"}}},
      {"UnknownSpecialty",
       kT,
       {Edu("junior_college", "2020-06-30"), Set(nullptr, "specialty", "astrology")},
       "ineligible",
       "",
       {{"general.specialty", "unmet", "", "不在本次评审的专业目录中"}}},
      {"ExcludedAndNoPathStaysIneligible",
       kE,
       {Set(nullptr, "specialty", "software")},
       "ineligible",
       "",
       {{"general.specialty", "unmet"}, {"exceptional.route", "met"}}},
      {"DemeritInForcePublicInstitution",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"),
        Sanction("demerit", "2023-01-01", "public_institution")},
       "ineligible",
       "",
       {{"general.discipline", "unmet", "2023-01-02", "记过"}}},
      {"DemeritEnded",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"),
        Sanction("demerit", "2022-07-31", "public_institution")},
       "eligible",
       "regular",
       {{"general.discipline", "met"}}},
      {"WarningDoesNotBlock",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"),
        Sanction("warning", "2023-01-01", "public_institution")},
       "eligible",
       "regular",
       {{"general.discipline", "met", "", "不影响申报"}}},
      {"SanctionRuleIsForPublicInstitutions",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"),
        Sanction("demotion", "2023-01-01", "enterprise")},
       "eligible",
       "regular",
       {{"general.discipline", "met"}}},
      {"SocialSecurityThreeSubstitutes",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), SocialSecurity(false, true, true, true)},
       "eligible",
       "regular",
       {{"general.social_security", "met", "", "替代"}}},
      {"SocialSecurityMissingTaxCertificate",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), SocialSecurity(false, true, true, false)},
       "ineligible",
       "",
       {{"general.social_security", "unmet", "", "个人纳税情况证明"}}},
      {"SocialSecurityNothing",
       kT,
       {Edu("junior_college", "2020-06-30"), SocialSecurity(false, false, false, false)},
       "ineligible",
       "",
       {{"general.social_security", "unmet"}}},
      {"SubstitutesOnlyForFullTime",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), SocialSecurity(false, true, true, true),
        Set("employment", "full_time", false)},
       "ineligible",
       "",
       {{"general.social_security", "unmet", "", "全职"}}},
      {"CeEveryYearComplete",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01")},
       "eligible",
       "regular",
       {{"general.continuing_education", "met", "", "每年继续教育均达到 90 学时"}}},
      {"CeReliefTotal380",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Ce(80, 100, 100, 100)},
       "eligible",
       "regular",
       {{"general.continuing_education", "met", "", "视作符合"}}},
      {"CeReliefExactly360",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Ce(100, 100, 70, 90)},
       "eligible",
       "regular",
       {{"general.continuing_education", "met"}}},
      {"CeReliefTotal359",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Ce(80, 90, 90, 99)},
       "ineligible",
       "",
       {{"general.continuing_education", "unmet", "", "不足 360 学时"}}},
      {"CeAllIn2022",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Ce(0, 0, 0, 360)},
       "eligible",
       "regular",
       {{"general.continuing_education", "met"}}},
      {"CeOnlyLastYearShortNoRelief",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Ce(150, 150, 150, 0)},
       "ineligible",
       "",
       {{"general.continuing_education", "unmet", "", "只适用于 2019–2021 年未完成学时的人员"}}},
      {"CeMissing",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), NoCe()},
       "ineligible",
       "",
       {{"general.continuing_education", "unmet"}}},
      {"IntegrityRecordInForce",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Record("2021-03-01")},
       "ineligible",
       "",
       {{"general.integrity", "unmet", "2024-03-01"}}},
      {"IntegrityRecordExpired",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Record("2019-01-01")},
       "eligible",
       "regular",
       {{"general.integrity", "met", "", "期满"}}},
      {"IntegrityRecordEndsOnAsOf",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Record("2019-08-01", "2022-08-01")},
       "eligible",
       "regular",
       {{"general.integrity", "met"}}},
      {"IntegrityRecordEndsDayAfterAsOf",
       kE,
       {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Record("2019-08-02", "2022-08-02")},
       "ineligible",
       "",
       {{"general.integrity", "unmet", "2022-08-02"}}},

      // --- the timeline ---
      {"PublicityMustStartBySeptember7",
       kT,
       {Edu("junior_college", "2020-06-30")},
       "eligible",
       "regular",
       {{"timeline.unit_publicity", "info", "", "2022-09-07"},
        {"timeline.applicant_deadline", "info", "", "还有 30 天"}}},
      {"AfterTheApplicantDeadline",
       kT,
       {Edu("junior_college", "2020-06-30")},
       "eligible",
       "regular",
       {{"timeline.applicant_deadline", "info", "", "逾期不再受理"}},
       "2022-09-01"},
  };
}

INSTANTIATE_TEST_SUITE_P(Jiaxing2022, Table, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(Engine, ArchiveRecordsBlockLikeDeclaredOnes) {
  Case k{"", kE, {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01")}, "", "", {}};
  const json::value d =
      Decide(k, {IntegrityRecord{"fraud", *ParseDate("2022-01-10"), *ParseDate("2025-01-10")}});
  EXPECT_EQ(d.at("verdict").as_string(), "ineligible");
}

TEST(Engine, ExceptionalStatesExactlyWhatIsLackingAndTheForm) {
  Case k{"", kE, {Edu("bachelor", "2012-06-30"), Title(kA, "2020-03-01")}, "", "", {}};
  const json::value d = Decide(k);
  ASSERT_EQ(d.at("lacking").as_array().size(), 1u) << json::serialize(d.at("lacking"));
  EXPECT_EQ(d.at("lacking").at(0).at("code").as_string(), "regular.years");
  EXPECT_EQ(d.at("required_forms").at(0).at("name").as_string(), "破格推荐中级专业技术职务任职资格审批表");
  EXPECT_EQ(d.at("paths").at(3).at("outcome").as_string(), "met");
  EXPECT_EQ(d.at("paths").at(0).at("outcome").as_string(), "unmet");
  for (const auto& r : d.at("reasons").as_array()) {
    if (r.at("code").as_string() == "exceptional.route") {
      EXPECT_TRUE(r.at("overridable").as_bool());
    }
  }
}

TEST(Engine, SecondaryVocationalLacksTheEducationNotTheYears) {
  Case k{"", kE, {Edu("secondary_vocational", "2005-07-01"), Title(kA, "2014-12-01")}, "", "", {}};
  const json::value d = Decide(k);
  EXPECT_EQ(d.at("verdict").as_string(), "exceptional");
  ASSERT_EQ(d.at("lacking").as_array().size(), 1u) << json::serialize(d.at("lacking"));
  EXPECT_EQ(d.at("lacking").at(0).at("code").as_string(), "regular.education");
  // The years are measured against the most lenient regular row and are met: lacking names the education
  // only.
  bool years = false;
  for (const auto& r : d.at("reasons").as_array())
    if (r.at("code").as_string() == "regular.years") {
      years = true;
      EXPECT_EQ(r.at("status").as_string(), "met") << json::serialize(r);
    }
  EXPECT_TRUE(years);
}

// Issue 17: where both the education and the years fall short, `lacking` names both (it used to hide the
// years behind the education).
TEST(Engine, LackingNamesEveryShortfallOfTheRegularPath) {
  Case k{"", kE, {Edu("secondary_vocational", "2005-07-01"), Title(kA, "2021-12-01")}, "", "", {}};
  const json::value d = Decide(k);
  std::vector<std::string> codes;
  for (const auto& l : d.at("lacking").as_array()) codes.emplace_back(l.at("code").as_string());
  ASSERT_EQ(d.at("verdict").as_string(), "exceptional") << json::serialize(d.at("summary"));
  EXPECT_NE(std::find(codes.begin(), codes.end(), "regular.education"), codes.end()) << json::serialize(d);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "regular.years"), codes.end()) << json::serialize(d);
  bool years_unmet = false;
  for (const auto& r : d.at("reasons").as_array())
    years_unmet =
        years_unmet || (r.at("code").as_string() == "regular.years" && r.at("status").as_string() == "unmet");
  EXPECT_TRUE(years_unmet) << json::serialize(d.at("reasons"));
}

TEST(Engine, IneligibleHasNoPathButListsWhatTheFactsMeet) {
  Case k{
      "",
      kE,
      {Edu("bachelor", "2012-06-30"), Title(kA, "2018-01-01"), Set("employment", "retired_on", "2022-07-01")},
      "",
      "",
      {}};
  const json::value d = Decide(k);
  EXPECT_TRUE(d.at("path").is_null());
  EXPECT_EQ(d.at("paths").at(0).at("outcome").as_string(), "met");
  EXPECT_NE(std::string(d.at("summary").at("en").as_string()).find("Retired on 2022-07-01"),
            std::string::npos)
      << d.at("summary").at("en").as_string();
}

TEST(Engine, ParametersCarryRequiredAndHeldYears) {
  Case k{"", kE, {Edu("bachelor", "2012-06-30"), Title(kA, "2019-05-20")}, "", "", {}};
  const json::value d = Decide(k);
  for (const auto& r : d.at("reasons").as_array()) {
    if (r.at("code").as_string() != "regular.years") continue;
    EXPECT_EQ(r.at("params").at("required_years").as_int64(), 4);
    EXPECT_EQ(r.at("params").at("years").as_int64(), 3);
    EXPECT_EQ(r.at("params").at("months").as_int64(), 7);
    EXPECT_EQ(r.at("clause").as_string(), "《工程技术人员职务试行条例》第八条");
    EXPECT_NE(std::string(r.at("message").at("en").as_string()).find("3 years 7 months"), std::string::npos);
  }
}

TEST(Engine, PathsListTheOtherOutcomes) {
  Case k{"", kT, {Edu("junior_college", "2020-06-30")}, "", "", {}};
  const json::value d = Decide(k);
  const auto& paths = d.at("paths").as_array();
  ASSERT_EQ(paths.size(), 4u);
  EXPECT_EQ(paths[0].at("outcome").as_string(), "met");
  EXPECT_EQ(paths[1].at("outcome").as_string(), "not_applicable");  // no skill row for 技术员
  EXPECT_EQ(paths[2].at("outcome").as_string(), "not_applicable");  // no award list for 技术员
  EXPECT_EQ(d.at("committee").at("name").as_string(), "嘉兴市工程技术中级专业技术资格评审委员会");
}

TEST(Profile, EveryProblemAtOnceNamingTheField) {
  const json::value v = json::parse(R"({
    "level": "senior_engineer", "specialty": "chemical_process", "colour": "blue",
    "employment": {"in_service": "yes", "retired_on": "2022-02-30", "unit_type": "ngo"},
    "education": [{"level": "bachelor", "technician_school_class": "senior_worker_class", "graduated": "2010-06-30"},
                  {"level": "kindergarten"}],
    "titles": [{"level": "engineer", "obtained": "2020/01/01"}],
    "awards": [{"code": "nobel"}],
    "continuing_education": [{"year": 2019, "hours": -5}, {"year": 2019, "hours": 90}],
    "integrity_records": [{"kind": "fraud", "start": "2022-01-01", "end": "2021-01-01"}]
  })");
  auto p = ParseProfile(v, C2022(), "profile");
  ASSERT_FALSE(p.ok());
  std::vector<std::string> got;
  for (const auto& f : p.error().fields) got.push_back(f.field + ":" + std::string(Name(f.code)));
  const std::vector<std::string> want = {
      "profile.level:unknown_code",
      "profile.employment.in_service:wrong_type",
      "profile.employment.unit_type:unknown_code",
      "profile.employment.retired_on:invalid_date",
      "profile.education[0].level:one_of_required",
      "profile.education[1].level:unknown_code",
      "profile.education[1].graduated:required",
      "profile.titles[0].obtained:invalid_date",
      "profile.awards[0].code:unknown_code",
      "profile.continuing_education[0].hours:out_of_range",
      "profile.continuing_education[1].year:duplicate",
      "profile.integrity_records[0].end:date_order",
      "profile.colour:unknown_field",
  };
  for (const auto& w : want)
    EXPECT_NE(std::find(got.begin(), got.end(), w), got.end()) << w << " in " << testing::PrintToString(got);
}

// Every value of a valid profile replaced in turn by a value of each other JSON type: the profile is either
// still valid (and decided) or rejected with the field named; never a crash.
TEST(Profile, WrongTypesAnywhereAreNamedNeverFatal) {
  json::object base = Base(kE);
  Edu("bachelor", "2012-06-30")(base);
  Title(kA, "2018-01-01")(base);
  AwardOf("national_contest_class1", 2)(base);
  SkillCert("skilled_technician", "2015-01-01")(base);
  Record("2019-01-01")(base);
  Sanction("warning", "2020-01-01", "enterprise")(base);
  const json::value replacements[] = {nullptr, true, 7, -1, 1.5, "x", json::array{}, json::object{}};
  int rejected = 0;
  std::function<void(json::value&, const std::string&)> walk = [&](json::value& v, const std::string& path) {
    for (const auto& r : replacements) {
      const json::value saved = v;
      v = r;
      auto p = ParseProfile(json::value(base), C2022(), "profile");
      if (p.ok()) {
        (void)Evaluate(*p, C2022(), Cal(), {}, *ParseDate("2022-08-01"));
      } else {
        ++rejected;
        EXPECT_FALSE(p.error().fields.empty()) << path;
      }
      v = saved;
    }
    if (v.is_object()) {
      for (auto& kv : v.as_object()) walk(kv.value(), path + "." + std::string(kv.key()));
    } else if (v.is_array()) {
      for (size_t i = 0; i < v.as_array().size(); ++i)
        walk(v.as_array()[i], path + "[" + std::to_string(i) + "]");
    }
  };
  for (auto& kv : base) walk(kv.value(), std::string(kv.key()));
  EXPECT_GT(rejected, 100);
}

TEST(Profile, NotAnObject) {
  auto p = ParseProfile(json::value(42), C2022(), "profile");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().fields.at(0).field, "profile");
}

// A campaign for another year is a new file, not new code: the same engine reads the 2023 rules.
TEST(SecondCampaign, AnotherYearNeedsOnlyData) {
  std::string text = ReadFile(kRoot / "data/campaigns/jiaxing-2022-engineering.toml");
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("id = \"jiaxing-2022-engineering\"", "id = \"jiaxing-2023-engineering\"");
  replace("year = 2022", "year = 2023");
  replace("cut_off = 2022-12-31", "cut_off = 2023-12-31");
  replace("applicant = 2022-08-31", "applicant = 2023-08-31");
  replace("unit = 2022-09-14", "unit = 2023-09-14");
  replace("county = 2022-09-30", "county = 2023-09-28");
  replace("years = [2019, 2020, 2021, 2022]", "years = [2020, 2021, 2022, 2023]");
  replace("relief_years = [2019, 2020, 2021]", "relief_years = [2020, 2021, 2022]");
  auto c = campaign::ParseCampaign(text);
  ASSERT_TRUE(c.ok());
  json::object profile = Base(kE);
  Edu("bachelor", "2012-06-30")(profile);
  Title(kA, "2019-06-30")(profile);  // one year short in 2022, enough in 2023
  Ce(90, 90, 90, 90)(profile);
  profile["continuing_education"].as_array()[0].as_object()["year"] = 2023;
  auto p = ParseProfile(profile, *c);
  ASSERT_TRUE(p.ok());
  const json::value d = ToJson(Evaluate(*p, *c, Cal(), {}, *ParseDate("2023-08-01")));
  EXPECT_EQ(d.at("verdict").as_string(), "eligible") << json::serialize(d.at("summary"));
  for (const auto& r : d.at("reasons").as_array()) {
    if (r.at("code").as_string() == "timeline.unit_publicity") {
      EXPECT_EQ(r.at("params").at("latest_start").as_string(), "2023-09-08");
    }
  }
}

}  // namespace
}  // namespace zc::eligibility
