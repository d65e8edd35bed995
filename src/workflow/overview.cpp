// Names of states and actions; quotas, deadlines and their extensions, reminders, notifications; and the
// invariant checker.
#include <map>

#include "base/crypto.hpp"
#include "base/json_fields.hpp"
#include "base/limits.hpp"
#include "storage/archives_repo.hpp"
#include "storage/deadlines_repo.hpp"
#include "storage/quotas_repo.hpp"
#include "workflow/internal.hpp"
#include "workflow/lifecycles.hpp"

namespace zc::workflow {
using namespace detail;

namespace {

int DaysBetween(const Date& from, const Date& to) {
  return static_cast<int>(DaysFromCivil(to) - DaysFromCivil(from));
}

// The parts as one string, allocated once (a chain of + makes a temporary string at every step).
std::string Concat(std::initializer_list<std::string_view> parts) {
  size_t size = 0;
  for (const auto part : parts) size += part.size();
  std::string out;
  out.reserve(size);
  for (const auto part : parts) out += part;
  return out;
}

}  // namespace

std::string_view StateCode(State s) {
  return Info(s).code;
}
std::string_view StateNameZh(State s) {
  return Info(s).zh;
}
std::string_view StateNameEn(State s) {
  return Info(s).en;
}
std::optional<State> ParseState(std::string_view code) {
  for (const auto& i : kStateInfo)
    if (i.code == code) return i.state;
  return std::nullopt;
}
std::string_view ActionCode(Action a) {
  return Info(a).code;
}
std::string_view ActionNameZh(Action a) {
  return Info(a).zh;
}
std::string_view ActionNameEn(Action a) {
  return Info(a).en;
}
std::optional<Action> ParseAction(std::string_view code) {
  for (const auto& i : kActionInfo)
    if (i.code == code) return i.action;
  return std::nullopt;
}
std::string_view HolderCode(Holder h) {
  switch (h) {
    case Holder::kApplicant:
      return "applicant";
    case Holder::kUnit:
      return "unit";
    case Holder::kCounty:
      return "county";
    case Holder::kCommittee:
      return "committee";
    case Holder::kClosed:
      return "closed";
  }
  return "closed";
}
// What a guard asks, in words (docs/workflow.md's transition table is generated with it).
std::string_view GuardText(Guard g) {
  switch (g) {
    case Guard::kNone:
      return "";
    case Guard::kApplicantReady:
      return "applicant deadline; archive approved by the unit; pledge; required evidence; not ineligible";
    case Guard::kResubmitReady:
      return "unit deadline (after a county or department return: its correction window); the same checks "
             "as submit";
    case Guard::kCorrectionList:
      return "a reason and a complete correction list (each item with its reason)";
    case Guard::kPublicityStart:
      return "unit deadline; the start date is a working day, not before today, and the publicity ends by "
             "the "
             "unit deadline (publicity_ends_after_deadline names the latest start)";
    case Guard::kPublicityDone:
      return "unit deadline; today ≥ publicity end; no open objection; opinion; quota";
    case Guard::kReRecommend:
      return "unit deadline, or the correction window of deadlines.correction_working_days after the county "
             "or department return when that ends later; opinion (the quota place is already held)";
    case Guard::kPublicityReusable:
      return "unit deadline; an earlier publicity of this application ended in a recommendation and the "
             "corrected application publicises the same content (publicity_required, "
             "publicity_content_changed otherwise); opinion; quota";
    case Guard::kReason:
      return "a reason";
    case Guard::kCountyDeadline:
      return "county deadline (moved by as much as a correction window moved the unit deadline)";
    case Guard::kPaperForms:
      return "the paper forms are checked in";
    case Guard::kCorrected:
      return "the same checks as submit; by the end of the correction window "
             "(deadlines.correction_working_days "
             "after the return)";
    case Guard::kCorrectionExpired:
      return "the correction window has passed without a correction";
    case Guard::kReview:
      return "taken by the review (a meeting's vote, the result publicity, a revocation, the pre-review "
             "publicity)";
  }
  return "";
}

std::vector<std::string> TellCodes(const Transition& t) {
  std::vector<std::string> out;
  if (Tells(t, kTellApplicant)) out.emplace_back("applicant");
  if (Tells(t, kTellUnit)) out.emplace_back("unit");
  if (Tells(t, kTellReviewers)) out.emplace_back("reviewers");
  if (Tells(t, kTellCommittee)) out.emplace_back("committee_office");
  return out;
}

std::vector<std::string> EffectCodes(const Transition& t) {
  std::vector<std::string> out;
  if (Does(t, kFreezeSnapshot)) out.emplace_back("freeze_snapshot");
  if (Does(t, kSetPublicity)) out.emplace_back("set_publicity_period");
  if (Does(t, kClearPublicity)) out.emplace_back("clear_publicity_period");
  if (Does(t, kRecordOpinion)) out.emplace_back("record_opinion");
  if (Does(t, kCountResubmission)) out.emplace_back("count_resubmission");
  if (Does(t, kRecordReviewOpinion)) out.emplace_back("record_review_opinion");
  return out;
}

std::string_view GuardCode(Guard g) {
  switch (g) {
    case Guard::kNone:
      return "none";
    case Guard::kApplicantReady:
      return "applicant_ready";
    case Guard::kResubmitReady:
      return "resubmit_ready";
    case Guard::kCorrectionList:
      return "correction_list";
    case Guard::kPublicityStart:
      return "publicity_start";
    case Guard::kPublicityDone:
      return "publicity_done";
    case Guard::kReRecommend:
      return "re_recommend";
    case Guard::kPublicityReusable:
      return "publicity_reusable";
    case Guard::kReason:
      return "reason";
    case Guard::kCountyDeadline:
      return "county_deadline";
    case Guard::kPaperForms:
      return "paper_forms";
    case Guard::kCorrected:
      return "corrected";
    case Guard::kCorrectionExpired:
      return "correction_expired";
    case Guard::kReview:
      return "review";
  }
  return "none";
}
storage::StateSet detail::StatesWhere(bool (*pred)(State)) {
  storage::StateSet out;
  for (const auto& i : kStateInfo) (pred(i.state) ? out.in : out.out).emplace_back(i.code);
  return out;
}

Result<views::UnitQuotas> Workflow::Quotas(const Principal& p, int64_t unit_id) {
  Session s(env_.db);
  auto unit = storage::FindUnit(s, unit_id);
  if (!unit) return MakeError(errc::not_found);
  const bool allowed =
      (p.role == Role::kUnit && p.unit_id == unit_id) || p.role == Role::kCityAdmin ||
      (p.role == Role::kAcceptancePoint && !unit->city_level && unit->region_code == p.region_code) ||
      (p.role == Role::kCompetentDepartment && unit->city_level &&
       unit->competent_department_id == p.department_id);
  if (!allowed) return MakeError(errc::not_found);
  const campaign::Campaign& c = current();
  views::UnitQuotas out{.unit_id = unit_id, .unit_type = unit->unit_type, .items = {}};
  const std::vector<storage::UnitQuotaRow> rows = storage::QuotasRepo(s).ForUnit(unit_id);
  out.items.reserve(rows.size());
  for (const auto& r : rows) {
    const int64_t used = QuotaUsed(s, unit_id, r.level, c.id);
    const auto* l = c.FindLevel(r.level);
    out.items.push_back({.level = r.level,
                         .level_name = l ? l->name : r.level,
                         .quota = r.quota,
                         .used = used,
                         .left = std::max<int64_t>(0, r.quota - used)});
  }
  return out;
}

Result<views::UnitQuotas> Workflow::SetQuotas(const Actor& actor, int64_t unit_id, const QuotasForm& form) {
  const campaign::Campaign& c = current();
  FieldErrors errors;
  errors.Append(form.unread);
  const std::string& reason = form.body.reason;
  if (reason.empty()) errors.Add("reason", errc::change_reason_required);
  std::vector<std::pair<std::string, int>> quotas;
  if (form.items) {
    errors.Append({*form.items});
    return errors.ToError();
  }
  {
    Session s(env_.db);
    auto unit = storage::FindUnit(s, unit_id);
    if (!unit) return MakeError(errc::not_found);
    static const QuotasForm::ItemUnread kReadWhole;
    const auto& items = form.body.items;
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string path = "items[" + std::to_string(i) + "]";
      const QuotasForm::ItemUnread& unread = i < form.items_unread.size() ? form.items_unread[i] : kReadWhole;
      if (unread.item) {
        errors.Append({*unread.item});
        continue;
      }
      errors.Append(unread.members);
      const std::string& code = items[i].level;
      if (!c.FindLevel(code)) errors.Add(path + ".level", code.empty() ? errc::required : errc::unknown_code);
      const int64_t quota = items[i].quota;
      if (unread.quota || quota < 0 || quota > 10000) {
        errors.Add(path + ".quota", errc::invalid_number);
        continue;
      }
      for (const auto& q : quotas)
        if (q.first == code) errors.Add(path + ".level", errc::duplicate, code);
      quotas.emplace_back(code, static_cast<int>(quota));
    }
    if (!errors.empty()) return errors.ToError();
    const int64_t now = UnixSeconds(env_.clock.Now());
    {
      storage::WriteTx tx(s);
      for (size_t i = 0; i < quotas.size(); ++i) {
        const int64_t used = QuotaUsed(s, unit_id, quotas[i].first, c.id);
        if (quotas[i].second < used)
          errors.Add("items[" + std::to_string(i) + "].quota", errc::out_of_range,
                     "at least " + std::to_string(used));
      }
      if (!errors.empty()) return errors.ToError();
      storage::QuotasRepo(s).ClearUnit(unit_id);
      std::string summary;
      for (const auto& [level, quota] : quotas) {
        storage::SetUnitQuota(s, unit_id, level, quota);
        summary += level + "=" + std::to_string(quota) + " ";
      }
      Audit(s, actor, now, "unit.quota", "unit", std::to_string(unit_id), summary + "；" + reason);
      tx.Commit();
    }
  }  // the session goes back to the pool before the read below takes one
  return Quotas(actor.principal, unit_id);
}

