// Review forms per second on one core, and the memory of a batch of 1,000 (docs/performance.md, "Documents").
//
//   taskset -c 1 zc_forms_bench [data-dir] [forms]
//
// Renders the review form of a realistic application (a full archive: education, work, titles, continuing
// education, eight achievements, awards, evidence files, the eligibility reasons) `forms` times, writing each
// PDF to a file and dropping it, as a batch export would; reports forms/s, the average size and pages, and
// the peak resident memory before and after the batch. The reference, in the same run, is the JSON text of
// the same application serialized to a file, the least any export of it costs.
#include <sys/resource.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "base/crypto.hpp"
#include "campaign/campaign.hpp"
#include "documents/documents.hpp"

using namespace zc;
namespace json = boost::json;

namespace {

long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

json::object Application() {
  json::array items;
  auto add = [&](const char* kind, json::object data) {
    items.push_back(json::object{{"kind", kind}, {"data", std::move(data)}});
  };
  add("education", {{"level", "bachelor"},
                    {"graduated", "2010-07-01"},
                    {"school", "浙江工业大学"},
                    {"major", "化学工程与工艺"}});
  add("work", {{"from", "2010-07-01"},
               {"to", "2015-06-30"},
               {"employer", "嘉兴市某化工有限公司"},
               {"post", "工艺技术员"}});
  add("work", {{"from", "2015-07-01"},
               {"employer", "嘉兴港区某新材料股份有限公司"},
               {"post", "工艺工程师、车间技术负责人"}});
  add("title", {{"level", "assistant_engineer"}, {"obtained", "2015-12-01"}, {"series", "工程技术"}});
  for (int y = 2019; y <= 2022; ++y) add("continuing_education", {{"year", y}, {"hours", 96}});
  for (int i = 1; i <= 8; ++i)
    add("achievement",
        {{"type", i % 3 == 0 ? "patent" : "project"},
         {"title", "年产 5 万吨功能性涤纶短纤维生产线节能技术改造及 DCS 控制系统优化第 " + std::to_string(i) +
                       " 期，负责工艺方案设计、设备选型与试车，年节约标煤 1200 吨"},
         {"date", "2021-06-30"},
         {"role", "技术负责人"}});
  add("employment", {{"in_service", true}, {"full_time", true}});
  add("social_security", {{"paid_in_city", true}});
  json::array files;
  for (const char* f : {"身份证.pdf", "学历证书.pdf", "职称证书.pdf", "继续教育证明.pdf", "业绩证明.pdf"})
    files.push_back(json::object{{"name", f}, {"sha256", "e5a636ac00ea3c17e5a636ac00ea3c17"}});
  json::array reasons;
  for (int i = 0; i < 8; ++i)
    reasons.push_back(json::object{
        {"status", "met"},
        {"group", "general"},
        {"clause", "《工程技术人员职务试行条例》（职改字〔1986〕78号）第六条"},
        {"message", {{"zh", "大学本科毕业，从事助理工程师工作满四年（截至 2022-12-31 为 7 年）"}}}});
  json::object data{
      {"schema", 1},
      {"number", "ZC2022-000042"},
      {"campaign_id", "jiaxing-2022-engineering"},
      {"level", "engineer"},
      {"level_name", "工程师"},
      {"specialty", "chemical_engineering"},
      {"specialty_name", "化学工程"},
      {"applicant", {{"name", "周海峰"}, {"id_number_masked", "330402********1234"}}},
      {"unit", {{"name", "嘉兴港区某新材料股份有限公司"}, {"credit_code", "91330402MA2JX0016P"}}},
      {"archive", {{"items", items}}},
      {"slots", json::array{json::object{{"code", "achievements"}, {"name", "申报材料"}, {"files", files}}}},
      {"eligibility",
       {{"path", "regular"},
        {"paths", json::array{json::object{{"path", "regular"}, {"name", "正常申报"}}}},
        {"summary", {{"zh", "符合申报工程师条件（正常申报）"}}},
        {"reasons", reasons}}},
      {"pledge",
       {{"text", "本人承诺：所填报的信息及提交的材料真实、准确、完整，如有弄虚作假，自愿承担一切后果。"},
        {"at", "2022-08-20T09:00:00+08:00"}}},
      {"submitted_at", "2022-08-20T09:30:00+08:00"}};
  return json::object{{"number", "ZC2022-000042"},
                      {"snapshot", {{"version", 1}, {"sha256", "ab"}, {"data", data}}},
                      {"publicity",
                       {{"start", "2022-08-22"},
                        {"end", "2022-08-26"},
                        {"opinion", "经审核，周海峰同志符合申报条件，公示无异议，同意推荐。"}}}};
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path data = argc > 1 ? argv[1] : "data";
  const int n = argc > 2 ? std::atoi(argv[2]) : 1000;
  InitCrypto();
  auto campaigns = campaign::LoadCampaignDir(data / "campaigns");
  if (!campaigns.ok()) {
    std::fprintf(stderr, "cannot load %s\n", data.c_str());
    return 1;
  }
  const auto& c = campaigns.value().back();
  const json::object app = Application();
  auto snapshot = workflow::ParseSnapshot(app.at("snapshot").at("data"));
  if (!snapshot.ok()) {
    std::fprintf(stderr, "the bench's snapshot does not parse: %s\n", snapshot.error().detail.c_str());
    return 1;
  }
  const workflow::SubmittedApplication submitted{
      .id = 42,
      .number = "ZC2022-000042",
      .campaign_id = "jiaxing-2022-engineering",
      .state = workflow::State::kUnitRecommended,
      .snapshot_version = 1,
      .snapshot_sha256 = "ab",
      .snapshot = std::move(snapshot.value()),
      .publicity_start = "2022-08-22",
      .publicity_end = "2022-08-26",
      .opinion = "经审核，周海峰同志符合申报条件，公示无异议，同意推荐。"};
  const auto dir = std::filesystem::temp_directory_path() / ("zc_forms_bench_" + RandomHex(6));
  std::filesystem::create_directories(dir);
  documents::PrintMark mark{.platform = "职称申报评审管理服务平台",
                            .form_number = "ZC2022-000042-v1",
                            .code = "ABCD-EFGH-JKLM-NPQR",
                            .verify_url = "https://zc.example.gov.cn/verify?code=ABCDEFGHJKLMNPQR",
                            .printed_at = "2022-08-21 10:15",
                            .printed_by = "bench"};
  (void)documents::ReviewForm(c, submitted, mark);  // fonts loaded once, as in a running server
  const long rss_before = PeakRssKb();

  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    std::ofstream(dir / "app.json") << json::serialize(app);
  }
  const double ref_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  size_t bytes = 0;
  int pages = 0;
  t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    auto pdf = documents::ReviewForm(c, submitted, mark);
    bytes += pdf.bytes.size();
    pages = pdf.pages;
    std::ofstream(dir / ("form-" + std::to_string(i % 10) + ".pdf"), std::ios::binary) << pdf.bytes;
  }
  const double pdf_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const long rss_after = PeakRssKb();
  std::filesystem::remove_all(dir);

  std::printf("forms                       %d (%d pages, %.0f kB each)\n", n, pages,
              static_cast<double>(bytes) / n / 1024);
  std::printf("review forms/s              %.1f  (%.1f ms each)\n", n / pdf_s, 1000 * pdf_s / n);
  std::printf("reference: JSON files/s     %.1f\n", n / ref_s);
  std::printf("ratio                       %.4f\n", (n / pdf_s) / (n / ref_s));
  std::printf("peak RSS before / after     %ld MB / %ld MB\n", rss_before / 1024, rss_after / 1024);
  return 0;
}
