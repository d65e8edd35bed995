// The expert pool, committee members, specialty review groups with their draws, and the experts' work.
#include <algorithm>
#include <map>
#include <set>

#include "base/crypto.hpp"
#include "base/ids.hpp"
#include "base/json_fields.hpp"
#include "base/limits.hpp"
#include "base/text.hpp"
#include "review/internal.hpp"
#include "review/lifecycles.hpp"
#include "review/pre_review.hpp"
#include "storage/applications_repo.hpp"
#include "storage/groups_repo.hpp"
#include "storage/meetings_repo.hpp"

namespace zc::review {

using namespace detail;
using accounts::Role;
using workflow::NextCursor;
using workflow::State;
using workflow::TimeOrNull;
using workflow::TimeText;

namespace {

bool IsHex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// Checks a term: both dates, start <= end, at most `years` long.
void CheckTerm(const std::string& start, const std::string& end, int years, FieldErrors& fe,
               const std::string& prefix) {
  const auto s = ParseDate(start);
  const auto e = ParseDate(end);
  if (!s) fe.Add(prefix + "term_start", start.empty() ? errc::required : errc::invalid_date);
  if (!e) fe.Add(prefix + "term_end", end.empty() ? errc::required : errc::invalid_date);
  if (s && e && (*e < *s || !(*e < AddYears(*s, years)))) fe.Add(prefix + "term_end", errc::term_too_long);
}

using storage::GroupRow;

std::optional<GroupRow> LoadGroup(Session& s, int64_t id) {
  return storage::GroupsRepo(s).Find(id);
}

std::vector<int64_t> GroupApps(Session& s, int64_t group_id) {
  return storage::GroupsRepo(s).Applications(group_id);
}

struct Seat {
  int64_t expert_id = 0, draw_id = 0;
  std::string status, reason;
  std::optional<InvitationState> state;  // none for a status the table does not know
};
std::vector<Seat> Seats(Session& s, int64_t group_id) {
  const auto rows = storage::GroupsRepo(s).Seats(group_id);
  std::vector<Seat> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back({r.expert_id, r.draw_id, r.status, r.reason, kInvitationLifecycle.Parse(r.status)});
  return out;
}

int OpenPlaces(const GroupRow& g, const std::vector<Seat>& seats) {
  int taken = 0;
  for (const auto& st : seats)
    taken += (st.state == InvitationState::kInvited || st.state == InvitationState::kConfirmed) ? 1 : 0;
  return std::max(0, g.size - taken);
}

json::value IdsJson(const std::vector<int64_t>& ids) {
  json::array a;
  for (auto id : ids) a.emplace_back(id);
  return a;
}
std::vector<int64_t> IdsOf(const json::array& a) {
  std::vector<int64_t> out;
  for (const auto& v : a)
    if (v.is_int64()) out.push_back(v.as_int64());
  return out;
}

std::vector<views::DrawExclusion> ExclusionsOf(const json::array& a) {
  std::vector<views::DrawExclusion> out;
  for (const auto& v : a) {
    if (!v.is_object()) continue;
    const auto& o = v.as_object();
    views::DrawExclusion x{.expert_id = 0, .name = {}, .reasons = {}};
    if (const auto* id = o.if_contains("expert_id"); id && id->is_int64()) x.expert_id = id->as_int64();
    if (const auto* n = o.if_contains("name")) x.name = Text(*n);
    if (const auto* r = o.if_contains("reasons"); r && r->is_array())
      for (const auto& why : r->as_array()) x.reasons.push_back(Text(why));
    out.push_back(std::move(x));
  }
  return out;
}

views::Draw DrawOf(Session& s, const storage::DrawRow& r) {
  return views::Draw{.id = r.id,
                     .group_id = r.group_id,
                     .seed = r.seed,
                     .places = r.places,
                     .candidates = IdsOf(ParseArray(r.candidates)),
                     .excluded = ExclusionsOf(ParseArray(r.excluded)),
                     .picked = IdsOf(ParseArray(r.picked)),
                     .reason = r.reason,
                     .by = UserName(s, r.created_by),
                     .at = TimeText(r.created_at)};
}

// Is an application on a meeting that has started voting (its reviews are then locked)?
bool ReviewLocked(Session& s, int64_t app_id) {
  return storage::MeetingsRepo(s).CountForApplicationNotIn(
             app_id, std::string(kMeetingLifecycle.Code(MeetingState::kPlanned))) > 0;
}

}  // namespace

// ---- Expert pool ----

Result<views::ExpertPage> Review::Experts(const Principal&, const std::string& q, const std::string& family,
                                          const storage::PageRequest& page) {
  Session s(env_.db);
  const auto& c = campaigns_.back();
  const Date today = ShanghaiDate(env_.clock.Now());
  const auto rows = storage::ExpertsRepo(s).List({.text = q, .family = family}, page);
  views::ExpertPage out{};
  for (const auto& r : rows.rows) out.items.push_back(ExpertView(c, ExpertFrom(r), today));
  out.total = rows.total;
  out.page_size = page.size;
  out.next_cursor = NextCursor(rows.next);
  return out;
}

Result<views::Expert> Review::SaveExpert(const Actor& actor, std::optional<int64_t> id,
                                         const ExpertCommand& cmd) {
  Session s(env_.db);
  storage::WriteTx tx(s);
  // Writers of the pool queue here, as an import does, so that the identity-number check holds on PostgreSQL.
  storage::LockRow(s, "audit_head", 1);
  auto r = SaveExpertIn(s, actor, id, cmd);
  if (r.ok()) tx.Commit();
  return r;
}

Result<views::Expert> Review::SaveExpertIn(Session& s, const Actor& actor, std::optional<int64_t> id,
                                           const ExpertCommand& cmd) {
  const auto& c = campaigns_.back();
  FieldErrors fe = cmd.unreadable;
  Expert e;
  e.name = cmd.name;
  e.login = cmd.login;
  e.id_number = cmd.id_number.value_or("");
  e.title = cmd.title;
  e.unit_name = cmd.unit_name;
  e.unit_credit_code = cmd.unit_credit_code;
  e.term_start = cmd.term_start;
  e.term_end = cmd.term_end;
  e.active = cmd.active;
  if (e.name.empty()) fe.Add("name", errc::required);
  CheckLength(fe, "name", e.name);
  if (e.unit_name.empty()) fe.Add("unit_name", errc::required);
  CheckLength(fe, "unit_name", e.unit_name);
  if (HasControlCharacter(e.name)) fe.Add("name", errc::control_characters);
  if (HasControlCharacter(e.unit_name)) fe.Add("unit_name", errc::control_characters);
  if (e.unit_credit_code.empty()) {
    fe.Add("unit_credit_code", errc::required);
  } else if (CheckCreditCode(e.unit_credit_code)) {
    fe.Add("unit_credit_code", errc::invalid_credit_code);
  }
  if (!e.id_number.empty() && CheckResidentId(e.id_number)) fe.Add("id_number", errc::invalid_resident_id);
  if (!c.FindExpertTitle(e.title)) fe.Add("title", e.title.empty() ? errc::required : errc::unknown_code);
  CheckTerm(e.term_start, e.term_end, c.review.max_term_years, fe, "");
  if (!cmd.families || cmd.families->empty()) {
    fe.Add("families", errc::required);
  } else {
    for (size_t i = 0; i < cmd.families->size(); ++i) {
      const auto& v = (*cmd.families)[i];
      const auto* fam = v ? c.FindFamily(*v) : nullptr;
      if (!fam || fam->excluded) {
        fe.Add("families[" + std::to_string(i) + "]", errc::unknown_code);
      } else if (std::find(e.families.begin(), e.families.end(), fam->code) == e.families.end()) {
        e.families.push_back(fam->code);
      }
    }
  }
  if (cmd.relations_unreadable) {
    fe.Add("relations", errc::wrong_type);
  } else if (cmd.relations) {
    for (size_t i = 0; i < cmd.relations->size(); ++i) {
      const std::string path = "relations[" + std::to_string(i) + "]";
      const auto& v = (*cmd.relations)[i];
      if (!v) {
        fe.Add(path, errc::wrong_type);
        continue;
      }
      const std::string& rname = v->name;
      const std::string& rid = v->id_number;
      const std::string& rel = v->relation;
      if (rid.empty() || CheckResidentId(rid))
        fe.Add(path + ".id_number", rid.empty() ? errc::required : errc::invalid_resident_id);
      if (rname.empty()) fe.Add(path + ".name", errc::required);
      e.relations.push_back(json::object{{"name", rname}, {"id_number", rid}, {"relation", rel}});
    }
  }
  std::optional<Expert> old;
  if (id) {
    old = LoadExpert(s, *id);
    if (!old) return MakeError(errc::not_found);
    // The list shows identity numbers masked: left out of an update, they and the relations stay as stored.
    if (!cmd.id_number) e.id_number = old->id_number;
    if (!cmd.relations && !cmd.relations_unreadable) e.relations = old->relations;
  }
  std::optional<int64_t> user_id;
  if (!e.login.empty()) {
    auto u = storage::FindUserByLogin(s, e.login);
    if (!u || u->role != "expert") {
      fe.Add("login", errc::unknown_code);
    } else {
      user_id = u->id;
      if (storage::ExpertsRepo(s).CountWithUser(u->id, id.value_or(0)) > 0) fe.Add("login", errc::duplicate);
    }
  }
  // One expert per person: a second record would let a draw pick the same person twice.
  if (!e.id_number.empty() && storage::ExpertsRepo(s).CountWithIdNumber(e.id_number, id.value_or(0)) > 0)
    fe.Add("id_number", errc::expert_exists);
  if (!fe.empty()) return fe.ToError();
  const long long now = UnixSeconds(env_.clock.Now());
  json::array families;
  for (const auto& f : e.families) families.emplace_back(f);
  const storage::ExpertRecord record{.user_id = user_id,
                                     .name = e.name,
                                     .id_number = e.id_number,
                                     .families = ToJsonText(families),
                                     .title = e.title,
                                     .unit_name = e.unit_name,
                                     .unit_credit_code = e.unit_credit_code,
                                     .term_start = e.term_start,
                                     .term_end = e.term_end,
                                     .relations = ToJsonText(e.relations),
                                     .active = e.active};
  storage::ExpertsRepo experts(s);
  int64_t expert_id = id.value_or(0);
  if (id)
    experts.Update(*id, record);
  else
    expert_id = experts.Insert(record, now);
  Audit(s, actor, now, id ? "expert.update" : "expert.create", "expert", std::to_string(expert_id), e.name);
  return ExpertView(c, *LoadExpert(s, expert_id), ShanghaiDate(env_.clock.Now()));
}

// ---- Committees ----

namespace {
views::Committee CommitteeView(Session& s, const campaign::Committee& m) {
  views::Committee out{.code = m.code,
                       .name = m.name,
                       .levels = m.levels,
                       .regions = m.regions,
                       .expert_titles = m.expert_titles,
                       .members = {},
                       .member_count = 0};
  for (const auto& r : storage::ExpertsRepo(s).CommitteeMembers(m.code))
    out.members.push_back({.expert_id = r.expert_id,
                           .name = r.name,
                           .position = r.position,
                           .unit_name = r.unit_name,
                           .term_start = r.term_start,
                           .term_end = r.term_end});
  out.member_count = static_cast<int64_t>(out.members.size());
  return out;
}
}  // namespace

Result<views::CommitteeList> Review::Committees(const Principal&) {
  Session s(env_.db);
  const auto& c = campaigns_.back();
  views::CommitteeList out{};
  for (const auto& m : c.committees) out.items.push_back(CommitteeView(s, m));
  out.total = static_cast<int64_t>(out.items.size());
  return out;
}

Result<views::Committee> Review::SetMembers(const Actor& actor, const std::string& code,
                                            const SetMembersCommand& cmd) {
  const auto& c = campaigns_.back();
  const auto* committee = c.FindCommittee(code);
  if (!committee) return MakeError(errc::committee_not_found);
  FieldErrors fe = cmd.unreadable;
  if (!cmd.members) {
    fe.Add("members", errc::required);
    return fe.ToError();
  }
  using Member = SetMembersCommand::Member;
  std::vector<Member> members;
  Session s(env_.db);
  storage::WriteTx tx(s);
  std::set<int64_t> seen;
  int chairs = 0, vices = 0;
  for (size_t i = 0; i < cmd.members->size(); ++i) {
    const std::string path = "members[" + std::to_string(i) + "]";
    const auto& v = (*cmd.members)[i];
    if (!v) {
      fe.Add(path, errc::wrong_type);
      continue;
    }
    Member m = *v;
    if (m.position != "chair" && m.position != "vice_chair" && m.position != "member")
      fe.Add(path + ".position", errc::unknown_code);
    chairs += m.position == "chair";
    vices += m.position == "vice_chair";
    CheckTerm(m.term_start, m.term_end, c.review.max_term_years, fe, path + ".");
    auto e = LoadExpert(s, m.expert_id);
    if (!e || !e->active) {
      fe.Add(path + ".expert_id", errc::expert_not_found);
    } else if (std::find(committee->expert_titles.begin(), committee->expert_titles.end(), e->title) ==
               committee->expert_titles.end()) {
      fe.Add(path + ".expert_id", errc::expert_title_too_low);
    }
    if (!seen.insert(m.expert_id).second) fe.Add(path + ".expert_id", errc::duplicate);
    members.push_back(std::move(m));
  }
  if (!fe.empty()) return fe.ToError();
  if (members.size() % 2 == 0) return MakeError(errc::members_even);
  if (chairs != 1 || vices < 1) return MakeError(errc::chair_required);
  if (storage::MeetingsRepo(s).CountForCommitteeNotIn(
          code, std::string(kMeetingLifecycle.Code(MeetingState::kClosed))) > 0)
    return MakeError(errc::meeting_in_progress);
  std::vector<storage::NewCommitteeMember> rows;
  rows.reserve(members.size());
  for (const auto& m : members)
    rows.push_back({.expert_id = m.expert_id,
                    .position = m.position,
                    .term_start = m.term_start,
                    .term_end = m.term_end});
  storage::ExpertsRepo(s).ReplaceCommitteeMembers(code, rows);
  const long long now = UnixSeconds(env_.clock.Now());
  Audit(s, actor, now, "committee.members", "committee", code, std::to_string(members.size()) + " 名委员");
  tx.Commit();
  return CommitteeView(s, *committee);
}

// ---- Groups ----

namespace {

views::ReviewGroup GroupOf(Session& s, const campaign::Campaign& c, const GroupRow& g) {
  const auto seats = Seats(s, g.id);
  const auto* fam = c.FindFamily(g.family);
  views::ReviewGroup out{.id = g.id,
                         .name = g.name,
                         .family = g.family,
                         .family_name = fam ? fam->name : g.family,
                         .committee_code = g.committee_code,
                         .size = g.size};
  std::set<int64_t> confirmed;
  for (const auto& st : seats) {
    auto e = LoadExpert(s, st.expert_id);
    if (st.state == InvitationState::kConfirmed) confirmed.insert(st.expert_id);
    out.experts.push_back({.expert_id = st.expert_id,
                           .name = e ? e->name : "",
                           .unit_name = e ? e->unit_name : "",
                           .status = st.status,
                           .reason = st.reason,
                           .draw_id = st.draw_id});
  }
  const bool full = static_cast<int>(confirmed.size()) == g.size;
  out.status = std::string(kGroupLifecycle.Code(full ? GroupState::kReviewing : GroupState::kDrawing));
  for (int64_t app_id : GroupApps(s, g.id)) {
    auto a = LoadApp(s, app_id);
    if (!a) continue;
    const AppSummary brief = AppBrief(s, c, *a);
    views::ReviewGroupApplication o{.id = a->id,
                                    .number = a->number,
                                    .name = brief.name,
                                    .unit_name = brief.unit_name,
                                    .level = a->level,
                                    .level_name = brief.level_name,
                                    .specialty = a->specialty,
                                    .specialty_name = brief.specialty_name,
                                    .family = brief.family,
                                    .state = brief.state};
    std::set<int64_t> reviewed;
    for (const auto& r : storage::GroupsRepo(s).ReviewsOf(g.id, app_id)) {
      reviewed.insert(r.expert_id);
      o.reviews.push_back({.expert_id = r.expert_id,
                           .expert_name = r.expert_name,
                           .recommendation = r.recommendation,
                           .conformity = r.conformity,
                           .comments = r.comments,
                           .at = TimeText(r.at)});
    }
    bool complete = full;
    for (auto id : confirmed) complete = complete && reviewed.count(id);
    o.review_complete = complete;
    out.applications.push_back(std::move(o));
  }
  for (const auto& d : storage::GroupsRepo(s).DrawsOf(g.id)) out.draws.push_back(DrawOf(s, d));
  return out;
}

}  // namespace

Result<views::ReviewGroup> Review::CreateGroup(const Actor& actor,
                                               const views::ReviewGroupsPostRequest& req) {
  const auto& c = campaigns_.back();
  const std::string& name = req.name;
  const std::string& family = req.family;
  const int64_t size = req.size.value_or(c.review.group_size);
  const std::vector<int64_t>& ids = req.application_ids;
  FieldErrors fe;
  Session s(env_.db);
  storage::WriteTx tx(s);
  std::string committee_code;
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string path = "application_ids[" + std::to_string(i) + "]";
    auto a = LoadApp(s, ids[i], true);
    if (!a || !workflow::CanSee(actor.principal, *a)) {
      fe.Add(path, errc::not_found);
      continue;
    }
    if (a->state != State::kAccepted) {
      fe.Add(path, errc::application_not_accepted, a->number);
      continue;
    }
    if (auto ready = PreReview::ReadyForGroup(s, c, a->id, ShanghaiDate(env_.clock.Now())); !ready.ok())
      fe.Add(path, ready.error().code, a->number);
    const auto* sp = c.FindSpecialty(a->specialty);
    if (!sp || sp->family != family) fe.Add(path, errc::family_mismatch, a->number);
    if (storage::GroupsRepo(s).CountGroupsOf(a->id) > 0) fe.Add(path, errc::already_grouped, a->number);
    if (const auto* m = c.CommitteeFor(a->level, a->region_code)) committee_code = m->code;
  }
  if (!fe.empty()) return fe.ToError();
  const long long now = UnixSeconds(env_.clock.Now());
  storage::GroupsRepo groups(s);
  const int64_t gid = groups.Insert({.campaign_id = c.id,
                                     .committee_code = committee_code,
                                     .family = family,
                                     .name = name,
                                     .size = static_cast<int>(size),
                                     .created_by = actor.principal.user_id,
                                     .created_at = now});
  for (auto id : ids) groups.AddApplication(gid, id);
  Audit(s, actor, now, "group.create", "review_group", std::to_string(gid),
        name + "（" + std::to_string(ids.size()) + " 件）");
  tx.Commit();
  return GroupOf(s, c, *LoadGroup(s, gid));
}

