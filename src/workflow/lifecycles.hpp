#pragma once
// The workflow's lifecycles besides the application's (state_machine.hpp), one typed table each
// (base/lifecycle.hpp): the performance archive, an objection raised during the unit's publicity and a timed
// job. The service checks a request against its table (`Refuse`), and GET /api/v1/lifecycles and the docs
// are made from the same rows.
#include <vector>

#include "base/lifecycle.hpp"

namespace zc::workflow {

// ---- The performance archive (archives.status) ----
enum class ArchiveState { kDraft, kPending, kApproved, kReturned };

inline constexpr auto kArchiveLifecycle = MakeLifecycle<ArchiveState>(
    "archive", "业绩档案", "Performance archive",
    {
        {ArchiveState::kDraft, "draft", "草稿", "Draft", "info", "applicant", false, ""},
        {ArchiveState::kPending, "pending", "待单位审核", "Awaiting unit review", "warning", "unit", false,
         "unit"},
        {ArchiveState::kApproved, "approved", "已通过", "Approved", "success", "applicant", false, "unit"},
        {ArchiveState::kReturned, "returned", "已退回", "Returned", "danger", "applicant", false, "unit"},
    },
    {
        {ArchiveState::kDraft, "submit", ArchiveState::kPending, "提交单位审核", "sent to the unit",
         "applicant", "archive_complete", "every item complete; the unit named", "unit"},
        {ArchiveState::kReturned, "submit", ArchiveState::kPending, "修改后重新提交", "sent again",
         "applicant", "archive_complete", "every item complete; the unit named", "unit"},
        {ArchiveState::kPending, "approve", ArchiveState::kApproved, "单位审核通过", "approved by the unit",
         "unit", "none", "", "applicant"},
        {ArchiveState::kPending, "return", ArchiveState::kReturned, "单位退回修改", "returned by the unit",
         "unit", "reason", "a reason", "applicant"},
        {ArchiveState::kApproved, "save", ArchiveState::kDraft, "修改档案", "changed by the applicant",
         "applicant"},
        {ArchiveState::kReturned, "save", ArchiveState::kDraft, "修改档案", "changed by the applicant",
         "applicant"},
    });
static_assert(kArchiveLifecycle.Valid());

// ---- An objection raised during the unit's internal publicity (objections.status) ----
enum class ObjectionState { kOpen, kDismissed, kUpheld };

inline constexpr auto kUnitObjectionLifecycle = MakeLifecycle<ObjectionState>(
    "unit_objection", "单位公示异议", "Objection during the unit's publicity",
    {
        {ObjectionState::kOpen, "open", "待处理", "Open", "warning", "unit", false,
         "unit acceptance_point competent_department committee_office city_admin",
         ErrorCode::objection_not_open},
        {ObjectionState::kDismissed, "dismissed", "不成立", "Dismissed", "info", "closed", true,
         "unit acceptance_point competent_department committee_office city_admin",
         ErrorCode::objection_not_open},
        {ObjectionState::kUpheld, "upheld", "成立", "Upheld", "danger", "closed", true,
         "unit acceptance_point competent_department committee_office city_admin",
         ErrorCode::objection_not_open},
    },
    {
        {std::nullopt, "raise", ObjectionState::kOpen, "登记异议", "recorded", "unit", "in_publicity",
         "the application is in the unit's publicity; the content and who raised it"},
        {ObjectionState::kOpen, "dismiss", ObjectionState::kDismissed, "异议不成立", "dismissed", "unit",
         "resolution", "a written resolution"},
        {ObjectionState::kOpen, "uphold", ObjectionState::kUpheld, "异议成立", "upheld", "unit", "resolution",
         "a written resolution (the unit then returns or does not recommend the application)"},
    });
static_assert(kUnitObjectionLifecycle.Valid());

// ---- A timed job: a reminder or a notice planned for a time (jobs.status) ----
enum class JobState { kPending, kDone };

inline constexpr auto kJobLifecycle = MakeLifecycle<JobState>(
    "job", "定时任务", "Timed job",
    {
        {JobState::kPending, "pending", "待执行", "Pending", "warning", "system", false, "city_admin"},
        {JobState::kDone, "done", "已执行", "Done", "success", "closed", true, "city_admin"},
    },
    {
        {std::nullopt, "plan", JobState::kPending, "计划", "planned", "", "unique_key",
         "one job per key (a second plan of the same key is ignored)"},
        {JobState::kPending, "run", JobState::kDone, "执行", "run", "", "due",
         "its time has come; claimed by one node", "", "send_notifications"},
    });
static_assert(kJobLifecycle.Valid());

}  // namespace zc::workflow
