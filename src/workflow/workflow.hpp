#pragma once
// The platform's daily work (docs/workflow.md): performance archives, applications with evidence and
// snapshots, the transitions of state_machine.hpp with their guards (deadlines, publicity, objections,
// quotas), queues, batches, deadline extensions, reminders and notifications. Every write runs in one
// transaction with its audit row; views come back as JSON in the shape the API documents.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.hpp"
#include "base/error_codes.hpp"
#include "base/files.hpp"
#include "base/lifecycle.hpp"
#include "base/result.hpp"
#include "calendar/calendar_store.hpp"
#include "campaign/campaign.hpp"
#include "storage/database.hpp"
#include "workflow/snapshot.hpp"
#include "workflow/state_machine.hpp"
#include "workflow/views.hpp"

namespace zc::workflow {

namespace json = boost::json;
using accounts::Actor;
using accounts::Principal;

using zc::SniffContentType;  // base/files.hpp

struct FileRef {
  std::string path;  // the blob on disk
  std::string name;
  std::string content_type;
};

struct ListFilter {
  std::string state, q, level, specialty, status;
  std::optional<int64_t> unit_id;
  storage::PageRequest page;
};

// Fields of an action request (POST …/actions/{action}); which are needed depends on the action.
struct ActionForm {
  int64_t version = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> items;  // correction list: {item, reason}
  std::string start_date;
  std::string opinion;
};

// The body of PUT /api/v1/archive in the contract's types, as the route read it (http/workflow_routes.cpp).
// A member it could not read (unknown, or of the wrong type) keeps its default and is named in `unread`;
// SaveArchive reports those among its own checks, in the order of the body, so that one answer names every
// problem. An item's id or file id that is not a number reads as kUnreadableId, which names no item and no
// file. An item's `data` stays a free-form document: its members depend on the kind (checked by SaveArchive).
struct ArchiveForm {
  static constexpr int64_t kUnreadableId = -1;
  struct ItemUnread {
    std::vector<FieldError> members;     // members an item does not have
    std::optional<FieldError> item;      // not an object, or its kind missing or not a string: not checked on
    std::optional<FieldError> data;      // its data missing or not an object: not checked on
    std::optional<FieldError> file_ids;  // file_ids not an array
  };
  views::ArchivePutRequest body;
  std::vector<FieldError> unread;        // the body's own members
  std::vector<ItemUnread> items_unread;  // empty, or one per item of body.items
};

// The body of PUT /api/v1/units/{id}/quotas as the route read it, in the manner of ArchiveForm: what it could
// not read is named for SetQuotas to report among its own checks, in their order. A reason that is not a
// string reads as empty; an item's level that is not a string reads as empty (required).
struct QuotasForm {
  struct ItemUnread {
    std::vector<FieldError> members;  // members an item does not have
    std::optional<FieldError> item;   // not an object: not checked on
    std::optional<FieldError> quota;  // quota missing or not an integer: its level not checked for duplicates
  };
  views::UnitsQuotasPutRequest body;
  std::vector<FieldError> unread;        // the body's own members
  std::optional<FieldError> items;       // items missing or not an array: nothing checked after the reason
  std::vector<ItemUnread> items_unread;  // empty, or one per item of body.items
};

// The body of POST /api/v1/deadline-extensions as the route read it: a member of the wrong type keeps its
// default (empty, or none) and is named in `unread`, with the unknown members, for AddExtension to report
// first.
struct ExtensionForm {
  views::DeadlineExtensionsPostRequest body;
  std::vector<FieldError> unread;
};

class Workflow {
 public:
  // `campaigns` sorted by year; the last is the open one.
  Workflow(accounts::Env env, const std::vector<campaign::Campaign>& campaigns,
           calendar::CalendarStore& calendars);

  const campaign::Campaign& current() const { return campaigns_.back(); }

  // ---- Files ----
  // Takes an uploaded temporary file (moved into the blob store) for the caller; `max_bytes` from the slot.
  // The most bytes one account's uploads may take together (serve --storage-quota-mb; default 200 MB).
  void SetStorageQuota(int64_t bytes) { storage_quota_bytes_ = bytes; }
  Result<views::ApplicationSlotFile> StoreFile(const Actor& actor, const std::filesystem::path& tmp,
                                               const std::string& name, int64_t max_bytes);
  Result<FileRef> FileForDownload(const Principal& p, int64_t file_id);

