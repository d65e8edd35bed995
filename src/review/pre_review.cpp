// The committee office's pre-review publicity (评前公示): see pre_review.hpp.
#include "review/pre_review.hpp"

#include <algorithm>
#include <map>

#include "base/limits.hpp"
#include "review/internal.hpp"
#include "storage/pre_review_repo.hpp"

namespace zc::review {

using namespace detail;
using storage::PreReviewObjectionRow;
using storage::PreReviewPublicityRow;
using storage::PreReviewRepo;
using workflow::Action;
using workflow::State;

std::string_view PreReviewStatusCode(PreReviewStatus s) {
  return kPreReviewPublicityLifecycle.Code(s);
}

std::string_view CandidateStatusCode(CandidateStatus s) {
  return kPreReviewCandidateLifecycle.Code(s);
}

namespace {
PreReviewObjectionState StateOf(ObjectionOutcome o) {
  switch (o) {
    case ObjectionOutcome::kDismissed:
      return PreReviewObjectionState::kDismissed;
    case ObjectionOutcome::kUpheld:
      return PreReviewObjectionState::kUpheld;
    case ObjectionOutcome::kNotEligible:
      return PreReviewObjectionState::kNotEligible;
  }
  return PreReviewObjectionState::kDismissed;
}
std::string ObjectionCode(PreReviewObjectionState st) {
  return std::string(kPreReviewObjectionLifecycle.Code(st));
}
}  // namespace

std::string_view ObjectionOutcomeCode(ObjectionOutcome o) {
  return kPreReviewObjectionLifecycle.Code(StateOf(o));
}

std::string_view ObjectionOutcomeAction(ObjectionOutcome o) {
  switch (o) {
    case ObjectionOutcome::kDismissed:
      return "dismiss";
    case ObjectionOutcome::kUpheld:
      return "uphold";
    case ObjectionOutcome::kNotEligible:
      return "not_eligible";
  }
  return "dismiss";
}

std::optional<ObjectionOutcome> ParseObjectionOutcome(std::string_view code) {
  for (auto o : {ObjectionOutcome::kDismissed, ObjectionOutcome::kUpheld, ObjectionOutcome::kNotEligible})
    if (ObjectionOutcomeCode(o) == code) return o;
  return std::nullopt;
}

std::vector<Lifecycle> PreReviewLifecycles() {
  return {kPreReviewPublicityLifecycle.Data(), kPreReviewCandidateLifecycle.Data(),
          kPreReviewObjectionLifecycle.Data()};
}

namespace {

PreReviewStatus StatusOn(const PreReviewPublicityRow& p, const Date& today) {
  const auto start = ParseDate(p.start_date);
  const auto end = ParseDate(p.end_date);
  if (start && today < *start) return PreReviewStatus::kScheduled;
  if (end && *end < today) return PreReviewStatus::kEnded;
  return PreReviewStatus::kOpen;
}

CandidateStatus CandidateOf(PreReviewRepo& repo, const PreReviewPublicityRow& p, int64_t app_id,
                            const Date& today) {
  if (repo.CountObjections(p.id, app_id, ObjectionCode(PreReviewObjectionState::kNotEligible)) > 0)
    return CandidateStatus::kNotAccepted;
  if (repo.CountObjections(p.id, app_id, ObjectionCode(PreReviewObjectionState::kUpheld)) > 0)
    return CandidateStatus::kReturned;
  if (StatusOn(p, today) != PreReviewStatus::kEnded) return CandidateStatus::kListed;
  if (repo.CountObjections(p.id, app_id, ObjectionCode(PreReviewObjectionState::kOpen)) > 0)
    return CandidateStatus::kObjectionOpen;
  return CandidateStatus::kCleared;
}

std::string CommitteeName(const campaign::Campaign& c, const std::string& code) {
  const auto* m = c.FindCommittee(code);
  return m ? m->name : code;
}

// `reader`: whose actions to offer (none for the public page).
PreReviewPublicityView ViewOf(Session& s, const campaign::Campaign& c, const PreReviewPublicityRow& p,
                              const Date& today, const accounts::Principal* reader) {
  PreReviewRepo repo(s);
  PreReviewPublicityView v{.id = p.id,
                           .committee_code = p.committee_code,
                           .committee_name = CommitteeName(c, p.committee_code),
                           .start_date = p.start_date,
                           .end_date = p.end_date,
                           .status = StatusOn(p, today),
                           .working_days = c.pre_review_publicity_working_days,
                           .candidates = {},
                           .objections = {}};
  std::map<int64_t, std::pair<std::string, std::string>> who;  // application → {number, name}
  for (int64_t id : repo.Entries(p.id)) {
    auto a = LoadApp(s, id);
    if (!a) continue;
    const Party party = PartyOf(s, *a);
    const auto* level = c.FindLevel(a->level);
    const auto* sp = c.FindSpecialty(a->specialty);
    who[id] = {a->number, party.applicant_name};
    v.candidates.push_back(PreReviewCandidate{.application_id = id,
                                              .number = a->number,
                                              .name = party.applicant_name,
                                              .unit_name = party.unit_name,
                                              .level_name = level ? level->name : a->level,
                                              .specialty_name = sp ? sp->name : a->specialty,
                                              .state = a->state,
                                              .status = CandidateOf(repo, p, id, today)});
  }
  for (const auto& o : repo.Objections(p.id)) {
    PreReviewObjectionView& x =
        v.objections.emplace_back(PreReviewObjectionView{.id = o.id,
                                                         .application_id = o.application_id,
                                                         .application_number = who[o.application_id].first,
                                                         .candidate_name = who[o.application_id].second,
                                                         .name = o.name,
                                                         .contact = o.contact,
                                                         .content = o.content,
                                                         .status = o.status,
                                                         .resolution = o.resolution,
                                                         .created_at = o.created_at,
                                                         .resolved_at = o.resolved_at});
    if (const auto st = kPreReviewObjectionLifecycle.Parse(o.status); st && reader)
      OfferActions(kPreReviewObjectionLifecycle, *st, *reader, x.allowed_actions, x.unavailable_actions);
  }
  return v;
}

}  // namespace

PreReview::PreReview(accounts::Env env, const std::vector<campaign::Campaign>& campaigns,
                     calendar::CalendarStore& calendars, workflow::Workflow& wf)
    : env_(env), campaigns_(campaigns), calendars_(calendars), wf_(wf) {}

bool PreReview::Enabled() const {
  return campaigns_.back().pre_review_publicity_working_days > 0;
}

Status PreReview::ReadyForGroup(Session& s, const campaign::Campaign& c, int64_t application_id,
                                const Date& today) {
  if (c.pre_review_publicity_working_days <= 0) return Ok{};
  PreReviewRepo repo(s);
  const auto p = repo.LatestFor(application_id);
  if (p && CandidateOf(repo, *p, application_id, today) == CandidateStatus::kCleared) return Ok{};
  return MakeError(errc::pre_review_pending);
}

Result<PreReviewPublicityView> PreReview::Publish(const accounts::Actor& actor, const PublishPreReview& cmd) {
  const campaign::Campaign& c = campaigns_.back();
  if (!Enabled()) return MakeError(errc::pre_review_not_configured);
  FieldErrors fe;
  if (cmd.committee_code.empty()) {
    fe.Add("committee_code", errc::required);
  } else if (!c.FindCommittee(cmd.committee_code)) {
    fe.Add("committee_code", errc::unknown_code);
  }
  const auto start = ParseDate(cmd.start_date);
  if (!start) fe.Add("start_date", cmd.start_date.empty() ? errc::required : errc::invalid_date);
  if (!fe.empty()) return fe.ToError();
  auto cal = calendars_.Snapshot();
  auto working = cal->IsWorkingDay(*start);
  if (!working) return MakeError(errc::calendar_year_missing);
  const TimePoint now = env_.clock.Now();
  const Date today = ShanghaiDate(now);
  if (!*working)
    fe.Add("start_date", errc::not_working_day);
  else if (*start < today)
    fe.Add("start_date", errc::date_in_past);
  if (!fe.empty()) return fe.ToError();
  auto end = cal->NthWorkingDay(*start, c.pre_review_publicity_working_days);
  if (!end.ok()) return end.error();

  Session s(env_.db);
  storage::WriteTx tx(s);
  PreReviewRepo repo(s);
  // The candidates: accepted applications of this committee not yet publicised, or publicised before an
  // upheld objection sent them back (they were corrected and accepted again).
  std::vector<workflow::AppRow> candidates;
  for (int64_t id : repo.ApplicationsIn(c.id, std::string(workflow::StateCode(State::kAccepted)))) {
    auto a = LoadApp(s, id, true);
    if (!a) continue;
    const auto* m = c.CommitteeFor(a->level, a->region_code);
    if (!m || m->code != cmd.committee_code) continue;
    if (auto latest = repo.LatestFor(id);
        latest && CandidateOf(repo, *latest, id, today) != CandidateStatus::kReturned)
      continue;
    candidates.push_back(*a);
  }
  if (candidates.empty()) return MakeError(errc::pre_review_no_candidates);
  const long long at = UnixSeconds(now);
  PreReviewPublicityRow row{.id = 0,
                            .campaign_id = c.id,
                            .committee_code = cmd.committee_code,
                            .start_date = FormatDate(*start),
                            .end_date = FormatDate(end.value()),
                            .created_by = actor.principal.user_id,
                            .created_at = at};
  row.id = repo.InsertPublicity(row);
  for (const auto& a : candidates) {
    repo.AddEntry(row.id, a.id);
    storage::NotifyStep(
        s, kPreReviewCandidateLifecycle.Find(std::nullopt, "list")->notify, {.applicant = a.applicant_id},
        {"pre_review.listed", a.id,
         "您的申报 " + a.number + " 已列入评委会评前公示，公示期 " + row.start_date + " 至 " + row.end_date +
             "（" + std::to_string(c.pre_review_publicity_working_days) +
             " 个工作日）；期满无异议后进入专业评议",
         "Your application " + a.number + " is in the committee's pre-review publicity from " +
             row.start_date + " to " + row.end_date},
        at);
  }
  Audit(s, actor, at, "pre_review.publish", "pre_review_publicity", std::to_string(row.id),
        CommitteeName(c, row.committee_code) + "：" + row.start_date + " 至 " + row.end_date + "，" +
            std::to_string(candidates.size()) + " 人");
  tx.Commit();
  return ViewOf(s, c, row, today, &actor.principal);
}

Result<std::vector<PreReviewPublicityView>> PreReview::List(const accounts::Principal& reader) {
  Session s(env_.db);
  const Date today = ShanghaiDate(env_.clock.Now());
  std::vector<PreReviewPublicityView> out;
  for (const auto& p : PreReviewRepo(s).All())
    out.push_back(ViewOf(s, CampaignById(campaigns_, p.campaign_id), p, today, &reader));
  return out;
}

Result<PreReviewPublicityView> PreReview::Get(const accounts::Principal& reader, int64_t id) {
  Session s(env_.db);
  auto p = PreReviewRepo(s).Find(id);
  if (!p) return MakeError(errc::not_found);
  return ViewOf(s, CampaignById(campaigns_, p->campaign_id), *p, ShanghaiDate(env_.clock.Now()), &reader);
}

Result<std::vector<views::PublicPreReview>> PreReview::Public() {
  Session s(env_.db);
  const Date today = ShanghaiDate(env_.clock.Now());
  std::vector<views::PublicPreReview> out;
  for (const auto& p : PreReviewRepo(s).OpenOn(FormatDate(today))) {
    const auto& c = CampaignById(campaigns_, p.campaign_id);
    views::PublicPreReview v{.id = p.id,
                             .committee_name = CommitteeName(c, p.committee_code),
                             .start_date = p.start_date,
                             .end_date = p.end_date,
                             .entries = {}};
    for (const auto& cand : ViewOf(s, c, p, today, nullptr).candidates) {
      if (cand.status != CandidateStatus::kListed) continue;  // returned or ended: no longer a candidate
      v.entries.push_back(views::PublicPreReviewEntry{.entry_id = cand.application_id,
                                                      .name = cand.name,
                                                      .unit_name = cand.unit_name,
                                                      .level_name = cand.level_name,
                                                      .specialty_name = cand.specialty_name});
    }
    out.push_back(std::move(v));
  }
  return out;
}

Result<int64_t> PreReview::Object(int64_t publicity_id, const RaisePreReviewObjection& cmd,
                                  const std::string& ip) {
  FieldErrors fe;
  if (cmd.entry_id <= 0) fe.Add("entry_id", errc::required);
  if (cmd.name.empty()) fe.Add("name", errc::required);
  CheckLength(fe, "name", cmd.name);
  if (cmd.contact.empty()) {
    fe.Add("contact", errc::required);
  } else if (!ValidContact(cmd.contact)) {
    fe.Add("contact", errc::invalid_contact);
  }
  if (cmd.content.empty()) fe.Add("content", errc::required);
  CheckLength(fe, "content", cmd.content);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::WriteTx tx(s);
  PreReviewRepo repo(s);
  auto p = repo.Find(publicity_id);
  if (!p) return MakeError(errc::not_found);
  const TimePoint now = env_.clock.Now();
  const Date today = ShanghaiDate(now);
  // The objection table's guard `publicity_open`.
  if (StatusOn(*p, today) != PreReviewStatus::kOpen) return MakeError(errc::publicity_not_open);
  const auto entries = repo.Entries(p->id);
  std::optional<workflow::AppRow> app;
  if (std::find(entries.begin(), entries.end(), cmd.entry_id) != entries.end() &&
      CandidateOf(repo, *p, cmd.entry_id, today) == CandidateStatus::kListed)
    app = LoadApp(s, cmd.entry_id);
  if (!app) {
    fe.Add("entry_id", errc::not_found);
    return fe.ToError();
  }
  const long long at = UnixSeconds(now);
  PreReviewObjectionRow row{.id = 0,
                            .publicity_id = p->id,
                            .application_id = app->id,
                            .name = cmd.name,
                            .contact = cmd.contact,
                            .content = cmd.content,
                            .status = kPreReviewObjectionLifecycle.Start("raise"),
                            .resolution = {},
                            .created_at = at,
                            .resolved_at = 0};
  const int64_t id = repo.InsertObjection(row, ip);
  storage::NotifyStep(
      s, kPreReviewObjectionLifecycle.Find(std::nullopt, "raise")->notify, {},
      {"pre_review.objection", app->id,
       "评前公示收到异议（" + app->number + "），请调查核实并记录处理结果；处理前该申报不能进入专业评议",
       "An objection to the pre-review publicity of " + app->number + " was received"},
      at);
  tx.Commit();
  return id;
}

Result<PreReviewPublicityView> PreReview::Resolve(const accounts::Actor& actor, int64_t objection_id,
                                                  const ResolvePreReviewObjection& cmd) {
  FieldErrors fe;
  const auto outcome = ParseObjectionOutcome(cmd.outcome);
  if (!outcome) fe.Add("outcome", cmd.outcome.empty() ? errc::required : errc::unknown_code);
  if (cmd.resolution.empty()) fe.Add("resolution", errc::required);
  CheckLength(fe, "resolution", cmd.resolution);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::LockRow(s, "pre_review_objections", objection_id);
  PreReviewRepo repo(s);
  auto o = repo.FindObjection(objection_id);
  if (!o) return MakeError(errc::not_found);
  const auto from = kPreReviewObjectionLifecycle.Parse(o->status);
  if (!from) return MakeError(errc::not_found);
  const std::string_view action = ObjectionOutcomeAction(*outcome);
  if (auto refusal = kPreReviewObjectionLifecycle.Refuse(*from, action)) return MakeError(*refusal);
  const TimePoint now = env_.clock.Now();
  const long long at = UnixSeconds(now);
  const std::string code(kPreReviewObjectionLifecycle.Code(kPreReviewObjectionLifecycle.Next(*from, action)));
  repo.ResolveObjection(o->id, code, cmd.resolution, actor.principal.user_id, at);
  auto a = LoadApp(s, o->application_id, true);
  if (!a) return MakeError(errc::not_found);
  if (*outcome != ObjectionOutcome::kDismissed && a->state == State::kAccepted) {
    // The finding goes to the applicant as the correction item, or as the reason the application ends.
    Status st = *outcome == ObjectionOutcome::kUpheld
                    ? wf_.ApplyReviewStep(s, actor, a->id, Action::kOfficeReturn,
                                          "评前公示异议成立：" + cmd.resolution, now,
                                          {{"评前公示异议核查结论", cmd.resolution}})
                    : wf_.ApplyReviewStep(s, actor, a->id, Action::kNotAccept,
                                          "评前公示异议成立，经核查不符合申报条件：" + cmd.resolution, now);
    if (!st.ok()) return st.error();
  } else if (*outcome == ObjectionOutcome::kDismissed) {
    storage::NotifyStep(
        s, kPreReviewObjectionLifecycle.Find(*from, action)->notify, {.applicant = a->applicant_id},
        {"pre_review.objection_dismissed", a->id,
         "您的申报 " + a->number + " 在评前公示期间收到的一项异议经核查不成立：" + cmd.resolution,
         "An objection to your application " + a->number + " in the pre-review publicity was dismissed"},
        at);
  }
  Audit(s, actor, at, "pre_review.objection." + code, "pre_review_objection", std::to_string(o->id),
        a->number + "：" + cmd.resolution);
  tx.Commit();
  auto p = repo.Find(o->publicity_id);
  return ViewOf(s, CampaignById(campaigns_, p->campaign_id), *p, ShanghaiDate(now), &actor.principal);
}

}  // namespace zc::review