namespace {
// The unit and region whose deadlines apply to this person.
void DeadlineScope(Session& s, const Principal& p, std::optional<int64_t>& unit, std::string& region) {
  if (p.role == Role::kUnit) {
    unit = p.unit_id;
    region = p.region_code;
  } else if (p.role == Role::kApplicant) {
    Archive a = LoadArchive(s, p.user_id);
    unit = a.unit_id;
    if (unit)
      if (auto u = storage::FindUnit(s, *unit)) region = u->region_code;
  } else if (p.role == Role::kAcceptancePoint) {
    region = p.region_code;
  }
}

// The caller's outstanding work per stage: {stage, count}.
std::vector<std::pair<campaign::Stage, int64_t>> Work(Session& s, const Principal& p,
                                                      const std::string& campaign) {
  std::vector<std::pair<campaign::Stage, int64_t>> out;
  // The person's data scope; the repository adds the campaign and the states.
  const storage::ApplicationScope scope = ScopeOf(p);
  storage::DeadlinesRepo repo(s);
  auto count = [&](std::initializer_list<State> states) {
    std::vector<std::string> codes;
    codes.reserve(states.size());
    for (State st : states) codes.emplace_back(StateCode(st));
    return repo.CountPending(scope, campaign, codes);
  };
  switch (p.role) {
    case Role::kApplicant:
      out.emplace_back(campaign::Stage::kApplicant, count({State::kDraft}));
      out.emplace_back(campaign::Stage::kUnit, count({State::kReturned}));
      break;
    case Role::kUnit: {
      const int64_t archives = storage::ArchivesRepo(s).CountForUnit(
          p.unit_id.value_or(-1), std::string(kArchiveLifecycle.Code(ArchiveState::kPending)));
      out.emplace_back(campaign::Stage::kUnit,
                       count({State::kSubmitted, State::kPublicity, State::kCountyReturned}) + archives);
      break;
    }
    case Role::kAcceptancePoint:
    case Role::kCompetentDepartment:
      out.emplace_back(campaign::Stage::kCounty, count({State::kUnitRecommended}));
      break;
    default:
      break;
  }
  return out;
}
}  // namespace