Result<views::ReviewGroupPage> Review::Groups(const Principal&, const storage::PageRequest& page) {
  Session s(env_.db);
  const auto& c = campaigns_.back();
  const auto ids = storage::GroupsRepo(s).List(page);
  views::ReviewGroupPage out{};
  for (auto id : ids.ids) out.items.push_back(GroupOf(s, c, *LoadGroup(s, id)));
  out.total = ids.total;
  out.page_size = page.size;
  out.next_cursor = NextCursor(ids.next);
  return out;
}

Result<views::ReviewGroup> Review::Group(const Principal&, int64_t id) {
  Session s(env_.db);
  auto g = LoadGroup(s, id);
  if (!g) return MakeError(errc::not_found);
  return GroupOf(s, CampaignById(campaigns_, g->campaign_id), *g);
}

namespace {

struct DrawOutcome {
  std::optional<int64_t> draw_id;  // none when nothing could be drawn
  std::vector<int64_t> picked;
  int places = 0;
  size_t candidates = 0;
};

// Draws `places` experts for the group inside the caller's transaction and invites them. With too few
// candidates nothing is written and draw_id is empty.
DrawOutcome DrawInTx(Session& s, const campaign::Campaign& c, const GroupRow& g, int places,
                     const std::string& seed, const std::string& reason, const Actor& actor, int64_t now,
                     const Date& today) {
  DrawOutcome out;
  out.places = places;
  const auto* committee = c.FindCommittee(g.committee_code);
  std::vector<Party> parties;
  for (int64_t app_id : GroupApps(s, g.id))
    if (auto a = LoadApp(s, app_id)) parties.push_back(PartyOf(s, *a));
  std::set<int64_t> in_group;
  for (const auto& st : Seats(s, g.id)) in_group.insert(st.expert_id);
  std::vector<int64_t> candidates;
  json::array excluded;
  for (const auto& e : LoadExperts(s)) {
    std::vector<std::string> why;
    if (!e.active) why.emplace_back("inactive");
    if (!InTerm(e, today)) why.emplace_back("term");
    if (!committee || std::find(committee->expert_titles.begin(), committee->expert_titles.end(), e.title) ==
                          committee->expert_titles.end())
      why.emplace_back("title");
    if (std::find(e.families.begin(), e.families.end(), g.family) == e.families.end())
      why.emplace_back("family");
    if (in_group.count(e.id)) why.emplace_back("in_group");
    for (const auto& party : parties)
      for (auto& code : Conflicts(e, party))
        if (std::find(why.begin(), why.end(), code) == why.end()) why.push_back(code);
    if (why.empty()) {
      candidates.push_back(e.id);
    } else {
      json::array reasons;
      for (auto& w : why) reasons.emplace_back(w);
      excluded.push_back(
          json::object{{"expert_id", e.id}, {"name", e.name}, {"reasons", std::move(reasons)}});
    }
  }
  out.candidates = candidates.size();
  if (places <= 0 || static_cast<int>(candidates.size()) < places) return out;
  out.picked = DrawPick(seed, candidates, places);
  storage::GroupsRepo groups(s);
  const int64_t draw_id = groups.InsertDraw({.id = 0,
                                             .group_id = g.id,
                                             .seed = seed,
                                             .places = places,
                                             .candidates = ToJsonText(IdsJson(candidates)),
                                             .excluded = ToJsonText(excluded),
                                             .picked = ToJsonText(IdsJson(out.picked)),
                                             .reason = reason,
                                             .created_by = actor.principal.user_id,
                                             .created_at = now});
  out.draw_id = draw_id;
  const std::string invited = kInvitationLifecycle.Start("draw");
  for (auto eid : out.picked) {
    groups.InsertSeat(g.id, eid, draw_id, invited);
    if (auto ex = LoadExpert(s, eid))
      storage::NotifyStep(s, kInvitationLifecycle.Find(std::nullopt, "draw")->notify, {.expert = ex->user_id},
                          {"review.invited", std::nullopt,
                           "您被抽取为“" + g.name + "”评议组专家，请在“我的评审任务”中确认是否参加",
                           "You were drawn for the review group \"" + g.name + "\"; please confirm"},
                          now);
  }
  Audit(s, actor, now, "group.draw", "review_group", std::to_string(g.id),
        "seed " + seed + "，候选 " + std::to_string(candidates.size()) + " 人，抽取 " +
            ToJsonText(IdsJson(out.picked)));
  return out;
}

// Redraws one place after a decline or withdrawal; when nobody is left, the office hears of it.
void Redraw(Session& s, const campaign::Campaign& c, const GroupRow& g, const std::string& reason,
            const Actor& actor, int64_t now, const Date& today) {
  const int places = OpenPlaces(g, Seats(s, g.id));
  if (places == 0) return;
  auto out = DrawInTx(s, c, g, places, RandomHex(16), reason, actor, now, today);
  if (!out.draw_id)
    storage::Notify(s, storage::Audience::Role("committee_office"),
                    {"review.draw_short", std::nullopt,
                     "评议组“" + g.name + "”有专家谢绝或回避，符合条件的专家已不足，空缺待补",
                     "Review group \"" + g.name + "\" has an open place and no candidate is left"},
                    now);
}

}  // namespace

