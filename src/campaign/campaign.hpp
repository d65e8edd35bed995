#pragma once
// A year's campaign as data (data/campaigns/*.toml): everything a city's notice fixes for one review round.
// Loading is strict: unknown keys, missing tables, impossible dates and dangling codes are all reported at
// once, each naming its key. Nothing here knows a year or a city; a new notice is a new file.
#include <boost/json/value.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"

namespace zc::campaign {

struct Level {
  std::string code;  // engineer, assistant_engineer, technician
  std::string name;
  std::string name_en;
  std::string tier;  // intermediate, junior
  int rank = 0;      // higher is senior
};

struct Specialty {
  std::string code;
  std::string name;
  std::string family;  // Family::code
};

struct Family {
  std::string code;
  std::string name;
  bool excluded = false;  // evaluated by another committee; outside this campaign's scope
  std::string excluded_reason;
  std::vector<Specialty> specialties;
};

struct EducationLevel {
  std::string code;
  std::string name;
  int rank = 0;  // a higher rank satisfies a table row written for a lower one
};

struct TechnicianSchoolClass {
  std::string code;
  std::string name;
  std::string counts_as;  // EducationLevel::code
};

// One row of the education / years table. Exactly one kind of requirement applies.
struct EducationRow {
  std::string level;
  std::vector<std::string> education;
  std::optional<int> after_graduation_years;  // probation after the degree (0: none beyond it)
  std::string lower_title;                    // Level::code held for `years`
  int years = 0;
  bool regular = true;  // false: no regular path at this education
  std::string clause;
};

struct SkillGrade {
  std::string code;
  std::string name;
  int rank = 0;
};

struct SkillRow {
  std::string level;
  std::string grade;
  int years = 0;
  std::string clause;
};

struct Award {
  std::string code;
  std::string name;
  std::string level;
  std::optional<int> max_rank;  // contest placing required (top 5 …)
};

struct Named {
  std::string code;
  std::string name;
};

struct Sanction {
  std::string code;
  std::string name;
  bool blocks = false;
};

struct Committee {
  std::string code;
  std::string name;
  std::vector<std::string> levels;
  std::vector<std::string> regions;        // region codes, or "*" for all
  std::vector<std::string> expert_titles;  // codes of Campaign::review.expert_titles its experts must hold
};

// A title an expert holds (高级工程师 …).
struct ExpertTitle {
  std::string code, name, name_en;
};

// A place for evidence in an application. `required_when` holds alternatives (any one makes the slot
// required); each is terms joined by "&": `always`, `path:<regular|skill|direct|exceptional>`,
// `level:<code>`, `ss_elsewhere` (social security paid outside the city). Empty: optional.
struct EvidenceSlot {
  std::string code, name, name_en;
  std::vector<std::string> required_when;
  int max_count = 1;
  int max_mb = 10;
  // Personal records (identity card, bank and tax records): the unit and the offices that check them see
  // them, the experts and committee members who judge the work never do.
  bool personal = false;
};

// The stages whose work has a deadline.
enum class Stage { kApplicant, kUnit, kCounty };

struct Campaign {
  std::string id;
  std::string name;
  std::string name_en;
  int year = 0;
  std::string city;
  Date cut_off;
  std::string cut_off_clause;
  std::string timezone;
  std::string series_code;
  std::string series_name;
  struct {
    std::string title, issuer, short_name, basis;
    Date date;
  } notice;
  std::vector<Level> levels;
  struct {
    Date applicant, unit, county;
    std::string clause;
    // After a return by the acceptance point, the competent department or the committee office, the
    // returned application gets at least this many working days after the return to come back (issue 17):
    // its reopened step's deadline is the later of the stage deadline and the return day + this, and its
    // later stages shift by as much. 0: no window (the stage deadlines alone).
    int correction_working_days = 0;
  } deadlines;
  std::string publicity_clause;
  std::string technician_school_clause;
  int unit_publicity_working_days = 5;
  // The unit's recommendation opinion offered after publicity; {name} {campaign} {level} {start} {end} {days}
  // are filled in. Empty: the unit writes its own.
  std::string unit_opinion_template;
  int result_publicity_working_days = 5;
  // The committee office's pre-review publicity (评前公示) of the accepted candidates, in working days;
  // 0 (the key absent): the campaign has no such stage.
  int pre_review_publicity_working_days = 0;
  std::string scope_clause;
  std::string retired_clause;
  std::vector<Family> families;
  std::vector<EducationLevel> education_levels;
  std::vector<TechnicianSchoolClass> technician_school_classes;
  std::vector<EducationRow> education_table;
  std::vector<SkillGrade> skill_grades;
  std::vector<SkillRow> skill_path;
  std::string direct_clause;
  bool direct_requires_frontline_post = true;
  std::vector<Award> awards;
  struct {
    std::vector<std::string> levels;
    std::string form, attachment, clause;
  } exceptional;
  struct {
    std::vector<std::string> levels;
    std::vector<int> years;
    int annual_hours = 0;
    std::vector<int> relief_years;
    int relief_total_hours = 0;
    std::string clause;
  } continuing_education;
  struct {
    std::string city, clause;
    std::vector<Named> substitutes;
  } social_security;
  struct {
    std::string clause;
    std::vector<std::string> applies_to;  // unit types whose staff a blocking sanction stops
    std::vector<Sanction> sanctions;
  } discipline;
  struct {
    int record_years = 3;
    std::string clause, basis;
  } integrity;
  std::vector<Committee> committees;
  // 人社部令第 40 号: how committees work (docs/review.md).
  struct {
    std::string clause;
    int max_term_years = 3;
    int quorum_num = 2, quorum_den = 3;  // members present / members
    int pass_num = 2, pass_den = 3;      // yes votes / members present
    int group_size = 3;                  // experts per specialty review group by default
    std::string certificate_prefix;
    std::vector<ExpertTitle> expert_titles;
  } review;
  const ExpertTitle* FindExpertTitle(std::string_view code) const;
  const Committee* FindCommittee(std::string_view code) const;
  struct {
    std::string body, address, form;
    int copies = 2;
    bool duplex = true;
    bool watermark = true;
    std::vector<std::string> contacts, phones;
  } paper_materials;
  std::vector<EvidenceSlot> evidence_slots;
  std::string pledge_text;  // the truthfulness pledge (承诺) an applicant signs

