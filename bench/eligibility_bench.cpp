// Decisions per second on one core for a realistic mix of profiles (bench/README in docs/performance.md).
// Reference measured in the same run: a Boost.JSON parse + serialize round trip of the same profile texts,
// i.e. the least any request carrying the profile costs. Usage: zc_eligibility_bench [DATA_DIR] [SECONDS]
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "calendar/calendar.hpp"
#include "campaign/campaign.hpp"
#include "eligibility/eligibility.hpp"

namespace {
namespace json = boost::json;
using namespace zc;
using Clock = std::chrono::steady_clock;

std::string D(int y, int m, int d) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
  return b;
}

// A mix resembling a city's applicants: half for 工程师, most by the regular path, some skilled workers and
// award holders, a few excluded specialties, short continuing education, substitutes, integrity records.
std::vector<std::string> Profiles(int n) {
  std::mt19937 rng(20220706);
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
  const char* specialties[] = {
      "chemical_process",          "textile_engineering", "electrical_engineering", "automation",
      "environmental_engineering", "metrology",           "safety_engineering",     "software"};
  const char* education[] = {
      "secondary_vocational", "junior_college", "bachelor", "bachelor", "master", "doctor"};
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    const int r = pick(100);
    const char* level = r < 50 ? "engineer" : r < 85 ? "assistant_engineer" : "technician";
    json::object p{{"level", level}, {"specialty", specialties[pick(100) < 95 ? pick(7) : 7]}};
    json::array edu{json::object{{"level", education[pick(6)]}, {"graduated", D(2005 + pick(18), 6, 30)}}};
    if (pick(10) == 0)
      edu.push_back(
          json::object{{"technician_school_class", "senior_worker_class"}, {"graduated", D(2008, 7, 1)}});
    p["education"] = std::move(edu);
    json::array titles;
    if (pick(10) < 8)
      titles.push_back(
          json::object{{"level", "technician"}, {"obtained", D(2010 + pick(8), 1 + pick(12), 1 + pick(28))}});
    if (pick(10) < 7)
      titles.push_back(json::object{{"level", "assistant_engineer"},
                                    {"obtained", D(2015 + pick(7), 1 + pick(12), 1 + pick(28))}});
    p["titles"] = std::move(titles);
    if (pick(10) == 0)
      p["skills"] =
          json::array{json::object{{"grade", "skilled_technician"}, {"obtained", D(2016 + pick(6), 5, 1)}}};
    if (pick(20) == 0) {
      p["awards"] = json::array{json::object{{"code", "national_contest_class1"}, {"rank", 1 + pick(8)}}};
      p["frontline_skill_post"] = true;
    }
    json::array ce;
    for (int y = 2019; y <= 2022; ++y) ce.push_back(json::object{{"year", y}, {"hours", 60 + pick(50)}});
    p["continuing_education"] = std::move(ce);
    p["social_security"] = pick(10) < 9 ? json::object{{"paid_in_city", true}}
                                        : json::object{{"paid_in_city", false},
                                                       {"labour_contract", true},
                                                       {"bank_salary_records", true},
                                                       {"tax_certificate", pick(2) == 0}};
    if (pick(50) == 0)
      p["integrity_records"] =
          json::array{json::object{{"kind", "fraud"}, {"start", D(2020 + pick(3), 3, 1)}}};
    out.push_back(json::serialize(p));
  }
  return out;
}

template <typename F>
double Rate(const std::vector<std::string>& texts, double seconds, F&& one) {
  size_t done = 0;
  const auto start = Clock::now();
  const auto until = start + std::chrono::duration<double>(seconds);
  while (Clock::now() < until) {
    for (const auto& t : texts) one(t);
    done += texts.size();
  }
  return static_cast<double>(done) / std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string data = argc > 1 ? argv[1] : "data";
  const double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  auto c = campaign::LoadCampaignFile(data + "/campaigns/jiaxing-2022-engineering.toml");
  auto years = calendar::LoadYearDir(data + "/calendars");
  if (!c.ok() || !years.ok()) {
    std::fprintf(stderr, "cannot load %s\n", data.c_str());
    return 1;
  }
  const calendar::Calendar cal(*years);
  const auto texts = Profiles(1000);
  std::vector<eligibility::Profile> parsed;
  int verdicts[3] = {0, 0, 0};
  for (const auto& t : texts) {
    parsed.push_back(*eligibility::ParseProfile(json::parse(t), *c));
    verdicts[static_cast<int>(eligibility::Evaluate(parsed.back(), *c, cal, {}, Date{2022, 8, 1}).verdict)]++;
  }
  size_t sink = 0;
  const double reference =
      Rate(texts, seconds, [&](const std::string& t) { sink += json::serialize(json::parse(t)).size(); });
  size_t i = 0;
  const double engine = Rate(texts, seconds, [&](const std::string&) {
    sink += eligibility::Evaluate(parsed[i++ % parsed.size()], *c, cal, {}, Date{2022, 8, 1}).reasons.size();
  });
  const double full = Rate(texts, seconds, [&](const std::string& t) {
    auto p = eligibility::ParseProfile(json::parse(t), *c);
    sink +=
        json::serialize(eligibility::ToJson(eligibility::Evaluate(*p, *c, cal, {}, Date{2022, 8, 1}))).size();
  });
  std::printf("profiles: 1000 (eligible %d, exceptional %d, ineligible %d)\n", verdicts[0], verdicts[1],
              verdicts[2]);
  std::printf("reference  JSON parse+serialize of the profile: %10.0f /s\n", reference);
  std::printf("engine     Evaluate only:                       %10.0f /s  (%.2fx reference)\n", engine,
              engine / reference);
  std::printf("full       parse, check, evaluate, JSON out:    %10.0f /s  (%.2fx reference)\n", full,
              full / reference);
  return sink == 0 ? 1 : 0;
}
