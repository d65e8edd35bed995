// The review form rendered from a synthetic application: page breaks inside long rows, the watermark and the
// footer on every page, an even page count; checked on the text pdftotext extracts from the real PDF.
#include "documents/documents.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "base/crypto.hpp"
#include "campaign/campaign.hpp"
#include "documents/pdf.hpp"
#include "documents/xlsx.hpp"
#include "documents/xlsx_read.hpp"

namespace zc::documents {
namespace {

namespace json = boost::json;

// Text without any white space: pdftotext places line breaks and spaces by geometry.
std::string Squeeze(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\t' && c != '\f') out += c;
  return out;
}

std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

json::object Application(int achievements, size_t long_text) {
  json::array items;
  items.push_back(json::object{{"kind", "education"},
                               {"data",
                                {{"level", "bachelor"},
                                 {"graduated", "2012-07-01"},
                                 {"school", "浙江大学"},
                                 {"major", "化学工程与工艺"}}}});
  for (int i = 0; i < achievements; ++i) {
    std::string title = "嘉兴港区危险化学品储运智能监测系统研发与应用第" + std::to_string(i + 1) + "期";
    if (i == 0)
      for (size_t k = 0; k < long_text; ++k) title += "并在全市推广应用，";
    items.push_back(json::object{
        {"kind", "achievement"},
        {"data", {{"type", "project"}, {"title", title}, {"date", "2020-05-01"}, {"role", "项目负责人"}}}});
  }
  json::object data{{"schema", 1},
                    {"number", "ZC2022-000042"},
                    {"campaign_id", "jiaxing-2022-engineering"},
                    {"level", "engineer"},
                    {"level_name", "工程师"},
                    {"specialty", "chemical_engineering"},
                    {"specialty_name", "化学工程"},
                    {"applicant", {{"name", "周海峰"}, {"id_number_masked", "330402***********4"}}},
                    {"unit", {{"name", "嘉兴市测试化工有限公司"}, {"credit_code", "91330402MA2JX0016P"}}},
                    {"archive", {{"items", items}}},
                    {"slots", json::array{}},
                    {"eligibility",
                     {{"path", "regular"},
                      {"paths", json::array{json::object{{"path", "regular"}, {"name", "正常申报"}}}},
                      {"summary", {{"zh", "符合申报工程师条件（正常申报）"}}},
                      {"reasons", json::array{}}}},
                    {"pledge",
                     {{"text", "本人承诺：所填报的信息及提交的材料真实、准确、完整。"},
                      {"at", "2022-08-20T09:00:00+08:00"}}},
                    {"submitted_at", "2022-08-20T09:30:00+08:00"}};
  return json::object{{"number", "ZC2022-000042"},
                      {"campaign_id", "jiaxing-2022-engineering"},
                      {"snapshot", {{"version", 1}, {"sha256", "ab"}, {"data", data}}},
                      {"publicity", nullptr}};
}

class DocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    auto cs = campaign::LoadCampaignDir(std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data" / "campaigns");
    ASSERT_TRUE(cs.ok());
    campaign_ = cs.value().back();
  }
  // Renders, writes the PDF and returns the text of each page.
  std::vector<std::string> Pages(const json::object& app, int* count) {
    PrintMark mark{.platform = "职称申报评审管理服务平台",
                   .form_number = "ZC2022-000042-v1",
                   .code = "ABCD-EFGH-JKLM-NPQR",
                   .verify_url = "http://localhost/verify?code=ABCDEFGHJKLMNPQR",
                   .printed_at = "2022-08-21 10:15",
                   .printed_by = "zhou"};
    auto snapshot = workflow::ParseSnapshot(app.at("snapshot").at("data"));
    EXPECT_TRUE(snapshot.ok()) << (snapshot.ok() ? "" : snapshot.error().detail);
    if (!snapshot.ok()) return {};
    const workflow::SubmittedApplication submitted{.id = 42,
                                                   .number = "ZC2022-000042",
                                                   .campaign_id = "jiaxing-2022-engineering",
                                                   .state = workflow::State::kSubmitted,
                                                   .snapshot_version = 1,
                                                   .snapshot_sha256 = "ab",
                                                   .snapshot = snapshot.value(),
                                                   .publicity_start = "",
                                                   .publicity_end = "",
                                                   .opinion = ""};
    Pdf pdf = ReviewForm(campaign_, submitted, mark);
    *count = pdf.pages;
    const auto path = std::filesystem::temp_directory_path() / ("zc_form_" + RandomHex(4) + ".pdf");
    std::ofstream(path, std::ios::binary) << pdf.bytes;
    std::vector<std::string> pages;
    watermarks_.clear();
    for (int p = 1; p <= pdf.pages; ++p) {
      const std::string range = " -f " + std::to_string(p) + " -l " + std::to_string(p) + " " + path.string();
      // The form's own text without the diagonal watermark, and the watermark (in content order) apart.
      pages.push_back(Squeeze(Shell("pdftotext -layout -nodiag" + range + " -")));
      watermarks_.push_back(Squeeze(Shell("pdftotext -raw" + range + " -")));
    }
    const std::string info = Shell("pdfinfo " + path.string());
    const auto at = info.find("Pages:");
    EXPECT_NE(at, std::string::npos) << info;
    if (at != std::string::npos) {
      EXPECT_EQ(std::stoi(info.substr(at + 6)), pdf.pages) << info;
    }
    if (std::getenv("ZC_KEEP_PDF"))
      std::filesystem::copy_file(path, std::getenv("ZC_KEEP_PDF"),
                                 std::filesystem::copy_options::overwrite_existing);
    std::filesystem::remove(path);
    return pages;
  }
  campaign::Campaign campaign_;
  std::vector<std::string> watermarks_;
};

TEST_F(DocumentsTest, ShortFormHasTwoPagesWithWatermarkAndFooterOnEach) {
  int count = 0;
  const auto pages = Pages(Application(2, 0), &count);
  ASSERT_GE(count, 2);
  EXPECT_EQ(count % 2, 0);
  for (int p = 0; p < count; ++p) {
    const std::string& t = pages[static_cast<size_t>(p)];
    EXPECT_NE(t.find("ZC2022-000042"), std::string::npos) << "page " << p + 1;
    const std::string& wm = watermarks_[static_cast<size_t>(p)];
    EXPECT_NE(wm.find("职称申报评审管理服务平台ZC2022-000042"), std::string::npos)
        << "watermark on page " << p + 1;
    EXPECT_NE(wm.find("周海峰330402***********4下载于2022-08-2110:15"), std::string::npos)
        << "watermark on page " << p + 1 << ":\n"
        << wm;
    EXPECT_NE(t.find("第" + std::to_string(p + 1) + "页"), std::string::npos) << "footer on page " << p + 1;
  }
  EXPECT_NE(pages[0].find("专业技术职务任职资格评审表"), std::string::npos);
  EXPECT_NE(pages[0].find("ABCD-EFGH-JKLM-NPQR"), std::string::npos);
  EXPECT_NE(pages[0].find("周海峰"), std::string::npos);
}

TEST_F(DocumentsTest, LongRowsBreakAcrossPagesAndNothingIsLost) {
  int count = 0;
  const auto pages = Pages(Application(60, 400), &count);
  EXPECT_GT(count, 4);
  EXPECT_EQ(count % 2, 0);
  // In content order (-raw), a cell's lines stay together: every achievement row is there, and the
  // 400-sentence row split across pages lost nothing.
  std::string all;
  for (const auto& p : watermarks_) all += p;
  for (int i : {1, 2, 30, 60})
    EXPECT_NE(all.find("研发与应用第" + std::to_string(i) + "期"), std::string::npos) << i;
  // (A sentence cut by a page break has the next page's header between its halves: count a character only
  // these sentences have.)
  size_t sentences = 0;
  for (size_t at = all.find("广"); at != std::string::npos; at = all.find("广", at + 1)) ++sentences;
  EXPECT_EQ(sentences, 400U);
  // The header row is repeated on the pages a table continues on.
  size_t headers = 0;
  for (const auto& p : pages)
    if (p.find("本人作用") != std::string::npos) ++headers;
  EXPECT_GT(headers, 2U);
  EXPECT_NE(all.find("评审委员会表决结果"), std::string::npos);
}

// A header as tall as the rows (a long text in a header cell) left no room for a row on a fresh page, and
// the table started page after page for ever (found by fuzz_texts). Such a header is not repeated.
TEST(PdfWriter, ATableWithAHeaderTallerThanAThirdOfAPageEnds) {
  std::string tall = "开始";
  for (int i = 0; i < 30; ++i) tall += "\r第" + std::to_string(i) + "行";
  tall += "\r结束";
  PdfWriter w("tall");
  w.Table({{1, "类别"}, {2, tall}}, {{tall, "业绩"}, {"获奖", tall}});
  Pdf pdf;
  pdf.bytes = w.Finish(&pdf.pages);
  ASSERT_LT(pdf.pages, 10);
  const auto path = std::filesystem::temp_directory_path() / ("zc_tall_" + RandomHex(4) + ".pdf");
  std::ofstream(path, std::ios::binary) << pdf.bytes;
  const std::string text = Squeeze(Shell("pdftotext -raw " + path.string() + " -"));
  std::filesystem::remove(path);
  size_t ends = 0;
  for (size_t at = text.find("结束"); at != std::string::npos; at = text.find("结束", at + 1)) ++ends;
  EXPECT_EQ(ends, 3U) << text;  // the header once, both rows whole
  EXPECT_NE(text.find("获奖"), std::string::npos);
}

}  // namespace
}  // namespace zc::documents

