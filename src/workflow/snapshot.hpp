#pragma once
// The frozen application snapshot (申报快照): what the applicant submitted, stored as one JSON document per
// submission (application_snapshots.data, hashed) and printed on the review form. Its schema is versioned:
// `schema` 1 is the first (snapshots written before the member existed are schema 1 too). Readers take it
// through ParseSnapshot, which names every missing or mistyped member instead of reading it as empty — a
// renamed key must never print a blank field on a legal form.
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "campaign/campaign.hpp"
#include "workflow/state_machine.hpp"

namespace zc::workflow {

inline constexpr int kSnapshotSchema = 1;

// True when the stored snapshot names the file for its reviewers: in an archive item or in an evidence slot
// that the snapshot's campaign does not mark personal (identity card, bank and tax records).
bool SnapshotNamesFileForReviewers(const std::string& snapshot,
                                   const std::vector<campaign::Campaign>& campaigns, int64_t file_id);

struct SnapshotFile {
  std::string name, sha256;
};
struct SnapshotSlot {
  std::string code, name;
  std::vector<SnapshotFile> files;
};
// One archive item as submitted; its data stays the document the applicant filled in (docs/workflow.md).
struct SnapshotItem {
  std::string kind;
  boost::json::object data;
};
struct SnapshotReason {
  std::string status, group, clause, message_zh;
};
struct SnapshotDecision {
  std::string path;       // the route taken (regular, exceptional, …); empty when none
  std::string path_name;  // its Chinese name
  std::string summary_zh;
  std::vector<SnapshotReason> reasons;
};

struct ApplicationSnapshot {
  int schema = kSnapshotSchema;
  std::string number, campaign_id, level, level_name, specialty, specialty_name;
  std::string applicant_name, applicant_id_number_masked;
  std::string unit_name, unit_credit_code;
  std::vector<SnapshotItem> archive;
  std::vector<SnapshotSlot> slots;
  SnapshotDecision eligibility;
  std::string pledge_text, pledged_at, submitted_at;  // times as ISO 8601 (Asia/Shanghai)
};

// Reads a stored snapshot. Fails with `snapshot_unreadable` (the detail lists every problem) on a member that
// is missing or of the wrong type, or on a schema newer than this build knows.
Result<ApplicationSnapshot> ParseSnapshot(const boost::json::value& data);

// What the unit's publicity copy of the form shows (documents/review_form.cpp) that differs between two
// snapshots, by the copy's section names ("基本情况", "学历", …): who applies, from which unit, for what and
// by which route, and every archive item. Evidence files, the pledge's time and the opinions are not
// publicised and never count. Empty when a publicity of `before` still covers `after` (issue 17).
std::vector<std::string> PublicisedChanges(const ApplicationSnapshot& before,
                                           const ApplicationSnapshot& after);

// A submitted application as the printed forms need it: the snapshot and what the unit added to it.
struct SubmittedApplication {
  int64_t id = 0;
  std::string number, campaign_id;
  State state = State::kDraft;
  int snapshot_version = 0;
  std::string snapshot_sha256;
  ApplicationSnapshot snapshot;
  std::string publicity_start, publicity_end, opinion;
  // Whom colleagues contact during the unit's publicity: the unit's person in charge of titles.
  std::string unit_contact_name, unit_contact_mobile;
  // The acceptance point's or competent department's review opinion when it recommended (empty: none
  // recorded), who recorded it and the day.
  std::string review_opinion, review_opinion_by, review_opinion_on;
};

}  // namespace zc::workflow