Result<views::DrawOutcome> Review::Draw(const Actor& actor, int64_t group_id, const std::string& seed_in) {
  std::string seed = seed_in;
  if (!seed.empty() && (seed.size() != 32 || !IsHex(seed))) {
    FieldErrors fe;
    fe.Add("seed", errc::invalid_seed, "32 hex characters");
    return fe.ToError();
  }
  std::transform(seed.begin(), seed.end(), seed.begin(), [](char ch) { return std::tolower(ch); });
  if (seed.empty()) seed = RandomHex(16);
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::GroupsRepo(s).LockForUpdate(group_id);
  auto g = LoadGroup(s, group_id);
  if (!g) return MakeError(errc::not_found);
  const auto& c = CampaignById(campaigns_, g->campaign_id);
  const int places = OpenPlaces(*g, Seats(s, g->id));
  if (places == 0) return MakeError(errc::group_full);
  const TimePoint now = env_.clock.Now();
  auto out = DrawInTx(s, c, *g, places, seed, "initial", actor, UnixSeconds(now), ShanghaiDate(now));
  if (!out.draw_id) {
    Error e = MakeError(errc::draw_unsatisfiable);
    e.fields.push_back(
        {"places", errc::draw_unsatisfiable,
         "需 " + std::to_string(places) + " 人，符合条件 " + std::to_string(out.candidates) + " 人"});
    return e;
  }
  tx.Commit();
  views::DrawOutcome result{};
  if (auto d = storage::GroupsRepo(s).FindDraw(*out.draw_id)) result.draw = DrawOf(s, *d);
  result.group = GroupOf(s, c, *g);
  return result;
}

