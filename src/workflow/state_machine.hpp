#pragma once
// The application's life, in one table: every transition is {from, action, to, roles, guard}. The workflow
// service looks a request up here, checks the guard, and applies it; the invariant checker replays the
// history against the same table. Nothing else decides what may follow what.
#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/accounts.hpp"

namespace zc::workflow {

enum class State {
  kDraft,
  kSubmitted,          // with the unit
  kReturned,           // back with the applicant, with a correction list
  kPublicity,          // publicised inside the unit
  kUnitRecommended,    // with the county acceptance point or the competent department
  kCountyReturned,     // back with the unit
  kCountyRecommended,  // recommended to the city committee
  kReceived,           // received by the committee office
  kNotRecommended,     // the unit decided not to recommend (final)
  kAccepted,           // formal review passed by the committee office (受理)
  kOfficeReturned,     // back with the applicant for correction by the committee office (补正)
  kPassed,             // the committee voted it through
  kFailed,             // the committee did not (final)
  kCertified,          // the result confirmed and a certificate issued
  kRevoked,            // the title revoked for fraud (final)
  kNotAccepted,  // not accepted: an upheld pre-review objection showed the person is not eligible (final)
  kWithdrawn,    // the applicant withdrew it while it was back for correction (final)
};

enum class Action {
  kSubmit,
  kWithdraw,
  kResubmit,
  kReturn,
  kStartPublicity,
  kRecommend,
  kReject,
  kCountyReturn,
  kCountyRecommend,
  kReceive,
  kAccept,
  kOfficeReturn,
  kCorrect,
  kPass,
  kFail,
  kOverturn,
  kConfirm,
  kRevoke,
  kNotAccept,  // the committee office ends an accepted application after an upheld pre-review objection
};

// What must hold besides the role and the state; checked by the workflow service.
enum class Guard {
  kNone,
  kApplicantReady,  // applicant deadline; archive approved; pledge; evidence; not ineligible
  kResubmitReady,   // unit deadline; the same checks
  kCorrectionList,  // a reason and at least one {item, reason}
  kPublicityStart,  // unit deadline; a working day, not in the past
  kPublicityDone,   // unit deadline; publicity ended; no open objection; opinion; quota
  kReRecommend,     // unit deadline; opinion (the quota place is already held)
  // Back with the unit after a correction: unit deadline; an earlier publicity of this application ended and
  // led to a recommendation; what it publicised is unchanged; opinion; quota (issue 17: no new publicity
  // unless the corrected content changes what was publicised).
  kPublicityReusable,
  kReason,             // a reason
  kCountyDeadline,     // county deadline
  kPaperForms,         // the paper forms are checked in
  kCorrected,          // the same checks as submit; within the correction window when one is open
  kCorrectionExpired,  // the correction window after a committee-office return has passed
  kReview,             // applied only by the review module (a meeting, the result publicity, a revocation)
};

using accounts::Role;

// Who is told of a step (a notification each): the applicant always; the others as the step declares.
// Reviewers are the county's acceptance points or, for a city-level unit, its competent department.
enum Tell : uint8_t {
  kTellApplicant = 1,
  kTellUnit = 2,
  kTellReviewers = 4,
  kTellCommittee = 8,
};
// What a step does besides changing the state, the version and the quota place (which follows the states'
// holds_quota attribute).
enum Effect : uint8_t {
  kFreezeSnapshot = 1,      // a new frozen version of what was submitted; paper check-ins are cleared
  kSetPublicity = 2,        // records the publicity period and plans the notice of its last day
  kClearPublicity = 4,      // forgets the publicity period (a return)
  kRecordOpinion = 8,       // records the unit's recommendation opinion
  kCountResubmission = 16,  // counts one more resubmission
  // Records the acceptance point's or competent department's review opinion (optional) with the step, for
  // the review form's 审核意见 box.
  kRecordReviewOpinion = 32,
};

struct Transition {
  State from;
  Action action;
  State to;
  std::array<std::optional<Role>, 2> roles;
  Guard guard;
  uint8_t tell = kTellApplicant;
  uint8_t effects = 0;
};

inline constexpr bool Tells(const Transition& t, Tell who) {
  return (t.tell & who) != 0;
}
inline constexpr bool Does(const Transition& t, Effect e) {
  return (t.effects & e) != 0;
}

inline constexpr Transition kTransitions[] = {
    {State::kDraft,
     Action::kSubmit,
     State::kSubmitted,
     {Role::kApplicant},
     Guard::kApplicantReady,
     kTellApplicant | kTellUnit,
     kFreezeSnapshot},
    {State::kSubmitted,
     Action::kWithdraw,
     State::kDraft,
     {Role::kApplicant},
     Guard::kNone,
     kTellApplicant | kTellUnit},
    {State::kReturned,
     Action::kResubmit,
     State::kSubmitted,
     {Role::kApplicant},
     Guard::kResubmitReady,
     kTellApplicant | kTellUnit,
     kFreezeSnapshot | kCountResubmission},
    {State::kSubmitted,
     Action::kReturn,
     State::kReturned,
     {Role::kUnit},
     Guard::kCorrectionList,
     kTellApplicant,
     kClearPublicity},
    {State::kSubmitted,
     Action::kStartPublicity,
     State::kPublicity,
     {Role::kUnit},
     Guard::kPublicityStart,
     kTellApplicant,
     kSetPublicity},
    {State::kPublicity,
     Action::kReturn,
     State::kReturned,
     {Role::kUnit},
     Guard::kCorrectionList,
     kTellApplicant,
     kClearPublicity},
    {State::kPublicity,
     Action::kRecommend,
     State::kUnitRecommended,
     {Role::kUnit},
     Guard::kPublicityDone,
     kTellApplicant | kTellReviewers,
     kRecordOpinion},
    {State::kPublicity, Action::kReject, State::kNotRecommended, {Role::kUnit}, Guard::kReason},
    {State::kSubmitted,
     Action::kRecommend,
     State::kUnitRecommended,
     {Role::kUnit},
     Guard::kPublicityReusable,
     kTellApplicant | kTellReviewers,
     kRecordOpinion},
    {State::kCountyReturned,
     Action::kRecommend,
     State::kUnitRecommended,
     {Role::kUnit},
     Guard::kReRecommend,
     kTellApplicant | kTellReviewers,
     kRecordOpinion},
    {State::kCountyReturned,
     Action::kReturn,
     State::kReturned,
     {Role::kUnit},
     Guard::kCorrectionList,
     kTellApplicant,
     kClearPublicity},
    {State::kUnitRecommended,
     Action::kCountyReturn,
     State::kCountyReturned,
     {Role::kAcceptancePoint, Role::kCompetentDepartment},
     Guard::kReason,
     kTellApplicant | kTellUnit},
    {State::kUnitRecommended,
     Action::kCountyRecommend,
     State::kCountyRecommended,
     {Role::kAcceptancePoint, Role::kCompetentDepartment},
     Guard::kCountyDeadline,
     kTellApplicant | kTellUnit | kTellCommittee,
     kRecordReviewOpinion},
    {State::kCountyRecommended,
     Action::kReceive,
     State::kReceived,
     {Role::kCommitteeOffice},
     Guard::kNone,
     kTellApplicant | kTellUnit},
    {State::kReceived, Action::kAccept, State::kAccepted, {Role::kCommitteeOffice}, Guard::kPaperForms},
    {State::kReceived,
     Action::kOfficeReturn,
     State::kOfficeReturned,
     {Role::kCommitteeOffice},
     Guard::kCorrectionList},
    {State::kOfficeReturned,
     Action::kCorrect,
     State::kReceived,
     {Role::kApplicant},
     Guard::kCorrected,
     kTellApplicant | kTellCommittee,
     kFreezeSnapshot},
    // No dead ends (issue 17): whoever holds a returned application may end it. The applicant withdraws it
    // from any returned state; once the committee office's correction window has passed without a
    // correction, the office closes it.
    {State::kReturned,
     Action::kWithdraw,
     State::kWithdrawn,
     {Role::kApplicant},
     Guard::kNone,
     kTellApplicant | kTellUnit},
    {State::kCountyReturned,
     Action::kWithdraw,
     State::kWithdrawn,
     {Role::kApplicant},
     Guard::kNone,
     kTellApplicant | kTellUnit | kTellReviewers},
    {State::kOfficeReturned,
     Action::kWithdraw,
     State::kWithdrawn,
     {Role::kApplicant},
     Guard::kNone,
     kTellApplicant | kTellUnit | kTellCommittee},
    {State::kOfficeReturned,
     Action::kNotAccept,
     State::kNotAccepted,
     {Role::kCommitteeOffice},
     Guard::kCorrectionExpired,
     kTellApplicant | kTellUnit},
    {State::kAccepted, Action::kPass, State::kPassed, {Role::kCommitteeOffice}, Guard::kReview},
    {State::kAccepted, Action::kFail, State::kFailed, {Role::kCommitteeOffice}, Guard::kReview},
    {State::kPassed, Action::kOverturn, State::kFailed, {Role::kCommitteeOffice}, Guard::kReview},
    {State::kPassed, Action::kConfirm, State::kCertified, {Role::kCityAdmin}, Guard::kReview},
    {State::kCertified, Action::kRevoke, State::kRevoked, {Role::kCityAdmin}, Guard::kReview},
    // The pre-review publicity (评前公示, publicity.pre_review_working_days): an upheld objection sends the
    // application back for correction with the finding as the item, or ends it when the person is not
    // eligible.
    {State::kAccepted,
     Action::kOfficeReturn,
     State::kOfficeReturned,
     {Role::kCommitteeOffice},
     Guard::kReview},
    {State::kAccepted, Action::kNotAccept, State::kNotAccepted, {Role::kCommitteeOffice}, Guard::kReview},
};

inline constexpr bool Allows(const Transition& t, Role r) {
  for (const auto& x : t.roles)
    if (x && *x == r) return true;
  return false;
}

// The transition for this state and action, whoever may take it; nullptr when none.
inline constexpr const Transition* FindTransition(State from, Action a) {
  for (const auto& t : kTransitions)
    if (t.from == from && t.action == a) return &t;
  return nullptr;
}

// Per-state attributes: the one place that says which states hold a quota place, who sees an application in
// a state (the record check and the list filter are both built from this), who holds it, its label and its
// tag colour. GET /api/v1/lifecycles serves this table and docs/lifecycles.md is generated from it.
enum class Holder { kApplicant, kUnit, kCounty, kCommittee, kClosed };

struct StateInfo {
  State state;
  std::string_view code, zh, en;
  std::string_view color;  // Element Plus tag type: info | warning | success | danger | primary
  Holder holder;
  bool final;
  bool holds_quota;   // holds one of its unit's quota places
  bool seen_by_unit;  // the applicant's unit sees it (everything the applicant has sent)
  bool past_unit;     // the acceptance point or the competent department sees it
  bool at_committee;  // the committee office sees it
};

inline constexpr StateInfo kStateInfo[] = {
    // state, code, zh, en, colour, holder, final, quota, unit, county, committee
    {State::kDraft, "draft", "草稿", "Draft", "info", Holder::kApplicant, false, false, false, false, false},
    {State::kSubmitted, "submitted", "待单位审核", "Awaiting unit review", "warning", Holder::kUnit, false,
     false, true, false, false},
    {State::kReturned, "returned", "退回修改", "Returned for correction", "danger", Holder::kApplicant, false,
     false, true, false, false},
    {State::kPublicity, "publicity", "单位公示中", "Publicised by the unit", "warning", Holder::kUnit, false,
     false, true, false, false},
    {State::kUnitRecommended, "unit_recommended", "待受理点/主管部门审核",
     "Awaiting acceptance point / department review", "warning", Holder::kCounty, false, true, true, true,
     false},
    {State::kCountyReturned, "county_returned", "退回单位", "Returned to the unit", "danger", Holder::kUnit,
     false, true, true, true, false},
    {State::kCountyRecommended, "county_recommended", "已推荐至评委会", "Recommended to the committee",
     "success", Holder::kCommittee, false, true, true, true, true},
    {State::kReceived, "received", "评委会已接收", "Received by the committee", "success", Holder::kCommittee,
     false, true, true, true, true},
    {State::kNotRecommended, "not_recommended", "单位不予推荐", "Not recommended by the unit", "danger",
     Holder::kClosed, true, false, true, false, false},
    {State::kAccepted, "accepted", "已受理", "Accepted by the committee", "success", Holder::kCommittee,
     false, true, true, true, true},
    {State::kOfficeReturned, "office_returned", "评委会退回补正", "Returned by the committee for correction",
     "danger", Holder::kApplicant, false, true, true, true, true},
    {State::kPassed, "passed", "评审通过", "Passed the review", "success", Holder::kCommittee, false, true,
     true, true, true},
    {State::kFailed, "failed", "评审未通过", "Failed the review", "danger", Holder::kClosed, true, false,
     true, true, true},
    {State::kCertified, "certified", "已发证", "Certificate issued", "success", Holder::kClosed, false, true,
     true, true, true},
    {State::kRevoked, "revoked", "已撤销", "Revoked", "danger", Holder::kClosed, true, false, true, true,
     true},
    {State::kNotAccepted, "not_accepted", "不予受理", "Not accepted", "danger", Holder::kClosed, true, false,
     true, true, true},
    {State::kWithdrawn, "withdrawn", "已撤回申报", "Withdrawn", "info", Holder::kClosed, true, false, true,
     true, true},
};

struct ActionInfo {
  Action action;
  std::string_view code, zh, en;
};
inline constexpr ActionInfo kActionInfo[] = {
    {Action::kSubmit, "submit", "已提交至单位", "submitted to the unit"},
    {Action::kWithdraw, "withdraw", "已撤回", "withdrawn"},
    {Action::kResubmit, "resubmit", "修改后重新提交", "resubmitted"},
    {Action::kReturn, "return", "被单位退回修改", "returned by the unit"},
    {Action::kStartPublicity, "start_publicity", "单位开始公示", "publicity started"},
    {Action::kRecommend, "recommend", "单位已推荐", "recommended by the unit"},
    {Action::kReject, "reject", "单位不予推荐", "not recommended by the unit"},
    {Action::kCountyReturn, "county_return", "被受理点/主管部门退回单位",
     "returned to the unit by the reviewer"},
    {Action::kCountyRecommend, "county_recommend", "已推荐至评委会", "recommended to the committee"},
    {Action::kReceive, "receive", "评委会办事机构已接收", "received by the committee office"},
    {Action::kAccept, "accept", "形式审查通过，已受理", "accepted after formal review"},
    {Action::kOfficeReturn, "office_return", "被评委会办事机构退回补正", "returned by the committee office"},
    {Action::kCorrect, "correct", "补正后提交", "corrected and sent back"},
    {Action::kPass, "pass", "评委会评审通过", "passed by the committee"},
    {Action::kFail, "fail", "评委会评审未通过", "not passed by the committee"},
    {Action::kOverturn, "overturn", "公示异议成立，评审结果改为未通过",
     "result overturned after an objection"},
    {Action::kConfirm, "confirm", "评审结果已确认，证书已核发", "result confirmed; certificate issued"},
    {Action::kRevoke, "revoke", "职称已撤销", "title revoked"},
    {Action::kNotAccept, "not_accept", "评前公示异议成立，不予受理",
     "not accepted after an upheld pre-review objection"},
};

// The tables are indexed by the enums: checked at compile time.
inline constexpr bool TablesInOrder() {
  for (size_t i = 0; i < std::size(kStateInfo); ++i)
    if (static_cast<size_t>(kStateInfo[i].state) != i) return false;
  for (size_t i = 0; i < std::size(kActionInfo); ++i)
    if (static_cast<size_t>(kActionInfo[i].action) != i) return false;
  return std::size(kStateInfo) == static_cast<size_t>(State::kWithdrawn) + 1 &&
         std::size(kActionInfo) == static_cast<size_t>(Action::kNotAccept) + 1;
}
static_assert(TablesInOrder(), "kStateInfo and kActionInfo list every value in enum order");

inline constexpr const StateInfo& Info(State s) {
  return kStateInfo[static_cast<size_t>(s)];
}
inline constexpr const ActionInfo& Info(Action a) {
  return kActionInfo[static_cast<size_t>(a)];
}

// States in which an application holds one of its unit's quota places.
inline constexpr bool HoldsQuota(State s) {
  return Info(s).holds_quota;
}
// States in which the committee office sees the application.
inline constexpr bool AtCommittee(State s) {
  return Info(s).at_committee;
}
// States in which the acceptance point or the competent department sees the application.
inline constexpr bool PastUnit(State s) {
  return Info(s).past_unit;
}
inline constexpr bool IsFinal(State s) {
  return Info(s).final;
}

std::string_view StateCode(State s);
std::optional<State> ParseState(std::string_view s);
std::string_view StateNameZh(State s);
std::string_view StateNameEn(State s);
std::string_view ActionCode(Action a);
std::optional<Action> ParseAction(std::string_view s);
std::string_view ActionNameZh(Action a);
std::string_view ActionNameEn(Action a);
std::string_view HolderCode(Holder h);
std::string_view GuardCode(Guard g);
// What the guard asks, in words, for the generated documentation.
std::string_view GuardText(Guard g);
// The audiences and effects of a step, as codes (GET /api/v1/lifecycles, the generated docs).
std::vector<std::string> TellCodes(const Transition& t);
std::vector<std::string> EffectCodes(const Transition& t);

inline constexpr State kAllStates[] = {
    State::kDraft,           State::kSubmitted,      State::kReturned,          State::kPublicity,
    State::kUnitRecommended, State::kCountyReturned, State::kCountyRecommended, State::kReceived,
    State::kNotRecommended,  State::kAccepted,       State::kOfficeReturned,    State::kPassed,
    State::kFailed,          State::kCertified,      State::kRevoked,           State::kNotAccepted,
    State::kWithdrawn};

}  // namespace zc::workflow