  Date DeadlineOf(Stage s) const;
  // Deadlines are inclusive to the end of the day in Asia/Shanghai: a stage is open until the next day's
  // midnight there.
  bool IsOpen(Stage s, TimePoint now) const;
  const Level* FindLevel(std::string_view code) const;
  const Specialty* FindSpecialty(std::string_view code) const;
  const Family* FindFamily(std::string_view code) const;
  const EducationLevel* FindEducation(std::string_view code) const;
  const TechnicianSchoolClass* FindTechnicianSchoolClass(std::string_view code) const;
  const SkillGrade* FindSkillGrade(std::string_view code) const;
  const Award* FindAward(std::string_view code) const;
  const Sanction* FindSanction(std::string_view code) const;
  const EvidenceSlot* FindEvidenceSlot(std::string_view code) const;
  const Committee* CommitteeFor(std::string_view level, std::string_view region_code) const;
  // A clause as cited to users: a clause of this notice ("二(二)") gets the notice's short name in front;
  // one that names its own document ("《…》第八条") is cited as written.
  std::string Cite(std::string_view clause) const;
};

Result<Campaign> ParseCampaign(std::string_view toml_text);
Result<Campaign> LoadCampaignFile(const std::filesystem::path& file);
// Every *.toml of a directory, sorted by year then id; problems are prefixed with the file name.
Result<std::vector<Campaign>> LoadCampaignDir(const std::filesystem::path& dir);

// The campaign as the public sees it (notice, deadlines, catalogue, lists, paper materials).
boost::json::value ToJson(const Campaign& c);

}  // namespace zc::campaign
