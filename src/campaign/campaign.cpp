#include "campaign/campaign.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "base/files.hpp"
#include "base/toml_strict.hpp"

namespace zc::campaign {
namespace json = boost::json;

namespace {

template <typename T>
const T* FindByCode(const std::vector<T>& v, std::string_view code) {
  for (const auto& x : v) {
    if (x.code == code) return &x;
  }
  return nullptr;
}

std::vector<int> ToInts(const std::optional<std::vector<int64_t>>& v) {
  std::vector<int> out;
  if (v) {
    for (auto x : *v) out.push_back(static_cast<int>(x));
  }
  return out;
}

// Reads the document into `c`; type problems go to `errors`.
void Read(const toml::table& doc, Campaign& c, FieldErrors& errors) {
  StrictTable root(doc, "", errors);
  c.id = root.Str("id").value_or("");
  c.name = root.Str("name").value_or("");
  c.name_en = root.Str("name_en", false).value_or(c.name);
  c.year = static_cast<int>(root.Int("year", true, 1990, 2100).value_or(0));
  c.city = root.Str("city").value_or("");
  c.cut_off = root.DateValue("cut_off").value_or(Date{});
  c.cut_off_clause = root.Str("cut_off_clause").value_or("");
  c.timezone = root.Str("timezone").value_or("");
  if (!c.timezone.empty() && c.timezone != "Asia/Shanghai")
    errors.Add("timezone", errc::unknown_code, "only Asia/Shanghai is supported");
  if (auto t = root.Table("series")) {
    c.series_code = t->Str("code").value_or("");
    c.series_name = t->Str("name").value_or("");
  }
  if (auto t = root.Table("notice")) {
    c.notice.title = t->Str("title").value_or("");
    c.notice.issuer = t->Str("issuer").value_or("");
    c.notice.date = t->DateValue("date").value_or(Date{});
    c.notice.short_name = t->Str("short").value_or("");
    c.notice.basis = t->Str("basis", false).value_or("");
  }
  for (auto& t : root.Tables("levels")) {
    Level l;
    l.code = t.Str("code").value_or("");
    l.name = t.Str("name").value_or("");
    l.name_en = t.Str("name_en", false).value_or(l.name);
    l.tier = t.Str("tier").value_or("");
    l.rank = static_cast<int>(t.Int("rank", true, 1, 20).value_or(0));
    c.levels.push_back(std::move(l));
  }
  if (auto t = root.Table("deadlines")) {
    c.deadlines.applicant = t->DateValue("applicant").value_or(Date{});
    c.deadlines.unit = t->DateValue("unit").value_or(Date{});
    c.deadlines.county = t->DateValue("county").value_or(Date{});
    c.deadlines.clause = t->Str("clause").value_or("");
    c.deadlines.correction_working_days =
        static_cast<int>(t->Int("correction_working_days", false, 0, 30).value_or(0));
  }
  if (auto t = root.Table("publicity")) {
    c.unit_publicity_working_days = static_cast<int>(t->Int("unit_working_days", true, 1, 60).value_or(5));
    c.result_publicity_working_days =
        static_cast<int>(t->Int("result_working_days", true, 1, 60).value_or(5));
    c.pre_review_publicity_working_days =
        static_cast<int>(t->Int("pre_review_working_days", false, 1, 60).value_or(0));
    c.publicity_clause = t->Str("clause").value_or("");
    c.unit_opinion_template = t->Str("unit_opinion_template", false).value_or("");
    static const std::string kAllowed[] = {"name", "campaign", "level", "start", "end", "days"};
    const std::string& tpl = c.unit_opinion_template;
    for (size_t open = tpl.find('{'); open != std::string::npos; open = tpl.find('{', open + 1)) {
      const size_t close = tpl.find('}', open);
      const std::string key = close == std::string::npos ? "" : tpl.substr(open + 1, close - open - 1);
      if (std::find(std::begin(kAllowed), std::end(kAllowed), key) == std::end(kAllowed))
        errors.Add("publicity.unit_opinion_template", errc::unknown_code,
                   "placeholders: {name} {campaign} {level} {start} {end} {days}");
    }
  }
  if (auto t = root.Table("scope")) {
    c.scope_clause = t->Str("clause").value_or("");
    c.retired_clause = t->Str("retired_clause").value_or("");
  }
  for (auto& t : root.Tables("families")) {
    Family f;
    f.code = t.Str("code").value_or("");
    f.name = t.Str("name").value_or("");
    f.excluded = t.Bool("excluded", false).value_or(false);
    f.excluded_reason = t.Str("excluded_reason", f.excluded).value_or("");
    for (auto& s : t.Tables("specialties")) {
      Specialty sp;
      sp.code = s.Str("code").value_or("");
      sp.name = s.Str("name").value_or("");
      sp.family = f.code;
      f.specialties.push_back(std::move(sp));
    }
    c.families.push_back(std::move(f));
  }
  for (auto& t : root.Tables("education_levels")) {
    EducationLevel e;
    e.code = t.Str("code").value_or("");
    e.name = t.Str("name").value_or("");
    e.rank = static_cast<int>(t.Int("rank", true, 1, 20).value_or(0));
    c.education_levels.push_back(std::move(e));
  }
  if (auto t = root.Table("technician_school", false))
    c.technician_school_clause = t->Str("clause").value_or("");
  for (auto& t : root.Tables("technician_school_classes", false)) {
    TechnicianSchoolClass k;
    k.code = t.Str("code").value_or("");
    k.name = t.Str("name").value_or("");
    k.counts_as = t.Str("counts_as").value_or("");
    c.technician_school_classes.push_back(std::move(k));
  }
  for (auto& t : root.Tables("education_table")) {
    EducationRow r;
    r.level = t.Str("level").value_or("");
    r.education = t.StrList("education").value_or(std::vector<std::string>{});
    if (t.Has("after_graduation_years"))
      r.after_graduation_years = static_cast<int>(t.Int("after_graduation_years", true, 0, 30).value_or(0));
    if (t.Has("lower_title")) {
      r.lower_title = t.Str("lower_title").value_or("");
      r.years = static_cast<int>(t.Int("years", true, 1, 30).value_or(0));
    } else if (t.Has("years")) {
      t.Int("years", false, 0, 30);
      errors.Add(t.Path("years"), errc::one_of_required, "`years` goes with `lower_title`");
    }
    if (t.Has("regular")) r.regular = t.Bool("regular").value_or(true);
    const int kinds =
        (r.after_graduation_years ? 1 : 0) + (t.Has("lower_title") ? 1 : 0) + (r.regular ? 0 : 1);
    if (kinds != 1 || (t.Has("regular") && r.regular)) {
      errors.Add(t.Path("after_graduation_years"), errc::one_of_required,
                 "exactly one of after_graduation_years, lower_title + years, or regular = false");
    }
    r.clause = t.Str("clause").value_or("");
    c.education_table.push_back(std::move(r));
  }
  for (auto& t : root.Tables("skill_grades", false)) {
    SkillGrade g;
    g.code = t.Str("code").value_or("");
    g.name = t.Str("name").value_or("");
    g.rank = static_cast<int>(t.Int("rank", true, 1, 20).value_or(0));
    c.skill_grades.push_back(std::move(g));
  }
  for (auto& t : root.Tables("skill_path", false)) {
    SkillRow r;
    r.level = t.Str("level").value_or("");
    r.grade = t.Str("grade").value_or("");
    r.years = static_cast<int>(t.Int("years", true, 0, 30).value_or(0));
    r.clause = t.Str("clause").value_or("");
    c.skill_path.push_back(std::move(r));
  }
  if (auto t = root.Table("direct", false)) {
    c.direct_clause = t->Str("clause").value_or("");
    c.direct_requires_frontline_post = t->Bool("requires_frontline_post").value_or(true);
  }
  for (auto& t : root.Tables("awards", false)) {
    Award a;
    a.code = t.Str("code").value_or("");
    a.name = t.Str("name").value_or("");
    a.level = t.Str("level").value_or("");
    if (t.Has("max_rank")) a.max_rank = static_cast<int>(t.Int("max_rank", true, 1, 100).value_or(1));
    c.awards.push_back(std::move(a));
  }
  if (!c.awards.empty() && c.direct_clause.empty() && !root.Has("direct"))
    errors.Add("direct", errc::required);
  if (auto t = root.Table("exceptional")) {
    c.exceptional.levels = t->StrList("levels").value_or(std::vector<std::string>{});
    c.exceptional.form = t->Str("form").value_or("");
    c.exceptional.attachment = t->Str("attachment", false).value_or("");
    c.exceptional.clause = t->Str("clause").value_or("");
  }
  if (auto t = root.Table("continuing_education")) {
    auto& ce = c.continuing_education;
    ce.levels = t->StrList("levels").value_or(std::vector<std::string>{});
    ce.years = ToInts(t->IntList("years"));
    ce.annual_hours = static_cast<int>(t->Int("annual_hours", true, 1, 1000).value_or(0));
    ce.relief_years = ToInts(t->IntList("relief_years", false));
    ce.relief_total_hours =
        static_cast<int>(t->Int("relief_total_hours", !ce.relief_years.empty(), 1, 10000).value_or(0));
    ce.clause = t->Str("clause").value_or("");
    for (size_t i = 0; i < ce.relief_years.size(); ++i) {
      if (std::find(ce.years.begin(), ce.years.end(), ce.relief_years[i]) == ce.years.end())
        errors.Add(t->Path("relief_years") + "[" + std::to_string(i) + "]", errc::unknown_code,
                   "not one of `years`");
    }
  }
  if (auto t = root.Table("social_security")) {
    c.social_security.city = t->Str("city").value_or("");
    c.social_security.clause = t->Str("clause").value_or("");
    for (auto& s : t->Tables("substitutes")) {
      c.social_security.substitutes.push_back({s.Str("code").value_or(""), s.Str("name").value_or("")});
    }
  }
  if (auto t = root.Table("discipline")) {
    c.discipline.clause = t->Str("clause").value_or("");
    c.discipline.applies_to = t->StrList("applies_to").value_or(std::vector<std::string>{});
    for (size_t i = 0; i < c.discipline.applies_to.size(); ++i) {
      const auto& u = c.discipline.applies_to[i];
      if (u != "enterprise" && u != "public_institution")
        errors.Add("discipline.applies_to[" + std::to_string(i) + "]", errc::unknown_code,
                   "enterprise or public_institution");
    }
    for (auto& s : t->Tables("sanctions")) {
      c.discipline.sanctions.push_back(
          {s.Str("code").value_or(""), s.Str("name").value_or(""), s.Bool("blocks").value_or(false)});
    }
  }
  if (auto t = root.Table("integrity")) {
    c.integrity.record_years = static_cast<int>(t->Int("record_years", true, 1, 50).value_or(3));
    c.integrity.clause = t->Str("clause").value_or("");
    c.integrity.basis = t->Str("basis", false).value_or("");
  }
  for (auto& t : root.Tables("committees")) {
    Committee m;
    m.code = t.Str("code").value_or("");
    m.name = t.Str("name").value_or("");
    m.levels = t.StrList("levels").value_or(std::vector<std::string>{});
    m.regions = t.StrList("regions").value_or(std::vector<std::string>{});
    m.expert_titles = t.StrList("expert_titles").value_or(std::vector<std::string>{});
    c.committees.push_back(std::move(m));
  }
  if (auto t = root.Table("review")) {
    auto& r = c.review;
    r.clause = t->Str("clause").value_or("");
    r.max_term_years = static_cast<int>(t->Int("max_term_years", true, 1, 10).value_or(3));
    auto fraction = [&](const char* key, int& num, int& den) {
      auto v = t->IntList(key);
      if (!v) return;
      if (v->size() != 2 || (*v)[0] < 1 || (*v)[1] < 1 || (*v)[0] > (*v)[1]) {
        errors.Add(t->Path(key), errc::wrong_type,
                   "[numerator, denominator] with 1 <= numerator <= denominator");
        return;
      }
      num = static_cast<int>((*v)[0]);
      den = static_cast<int>((*v)[1]);
    };
    fraction("quorum", r.quorum_num, r.quorum_den);
    fraction("pass", r.pass_num, r.pass_den);
    r.group_size = static_cast<int>(t->Int("group_size", true, 1, 99).value_or(3));
    r.certificate_prefix = t->Str("certificate_prefix").value_or("");
    for (auto& e : t->Tables("expert_titles")) {
      r.expert_titles.push_back(
          {e.Str("code").value_or(""), e.Str("name").value_or(""), e.Str("name_en").value_or("")});
    }
  }
  if (auto t = root.Table("paper_materials")) {
    auto& p = c.paper_materials;
    p.body = t->Str("body").value_or("");
    p.address = t->Str("address").value_or("");
    p.form = t->Str("form").value_or("");
    p.copies = static_cast<int>(t->Int("copies", true, 1, 10).value_or(2));
    p.duplex = t->Bool("duplex").value_or(true);
    p.watermark = t->Bool("watermark").value_or(true);
    p.contacts = t->StrList("contacts").value_or(std::vector<std::string>{});
    p.phones = t->StrList("phones").value_or(std::vector<std::string>{});
  }
  for (auto& t : root.Tables("evidence_slots", false)) {
    EvidenceSlot e;
    e.code = t.Str("code").value_or("");
    e.name = t.Str("name").value_or("");
    e.name_en = t.Str("name_en").value_or("");
    e.required_when = t.StrList("required_when", false).value_or(std::vector<std::string>{});
    e.max_count = static_cast<int>(t.Int("max_count", true, 1, 50).value_or(1));
    e.max_mb = static_cast<int>(t.Int("max_mb", true, 1, 50).value_or(10));
    e.personal = t.Bool("personal", false).value_or(false);
    c.evidence_slots.push_back(std::move(e));
  }
  if (auto t = root.Table("pledge", false)) c.pledge_text = t->Str("text").value_or("");
}

// Cross-references: every code named somewhere exists, codes are unique, dates are in order.
void Check(const Campaign& c, FieldErrors& errors) {
  auto unique = [&](const auto& list, const char* key) {
    std::set<std::string> seen;
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].code.empty() && !seen.insert(list[i].code).second)
        errors.Add(std::string(key) + "[" + std::to_string(i) + "].code", errc::duplicate, list[i].code);
    }
  };
  unique(c.levels, "levels");
  unique(c.families, "families");
  unique(c.education_levels, "education_levels");
  unique(c.technician_school_classes, "technician_school_classes");
  unique(c.skill_grades, "skill_grades");
  unique(c.awards, "awards");
  unique(c.committees, "committees");
  std::set<std::string> specialties;
  for (size_t f = 0; f < c.families.size(); ++f) {
    for (size_t s = 0; s < c.families[f].specialties.size(); ++s) {
      const auto& code = c.families[f].specialties[s].code;
      if (!code.empty() && !specialties.insert(code).second)
        errors.Add("families[" + std::to_string(f) + "].specialties[" + std::to_string(s) + "].code",
                   errc::duplicate, code);
    }
  }
  auto level = [&](const std::string& code, const std::string& path) {
    if (!code.empty() && !c.FindLevel(code)) errors.Add(path, errc::unknown_code, "no level `" + code + "`");
  };
  auto idx = [](const char* key, size_t i, const char* field) {
    return std::string(key) + "[" + std::to_string(i) + "]." + field;
  };
  for (size_t i = 0; i < c.technician_school_classes.size(); ++i) {
    const auto& k = c.technician_school_classes[i];
    if (!k.counts_as.empty() && !c.FindEducation(k.counts_as))
      errors.Add(idx("technician_school_classes", i, "counts_as"), errc::unknown_code, k.counts_as);
  }
  for (size_t i = 0; i < c.education_table.size(); ++i) {
    const auto& r = c.education_table[i];
    level(r.level, idx("education_table", i, "level"));
    for (size_t j = 0; j < r.education.size(); ++j) {
      if (!c.FindEducation(r.education[j]))
        errors.Add(idx("education_table", i, "education") + "[" + std::to_string(j) + "]", errc::unknown_code,
                   r.education[j]);
    }
    if (!r.lower_title.empty()) {
      level(r.lower_title, idx("education_table", i, "lower_title"));
      const Level* lo = c.FindLevel(r.lower_title);
      const Level* hi = c.FindLevel(r.level);
      if (lo && hi && lo->rank >= hi->rank)
        errors.Add(idx("education_table", i, "lower_title"), errc::out_of_range, "must be below the level");
    }
  }
  for (size_t i = 0; i < c.skill_path.size(); ++i) {
    level(c.skill_path[i].level, idx("skill_path", i, "level"));
    if (!c.FindSkillGrade(c.skill_path[i].grade))
      errors.Add(idx("skill_path", i, "grade"), errc::unknown_code, c.skill_path[i].grade);
  }
  for (size_t i = 0; i < c.awards.size(); ++i) level(c.awards[i].level, idx("awards", i, "level"));
  for (size_t i = 0; i < c.exceptional.levels.size(); ++i)
    level(c.exceptional.levels[i], "exceptional.levels[" + std::to_string(i) + "]");
  unique(c.evidence_slots, "evidence_slots");
  for (size_t i = 0; i < c.evidence_slots.size(); ++i) {
    const auto& when = c.evidence_slots[i].required_when;
    for (size_t j = 0; j < when.size(); ++j) {
      const std::string key = idx("evidence_slots", i, "required_when") + "[" + std::to_string(j) + "]";
      std::string_view rest = when[j];
      while (!rest.empty()) {
        const size_t amp = rest.find('&');
        const std::string term(rest.substr(0, amp));
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (term == "always" || term == "ss_elsewhere") continue;
        if (term.starts_with("level:")) {
          level(term.substr(6), key);
        } else if (term != "path:regular" && term != "path:skill" && term != "path:direct" &&
                   term != "path:exceptional") {
          errors.Add(key, errc::unknown_code, term);
        }
      }
    }
  }
  for (size_t i = 0; i < c.continuing_education.levels.size(); ++i)
    level(c.continuing_education.levels[i], "continuing_education.levels[" + std::to_string(i) + "]");
  for (size_t i = 0; i < c.committees.size(); ++i) {
    for (size_t j = 0; j < c.committees[i].levels.size(); ++j)
      level(c.committees[i].levels[j], idx("committees", i, "levels") + "[" + std::to_string(j) + "]");
    for (size_t j = 0; j < c.committees[i].expert_titles.size(); ++j)
      if (!c.FindExpertTitle(c.committees[i].expert_titles[j]))
        errors.Add(idx("committees", i, "expert_titles") + "[" + std::to_string(j) + "]", errc::unknown_code,
                   c.committees[i].expert_titles[j]);
  }
  unique(c.review.expert_titles, "review.expert_titles");
  for (size_t i = 0; i < c.levels.size(); ++i) {
    const auto& l = c.levels[i];
    if (l.code.empty()) continue;
    const bool has_row = std::any_of(c.education_table.begin(), c.education_table.end(),
                                     [&](const EducationRow& r) { return r.level == l.code; });
    if (!has_row) errors.Add("education_table", errc::required, "no row for level `" + l.code + "`");
    bool routed = false;
    for (const auto& m : c.committees)
      routed |= std::find(m.levels.begin(), m.levels.end(), l.code) != m.levels.end();
    if (!routed) errors.Add("committees", errc::required, "no committee evaluates level `" + l.code + "`");
  }
  const auto& d = c.deadlines;
  if (d.applicant.year && d.unit.year && d.unit < d.applicant)
    errors.Add("deadlines.unit", errc::date_order, "the unit deadline is before the applicant deadline");
  if (d.unit.year && d.county.year && d.county < d.unit)
    errors.Add("deadlines.county", errc::date_order, "the county deadline is before the unit deadline");
  if (c.year && d.applicant.year && d.applicant.year != c.year)
    errors.Add("deadlines.applicant", errc::date_outside_year, FormatDate(d.applicant));
}

}  // namespace

