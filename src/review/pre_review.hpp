#pragma once
// The committee office's pre-review publicity (评前公示; docs/review.md "Pre-review publicity"): a campaign
// option (`publicity.pre_review_working_days`; absent, the campaign has no such stage, as in Jiaxing's 2022
// notice). The office publishes the candidates of a committee accepted at that moment — name, unit, level and
// specialty, never an identity number — for the set number of working days; anyone may object with a contact;
// the office decides each objection: dismissed lets the candidate go on, upheld sends the application back to
// the office's formal review with the finding as the correction item, not_eligible ends it as not accepted.
// A candidate joins a specialty group only after the period has ended with no open objection.
//
// Typed commands in, typed views out; the rules are the lifecycle tables below, the SQL is
// storage::PreReviewRepo, and JSON is made in src/http.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.hpp"
#include "base/lifecycle.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "calendar/calendar_store.hpp"
#include "campaign/campaign.hpp"
#include "review/views.hpp"
#include "storage/database.hpp"
#include "workflow/workflow.hpp"

namespace zc::review {

// ---- The lifecycles ----

// A publicity runs by the calendar: scheduled → open → ended.
enum class PreReviewStatus { kScheduled, kOpen, kEnded };
// A candidate in a publicity.
enum class CandidateStatus {
  kListed,         // the period has not ended
  kObjectionOpen,  // the period has ended with an objection still to decide
  kCleared,        // ended with no open objection: may join a specialty group
  kReturned,       // an objection was upheld: back with the applicant for correction
  kNotAccepted,    // an objection showed the person is not eligible: ended
};
// An objection: open → dismissed | upheld | not_eligible, by the committee office.
enum class PreReviewObjectionState { kOpen, kDismissed, kUpheld, kNotEligible };
// What the office decides about an objection (the request's `outcome`: the state it leads to).
enum class ObjectionOutcome { kDismissed, kUpheld, kNotEligible };

inline constexpr auto kPreReviewPublicityLifecycle = MakeLifecycle<PreReviewStatus>(
    "pre_review_publicity", "评前公示", "Pre-review publicity",
    {
        {PreReviewStatus::kScheduled, "scheduled", "待公示", "Scheduled", "info", "committee", false,
         "committee_office"},
        {PreReviewStatus::kOpen, "open", "公示中", "Open", "warning", "public", false,
         "committee_office public"},
        {PreReviewStatus::kEnded, "ended", "公示期满", "Ended", "success", "committee", true,
         "committee_office"},
    },
    {
        {std::nullopt, "publish", PreReviewStatus::kScheduled, "发布评前公示", "published",
         "committee_office", "pre_review_publish",
         "the campaign has the stage; the committee has accepted candidates not yet publicised; the start is "
         "a "
         "working day, not in the past"},
        {PreReviewStatus::kScheduled, "start", PreReviewStatus::kOpen, "公示开始", "starts", "",
         "start_date"},
        {PreReviewStatus::kOpen, "end", PreReviewStatus::kEnded, "公示期满", "ends", "", "working_days",
         "the publicity's working days have passed"},
    });
static_assert(kPreReviewPublicityLifecycle.Valid());

inline constexpr auto kPreReviewCandidateLifecycle = MakeLifecycle<CandidateStatus>(
    "pre_review_candidate", "评前公示对象", "Pre-review candidate",
    {
        {CandidateStatus::kListed, "listed", "公示中", "In publicity", "warning", "public", false,
         "committee_office"},
        {CandidateStatus::kObjectionOpen, "objection_open", "异议待处理", "Objection to decide", "danger",
         "committee", false, "committee_office"},
        {CandidateStatus::kCleared, "cleared", "公示无异议", "Cleared", "success", "committee", true,
         "committee_office", ErrorCode::transition_not_allowed, "may_join_group"},
        {CandidateStatus::kReturned, "returned", "异议成立，退回补正", "Returned for correction", "danger",
         "applicant", true, "committee_office"},
        {CandidateStatus::kNotAccepted, "not_accepted", "异议成立，不予受理", "Not accepted", "danger",
         "closed", true, "committee_office"},
    },
    {
        {std::nullopt, "list", CandidateStatus::kListed, "列入评前公示", "listed", "committee_office",
         "pre_review_publish", "accepted by the committee and not yet publicised", "applicant"},
        {CandidateStatus::kListed, "end", CandidateStatus::kCleared, "公示期满无异议",
         "ended without objection", "", "no_open_objection"},
        {CandidateStatus::kListed, "end", CandidateStatus::kObjectionOpen, "公示期满，异议待处理",
         "ended with an open objection", "", "open_objection"},
        {CandidateStatus::kListed, "dismiss", CandidateStatus::kListed, "异议不成立", "objection dismissed",
         "committee_office", "resolution"},
        {CandidateStatus::kObjectionOpen, "dismiss", CandidateStatus::kCleared, "异议不成立",
         "objection dismissed", "committee_office", "resolution; no other open objection"},
        {CandidateStatus::kListed, "uphold", CandidateStatus::kReturned, "异议成立，退回补正",
         "objection upheld", "committee_office", "resolution"},
        {CandidateStatus::kObjectionOpen, "uphold", CandidateStatus::kReturned, "异议成立，退回补正",
         "objection upheld", "committee_office", "resolution"},
        {CandidateStatus::kListed, "not_eligible", CandidateStatus::kNotAccepted, "异议成立，不符合条件",
         "not eligible", "committee_office", "resolution"},
        {CandidateStatus::kObjectionOpen, "not_eligible", CandidateStatus::kNotAccepted,
         "异议成立，不符合条件", "not eligible", "committee_office", "resolution"},
    });
static_assert(kPreReviewCandidateLifecycle.Valid());

inline constexpr auto kPreReviewObjectionLifecycle = MakeLifecycle<PreReviewObjectionState>(
    "pre_review_objection", "评前公示异议", "Pre-review objection",
    {
        {PreReviewObjectionState::kOpen, "open", "待处理", "Open", "warning", "committee", false,
         "committee_office", ErrorCode::objection_not_open},
        {PreReviewObjectionState::kDismissed, "dismissed", "不成立", "Dismissed", "info", "closed", true,
         "committee_office", ErrorCode::objection_not_open},
        {PreReviewObjectionState::kUpheld, "upheld", "成立（退回补正）", "Upheld (correction)", "danger",
         "closed", true, "committee_office", ErrorCode::objection_not_open},
        {PreReviewObjectionState::kNotEligible, "not_eligible", "成立（不予受理）", "Upheld (not eligible)",
         "danger", "closed", true, "committee_office", ErrorCode::objection_not_open},
    },
    {
        {std::nullopt, "raise", PreReviewObjectionState::kOpen, "公众提出异议", "raised", "public",
         "publicity_open; contact",
         "during the publicity, against a listed candidate, with a name and contact", "committee_office"},
        {PreReviewObjectionState::kOpen, "dismiss", PreReviewObjectionState::kDismissed, "异议不成立",
         "dismissed", "committee_office", "resolution", "a written resolution", "applicant"},
        // Upholding takes the application's office_return or not_accept step, whose row tells the applicant.
        {PreReviewObjectionState::kOpen, "uphold", PreReviewObjectionState::kUpheld, "异议成立，退回补正",
         "upheld", "committee_office", "resolution", "a written resolution", "", "office_return"},
        {PreReviewObjectionState::kOpen, "not_eligible", PreReviewObjectionState::kNotEligible,
         "异议成立，不予受理", "upheld: not eligible", "committee_office", "resolution",
         "a written resolution", "", "not_accept"},
    });
static_assert(kPreReviewObjectionLifecycle.Valid());

std::string_view PreReviewStatusCode(PreReviewStatus s);
std::string_view CandidateStatusCode(CandidateStatus s);
std::string_view ObjectionOutcomeCode(ObjectionOutcome o);
std::optional<ObjectionOutcome> ParseObjectionOutcome(std::string_view code);
// The objection's step an outcome takes ("dismiss", "uphold", "not_eligible").
std::string_view ObjectionOutcomeAction(ObjectionOutcome o);
// The pre-review publicity, its candidates and its objections, as GET /api/v1/lifecycles serves them.
std::vector<Lifecycle> PreReviewLifecycles();

// ---- Commands and views ----

struct PublishPreReview {
  std::string committee_code;
  std::string start_date;  // YYYY-MM-DD, a working day, not in the past
};

struct RaisePreReviewObjection {
  int64_t entry_id = 0;  // the candidate's application
  std::string name, contact, content;
};

struct ResolvePreReviewObjection {
  std::string outcome;  // dismissed | upheld | not_eligible
  std::string resolution;
};

struct PreReviewCandidate {
  int64_t application_id = 0;
  std::string number, name, unit_name, level_name, specialty_name;
  workflow::State state = workflow::State::kAccepted;
  CandidateStatus status = CandidateStatus::kListed;
};

struct PreReviewObjectionView {
  int64_t id = 0, application_id = 0;
  std::string application_number, candidate_name;
  std::string name, contact, content;  // the objector: shown to the committee office only
  std::string status, resolution;      // open | dismissed | upheld | not_eligible
  int64_t created_at = 0, resolved_at = 0;
  // What the reader may do to it now (the objection table's steps for the reader's role).
  std::vector<std::string> allowed_actions = {};
  std::vector<views::UnavailableAction> unavailable_actions = {};
};

// What the committee office and the city admin see.
struct PreReviewPublicityView {
  int64_t id = 0;
  std::string committee_code, committee_name, start_date, end_date;
  PreReviewStatus status = PreReviewStatus::kScheduled;
  int working_days = 0;
  std::vector<PreReviewCandidate> candidates;
  std::vector<PreReviewObjectionView> objections;
};

// What the public sees (PublicPreReview, review/views.hpp): no identity number, no contact, no state.

class PreReview {
 public:
  PreReview(accounts::Env env, const std::vector<campaign::Campaign>& campaigns,
            calendar::CalendarStore& calendars, workflow::Workflow& wf);

  // Whether the open campaign has the stage at all.
  bool Enabled() const;
  Result<PreReviewPublicityView> Publish(const accounts::Actor& actor, const PublishPreReview& cmd);
  Result<std::vector<PreReviewPublicityView>> List(const accounts::Principal& p);
  Result<PreReviewPublicityView> Get(const accounts::Principal& p, int64_t id);
  // The publicities open today.
  Result<std::vector<views::PublicPreReview>> Public();
  // Returns the objection's id.
  Result<int64_t> Object(int64_t publicity_id, const RaisePreReviewObjection& cmd, const std::string& ip);
  Result<PreReviewPublicityView> Resolve(const accounts::Actor& actor, int64_t objection_id,
                                         const ResolvePreReviewObjection& cmd);

  // The guard of a specialty group (Review::CreateGroup): Ok when the campaign has no pre-review stage or the
  // candidate is cleared; else the reason (pre_review_pending).
  static Status ReadyForGroup(storage::Session& s, const campaign::Campaign& c, int64_t application_id,
                              const Date& today);

 private:
  accounts::Env env_;
  const std::vector<campaign::Campaign>& campaigns_;
  calendar::CalendarStore& calendars_;
  workflow::Workflow& wf_;
};

}  // namespace zc::review