Result<views::Deadlines> Workflow::Deadlines(const Principal& p) {
  const campaign::Campaign& c = current();
  Session s(env_.db);
  std::optional<int64_t> unit;
  std::string region;
  DeadlineScope(s, p, unit, region);
  const Date today = ShanghaiDate(env_.clock.Now());
  views::Deadlines out{.campaign_id = c.id, .today = FormatDate(today), .stages = {}, .next = {}};
  std::map<campaign::Stage, Date> dates;
  for (auto st : {campaign::Stage::kApplicant, campaign::Stage::kUnit, campaign::Stage::kCounty}) {
    bool extended = false;
    const Date d = EffectiveDeadline(s, c, st, unit, region, &extended);
    dates[st] = d;
    out.stages.push_back({.stage = std::string(StageCode(st)),
                          .date = FormatDate(d),
                          .extended = extended,
                          .days_left = DaysBetween(today, d)});
  }
  for (const auto& [st, pending] : Work(s, p, c.id)) {
    const Date d = dates[st];
    if (d < today) continue;
    out.next = views::DeadlinesNext{.stage = std::string(StageCode(st)),
                                    .date = FormatDate(d),
                                    .days_left = DaysBetween(today, d),
                                    .pending = pending};
    break;
  }
  if (!out.next) {
    // no work of one's own: the next stage of the campaign that is still open
    for (auto st : {campaign::Stage::kApplicant, campaign::Stage::kUnit, campaign::Stage::kCounty}) {
      if (dates[st] < today) continue;
      out.next = views::DeadlinesNext{.stage = std::string(StageCode(st)),
                                      .date = FormatDate(dates[st]),
                                      .days_left = DaysBetween(today, dates[st]),
                                      .pending = 0};
      break;
    }
  }
  return out;
}

