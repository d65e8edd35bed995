#include "campaign/campaign.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace zc::campaign {
namespace {

std::string RealText() {
  std::ifstream in(std::filesystem::path(ZHICHENG_SOURCE_DIR) /
                   "data/campaigns/jiaxing-2022-engineering.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

std::vector<std::string> Problems(const Result<Campaign>& r) {
  std::vector<std::string> out;
  if (!r.ok()) {
    for (const auto& f : r.error().fields) out.push_back(f.field + ":" + std::string(Name(f.code)));
  }
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(Campaign, The2022NoticeLoads) {
  auto r = ParseCampaign(RealText());
  ASSERT_TRUE(r.ok()) << testing::PrintToString(Problems(r));
  const Campaign& c = *r;
  EXPECT_EQ(c.id, "jiaxing-2022-engineering");
  EXPECT_EQ(FormatDate(c.cut_off), "2022-12-31");
  EXPECT_EQ(FormatDate(c.deadlines.applicant), "2022-08-31");
  EXPECT_EQ(FormatDate(c.deadlines.unit), "2022-09-14");
  EXPECT_EQ(FormatDate(c.deadlines.county), "2022-09-30");
  EXPECT_EQ(c.unit_publicity_working_days, 5);
  ASSERT_EQ(c.levels.size(), 3u);
  EXPECT_EQ(c.FindLevel("engineer")->name, "工程师");
  EXPECT_EQ(c.FindLevel("assistant_engineer")->name, "助理工程师");
  EXPECT_EQ(c.FindLevel("technician")->name, "技术员");
  std::vector<std::string> excluded;
  for (const auto& f : c.families) {
    if (f.excluded) excluded.push_back(f.name);
  }
  EXPECT_EQ(excluded, (std::vector<std::string>{"建筑", "机械", "能源", "信息技术", "快递"}));
  EXPECT_EQ(c.FindTechnicianSchoolClass("senior_worker_class")->counts_as, "junior_college");
  EXPECT_EQ(c.FindAward("national_technical_expert")->level, "engineer");
  EXPECT_EQ(c.FindAward("prov_contest_class1")->max_rank, 5);
  EXPECT_EQ(c.paper_materials.body, "嘉兴市工程师协会");
  EXPECT_EQ(c.paper_materials.phones, (std::vector<std::string>{"82826206", "82826212"}));
  EXPECT_EQ(c.CommitteeFor("engineer", "330481")->name, "嘉兴市工程技术中级专业技术资格评审委员会");
  EXPECT_EQ(c.Cite("二(二)"), "嘉人社 2022 工程技术中初级评审通知 二(二)");
  EXPECT_EQ(c.Cite("《工程技术人员职务试行条例》第八条"), "《工程技术人员职务试行条例》第八条");
}

TEST(Campaign, DeadlinesAreInclusiveToTheEndOfTheDayInShanghai) {
  auto c = ParseCampaign(RealText());
  ASSERT_TRUE(c.ok());
  const TimePoint last_second = FromUnixSeconds(1661961599);  // 2022-08-31T23:59:59+08:00
  ASSERT_EQ(FormatShanghai(last_second), "2022-08-31T23:59:59+08:00");
  EXPECT_TRUE(c->IsOpen(Stage::kApplicant, last_second));
  EXPECT_FALSE(c->IsOpen(Stage::kApplicant, last_second + std::chrono::seconds(1)));
  // 2022-08-31T18:00:00Z is already 09-01 in Shanghai.
  EXPECT_FALSE(c->IsOpen(Stage::kApplicant, FromUnixSeconds(1661968800)));
  EXPECT_TRUE(c->IsOpen(Stage::kUnit, last_second + std::chrono::seconds(1)));
  EXPECT_EQ(FormatDate(c->DeadlineOf(Stage::kCounty)), "2022-09-30");
}

TEST(Campaign, EveryProblemAtOnceEachNamingItsKey) {
  std::string text = RealText();
  text = Replace(text, "city = \"嘉兴市\"\n", "city = \"嘉兴市\"\ncolour = \"blue\"\n");  // unknown key
  text = Replace(text, "unit = 2022-09-14", "unit = \"2022-09-14\"");  // a string, not a date
  text = Replace(text, "lower_title = \"technician\"\nyears = 2", "lower_title = \"technicain\"\nyears = 2");
  text = Replace(text, "grade = \"skilled_technician\"", "grade = \"master_craftsman\"");
  const auto paper = text.find("[paper_materials]");
  text = text.substr(0, paper);  // the paper-materials table is missing
  auto r = ParseCampaign(text);
  const auto got = Problems(r);
  EXPECT_TRUE(Contains(got, "colour:unknown_field")) << testing::PrintToString(got);
  EXPECT_TRUE(Contains(got, "deadlines.unit:invalid_date")) << testing::PrintToString(got);
  EXPECT_TRUE(Contains(got, "education_table[3].lower_title:unknown_code")) << testing::PrintToString(got);
  EXPECT_TRUE(Contains(got, "skill_path[1].grade:unknown_code")) << testing::PrintToString(got);
  EXPECT_TRUE(Contains(got, "paper_materials:required")) << testing::PrintToString(got);
}

TEST(Campaign, ImpossibleDateNamesItsKey) {
  auto r = ParseCampaign(Replace(RealText(), "cut_off = 2022-12-31", "cut_off = 2022-02-30"));
  const auto got = Problems(r);
  ASSERT_EQ(got.size(), 1u) << testing::PrintToString(got);
  EXPECT_EQ(got[0], "cut_off:toml_syntax");
}

TEST(Campaign, EvidenceSlotsAndTheOpinionTemplateAreChecked) {
  auto ok = ParseCampaign(RealText());
  ASSERT_TRUE(ok.ok());
  ASSERT_NE(ok->FindEvidenceSlot("exceptional_approval_form"), nullptr);
  EXPECT_EQ(ok->FindEvidenceSlot("exceptional_approval_form")->required_when,
            std::vector<std::string>{"path:exceptional"});
  EXPECT_NE(ok->unit_opinion_template.find("{name}"), std::string::npos);
  std::string text = Replace(RealText(), "{name}同志", "{nmae}同志");
  text = Replace(text, "required_when = [\"path:exceptional\"]", "required_when = [\"path:miracle\"]");
  text = Replace(text, "required_when = [\"level:engineer\"]", "required_when = [\"level:professor\"]");
  auto r = ParseCampaign(text);
  ASSERT_FALSE(r.ok());
  std::set<std::string> fields;
  for (const auto& f : r.error().fields) fields.insert(f.field + ":" + std::string(Name(f.code)));
  EXPECT_TRUE(fields.contains("publicity.unit_opinion_template:unknown_code"));
  EXPECT_TRUE(fields.contains("evidence_slots[5].required_when[0]:unknown_code"));
  EXPECT_TRUE(fields.contains("evidence_slots[6].required_when[0]:unknown_code"));
}

TEST(Campaign, OrderOfDeadlinesAndRowKinds) {
  std::string text = Replace(RealText(), "county = 2022-09-30", "county = 2022-09-01");
  text = Replace(text, "education = [\"doctor\"]\nafter_graduation_years = 0",
                 "education = [\"doctor\"]\nafter_graduation_years = 0\nlower_title = "
                 "\"assistant_engineer\"\nyears = 1");
  text = Replace(text, "code = \"textile\"", "code = \"chemical\"");
  const auto got = Problems(ParseCampaign(text));
  EXPECT_TRUE(Contains(got, "deadlines.county:date_order")) << testing::PrintToString(got);
  EXPECT_TRUE(Contains(got, "education_table[5].after_graduation_years:one_of_required"))
      << testing::PrintToString(got);
  EXPECT_TRUE(Contains(got, "families[1].code:duplicate")) << testing::PrintToString(got);
}

TEST(Campaign, ALevelWithoutARowOrACommitteeIsAnError) {
  std::string text =
      Replace(RealText(), "levels = [\"engineer\", \"assistant_engineer\", \"technician\"]\nregions",
              "levels = [\"engineer\", \"assistant_engineer\"]\nregions");
  const auto got = Problems(ParseCampaign(text));
  EXPECT_TRUE(Contains(got, "committees:required")) << testing::PrintToString(got);
}

TEST(Campaign, NotTomlAtAll) {
  const auto got = Problems(ParseCampaign("id = \"x\"\nyear = = 2022\n"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "year:toml_syntax");
}

TEST(Campaign, DirectoryLoadsSortedAndJsonCarriesWhatUsersSee) {
  auto all = LoadCampaignDir(std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data/campaigns");
  ASSERT_TRUE(all.ok());
  ASSERT_FALSE(all->empty());
  const auto j = ToJson(all->front());
  EXPECT_EQ(j.at("paper_materials").at("body").as_string(), "嘉兴市工程师协会");
  EXPECT_EQ(j.at("deadlines").at(0).at("ends_at").as_string(), "2022-08-31T23:59:59+08:00");
}

// Any prefix of a valid file is either valid or rejected with named problems: never a crash, never an
// error without a field to show.
TEST(Campaign, TruncatedFilesAreRejectedCleanly) {
  const std::string text = RealText();
  int rejected = 0;
  for (size_t n = 0; n < text.size(); n += 61) {
    auto r = ParseCampaign(text.substr(0, n));
    if (r.ok()) continue;
    ++rejected;
    ASSERT_FALSE(r.error().fields.empty()) << "prefix of " << n << " bytes";
    for (const auto& f : r.error().fields) EXPECT_FALSE(f.field.empty()) << "prefix of " << n << " bytes";
  }
  EXPECT_GT(rejected, 100);
}

}  // namespace
}  // namespace zc::campaign