Date Campaign::DeadlineOf(Stage s) const {
  switch (s) {
    case Stage::kApplicant:
      return deadlines.applicant;
    case Stage::kUnit:
      return deadlines.unit;
    case Stage::kCounty:
      return deadlines.county;
  }
  return deadlines.applicant;
}

bool Campaign::IsOpen(Stage s, TimePoint now) const {
  return now < ShanghaiMidnight(AddDays(DeadlineOf(s), 1));
}

const Level* Campaign::FindLevel(std::string_view code) const {
  return FindByCode(levels, code);
}
const Family* Campaign::FindFamily(std::string_view code) const {
  return FindByCode(families, code);
}
const Specialty* Campaign::FindSpecialty(std::string_view code) const {
  for (const auto& f : families) {
    if (auto* s = FindByCode(f.specialties, code)) return s;
  }
  return nullptr;
}
const EducationLevel* Campaign::FindEducation(std::string_view code) const {
  return FindByCode(education_levels, code);
}
const TechnicianSchoolClass* Campaign::FindTechnicianSchoolClass(std::string_view code) const {
  return FindByCode(technician_school_classes, code);
}
const SkillGrade* Campaign::FindSkillGrade(std::string_view code) const {
  return FindByCode(skill_grades, code);
}
const Award* Campaign::FindAward(std::string_view code) const {
  return FindByCode(awards, code);
}
const Sanction* Campaign::FindSanction(std::string_view code) const {
  return FindByCode(discipline.sanctions, code);
}
const EvidenceSlot* Campaign::FindEvidenceSlot(std::string_view code) const {
  return FindByCode(evidence_slots, code);
}
const ExpertTitle* Campaign::FindExpertTitle(std::string_view code) const {
  for (const auto& t : review.expert_titles)
    if (t.code == code) return &t;
  return nullptr;
}

