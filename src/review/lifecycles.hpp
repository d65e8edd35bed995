#pragma once
// The review's lifecycles, one typed table each (base/lifecycle.hpp): a specialty group's expert invitation,
// the group itself, the committee meeting, the result publicity with its objections, the certificate and the
// re-examination or complaint case. The service checks a request against its table (`Refuse`), and GET
// /api/v1/lifecycles, docs/lifecycles.md and docs/review.md are made from the same rows.
#include <vector>

#include "base/lifecycle.hpp"

namespace zc::review {

// ---- An expert's invitation into a specialty group (group_experts.status) ----
enum class InvitationState { kInvited, kConfirmed, kDeclined, kWithdrawn };

inline constexpr auto kInvitationLifecycle = MakeLifecycle<InvitationState>(
    "invitation", "专家邀请", "Expert invitation",
    {
        {InvitationState::kInvited, "invited", "待确认", "Awaiting the expert's answer", "warning", "expert",
         false, "committee_office expert", ErrorCode::already_answered},
        {InvitationState::kConfirmed, "confirmed", "已确认", "Confirmed", "success", "expert", false,
         "committee_office expert", ErrorCode::already_answered},
        {InvitationState::kDeclined, "declined", "已谢绝", "Declined", "info", "closed", true,
         "committee_office expert", ErrorCode::already_answered},
        {InvitationState::kWithdrawn, "withdrawn", "已回避", "Withdrawn (recusal)", "info", "closed", true,
         "committee_office expert", ErrorCode::already_answered},
    },
    {
        {std::nullopt, "draw", InvitationState::kInvited, "随机抽取并邀请", "drawn and invited",
         "committee_office", "draw", "a random draw from the pool, conflicts of interest avoided", "expert"},
        {InvitationState::kInvited, "accept", InvitationState::kConfirmed, "确认参加", "accepted", "expert",
         "none", "", "committee_office"},
        {InvitationState::kInvited, "decline", InvitationState::kDeclined, "谢绝", "declined", "expert",
         "reason", "a reason", "committee_office", "redraw_place"},
        {InvitationState::kConfirmed, "withdraw", InvitationState::kWithdrawn, "申请回避", "withdrew",
         "expert", "reason; review not locked", "a reason; the application is not yet on a meeting's agenda",
         "committee_office", "drop_opinion record_relation redraw_place"},
    });
static_assert(kInvitationLifecycle.Valid());

// ---- A specialty group (derived: drawing until every place is confirmed) ----
enum class GroupState { kDrawing, kReviewing };

inline constexpr auto kGroupLifecycle = MakeLifecycle<GroupState>(
    "review_group", "专业评议组", "Specialty group",
    {
        {GroupState::kDrawing, "drawing", "抽取专家中", "Drawing experts", "warning", "committee", false,
         "committee_office city_admin"},
        {GroupState::kReviewing, "reviewing", "评议中", "Reviewing", "success", "expert", false,
         "committee_office city_admin expert"},
    },
    {
        {std::nullopt, "create", GroupState::kDrawing, "组建评议组", "created", "committee_office",
         "candidates", "accepted applications of one specialty family, none in another group"},
        {GroupState::kDrawing, "fill", GroupState::kReviewing, "专家全部确认", "every place confirmed", "",
         "every place confirmed"},
        {GroupState::kReviewing, "vacate", GroupState::kDrawing, "专家回避或谢绝，补抽", "a place vacated",
         "", "an expert withdrew"},
    });
static_assert(kGroupLifecycle.Valid());

// ---- The committee meeting (meetings.status) ----
enum class MeetingState { kPlanned, kVoting, kTallying, kClosed };

inline constexpr auto kMeetingLifecycle = MakeLifecycle<MeetingState>(
    "meeting", "评审会议", "Committee meeting",
    {
        {MeetingState::kPlanned, "planned", "筹备中", "Planned", "info", "committee", false,
         "committee_office city_admin expert", ErrorCode::voting_not_open},
        {MeetingState::kVoting, "voting", "投票中", "Voting", "warning", "expert", false,
         "committee_office city_admin expert", ErrorCode::transition_not_allowed},
        // Stored as status 'voting' with meeting_ballots.counting set (the status column's CHECK predates
        // it).
        {MeetingState::kTallying, "tallying", "待解密计票", "Awaiting decryption", "warning", "committee",
         false, "committee_office city_admin expert", ErrorCode::voting_closed},
        {MeetingState::kClosed, "closed", "已结束", "Closed", "success", "closed", true,
         "committee_office city_admin expert", ErrorCode::voting_closed},
    },
    {
        {std::nullopt, "create", MeetingState::kPlanned, "召开评审会议", "convened", "committee_office",
         "agenda", "every candidate's group review is complete"},
        {MeetingState::kPlanned, "set_attendance", MeetingState::kPlanned, "登记出席", "attendance recorded",
         "committee_office", "members", "everyone present is a member of the committee"},
        {MeetingState::kPlanned, "reschedule", MeetingState::kPlanned, "会议改期", "rescheduled",
         "committee_office", "date", "the new day is today or later"},
        {MeetingState::kPlanned, "register_key", MeetingState::kPlanned, "登记计票密钥", "key registered",
         "committee_office expert", "trustee",
         "the committee office or the presiding member; a valid proof of the key made in their browser"},
        {MeetingState::kPlanned, "open_voting", MeetingState::kVoting, "开始投票", "voting opened",
         "committee_office", "quorum",
         "on the meeting day (Asia/Shanghai), present members ≥ the quorum, the chair or a vice-chair "
         "present",
         "present_members", "freeze_attendance record_recusals"},
        {MeetingState::kVoting, "vote", MeetingState::kVoting, "投票", "voted", "expert", "ballot",
         "on the meeting day, a present member, once, a complete sheet without the candidates they withdraw "
         "from"},
        {MeetingState::kVoting, "close", MeetingState::kTallying, "结束投票", "voting closed",
         "committee_office", "none", "", "", "tally"},
        {MeetingState::kTallying, "decrypt", MeetingState::kTallying, "解密计票结果", "decrypted",
         "committee_office expert", "trustee", "a trustee who has not decrypted; valid proofs of decryption"},
        {MeetingState::kTallying, "count", MeetingState::kClosed, "公布表决结果", "counted", "", "decrypted",
         "both trustees decrypted", "", "pass_or_fail seal_minutes"},
        {MeetingState::kVoting, "void_vote", MeetingState::kPlanned, "作废重投", "vote voided",
         "committee_office", "reason", "a reason; everyone votes again after a new key ceremony"},
        {MeetingState::kTallying, "void_vote", MeetingState::kPlanned, "作废重投", "vote voided",
         "committee_office", "reason", "a trustee cannot decrypt: a new key ceremony, everyone votes again"},
    });
static_assert(kMeetingLifecycle.Valid());

// ---- The result publicity (result_publicity; the state follows the dates and the confirmation) ----
enum class PublicityState { kScheduled, kOpen, kEnded, kConfirmed };

inline constexpr auto kPublicityLifecycle = MakeLifecycle<PublicityState>(
    "result_publicity", "评审结果公示", "Result publicity",
    {
        {PublicityState::kScheduled, "scheduled", "未开始", "Scheduled", "info", "committee", false,
         "committee_office city_admin", ErrorCode::publicity_not_ended},
        {PublicityState::kOpen, "open", "公示中", "Open", "warning", "public", false,
         "committee_office city_admin public", ErrorCode::publicity_not_ended},
        {PublicityState::kEnded, "ended", "公示期满", "Ended", "primary", "committee", false,
         "committee_office city_admin public"},
        {PublicityState::kConfirmed, "confirmed", "已确认", "Confirmed", "success", "closed", true,
         "committee_office city_admin public"},
    },
    {
        {std::nullopt, "publish", PublicityState::kScheduled, "发布结果公示", "published", "committee_office",
         "meeting_closed", "the meeting is closed; one publicity per meeting"},
        {PublicityState::kScheduled, "start", PublicityState::kOpen, "公示开始", "starts", "", "start_date"},
        {PublicityState::kOpen, "end", PublicityState::kEnded, "公示期满", "ends", "", "working_days",
         "the publicity's working days have passed"},
        {PublicityState::kEnded, "confirm", PublicityState::kConfirmed, "确认结果并发证", "confirmed",
         "city_admin", "no_open_objection", "no objection left open", "", "issue_certificates"},
    });
static_assert(kPublicityLifecycle.Valid());

// ---- An objection to a result (result_objections.status) ----
enum class ResultObjectionState { kOpen, kDismissed, kUpheld };

inline constexpr auto kResultObjectionLifecycle = MakeLifecycle<ResultObjectionState>(
    "result_objection", "结果公示异议", "Objection to a result",
    {
        {ResultObjectionState::kOpen, "open", "待处理", "Open", "warning", "committee", false,
         "committee_office city_admin", ErrorCode::objection_not_open},
        {ResultObjectionState::kDismissed, "dismissed", "不成立", "Dismissed", "info", "closed", true,
         "committee_office city_admin", ErrorCode::objection_not_open},
        {ResultObjectionState::kUpheld, "upheld", "成立", "Upheld", "danger", "closed", true,
         "committee_office city_admin", ErrorCode::objection_not_open},
    },
    {
        {std::nullopt, "raise", ResultObjectionState::kOpen, "公众提出异议", "raised", "public",
         "publicity_open", "during the publicity, with a name and contact; rate-limited", "committee_office"},
        {ResultObjectionState::kOpen, "dismiss", ResultObjectionState::kDismissed, "异议不成立", "dismissed",
         "committee_office", "resolution", "a written resolution"},
        {ResultObjectionState::kOpen, "uphold", ResultObjectionState::kUpheld, "异议成立", "upheld",
         "committee_office", "resolution", "a written resolution", "", "overturn_result"},
    });
static_assert(kResultObjectionLifecycle.Valid());

// ---- A certificate (certificates.status) ----
enum class CertificateState { kValid, kRevoked };

inline constexpr auto kCertificateLifecycle = MakeLifecycle<CertificateState>(
    "certificate", "职称证书", "Certificate",
    {
        {CertificateState::kValid, "valid", "有效", "Valid", "success", "closed", false, "public"},
        {CertificateState::kRevoked, "revoked", "已撤销", "Revoked", "danger", "closed", true, "public",
         ErrorCode::already_revoked},
    },
    {
        {std::nullopt, "issue", CertificateState::kValid, "核发证书", "issued", "city_admin",
         "publicity_confirmed", "the result publicity is confirmed", "applicant"},
        {CertificateState::kValid, "revoke", CertificateState::kRevoked, "撤销职称", "revoked", "city_admin",
         "reason", "a reason (fraud)", "applicant", "revoke_title integrity_record"},
    });
static_assert(kCertificateLifecycle.Valid());

// ---- A re-examination request or complaint (review_cases.status) ----
enum class CaseState { kOpen, kClosed };

inline constexpr auto kCaseLifecycle = MakeLifecycle<CaseState>(
    "case", "复查与投诉", "Re-examination or complaint",
    {
        {CaseState::kOpen, "open", "待处理", "Open", "warning", "committee", false,
         "committee_office city_admin"},
        {CaseState::kClosed, "closed", "已办结", "Closed", "info", "closed", true,
         "committee_office city_admin", ErrorCode::case_closed},
    },
    {
        {std::nullopt, "file", CaseState::kOpen, "提出复查或投诉", "filed", "applicant unit expert",
         "content", "a kind and the facts", "committee_office"},
        {CaseState::kOpen, "close", CaseState::kClosed, "办结", "closed", "committee_office city_admin",
         "outcome", "an outcome (upheld or dismissed) and a written answer", "filer"},
    });
static_assert(kCaseLifecycle.Valid());

std::vector<Lifecycle> ReviewLifecycles();

// A state's code, for binding in a query.
inline std::string Code(InvitationState s) {
  return std::string(kInvitationLifecycle.Code(s));
}
inline std::string Code(MeetingState s) {
  return std::string(kMeetingLifecycle.Code(s));
}

}  // namespace zc::review