namespace zc::documents {
namespace {

TEST(SnapshotSchema, ARenamedMemberIsNamedInsteadOfPrintingABlank) {
  json::object app = Application(1, 0);
  json::object& data = app["snapshot"].as_object()["data"].as_object();
  ASSERT_TRUE(workflow::ParseSnapshot(data).ok());
  // Snapshots written before `schema` existed are schema 1.
  json::object old = data;
  old.erase("schema");
  auto parsed = workflow::ParseSnapshot(old);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->schema, 1);
  EXPECT_EQ(parsed->unit_name, "嘉兴市测试化工有限公司");
  EXPECT_EQ(parsed->eligibility.path_name, "正常申报");
  // A renamed or mistyped member fails, naming each problem.
  json::object broken = data;
  broken["unit"].as_object().erase("credit_code");
  broken["unit"].as_object()["unit_credit_code"] = "91330402MA2JX0016P";
  broken["submitted_at"] = 20220820;
  auto bad = workflow::ParseSnapshot(broken);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, errc::snapshot_unreadable);
  EXPECT_NE(bad.error().detail.find("data.unit.credit_code: missing"), std::string::npos)
      << bad.error().detail;
  EXPECT_NE(bad.error().detail.find("data.submitted_at: not a string"), std::string::npos)
      << bad.error().detail;
  // A schema newer than this build is refused rather than half read.
  json::object newer = data;
  newer["schema"] = 2;
  EXPECT_FALSE(workflow::ParseSnapshot(newer).ok());
}

// A cell's text comes back from an exported sheet as it went in: a carriage return (which XML alone would
// turn into a line feed), a literal "_x0041_" (which Excel would read as an escape), a four-byte character,
// Chinese.
TEST(Xlsx, CellTextReadsBackUnchanged) {
  const std::vector<std::string> texts = {"第一行\r\n第二行\r末行", "_x0041_ 与 _x005F_", "😀 ok", "\t前后\n"};
  Sheet sheet{.name = "t", .columns = {{"说明", 20}}, .rows = {}};
  for (const auto& t : texts) sheet.rows.push_back({t});
  auto bytes = WriteXlsx(sheet);
  ASSERT_TRUE(bytes.ok());
  auto rows = ReadXlsx(bytes.value());
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), texts.size() + 1);
  for (size_t i = 0; i < texts.size(); ++i) EXPECT_EQ((*rows)[i + 1].at(0), texts[i]);
}

}  // namespace
}  // namespace zc::documents