const Committee* Campaign::FindCommittee(std::string_view code) const {
  for (const auto& m : committees)
    if (m.code == code) return &m;
  return nullptr;
}

const Committee* Campaign::CommitteeFor(std::string_view level, std::string_view region_code) const {
  for (const auto& m : committees) {
    const bool lv = std::find(m.levels.begin(), m.levels.end(), level) != m.levels.end();
    const bool rg = std::any_of(m.regions.begin(), m.regions.end(),
                                [&](const std::string& r) { return r == "*" || r == region_code; });
    if (lv && rg) return &m;
  }
  return nullptr;
}

std::string Campaign::Cite(std::string_view clause) const {
  if (clause.rfind("《", 0) == 0) return std::string(clause);
  return notice.short_name + " " + std::string(clause);
}

Result<Campaign> ParseCampaign(std::string_view toml_text) {
  FieldErrors errors;
  auto doc = ParseTomlStrict(toml_text, errors);
  if (!doc) return errors.ToError();
  Campaign c;
  Read(*doc, c, errors);
  Check(c, errors);
  if (!errors.empty()) return errors.ToError();
  return c;
}

Result<Campaign> LoadCampaignFile(const std::filesystem::path& file) {
  auto text = ReadTextFile(file);
  if (!text) return MakeError(errc::not_found, file.string());
  return ParseCampaign(*text);
}