Result<views::Reminders> Workflow::Reminders(const Principal& p) {
  const Lang lang = p.lang;
  const campaign::Campaign& c = current();
  Session s(env_.db);
  std::optional<int64_t> unit;
  std::string region;
  DeadlineScope(s, p, unit, region);
  const Date today = ShanghaiDate(env_.clock.Now());
  views::Reminders out;
  for (const auto& [st, pending] : Work(s, p, c.id)) {
    if (pending == 0) continue;
    const Date d = EffectiveDeadline(s, c, st, unit, region);
    if (d < today) continue;
    const int days = DaysBetween(today, d);
    const std::string n = std::to_string(pending);
    const std::string date = FormatDate(d);
    std::string zh, en;
    switch (st) {
      case campaign::Stage::kApplicant:
        zh = Concat({"您有 ", n, " 份申报尚未提交，请于 ", date, " 24 时前提交至单位"});
        en = Concat({n, " application(s) not yet submitted; submit to your unit by the end of ", date});
        break;
      case campaign::Stage::kUnit:
        zh = p.role == Role::kApplicant
                 ? Concat({"您有 ", n, " 份被退回的申报，请于 ", date, " 前修改后重新提交"})
                 : Concat({"本单位有 ", n, " 项待办（审核、公示、推荐），推荐截止 ", date});
        en = p.role == Role::kApplicant
                 ? Concat({n, " returned application(s) to correct and resubmit by ", date})
                 : Concat({n, " item(s) to review, publicise or recommend by ", date});
        break;
      case campaign::Stage::kCounty:
        zh = Concat({"有 ", n, " 份申报待审核推荐，截止 ", date});
        en = Concat({n, " application(s) to review and recommend by ", date});
        break;
    }
    out.items.push_back({.stage = std::string(StageCode(st)),
                         .deadline = date,
                         .days_left = days,
                         .count = pending,
                         .text = Pick(lang, zh, en)});
  }
  return out;
}

