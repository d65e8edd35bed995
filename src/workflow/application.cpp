// Applications: creation, the live eligibility check, evidence, the guarded transitions of the state
// machine, batches, objections and the queues.
#include <algorithm>
#include <functional>
#include <map>

#include "base/crypto.hpp"
#include "base/ids.hpp"
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
  std::optional<views::ApplicationPaper> out;
  storage::Query()
      .Where("p.application_id = :a")
      .Bind("a", static_cast<long long>(a.id))
      .ForEach(s, "p.copies, p.watermark, p.form_number, p.checked_at, u.name AS checker",
               "paper_checkins p LEFT JOIN users u ON u.id = p.checked_by", "", [&](const soci::row& r) {
                 out = views::ApplicationPaper{.copies = storage::Int(r, "copies"),
                                               .watermark = storage::Int(r, "watermark") != 0,
                                               .form_number = storage::Str(r, "form_number"),
                                               .checked_at = TimeText(storage::Int(r, "checked_at")),
                                               .checked_by = storage::Str(r, "checker")};
               });
  return out;
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
  if (app_id) {
    storage::Query()
        .Where("application_id = :a AND removed_at = 0")
        .Bind("a", static_cast<long long>(app_id))
        .ForEach(s, "slot, file_id", "application_evidence", "ORDER BY id", [&](const soci::row& r) {
          files[storage::Str(r, "slot")].push_back(storage::Int(r, "file_id"));
        });
  }
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
  std::optional<int> q;
  storage::Query()
      .Where("unit_id = :u AND level = :l")
      .Bind("u", static_cast<long long>(unit_id))
      .Bind("l", level)
      .ForEach(s, "quota", "unit_quotas", "",
               [&](const soci::row& r) { q = static_cast<int>(storage::Int(r, "quota")); });
  return q;
}