Result<std::vector<Campaign>> LoadCampaignDir(const std::filesystem::path& dir) {
  auto files = LoadDirectory<Campaign>(dir, ".toml", LoadCampaignFile);
  if (!files.ok()) return files.error();
  FieldErrors errors;
  std::vector<Campaign> out;
  std::set<std::string> ids;
  for (auto& [name, c] : *files) {
    if (!ids.insert(c.id).second) errors.Add(name + ": id", errc::duplicate, c.id);
    out.push_back(std::move(c));
  }
  if (!errors.empty()) return errors.ToError();
  std::sort(out.begin(), out.end(), [](const Campaign& a, const Campaign& b) {
    return std::tie(a.year, a.id) < std::tie(b.year, b.id);
  });
  return out;
}

json::value ToJson(const Campaign& c) {
  auto strs = [](const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v) a.emplace_back(s);
    return a;
  };
  json::array levels;
  for (const auto& l : c.levels)
    levels.push_back(
        json::object{{"code", l.code}, {"name", l.name}, {"name_en", l.name_en}, {"tier", l.tier}});
  json::array families;
  for (const auto& f : c.families) {
    json::array sp;
    for (const auto& s : f.specialties) sp.push_back(json::object{{"code", s.code}, {"name", s.name}});
    families.push_back(json::object{{"code", f.code},
                                    {"name", f.name},
                                    {"excluded", f.excluded},
                                    {"excluded_reason", f.excluded_reason},
                                    {"specialties", std::move(sp)}});
  }
  json::array education;
  for (const auto& e : c.education_levels)
    education.push_back(json::object{{"code", e.code}, {"name", e.name}});
  json::array classes;
  for (const auto& k : c.technician_school_classes) {
    const EducationLevel* e = c.FindEducation(k.counts_as);
    classes.push_back(json::object{{"code", k.code},
                                   {"name", k.name},
                                   {"counts_as", k.counts_as},
                                   {"counts_as_name", e ? e->name : ""}});
  }
  json::array table;
  for (const auto& r : c.education_table) {
    json::object o{{"level", r.level},
                   {"education", strs(r.education)},
                   {"regular", r.regular},
                   {"clause", c.Cite(r.clause)}};
    if (r.after_graduation_years) o["after_graduation_years"] = *r.after_graduation_years;
    if (!r.lower_title.empty()) {
      o["lower_title"] = r.lower_title;
      o["years"] = r.years;
    }
    table.push_back(std::move(o));
  }
  json::array grades;
  for (const auto& g : c.skill_grades) grades.push_back(json::object{{"code", g.code}, {"name", g.name}});
  json::array skill;
  for (const auto& r : c.skill_path)
    skill.push_back(json::object{
        {"level", r.level}, {"grade", r.grade}, {"years", r.years}, {"clause", c.Cite(r.clause)}});
  json::array awards;
  for (const auto& a : c.awards) {
    json::object o{{"code", a.code}, {"name", a.name}, {"level", a.level}, {"max_rank", nullptr}};
    if (a.max_rank) o["max_rank"] = *a.max_rank;
    awards.push_back(std::move(o));
  }
  json::array sanctions;
  for (const auto& s : c.discipline.sanctions)
    sanctions.push_back(json::object{{"code", s.code}, {"name", s.name}, {"blocks", s.blocks}});
  json::array substitutes;
  for (const auto& s : c.social_security.substitutes)
    substitutes.push_back(json::object{{"code", s.code}, {"name", s.name}});
  json::array committees;
  for (const auto& m : c.committees)
    committees.push_back(json::object{{"code", m.code},
                                      {"name", m.name},
                                      {"levels", strs(m.levels)},
                                      {"regions", strs(m.regions)},
                                      {"expert_titles", strs(m.expert_titles)}});
  json::array expert_titles;
  for (const auto& t : c.review.expert_titles)
    expert_titles.push_back(json::object{{"code", t.code}, {"name", t.name}, {"name_en", t.name_en}});
  auto deadline = [&](const char* stage, const Date& d, const char* zh, const char* en) {
    return json::object{{"stage", stage},
                        {"date", FormatDate(d)},
                        {"ends_at", FormatDate(d) + "T23:59:59+08:00"},
                        {"label", zh},
                        {"label_en", en}};
  };
  const auto& ce = c.continuing_education;
  json::array ce_years;
  for (int y : ce.years) ce_years.emplace_back(y);
  json::array relief_years;
  for (int y : ce.relief_years) relief_years.emplace_back(y);
  const auto& p = c.paper_materials;
  json::array slots;
  for (const auto& e : c.evidence_slots) {
    slots.push_back(json::object{{"code", e.code},
                                 {"name", e.name},
                                 {"name_en", e.name_en},
                                 {"required_when", strs(e.required_when)},
                                 {"max_count", e.max_count},
                                 {"max_mb", e.max_mb}});
  }
  return json::object{
      {"id", c.id},
      {"name", c.name},
      {"name_en", c.name_en},
      {"year", c.year},
      {"city", c.city},
      {"series", json::object{{"code", c.series_code}, {"name", c.series_name}}},
      {"notice", json::object{{"title", c.notice.title},
                              {"issuer", c.notice.issuer},
                              {"date", FormatDate(c.notice.date)},
                              {"short", c.notice.short_name},
                              {"basis", c.notice.basis}}},
      {"cut_off", FormatDate(c.cut_off)},
      {"timezone", c.timezone},
      {"deadlines",
       json::array{deadline("applicant", c.deadlines.applicant, "个人申报截止", "Applicants submit by"),
                   deadline("unit", c.deadlines.unit, "用人单位推荐截止", "Units recommend by"),
                   deadline("county", c.deadlines.county, "县（市、区）推荐截止", "Counties recommend by")}},
      {"publicity", json::object{{"unit_working_days", c.unit_publicity_working_days},
                                 {"result_working_days", c.result_publicity_working_days},
                                 {"pre_review_working_days", c.pre_review_publicity_working_days}}},
      {"levels", std::move(levels)},
      {"families", std::move(families)},
      {"education_levels", std::move(education)},
      {"technician_school_classes", std::move(classes)},
      {"education_table", std::move(table)},
      {"skill_grades", std::move(grades)},
      {"skill_path", std::move(skill)},
      {"awards", std::move(awards)},
      {"direct", json::object{{"clause", c.Cite(c.direct_clause)},
                              {"requires_frontline_post", c.direct_requires_frontline_post}}},
      {"exceptional", json::object{{"levels", strs(c.exceptional.levels)},
                                   {"form", c.exceptional.form},
                                   {"attachment", c.exceptional.attachment},
                                   {"clause", c.Cite(c.exceptional.clause)}}},
      {"continuing_education", json::object{{"levels", strs(ce.levels)},
                                            {"years", std::move(ce_years)},
                                            {"annual_hours", ce.annual_hours},
                                            {"relief_years", std::move(relief_years)},
                                            {"relief_total_hours", ce.relief_total_hours},
                                            {"clause", c.Cite(ce.clause)}}},
      {"social_security", json::object{{"city", c.social_security.city},
                                       {"substitutes", std::move(substitutes)},
                                       {"clause", c.Cite(c.social_security.clause)}}},
      {"sanctions", std::move(sanctions)},
      {"discipline",
       json::object{{"applies_to", strs(c.discipline.applies_to)}, {"clause", c.Cite(c.discipline.clause)}}},
      {"integrity",
       json::object{{"record_years", c.integrity.record_years}, {"clause", c.Cite(c.integrity.clause)}}},
      {"committees", std::move(committees)},
      {"review", json::object{{"max_term_years", c.review.max_term_years},
                              {"quorum", json::array{c.review.quorum_num, c.review.quorum_den}},
                              {"pass", json::array{c.review.pass_num, c.review.pass_den}},
                              {"group_size", c.review.group_size},
                              {"expert_titles", std::move(expert_titles)},
                              {"clause", c.Cite(c.review.clause)}}},
      {"paper_materials", json::object{{"body", p.body},
                                       {"address", p.address},
                                       {"form", p.form},
                                       {"copies", p.copies},
                                       {"duplex", p.duplex},
                                       {"watermark", p.watermark},
                                       {"contacts", strs(p.contacts)},
                                       {"phones", strs(p.phones)}}},
      {"evidence_slots", std::move(slots)},
      {"pledge_text", c.pledge_text},
  };
}

}  // namespace zc::campaign