Result<views::DeadlineExtensionPage> Workflow::Extensions(const Principal&,
                                                          const storage::PageRequest& page) {
  Session s(env_.db);
  const storage::DeadlineExtensionPageRows got = storage::DeadlinesRepo(s).List(current().id, page);
  views::DeadlineExtensionPage out{.items = {}, .total = got.total, .page_size = page.size};
  out.items.reserve(got.rows.size());
  for (const auto& r : got.rows) {
    out.items.push_back({.id = r.id,
                         .stage = r.stage,
                         .unit_id = r.unit_id,
                         .unit_name = r.unit_name,
                         .region_code = r.region_code,
                         .region_name = r.region_name,
                         .until = r.until_date,
                         .reason = r.reason,
                         .created_at = TimeText(r.created_at),
                         .created_by = r.created_by});
  }
  out.next_cursor = NextCursor(got.next);
  return out;
}

Result<views::DeadlineExtensionPage> Workflow::AddExtension(const Actor& actor, const ExtensionForm& form) {
  const campaign::Campaign& c = current();
  FieldErrors errors;
  errors.Append(form.unread);
  const std::string& stage = form.body.stage;
  const std::string region = form.body.region_code.value_or("");
  const std::string& until_s = form.body.until;
  const std::string& reason = form.body.reason;
  const std::optional<int64_t> unit_id = form.body.unit_id;
  const auto stage_code = ParseStage(stage);
  if (!stage_code) errors.Add("stage", stage.empty() ? errc::required : errc::unknown_code);
  if (unit_id.has_value() == !region.empty())
    errors.Add("unit_id", errc::one_of_required, "unit_id or region_code");
  {
    Session s(env_.db);
    if (unit_id && !storage::FindUnit(s, *unit_id)) errors.Add("unit_id", errc::unknown_code);
    if (!region.empty() && !storage::FindRegion(s, region)) errors.Add("region_code", errc::invalid_region);
    auto until = ParseDate(until_s);
    if (!until)
      errors.Add("until", until_s.empty() ? errc::required : errc::invalid_date);
    else if (stage_code && *until <= c.DeadlineOf(*stage_code))
      errors.Add("until", errc::out_of_range, "after " + FormatDate(c.DeadlineOf(*stage_code)));
    if (reason.empty()) errors.Add("reason", errc::change_reason_required);
    CheckLength(errors, "reason", reason);
    if (!errors.empty()) return errors.ToError();
    // The stages after this one, for the same target, whose deadline the new day passes (issue 17).
    const std::string target_region = unit_id ? storage::FindUnit(s, *unit_id)->region_code : region;
    std::vector<campaign::Stage> later;
    for (auto st : {campaign::Stage::kUnit, campaign::Stage::kCounty}) {
      if (static_cast<int>(st) <= static_cast<int>(*stage_code)) continue;
      if (EffectiveDeadline(s, c, st, unit_id, target_region) < *until) later.push_back(st);
    }
    if (!later.empty() && !form.body.extend_later.value_or(false)) {
      const Date next = EffectiveDeadline(s, c, later.front(), unit_id, target_region);
      Error e = MakeError(errc::extension_out_of_order);
      e.fields.push_back(
          {"until", errc::extension_out_of_order,
           std::string(later.front() == campaign::Stage::kUnit ? "用人单位推荐" : "县（市、区）推荐") +
               "截止日为 " + FormatDate(next) + "，早于 " + FormatDate(*until) +
               "；确认后可将后续环节一并延长至同一天"});
      return e;
    }
    const int64_t now = UnixSeconds(env_.clock.Now());
    storage::WriteTx tx(s);
    const std::string until_str = FormatDate(*until);
    auto insert = [&](std::string_view st, const std::string& why) {
      storage::DeadlinesRepo(s).Insert(
          {.campaign_id = c.id,
           .stage = std::string(st),
           .unit_id = unit_id,
           .region_code = region.empty() ? std::nullopt : std::optional<std::string>(region),
           .until_date = until_str,
           .reason = why,
           .created_by = actor.principal.user_id,
           .created_at = now});
    };
    insert(stage, reason);
    for (auto st : later) insert(StageCode(st), reason + "（随前一环节一并延长）");
    const std::string target = unit_id ? "单位 #" + std::to_string(*unit_id) : "地区 " + region;
    static const std::map<std::string, std::string> kStageNames = {
        {"applicant", "个人申报"}, {"unit", "单位推荐"}, {"county", "受理点（主管部门）推荐"}};
    const auto named = kStageNames.find(stage);
    Audit(s, actor, now, "deadline.extend", "campaign", c.id,
          (named != kStageNames.end() ? named->second : stage) + "截止时间延至 " + until_str + "（" + target +
              "）：" + reason);
    if (unit_id) {
      storage::Notify(
          s, storage::Audience::Unit(*unit_id),
          {"deadline.extended", std::nullopt, "本单位的截止时间已延长至 " + until_str + "（" + reason + "）",
           "Your unit's deadline was extended to " + until_str},
          now);
    }
    tx.Commit();
  }  // the session goes back to the pool before the read below takes one
  return Extensions(actor.principal);
}