Result<views::Draw> Review::GetDraw(const Principal&, int64_t id) {
  Session s(env_.db);
  auto draw = storage::GroupsRepo(s).FindDraw(id);
  if (!draw) return MakeError(errc::not_found);
  return DrawOf(s, *draw);
}

Result<views::DrawReplay> Review::Replay(const Principal& p, int64_t id) {
  auto d = GetDraw(p, id);
  if (!d.ok()) return d.error();
  const auto& picked = d.value().picked;
  const auto replayed = DrawPick(d.value().seed, d.value().candidates, static_cast<int>(d.value().places));
  return views::DrawReplay{
      .draw_id = id, .picked = picked, .replayed = replayed, .matches = picked == replayed};
}

// ---- Experts at work ----

Result<views::ExpertAssignments> Review::Assignments(const Principal& p) {
  Session s(env_.db);
  auto me = ExpertOf(s, p);
  views::ExpertAssignments out;
  if (me) {
    for (const auto& seat : storage::GroupsRepo(s).SeatsOf(me->id)) {
      const int64_t gid = seat.group_id;
      const std::string& status = seat.status;
      auto g = LoadGroup(s, gid);
      if (!g) continue;
      const auto& c = CampaignById(campaigns_, g->campaign_id);
      const auto* fam = c.FindFamily(g->family);
      views::ExpertAssignmentGroup group{
          .group_id = gid, .name = g->name, .family_name = fam ? fam->name : g->family, .status = status};
      if (kInvitationLifecycle.Parse(status) == InvitationState::kConfirmed) {
        for (int64_t app_id : GroupApps(s, gid)) {
          auto a = LoadApp(s, app_id);
          if (!a) continue;
          const AppSummary brief = AppBrief(s, c, *a);
          views::ExpertAssignmentGroupApplication o{.id = a->id,
                                                    .number = a->number,
                                                    .name = brief.name,
                                                    .level_name = brief.level_name,
                                                    .specialty_name = brief.specialty_name,
                                                    .unit_name = brief.unit_name};
          if (auto r = storage::GroupsRepo(s).FindReview(app_id, me->id))
            o.my_review = views::ExpertApplicationMyReview{
                .recommendation = r->recommendation, .conformity = r->conformity, .comments = r->comments};
          group.applications.push_back(std::move(o));
        }
      }
      out.groups.push_back(std::move(group));
    }
    storage::MeetingsRepo meetings(s);
    for (const auto& m : meetings.MeetingsOf(me->id))
      out.meetings.push_back({.id = m.id,
                              .title = m.title,
                              .held_on = m.held_on,
                              .status = m.status,
                              .present = m.present,
                              .voted = false});
    for (auto& m : out.meetings) m.voted = meetings.HasVoted(m.id, me->id);
  }
  return out;
}

