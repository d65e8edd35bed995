// Applications: creation, the live eligibility check, evidence, the guarded transitions of the state
// machine, batches, objections and the queues.
#include <algorithm>
#include <functional>
#include <map>

#include "base/crypto.hpp"
#include "base/ids.hpp"
#include "base/limits.hpp"
#include "storage/files_repo.hpp"
#include "workflow/internal.hpp"
#include "workflow/lifecycles.hpp"

namespace zc::workflow {
using namespace detail;

namespace {

const campaign::Campaign& CampaignOf(const std::vector<campaign::Campaign>& all, const std::string& id) {
  for (const auto& c : all)
    if (c.id == id) return c;
  return all.back();
}

std::string LevelName(const campaign::Campaign& c, const std::string& code, Lang lang = Lang::kZh) {
  const auto* l = c.FindLevel(code);
  return l ? (lang == Lang::kEn ? l->name_en : l->name) : code;
}
std::string SpecialtyName(const campaign::Campaign& c, const std::string& code) {
  const auto* s = c.FindSpecialty(code);
  return s ? s->name : code;
}

// Does one `required_when` alternative hold?
bool Holds(std::string_view cond, const std::string& path, const std::string& level, bool ss_elsewhere) {
  while (!cond.empty()) {
    const size_t amp = cond.find('&');
    const std::string_view term = cond.substr(0, amp);
    cond = amp == std::string_view::npos ? std::string_view{} : cond.substr(amp + 1);
    bool ok = false;
    if (term == "always")
      ok = true;
    else if (term == "ss_elsewhere")
      ok = ss_elsewhere;
    else if (term.starts_with("path:"))
      ok = term.substr(5) == path;
    else if (term.starts_with("level:"))
      ok = term.substr(6) == level;
    if (!ok) return false;
  }
  return true;
}

struct Evaluation {
  std::optional<eligibility::Profile> profile;
  std::optional<eligibility::Decision> decision;
  std::string path;  // the decided path code, "" when none
};

struct Ctx {
  accounts::Env& env;
  const std::vector<campaign::Campaign>& campaigns;
  calendar::CalendarStore& calendars;
};

// States in which the applicant edits the application (level, specialty, evidence, pledge).
bool Editable(State st) {
  return st == State::kDraft || st == State::kReturned || st == State::kOfficeReturned;
}

// The number printed on the review form of the current snapshot: the committee office checks the paper
// forms against it.
std::string FormNumber(const AppRow& a) {
  if (a.snapshot_version == 0) return "";
  std::string n = a.number;
  n += "-v";
  n += std::to_string(a.snapshot_version);
  return n;
}

std::optional<views::ApplicationPaper> Paper(Session& s, const AppRow& a) {
  auto r = storage::ApplicationsRepo(s).Paper(a.id);
  if (!r) return std::nullopt;
  return views::ApplicationPaper{.copies = r->copies,
                                 .watermark = r->watermark,
                                 .form_number = r->form_number,
                                 .checked_at = TimeText(r->checked_at),
                                 .checked_by = r->checker};
}

bool PaperCheckedIn(Session& s, const AppRow& a) {
  return Paper(s, a).has_value();
}

Evaluation Evaluate(Ctx& x, Session& s, int64_t applicant_id, const campaign::Campaign& c,
                    const std::string& level, const std::string& specialty) {
  Evaluation e;
  Archive a = LoadArchive(s, applicant_id);
  std::string unit_type = "enterprise";
  if (a.unit_id)
    if (auto u = storage::FindUnit(s, *a.unit_id)) unit_type = u->unit_type;
  e.profile = ProfileOf(a, c, level, specialty, unit_type);
  if (!e.profile) return e;
  auto cal = x.calendars.Snapshot();
  e.decision = eligibility::Evaluate(*e.profile, c, *cal, IntegrityRecordsOf(s, applicant_id),
                                     ShanghaiDate(x.env.clock.Now()));
  if (e.decision->path) e.path = eligibility::ToString(*e.decision->path);
  return e;
}

// The evidence slots of an application: which are required, their limits, and the files in each.
std::vector<views::ApplicationSlot> Slots(Session& s, const campaign::Campaign& c, const Evaluation& e,
                                          const std::string& level, int64_t app_id) {
  std::map<std::string, std::vector<int64_t>> files;
  if (app_id)
    for (const auto& r : storage::ApplicationsRepo(s).Evidence(app_id)) files[r.slot].push_back(r.file_id);
  const bool ss_elsewhere = e.profile && !e.profile->ss_paid_in_city;
  std::vector<views::ApplicationSlot> out;
  for (const auto& slot : c.evidence_slots) {
    bool required = false;
    for (const auto& w : slot.required_when) required = required || Holds(w, e.path, level, ss_elsewhere);
    out.push_back({.code = slot.code,
                   .name = slot.name,
                   .name_en = slot.name_en,
                   .required = required,
                   .max_count = slot.max_count,
                   .max_mb = slot.max_mb,
                   .files = FileViews(s, files[slot.code])});
  }
  return out;
}

// The campaign's opinion template with this application's facts filled in.
std::string OpinionTemplate(const campaign::Campaign& c, const AppRow& a, const std::string& name) {
  const std::map<std::string, std::string> values = {
      {"name", name},
      {"campaign", c.name},
      {"level", LevelName(c, a.level)},
      {"start", a.publicity_start.empty() ? "____" : a.publicity_start},
      {"end", a.publicity_end.empty() ? "____" : a.publicity_end},
      {"days", std::to_string(c.unit_publicity_working_days)}};
  std::string out;
  const std::string& tpl = c.unit_opinion_template;
  for (size_t i = 0; i < tpl.size();) {
    const size_t close = tpl[i] == '{' ? tpl.find('}', i) : std::string::npos;
    auto it = close == std::string::npos ? values.end() : values.find(tpl.substr(i + 1, close - i - 1));
    if (it != values.end()) {
      out += it->second;
      i = close + 1;
    } else {
      out += tpl[i++];
    }
  }
  return out;
}

std::optional<int> QuotaOf(Session& s, int64_t unit_id, const std::string& level) {
  return storage::ApplicationsRepo(s).UnitQuota(unit_id, level);
}

// The part of a transition's guard that depends on the application, the data and the clock, not on what the
// caller sends (HotCRP's perm_* style): the reason the action is unavailable now, or nullopt. CheckStep
// refuses with it; the application's view lists the action in `allowed_actions` only when it is nullopt, and
// otherwise in `unavailable_actions` with this reason. `for_write` locks the unit before counting its quota
// (PostgreSQL), so that the count stays exact until the transaction ends.
// The deadlines that apply to one application (issue 17, "no dead ends"): the stages' with their
// extensions; after a return by the acceptance point or the competent department, the unit stage reopens
// until the later of its deadline and the return day + deadlines.correction_working_days working days, and
// the county stage moves by as much; after a committee-office return, the correction is due by the return
// day + that many working days. `history`: the application's transitions when the caller has read them.
struct AppDeadlines {
  std::map<campaign::Stage, Date> stage;
  std::optional<Date> reopened;    // the unit stage's own deadline after a late county return
  std::optional<Date> correction;  // the committee office's correction window
};

AppDeadlines DeadlinesOf(Session& s, const campaign::Campaign& c, const AppRow& a,
                         const calendar::Calendar* cal,
                         const std::vector<storage::TransitionRow>* history = nullptr) {
  AppDeadlines d;
  for (auto st : {campaign::Stage::kApplicant, campaign::Stage::kUnit, campaign::Stage::kCounty})
    d.stage[st] = EffectiveDeadline(s, c, st, a.unit_id, a.region_code);
  const int n = c.deadlines.correction_working_days;
  if (n <= 0 || cal == nullptr || a.state == State::kDraft) return d;
  std::vector<storage::TransitionRow> loaded;
  if (history == nullptr) {
    loaded = storage::ApplicationsRepo(s).Transitions(a.id);
    history = &loaded;
  }
  int64_t county_at = 0;
  int64_t office_at = 0;
  for (const auto& r : *history) {
    if (r.action == ActionCode(Action::kCountyReturn)) county_at = r.at;
    if (r.action == ActionCode(Action::kOfficeReturn)) office_at = r.at;
  }
  // n working days after the return day (the return day itself does not count).
  auto window_end = [&](int64_t at) -> std::optional<Date> {
    auto end = cal->NthWorkingDay(AddDays(ShanghaiDate(FromUnixSeconds(at)), 1), n);
    return end.ok() ? std::optional(end.value()) : std::nullopt;
  };
  const Date unit = d.stage[campaign::Stage::kUnit];
  if (county_at != 0)
    if (auto end = window_end(county_at); end && *end > unit) {
      d.stage[campaign::Stage::kUnit] = *end;
      d.reopened = *end;
      d.stage[campaign::Stage::kCounty] =
          AddDays(d.stage[campaign::Stage::kCounty], DaysFromCivil(*end) - DaysFromCivil(unit));
    }
  if (office_at != 0) d.correction = window_end(office_at);
  return d;
}

// Whether the unit may recommend a corrected application on the strength of its earlier publicity (issue
// 17): the last publicity of this application ended in a recommendation, and the current snapshot
// publicises the same content as the one shown then (snapshot versions count the freezing steps). The
// reason it may not, or nullopt; `changes` receives the sections of the publicity copy that changed.
std::optional<ErrorCode> PublicityReuseBlocks(Session& s, const AppRow& a,
                                              std::vector<std::string>* changes = nullptr) {
  storage::ApplicationsRepo repo(s);
  int freezes = 0;
  int publicised = 0;
  bool recommended = false;
  for (const auto& r : repo.Transitions(a.id)) {
    const auto act = ParseAction(r.action);
    if (!act) continue;
    if (*act == Action::kSubmit || *act == Action::kResubmit || *act == Action::kCorrect) ++freezes;
    if (*act == Action::kStartPublicity) {
      publicised = freezes;
      recommended = false;
    }
    if (*act == Action::kRecommend && r.from_state == StateCode(State::kPublicity)) recommended = true;
  }
  if (publicised == 0 || !recommended) return errc::publicity_required;
  if (publicised == a.snapshot_version) return std::nullopt;
  std::optional<ApplicationSnapshot> before, now;
  for (const auto& r : repo.Snapshots(a.id)) {
    if (r.version != publicised && r.version != a.snapshot_version) continue;
    boost::system::error_code ec;
    const json::value data = json::parse(r.data, ec);
    if (ec) return errc::publicity_required;
    auto parsed = ParseSnapshot(data);
    if (!parsed.ok()) return errc::publicity_required;
    (r.version == publicised ? before : now) = std::move(parsed.value());
  }
  if (!before || !now) return errc::publicity_required;
  auto changed = PublicisedChanges(*before, *now);
  if (changed.empty()) return std::nullopt;
  if (changes) *changes = std::move(changed);
  return errc::publicity_content_changed;
}

std::optional<ErrorCode> GuardBlocks(Session& s, const campaign::Campaign& c, const AppRow& a, Guard g,
                                     TimePoint now, bool for_write, const AppDeadlines* deadlines = nullptr,
                                     const calendar::Calendar* cal = nullptr) {
  // `deadlines`: this application's deadlines when the caller has read them already.
  std::optional<AppDeadlines> read;
  auto all = [&]() -> const AppDeadlines& {
    if (deadlines) return *deadlines;
    if (!read) read = DeadlinesOf(s, c, a, cal);
    return *read;
  };
  auto deadline = [&](campaign::Stage st) { return all().stage.at(st); };
  auto closed = [&](campaign::Stage st) { return !OpenOn(deadline(st), now); };
  // A recommendation takes a quota place (the unit locked on a write: one count at a time per unit).
  auto quota_full = [&] {
    if (for_write) storage::LockRow(s, "units", a.unit_id);
    const auto quota = QuotaOf(s, a.unit_id, a.level);
    return quota && QuotaUsed(s, a.unit_id, a.level, a.campaign_id) >= *quota;
  };
  switch (g) {
    case Guard::kApplicantReady:
      if (closed(campaign::Stage::kApplicant)) return errc::deadline_passed;
      break;
    case Guard::kResubmitReady:
    case Guard::kReRecommend:
      if (closed(campaign::Stage::kUnit)) return errc::deadline_passed;
      break;
    case Guard::kPublicityStart:
      if (closed(campaign::Stage::kUnit)) return errc::deadline_passed;
      // A publicity must end by the unit deadline, or the recommendation it leads to is refused: once today
      // is past the latest start, starting one would be a dead end (issue 17). (On a write the form's check
      // refuses it with the dates.)
      if (cal && !for_write)
        if (auto latest =
                cal->LatestStartEndingBy(deadline(campaign::Stage::kUnit), c.unit_publicity_working_days);
            latest.ok() && ShanghaiDate(now) > *latest)
          return errc::publicity_ends_after_deadline;
      break;
    case Guard::kPublicityDone: {
      if (closed(campaign::Stage::kUnit)) return errc::deadline_passed;
      auto end = ParseDate(a.publicity_end);
      if (!end || ShanghaiDate(now) < *end) return errc::publicity_not_ended;
      if (storage::ApplicationsRepo(s).CountObjectionsInStatus(
              a.id, std::string(kUnitObjectionLifecycle.Code(ObjectionState::kOpen))) > 0)
        return errc::objection_open;
      if (quota_full()) return errc::quota_exceeded;
      break;
    }
    case Guard::kPublicityReusable:
      if (closed(campaign::Stage::kUnit)) return errc::deadline_passed;
      if (auto why = PublicityReuseBlocks(s, a)) return why;
      if (quota_full()) return errc::quota_exceeded;
      break;
    case Guard::kCountyDeadline:
      if (closed(campaign::Stage::kCounty)) return errc::deadline_passed;
      break;
    case Guard::kPaperForms:
      if (!PaperCheckedIn(s, a)) return errc::paper_not_checked_in;
      break;
    case Guard::kReview:  // taken by the committee's review steps, never from the application's page
      return errc::transition_not_allowed;
    case Guard::kCorrected:
      if (const auto& w = all().correction; w && !OpenOn(*w, now)) return errc::correction_window_closed;
      break;
    case Guard::kCorrectionExpired:
      if (const auto& w = all().correction; !w || OpenOn(*w, now)) return errc::correction_window_open;
      break;
    case Guard::kNone:
    case Guard::kCorrectionList:
    case Guard::kReason:
      break;
  }
  return std::nullopt;
}

// A guard's refusal; a deadline refusal names the stage, the day and who can extend it (issue 17), in the
// field detail the API shows next to the code's message.
Error DeadlineRefusal(Session& s, const campaign::Campaign& c, const AppRow& a, ErrorCode why, Guard g,
                      const calendar::Calendar* cal) {
  Error e = MakeError(why);
  if (why == errc::publicity_content_changed) {
    std::vector<std::string> changes;
    (void)PublicityReuseBlocks(s, a, &changes);
    std::string text = "与公示时相比有变化的部分：";
    for (size_t i = 0; i < changes.size(); ++i) text += (i ? "、" : "") + changes[i];
    e.fields.push_back({"publicity", why, text + "；请重新开始单位内部公示，期满后推荐"});
    return e;
  }
  if (why != errc::deadline_passed && why != errc::correction_window_closed) return e;
  const AppDeadlines d = DeadlinesOf(s, c, a, cal);
  std::string text;
  if (why == errc::correction_window_closed) {
    text = "评委会办事机构退回补正的期限为 " + FormatDate(*d.correction) +
           "（含当日），已过；可撤回申报，或联系评委会办事机构";
  } else {
    campaign::Stage st = campaign::Stage::kUnit;
    std::string stage = "用人单位推荐";
    if (g == Guard::kApplicantReady) {
      st = campaign::Stage::kApplicant;
      stage = "个人申报";
    } else if (g == Guard::kCountyDeadline) {
      st = campaign::Stage::kCounty;
      stage = "县（市、区）受理点/主管部门推荐";
    } else if (d.reopened) {
      stage = "退回单位后的补正推荐";
    }
    text = stage + "截止日为 " + FormatDate(d.stage.at(st)) +
           "（含当日），已过；如确有正当理由，可由市人社局延长本环节期限";
  }
  e.fields.push_back({"deadline", why, text});
  return e;
}

// The application as the caller sees it. Before the first submission (and while it is back with the
// applicant) the eligibility and the slots are evaluated live; afterwards they are those frozen in the
// snapshot, read leniently so that snapshots written by older builds stay readable.
views::Application AppView(Ctx& x, Session& s, const Principal& p, const AppRow& a) {
  const Lang lang = p.lang;
  const campaign::Campaign& c = CampaignOf(x.campaigns, a.campaign_id);
  const auto applicant = storage::FindUserById(s, a.applicant_id);
  const auto unit = storage::FindUnit(s, a.unit_id);
  views::Application v{
      .id = a.id,
      .number = a.number,
      .campaign_id = a.campaign_id,
      .level = a.level,
      .level_name = LevelName(c, a.level, lang),
      .specialty = a.specialty,
      .specialty_name = SpecialtyName(c, a.specialty),
      .state = std::string(StateCode(a.state)),
      .state_name = std::string(lang == Lang::kEn ? StateNameEn(a.state) : StateNameZh(a.state)),
      .version = a.version,
      .resubmissions = a.resubmissions,
      .reviewer = a.city_level ? "competent_department" : "acceptance_point",
      .city_level = a.city_level,
      .pledged = a.pledged_at != 0,
      .pledge_text = c.pledge_text,
      .applicant = {.id = a.applicant_id,
                    .name = applicant ? applicant->name : "",
                    .id_number_masked = MaskResidentId(applicant ? applicant->id_number : ""),
                    .mobile = std::nullopt},
      .unit = {},
      .region_code = a.region_code,
      .eligibility = {},
      .slots = {},
      .snapshot = {},
      .submitted_at = TimeOrNull(a.submitted_at),
      .publicity = {},
      .objections = {},
      .corrections = {},
      .history = {},
      .deadlines = {},
      .allowed_actions = {},
      .unavailable_actions = {},
      .opinion_template = OpinionTemplate(c, a, applicant ? applicant->name : UserName(s, a.applicant_id)),
      .form_number = FormNumber(a),
      .paper = Paper(s, a),
      .created_at = TimeText(a.created_at),
      .updated_at = TimeText(a.updated_at),
  };
  if (unit)
    v.unit = views::ApplicationUnit{.id = unit->id, .name = unit->name, .credit_code = unit->credit_code};
  // Applicants and their units see the mobile number; the reviewers further on do not need it.
  if ((p.role == Role::kApplicant || p.role == Role::kUnit) && applicant)
    v.applicant.mobile = applicant->mobile;
  storage::ApplicationsRepo repo(s);
  if (a.snapshot_version > 0) {
    if (auto r = repo.Snapshot(a.id, a.snapshot_version)) {
      // The document is read whole and dropped with the answer: one arena instead of a heap block per member,
      // and the parsed object is moved into the view, not copied.
      boost::system::error_code ec;
      json::value data = json::parse(r->data, ec, json::make_shared_resource<json::monotonic_resource>());
      v.snapshot = views::ApplicationSnapshotRecord{
          .version = r->version,
          .sha256 = r->sha256,
          .created_at = TimeText(r->created_at),
          .data = !ec && data.is_object() ? std::move(data.as_object()) : json::object{}};
    }
  }
  if (Editable(a.state) || !v.snapshot) {
    Evaluation e = Evaluate(x, s, a.applicant_id, c, a.level, a.specialty);
    if (e.decision) v.eligibility = eligibility::View(*e.decision);
    v.slots = Slots(s, c, e, a.level, a.id);
  } else {
    const json::object& data = v.snapshot->data;
    if (const auto* el = data.if_contains("eligibility"); el && el->is_object()) {
      eligibility::views::Eligibility frozen;
      (void)contract::FromJson(*el, frozen, /*strict=*/false);  // old snapshots: absent members stay empty
      v.eligibility = std::move(frozen);
    }
    if (const auto* sl = data.if_contains("slots"); sl && sl->is_array())
      (void)contract::FromJson(*sl, v.slots, /*strict=*/false);
  }
  for (const auto& r : repo.Objections(a.id)) {
    const auto st = kUnitObjectionLifecycle.Parse(r.status);
    v.objections.push_back(
        {.id = r.id,
         .content = r.content,
         .raised_by = p.role == accounts::Role::kApplicant ? contract::Nullable<std::string>{}
                                                           : contract::Nullable<std::string>{r.raised_by},
         .raised_at = TimeText(r.raised_at),
         .status = r.status,
         .resolution = r.resolution,
         .resolved_at = TimeOrNull(r.resolved_at),
         .allowed_actions = st ? kUnitObjectionLifecycle.Allowed(*st, accounts::RoleName(p.role))
                               : std::vector<std::string>{},
         .unavailable_actions = {}});
  }
  int round = 0;
  const auto history = repo.Transitions(a.id);
  for (const auto& r : history) {
    const auto to = ParseState(r.to_state);
    v.history.push_back(
        {.from = r.from_state,
         .to = r.to_state,
         .to_name = to ? std::string(lang == Lang::kEn ? StateNameEn(*to) : StateNameZh(*to)) : "",
         .action = r.action,
         .actor = r.actor_name,
         .role = r.role,
         .reason = r.reason,
         .at = TimeText(r.at)});
    if (r.action == "return" || r.action == "office_return") {
      ++round;
      views::ApplicationCorrections corrections{
          .round = round, .reason = r.reason, .items = {}, .at = TimeText(r.at)};
      boost::system::error_code ec;
      const json::value items = json::parse(r.detail, ec);
      if (!ec) (void)contract::FromJson(items, corrections.items);
      v.corrections = std::move(corrections);
    }
  }
  // This application's deadlines, read once (extensions are rows; correction windows follow returns).
  const auto calendar = x.calendars.Snapshot();
  const AppDeadlines stage_deadline = DeadlinesOf(s, c, a, calendar.get(), &history);
  auto date_or_null = [](const std::optional<Date>& d) {
    return d ? std::optional(FormatDate(*d)) : std::nullopt;
  };
  v.deadlines = {.applicant = FormatDate(stage_deadline.stage.at(campaign::Stage::kApplicant)),
                 .unit = FormatDate(stage_deadline.stage.at(campaign::Stage::kUnit)),
                 .county = FormatDate(stage_deadline.stage.at(campaign::Stage::kCounty)),
                 .reopened_until = date_or_null(stage_deadline.reopened),
                 .correction_until = date_or_null(stage_deadline.correction)};
  if (CanSee(p, a)) {
    // What the caller may do now, and why the other actions of the table are not possible now (the guards'
    // form checks depend on what the caller will send; their errors say what is missing).
    const TimePoint now = x.env.clock.Now();
    for (const auto& t : kTransitions) {
      if (t.from != a.state || !Allows(t, p.role) || t.guard == Guard::kReview) continue;
      const std::string code(ActionCode(t.action));
      if (std::find(v.allowed_actions.begin(), v.allowed_actions.end(), code) != v.allowed_actions.end())
        continue;
      if (auto why = GuardBlocks(s, c, a, t.guard, now, false, &stage_deadline, calendar.get())) {
        v.unavailable_actions.push_back(
            {.action = code, .code = std::string(Name(*why)), .message = std::string(Message(*why, lang))});
      } else {
        v.allowed_actions.push_back(code);
      }
    }
  }
  if (!a.publicity_start.empty())
    v.publicity = views::ApplicationPublicity{.start = a.publicity_start,
                                              .end = a.publicity_end,
                                              .opinion = a.opinion,
                                              .days = c.unit_publicity_working_days};
  return v;
}

Result<AppRow> Visible(Session& s, const Principal& p, int64_t id, bool for_update = false) {
  auto a = LoadApp(s, id, for_update);
  if (!a || !CanSee(p, *a)) return MakeError(errc::not_found);
  return *a;
}

// An application whose evidence the caller may change: visible to them, they its applicant, in a state that
// takes evidence (the checks of adding, attaching and removing a file).
Result<AppRow> EvidenceEditable(Session& s, const Principal& p, int64_t id, bool for_update = false) {
  auto loaded = Visible(s, p, id, for_update);
  if (!loaded.ok()) return loaded.error();
  if (p.role != Role::kApplicant) return MakeError(errc::forbidden);
  if (!Editable(loaded.value().state)) return MakeError(errc::transition_not_allowed);
  return loaded;
}

void Bump(Session& s, const AppRow& a, int64_t now) {
  storage::ApplicationsRepo(s).Bump(a.id, a.version + 1, now);
}

// A checked transition, ready to apply.
struct Step {
  AppRow app;
  const Transition* t = nullptr;
  std::string publicity_start, publicity_end;
  std::optional<json::value> snapshot;  // submit / resubmit
};

Result<Step> CheckStep(Ctx& x, Session& s, const Actor& actor, int64_t id, Action action,
                       const ActionForm& form, TimePoint now, bool review_step = false) {
  const Principal& p = actor.principal;
  auto loaded = Visible(s, p, id, true);
  if (!loaded.ok()) return loaded.error();
  Step step{loaded.value()};
  const AppRow& a = step.app;
  const campaign::Campaign& c = CampaignOf(x.campaigns, a.campaign_id);
  bool role_ok = false;
  for (const auto& t : kTransitions) role_ok = role_ok || (t.action == action && Allows(t, p.role));
  if (!role_ok) return MakeError(errc::forbidden);
  step.t = FindTransition(a.state, action);
  if (!step.t || !Allows(*step.t, p.role)) return MakeError(errc::transition_not_allowed);
  if (form.version != a.version) return MakeError(errc::stale_version);
  const Date today = ShanghaiDate(now);
  auto applicant_ready = [&]() -> Status {
    // Every problem at once, each with what to do (issue 17): the archive's approval, eligibility, each
    // missing file, the pledge. The refusal's code is the first of them in that order (as before).
    FieldErrors problems;
    std::optional<ErrorCode> first;
    auto note = [&](ErrorCode code) { first = first.value_or(code); };
    Archive ar = LoadArchive(s, a.applicant_id);
    if (ar.state != ArchiveState::kApproved || ar.unit_id != a.unit_id) {
      problems.Add("archive", errc::archive_not_approved);
      note(errc::archive_not_approved);
    }
    Evaluation e = Evaluate(x, s, a.applicant_id, c, a.level, a.specialty);
    if (!e.decision || e.decision->verdict == eligibility::Verdict::kIneligible) {
      if (e.decision)
        for (const auto& r : e.decision->reasons)
          if (r.status == eligibility::Status::kUnmet && !r.overridable)
            problems.Add(r.code, errc::not_eligible, r.zh);
      note(errc::not_eligible);
    }
    const auto slots = Slots(s, c, e, a.level, a.id);
    for (const auto& sl : slots)
      if (sl.required && sl.files.empty()) {
        problems.Add("slots." + sl.code, errc::required, sl.name);
        note(errc::evidence_missing);
      }
    if (a.pledged_at == 0) {
      problems.Add("pledged", errc::pledge_required);
      note(errc::pledge_required);
    }
    if (first) return problems.ToError(*first);
    const auto applicant = storage::FindUserById(s, a.applicant_id);
    const auto unit = storage::FindUnit(s, a.unit_id);
    step.snapshot = json::object{
        {"number", a.number},
        {"campaign_id", a.campaign_id},
        {"level", a.level},
        {"level_name", LevelName(c, a.level)},
        {"specialty", a.specialty},
        {"specialty_name", SpecialtyName(c, a.specialty)},
        {"applicant",
         json::object{{"name", applicant ? applicant->name : ""},
                      {"id_number_masked", MaskResidentId(applicant ? applicant->id_number : "")}}},
        {"unit",
         json::object{{"name", unit ? unit->name : ""}, {"credit_code", unit ? unit->credit_code : ""}}},
        {"archive", ArchiveJson(s, ar)},
        {"slots", contract::ToJson(slots)},
        {"eligibility", eligibility::ToJson(*e.decision)},
        {"pledge", json::object{{"text", c.pledge_text}, {"at", TimeJson(a.pledged_at)}}},
        {"schema", kSnapshotSchema},  // workflow/snapshot.hpp
        {"submitted_at", FormatShanghai(now)},
    };
    return Ok{};
  };
  // A review step (a meeting's vote, a publicity's outcome) is applied by the review module alone.
  const auto calendar = x.calendars.Snapshot();
  if (!(step.t->guard == Guard::kReview && review_step))
    if (auto why = GuardBlocks(s, c, a, step.t->guard, now, true, nullptr, calendar.get()))
      return DeadlineRefusal(s, c, a, *why, step.t->guard, calendar.get());
  FieldErrors errors;
  switch (step.t->guard) {
    case Guard::kNone:
      break;
    case Guard::kApplicantReady:
    case Guard::kResubmitReady:
      if (auto st = applicant_ready(); !st.ok()) return st.error();
      break;
    case Guard::kCorrectionList:
      if (form.reason.empty()) errors.Add("reason", errc::reason_required);
      if (form.items.empty()) return MakeError(errc::correction_list_required);
      for (size_t i = 0; i < form.items.size(); ++i) {
        if (form.items[i].first.empty()) errors.Add("items[" + std::to_string(i) + "].item", errc::required);
        if (form.items[i].second.empty())
          errors.Add("items[" + std::to_string(i) + "].reason", errc::reason_required);
      }
      break;
    case Guard::kPublicityStart: {
      auto start = ParseDate(form.start_date);
      if (!start) {
        errors.Add("start_date", form.start_date.empty() ? errc::required : errc::invalid_date);
        return errors.ToError();
      }
      auto cal = x.calendars.Snapshot();
      auto working = cal->IsWorkingDay(*start);
      if (!working) return MakeError(errc::calendar_year_missing);
      if (!*working) return MakeError(errc::not_working_day);
      if (*start < today) return MakeError(errc::date_in_past);
      auto end = cal->NthWorkingDay(*start, c.unit_publicity_working_days);
      if (!end.ok()) return end.error();
      // The publicity's last day may be the deadline itself (the unit recommends that day), never later.
      const Date unit_deadline = DeadlinesOf(s, c, a, cal.get()).stage.at(campaign::Stage::kUnit);
      if (end.value() > unit_deadline) {
        auto latest = cal->LatestStartEndingBy(unit_deadline, c.unit_publicity_working_days);
        std::string why = "公示期 " + FormatDate(*start) + " 至 " + FormatDate(end.value()) +
                          " 晚于单位推荐截止日 " + FormatDate(unit_deadline) + "，公示结束后将无法推荐";
        why += latest.ok() && *latest >= today
                   ? "；最晚须于 " + FormatDate(*latest) + " 开始公示（latest_start " + FormatDate(*latest) +
                         "）"
                   : "；已来不及在截止日前完成公示，请联系市人社局申请延长单位推荐期限";
        Error e = MakeError(errc::publicity_ends_after_deadline);
        e.fields.push_back({"start_date", errc::publicity_ends_after_deadline, why});
        return e;
      }
      step.publicity_start = FormatDate(*start);
      step.publicity_end = FormatDate(end.value());
      break;
    }
    case Guard::kPublicityDone:
    case Guard::kPublicityReusable:
    case Guard::kReRecommend:
      if (form.opinion.empty()) errors.Add("opinion", errc::opinion_required);
      break;
    case Guard::kReason:
      if (form.reason.empty()) errors.Add("reason", errc::reason_required);
      break;
    case Guard::kCountyDeadline:
    case Guard::kPaperForms:
    case Guard::kCorrectionExpired:
      break;
    case Guard::kCorrected:
      if (auto st = applicant_ready(); !st.ok()) return st.error();
      break;
    case Guard::kReview:
      break;
  }
  if (!errors.empty()) return errors.ToError();
  return step;
}

// The part of a step's notice that says what to do next (issue 17: "notices carry the dates and the
// correction items"): the reason; after a return, each item to correct and the day by which the
// application must come back; after a publicity start, its period.
struct NoticeDetail {
  std::string zh, en;
};

NoticeDetail NoticeDetailOf(Session& s, const campaign::Campaign& c, const AppRow& after, const Transition& t,
                            const ActionForm& form, const std::string& pstart, const std::string& pend,
                            const calendar::Calendar* cal) {
  NoticeDetail d;
  if (!form.reason.empty()) {
    d.zh += "。理由：" + form.reason;
    d.en += ". Reason: " + form.reason;
  }
  if (!form.items.empty()) {
    d.zh += "。需补正的事项：";
    d.en += ". To correct: ";
    for (size_t i = 0; i < form.items.size(); ++i) {
      const std::string n = std::to_string(i + 1);
      d.zh += (i ? "；" : "") + n + ". " + form.items[i].first + "（" + form.items[i].second + "）";
      d.en += (i ? "; " : "") + n + ". " + form.items[i].first + " (" + form.items[i].second + ")";
    }
  }
  if (Does(t, kSetPublicity) && !pstart.empty()) {
    d.zh += "。公示期：" + pstart + " 至 " + pend + "（" + std::to_string(c.unit_publicity_working_days) +
            " 个工作日）";
    d.en += ". Publicity: " + pstart + " to " + pend;
  }
  if (t.action != Action::kReturn && t.action != Action::kCountyReturn && t.action != Action::kOfficeReturn)
    return d;
  const AppDeadlines due = DeadlinesOf(s, c, after, cal);
  if (t.action == Action::kOfficeReturn) {
    if (due.correction) {
      d.zh += "。请于 " + FormatDate(*due.correction) + "（含当日）前补正后提交，逾期可撤回申报";
      d.en += ". Correct and send it back by " + FormatDate(*due.correction) + " (inclusive)";
    }
  } else {
    const std::string unit = FormatDate(due.stage.at(campaign::Stage::kUnit));
    if (t.action == Action::kReturn) {
      d.zh += "。单位推荐截止日为 " + unit + "，请尽早修改后重新提交，以便单位审核、公示和推荐";
      d.en += ". The unit's deadline is " + unit + ": send it back early enough for its review";
    } else {
      d.zh += "。单位须于 " + unit + "（含当日）前重新推荐，或退回申请人修改";
      d.en += ". The unit must recommend it again, or return it to the applicant, by " + unit;
    }
  }
  return d;
}

void ApplyStep(Ctx& x, Session& s, const Actor& actor, Step& step, const ActionForm& form, int64_t now) {
  AppRow& a = step.app;
  const Transition& t = *step.t;
  const campaign::Campaign& c = CampaignOf(x.campaigns, a.campaign_id);
  const State to = t.to;
  storage::ApplicationsRepo repo(s);
  const int64_t ver = a.version + 1;
  std::string state(StateCode(to));
  int snapshot_version = a.snapshot_version;
  int resubmissions = a.resubmissions + (Does(t, kCountResubmission) ? 1 : 0);
  int64_t submitted_at = a.submitted_at;
  std::string pstart = a.publicity_start, pend = a.publicity_end, opinion = a.opinion;
  if (Does(t, kSetPublicity)) {
    pstart = step.publicity_start;
    pend = step.publicity_end;
    // The unit hears on the morning of the last day that it may recommend from today.
    if (auto end = ParseDate(pend))
      EnqueueJob(s, "publicity.ended", "publicity.ended:" + std::to_string(a.id) + ":" + pend,
                 UnixSeconds(ShanghaiMidnight(*end)) + int64_t{8} * 3600,
                 json::serialize(json::object{{"application_id", a.id}, {"end", pend}}), now);
  }
  if (Does(t, kClearPublicity)) {
    pstart.clear();
    pend.clear();
  }
  if (Does(t, kRecordOpinion)) opinion = form.opinion;
  if (Does(t, kFreezeSnapshot) && step.snapshot) {
    snapshot_version += 1;
    submitted_at = now;
    const std::string data = json::serialize(*step.snapshot);
    repo.InsertSnapshot(a.id, snapshot_version, data, Sha256Hex(data), now);
    repo.DeletePaper(a.id);
  }
  if (to != a.state) {
    storage::ApplicationKey key = CountKey(a);
    storage::CountApplication(s, key, -1);
    key.state = state;
    storage::CountApplication(s, key, +1);
  }
  repo.UpdateAfterStep({.id = a.id,
                        .state = state,
                        .version = ver,
                        .resubmissions = resubmissions,
                        .snapshot_version = snapshot_version,
                        .submitted_at = submitted_at,
                        .publicity_start = pstart,
                        .publicity_end = pend,
                        .opinion = opinion,
                        .quota_held = HoldsQuota(to),
                        .updated_at = now});
  json::array items;
  for (const auto& [item, reason] : form.items)
    items.push_back(json::object{{"item", item}, {"reason", reason}});
  std::string reason = form.reason;
  if (Does(t, kSetPublicity)) reason = pstart + " 至 " + pend;
  if (Does(t, kRecordOpinion)) reason = form.opinion;
  if (Does(t, kRecordReviewOpinion) && !form.opinion.empty()) reason = form.opinion;
  const std::string detail = json::serialize(items);
  const std::string from(StateCode(a.state));
  const std::string action(ActionCode(t.action));
  repo.InsertTransition({.id = 0,
                         .application_id = a.id,
                         .from_state = from,
                         .to_state = state,
                         .action = action,
                         .actor_id = actor.principal.user_id,
                         .actor_name = actor.principal.name,
                         .role = std::string(accounts::RoleName(actor.principal.role)),
                         .reason = reason,
                         .detail = detail,
                         .at = now});
  // Who hears of it: the audiences the transition declares (state_machine.hpp).
  const std::string name = UserName(s, a.applicant_id);
  const std::string zh_state(StateNameZh(to));
  const std::string en_state(StateNameEn(to));
  const std::string what_zh = "申报 " + a.number + "（" + name + "，" + LevelName(c, a.level) + "）：" +
                              std::string(ActionNameZh(t.action)) + "，当前状态：" + zh_state;
  const std::string what_en = "Application " + a.number + " (" + name +
                              "): " + std::string(ActionNameEn(t.action)) + "; now " + en_state;
  const std::string kind = "application." + action;
  // What the reader needs to act on the notice (issue 17): the reason, the items to correct and by when, or
  // the publicity's period.
  AppRow after = a;
  after.state = to;
  const NoticeDetail more = NoticeDetailOf(s, c, after, t, form, pstart, pend, x.calendars.Snapshot().get());
  if (Tells(t, kTellApplicant))
    storage::Notify(s, storage::Audience::User(a.applicant_id),
                    {kind, a.id,
                     "您的申报 " + a.number + " " + std::string(ActionNameZh(t.action)) + "，当前状态：" +
                         zh_state + more.zh,
                     "Your application " + a.number + ": " + std::string(ActionNameEn(t.action)) + "; now " +
                         en_state + more.en},
                    now);
  if (Tells(t, kTellUnit))
    storage::Notify(s, storage::Audience::Unit(a.unit_id), {kind, a.id, what_zh + more.zh, what_en + more.en},
                    now);
  if (Tells(t, kTellReviewers)) {
    if (a.city_level) {
      storage::Notify(s, storage::Audience::Department(a.department_id.value_or(-1)),
                      {kind, a.id, what_zh, what_en}, now);
    } else {
      storage::Notify(s, storage::Audience::AcceptancePoints(a.region_code), {kind, a.id, what_zh, what_en},
                      now);
    }
  }
  if (Tells(t, kTellCommittee))
    storage::Notify(s, storage::Audience::Role("committee_office"), {kind, a.id, what_zh, what_en}, now);
  Audit(s, actor, now, "application." + action, "application", std::to_string(a.id),
        from + " → " + state + (reason.empty() ? "" : ": " + reason));
  a.state = to;
  a.version = ver;
}

}  // namespace

int64_t Workflow::SlotLimit(const std::string& slot) const {
  const auto* s = current().FindEvidenceSlot(slot);
  return s ? static_cast<int64_t>(s->max_mb) << 20 : 0;
}

Result<views::Application> Workflow::CreateApplication(const Actor& actor, const std::string& level,
                                                       const std::string& specialty) {
  const campaign::Campaign& c = current();
  FieldErrors errors;
  if (level.empty())
    errors.Add("level", errc::required);
  else if (!c.FindLevel(level))
    errors.Add("level", errc::unknown_code);
  if (specialty.empty())
    errors.Add("specialty", errc::required);
  else if (!c.FindSpecialty(specialty))
    errors.Add("specialty", errc::unknown_code);
  if (!errors.empty()) return errors.ToError();
  const int64_t uid = actor.principal.user_id;
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::LockRow(s, "users", uid);  // one application per person and campaign, also under double clicks
  Archive ar = LoadArchive(s, uid);
  if (!ar.unit_id) return MakeError(errc::archive_unit_required);
  auto unit = storage::FindUnit(s, *ar.unit_id);
  if (!unit) return MakeError(errc::archive_unit_required);
  storage::ApplicationsRepo repo(s);
  // One application per person and campaign; one the unit did not recommend or the applicant withdrew
  // leaves the way open, a revoked title closes it with its own reason.
  for (const auto& other : repo.OfApplicant(uid)) {
    if (other.campaign_id != c.id) continue;
    const auto st = ParseState(other.state);
    if (st == State::kNotRecommended || st == State::kWithdrawn) continue;
    return MakeError(st == State::kRevoked ? errc::application_revoked : errc::application_exists);
  }
  const int64_t id = repo.Insert({.number = "tmp-" + RandomHex(8),
                                  .campaign_id = c.id,
                                  .applicant_id = uid,
                                  .unit_id = unit->id,
                                  .region_code = unit->region_code,
                                  .city_level = unit->city_level,
                                  .department_id = unit->competent_department_id,
                                  .level = level,
                                  .specialty = specialty,
                                  .state = std::string(StateCode(State::kDraft)),
                                  .at = now});
  char number[32];
  std::snprintf(number, sizeof number, "ZC%d-%06lld", c.year, static_cast<long long>(id));
  const std::string num = number;
  repo.SetNumber(id, num);
  storage::CountApplication(s,
                            {.unit_id = unit->id,
                             .region_code = unit->region_code,
                             .city_level = unit->city_level,
                             .department_id = unit->competent_department_id.value_or(0),
                             .state = std::string(StateCode(State::kDraft)),
                             .level = level,
                             .specialty = specialty},
                            +1);
  Audit(s, actor, now, "application.create", "application", std::to_string(id),
        num + " " + level + " " + specialty);
  tx.Commit();
  Ctx x{env_, campaigns_, calendars_};
  return AppView(x, s, actor.principal, *LoadApp(s, id));
}

Result<views::MyApplications> Workflow::MyApplications(const Principal& p) {
  Session s(env_.db);
  views::MyApplications out;
  for (const auto& r : storage::ApplicationsRepo(s).OfApplicant(p.user_id)) {
    const AppRow a = AppFromRecord(r);
    const auto& c = CampaignOf(campaigns_, a.campaign_id);
    out.items.push_back({.id = a.id,
                         .number = a.number,
                         .campaign_id = a.campaign_id,
                         .level = a.level,
                         .level_name = LevelName(c, a.level),
                         .specialty_name = SpecialtyName(c, a.specialty),
                         .state = std::string(StateCode(a.state)),
                         .version = a.version,
                         .updated_at = TimeText(a.updated_at)});
  }
  return out;
}

Result<views::ApplicationPreview> Workflow::Preview(const Principal& p, const std::string& level,
                                                    const std::string& specialty) {
  const campaign::Campaign& c = current();
  FieldErrors errors;
  if (!c.FindLevel(level)) errors.Add("level", level.empty() ? errc::required : errc::unknown_code);
  if (specialty.empty()) errors.Add("specialty", errc::required);
  if (!errors.empty()) return errors.ToError();
  Session s(env_.db);
  Ctx x{env_, campaigns_, calendars_};
  Evaluation e = Evaluate(x, s, p.user_id, c, level, specialty);
  views::ApplicationPreview out{.eligibility = {}, .slots = Slots(s, c, e, level, 0)};
  if (e.decision) out.eligibility = eligibility::View(*e.decision);
  return out;
}

Result<views::Application> Workflow::GetApplication(const Principal& p, int64_t id) {
  Session s(env_.db);
  auto a = Visible(s, p, id);
  if (!a.ok()) return a.error();
  Ctx x{env_, campaigns_, calendars_};
  return AppView(x, s, p, a.value());
}

Result<views::Application> Workflow::UpdateApplication(const Actor& actor, int64_t id, int64_t version,
                                                       const std::string& level, const std::string& specialty,
                                                       std::optional<bool> pledged) {
  const campaign::Campaign& c = current();
  FieldErrors errors;
  if (!c.FindLevel(level)) errors.Add("level", level.empty() ? errc::required : errc::unknown_code);
  if (!c.FindSpecialty(specialty))
    errors.Add("specialty", specialty.empty() ? errc::required : errc::unknown_code);
  if (!errors.empty()) return errors.ToError();
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  auto loaded = Visible(s, actor.principal, id, true);
  if (!loaded.ok()) return loaded.error();
  AppRow a = loaded.value();
  if (actor.principal.role != Role::kApplicant) return MakeError(errc::forbidden);
  if (a.version != version) return MakeError(errc::stale_version);
  if (!Editable(a.state)) return MakeError(errc::transition_not_allowed);
  // What the unit publicised and recommended is this level and specialty: a correction after a return
  // changes the listed items only (issue 17). Another level or specialty is a new application.
  if (a.submitted_at != 0) {
    FieldErrors frozen;
    if (level != a.level) frozen.Add("level", errc::frozen_after_submission);
    if (specialty != a.specialty) frozen.Add("specialty", errc::frozen_after_submission);
    if (!frozen.empty()) return frozen.ToError();
  }
  const bool pledge = pledged.value_or(a.pledged_at != 0);
  const int64_t pledged_at = pledge ? (a.pledged_at ? a.pledged_at : now) : 0;
  if (level != a.level || specialty != a.specialty) {
    storage::ApplicationKey key = CountKey(a);
    storage::CountApplication(s, key, -1);
    key.level = level;
    key.specialty = specialty;
    storage::CountApplication(s, key, +1);
  }
  storage::ApplicationsRepo(s).UpdateForm(id, level, specialty, pledged_at, a.version + 1, now);
  Audit(s, actor, now, "application.update", "application", std::to_string(id),
        level + " " + specialty + (pledge ? "，已作承诺" : ""));
  tx.Commit();
  Ctx x{env_, campaigns_, calendars_};
  return AppView(x, s, actor.principal, *LoadApp(s, id));
}

Result<views::ApplicationSlotFile> Workflow::AddEvidence(const Actor& actor, int64_t id,
                                                         const std::string& slot_code,
                                                         const std::filesystem::path& tmp,
                                                         const std::string& name) {
  const campaign::Campaign& c = current();
  const auto* slot = c.FindEvidenceSlot(slot_code);
  if (!slot) return MakeError(errc::unknown_slot);
  {
    Session s(env_.db);
    if (auto checked = EvidenceEditable(s, actor.principal, id); !checked.ok()) return checked.error();
  }
  auto file = StoreFile(actor, tmp, name, static_cast<int64_t>(slot->max_mb) << 20);
  if (!file.ok()) return file.error();
  const int64_t file_id = file.value().id;
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  if (auto checked = EvidenceEditable(s, actor.principal, id, true); !checked.ok()) return checked.error();
  storage::ApplicationsRepo repo(s);
  if (repo.CountEvidence(id, slot_code) >= slot->max_count) return MakeError(errc::slot_full);
  repo.AddEvidence(id, slot_code, file_id, now);
  Audit(s, actor, now, "application.evidence.add", "application", std::to_string(id),
        slot->name + "：文件 #" + std::to_string(file_id));
  tx.Commit();
  return file.value();
}

Result<views::ApplicationSlotFile> Workflow::AttachEvidence(const Actor& actor, int64_t id,
                                                            const std::string& slot_code, int64_t file_id) {
  const campaign::Campaign& c = current();
  const auto* slot = c.FindEvidenceSlot(slot_code);
  if (!slot) return MakeError(errc::unknown_slot);
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  if (auto checked = EvidenceEditable(s, actor.principal, id, true); !checked.ok()) return checked.error();
  const auto file = storage::FilesRepo(s).Find(file_id);
  if (!file || file->owner_id != actor.principal.user_id) {
    Error e = MakeError(errc::not_found);
    e.fields.push_back({"file_id", errc::not_found, ""});
    return e;
  }
  storage::ApplicationsRepo repo(s);
  if (repo.HasEvidence(id, slot_code, file_id)) return FileViews(s, {file_id}).at(0);
  const int64_t max_bytes = static_cast<int64_t>(slot->max_mb) << 20;
  if (file->size > max_bytes) {
    Error e = MakeError(errc::payload_too_large);
    e.fields.push_back(
        {"file_id", errc::payload_too_large, "此处每个文件不超过 " + std::to_string(slot->max_mb) + " MB"});
    return e;
  }
  if (repo.CountEvidence(id, slot_code) >= slot->max_count) return MakeError(errc::slot_full);
  repo.AddEvidence(id, slot_code, file_id, now);
  Audit(s, actor, now, "application.evidence.attach", "application", std::to_string(id),
        slot->name + "：档案中的文件 #" + std::to_string(file_id));
  tx.Commit();
  return FileViews(s, {file_id}).at(0);
}

Status Workflow::RemoveEvidence(const Actor& actor, int64_t id, const std::string& slot, int64_t file_id) {
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  if (auto checked = EvidenceEditable(s, actor.principal, id, true); !checked.ok()) return checked.error();
  storage::ApplicationsRepo repo(s);
  if (!repo.HasEvidence(id, slot, file_id)) return MakeError(errc::not_found);
  repo.RemoveEvidence(id, slot, file_id, now);
  const auto* known = current().FindEvidenceSlot(slot);
  Audit(s, actor, now, "application.evidence.remove", "application", std::to_string(id),
        (known ? known->name : slot) + "：移除文件 #" + std::to_string(file_id));
  tx.Commit();
  return Ok{};
}

Result<views::Application> Workflow::Act(const Actor& actor, int64_t id, Action action,
                                         const ActionForm& form) {
  const TimePoint now = env_.clock.Now();
  Ctx x{env_, campaigns_, calendars_};
  Session s(env_.db);
  {
    storage::WriteTx tx(s);
    auto step = CheckStep(x, s, actor, id, action, form, now);
    if (!step.ok()) return step.error();  // the API logs every refusal with its code
    ApplyStep(x, s, actor, step.value(), form, UnixSeconds(now));
    tx.Commit();
  }
  return AppView(x, s, actor.principal, *LoadApp(s, id));
}

Result<views::Application> Workflow::CheckInPaper(const Actor& actor, int64_t id, int copies, bool watermark,
                                                  const std::string& form_number) {
  const TimePoint now = env_.clock.Now();
  Ctx x{env_, campaigns_, calendars_};
  Session s(env_.db);
  {
    storage::WriteTx tx(s);
    auto loaded = Visible(s, actor.principal, id, true);
    if (!loaded.ok()) return loaded.error();
    const AppRow& a = loaded.value();
    if (a.state != State::kReceived) return MakeError(errc::transition_not_allowed);
    const campaign::Campaign& c = CampaignOf(x.campaigns, a.campaign_id);
    if (copies != c.paper_materials.copies) return MakeError(errc::paper_copies);
    if (c.paper_materials.watermark && !watermark) return MakeError(errc::paper_watermark_missing);
    if (form_number != FormNumber(a)) return MakeError(errc::paper_form_mismatch);
    const int64_t at = UnixSeconds(now);
    storage::ApplicationsRepo(s).ReplacePaper(a.id, {.copies = copies,
                                                     .watermark = watermark,
                                                     .form_number = form_number,
                                                     .checked_by = actor.principal.user_id,
                                                     .checked_at = at,
                                                     .checker = {}});
    Bump(s, a, at);
    Audit(s, actor, at, "application.paper", "application", std::to_string(a.id),
          form_number + " × " + std::to_string(copies));
    tx.Commit();
  }
  return AppView(x, s, actor.principal, *LoadApp(s, id));
}

Status Workflow::ApplyReviewStep(storage::Session& s, const Actor& actor, int64_t id, Action action,
                                 const std::string& reason, TimePoint now,
                                 std::vector<std::pair<std::string, std::string>> items) {
  Ctx x{env_, campaigns_, calendars_};
  auto app = LoadApp(s, id, true);
  if (!app) return MakeError(errc::not_found);
  ActionForm form{.version = app->version, .reason = reason, .items = std::move(items)};
  auto step = CheckStep(x, s, actor, id, action, form, now, true);
  if (!step.ok()) return step.error();
  ApplyStep(x, s, actor, step.value(), form, UnixSeconds(now));
  return Ok{};
}

Result<int> Workflow::Batch(const Actor& actor, Action action,
                            const std::vector<std::pair<int64_t, int64_t>>& items, const ActionForm& form) {
  if (items.empty()) {
    FieldErrors e;
    e.Add("items", errc::required);
    return e.ToError();
  }
  if (items.size() > 100) return MakeError(errc::too_many_items);
  const TimePoint now = env_.clock.Now();
  Ctx x{env_, campaigns_, calendars_};
  Session s(env_.db);
  storage::WriteTx tx(s);
  FieldErrors problems;
  // Each item is checked against the state the earlier ones leave (quota places), then everything is rolled
  // back unless all passed.
  for (size_t i = 0; i < items.size(); ++i) {
    ActionForm f = form;
    f.version = items[i].second;
    auto step = CheckStep(x, s, actor, items[i].first, action, f, now);
    if (!step.ok()) {
      problems.Add("items[" + std::to_string(i) + "]", step.error().code, std::to_string(items[i].first));
      continue;
    }
    ApplyStep(x, s, actor, step.value(), f, UnixSeconds(now));
  }
  if (!problems.empty()) {
    return problems.ToError(errc::batch_rejected);  // the transaction rolls back
  }
  tx.Commit();
  return static_cast<int>(items.size());
}

namespace {
// A unit's change to one of its applications that is not a transition (objections): in one transaction with
// the version bumped, so that a form read before it is stale; returns the application.
template <typename Change>
Result<views::Application> UnitChange(Ctx& x, const Actor& actor, int64_t id, Change&& change) {
  const int64_t now = UnixSeconds(x.env.clock.Now());
  Session s(x.env.db);
  {
    storage::WriteTx tx(s);
    auto loaded = Visible(s, actor.principal, id, true);
    if (!loaded.ok()) return loaded.error();
    if (actor.principal.role != Role::kUnit) return MakeError(errc::forbidden);
    Status done = change(s, loaded.value(), now);
    if (!done.ok()) return done.error();
    Bump(s, loaded.value(), now);
    tx.Commit();
  }
  return AppView(x, s, actor.principal, *LoadApp(s, id));
}
}  // namespace

Result<views::Application> Workflow::AddObjection(const Actor& actor, int64_t id, const std::string& content,
                                                  const std::string& raised_by) {
  FieldErrors errors;
  if (content.empty()) errors.Add("content", errc::required);
  CheckLength(errors, "content", content);
  if (raised_by.empty()) errors.Add("raised_by", errc::required);
  CheckLength(errors, "raised_by", raised_by);
  if (!errors.empty()) return errors.ToError();
  Ctx x{env_, campaigns_, calendars_};
  return UnitChange(x, actor, id, [&](Session& s, const AppRow& a, int64_t now) -> Status {
    if (a.state != State::kPublicity) return MakeError(errc::transition_not_allowed);
    storage::ApplicationsRepo(s).InsertObjection(id, content, raised_by,
                                                 kUnitObjectionLifecycle.Start("raise"), now);
    Audit(s, actor, now, "application.objection.add", "application", std::to_string(id),
          "反映人：" + raised_by);
    return Ok{};
  });
}

Result<views::Application> Workflow::ResolveObjection(const Actor& actor, int64_t id, int64_t objection_id,
                                                      const std::string& outcome,
                                                      const std::string& resolution) {
  FieldErrors errors;
  if (outcome != "dismissed" && outcome != "upheld")
    errors.Add("outcome", outcome.empty() ? errc::required : errc::unknown_code, "dismissed or upheld");
  if (resolution.empty()) errors.Add("resolution", errc::required);
  CheckLength(errors, "resolution", resolution);
  if (!errors.empty()) return errors.ToError();
  Ctx x{env_, campaigns_, calendars_};
  return UnitChange(x, actor, id, [&](Session& s, const AppRow&, int64_t now) -> Status {
    storage::ApplicationsRepo repo(s);
    const auto from = kUnitObjectionLifecycle.Parse(repo.ObjectionStatus(id, objection_id).value_or(""));
    if (!from) return MakeError(errc::not_found);
    const std::string_view action = outcome == "upheld" ? "uphold" : "dismiss";
    if (auto refusal = kUnitObjectionLifecycle.Refuse(*from, action)) return MakeError(*refusal);
    const std::string to(kUnitObjectionLifecycle.Code(kUnitObjectionLifecycle.Next(*from, action)));
    repo.ResolveObjection(objection_id, to, resolution, actor.principal.user_id, now);
    Audit(s, actor, now, "application.objection.resolve", "application", std::to_string(id),
          "异议 #" + std::to_string(objection_id) + (outcome == "upheld" ? " 成立：" : " 不成立：") +
              resolution);
    return Ok{};
  });
}

Result<views::QueuePage> Workflow::Queue(const Principal& p, const ListFilter& f) {
  Session s(env_.db);
  // The counts per state: the total is their sum, or the count of the state asked for. Scopes wider than a
  // unit count from the dashboard counters unless the filter names a unit or a text.
  std::map<std::string, int64_t> counts;
  for (State st : kAllStates)
    if (StateInUse(st, current())) counts[std::string(StateCode(st))] = 0;
  int64_t all = 0;
  const bool counters = p.role != Role::kUnit && p.role != Role::kApplicant && !f.unit_id && f.q.empty();
  auto got = storage::ApplicationsRepo(s).ListQueue(ScopeOf(p),
                                                    {.state = f.state,
                                                     .level = f.level,
                                                     .specialty = f.specialty,
                                                     .text = f.q,
                                                     .unit_id = f.unit_id,
                                                     .counters = counters},
                                                    f.page);
  for (const auto& [state, n] : got.counts) {
    counts[state] = n;
    all += n;
  }
  views::QueuePage out{.items = {},
                       .total = f.state.empty() ? all : counts[f.state],
                       .page_size = f.page.size,
                       .next_cursor = {},
                       .counts = {}};
  out.items.reserve(got.rows.size());
  for (const auto& r : got.rows) {
    const AppRow a = AppFromRecord(r.app);
    const auto& c = CampaignOf(campaigns_, a.campaign_id);
    out.items.push_back({.id = a.id,
                         .number = a.number,
                         .applicant_name = r.applicant_name,
                         .unit_name = r.unit_name,
                         .level = a.level,
                         .level_name = LevelName(c, a.level),
                         .specialty = a.specialty,
                         .specialty_name = SpecialtyName(c, a.specialty),
                         .state = std::string(StateCode(a.state)),
                         .state_name = std::string(StateNameZh(a.state)),
                         .submitted_at = TimeOrNull(a.submitted_at),
                         .publicity_end = a.publicity_end,
                         .updated_at = TimeText(a.updated_at),
                         .version = a.version});
  }
  out.next_cursor = NextCursor(got.next);
  out.counts = std::move(counts);
  return out;
}

Result<views::Stats> Workflow::Stats(const Principal& p) {
  const Lang lang = p.lang;
  Session s(env_.db);
  // Wider scopes read the dashboard counters (storage/application_counts.hpp: a few thousand rows however
  // many applications there are), filtered by the same data scope; a unit's or an applicant's own
  // applications are few and counted directly.
  const bool counters = p.role != Role::kUnit && p.role != Role::kApplicant;
  std::map<std::string, int64_t> by_state, by_region, by_level, by_specialty;
  // Committee decisions per group: {voted through (passed, certified, later revoked), decided}.
  std::map<std::string, std::pair<int64_t, int64_t>> pass_level, pass_specialty, pass_region;
  int64_t total = 0, passed_all = 0, decided_all = 0;
  storage::ApplicationsRepo repo(s);
  const storage::ApplicationScope scope = ScopeOf(p);
  // One scan grouped by region, state, level and specialty; the few hundred groups are folded here.
  for (const auto& g : repo.StatsGroups(scope, counters)) {
    const int64_t n = g.n;
    const std::string& state = g.state;
    total += n;
    by_state[state] += n;
    by_region[g.region_code] += n;
    by_level[g.level] += n;
    by_specialty[g.specialty] += n;
    const bool through = state == "passed" || state == "certified" || state == "revoked";
    if (through || state == "failed") {
      for (auto* m : {&pass_level, &pass_specialty, &pass_region}) {
        const std::string& key = m == &pass_level       ? g.level
                                 : m == &pass_specialty ? g.specialty
                                                        : g.region_code;
        (*m)[key].first += through ? n : 0;
        (*m)[key].second += n;
      }
      passed_all += through ? n : 0;
      decided_all += n;
    }
  }
  std::map<std::string, std::string> region_names;
  for (auto& r : storage::ListRegions(s)) region_names[r.code] = std::move(r.name);
  const campaign::Campaign& c = current();
  auto list = [](const std::map<std::string, int64_t>& m,
                 const std::function<std::string(const std::string&)>& name) {
    std::vector<std::pair<std::string, int64_t>> v(m.begin(), m.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<views::StatsByRegion> out;
    out.reserve(v.size());
    for (const auto& [code, n] : v) out.push_back({.code = code, .name = name(code), .count = n});
    return out;
  };
  auto rates = [](const std::map<std::string, std::pair<int64_t, int64_t>>& m,
                  const std::function<std::string(const std::string&)>& name) {
    std::vector<views::StatsPassRateByLevel> out;
    out.reserve(m.size());
    for (const auto& [code, pd] : m)
      out.push_back({.code = code, .name = name(code), .passed = pd.first, .decided = pd.second});
    return out;
  };
  std::map<std::string, int64_t> states;
  for (State st : kAllStates) {
    const std::string code(StateCode(st));
    if (StateInUse(st, c) || by_state.contains(code))
      states[code] = by_state.contains(code) ? by_state[code] : 0;
  }
  auto region_name = [&](const std::string& code) { return region_names[code]; };
  auto level_name = [&](const std::string& code) { return LevelName(c, code, lang); };
  auto specialty_name = [&](const std::string& code) { return SpecialtyName(c, code); };

  // The units with the most applications, and those with work still open before the unit deadline.
  static const storage::StateSet kAwaitingUnit =
      StatesWhere([](State st) { return Info(st).holder == Holder::kUnit; });
  std::vector<views::StatsByUnit> by_unit;
  for (auto& u : repo.TopUnits(scope, counters, std::nullopt))
    by_unit.push_back({.unit_id = u.unit_id, .name = std::move(u.name), .count = u.n});
  std::vector<views::StatsPendingUnit> pending_units;
  for (auto& u : repo.TopUnits(scope, counters, kAwaitingUnit))
    pending_units.push_back({.unit_id = u.unit_id, .name = std::move(u.name), .pending = u.n});
  const Date unit_deadline = c.DeadlineOf(campaign::Stage::kUnit);
  const int64_t days_left = (UnixSeconds(ShanghaiMidnight(unit_deadline)) -
                             UnixSeconds(ShanghaiMidnight(ShanghaiDate(env_.clock.Now())))) /
                            86400;
  return views::Stats{.total = total,
                      .by_state = std::move(states),
                      .by_region = list(by_region, region_name),
                      .by_level = list(by_level, level_name),
                      .by_specialty = list(by_specialty, specialty_name),
                      .by_unit = std::move(by_unit),
                      .pass_rate = {.passed = passed_all,
                                    .decided = decided_all,
                                    .by_level = rates(pass_level, level_name),
                                    .by_specialty = rates(pass_specialty, specialty_name),
                                    .by_region = rates(pass_region, region_name)},
                      .unit_deadline = {.date = FormatDate(unit_deadline), .days_left = days_left},
                      .pending_units = std::move(pending_units)};
}

Result<SubmittedApplication> Workflow::Submitted(const Principal& p, int64_t id) {
  Session s(env_.db);
  const auto a = LoadApp(s, id);
  if (!a || !CanSee(p, *a)) return MakeError(errc::not_found);
  // Only a submitted state shows what was submitted: back with the applicant (a draft after a withdrawal,
  // returned, office_returned) the snapshot is about to be replaced.
  if (a->snapshot_version == 0 || Info(a->state).holder == Holder::kApplicant)
    return MakeError(errc::form_requires_submission);
  const auto row = storage::ApplicationsRepo(s).Snapshot(id, a->snapshot_version);
  const std::string text = row ? row->data : std::string();
  const std::string sha = row ? row->sha256 : std::string();
  boost::system::error_code ec;
  const json::value data = json::parse(text, ec);
  if (ec)
    return MakeError(errc::snapshot_unreadable, "application " + std::to_string(id) + ": " + ec.message());
  auto snapshot = ParseSnapshot(data);
  if (!snapshot.ok()) {
    Error e = snapshot.error();
    e.detail =
        "application " + std::to_string(id) + " v" + std::to_string(a->snapshot_version) + ": " + e.detail;
    return e;
  }
  const auto unit = storage::FindUnit(s, a->unit_id);
  // The acceptance point's or department's opinion: the reason of the latest county recommendation.
  std::string review_opinion, review_opinion_by, review_opinion_on;
  for (const auto& t : storage::ApplicationsRepo(s).Transitions(id)) {
    if (t.action != ActionCode(Action::kCountyRecommend)) continue;
    review_opinion = t.reason;
    review_opinion_by = t.actor_name;
    review_opinion_on = TimeText(t.at).substr(0, 10);
  }
  return SubmittedApplication{.id = a->id,
                              .number = a->number,
                              .campaign_id = a->campaign_id,
                              .state = a->state,
                              .snapshot_version = a->snapshot_version,
                              .snapshot_sha256 = sha,
                              .snapshot = std::move(snapshot.value()),
                              .publicity_start = a->publicity_start,
                              .publicity_end = a->publicity_end,
                              .opinion = a->opinion,
                              .unit_contact_name = unit ? unit->contact_name : std::string(),
                              .unit_contact_mobile = unit ? unit->mobile : std::string(),
                              .review_opinion = review_opinion,
                              .review_opinion_by = review_opinion_by,
                              .review_opinion_on = review_opinion_on};
}

std::optional<std::vector<std::pair<Action, ErrorCode>>> NoWayForward(
    State state, const std::function<std::optional<ErrorCode>(const Transition&)>& blocks) {
  // Closed only for now: time or another person's step opens them.
  auto pending = [](ErrorCode e) {
    return e == errc::publicity_not_ended || e == errc::objection_open || e == errc::paper_not_checked_in ||
           e == errc::correction_window_open;
  };
  std::vector<std::pair<Action, ErrorCode>> closed;
  for (const auto& t : kTransitions) {
    if (t.from != state) continue;
    if (t.guard == Guard::kReview) return std::nullopt;
    const auto why = blocks(t);
    if (!why || pending(*why)) return std::nullopt;
    closed.emplace_back(t.action, *why);
  }
  return closed;
}

std::vector<std::string> StuckApplications(storage::Database& db,
                                           const std::vector<campaign::Campaign>& campaigns,
                                           const calendar::Calendar& cal, TimePoint at) {
  std::vector<std::string> problems;
  Session s(db);
  storage::ApplicationsRepo repo(s);
  for (const auto& r : repo.All()) {
    const AppRow a = AppFromRecord(r);
    // A draft after the applicant deadline ends with the stage (nothing was sent, no quota is held).
    if (IsFinal(a.state) || a.state == State::kDraft) continue;
    const campaign::Campaign& c = CampaignOf(campaigns, a.campaign_id);
    const AppDeadlines deadlines = DeadlinesOf(s, c, a, &cal);
    const auto closed = NoWayForward(a.state, [&](const Transition& t) {
      return GuardBlocks(s, c, a, t.guard, at, false, &deadlines, &cal);
    });
    if (!closed) continue;
    std::string line = "application " + std::to_string(a.id) + " (" + a.number + ") in " +
                       std::string(StateCode(a.state)) + " has no step left on " +
                       FormatDate(ShanghaiDate(at)) + ":";
    for (const auto& [action, why] : *closed)
      line += " " + std::string(ActionCode(action)) + " (" + std::string(Name(why)) + ")";
    if (closed->empty()) line += " the transition table has no step from this state";
    problems.push_back(std::move(line));
  }
  return problems;
}

}  // namespace zc::workflow
