#pragma once
// The requests and answers of campaigns, working-day calendars and the eligibility check on the wire: the
// types of the API contract (base/contract.hpp, docs/api.md). The route table names them for each operation
// (http/contract.cpp); /api/v1/openapi.json and the web app's TypeScript types are generated from them, and
// the black-box tests check every answer and every accepted body against them. A member the server sends and
// this file lacks fails those tests.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/contract.hpp"

namespace zc::eligibility::views {

struct EligibilityCampaign {
  std::string id;
  std::string name;
};
ZC_CONTRACT(EligibilityCampaign, (id, name))

struct EligibilitySummary {
  std::string zh;
  std::string en;
};
ZC_CONTRACT(EligibilitySummary, (zh, en))

struct ApplicationsPostResultEligibilityPath {
  std::string path;
  std::string name;
  std::string name_en;
  std::string outcome;
};
ZC_CONTRACT(ApplicationsPostResultEligibilityPath, (path, name, name_en, outcome))

struct EligibilityReason {
  std::string code;
  std::string group;
  std::string status;
  std::string clause;
  boost::json::object params;
  EligibilitySummary message;
  bool overridable;
  // The day the condition is met, and whether that day is within this campaign (before its applicant
  // deadline: "this_campaign", apply from then) or after it ("later_campaign": this year's window closes
  // first). Both absent when the condition is met or cannot be met by waiting.
  std::optional<std::string> earliest_date;
  std::optional<std::string> earliest_in;
};
ZC_CONTRACT(EligibilityReason,
            (code, group, status, clause, params, message, overridable, earliest_date, earliest_in))

struct EligibilityLacking {
  std::string code;
  EligibilitySummary message;
};
ZC_CONTRACT(EligibilityLacking, (code, message))

struct EligibilityRequiredForm {
  std::string name;
  std::string attachment;
};
ZC_CONTRACT(EligibilityRequiredForm, (name, attachment))

struct Eligibility {
  EligibilityCampaign campaign;
  contract::CodeName level;
  std::string as_of;
  std::string cut_off;
  std::string verdict;
  contract::Nullable<std::string> path;
  EligibilitySummary summary;
  std::vector<ApplicationsPostResultEligibilityPath> paths;
  std::vector<EligibilityReason> reasons;
  std::vector<EligibilityLacking> lacking;
  std::vector<EligibilityRequiredForm> required_forms;
  contract::Nullable<contract::CodeName> committee;
};
ZC_CONTRACT(Eligibility, (campaign, level, as_of, cut_off, verdict, path, summary, paths, reasons, lacking,
                          required_forms, committee))

struct CalendarYear {
  int64_t year;
  std::string source;
  int64_t holidays;
  int64_t makeup_workdays;
  int64_t working_days;
  std::string updated_at;
  std::string updated_by;
};
ZC_CONTRACT(CalendarYear, (year, source, holidays, makeup_workdays, working_days, updated_at, updated_by))

struct CalendarList {
  std::vector<CalendarYear> items;
};
ZC_CONTRACT(CalendarList, (items))

struct CalendarsImportPostRequest {
  std::string toml;
  std::string reason;
};
ZC_CONTRACT(CalendarsImportPostRequest, (toml, reason))

struct CalendarDay {
  std::string date;
  std::string name;
};
ZC_CONTRACT(CalendarDay, (date, name))

struct CalendarYearDetail {
  int64_t year;
  std::string source;
  std::vector<CalendarDay> holidays;
  std::vector<CalendarDay> makeup_workdays;
  int64_t working_days;
  std::string updated_at;
  std::string updated_by;
};
ZC_CONTRACT(CalendarYearDetail,
            (year, source, holidays, makeup_workdays, working_days, updated_at, updated_by))

struct CalendarsIsWorkingDayResponse {
  std::string date;
  bool working_day;
  std::string kind;
  std::string name;
};
ZC_CONTRACT(CalendarsIsWorkingDayResponse, (date, working_day, kind, name))

struct CalendarsWorkingDaysResponse {
  std::string from;
  int64_t days;
  std::string end;
};
ZC_CONTRACT(CalendarsWorkingDaysResponse, (from, days, end))

struct CalendarsWorkingDaysBetweenResponse {
  std::string from;
  std::string to;
  int64_t working_days;
};
ZC_CONTRACT(CalendarsWorkingDaysBetweenResponse, (from, to, working_days))

struct CalendarsPutRequest {
  std::string source;
  std::vector<CalendarDay> holidays;
  std::vector<CalendarDay> makeup_workdays;
  std::string reason;
};
ZC_CONTRACT(CalendarsPutRequest, (source, holidays, makeup_workdays, reason))

struct CampaignSummary {
  std::string id;
  std::string name;
  int64_t year;
  bool current;
};
ZC_CONTRACT(CampaignSummary, (id, name, year, current))

struct CampaignList {
  std::vector<CampaignSummary> items;
};
ZC_CONTRACT(CampaignList, (items))

struct CampaignNotice {
  std::string title;
  std::string issuer;
  std::string date;
  std::string short_;
  std::string basis;
};
ZC_CONTRACT(CampaignNotice, (title, issuer, date, short_, basis))

struct CampaignDeadline {
  std::string stage;
  std::string date;
  std::string ends_at;
  std::string label;
  std::string label_en;
};
ZC_CONTRACT(CampaignDeadline, (stage, date, ends_at, label, label_en))

struct CampaignPublicity {
  int64_t unit_working_days;
  int64_t result_working_days;
  int64_t pre_review_working_days;
};
ZC_CONTRACT(CampaignPublicity, (unit_working_days, result_working_days, pre_review_working_days))

struct CampaignLevel {
  std::string code;
  std::string name;
  std::string name_en;
  std::optional<std::string> tier;
};
ZC_CONTRACT(CampaignLevel, (code, name, name_en, tier))

struct CampaignFamily {
  std::string code;
  std::string name;
  bool excluded;
  std::string excluded_reason;
  std::vector<contract::CodeName> specialties;
};
ZC_CONTRACT(CampaignFamily, (code, name, excluded, excluded_reason, specialties))

struct CampaignTechnicianSchoolClass {
  std::string code;
  std::string name;
  std::string counts_as;
  std::string counts_as_name;
};
ZC_CONTRACT(CampaignTechnicianSchoolClass, (code, name, counts_as, counts_as_name))

struct CampaignEducationTable {
  std::string level;
  std::vector<std::string> education;
  bool regular;
  std::string clause;
  std::optional<int64_t> after_graduation_years;
  std::optional<std::string> lower_title;
  std::optional<int64_t> years;
};
ZC_CONTRACT(CampaignEducationTable,
            (level, education, regular, clause, after_graduation_years, lower_title, years))

struct CampaignSkillPath {
  std::string level;
  std::string grade;
  int64_t years;
  std::string clause;
};
ZC_CONTRACT(CampaignSkillPath, (level, grade, years, clause))

struct CampaignAward {
  std::string code;
  std::string name;
  std::string level;
  std::optional<int64_t> max_rank;
};
ZC_CONTRACT(CampaignAward, (code, name, level, max_rank))

struct CampaignDirect {
  std::string clause;
  bool requires_frontline_post;
};
ZC_CONTRACT(CampaignDirect, (clause, requires_frontline_post))

struct CampaignExceptional {
  std::vector<std::string> levels;
  std::string form;
  std::string attachment;
  std::string clause;
};
ZC_CONTRACT(CampaignExceptional, (levels, form, attachment, clause))

struct CampaignContinuingEducation {
  std::vector<std::string> levels;
  std::vector<int64_t> years;
  int64_t annual_hours;
  std::vector<int64_t> relief_years;
  int64_t relief_total_hours;
  std::string clause;
};
ZC_CONTRACT(CampaignContinuingEducation,
            (levels, years, annual_hours, relief_years, relief_total_hours, clause))

struct CampaignSocialSecurity {
  std::string city;
  std::vector<contract::CodeName> substitutes;
  std::string clause;
};
ZC_CONTRACT(CampaignSocialSecurity, (city, substitutes, clause))

struct CampaignSanction {
  std::string code;
  std::string name;
  bool blocks;
};
ZC_CONTRACT(CampaignSanction, (code, name, blocks))

struct CampaignDiscipline {
  std::vector<std::string> applies_to;
  std::string clause;
};
ZC_CONTRACT(CampaignDiscipline, (applies_to, clause))

struct CampaignIntegrity {
  int64_t record_years;
  std::string clause;
};
ZC_CONTRACT(CampaignIntegrity, (record_years, clause))

struct CampaignCommittee {
  std::string code;
  std::string name;
  std::vector<std::string> levels;
  std::vector<std::string> regions;
  std::vector<std::string> expert_titles;
};
ZC_CONTRACT(CampaignCommittee, (code, name, levels, regions, expert_titles))

struct CampaignReview {
  int64_t max_term_years;
  std::vector<int64_t> quorum;
  std::vector<int64_t> pass;
  int64_t group_size;
  std::vector<CampaignLevel> expert_titles;
  std::string clause;
};
ZC_CONTRACT(CampaignReview, (max_term_years, quorum, pass, group_size, expert_titles, clause))

struct CampaignPaperMaterials {
  std::string body;
  std::string address;
  std::string form;
  int64_t copies;
  bool duplex;
  bool watermark;
  std::vector<std::string> contacts;
  std::vector<std::string> phones;
};
ZC_CONTRACT(CampaignPaperMaterials, (body, address, form, copies, duplex, watermark, contacts, phones))

struct CampaignEvidenceSlot {
  std::string code;
  std::string name;
  std::string name_en;
  std::vector<std::string> required_when;
  int64_t max_count;
  int64_t max_mb;
};
ZC_CONTRACT(CampaignEvidenceSlot, (code, name, name_en, required_when, max_count, max_mb))

struct Campaign {
  std::string id;
  std::string name;
  std::string name_en;
  int64_t year;
  std::string city;
  contract::CodeName series;
  CampaignNotice notice;
  std::string cut_off;
  std::string timezone;
  std::vector<CampaignDeadline> deadlines;
  CampaignPublicity publicity;
  std::vector<CampaignLevel> levels;
  std::vector<CampaignFamily> families;
  std::vector<contract::CodeName> education_levels;
  std::vector<CampaignTechnicianSchoolClass> technician_school_classes;
  std::vector<CampaignEducationTable> education_table;
  std::vector<contract::CodeName> skill_grades;
  std::vector<CampaignSkillPath> skill_path;
  std::vector<CampaignAward> awards;
  CampaignDirect direct;
  CampaignExceptional exceptional;
  CampaignContinuingEducation continuing_education;
  CampaignSocialSecurity social_security;
  std::vector<CampaignSanction> sanctions;
  CampaignDiscipline discipline;
  CampaignIntegrity integrity;
  std::vector<CampaignCommittee> committees;
  CampaignReview review;
  CampaignPaperMaterials paper_materials;
  std::vector<CampaignEvidenceSlot> evidence_slots;
  std::string pledge_text;
  std::string today;
};
ZC_CONTRACT(Campaign,
            (id, name, name_en, year, city, series, notice, cut_off, timezone, deadlines, publicity, levels,
             families, education_levels, technician_school_classes, education_table, skill_grades, skill_path,
             awards, direct, exceptional, continuing_education, social_security, sanctions, discipline,
             integrity, committees, review, paper_materials, evidence_slots, pledge_text, today))

struct EligibilityCheckProfileEmploymentSanction {
  std::string kind;
  std::string until;
};
ZC_CONTRACT(EligibilityCheckProfileEmploymentSanction, (kind, until))

struct EligibilityCheckProfileEmployment {
  std::optional<bool> in_service;
  std::optional<bool> full_time;
  std::optional<std::string> unit_type;
  std::optional<EligibilityCheckProfileEmploymentSanction> sanction;
  std::optional<std::string> retired_on;
};
ZC_CONTRACT(EligibilityCheckProfileEmployment, (in_service, full_time, unit_type, sanction, retired_on))

// Exactly one of `level` (an education level) and `technician_school_class` (a technician school's class,
// 技工院校) names the education.
struct EligibilityCheckProfileEducation {
  std::optional<std::string> level;
  std::optional<std::string> technician_school_class;
  std::string graduated;
};
ZC_CONTRACT(EligibilityCheckProfileEducation, (level, technician_school_class, graduated))

struct EligibilityCheckProfileTitle {
  std::string level;
  std::string obtained;
};
ZC_CONTRACT(EligibilityCheckProfileTitle, (level, obtained))

struct EligibilityCheckProfileContinuingEducation {
  int64_t year;
  int64_t hours;
};
ZC_CONTRACT(EligibilityCheckProfileContinuingEducation, (year, hours))

struct EligibilityCheckProfileSocialSecurity {
  bool paid_in_city;
  std::optional<bool> labour_contract;
  std::optional<bool> bank_salary_records;
  std::optional<bool> tax_certificate;
};
ZC_CONTRACT(EligibilityCheckProfileSocialSecurity,
            (paid_in_city, labour_contract, bank_salary_records, tax_certificate))

struct EligibilityCheckProfileSkill {
  std::string grade;
  std::string obtained;
};
ZC_CONTRACT(EligibilityCheckProfileSkill, (grade, obtained))

struct EligibilityCheckProfileAward {
  std::string code;
  std::optional<std::string> obtained;
  std::optional<int64_t> rank;
};
ZC_CONTRACT(EligibilityCheckProfileAward, (code, obtained, rank))

struct EligibilityCheckProfileIntegrityRecord {
  std::string kind;
  std::string start;
};
ZC_CONTRACT(EligibilityCheckProfileIntegrityRecord, (kind, start))

struct EligibilityCheckProfile {
  std::string level;
  std::string specialty;
  std::optional<EligibilityCheckProfileEmployment> employment;
  std::optional<std::vector<EligibilityCheckProfileEducation>> education;
  std::optional<std::vector<EligibilityCheckProfileTitle>> titles;
  std::optional<std::vector<EligibilityCheckProfileContinuingEducation>> continuing_education;
  EligibilityCheckProfileSocialSecurity social_security;
  std::optional<std::vector<EligibilityCheckProfileSkill>> skills;
  std::optional<bool> frontline_skill_post;
  std::optional<std::vector<EligibilityCheckProfileAward>> awards;
  std::optional<std::vector<EligibilityCheckProfileIntegrityRecord>> integrity_records;
};
ZC_CONTRACT(EligibilityCheckProfile,
            (level, specialty, employment, education, titles, continuing_education, social_security, skills,
             frontline_skill_post, awards, integrity_records))

struct EligibilityCheck {
  std::optional<std::string> as_of;
  EligibilityCheckProfile profile;
  std::optional<std::string> campaign;
};
ZC_CONTRACT(EligibilityCheck, (as_of, profile, campaign))

}  // namespace zc::eligibility::views