Result<views::ExpertAssignments> Review::Respond(const Actor& actor, int64_t group_id, bool accept,
                                                 const std::string& reason) {
  if (!accept && reason.empty()) {
    FieldErrors fe;
    fe.Add("reason", errc::required);
    return fe.ToError();
  }
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    storage::GroupsRepo groups(s);
    groups.LockForUpdate(group_id);
    auto me = ExpertOf(s, actor.principal);
    auto g = LoadGroup(s, group_id);
    if (!me || !g) return MakeError(errc::not_found);
    const std::string status = groups.SeatStatus(group_id, me->id).value_or("");
    const auto from = kInvitationLifecycle.Parse(status);
    if (!from) return MakeError(errc::not_found);
    const std::string_view action = accept ? "accept" : "decline";
    if (auto refusal = kInvitationLifecycle.Refuse(*from, action)) return MakeError(*refusal);
    const TimePoint now = env_.clock.Now();
    const int64_t at = UnixSeconds(now);
    const std::string to(kInvitationLifecycle.Code(kInvitationLifecycle.Next(*from, action)));
    groups.SetSeatStatus(group_id, me->id, to, reason, at);
    storage::NotifyStep(
        s, kInvitationLifecycle.Find(*from, action)->notify, {},
        {accept ? "review.invitation_accepted" : "review.invitation_declined", std::nullopt,
         accept ? "专家" + me->name + "已确认参加评议组“" + g->name + "”"
                : "专家" + me->name + "谢绝参加评议组“" + g->name + "”：" + reason + "；系统将从专家库补抽",
         accept
             ? "Expert " + me->name + " accepted a place in the review group \"" + g->name + "\""
             : "Expert " + me->name + " declined a place in the review group \"" + g->name + "\": " + reason},
        at);
    Audit(s, actor, at, accept ? "group.confirm" : "group.decline", "review_group", std::to_string(group_id),
          me->name + (reason.empty() ? "" : "：" + reason));
    if (!accept)
      Redraw(s, CampaignById(campaigns_, g->campaign_id), *g, "declined", actor, at, ShanghaiDate(now));
    tx.Commit();
  }
  return Assignments(actor.principal);
}

