#include "eligibility/eligibility.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

namespace zc::eligibility {
namespace json = boost::json;
using campaign::Campaign;

namespace {

// A campaign code in an English message, as words: "junior_college" → "junior college" (issue 17: English
// messages carry no internal codes).
std::string En(std::string_view code) {
  std::string out(code);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

const char* PathZh(Path p) {
  switch (p) {
    case Path::kRegular:
      return "常规途径（学历资历）";
    case Path::kSkill:
      return "技能人才贯通途径";
    case Path::kDirect:
      return "业绩奖项直接申报";
    case Path::kExceptional:
      return "破格申报";
  }
  return "";
}

const char* PathEn(Path p) {
  switch (p) {
    case Path::kRegular:
      return "Regular (education and years)";
    case Path::kSkill:
      return "Skilled-worker path";
    case Path::kDirect:
      return "Direct application by award";
    case Path::kExceptional:
      return "Exceptional application";
  }
  return "";
}

std::string YearsZh(YearsMonths ym) {
  return ym.months ? fmt::format("{} 年 {} 个月", ym.years, ym.months) : fmt::format("{} 年", ym.years);
}

std::string YearsEn(YearsMonths ym) {
  std::string s = fmt::format("{} year{}", ym.years, ym.years == 1 ? "" : "s");
  if (ym.months) s += fmt::format(" {} month{}", ym.months, ym.months == 1 ? "" : "s");
  return s;
}

// Collects the reasons of one evaluation.
class Reasons {
 public:
  explicit Reasons(const Campaign& c) : c_(c) {}
  Reason& Add(std::string code, std::string group, Status status, std::string_view clause, std::string zh,
              std::string en) {
    list_.push_back(Reason{.code = std::move(code),
                           .group = std::move(group),
                           .status = status,
                           .clause = c_.Cite(clause),
                           .zh = std::move(zh),
                           .en = std::move(en)});
    return list_.back();
  }
  std::vector<Reason>& List() { return list_; }

 private:
  const Campaign& c_;
  std::vector<Reason> list_;
};

// A period of `years` whole years starting on `since`, counted to the cut-off.
struct Period {
  bool met = false;
  YearsMonths elapsed;
  Date due;  // the day the period is complete
};

Period Count(const Date& since, int years, const Date& cut_off) {
  Period p;
  p.due = AddYears(since, years);
  p.met = p.due <= cut_off;
  p.elapsed = ElapsedYearsMonths(since, cut_off);
  return p;
}

void PeriodParams(Reason& r, const Date& since, int required, const Period& p) {
  r.params["since"] = FormatDate(since);
  r.params["required_years"] = required;
  r.params["years"] = p.elapsed.years;
  r.params["months"] = p.elapsed.months;
  if (!p.met) r.earliest = p.due;
}

void General(const Profile& p, const Campaign& c, const campaign::Level& level,
             const std::vector<IntegrityRecord>& records, const Date& as_of, Reasons& out) {
  if (p.in_service) {
    out.Add("general.in_service", "general", Status::kMet, c.scope_clause, "在职在岗专业技术人员",
            "In service in a professional post");
  } else {
    out.Add("general.in_service", "general", Status::kUnmet, c.scope_clause,
            "申报范围为企事业单位在职在岗的专业技术人员", "Only professionals in service may apply");
  }

  if (p.retired_on && *p.retired_on <= as_of) {
    out.Add("general.not_retired", "general", Status::kUnmet, c.retired_clause,
            fmt::format("已于 {} 退休，退休人员不得申报", FormatDate(*p.retired_on)),
            fmt::format("Retired on {}; retired people may not apply", FormatDate(*p.retired_on)))
        .params["retired_on"] = FormatDate(*p.retired_on);
  } else {
    out.Add("general.not_retired", "general", Status::kMet, c.retired_clause, "未退休", "Not retired");
  }

  const campaign::Specialty* sp = c.FindSpecialty(p.specialty);
  const campaign::Family* fam = sp ? c.FindFamily(sp->family) : nullptr;
  if (!sp || !fam) {
    out.Add("general.specialty", "general", Status::kUnmet, c.scope_clause,
            fmt::format("专业“{}”不在本次评审的专业目录中", p.specialty),
            fmt::format("The specialty \"{}\" is not in this campaign's catalogue", En(p.specialty)))
        .params["specialty"] = p.specialty;
  } else if (fam->excluded) {
    auto& r = out.Add(
        "general.specialty", "general", Status::kUnmet, c.scope_clause,
        fmt::format("{}属于{}类专业，{}，不在本次评审范围", sp->name, fam->name, fam->excluded_reason),
        fmt::format("{} ({}) belongs to the {} family, which has its own committee and is not part of "
                    "this campaign",
                    sp->name, En(sp->code), fam->name));
    r.params["specialty"] = sp->name;
    r.params["family"] = fam->name;
  } else {
    auto& r = out.Add(
        "general.specialty", "general", Status::kMet, c.scope_clause,
        fmt::format("{}（{}类）属于本次评审范围", sp->name, fam->name),
        fmt::format("{} ({}) of the {} family is within this campaign", sp->name, En(sp->code), fam->name));
    r.params["specialty"] = sp->name;
    r.params["family"] = fam->name;
  }

  const campaign::Sanction* sanction = p.sanction_kind ? c.FindSanction(*p.sanction_kind) : nullptr;
  if (sanction && p.sanction_until) {
    const bool in_force = as_of <= *p.sanction_until;
    const auto& to = c.discipline.applies_to;
    const bool applies = std::find(to.begin(), to.end(), p.unit_type) != to.end();
    Status st = sanction->blocks && in_force && applies ? Status::kUnmet : Status::kMet;
    std::string zh, en;
    if (st == Status::kUnmet) {
      zh = fmt::format("受{}处分，处分期内（至 {}）不得申报", sanction->name, FormatDate(*p.sanction_until));
      en = fmt::format("Under a sanction ({}) until {}; may not apply during it", En(sanction->code),
                       FormatDate(*p.sanction_until));
    } else if (!sanction->blocks) {
      zh = fmt::format("{}处分不影响申报", sanction->name);
      en = fmt::format("A sanction of {} does not prevent applying", En(sanction->code));
    } else if (!in_force) {
      zh = fmt::format("{}处分期已于 {} 结束", sanction->name, FormatDate(*p.sanction_until));
      en = fmt::format("The sanction ended on {}", FormatDate(*p.sanction_until));
    } else {
      zh = "处分期内不得申报的规定不适用于本单位类型";
      en = "The sanction rule does not apply to this type of unit";
    }
    auto& r = out.Add("general.discipline", "general", st, c.discipline.clause, zh, en);
    r.params["sanction"] = sanction->name;
    r.params["until"] = FormatDate(*p.sanction_until);
    if (st == Status::kUnmet) r.earliest = AddDays(*p.sanction_until, 1);
  } else {
    out.Add("general.discipline", "general", Status::kMet, c.discipline.clause, "无影响申报的处分",
            "No sanction that prevents applying");
  }

  const auto& ss = c.social_security;
  if (p.ss_paid_in_city) {
    out.Add("general.social_security", "general", Status::kMet, ss.clause,
            fmt::format("社保在{}缴纳", ss.city), "Social security is paid in the city");
  } else {
    json::array missing;
    std::string missing_zh;
    std::string all_zh;
    for (const auto& sub : ss.substitutes) {
      all_zh += (all_zh.empty() ? "" : "、") + sub.name;
      if (!p.ss_substitutes.contains(sub.code)) {
        missing.emplace_back(sub.name);
        missing_zh += (missing_zh.empty() ? "" : "、") + sub.name;
      }
    }
    if (p.full_time && missing.empty()) {
      out.Add("general.social_security", "general", Status::kMet, ss.clause,
              fmt::format("社保未在{}缴纳，已提供{}替代", ss.city, all_zh),
              fmt::format("Social security is paid elsewhere; all {} substitutes replace it",
                          ss.substitutes.size()));
    } else if (!p.full_time) {
      out.Add("general.social_security", "general", Status::kUnmet, ss.clause,
              fmt::format("社保未在{}缴纳；替代材料仅适用于全职在本市单位工作的人员", ss.city),
              "Social security is not paid in the city, and the substitutes are for full-time staff only");
    } else {
      auto& r =
          out.Add("general.social_security", "general", Status::kUnmet, ss.clause,
                  fmt::format("社保未在{}缴纳，替代材料还缺：{}", ss.city, missing_zh),
                  fmt::format("Social security is not paid in the city and {} of the {} substitutes are "
                              "missing",
                              missing.size(), ss.substitutes.size()));
      r.params["missing"] = std::move(missing);
    }
  }

  const auto& ce = c.continuing_education;
  if (std::find(ce.levels.begin(), ce.levels.end(), level.code) == ce.levels.end()) {
    out.Add("general.continuing_education", "general", Status::kInfo, ce.clause,
            fmt::format("通知对申报{}未作继续教育学时要求", level.name),
            fmt::format("The notice sets no continuing-education hours for {}", level.name_en));
  } else {
    json::object hours;
    int total = 0;
    std::vector<int> short_years;
    bool relief_short = false;
    for (int y : ce.years) {
      int h = 0;
      for (const auto& e : p.continuing_education) {
        if (e.year == y) h = e.hours;
      }
      hours[std::to_string(y)] = h;
      total += h;
      if (h < ce.annual_hours) {
        short_years.push_back(y);
        if (std::find(ce.relief_years.begin(), ce.relief_years.end(), y) != ce.relief_years.end())
          relief_short = true;
      }
    }
    const std::string span = ce.years.empty() ? "" : fmt::format("{}–{}", ce.years.front(), ce.years.back());
    const std::string relief_span =
        ce.relief_years.empty() ? "" : fmt::format("{}–{}", ce.relief_years.front(), ce.relief_years.back());
    Status st = Status::kMet;
    std::string zh, en;
    if (short_years.empty()) {
      zh = fmt::format("{} 年每年继续教育均达到 {} 学时", span, ce.annual_hours);
      en = fmt::format("Continuing education complete in every year {} ({} hours a year)", span,
                       ce.annual_hours);
    } else if (relief_short && ce.relief_total_hours > 0 && total >= ce.relief_total_hours) {
      zh = fmt::format("{} 年有未完成学时，但 {} 年累计 {} 学时，达到 {} 学时，视作符合", relief_span, span,
                       total, ce.relief_total_hours);
      en = fmt::format("Earlier years fell short, but the total {} is {} hours, at least {}: compliant", span,
                       total, ce.relief_total_hours);
    } else {
      st = Status::kUnmet;
      std::string list;
      for (int y : short_years) {
        list += fmt::format("{}{} 年 {}/{} 学时", list.empty() ? "" : "，", y,
                            hours[std::to_string(y)].as_int64(), ce.annual_hours);
      }
      if (relief_short) {
        zh = fmt::format("继续教育未完成（{}），{} 年累计 {} 学时，不足 {} 学时", list, span, total,
                         ce.relief_total_hours);
        en = fmt::format("Continuing education incomplete; the total {} is {} hours, below {}", span, total,
                         ce.relief_total_hours);
      } else {
        zh = fmt::format("继续教育未完成（{}）；累计 {} 学时的规定只适用于 {} 年未完成学时的人员", list,
                         ce.relief_total_hours, relief_span);
        en = fmt::format(
            "Continuing education incomplete in {}; the {}-hour total applies only when earlier years "
            "fell short",
            short_years.back(), ce.relief_total_hours);
      }
    }
    auto& r = out.Add("general.continuing_education", "general", st, ce.clause, zh, en);
    r.params["hours"] = std::move(hours);
    r.params["annual_hours"] = ce.annual_hours;
    r.params["total"] = total;
    r.params["relief_total_hours"] = ce.relief_total_hours;
  }

  std::vector<IntegrityRecord> all = records;
  all.insert(all.end(), p.integrity_records.begin(), p.integrity_records.end());
  const IntegrityRecord* active = nullptr;
  const IntegrityRecord* expired = nullptr;
  for (const auto& rec : all) {
    if (rec.start <= as_of && as_of < rec.end) {
      if (!active || active->end < rec.end) active = &rec;
    } else if (rec.end <= as_of) {
      expired = &rec;
    }
  }
  if (active) {
    auto& r = out.Add("general.integrity", "general", Status::kUnmet, c.integrity.clause,
                      fmt::format("职称评审诚信档案有记录（{} 至 {}），记录期内不得申报",
                                  FormatDate(active->start), FormatDate(AddDays(active->end, -1))),
                      fmt::format("An integrity-archive record is in force from {} until {}; no application "
                                  "during it",
                                  FormatDate(active->start), FormatDate(AddDays(active->end, -1))));
    r.params["kind"] = active->kind;
    r.params["start"] = FormatDate(active->start);
    r.params["end"] = FormatDate(active->end);
    r.earliest = active->end;
  } else if (expired) {
    out.Add("general.integrity", "general", Status::kMet, c.integrity.clause,
            fmt::format("诚信档案记录已于 {} 期满，不影响申报", FormatDate(expired->end)),
            fmt::format("The integrity-archive record ended on {}", FormatDate(expired->end)));
  } else {
    out.Add("general.integrity", "general", Status::kMet, c.integrity.clause, "职称评审诚信档案无记录",
            "No integrity-archive record");
  }
}

// The regular path: the education / years table.
// Where the education already fails the regular path, the years are still measured against the most lenient
// row of this level's table (the fewest years after the lower title), so that `lacking` names every
// shortfall the exceptional route must justify, not only the education (issue 17).
void YearsWithoutEducation(const Profile& p, const Campaign& c, const campaign::Level& level, Reasons& out) {
  const campaign::EducationRow* lenient = nullptr;
  for (const auto& row : c.education_table)
    if (row.level == level.code && row.regular && !row.lower_title.empty() && !row.after_graduation_years &&
        (!lenient || row.years < lenient->years))
      lenient = &row;
  const campaign::Level* lower = lenient ? c.FindLevel(lenient->lower_title) : nullptr;
  if (!lower) return;
  std::optional<Date> held;
  for (const auto& t : p.titles) {
    const campaign::Level* tl = c.FindLevel(t.level);
    if (tl && tl->rank >= lower->rank && t.obtained <= c.cut_off && (!held || t.obtained < *held))
      held = t.obtained;
  }
  if (!held) {
    auto& r = out.Add("regular.years", "regular", Status::kUnmet, lenient->clause,
                      fmt::format("未取得{}（常规途径至少须取得{}后任职满 {} 年）", lower->name, lower->name,
                                  lenient->years),
                      fmt::format("No {} title held (the regular path needs at least {} years as {})",
                                  lower->name_en, lenient->years, lower->name_en));
    r.params["lower_title"] = lower->name;
    r.params["required_years"] = lenient->years;
    r.params["held"] = false;
    return;
  }
  const Period per = Count(*held, lenient->years, c.cut_off);
  auto& r = out.Add(
      "regular.years", "regular", per.met ? Status::kMet : Status::kUnmet, lenient->clause,
      fmt::format("取得{}后任职，自 {} 至 {} 已满 {}（常规途径至少须满 {} 年）", lower->name,
                  FormatDate(*held), FormatDate(c.cut_off), YearsZh(per.elapsed), lenient->years),
      fmt::format("As {} from {} to {}: {} (the regular path needs at least {} years)", lower->name_en,
                  FormatDate(*held), FormatDate(c.cut_off), YearsEn(per.elapsed), lenient->years));
  PeriodParams(r, *held, lenient->years, per);
  r.params["lower_title"] = lower->name;
}

Outcome Regular(const Profile& p, const Campaign& c, const campaign::Level& level, Reasons& out) {
  struct Edu {
    const campaign::EducationLevel* level;
    const campaign::TechnicianSchoolClass* via;
    Date graduated;
  };
  std::vector<Edu> counted;
  const Edu* late = nullptr;
  std::vector<Edu> all;
  for (const auto& e : p.education) {
    const campaign::TechnicianSchoolClass* via =
        e.technician_school_class.empty() ? nullptr : c.FindTechnicianSchoolClass(e.technician_school_class);
    const campaign::EducationLevel* lv = c.FindEducation(via ? via->counts_as : e.level);
    if (lv) all.push_back({lv, via, e.graduated});
  }
  for (const auto& e : all) {
    if (e.graduated <= c.cut_off) {
      counted.push_back(e);
    } else if (!late || late->level->rank < e.level->rank) {
      late = &e;
    }
  }
  // The clause of this level's education table, cited where no row applies.
  std::string_view table_clause = c.cut_off_clause;
  for (const auto& row : c.education_table)
    if (row.level == level.code) {
      table_clause = row.clause;
      break;
    }
  if (counted.empty()) {
    if (late) {
      auto& r =
          out.Add("regular.education", "regular", Status::kUnmet, "",
                  fmt::format("{}于 {} 毕业，晚于资历计算截止日 {}，不计入", late->level->name,
                              FormatDate(late->graduated), FormatDate(c.cut_off)),
                  fmt::format("The {} degree was completed on {}, after the cut-off {}; it does not count",
                              En(late->level->code), FormatDate(late->graduated), FormatDate(c.cut_off)));
      r.clause = c.Cite(c.cut_off_clause);
      r.params["education"] = late->level->name;
      r.params["graduated"] = FormatDate(late->graduated);
    } else {
      out.Add("regular.education", "regular", Status::kUnmet, table_clause,
              "未填写学历，无法按学历资历条件申报", "No education given; the regular path needs one");
    }
    YearsWithoutEducation(p, c, level, out);
    return Outcome::kUnmet;
  }
  std::sort(counted.begin(), counted.end(),
            [](const Edu& a, const Edu& b) { return a.level->rank > b.level->rank; });

  // Every (education, row) pair the table allows, evaluated.
  struct Candidate {
    const Edu* edu;
    const campaign::EducationRow* row;
    bool met = false;
    std::optional<Date> due;
    std::optional<Date> since;
    YearsMonths elapsed;
  };
  std::vector<Candidate> cands;
  for (const auto& e : counted) {
    for (const auto& row : c.education_table) {
      if (row.level != level.code) continue;
      int max_rank = 0;
      bool listed = false;
      for (const auto& code : row.education) {
        if (const auto* lv = c.FindEducation(code)) max_rank = std::max(max_rank, lv->rank);
        listed |= code == e.level->code;
      }
      if (!listed && e.level->rank <= max_rank) continue;
      Candidate cand{&e, &row};
      if (!row.regular) {
        cand.met = false;
      } else if (row.after_graduation_years) {
        const Period per = Count(e.graduated, *row.after_graduation_years, c.cut_off);
        cand.met = per.met;
        cand.since = e.graduated;
        cand.elapsed = per.elapsed;
        if (!per.met) cand.due = per.due;
      } else {
        const campaign::Level* lower = c.FindLevel(row.lower_title);
        std::optional<Date> held;
        for (const auto& t : p.titles) {
          const campaign::Level* tl = c.FindLevel(t.level);
          if (tl && lower && tl->rank >= lower->rank && t.obtained <= c.cut_off &&
              (!held || t.obtained < *held))
            held = t.obtained;
        }
        if (held) {
          const Period per = Count(*held, row.years, c.cut_off);
          cand.met = per.met;
          cand.since = held;
          cand.elapsed = per.elapsed;
          if (!per.met) cand.due = per.due;
        }
      }
      cands.push_back(cand);
    }
  }
  if (cands.empty()) {
    out.Add("regular.education", "regular", Status::kUnmet, table_clause,
            fmt::format("所填学历不符合申报{}的学历条件", level.name),
            fmt::format("No education of the table for {}", level.name_en));
    YearsWithoutEducation(p, c, level, out);
    return Outcome::kUnmet;
  }
  const Candidate* best = nullptr;
  for (const auto& cand : cands) {
    if (cand.met) {
      best = &cand;
      break;
    }
  }
  if (!best) {
    for (const auto& cand : cands) {
      if (cand.due && (!best || !best->due || *cand.due < *best->due)) best = &cand;
    }
  }
  if (!best) best = &cands.front();

  const Edu& e = *best->edu;
  const campaign::EducationRow& row = *best->row;
  {
    // A row without a regular path (中专 → 工程师) makes the education the missing condition, not the years.
    auto& r = row.regular
                  ? out.Add("regular.education", "regular", Status::kMet, row.clause,
                            fmt::format("{}学历（{} 毕业）", e.level->name, FormatDate(e.graduated)),
                            fmt::format("Education: {} ({}), graduated {}", e.level->name, En(e.level->code),
                                        FormatDate(e.graduated)))
                  : out.Add("regular.education", "regular", Status::kUnmet, row.clause,
                            fmt::format("{}学历无申报{}的常规途径，可通过技能人才途径或破格申报",
                                        e.level->name, level.name),
                            fmt::format("{} ({}) gives no regular path to {}; the skilled-worker path or the "
                                        "exceptional route remain",
                                        e.level->name, En(e.level->code), level.name_en));
    r.params["education"] = e.level->name;
    r.params["graduated"] = FormatDate(e.graduated);
  }
  if (e.via) {
    auto& r = out.Add("regular.technician_school", "regular", Status::kMet, c.technician_school_clause,
                      fmt::format("{}毕业，按{}学历同等看待", e.via->name, e.level->name),
                      fmt::format("A technician-school class ({}) counts as {} ({})", e.via->name,
                                  e.level->name, En(e.level->code)));
    r.params["class"] = e.via->name;
    r.params["counts_as"] = e.level->name;
  }
  const campaign::Level* lower = row.lower_title.empty() ? nullptr : c.FindLevel(row.lower_title);
  if (!row.regular) {
    // The education row above already says why; the years are measured against the most lenient regular
    // row, so that every shortfall is named.
    YearsWithoutEducation(p, c, level, out);
  } else if (row.after_graduation_years) {
    const int n = *row.after_graduation_years;
    if (n == 0) {
      out.Add("regular.years", "regular", Status::kMet, row.clause,
              fmt::format("{}学历，毕业后经考察合格即可申报{}", e.level->name, level.name),
              fmt::format("With {} no years beyond the degree are required for {}", En(e.level->code),
                          level.name_en))
          .params["required_years"] = 0;
    } else {
      const Period per = Count(e.graduated, n, c.cut_off);
      auto& r = out.Add(
          "regular.years", "regular", per.met ? Status::kMet : Status::kUnmet, row.clause,
          fmt::format("毕业后见习须满 {} 年，至 {} 已满 {}", n, FormatDate(c.cut_off), YearsZh(per.elapsed)),
          fmt::format("{} year(s) of probation after graduating are required; by {} it is {}", n,
                      FormatDate(c.cut_off), YearsEn(per.elapsed)));
      PeriodParams(r, e.graduated, n, per);
    }
  } else if (!best->since) {
    auto& r = out.Add("regular.years", "regular", Status::kUnmet, row.clause,
                      fmt::format("未取得{}（{}学历须取得{}后任职满 {} 年）", lower->name, e.level->name,
                                  lower->name, row.years),
                      fmt::format("No {} title held ({} requires {} years as {})", lower->name_en,
                                  En(e.level->code), row.years, lower->name_en));
    r.params["lower_title"] = lower->name;
    r.params["required_years"] = row.years;
    r.params["held"] = false;
  } else {
    const Period per = Count(*best->since, row.years, c.cut_off);
    auto& r =
        out.Add("regular.years", "regular", per.met ? Status::kMet : Status::kUnmet, row.clause,
                fmt::format("取得{}后须任职满 {} 年，自 {} 至 {} 已满 {}", lower->name, row.years,
                            FormatDate(*best->since), FormatDate(c.cut_off), YearsZh(per.elapsed)),
                fmt::format("{} years as {} are required; from {} to {} it is {}", row.years, lower->name_en,
                            FormatDate(*best->since), FormatDate(c.cut_off), YearsEn(per.elapsed)));
    PeriodParams(r, *best->since, row.years, per);
    r.params["lower_title"] = lower->name;
  }
  return best->met ? Outcome::kMet : Outcome::kUnmet;
}

Outcome Skill(const Profile& p, const Campaign& c, const campaign::Level& level, Reasons& out) {
  const campaign::SkillRow* row = nullptr;
  for (const auto& r : c.skill_path) {
    if (r.level == level.code) row = &r;
  }
  if (!row) return Outcome::kNotApplicable;
  const campaign::SkillGrade* need = c.FindSkillGrade(row->grade);
  const SkillItem* held = nullptr;
  for (const auto& s : p.skills) {
    const campaign::SkillGrade* g = c.FindSkillGrade(s.grade);
    if (g && need && g->rank >= need->rank && s.obtained <= c.cut_off &&
        (!held || s.obtained < held->obtained))
      held = &s;
  }
  if (!held) {
    out.Add("skill.grade", "skill", Status::kUnmet, row->clause,
            fmt::format("未取得{}或更高的职业资格（职业技能等级）", need->name),
            fmt::format("No skill certificate of grade {} or higher", En(need->code)));
    out.Add("skill.years", "skill", Status::kUnmet, row->clause,
            fmt::format("须取得{}后从事技术技能工作满 {} 年", need->name, row->years),
            fmt::format("{} years of technical-skill work after the {} certificate are required", row->years,
                        En(need->code)))
        .params["required_years"] = row->years;
    return Outcome::kUnmet;
  }
  const campaign::SkillGrade* g = c.FindSkillGrade(held->grade);
  out.Add("skill.grade", "skill", Status::kMet, row->clause,
          fmt::format("持有{}（{} 取得）", g->name, FormatDate(held->obtained)),
          fmt::format("Holds {} ({}) since {}", g->name, En(g->code), FormatDate(held->obtained)))
      .params["grade"] = g->name;
  const Period per = Count(held->obtained, row->years, c.cut_off);
  auto& r = out.Add("skill.years", "skill", per.met ? Status::kMet : Status::kUnmet, row->clause,
                    fmt::format("取得{}后从事技术技能工作须满 {} 年，至 {} 已满 {}", need->name, row->years,
                                FormatDate(c.cut_off), YearsZh(per.elapsed)),
                    fmt::format("{} years after the certificate are required; by {} it is {}", row->years,
                                FormatDate(c.cut_off), YearsEn(per.elapsed)));
  PeriodParams(r, held->obtained, row->years, per);
  return per.met ? Outcome::kMet : Outcome::kUnmet;
}

Outcome Direct(const Profile& p, const Campaign& c, const campaign::Level& level, Reasons& out) {
  const bool has_list = std::any_of(c.awards.begin(), c.awards.end(),
                                    [&](const campaign::Award& a) { return a.level == level.code; });
  if (!has_list) return Outcome::kNotApplicable;
  const campaign::Award* qualifying = nullptr;
  const AwardItem* near_miss = nullptr;
  const campaign::Award* near_award = nullptr;
  for (const auto& a : p.awards) {
    const campaign::Award* award = c.FindAward(a.code);
    const campaign::Level* al = award ? c.FindLevel(award->level) : nullptr;
    if (!award || !al || al->rank < level.rank) continue;
    if (a.obtained && *a.obtained > c.cut_off) continue;
    if (award->max_rank && (!a.rank || *a.rank > *award->max_rank)) {
      near_miss = &a;
      near_award = award;
      continue;
    }
    qualifying = award;
    break;
  }
  bool award_ok = qualifying != nullptr;
  if (qualifying) {
    out.Add("direct.award", "direct", Status::kMet, c.direct_clause,
            fmt::format("获得“{}”，可直接申报{}", qualifying->name, level.name),
            fmt::format("Holds the award {}, which allows applying directly for {}", En(qualifying->code),
                        level.name_en))
        .params["award"] = qualifying->name;
  } else if (near_miss) {
    auto& r = out.Add(
        "direct.award", "direct", Status::kUnmet, c.direct_clause,
        near_miss->rank ? fmt::format("{}第 {} 名，须为前 {} 名", near_award->name, *near_miss->rank,
                                      *near_award->max_rank)
                        : fmt::format("{}须填写名次（前 {} 名）", near_award->name, *near_award->max_rank),
        fmt::format("{} counts only for the top {}", En(near_award->code), *near_award->max_rank));
    r.params["award"] = near_award->name;
    r.params["max_rank"] = *near_award->max_rank;
  } else {
    out.Add("direct.award", "direct", Status::kUnmet, c.direct_clause,
            fmt::format("未获得可直接申报{}的奖项或称号", level.name),
            fmt::format("No award that allows applying directly for {}", level.name_en));
  }
  bool post_ok = true;
  if (c.direct_requires_frontline_post) {
    post_ok = p.frontline_skill_post;
    out.Add("direct.frontline_post", "direct", post_ok ? Status::kMet : Status::kUnmet, c.direct_clause,
            post_ok ? "在生产一线工程技术岗位从事技能工作" : "直接申报须在生产一线工程技术岗位从事技能工作",
            post_ok ? "Works in a front-line engineering skill post"
                    : "Direct application requires a front-line engineering skill post");
  }
  return award_ok && post_ok ? Outcome::kMet : Outcome::kUnmet;
}

void Timeline(const Campaign& c, const calendar::Calendar& cal, const Date& as_of, Reasons& out) {
  const Date& dl = c.deadlines.applicant;
  const int64_t left = DaysFromCivil(dl) - DaysFromCivil(as_of);
  if (left >= 0) {
    out.Add("timeline.applicant_deadline", "timeline", Status::kInfo, c.deadlines.clause,
            fmt::format("个人申报截止 {} 24:00（北京时间），还有 {} 天", FormatDate(dl), left),
            fmt::format("Applicants submit by the end of {} (Beijing time); {} day(s) left", FormatDate(dl),
                        left))
        .params["deadline"] = FormatDate(dl);
  } else {
    out.Add("timeline.applicant_deadline", "timeline", Status::kInfo, c.deadlines.clause,
            fmt::format("个人申报已于 {} 截止，逾期不再受理", FormatDate(dl)),
            fmt::format("Applications closed at the end of {}", FormatDate(dl)))
        .params["deadline"] = FormatDate(dl);
  }
  const int n = c.unit_publicity_working_days;
  auto start = cal.LatestStartEndingBy(c.deadlines.unit, n);
  if (start.ok()) {
    auto& r =
        out.Add("timeline.unit_publicity", "timeline", Status::kInfo, c.publicity_clause,
                fmt::format("单位须在本单位公示不少于 {} 个工作日；最晚 {} 开始公示，方能在 {} 前推荐", n,
                            FormatDate(*start), FormatDate(c.deadlines.unit)),
                fmt::format("Units publicise for at least {} working days; starting on {} at the latest "
                            "to recommend by {}",
                            n, FormatDate(*start), FormatDate(c.deadlines.unit)));
    r.params["latest_start"] = FormatDate(*start);
    r.params["working_days"] = n;
  } else {
    out.Add("timeline.unit_publicity", "timeline", Status::kInfo, c.publicity_clause,
            fmt::format("单位须在本单位公示不少于 {} 个工作日（工作日历缺少 {} 年数据）", n,
                        c.deadlines.unit.year),
            fmt::format("Units publicise for at least {} working days (the calendar lacks {})", n,
                        c.deadlines.unit.year));
  }
}

}  // namespace

const char* ToString(Verdict v) {
  switch (v) {
    case Verdict::kEligible:
      return "eligible";
    case Verdict::kExceptional:
      return "exceptional";
    case Verdict::kIneligible:
      return "ineligible";
  }
  return "";
}

const char* ToString(Path p) {
  switch (p) {
    case Path::kRegular:
      return "regular";
    case Path::kSkill:
      return "skill";
    case Path::kDirect:
      return "direct";
    case Path::kExceptional:
      return "exceptional";
  }
  return "";
}

std::vector<const Reason*> Decision::lacking() const {
  std::vector<const Reason*> out;
  if (verdict != Verdict::kExceptional) return out;
  for (const auto& r : reasons) {
    if (r.group == "regular" && r.status == Status::kUnmet) out.push_back(&r);
  }
  return out;
}

namespace {

// Facts dated after the as-of day (issue 17): a degree, a title, a skill grade or an award the person does
// not hold yet is flagged and not counted. The cut-off bounds how long a period runs; the as-of day bounds
// what is held.
Profile HeldOn(const Profile& p, const Campaign& c, const Date& as_of, Reasons& out) {
  Profile held = p;
  auto flag = [&](const std::string& zh, const std::string& en, const Date& on) {
    auto& r = out.Add("general.future_fact", "general", Status::kInfo, c.cut_off_clause,
                      fmt::format("{}的日期 {} 晚于 {}，尚未取得，不计入；取得后再申报，或更正日期", zh,
                                  FormatDate(on), FormatDate(as_of)),
                      fmt::format("{} is dated {}, after {}: not held yet and not counted; apply once it is, "
                                  "or correct the date",
                                  en, FormatDate(on), FormatDate(as_of)));
    r.params["date"] = FormatDate(on);
  };
  std::erase_if(held.education, [&](const EducationItem& e) {
    if (!(as_of < e.graduated)) return false;
    const auto* lv = c.FindEducation(e.level);
    flag(lv ? lv->name + "学历" : std::string("学历"), "A degree", e.graduated);
    return true;
  });
  std::erase_if(held.titles, [&](const TitleItem& t) {
    if (!(as_of < t.obtained)) return false;
    const auto* lv = c.FindLevel(t.level);
    flag(lv ? lv->name + "资格" : std::string("专业技术资格"), "A title", t.obtained);
    return true;
  });
  std::erase_if(held.skills, [&](const SkillItem& s) {
    if (!(as_of < s.obtained)) return false;
    flag("职业技能等级", "A skill grade", s.obtained);
    return true;
  });
  std::erase_if(held.awards, [&](const AwardItem& a) {
    if (!a.obtained || !(as_of < *a.obtained)) return false;
    flag("获奖", "An award", *a.obtained);
    return true;
  });
  return held;
}

}  // namespace

Decision Evaluate(const Profile& given, const Campaign& c, const calendar::Calendar& cal,
                  const std::vector<IntegrityRecord>& records, const Date& as_of) {
  Decision d;
  d.campaign_id = c.id;
  d.campaign_name = c.name;
  d.as_of = as_of;
  d.cut_off = c.cut_off;
  const campaign::Level* level = c.FindLevel(given.level);
  if (!level) {  // ParseProfile rejects this; an unchecked profile still gets an answer, not a crash
    d.level_code = given.level;
    d.summary_zh = "申报级别不在本次评审范围";
    d.summary_en = "The level is not part of this campaign";
    return d;
  }
  d.level_code = level->code;
  d.level_name = level->name;
  if (const auto* m = c.CommitteeFor(level->code, "")) {
    d.committee_code = m->code;
    d.committee_name = m->name;
  }
  Reasons out(c);
  const Profile p = HeldOn(given, c, as_of, out);
  General(p, c, *level, records, as_of, out);
  const Outcome regular = Regular(p, c, *level, out);
  const Outcome skill = Skill(p, c, *level, out);
  const Outcome direct = Direct(p, c, *level, out);
  const bool general_ok = std::none_of(out.List().begin(), out.List().end(), [](const Reason& r) {
    return r.group == "general" && r.status == Status::kUnmet;
  });
  std::optional<Path> best;
  if (regular == Outcome::kMet) {
    best = Path::kRegular;
  } else if (skill == Outcome::kMet) {
    best = Path::kSkill;
  } else if (direct == Outcome::kMet) {
    best = Path::kDirect;
  }
  const bool exceptional_level = std::find(c.exceptional.levels.begin(), c.exceptional.levels.end(),
                                           level->code) != c.exceptional.levels.end();
  Outcome exceptional = Outcome::kNotApplicable;
  if (!best) {
    if (exceptional_level) {
      exceptional = Outcome::kMet;
      auto& r = out.Add(
          "exceptional.route", "exceptional", Status::kMet, c.exceptional.clause,
          fmt::format("不具备规定学历或资历条件，但确有真才实学、工作成绩显著的，可破格申报{}：须填写《{}》"
                      "（{}），经单位推荐，由评委会审议决定",
                      level->name, c.exceptional.form, c.exceptional.attachment),
          fmt::format("Without the required education or years, a person of real ability and "
                      "outstanding results may apply exceptionally for {} with the approval form ({}); "
                      "the committee decides",
                      level->name_en, c.exceptional.attachment));
      r.overridable = true;
      r.params["form"] = c.exceptional.form;
    } else if (!c.exceptional.levels.empty()) {
      std::string names;
      for (const auto& code : c.exceptional.levels) {
        if (const auto* l = c.FindLevel(code)) names += (names.empty() ? "" : "、") + l->name;
      }
      out.Add("exceptional.route", "exceptional", Status::kUnmet, c.exceptional.clause,
              fmt::format("破格申报仅适用于{}，{}不能破格申报", names, level->name),
              fmt::format("The exceptional route is open only to {}", names));
    }
  }
  Timeline(c, cal, as_of, out);
  d.reasons = std::move(out.List());
  for (auto& r : d.reasons)
    if (r.earliest)
      r.earliest_later_campaign = DaysFromCivil(*r.earliest) > DaysFromCivil(c.deadlines.applicant);
  d.paths = {{Path::kRegular, regular},
             {Path::kSkill, skill},
             {Path::kDirect, direct},
             {Path::kExceptional, exceptional}};

  if (general_ok && best) {
    d.verdict = Verdict::kEligible;
    d.path = best;
    d.summary_zh = fmt::format("符合申报{}条件（{}）", level->name, PathZh(*best));
    d.summary_en = fmt::format("Eligible for {} ({})", level->name_en, PathEn(*best));
  } else if (general_ok && exceptional == Outcome::kMet) {
    d.verdict = Verdict::kExceptional;
    d.path = Path::kExceptional;
    d.required_forms = {c.exceptional.form};
    d.required_form_attachment = c.exceptional.attachment;
    d.summary_zh = fmt::format("不具备常规申报条件，可破格申报{}（须填写《{}》，由评委会审议决定）",
                               level->name, c.exceptional.form);
    d.summary_en = fmt::format(
        "Not eligible by the regular paths; may apply exceptionally for {} (approval form "
        "required; the committee decides)",
        level->name_en);
  } else {
    d.verdict = Verdict::kIneligible;  // no path; `paths` still shows what the facts would meet
    std::string why_zh;
    std::string why_en;
    for (const auto& r : d.reasons) {
      if (r.group == "general" && r.status == Status::kUnmet) {
        why_zh += (why_zh.empty() ? "" : "；") + r.zh;
        why_en += (why_en.empty() ? "" : "; ") + r.en;
      }
    }
    if (why_zh.empty()) why_zh = "没有可用的申报途径";
    if (why_en.empty()) why_en = "no path is open";
    d.summary_zh = fmt::format("不符合申报{}条件：{}", level->name, why_zh);
    d.summary_en = fmt::format("Not eligible for {}: {}", level->name_en, why_en);
  }
  // After the applicant deadline the conditions may still be met, but the window is closed: the summary says
  // so, rather than a bare 符合 that invites a submission that can no longer happen (issue 17).
  if (DaysFromCivil(as_of) > DaysFromCivil(c.deadlines.applicant)) {
    d.summary_zh += fmt::format("；本年度个人申报已于 {} 截止", FormatDate(c.deadlines.applicant));
    d.summary_en +=
        fmt::format("; applications for this campaign closed on {}", FormatDate(c.deadlines.applicant));
  }
  return d;
}

views::Eligibility View(const Decision& d) {
  auto status = [](Status s) {
    switch (s) {
      case Status::kMet:
        return "met";
      case Status::kUnmet:
        return "unmet";
      case Status::kInfo:
        return "info";
    }
    return "";
  };
  auto outcome = [](Outcome o) {
    switch (o) {
      case Outcome::kMet:
        return "met";
      case Outcome::kUnmet:
        return "unmet";
      case Outcome::kNotApplicable:
        return "not_applicable";
    }
    return "";
  };
  views::Eligibility v{.campaign = {.id = d.campaign_id, .name = d.campaign_name},
                       .level = {.code = d.level_code, .name = d.level_name},
                       .as_of = FormatDate(d.as_of),
                       .cut_off = FormatDate(d.cut_off),
                       .verdict = ToString(d.verdict),
                       .path = {},
                       .summary = {.zh = d.summary_zh, .en = d.summary_en},
                       .paths = {},
                       .reasons = {},
                       .lacking = {},
                       .required_forms = {},
                       .committee = {}};
  if (d.path) v.path = std::string(ToString(*d.path));
  for (const auto& p : d.paths)
    v.paths.push_back({.path = ToString(p.path),
                       .name = PathZh(p.path),
                       .name_en = PathEn(p.path),
                       .outcome = outcome(p.outcome)});
  for (const auto& r : d.reasons)
    v.reasons.push_back(
        {.code = r.code,
         .group = r.group,
         .status = status(r.status),
         .clause = r.clause,
         .params = r.params,
         .message = {.zh = r.zh, .en = r.en},
         .overridable = r.overridable,
         .earliest_date = r.earliest ? std::optional<std::string>(FormatDate(*r.earliest)) : std::nullopt,
         .earliest_in = r.earliest ? std::optional<std::string>(r.earliest_later_campaign ? "later_campaign"
                                                                                          : "this_campaign")
                                   : std::nullopt});
  for (const Reason* r : d.lacking())
    v.lacking.push_back({.code = r->code, .message = {.zh = r->zh, .en = r->en}});
  for (const auto& f : d.required_forms)
    v.required_forms.push_back({.name = f, .attachment = d.required_form_attachment});
  if (!d.committee_code.empty())
    v.committee = contract::CodeName{.code = d.committee_code, .name = d.committee_name};
  return v;
}

json::value ToJson(const Decision& d) {
  return contract::ToJson(View(d));
}

}  // namespace zc::eligibility