// The part of a transition's guard that depends on the application, the data and the clock, not on what the
// caller sends (HotCRP's perm_* style): the reason the action is unavailable now, or nullopt. CheckStep
// refuses with it; the application's view lists the action in `allowed_actions` only when it is nullopt, and
// otherwise in `unavailable_actions` with this reason. `for_write` locks the unit before counting its quota
// (PostgreSQL), so that the count stays exact until the transaction ends.
std::optional<ErrorCode> GuardBlocks(Session& s, const campaign::Campaign& c, const AppRow& a, Guard g,
                                     TimePoint now, bool for_write,
                                     const std::map<campaign::Stage, Date>* deadlines = nullptr) {
  // `deadlines`: the stages' effective deadlines when the caller has read them already.
  auto closed = [&](campaign::Stage st) {
    if (deadlines)
      if (auto it = deadlines->find(st); it != deadlines->end()) return !OpenOn(it->second, now);
    return !OpenOn(EffectiveDeadline(s, c, st, a.unit_id, a.region_code), now);
  };
  switch (g) {
    case Guard::kApplicantReady:
      if (closed(campaign::Stage::kApplicant)) return errc::deadline_passed;
      break;
    case Guard::kResubmitReady:
    case Guard::kPublicityStart:
    case Guard::kReRecommend:
      if (closed(campaign::Stage::kUnit)) return errc::deadline_passed;
      break;
    case Guard::kPublicityDone: {
      if (closed(campaign::Stage::kUnit)) return errc::deadline_passed;
      auto end = ParseDate(a.publicity_end);
      if (!end || ShanghaiDate(now) < *end) return errc::publicity_not_ended;
      if (storage::Query()
              .Where("application_id = :a AND status = :open")
              .Bind("a", static_cast<long long>(a.id))
              .Bind("open", std::string(kUnitObjectionLifecycle.Code(ObjectionState::kOpen)))
              .Count(s, "objections") > 0)
        return errc::objection_open;
      if (for_write) storage::LockRow(s, "units", a.unit_id);  // one quota count at a time per unit
      if (auto quota = QuotaOf(s, a.unit_id, a.level);
          quota && QuotaUsed(s, a.unit_id, a.level, a.campaign_id) >= *quota)
        return errc::quota_exceeded;
      break;
    }
    case Guard::kCountyDeadline:
      if (closed(campaign::Stage::kCounty)) return errc::deadline_passed;
      break;
    case Guard::kPaperForms:
      if (!PaperCheckedIn(s, a)) return errc::paper_not_checked_in;
      break;
    case Guard::kReview:  // taken by the committee's review steps, never from the application's page
      return errc::transition_not_allowed;
    case Guard::kNone:
    case Guard::kCorrectionList:
    case Guard::kReason:
    case Guard::kCorrected:
      break;
  }
  return std::nullopt;
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
  if (a.snapshot_version > 0) {
    storage::Query()
        .Where("application_id = :a AND version = :v")
        .Bind("a", static_cast<long long>(a.id))
        .Bind("v", static_cast<long long>(a.snapshot_version))
        .ForEach(s, "version, data, sha256, created_at", "application_snapshots", "",
                 [&](const soci::row& r) {
                   boost::system::error_code ec;
                   json::value data = json::parse(storage::Str(r, "data"), ec);
                   v.snapshot = views::ApplicationSnapshotRecord{
                       .version = storage::Int(r, "version"),
                       .sha256 = storage::Str(r, "sha256"),
                       .created_at = TimeText(storage::Int(r, "created_at")),
                       .data = !ec && data.is_object() ? data.as_object() : json::object{}};
                 });
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
  storage::Query()
      .Where("application_id = :a")
      .Bind("a", static_cast<long long>(a.id))
      .ForEach(s, "id, content, raised_by, raised_at, status, resolution, resolved_at", "objections",
               "ORDER BY id", [&](const soci::row& r) {
                 v.objections.push_back({.id = storage::Int(r, "id"),
                                         .content = storage::Str(r, "content"),
                                         .raised_by = storage::Str(r, "raised_by"),
                                         .raised_at = TimeText(storage::Int(r, "raised_at")),
                                         .status = storage::Str(r, "status"),
                                         .resolution = storage::Str(r, "resolution"),
                                         .resolved_at = TimeOrNull(storage::Int(r, "resolved_at"))});
               });
  int round = 0;
  storage::Query()
      .Where("application_id = :a")
      .Bind("a", static_cast<long long>(a.id))
      .ForEach(
          s, "from_state, to_state, action, actor_name, role, reason, detail, at", "transitions",
          "ORDER BY id", [&](const soci::row& r) {
            const std::string action = storage::Str(r, "action");
            const auto to = ParseState(storage::Str(r, "to_state"));
            v.history.push_back(
                {.from = storage::Str(r, "from_state"),
                 .to = storage::Str(r, "to_state"),
                 .to_name = to ? std::string(lang == Lang::kEn ? StateNameEn(*to) : StateNameZh(*to)) : "",
                 .action = action,
                 .actor = storage::Str(r, "actor_name"),
                 .role = storage::Str(r, "role"),
                 .reason = storage::Str(r, "reason"),
                 .at = TimeText(storage::Int(r, "at"))});
            if (action == "return" || action == "office_return") {
              ++round;
              views::ApplicationCorrections corrections{.round = round,
                                                        .reason = storage::Str(r, "reason"),
                                                        .items = {},
                                                        .at = TimeText(storage::Int(r, "at"))};
              boost::system::error_code ec;
              const json::value items = json::parse(storage::Str(r, "detail"), ec);
              if (!ec) (void)contract::FromJson(items, corrections.items);
              v.corrections = std::move(corrections);
            }
          });
  // The three stages' deadlines for this unit and region, read once (extensions are rows).
  std::map<campaign::Stage, Date> stage_deadline;
  for (auto st : {campaign::Stage::kApplicant, campaign::Stage::kUnit, campaign::Stage::kCounty})
    stage_deadline[st] = EffectiveDeadline(s, c, st, a.unit_id, a.region_code);
  v.deadlines = {.applicant = FormatDate(stage_deadline[campaign::Stage::kApplicant]),
                 .unit = FormatDate(stage_deadline[campaign::Stage::kUnit]),
                 .county = FormatDate(stage_deadline[campaign::Stage::kCounty])};
  if (CanSee(p, a)) {
    // What the caller may do now, and why the other actions of the table are not possible now (the guards'
    // form checks depend on what the caller will send; their errors say what is missing).
    const TimePoint now = x.env.clock.Now();
    for (const auto& t : kTransitions) {
      if (t.from != a.state || !Allows(t, p.role) || t.guard == Guard::kReview) continue;
      const std::string code(ActionCode(t.action));
      if (std::find(v.allowed_actions.begin(), v.allowed_actions.end(), code) != v.allowed_actions.end())
        continue;
      if (auto why = GuardBlocks(s, c, a, t.guard, now, false, &stage_deadline)) {
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

void Bump(Session& s, const AppRow& a, int64_t now) {
  long long id = a.id;
  long long ver = a.version + 1;
  long long at = now;
  s.sql() << "UPDATE applications SET version = :ver, updated_at = :at WHERE id = :id", soci::use(ver, "ver"),
      soci::use(at, "at"), soci::use(id, "id");
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
    Archive ar = LoadArchive(s, a.applicant_id);
    if (ar.state != ArchiveState::kApproved || ar.unit_id != a.unit_id)
      return MakeError(errc::archive_not_approved);
    Evaluation e = Evaluate(x, s, a.applicant_id, c, a.level, a.specialty);
    if (!e.decision || e.decision->verdict == eligibility::Verdict::kIneligible) {
      FieldErrors unmet;
      if (e.decision)
        for (const auto& r : e.decision->reasons)
          if (r.status == eligibility::Status::kUnmet && !r.overridable)
            unmet.Add(r.code, errc::not_eligible, r.zh);
      return unmet.ToError(errc::not_eligible);
    }
    const auto slots = Slots(s, c, e, a.level, a.id);
    FieldErrors missing;
    for (const auto& sl : slots)
      if (sl.required && sl.files.empty()) missing.Add("slots." + sl.code, errc::required, sl.name);
    if (!missing.empty()) {
      if (a.pledged_at == 0) missing.Add("pledged", errc::pledge_required);
      return missing.ToError(errc::evidence_missing);
    }
    if (a.pledged_at == 0) return MakeError(errc::pledge_required);
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
  if (!(step.t->guard == Guard::kReview && review_step))
    if (auto why = GuardBlocks(s, c, a, step.t->guard, now, true)) return MakeError(*why);
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
      step.publicity_start = FormatDate(*start);
      step.publicity_end = FormatDate(end.value());
      break;
    }
    case Guard::kPublicityDone:
    case Guard::kReRecommend:
      if (form.opinion.empty()) errors.Add("opinion", errc::opinion_required);
      break;
    case Guard::kReason:
      if (form.reason.empty()) errors.Add("reason", errc::reason_required);
      break;
    case Guard::kCountyDeadline:
    case Guard::kPaperForms:
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

void ApplyStep(Ctx& x, Session& s, const Actor& actor, Step& step, const ActionForm& form, int64_t now) {
  AppRow& a = step.app;
  const Transition& t = *step.t;
  const campaign::Campaign& c = CampaignOf(x.campaigns, a.campaign_id);
  const State to = t.to;
  long long id = a.id;
  long long at = now;
  long long ver = a.version + 1;
  std::string state(StateCode(to));
  int snapshot_version = a.snapshot_version;
  int resubmissions = a.resubmissions + (Does(t, kCountResubmission) ? 1 : 0);
  long long submitted_at = a.submitted_at;
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
    const std::string sha = Sha256Hex(data);
    int v = snapshot_version;
    s.sql() << "INSERT INTO application_snapshots (application_id, version, data, sha256, created_at) "
               "VALUES (:id, :v, :data, :sha, :at)",
        soci::use(id, "id"), soci::use(v, "v"), soci::use(data, "data"), soci::use(sha, "sha"),
        soci::use(at, "at");
    s.sql() << "DELETE FROM paper_checkins WHERE application_id = :id", soci::use(id, "id");
  }
  int quota_held = HoldsQuota(to) ? 1 : 0;
  if (to != a.state) {
    storage::ApplicationKey key = CountKey(a);
    storage::CountApplication(s, key, -1);
    key.state = state;
    storage::CountApplication(s, key, +1);
  }
  s.sql()
      << "UPDATE applications SET state = :state, version = :ver, resubmissions = :re, snapshot_version = "
         ":sv, "
         "submitted_at = :sub, publicity_start = :ps, publicity_end = :pe, opinion = :op, quota_held = :q, "
         "updated_at = :at WHERE id = :id",
      soci::use(state, "state"), soci::use(ver, "ver"), soci::use(resubmissions, "re"),
      soci::use(snapshot_version, "sv"), soci::use(submitted_at, "sub"), soci::use(pstart, "ps"),
      soci::use(pend, "pe"), soci::use(opinion, "op"), soci::use(quota_held, "q"), soci::use(at, "at"),
      soci::use(id, "id");
  json::array items;
  for (const auto& [item, reason] : form.items)
    items.push_back(json::object{{"item", item}, {"reason", reason}});
  std::string reason = form.reason;
  if (Does(t, kSetPublicity)) reason = pstart + " 至 " + pend;
  if (Does(t, kRecordOpinion)) reason = form.opinion;
  const std::string detail = json::serialize(items);
  const std::string from(StateCode(a.state));
  const std::string action(ActionCode(t.action));
  const std::string role(accounts::RoleName(actor.principal.role));
  long long actor_id = actor.principal.user_id;
  s.sql() << "INSERT INTO transitions (application_id, from_state, to_state, action, actor_id, actor_name, "
             "role, "
             "reason, detail, at) VALUES (:id, :from, :to, :action, :actor, :name, :role, :reason, "
             ":detail, :at)",
      soci::use(id, "id"), soci::use(from, "from"), soci::use(state, "to"), soci::use(action, "action"),
      soci::use(actor_id, "actor"), soci::use(actor.principal.name, "name"), soci::use(role, "role"),
      soci::use(reason, "reason"), soci::use(detail, "detail"), soci::use(at, "at");
  // Who hears of it: the audiences the transition declares (state_machine.hpp).
  const std::string name = UserName(s, a.applicant_id);
  const std::string zh_state(StateNameZh(to));
  const std::string en_state(StateNameEn(to));
  const std::string what_zh = "申报 " + a.number + "（" + name + "，" + LevelName(c, a.level) + "）：" +
                              std::string(ActionNameZh(t.action)) + "，当前状态：" + zh_state;
  const std::string what_en = "Application " + a.number + " (" + name +
                              "): " + std::string(ActionNameEn(t.action)) + "; now " + en_state;
  const std::string kind = "application." + action;
  if (Tells(t, kTellApplicant))
    storage::Notify(
        s, storage::Audience::User(a.applicant_id),
        {kind, a.id,
         "您的申报 " + a.number + " " + std::string(ActionNameZh(t.action)) + "，当前状态：" + zh_state +
             (form.reason.empty() ? "" : "。理由：" + form.reason),
         "Your application " + a.number + ": " + std::string(ActionNameEn(t.action)) + "; now " + en_state},
        now);
  if (Tells(t, kTellUnit))
    storage::Notify(s, storage::Audience::Unit(a.unit_id), {kind, a.id, what_zh, what_en}, now);
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
  if (storage::Query()
          .Where("campaign_id = :c AND applicant_id = :u AND state <> 'not_recommended'")
          .Bind("c", c.id)
          .Bind("u", static_cast<long long>(uid))
          .Count(s, "applications") > 0)
    return MakeError(errc::application_exists);
  const std::string temp = "tmp-" + RandomHex(8);
  long long u = uid;
  long long unit_id = unit->id;
  int city_level = unit->city_level ? 1 : 0;
  storage::NullableInt dept(unit->competent_department_id);
  long long at = now;
  s.sql() << "INSERT INTO applications (number, campaign_id, applicant_id, unit_id, region_code, city_level, "
             "department_id, level, specialty, state, version, created_at, updated_at) VALUES (:num, :c, :u, "
             ":unit, "
             ":region, :cl, :dept, :level, :spec, 'draft', 1, :at, :at2)",
      soci::use(temp, "num"), soci::use(c.id, "c"), soci::use(u, "u"), soci::use(unit_id, "unit"),
      soci::use(unit->region_code, "region"), soci::use(city_level, "cl"),
      soci::use(dept.value, dept.ind, "dept"), soci::use(level, "level"), soci::use(specialty, "spec"),
      soci::use(at, "at"), soci::use(at, "at2");
  long long id = 0;
  s.sql() << "SELECT id FROM applications WHERE number = :num", soci::use(temp, "num"), soci::into(id);
  char number[32];
  std::snprintf(number, sizeof number, "ZC%d-%06lld", c.year, id);
  const std::string num = number;
  s.sql() << "UPDATE applications SET number = :num WHERE id = :id", soci::use(num, "num"),
      soci::use(id, "id");
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
  storage::Query()
      .Where("a.applicant_id = :u")
      .Bind("u", static_cast<long long>(p.user_id))
      .ForEach(s, kAppColumns, "applications a", "ORDER BY a.id DESC", [&](const soci::row& r) {
        AppRow a = AppFromRow(r);
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
      });
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
                                                       bool pledged) {
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
  long long pid = id;
  long long ver = a.version + 1;
  long long at = now;
  long long pledged_at = pledged ? (a.pledged_at ? a.pledged_at : now) : 0;
  if (level != a.level || specialty != a.specialty) {
    storage::ApplicationKey key = CountKey(a);
    storage::CountApplication(s, key, -1);
    key.level = level;
    key.specialty = specialty;
    storage::CountApplication(s, key, +1);
  }
  s.sql() << "UPDATE applications SET level = :l, specialty = :s, pledged_at = :p, version = :ver, "
             "updated_at = :at "
             "WHERE id = :id",
      soci::use(level, "l"), soci::use(specialty, "s"), soci::use(pledged_at, "p"), soci::use(ver, "ver"),
      soci::use(at, "at"), soci::use(pid, "id");
  Audit(s, actor, now, "application.update", "application", std::to_string(id),
        level + " " + specialty + (pledged ? ", pledged" : ""));
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
    auto loaded = Visible(s, actor.principal, id);
    if (!loaded.ok()) return loaded.error();
    const AppRow& a = loaded.value();
    if (actor.principal.role != Role::kApplicant) return MakeError(errc::forbidden);
    if (!Editable(a.state)) return MakeError(errc::transition_not_allowed);
  }
  auto file = StoreFile(actor, tmp, name, static_cast<int64_t>(slot->max_mb) << 20);
  if (!file.ok()) return file.error();
  const int64_t file_id = file.value().id;
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  auto loaded = Visible(s, actor.principal, id, true);
  if (!loaded.ok()) return loaded.error();
  const AppRow& a = loaded.value();
  if (!Editable(a.state)) return MakeError(errc::transition_not_allowed);
  const int64_t count = storage::Query()
                            .Where("application_id = :a AND slot = :s AND removed_at = 0")
                            .Bind("a", static_cast<long long>(id))
                            .Bind("s", slot_code)
                            .Count(s, "application_evidence");
  if (count >= slot->max_count) return MakeError(errc::slot_full);
  long long aid = id;
  long long fid = file_id;
  long long at = now;
  s.sql() << "INSERT INTO application_evidence (application_id, slot, file_id, created_at) VALUES (:a, :s, "
             ":f, :at)",
      soci::use(aid, "a"), soci::use(slot_code, "s"), soci::use(fid, "f"), soci::use(at, "at");
  Audit(s, actor, now, "application.evidence.add", "application", std::to_string(id),
        slot_code + ": file " + std::to_string(file_id));
  tx.Commit();
  return file.value();
}

Status Workflow::RemoveEvidence(const Actor& actor, int64_t id, const std::string& slot, int64_t file_id) {
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  auto loaded = Visible(s, actor.principal, id, true);
  if (!loaded.ok()) return loaded.error();
  if (actor.principal.role != Role::kApplicant) return MakeError(errc::forbidden);
  const AppRow& a = loaded.value();
  if (!Editable(a.state)) return MakeError(errc::transition_not_allowed);
  long long aid = id;
  long long fid = file_id;
  const int64_t n = storage::Query()
                        .Where("application_id = :a AND slot = :s AND file_id = :f AND removed_at = 0")
                        .Bind("a", aid)
                        .Bind("s", slot)
                        .Bind("f", fid)
                        .Count(s, "application_evidence");
  if (n == 0) return MakeError(errc::not_found);
  long long at = now;
  s.sql() << "UPDATE application_evidence SET removed_at = :at WHERE application_id = :a AND slot = :s AND "
             "file_id = :f AND removed_at = 0",
      soci::use(at, "at"), soci::use(aid, "a"), soci::use(slot, "s"), soci::use(fid, "f");
  Audit(s, actor, now, "application.evidence.remove", "application", std::to_string(id),
        slot + ": file " + std::to_string(file_id));
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
    long long app = a.id, at = UnixSeconds(now), by = actor.principal.user_id;
    int wm = watermark ? 1 : 0;
    s.sql() << "DELETE FROM paper_checkins WHERE application_id = :a", soci::use(app, "a");
    s.sql() << "INSERT INTO paper_checkins (application_id, copies, watermark, form_number, checked_by, "
               "checked_at) VALUES (:a, :c, :w, :f, :by, :at)",
        soci::use(app, "a"), soci::use(copies, "c"), soci::use(wm, "w"), soci::use(form_number, "f"),
        soci::use(by, "by"), soci::use(at, "at");
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
  if (content.size() > 2000) errors.Add("content", errc::too_long);
  if (raised_by.empty()) errors.Add("raised_by", errc::required);
  if (raised_by.size() > 200) errors.Add("raised_by", errc::too_long);
  if (!errors.empty()) return errors.ToError();
  Ctx x{env_, campaigns_, calendars_};
  return UnitChange(x, actor, id, [&](Session& s, const AppRow& a, int64_t now) -> Status {
    if (a.state != State::kPublicity) return MakeError(errc::transition_not_allowed);
    long long aid = id;
    long long at = now;
    const std::string open = kUnitObjectionLifecycle.Start("raise");
    s.sql() << "INSERT INTO objections (application_id, content, raised_by, raised_at, status) "
               "VALUES (:a, :c, :r, :at, :st)",
        soci::use(open, "st"), soci::use(aid, "a"), soci::use(content, "c"), soci::use(raised_by, "r"),
        soci::use(at, "at");
    Audit(s, actor, now, "application.objection.add", "application", std::to_string(id),
          "raised by " + raised_by);
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
  if (resolution.size() > 2000) errors.Add("resolution", errc::too_long);
  if (!errors.empty()) return errors.ToError();
  Ctx x{env_, campaigns_, calendars_};
  return UnitChange(x, actor, id, [&](Session& s, const AppRow&, int64_t now) -> Status {
    std::string status;
    storage::Query()
        .Where("id = :o AND application_id = :a")
        .Bind("o", static_cast<long long>(objection_id))
        .Bind("a", static_cast<long long>(id))
        .ForEach(s, "status", "objections", "",
                 [&](const soci::row& r) { status = storage::Str(r, "status"); });
    const auto from = kUnitObjectionLifecycle.Parse(status);
    if (!from) return MakeError(errc::not_found);
    const std::string_view action = outcome == "upheld" ? "uphold" : "dismiss";
    if (auto refusal = kUnitObjectionLifecycle.Refuse(*from, action)) return MakeError(*refusal);
    const std::string to(kUnitObjectionLifecycle.Code(kUnitObjectionLifecycle.Next(*from, action)));
    long long oid = objection_id;
    long long at = now;
    long long by = actor.principal.user_id;
    s.sql() << "UPDATE objections SET status = :st, resolution = :r, resolved_at = :at, resolved_by = :by "
               "WHERE id = :o",
        soci::use(to, "st"), soci::use(resolution, "r"), soci::use(at, "at"), soci::use(by, "by"),
        soci::use(oid, "o");
    Audit(s, actor, now, "application.objection.resolve", "application", std::to_string(id),
          "objection " + std::to_string(objection_id) + " " + outcome + ": " + resolution);
    return Ok{};
  });
}

Result<views::QueuePage> Workflow::Queue(const Principal& p, const ListFilter& f) {
  Session s(env_.db);
  const std::string from =
      "applications a JOIN users u ON u.id = a.applicant_id JOIN units un ON un.id = a.unit_id";
  storage::Query q;
  ScopeWhere(p, q);
  if (!f.level.empty()) q.Where("a.level = :level").Bind("level", f.level);
  if (!f.specialty.empty()) q.Where("a.specialty = :spec").Bind("spec", f.specialty);
  if (f.unit_id) q.Where("a.unit_id = :unit").Bind("unit", static_cast<long long>(*f.unit_id));
  if (!f.q.empty())
    q.Where("(u.name LIKE :q1 OR a.number LIKE :q2 OR un.name LIKE :q3)")
        .Bind("q1", "%" + f.q + "%")
        .Bind("q2", "%" + f.q + "%")
        .Bind("q3", "%" + f.q + "%");
  // The counts per state come from the applications alone (an index-only scan of the scope) unless the text
  // search needs the names; the total is their sum, or the count of the state asked for.
  std::map<std::string, int64_t> counts;
  for (State st : kAllStates)
    if (StateInUse(st, current())) counts[std::string(StateCode(st))] = 0;
  int64_t all = 0;
  // Scopes wider than a unit count from the dashboard counters unless the filter names a unit or a text.
  const bool counters = p.role != Role::kUnit && p.role != Role::kApplicant && !f.unit_id && f.q.empty();
  q.ForEach(s, counters ? "a.state, CAST(SUM(a.n) AS BIGINT) AS n" : "a.state, COUNT(*) AS n",
            counters      ? std::string("application_counts a")
            : f.q.empty() ? std::string("applications a")
                          : from,
            counters ? "GROUP BY a.state HAVING SUM(a.n) > 0" : "GROUP BY a.state", [&](const soci::row& r) {
              counts[storage::Str(r, "state")] = storage::Int(r, "n");
              all += storage::Int(r, "n");
            });
  if (!f.state.empty()) q.Where("a.state = :state").Bind("state", f.state);
  views::QueuePage out{.items = {},
                       .total = f.state.empty() ? all : counts[f.state],
                       .page_size = f.page.size,
                       .next_cursor = {},
                       .counts = {}};
  const auto next = q.Page(s, std::string(kAppColumns) + ", u.name AS applicant_name, un.name AS unit_name",
                           from, {.sort = "a.updated_at", .id = "a.id"}, f.page, [&](const soci::row& r) {
                             AppRow a = AppFromRow(r);
                             const auto& c = CampaignOf(campaigns_, a.campaign_id);
                             out.items.push_back({.id = a.id,
                                                  .number = a.number,
                                                  .applicant_name = storage::Str(r, "applicant_name"),
                                                  .unit_name = storage::Str(r, "unit_name"),
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
                           });
  out.next_cursor = NextCursor(next);
  out.counts = std::move(counts);
  return out;
}

namespace {
// The 20 units with the most applications in the person's scope (and `where`), largest first, with names:
// {unit_id, name, count}. Counted from application_unit_counts for scopes wider than a unit.
struct UnitCount {
  int64_t unit_id;
  std::string name;
  int64_t n;
};
std::vector<UnitCount> TopUnits(Session& s, const Principal& p, bool counters, const std::string& where) {
  storage::Query q;
  const bool state_filtered = ScopeWhere(p, q) || !where.empty();
  if (!where.empty()) q.Where(where);
  // The counters' per-unit '*' rows hold all of a unit's applications: what a scope that filters no state
  // (the city admin's) ranks. Every other scope counts the per-state rows only (a state filter may be a
  // NOT IN list, which would let the '*' rows through).
  if (counters) q.Where(state_filtered ? "a.state <> '*'" : "a.state = '*'");
  const std::string count = counters ? "CAST(SUM(a.n) AS BIGINT)" : "COUNT(*)";
  std::vector<std::pair<int64_t, int64_t>> top;  // unit, count
  q.ForEach(s, "a.unit_id, " + count + " AS n", counters ? "application_unit_counts a" : "applications a",
            "GROUP BY a.unit_id HAVING " + count + " > 0 ORDER BY n DESC, a.unit_id LIMIT 20",
            [&](const soci::row& r) { top.emplace_back(storage::Int(r, "unit_id"), storage::Int(r, "n")); });
  // One fixed statement per name (prepared once per connection): an IN list would be a new statement text,
  // and a new entry of the statement cache, for every set of units.
  std::map<int64_t, std::string> names;
  for (const auto& entry : top) {
    const int64_t unit = entry.first;
    storage::Query()
        .Where("un.id = :id")
        .Bind("id", static_cast<long long>(unit))
        .ForEach(s, "un.name", "units un", "",
                 [&](const soci::row& r) { names[unit] = storage::Str(r, "name"); });
  }
  std::vector<UnitCount> out;
  out.reserve(top.size());
  for (const auto& [unit, n] : top) out.push_back({unit, names[unit], n});
  return out;
}
}  // namespace

Result<views::Stats> Workflow::Stats(const Principal& p) {
  const Lang lang = p.lang;
  Session s(env_.db);
  // Wider scopes read the dashboard counters (storage/application_counts.hpp: a few thousand rows however
  // many applications there are), filtered by the same ScopeWhere; a unit's or an applicant's own
  // applications are few and counted directly.
  const bool counters = p.role != Role::kUnit && p.role != Role::kApplicant;
  const std::string count = counters ? "CAST(SUM(a.n) AS BIGINT)" : "COUNT(*)";
  const std::string having = counters ? " HAVING SUM(a.n) > 0" : "";
  storage::Query q;
  ScopeWhere(p, q);
  std::map<std::string, int64_t> by_state, by_region, by_level, by_specialty;
  // Committee decisions per group: {voted through (passed, certified, later revoked), decided}.
  std::map<std::string, std::pair<int64_t, int64_t>> pass_level, pass_specialty, pass_region;
  int64_t total = 0, passed_all = 0, decided_all = 0;
  // One scan, grouped by all four in the order of the index applications_stats (so that both databases can
  // answer from the index alone); the few hundred groups are folded here.
  q.ForEach(
      s, "a.region_code, a.state, a.level, a.specialty, " + count + " AS n",
      counters ? "application_counts a" : "applications a",
      "GROUP BY a.region_code, a.state, a.level, a.specialty" + having, [&](const soci::row& r) {
        const int64_t n = storage::Int(r, "n");
        const std::string state = storage::Str(r, "state");
        const std::string region = storage::Str(r, "region_code");
        const std::string level = storage::Str(r, "level");
        const std::string specialty = storage::Str(r, "specialty");
        total += n;
        by_state[state] += n;
        by_region[region] += n;
        by_level[level] += n;
        by_specialty[specialty] += n;
        const bool through = state == "passed" || state == "certified" || state == "revoked";
        if (through || state == "failed") {
          for (auto* m : {&pass_level, &pass_specialty, &pass_region}) {
            const std::string& key = m == &pass_level ? level : m == &pass_specialty ? specialty : region;
            (*m)[key].first += through ? n : 0;
            (*m)[key].second += n;
          }
          passed_all += through ? n : 0;
          decided_all += n;
        }
      });
  std::map<std::string, std::string> region_names;
  storage::Query().ForEach(s, "code, name", "regions", "", [&](const soci::row& r) {
    region_names[storage::Str(r, "code")] = storage::Str(r, "name");
  });
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
  static const std::string kAwaitingUnit =
      StateSqlPredicate("a.state", [](State st) { return Info(st).holder == Holder::kUnit; });
  std::vector<views::StatsByUnit> by_unit;
  for (auto& u : TopUnits(s, p, counters, {}))
    by_unit.push_back({.unit_id = u.unit_id, .name = u.name, .count = u.n});
  std::vector<views::StatsPendingUnit> pending_units;
  for (auto& u : TopUnits(s, p, counters, kAwaitingUnit))
    pending_units.push_back({.unit_id = u.unit_id, .name = u.name, .pending = u.n});
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
  std::string text, sha;
  storage::Query()
      .Where("application_id = :a AND version = :v")
      .Bind("a", static_cast<long long>(id))
      .Bind("v", static_cast<long long>(a->snapshot_version))
      .ForEach(s, "data, sha256", "application_snapshots", "", [&](const soci::row& r) {
        text = storage::Str(r, "data");
        sha = storage::Str(r, "sha256");
      });
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
  return SubmittedApplication{.id = a->id,
                              .number = a->number,
                              .campaign_id = a->campaign_id,
                              .state = a->state,
                              .snapshot_version = a->snapshot_version,
                              .snapshot_sha256 = sha,
                              .snapshot = std::move(snapshot.value()),
                              .publicity_start = a->publicity_start,
                              .publicity_end = a->publicity_end,
                              .opinion = a->opinion};
}

}  // namespace zc::workflow