namespace {

// Removes contact details (mobile, phone, e-mail, address) from an expert's copy of the snapshot.
void StripContacts(json::value& v) {
  if (v.is_object()) {
    auto& o = v.as_object();
    for (const char* key : {"mobile", "phone", "email", "contact", "address"}) o.erase(key);
    for (auto& kv : o) StripContacts(kv.value());
  } else if (v.is_array()) {
    for (auto& x : v.as_array()) StripContacts(x);
  }
}

// The group of an application in which this expert has confirmed; none when they have not.
std::optional<int64_t> ConfirmedGroup(Session& s, int64_t expert_id, int64_t app_id) {
  return storage::GroupsRepo(s).GroupWithSeat(
      expert_id, app_id, std::string(kInvitationLifecycle.Code(InvitationState::kConfirmed)));
}

}  // namespace

Result<views::ExpertApplication> Review::ExpertApplication(const Principal& p, int64_t app_id) {
  Session s(env_.db);
  auto me = ExpertOf(s, p);
  if (!me) return MakeError(errc::not_found);
  auto gid = ConfirmedGroup(s, me->id, app_id);
  auto a = LoadApp(s, app_id);
  if (!gid || !a) return MakeError(errc::not_found);
  const auto& c = CampaignById(campaigns_, a->campaign_id);
  const AppSummary brief = AppBrief(s, c, *a);
  views::ExpertApplication out{.id = a->id,
                               .number = a->number,
                               .name = brief.name,
                               .level_name = brief.level_name,
                               .specialty_name = brief.specialty_name,
                               .group_id = *gid,
                               .locked = ReviewLocked(s, app_id),
                               .snapshot = {},
                               .snapshot_version = a->snapshot_version,
                               .snapshot_sha256 = {},
                               .my_review = {}};
  if (auto snap = storage::ApplicationsRepo(s).Snapshot(a->id, a->snapshot_version)) {
    boost::system::error_code ec;
    // Read once and dropped with the answer: one arena instead of a heap block per member.
    json::value snapshot =
        json::parse(snap->data, ec, json::make_shared_resource<json::monotonic_resource>());
    StripContacts(snapshot);
    // The server's own document: members it lacks (older snapshots) stay empty, others are left out.
    if (!ec) (void)contract::FromJson(snapshot, out.snapshot, /*strict=*/false);
    // Need to know: an expert judges the work, not the person's papers. No digit of the identity number, and
    // the personal slots (identity card, bank and tax records) are listed without their files, which the
    // file route refuses them too (workflow::SnapshotNamesFileForReviewers).
    out.snapshot.applicant.id_number_masked.clear();
    for (auto& slot : out.snapshot.slots) {
      for (const auto& e : c.evidence_slots)
        if (e.personal && e.code == slot.code) slot.files.clear();
    }
    out.snapshot_sha256 = snap->sha256;
  }
  if (auto r = storage::GroupsRepo(s).FindReview(app_id, me->id))
    out.my_review = views::ExpertApplicationMyReview{.recommendation = r->recommendation,
                                                     .conformity = r->conformity,
                                                     .comments = r->comments,
                                                     .at = TimeOrNull(r->at)};
  return out;
}