  // ---- Archive ----
  Result<views::Archive> GetArchive(const Principal& p);
  Result<views::Archive> SaveArchive(const Actor& actor, const ArchiveForm& form);
  // The applicant's working copy (issue 18): the edits as they are, saved on every change of an item, checked
  // only for their shape (kinds, own files, the item limit); the archive is untouched. PUT /archive deletes
  // it.
  Result<views::ArchiveWorkingCopy> SaveArchiveWorkingCopy(const Actor& actor, const ArchiveForm& form);
  Status DiscardArchiveWorkingCopy(const Actor& actor);
  Result<views::Archive> SubmitArchive(const Actor& actor, int64_t version);
  Result<views::UnitArchivePage> ListUnitArchives(const Principal& p, const ListFilter& f);
  // The unit's view of an archive sent to it (with the applicant).
  Result<views::Archive> GetUnitArchive(const Principal& p, int64_t user_id);
  Result<views::Archive> ReviewArchive(const Actor& actor, int64_t user_id, bool approve,
                                       const ActionForm& form);

  // ---- Applications ----
  Result<views::Application> CreateApplication(const Actor& actor, const std::string& level,
                                               const std::string& specialty);
  Result<views::MyApplications> MyApplications(const Principal& p);
  Result<views::ApplicationPreview> Preview(const Principal& p, const std::string& level,
                                            const std::string& specialty);
  Result<views::Application> GetApplication(const Principal& p, int64_t id);
  // What was submitted, typed, for the printed forms: not_found outside the caller's scope,
  // form_requires_submission before the first submission and while the application is back with the
  // applicant, snapshot_unreadable when the stored snapshot does not parse (workflow/snapshot.hpp).
  Result<SubmittedApplication> Submitted(const Principal& p, int64_t id);
  Result<views::Application> UpdateApplication(const Actor& actor, int64_t id, int64_t version,
                                               const std::string& level, const std::string& specialty,
                                               std::optional<bool> pledged);
  Result<views::ApplicationSlotFile> AddEvidence(const Actor& actor, int64_t id, const std::string& slot,
                                                 const std::filesystem::path& tmp, const std::string& name);
  // Puts a file the applicant already uploaded (to the archive or another slot) into a slot without
  // uploading it again: the file then has several references, all of which the quota and gc-files count.
  // not_found for a file of someone else; the slot's size limit and count hold as for an upload; a file
  // already in the slot is answered as it is, not added twice.
  Result<views::ApplicationSlotFile> AttachEvidence(const Actor& actor, int64_t id, const std::string& slot,
                                                    int64_t file_id);
  Status RemoveEvidence(const Actor& actor, int64_t id, const std::string& slot, int64_t file_id);
  // The slot's size limit in bytes (for streaming uploads); 0 for an unknown slot.
  int64_t SlotLimit(const std::string& slot) const;

  Result<views::Application> Act(const Actor& actor, int64_t id, Action action, const ActionForm& form);
  // The committee office checks in the paper forms of a received application (docs/review.md).
  Result<views::Application> CheckInPaper(const Actor& actor, int64_t id, int copies, bool watermark,
                                          const std::string& form_number);
  // Applies a transition whose guard is Guard::kReview (a meeting's result, an overturn, a confirmation, a
  // revocation) inside the caller's write transaction; the review module has checked its own rules. The
  // transition's role is the actor's; the state must allow the action.
  // `items` is the correction list of a return ({item, reason}), shown to the applicant.
  Status ApplyReviewStep(storage::Session& s, const Actor& actor, int64_t id, Action action,
                         const std::string& reason, TimePoint now,
                         std::vector<std::pair<std::string, std::string>> items = {});
  // Validates every item first; applies all or none. The error's fields are "items[i]" with the item's
  // code and the application id as detail.
  Result<int> Batch(const Actor& actor, Action action, const std::vector<std::pair<int64_t, int64_t>>& items,
                    const ActionForm& form);
  Result<views::Application> AddObjection(const Actor& actor, int64_t id, const std::string& content,
                                          const std::string& raised_by);
  Result<views::Application> ResolveObjection(const Actor& actor, int64_t id, int64_t objection_id,
                                              const std::string& outcome, const std::string& resolution);
  Result<views::QueuePage> Queue(const Principal& p, const ListFilter& f);
  // Counts of the applications within the caller's scope by state, region, level and specialty (one grouped
  // scan): {"total", "by_state": {state: n}, "by_region"|"by_level"|"by_specialty": [{code, name, count}]}.
  Result<views::Stats> Stats(const Principal& p);

