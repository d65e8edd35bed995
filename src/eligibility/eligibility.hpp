#pragma once
// The eligibility engine: a pure function (profile, campaign, calendar, integrity records, as-of date) →
// decision. It decides the verdict and the best path and explains every condition it checked with a stable
// rule code, the clause it comes from, its parameters and a Chinese and English message. No I/O.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "calendar/calendar.hpp"
#include "campaign/campaign.hpp"
#include "eligibility/views.hpp"

namespace zc::eligibility {

struct EducationItem {
  std::string level;                    // EducationLevel code, or
  std::string technician_school_class;  // TechnicianSchoolClass code
  Date graduated;
};

struct TitleItem {
  std::string level;
  Date obtained;
};

struct SkillItem {
  std::string grade;
  Date obtained;
};

struct AwardItem {
  std::string code;
  std::optional<int> rank;
  std::optional<Date> obtained;
};

struct CeYear {
  int year = 0;
  int hours = 0;
};

struct IntegrityRecord {
  std::string kind;  // fraud …
  Date start;
  Date end;  // exclusive: the record is in force on days start <= d < end
};

struct Profile {
  std::string level;
  std::string specialty;
  bool in_service = true;
  bool full_time = true;
  std::string unit_type = "enterprise";
  std::optional<Date> retired_on;
  std::optional<std::string> sanction_kind;
  std::optional<Date> sanction_until;
  std::vector<EducationItem> education;
  std::vector<TitleItem> titles;
  std::vector<SkillItem> skills;
  bool frontline_skill_post = false;
  std::vector<AwardItem> awards;
  std::vector<CeYear> continuing_education;
  bool ss_paid_in_city = false;
  std::set<std::string> ss_substitutes;  // codes of the campaign's social-security substitutes provided
  std::vector<IntegrityRecord> integrity_records;  // self-declared; the server adds the archive's
};

// Reads a profile (docs/eligibility.md). Every problem at once, each naming its field from `prefix`
// ("profile.education[0].graduated"); codes are checked against the campaign.
Result<Profile> ParseProfile(const boost::json::value& v, const campaign::Campaign& c,
                             const std::string& prefix = "");

enum class Verdict { kEligible, kExceptional, kIneligible };
enum class Path { kRegular, kSkill, kDirect, kExceptional };
enum class Status { kMet, kUnmet, kInfo };
enum class Outcome { kMet, kUnmet, kNotApplicable };

struct Reason {
  std::string code;   // stable rule code, e.g. "regular.years"
  std::string group;  // general, regular, skill, direct, exceptional, timeline
  Status status = Status::kMet;
  std::string clause;
  boost::json::object params;
  std::string zh;
  std::string en;
  std::optional<Date> earliest;  // where years are short: the day the condition would be met
  bool overridable = false;      // a human may decide otherwise (the exceptional route)
  // `earliest` falls after the applicant deadline: met only in a later campaign, not a day to wait for.
  bool earliest_later_campaign = false;
};

struct PathOutcome {
  Path path;
  Outcome outcome;
};

struct Decision {
  std::string campaign_id, campaign_name;
  std::string level_code, level_name;
  Date as_of, cut_off;
  Verdict verdict = Verdict::kIneligible;
  std::optional<Path> path;
  std::vector<PathOutcome> paths;
  std::vector<Reason> reasons;
  std::vector<const Reason*> lacking() const;  // for the exceptional route: what the regular path misses
  std::vector<std::string> required_forms;     // names; the exceptional route needs its approval form
  std::string required_form_attachment;
  std::string committee_code, committee_name;
  std::string summary_zh, summary_en;
};

// `profile.level` must be a level of `c` (ParseProfile checks it). Integrity records are the archive's;
// the profile's own are added to them.
Decision Evaluate(const Profile& profile, const campaign::Campaign& c, const calendar::Calendar& cal,
                  const std::vector<IntegrityRecord>& records, const Date& as_of);

// The decision as the API sends it (the eligibility check, the application page, the frozen snapshot).
views::Eligibility View(const Decision& d);
boost::json::value ToJson(const Decision& d);
const char* ToString(Verdict v);
const char* ToString(Path p);

}  // namespace zc::eligibility