Result<views::NotificationPage> Workflow::Notifications(const Principal& p,
                                                        const storage::PageRequest& page) {
  const Lang lang = p.lang;
  Session s(env_.db);
  const storage::NotificationPage got = storage::ListNotifications(s, p.user_id, page);
  views::NotificationPage out{
      .items = {}, .total = got.total, .page_size = page.size, .next_cursor = {}, .unread = got.unread};
  for (const auto& n : got.items)
    out.items.push_back({.id = n.id,
                         .kind = n.text.kind,
                         .application_id = n.text.application_id,
                         .text = Pick(lang, n.text.zh, n.text.en),
                         .at = TimeText(n.created_at),
                         .read = n.read_at != 0});
  out.next_cursor = NextCursor(got.next);
  return out;
}

Status Workflow::MarkRead(const Principal& p, std::optional<int64_t> id) {
  Session s(env_.db);
  if (!storage::MarkNotificationsRead(s, p.user_id, id, UnixSeconds(env_.clock.Now())))
    return MakeError(errc::not_found);
  return Ok{};
}

std::vector<std::string> CheckInvariants(storage::Database& db) {
  std::vector<std::string> problems;
  Session s(db);
  storage::ApplicationsRepo repo(s);
  std::vector<AppRow> apps;
  for (const auto& r : repo.All()) apps.push_back(AppFromRecord(r));
  for (const AppRow& a : apps) {
    const std::string who = "application " + std::to_string(a.id) + " (" + a.number + ")";
    State state = State::kDraft;
    int64_t last_at = a.created_at;
    int submissions = 0;
    bool broken = false;
    for (const auto& r : repo.Transitions(a.id)) {
      if (broken) break;
      const std::string step = who + ", transition " + std::to_string(r.id);
      const auto from = ParseState(r.from_state);
      const auto to = ParseState(r.to_state);
      const auto action = ParseAction(r.action);
      const auto role = accounts::ParseRole(r.role);
      const Transition* t = from && action ? FindTransition(*from, *action) : nullptr;
      if (!from || *from != state) {
        problems.push_back(step + ": starts from " + r.from_state + " but the history is at " +
                           std::string(StateCode(state)));
        broken = true;
      } else if (!t || !to || t->to != *to || !role || !Allows(*t, *role)) {
        problems.push_back(step + ": " + r.from_state + " --" + r.action + "/" + r.role + "--> " +
                           r.to_state + " is not in the transition table");
        broken = true;
      }
      if (r.at < last_at) problems.push_back(step + ": its time goes back before the previous step");
      last_at = r.at;
      if (action == Action::kSubmit || action == Action::kResubmit || action == Action::kCorrect)
        ++submissions;
      if (to) state = *to;
    }
    if (!broken && state != a.state)
      problems.push_back(who + ": state is " + std::string(StateCode(a.state)) + " but its history ends at " +
                         std::string(StateCode(state)));
    if (a.updated_at < last_at) problems.push_back(who + ": updated_at is before its last transition");
    if (a.quota_held != HoldsQuota(a.state))
      problems.push_back(who + ": quota place " + (a.quota_held ? "held" : "not held") + " in state " +
                         std::string(StateCode(a.state)));
    int versions = 0;
    for (const auto& r : repo.Snapshots(a.id)) {
      ++versions;
      if (r.version != versions)
        problems.push_back(who + ": snapshot versions are not 1.." + std::to_string(versions));
      if (Sha256Hex(r.data) != r.sha256)
        problems.push_back(who + ": snapshot " + std::to_string(r.version) +
                           " was changed after submission (hash mismatch)");
    }
    if (versions != submissions || a.snapshot_version != versions)
      problems.push_back(who + ": " + std::to_string(submissions) + " submissions but " +
                         std::to_string(versions) + " snapshots (current " +
                         std::to_string(a.snapshot_version) + ")");
    if (a.state != State::kDraft && a.state != State::kNotRecommended && a.snapshot_version == 0)
      problems.push_back(who + ": in state " + std::string(StateCode(a.state)) + " without a snapshot");
  }
  // per campaign: a quota is the unit's number of places in each year's review
  for (const auto& r : repo.QuotaUse())
    if (r.used > r.quota)
      problems.push_back("unit " + std::to_string(r.unit_id) + ", level " + r.level + ", campaign " +
                         r.campaign_id + ": " + std::to_string(r.used) + " places used of a quota of " +
                         std::to_string(r.quota));
  for (auto& m : storage::CountMismatches(s)) problems.push_back("dashboard counters: " + std::move(m));
  return problems;
}

}  // namespace zc::workflow