  // ---- Quotas, deadlines, reminders, notifications ----
  Result<views::UnitQuotas> Quotas(const Principal& p, int64_t unit_id);
  Result<views::UnitQuotas> SetQuotas(const Actor& actor, int64_t unit_id, const QuotasForm& form);
  Result<views::Deadlines> Deadlines(const Principal& p);
  Result<views::DeadlineExtensionPage> Extensions(const Principal&, const storage::PageRequest& page = {});
  Result<views::DeadlineExtensionPage> AddExtension(const Actor& actor, const ExtensionForm& form);
  Result<views::Reminders> Reminders(const Principal& p);
  Result<views::NotificationPage> Notifications(const Principal& p, const storage::PageRequest& page);
  Status MarkRead(const Principal& p, std::optional<int64_t> id);

  // ---- Timed jobs (docs/operations.md) ----
  // Plans the current campaign's deadline reminders (3 days and 1 day before each stage's deadline, 09:00);
  // idempotent, so every node may call it at start. A reminder run more than 12 hours late is dropped.
  void PlanReminders();
  // Claims and runs the jobs due now, at most `limit`; each runs once whichever node claims it. Returns how
  // many ran.
  int RunDueJobs(const std::string& node, int limit = 20);

 private:
  struct Impl;
  accounts::Env env_;
  const std::vector<campaign::Campaign>& campaigns_;
  calendar::CalendarStore& calendars_;
  int64_t storage_quota_bytes_ = int64_t{200} << 20;
};

// Checks the stored workflow against its rules: every application's state is where its history leads
// through the transition table, timestamps never go back, snapshots match their hashes and number one per
// submission, and no unit holds more quota places than it has. One line per problem; empty when sound.
std::vector<std::string> CheckInvariants(storage::Database& db);

// Garbage collection of uploads (issue 16: "garbage collection of unlinked and deleted blobs that counts
// every reference"). A file is kept while an archive item holds it, an evidence slot holds it, or any frozen
// snapshot names it (the forms and the reviewers still read it), and for `grace` after its upload (it is
// attached by a later request). Other files are deleted with the removed-evidence rows that point at them;
// a blob then goes when no file and no unit's authorisation letter refers to it, and its bytes leave the
// disk unless they were stored again within `grace`. Blobs on disk the database does not know and
// unfinished uploads older than `grace` go too. Audited as the system when anything was removed; `dry_run`
// only counts.
struct GarbageReport {
  int64_t files = 0, file_bytes = 0;  // files rows deleted and the sizes they counted in quotas
  int64_t blobs = 0, blob_bytes = 0;  // blobs deleted and the bytes freed on this node's disk
  int64_t strays = 0, stray_bytes = 0;
};
GarbageReport CollectFiles(const accounts::Env& env, std::chrono::seconds grace, bool dry_run);

// No dead ends (issue 17), for check-invariants: every application that is neither final nor an unsent
// draft has, on the day of `at`, a step that someone may take now or once something pending happens (a
// publicity ends, an objection or the paper check-in is dealt with, a correction window runs out). One line
// per stuck application, naming why each step is closed; empty when none is stuck.
std::vector<std::string> StuckApplications(storage::Database& db,
                                           const std::vector<campaign::Campaign>& campaigns,
                                           const calendar::Calendar& cal, TimePoint at);

// Whether an application in `state` keeps a way forward when `blocks` says why each step from it is closed
// (nullopt: open). A step the review takes (a meeting, a publicity) counts as a way forward; so does one
// closed only until something pending happens. Returns the closed steps with their reasons when none is
// left, nullopt otherwise.
std::optional<std::vector<std::pair<Action, ErrorCode>>> NoWayForward(
    State state, const std::function<std::optional<ErrorCode>(const Transition&)>& blocks);

// Whether the campaign can reach the state at all: not_accepted only comes from its pre-review publicity or
// its correction window. Lists of counts by state show the states in use, zeros included.
inline bool StateInUse(State s, const campaign::Campaign& c) {
  // not_accepted follows an upheld pre-review objection, or a committee-office correction window that
  // passed without a correction.
  return s != State::kNotAccepted || c.pre_review_publicity_working_days > 0 ||
         c.deadlines.correction_working_days > 0;
}

// The application's and the archive's lifecycles as data (state_machine.hpp's tables).
std::vector<Lifecycle> Lifecycles();

}  // namespace zc::workflow