Result<views::ExpertApplication> Review::SaveReview(const Actor& actor, int64_t app_id,
                                                    const std::string& recommendation,
                                                    const std::string& conformity,
                                                    const std::string& comments) {
  FieldErrors fe;
  if (recommendation != "key" && recommendation != "general" && recommendation != "not")
    fe.Add("recommendation", recommendation.empty() ? errc::required : errc::unknown_code);
  if (conformity != "conforms" && conformity != "basically" && conformity != "not")
    fe.Add("conformity", conformity.empty() ? errc::required : errc::unknown_code);
  CheckLength(fe, "comments", comments);
  if (!fe.empty()) return fe.ToError();
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    auto me = ExpertOf(s, actor.principal);
    if (!me) return MakeError(errc::not_found);
    auto gid = ConfirmedGroup(s, me->id, app_id);
    if (!gid) return MakeError(errc::not_found);
    if (ReviewLocked(s, app_id)) return MakeError(errc::review_locked);
    const int64_t at = UnixSeconds(env_.clock.Now());
    storage::GroupsRepo(s).ReplaceReview(*gid, app_id, me->id, recommendation, conformity, comments, at);
    Audit(s, actor, at, "review.opinion", "application", std::to_string(app_id),
          recommendation + "/" + conformity);
    tx.Commit();
  }
  return ExpertApplication(actor.principal, app_id);
}

