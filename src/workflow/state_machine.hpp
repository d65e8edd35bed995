#pragma once
// The application's life, in one table: every transition is {from, action, to, roles, guard}. The workflow
// service looks a request up here, checks the guard, and applies it; the invariant checker replays the
// history against the same table. Nothing else decides what may follow what.
#include <array>
#include <optional>
#include <string_view>

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
  kReason,          // a reason
  kCountyDeadline,  // county deadline
  kPaperForms,      // the paper forms are checked in
  kCorrected,       // the same checks as submit, without a deadline
  kReview,          // applied only by the review module (a meeting, the result publicity, a revocation)
};

using accounts::Role;

struct Transition {
  State from;
  Action action;
  State to;
  std::array<std::optional<Role>, 2> roles;
  Guard guard;
};

inline constexpr Transition kTransitions[] = {
    {State::kDraft, Action::kSubmit, State::kSubmitted, {Role::kApplicant}, Guard::kApplicantReady},
    {State::kSubmitted, Action::kWithdraw, State::kDraft, {Role::kApplicant}, Guard::kNone},
    {State::kReturned, Action::kResubmit, State::kSubmitted, {Role::kApplicant}, Guard::kResubmitReady},
    {State::kSubmitted, Action::kReturn, State::kReturned, {Role::kUnit}, Guard::kCorrectionList},
    {State::kSubmitted, Action::kStartPublicity, State::kPublicity, {Role::kUnit}, Guard::kPublicityStart},
    {State::kPublicity, Action::kReturn, State::kReturned, {Role::kUnit}, Guard::kCorrectionList},
    {State::kPublicity, Action::kRecommend, State::kUnitRecommended, {Role::kUnit}, Guard::kPublicityDone},
    {State::kPublicity, Action::kReject, State::kNotRecommended, {Role::kUnit}, Guard::kReason},
    {State::kCountyReturned, Action::kRecommend, State::kUnitRecommended, {Role::kUnit}, Guard::kReRecommend},
    {State::kCountyReturned, Action::kReturn, State::kReturned, {Role::kUnit}, Guard::kCorrectionList},
    {State::kUnitRecommended,
     Action::kCountyReturn,
     State::kCountyReturned,
     {Role::kAcceptancePoint, Role::kCompetentDepartment},
     Guard::kReason},
    {State::kUnitRecommended,
     Action::kCountyRecommend,
     State::kCountyRecommended,
     {Role::kAcceptancePoint, Role::kCompetentDepartment},
     Guard::kCountyDeadline},
    {State::kCountyRecommended, Action::kReceive, State::kReceived, {Role::kCommitteeOffice}, Guard::kNone},
    {State::kReceived, Action::kAccept, State::kAccepted, {Role::kCommitteeOffice}, Guard::kPaperForms},
    {State::kReceived,
     Action::kOfficeReturn,
     State::kOfficeReturned,
     {Role::kCommitteeOffice},
     Guard::kCorrectionList},
    {State::kOfficeReturned, Action::kCorrect, State::kReceived, {Role::kApplicant}, Guard::kCorrected},
    {State::kAccepted, Action::kPass, State::kPassed, {Role::kCommitteeOffice}, Guard::kReview},
    {State::kAccepted, Action::kFail, State::kFailed, {Role::kCommitteeOffice}, Guard::kReview},
    {State::kPassed, Action::kOverturn, State::kFailed, {Role::kCommitteeOffice}, Guard::kReview},
    {State::kPassed, Action::kConfirm, State::kCertified, {Role::kCityAdmin}, Guard::kReview},
    {State::kCertified, Action::kRevoke, State::kRevoked, {Role::kCityAdmin}, Guard::kReview},
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

// States in which an application holds one of its unit's quota places.
inline constexpr bool HoldsQuota(State s) {
  return s == State::kUnitRecommended || s == State::kCountyReturned || s == State::kCountyRecommended ||
         s == State::kReceived || s == State::kOfficeReturned || s == State::kAccepted ||
         s == State::kPassed || s == State::kCertified;
}

std::string_view StateCode(State s);
std::optional<State> ParseState(std::string_view s);
std::string_view StateNameZh(State s);
std::string_view StateNameEn(State s);
std::string_view ActionCode(Action a);
std::optional<Action> ParseAction(std::string_view s);
std::string_view ActionNameZh(Action a);
std::string_view ActionNameEn(Action a);
inline constexpr State kAllStates[] = {State::kDraft,
                                       State::kSubmitted,
                                       State::kReturned,
                                       State::kPublicity,
                                       State::kUnitRecommended,
                                       State::kCountyReturned,
                                       State::kCountyRecommended,
                                       State::kReceived,
                                       State::kNotRecommended,
                                       State::kAccepted,
                                       State::kOfficeReturned,
                                       State::kPassed,
                                       State::kFailed,
                                       State::kCertified,
                                       State::kRevoked};

}  // namespace zc::workflow
