#pragma once
// The requests and answers of the applicant's archive and application, the reviewers' queue, deadlines,
// quotas and notifications on the wire: the types of the API contract (base/contract.hpp, docs/api.md). The
// route table names them for each operation (http/contract.cpp); /api/v1/openapi.json and the web app's
// TypeScript types are generated from them, and the black-box tests check every answer and every accepted
// body against them. A member the server sends and this file lacks fails those tests.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/contract.hpp"
#include "eligibility/views.hpp"

namespace zc::workflow::views {

struct ApplicationsPostRequest {
  std::string level;
  std::string specialty;
};
ZC_CONTRACT(ApplicationsPostRequest, (level, specialty))

struct ApplicationApplicant {
  int64_t id;
  std::string name;
  std::string id_number_masked;
  std::optional<std::string> mobile;
};
ZC_CONTRACT(ApplicationApplicant, (id, name, id_number_masked, mobile))

struct ApplicationUnit {
  int64_t id;
  std::string name;
  std::string credit_code;
};
ZC_CONTRACT(ApplicationUnit, (id, name, credit_code))

struct ApplicationSlotFile {
  int64_t id;
  std::string name;
  int64_t size;
  std::string content_type;
  std::string sha256;
  std::string uploaded_at;
};
ZC_CONTRACT(ApplicationSlotFile, (id, name, size, content_type, sha256, uploaded_at))

// POST /applications/{id}/evidence/{slot}/attach: a file the applicant uploaded before.
struct EvidenceAttachRequest {
  int64_t file_id;
};
ZC_CONTRACT(EvidenceAttachRequest, (file_id))

struct ApplicationSlot {
  std::string code;
  std::string name;
  std::string name_en;
  bool required;
  int64_t max_count;
  int64_t max_mb;
  std::vector<ApplicationSlotFile> files;
};
ZC_CONTRACT(ApplicationSlot, (code, name, name_en, required, max_count, max_mb, files))

struct ApplicationSnapshotRecord {
  int64_t version;
  std::string sha256;
  std::string created_at;
  boost::json::object data;
};
ZC_CONTRACT(ApplicationSnapshotRecord, (version, sha256, created_at, data))

struct ApplicationPublicity {
  std::string start;
  std::string end;
  std::string opinion;
  int64_t days;
};
ZC_CONTRACT(ApplicationPublicity, (start, end, opinion, days))

// A step a record's state offers the reader but a guard blocks now: the error code the attempt would get and
// its message in the reader's language (the review's records use the same type).
struct UnavailableAction {
  std::string action;
  std::string code;
  std::string message;
};
ZC_CONTRACT(UnavailableAction, (action, code, message))

struct ApplicationObjection {
  int64_t id;
  std::string content;
  // Who raised it, for the unit and the reviewers who must hear them; null for the applicant, who never
  // learns who objected (issue 16: need-to-know).
  contract::Nullable<std::string> raised_by;
  std::string raised_at;
  std::string status;
  std::string resolution;
  contract::Nullable<std::string> resolved_at;
  // What the reader may do to it now (the objection table's steps from its state for the reader's role).
  std::vector<std::string> allowed_actions;
  std::vector<UnavailableAction> unavailable_actions;  // none: its steps have no guard to block
};
ZC_CONTRACT(ApplicationObjection, (id, content, raised_by, raised_at, status, resolution, resolved_at,
                                   allowed_actions, unavailable_actions))

struct ApplicationCorrectionsItem {
  std::string item;
  std::string reason;
};
ZC_CONTRACT(ApplicationCorrectionsItem, (item, reason))

struct ApplicationCorrections {
  int64_t round;
  std::string reason;
  std::vector<ApplicationCorrectionsItem> items;
  std::string at;
};
ZC_CONTRACT(ApplicationCorrections, (round, reason, items, at))

struct ApplicationHistory {
  std::string from;
  std::string to;
  std::string to_name;
  std::string action;
  std::string actor;
  std::string role;
  std::string reason;
  std::string at;
};
ZC_CONTRACT(ApplicationHistory, (from, to, to_name, action, actor, role, reason, at))

// The deadlines that apply to this application: the stages' (with extensions), moved for it by a correction
// window after a return by the county, the department or the committee office (issue 17).
struct ApplicationDeadlines {
  std::string applicant;
  std::string unit;
  std::string county;
  // After a county or department return whose window ends after the unit deadline: the day by which the
  // unit must recommend it again (the same as `unit`); null otherwise.
  contract::Nullable<std::string> reopened_until;
  // After a committee-office return: the day by which the applicant must correct it; null otherwise.
  contract::Nullable<std::string> correction_until;
};
ZC_CONTRACT(ApplicationDeadlines, (applicant, unit, county, reopened_until, correction_until))

struct ApplicationPaper {
  int64_t copies;
  bool watermark;
  std::string form_number;
  std::string checked_at;
  std::string checked_by;
};
ZC_CONTRACT(ApplicationPaper, (copies, watermark, form_number, checked_at, checked_by))

struct Application {
  int64_t id;
  std::string number;
  std::string campaign_id;
  std::string level;
  std::string level_name;
  std::string specialty;
  std::string specialty_name;
  std::string state;
  std::string state_name;
  int64_t version;
  int64_t resubmissions;
  std::string reviewer;
  bool city_level;
  bool pledged;
  std::string pledge_text;
  ApplicationApplicant applicant;
  contract::Nullable<ApplicationUnit> unit;
  std::string region_code;
  contract::Nullable<eligibility::views::Eligibility> eligibility;
  std::vector<ApplicationSlot> slots;
  contract::Nullable<ApplicationSnapshotRecord> snapshot;
  contract::Nullable<std::string> submitted_at;
  contract::Nullable<ApplicationPublicity> publicity;
  std::vector<ApplicationObjection> objections;
  contract::Nullable<ApplicationCorrections> corrections;
  std::vector<ApplicationHistory> history;
  ApplicationDeadlines deadlines;
  std::vector<std::string> allowed_actions;
  std::vector<UnavailableAction> unavailable_actions;
  std::string opinion_template;
  std::string form_number;
  contract::Nullable<ApplicationPaper> paper;
  std::string created_at;
  std::string updated_at;
};
ZC_CONTRACT(Application, (id, number, campaign_id, level, level_name, specialty, specialty_name, state,
                          state_name, version, resubmissions, reviewer, city_level, pledged, pledge_text,
                          applicant, unit, region_code, eligibility, slots, snapshot, submitted_at, publicity,
                          objections, corrections, history, deadlines, allowed_actions, unavailable_actions,
                          opinion_template, form_number, paper, created_at, updated_at))

struct ApplicationsBatchPostRequestItem {
  int64_t id;
  int64_t version;
};
ZC_CONTRACT(ApplicationsBatchPostRequestItem, (id, version))

struct ApplicationsBatchPostRequest {
  std::vector<ApplicationsBatchPostRequestItem> items;
  std::string opinion;
};
ZC_CONTRACT(ApplicationsBatchPostRequest, (items, opinion))

struct BatchApplied {
  int64_t applied;
};
ZC_CONTRACT(BatchApplied, (applied))

struct MyApplication {
  int64_t id;
  std::string number;
  std::string campaign_id;
  std::string level;
  std::string level_name;
  std::string specialty_name;
  std::string state;
  int64_t version;
  std::string updated_at;
};
ZC_CONTRACT(MyApplication,
            (id, number, campaign_id, level, level_name, specialty_name, state, version, updated_at))

struct MyApplications {
  std::vector<MyApplication> items;
};
ZC_CONTRACT(MyApplications, (items))

struct ApplicationPreview {
  contract::Nullable<eligibility::views::Eligibility> eligibility;
  std::vector<ApplicationSlot> slots;
};
ZC_CONTRACT(ApplicationPreview, (eligibility, slots))

struct ApplicationsPutRequest {
  int64_t version;
  std::string level;
  std::string specialty;
  std::optional<bool> pledged;  // absent: the pledge stays as it is
};
ZC_CONTRACT(ApplicationsPutRequest, (version, level, specialty, pledged))

struct ApplicationsActionsPostRequest {
  int64_t version;
  std::optional<std::string> start_date;
  std::optional<std::string> opinion;
  std::optional<std::string> reason;
  std::optional<std::vector<ApplicationCorrectionsItem>> items;
};
ZC_CONTRACT(ApplicationsActionsPostRequest, (version, start_date, opinion, reason, items))

struct ApplicationsObjectionsPostRequest {
  std::string content;
  std::string raised_by;
};
ZC_CONTRACT(ApplicationsObjectionsPostRequest, (content, raised_by))

struct ApplicationsObjectionsResolvePostRequest {
  std::string outcome;
  std::string resolution;
};
ZC_CONTRACT(ApplicationsObjectionsResolvePostRequest, (outcome, resolution))

struct ArchiveItem {
  int64_t id;
  std::string kind;
  boost::json::object data;
  std::vector<ApplicationSlotFile> files;
  std::string return_reason;
};
ZC_CONTRACT(ArchiveItem, (id, kind, data, files, return_reason))

// An item of the applicant's working copy: as sent to PUT /archive/working-copy, its files read back.
struct ArchiveWorkingItem {
  std::optional<int64_t> id;  // the archive item it edits; absent for a new one
  std::string kind;
  boost::json::object data;
  std::vector<ApplicationSlotFile> files;
};
ZC_CONTRACT(ArchiveWorkingItem, (id, kind, data, files))

// The applicant's unsent edits of the archive, saved on every change of an item. The archive itself (an
// approved one stays approved) changes only when they are saved with PUT /archive.
struct ArchiveWorkingCopy {
  int64_t base_version;  // the archive version the edits started from
  std::string unit_credit_code;
  std::vector<ArchiveWorkingItem> items;
  std::string saved_at;
};
ZC_CONTRACT(ArchiveWorkingCopy, (base_version, unit_credit_code, items, saved_at))

struct Archive {
  std::string status;
  contract::Nullable<ApplicationUnit> unit;  // null until the archive names its unit
  std::vector<ArchiveItem> items;
  std::string return_reason;
  int64_t version;
  contract::Nullable<std::string> submitted_at;
  contract::Nullable<std::string> reviewed_at;
  std::optional<ApplicationApplicant> applicant;   // only in the unit's view
  std::optional<ArchiveWorkingCopy> working_copy;  // only in the applicant's own view, when there are edits
};
ZC_CONTRACT(Archive,
            (status, unit, items, return_reason, version, submitted_at, reviewed_at, applicant, working_copy))

struct ArchivePutRequestItem {
  std::vector<int64_t> file_ids;
  std::string kind;
  boost::json::object data;
  std::optional<int64_t> id;
};
ZC_CONTRACT(ArchivePutRequestItem, (file_ids, kind, data, id))

struct ArchivePutRequest {
  int64_t version;
  std::string unit_credit_code;
  std::vector<ArchivePutRequestItem> items;
};
ZC_CONTRACT(ArchivePutRequest, (version, unit_credit_code, items))

struct ArchiveSubmitPostRequest {
  int64_t version;
};
ZC_CONTRACT(ArchiveSubmitPostRequest, (version))

struct DeadlineExtensionsPostRequest {
  std::string stage;
  std::optional<int64_t> unit_id;
  std::string until;
  std::string reason;
  std::optional<std::string> region_code;
  // Stages stay in order (applicant ≤ unit ≤ county): an extension past a later stage's deadline is refused
  // (extension_out_of_order) unless this is true, which extends the later stages to the same day.
  std::optional<bool> extend_later;
};
ZC_CONTRACT(DeadlineExtensionsPostRequest, (stage, unit_id, until, reason, region_code, extend_later))

struct DeadlineExtension {
  int64_t id;
  std::string stage;
  contract::Nullable<int64_t> unit_id;
  std::string unit_name;
  contract::Nullable<std::string> region_code;
  contract::Nullable<std::string> region_name;
  std::string until;
  std::string reason;
  std::string created_at;
  std::string created_by;  // the name of the account that extended it
};
ZC_CONTRACT(DeadlineExtension,
            (id, stage, unit_id, unit_name, region_code, region_name, until, reason, created_at, created_by))

struct DeadlineExtensionPage {
  std::vector<DeadlineExtension> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
};
ZC_CONTRACT(DeadlineExtensionPage, (items, total, page_size, next_cursor))

struct DeadlinesStage {
  std::string stage;
  std::string date;
  bool extended;
  int64_t days_left;
};
ZC_CONTRACT(DeadlinesStage, (stage, date, extended, days_left))

struct DeadlinesNext {
  std::string stage;
  std::string date;
  int64_t days_left;
  int64_t pending;
};
ZC_CONTRACT(DeadlinesNext, (stage, date, days_left, pending))

struct Deadlines {
  std::string campaign_id;
  std::string today;
  std::vector<DeadlinesStage> stages;
  contract::Nullable<DeadlinesNext> next;  // the next deadline that concerns the caller
};
ZC_CONTRACT(Deadlines, (campaign_id, today, stages, next))

struct Notification {
  int64_t id;
  std::string kind;
  contract::Nullable<int64_t> application_id;
  std::string text;
  std::string at;
  bool read;
};
ZC_CONTRACT(Notification, (id, kind, application_id, text, at, read))

struct NotificationPage {
  std::vector<Notification> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
  int64_t unread;
};
ZC_CONTRACT(NotificationPage, (items, total, page_size, next_cursor, unread))

struct QueueRow {
  int64_t id;
  std::string number;
  std::string applicant_name;
  std::string unit_name;
  std::string level;
  std::string level_name;
  std::string specialty;
  std::string specialty_name;
  std::string state;
  std::string state_name;
  contract::Nullable<std::string> submitted_at;
  std::string publicity_end;
  std::string updated_at;
  int64_t version;
};
ZC_CONTRACT(QueueRow, (id, number, applicant_name, unit_name, level, level_name, specialty, specialty_name,
                       state, state_name, submitted_at, publicity_end, updated_at, version))

struct QueuePage {
  std::vector<QueueRow> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
  std::map<std::string, int64_t> counts;
};
ZC_CONTRACT(QueuePage, (items, total, page_size, next_cursor, counts))

struct Reminder {
  std::string stage;
  std::string deadline;
  int64_t days_left;
  int64_t count;
  std::string text;
};
ZC_CONTRACT(Reminder, (stage, deadline, days_left, count, text))

struct Reminders {
  std::vector<Reminder> items;
};
ZC_CONTRACT(Reminders, (items))

struct StatsByRegion {
  std::string code;
  std::string name;
  int64_t count;
};
ZC_CONTRACT(StatsByRegion, (code, name, count))

struct StatsByUnit {
  int64_t unit_id;
  std::string name;
  int64_t count;
};
ZC_CONTRACT(StatsByUnit, (unit_id, name, count))

struct StatsPassRateByLevel {
  std::string code;
  std::string name;
  int64_t passed;
  int64_t decided;
};
ZC_CONTRACT(StatsPassRateByLevel, (code, name, passed, decided))

struct StatsPassRate {
  int64_t passed;
  int64_t decided;
  std::vector<StatsPassRateByLevel> by_level;
  std::vector<StatsPassRateByLevel> by_specialty;
  std::vector<StatsPassRateByLevel> by_region;
};
ZC_CONTRACT(StatsPassRate, (passed, decided, by_level, by_specialty, by_region))

struct StatsUnitDeadline {
  std::string date;
  int64_t days_left;
};
ZC_CONTRACT(StatsUnitDeadline, (date, days_left))

struct StatsPendingUnit {
  int64_t unit_id;
  std::string name;
  int64_t pending;
};
ZC_CONTRACT(StatsPendingUnit, (unit_id, name, pending))

struct Stats {
  int64_t total;
  std::map<std::string, int64_t> by_state;
  std::vector<StatsByRegion> by_region;
  std::vector<StatsByRegion> by_level;
  std::vector<StatsByRegion> by_specialty;
  std::vector<StatsByUnit> by_unit;
  StatsPassRate pass_rate;
  StatsUnitDeadline unit_deadline;
  std::vector<StatsPendingUnit> pending_units;
};
ZC_CONTRACT(Stats, (total, by_state, by_region, by_level, by_specialty, by_unit, pass_rate, unit_deadline,
                    pending_units))

struct UnitArchiveRow {
  int64_t user_id;
  std::string name;
  std::string id_number_masked;
  std::string status;
  std::string submitted_at;
  int64_t version;
  int64_t items_count;
};
ZC_CONTRACT(UnitArchiveRow, (user_id, name, id_number_masked, status, submitted_at, version, items_count))

struct UnitArchivePage {
  std::vector<UnitArchiveRow> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
  std::map<std::string, int64_t> counts;
};
ZC_CONTRACT(UnitArchivePage, (items, total, page_size, next_cursor, counts))

struct UnitArchivesReturnPostRequestItem {
  int64_t item_id;
  std::string reason;
};
ZC_CONTRACT(UnitArchivesReturnPostRequestItem, (item_id, reason))

struct UnitArchivesReturnPostRequest {
  int64_t version;
  std::string reason;
  std::vector<UnitArchivesReturnPostRequestItem> items;
};
ZC_CONTRACT(UnitArchivesReturnPostRequest, (version, reason, items))

struct UnitQuota {
  std::string level;
  std::string level_name;
  int64_t quota;
  int64_t used;
  int64_t left;
};
ZC_CONTRACT(UnitQuota, (level, level_name, quota, used, left))

struct UnitQuotas {
  int64_t unit_id;
  std::string unit_type;
  std::vector<UnitQuota> items;
};
ZC_CONTRACT(UnitQuotas, (unit_id, unit_type, items))

struct UnitsQuotasPutRequestItem {
  std::string level;
  int64_t quota;
};
ZC_CONTRACT(UnitsQuotasPutRequestItem, (level, quota))

struct UnitsQuotasPutRequest {
  std::vector<UnitsQuotasPutRequestItem> items;
  std::string reason;
};
ZC_CONTRACT(UnitsQuotasPutRequest, (items, reason))

}  // namespace zc::workflow::views