Result<views::ExpertAssignments> Review::Withdraw(const Actor& actor, int64_t app_id,
                                                  const std::string& reason) {
  if (reason.empty()) {
    FieldErrors fe;
    fe.Add("reason", errc::required);
    return fe.ToError();
  }
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    auto me = ExpertOf(s, actor.principal);
    if (!me) return MakeError(errc::not_found);
    auto gid = ConfirmedGroup(s, me->id, app_id);
    auto a = LoadApp(s, app_id);
    if (!gid || !a) return MakeError(errc::not_found);
    if (ReviewLocked(s, app_id)) return MakeError(errc::review_locked);
    storage::GroupsRepo groups(s);
    groups.LockForUpdate(*gid);
    auto g = LoadGroup(s, *gid);
    const TimePoint now = env_.clock.Now();
    const int64_t at = UnixSeconds(now);
    // ConfirmedGroup found the seat confirmed, the one state the table lets an expert withdraw from.
    const std::string withdrawn(
        kInvitationLifecycle.Code(kInvitationLifecycle.Next(InvitationState::kConfirmed, "withdraw")));
    groups.SetSeatStatus(*gid, me->id, withdrawn, reason, at);
    groups.DeleteReviewsOf(*gid, me->id);
    storage::NotifyStep(
        s, kInvitationLifecycle.Find(InvitationState::kConfirmed, "withdraw")->notify, {},
        {"review.invitation_withdrawn", app_id,
         "专家" + me->name + "申请回避评议组“" + g->name + "”的评审对象 " + a->number + "：" + reason,
         "Expert " + me->name + " withdrew from " + a->number + " in the review group \"" + g->name +
             "\": " + reason},
        at);
    // The relation the expert declared joins their record, so later draws avoid it too.
    const Party party = PartyOf(s, *a);
    json::array relations = me->relations;
    relations.push_back(json::object{{"name", party.applicant_name},
                                     {"id_number", party.applicant_id_number},
                                     {"relation", "回避：" + reason}});
    storage::ExpertsRepo(s).SetRelations(me->id, ToJsonText(relations));
    Audit(s, actor, at, "group.withdraw", "application", std::to_string(app_id),
          me->name + " 回避：" + reason);
    Redraw(s, CampaignById(campaigns_, g->campaign_id), *g, "withdrawn", actor, at, ShanghaiDate(now));
    tx.Commit();
  }
  return Assignments(actor.principal);
}

}  // namespace zc::review