namespace zc::workflow {

std::vector<Lifecycle> Lifecycles() {
  Lifecycle app{
      .name = "application", .zh = "职称申报", .en = "Application", .states = {}, .transitions = {}};
  for (const auto& i : kStateInfo) {
    LifecycleState st{.code = std::string(i.code),
                      .zh = std::string(i.zh),
                      .en = std::string(i.en),
                      .color = std::string(i.color),
                      .holder = std::string(HolderCode(i.holder)),
                      .final = i.final,
                      .flags = {},
                      .visible_to = {"city_admin"}};
    if (i.holds_quota) st.flags.emplace_back("holds_quota");
    if (i.at_committee) st.flags.emplace_back("at_committee");
    if (i.seen_by_unit) st.visible_to.emplace_back("unit");
    if (i.past_unit) {
      st.visible_to.emplace_back("acceptance_point");
      st.visible_to.emplace_back("competent_department");
    }
    if (i.at_committee) st.visible_to.emplace_back("committee_office");
    app.states.push_back(std::move(st));
  }
  for (const auto& t : kTransitions) {
    LifecycleTransition lt{.from = std::string(StateCode(t.from)),
                           .action = std::string(ActionCode(t.action)),
                           .to = std::string(StateCode(t.to)),
                           .action_zh = std::string(ActionNameZh(t.action)),
                           .action_en = std::string(ActionNameEn(t.action)),
                           .roles = {},
                           .guard = std::string(GuardCode(t.guard)),
                           .guard_text = std::string(GuardText(t.guard)),
                           .notify = TellCodes(t),
                           .effects = EffectCodes(t)};
    for (const auto& r : t.roles)
      if (r) lt.roles.emplace_back(accounts::RoleName(*r));
    app.transitions.push_back(std::move(lt));
  }
  // The work queue's tabs of each role (申报审核 / 接收材料), the first opened by default.
  auto codes = [](std::initializer_list<State> states) {
    std::vector<std::string> out;
    for (State st : states) out.emplace_back(StateCode(st));
    return out;
  };
  std::vector<std::string> all_but_draft;
  for (const auto& i : kStateInfo)
    if (i.state != State::kDraft) all_but_draft.emplace_back(i.code);
  app.queue_tabs = {
      {"unit", codes({State::kSubmitted, State::kPublicity, State::kCountyReturned, State::kUnitRecommended,
                      State::kCountyRecommended, State::kReturned})},
      {"acceptance_point",
       codes({State::kUnitRecommended, State::kCountyReturned, State::kCountyRecommended, State::kReceived})},
      {"competent_department",
       codes({State::kUnitRecommended, State::kCountyReturned, State::kCountyRecommended, State::kReceived})},
      {"committee_office",
       codes({State::kCountyRecommended, State::kReceived, State::kOfficeReturned, State::kAccepted})},
      {"city_admin", all_but_draft},
  };
  return {std::move(app), kArchiveLifecycle.Data(), kUnitObjectionLifecycle.Data(), kJobLifecycle.Data()};
}

}  // namespace zc::workflow
