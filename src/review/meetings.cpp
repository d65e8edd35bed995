// The committee meeting: candidates, attendance, quorum, the secret ballot, the tally, sealed minutes.
#include <algorithm>
#include <map>
#include <set>

#include "base/crypto.hpp"
#include "base/json_fields.hpp"
#include "review/internal.hpp"
#include "review/lifecycles.hpp"
#include "storage/experts_repo.hpp"
#include "storage/groups_repo.hpp"
#include "storage/meetings_repo.hpp"

namespace zc::review {

using namespace detail;
using accounts::Role;
using workflow::Action;
using workflow::NextCursor;
using workflow::State;
using workflow::TimeOrNull;

namespace {

struct MeetingRow {
  int64_t id = 0;
  std::string campaign_id, committee_code, title, held_on, minutes, seal;
  MeetingState state = MeetingState::kPlanned;
  int member_count = 0, present_count = 0;
  int64_t closed_at = 0;
};

std::optional<MeetingRow> LoadMeeting(Session& s, int64_t id) {
  auto r = storage::MeetingsRepo(s).Find(id);
  if (!r) return std::nullopt;
  // A status the table does not know reads as no meeting.
  const auto state = kMeetingLifecycle.Parse(r->status);
  if (!state) return std::nullopt;
  return MeetingRow{r->id,           r->campaign_id,   r->committee_code, r->title,
                    r->held_on,      r->minutes,       r->seal_sha256,    *state,
                    r->member_count, r->present_count, r->closed_at};
}

using MemberRow = storage::MeetingMemberRow;
std::vector<MemberRow> MeetingMembers(Session& s, int64_t meeting_id) {
  return storage::MeetingsRepo(s).Members(meeting_id);
}

using CandidateRow = storage::MeetingCandidateRow;
std::vector<CandidateRow> Candidates(Session& s, int64_t meeting_id) {
  return storage::MeetingsRepo(s).Candidates(meeting_id);
}

// Counts of the group's opinions on an application.
views::MeetingCandidateGroupSummary GroupSummary(Session& s, int64_t app_id) {
  views::MeetingCandidateGroupSummary g{};
  for (const auto& r : storage::GroupsRepo(s).ReviewsOn(app_id)) {
    const std::string& rec = r.recommendation;
    const std::string& conf = r.conformity;
    if (rec == "key") ++g.key;
    if (rec == "general") ++g.general;
    if (rec == "not") ++g.not_;
    if (conf == "conforms") ++g.conforms;
    if (conf == "basically") ++g.basically;
    if (conf == "not") ++g.not_conform;
  }
  return g;
}

bool Voted(Session& s, int64_t meeting_id, int64_t expert_id) {
  return storage::MeetingsRepo(s).HasVoted(meeting_id, expert_id);
}

// Who must not vote on which candidate (回避). Before voting opens: computed for every member from the
// pool's records; from then on: as fixed for the members present when voting opened.
struct Recusal {
  int64_t application_id = 0, expert_id = 0;
  std::string name;
  std::vector<std::string> reasons;
};
std::vector<Recusal> LiveRecusals(Session& s, const std::vector<MemberRow>& members,
                                  const std::vector<CandidateRow>& cands, bool present_only) {
  std::vector<std::pair<int64_t, Party>> parties;
  for (const auto& cand : cands)
    if (auto a = LoadApp(s, cand.application_id)) parties.emplace_back(a->id, PartyOf(s, *a));
  std::vector<Recusal> out;
  for (const auto& mm : members) {
    if (present_only && !mm.present) continue;
    auto e = LoadExpert(s, mm.expert_id);
    if (!e) continue;
    for (const auto& [app_id, party] : parties)
      if (auto why = Conflicts(*e, party); !why.empty()) out.push_back({app_id, mm.expert_id, mm.name, why});
  }
  return out;
}
std::vector<Recusal> StoredRecusals(Session& s, int64_t meeting_id) {
  const auto rows = storage::MeetingsRepo(s).Recusals(meeting_id);
  std::vector<Recusal> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    Recusal x{r.application_id, r.expert_id, r.name, {}};
    const std::string& reasons = r.reasons;
    for (size_t pos = 0; pos < reasons.size();) {
      size_t comma = reasons.find(',', pos);
      if (comma == std::string::npos) comma = reasons.size();
      x.reasons.push_back(reasons.substr(pos, comma - pos));
      pos = comma + 1;
    }
    out.push_back(std::move(x));
  }
  return out;
}
int RecusedCount(const std::vector<Recusal>& all, int64_t app_id) {
  return static_cast<int>(
      std::count_if(all.begin(), all.end(), [&](const Recusal& r) { return r.application_id == app_id; }));
}
// Yes votes a candidate needs: 2/3 of the members present who may vote on it, and at least one.
int PassNeeded(const campaign::Campaign& c, int present, int recused) {
  return std::max(1, AtLeast(present - recused, c.review.pass_num, c.review.pass_den));
}
const char* ReasonZh(const std::string& code) {
  return code == "same_unit"           ? "同单位"
         : code == "declared_relation" ? "申报回避关系"
         : code == "own_application"   ? "本人申报"
                                       : "利害关系";
}

const char* PositionZh(const std::string& p) {
  return p == "chair" ? "主任委员" : p == "vice_chair" ? "副主任委员" : "委员";
}

std::string MinutesText(Session& s, const campaign::Campaign& c, const MeetingRow& m,
                        const std::vector<MemberRow>& members, const std::vector<CandidateRow>& cands,
                        const std::vector<Recusal>& recusals, int pass_needed, int64_t closed_at) {
  const auto* committee = c.FindCommittee(m.committee_code);
  std::string t;
  t += (committee ? committee->name : m.committee_code) + "\n评审会议纪要\n\n";
  t += "会议：" + m.title + "\n";
  t += "日期：" + m.held_on + "\n";
  t += "依据：" + c.review.clause + "\n";
  int present = 0;
  std::string chair, attended, absent;
  for (const auto& mm : members) {
    const std::string who = mm.name + "（" + PositionZh(mm.position) + "）";
    if (mm.present) {
      ++present;
      attended += (attended.empty() ? "" : "、") + who;
      if (chair.empty() && mm.position != "member") chair = who;
    } else {
      absent += (absent.empty() ? "" : "、") + who;
    }
  }
  t += "委员总数：" + std::to_string(m.member_count) + " 人；出席：" + std::to_string(present) +
       " 人；法定人数：" + std::to_string(AtLeast(m.member_count, c.review.quorum_num, c.review.quorum_den)) +
       " 人\n";
  t += "主持：" + chair + "\n";
  t += "出席委员：" + attended + "\n";
  t += "缺席委员：" + (absent.empty() ? std::string("无") : absent) + "\n";
  t += "表决方式：无记名投票；通过须赞成票不少于出席委员的" + std::to_string(c.review.pass_num) + "/" +
       std::to_string(c.review.pass_den) + "，即 " + std::to_string(pass_needed) +
       " 票（对某一评审对象有委员回避的，按出席且未回避的委员计算）\n\n";
  t += "评审对象、评议组意见与表决结果：\n";
  int n = 0;
  for (const auto& cand : cands) {
    auto a = LoadApp(s, cand.application_id);
    if (!a) continue;
    const AppSummary brief = AppBrief(s, c, *a);
    const auto g = GroupSummary(s, cand.application_id);
    auto num = [](int64_t v) { return std::to_string(v); };
    t += std::to_string(++n) + ". " + a->number + " " + brief.name + "，" + brief.unit_name + "，" +
         brief.level_name + "，" + brief.specialty_name + "\n";
    t += "   评议组意见：重点推荐 " + num(g.key) + "，一般推荐 " + num(g.general) + "，不推荐 " +
         num(g.not_) + "；符合 " + num(g.conforms) + "，基本符合 " + num(g.basically) + "，不符合 " +
         num(g.not_conform) + "\n";
    const int recused = RecusedCount(recusals, cand.application_id);
    if (recused > 0) {
      std::string who;
      for (const auto& r : recusals) {
        if (r.application_id != cand.application_id) continue;
        std::string why;
        for (const auto& code : r.reasons) why += (why.empty() ? "" : "、") + std::string(ReasonZh(code));
        who += (who.empty() ? "" : "、") + r.name + "（" + why + "）";
      }
      t += "   回避：" + who + "；须赞成 " + std::to_string(PassNeeded(c, present, recused)) + " 票\n";
    }
    t += "   表决：赞成 " + std::to_string(cand.yes) + "，反对 " + std::to_string(cand.no) + "，弃权 " +
         std::to_string(cand.abstain) + "，未投 " +
         std::to_string(present - recused - cand.yes - cand.no - cand.abstain) + "；结果：" +
         (cand.passed ? "通过" : "未通过") + "\n";
  }
  t += "\n表决结束：" + FormatShanghai(FromUnixSeconds(closed_at)) + "\n";
  return t;
}

}  // namespace

Result<views::Meeting> Review::CreateMeeting(const Actor& actor, const views::MeetingsPostRequest& req) {
  const auto& c = campaigns_.back();
  const std::string& code = req.committee_code;
  const std::string& title = req.title;
  const std::string& held_on = req.held_on;
  const std::vector<int64_t>& ids = req.application_ids;
  FieldErrors fe;
  int64_t mid = 0;
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    if (storage::ExpertsRepo(s).CountCommitteeMembers(code) == 0) return MakeError(errc::committee_empty);
    std::set<int64_t> seen;
    for (size_t i = 0; i < ids.size(); ++i) {
      const std::string path = "application_ids[" + std::to_string(i) + "]";
      auto a = LoadApp(s, ids[i], true);
      if (!a || !workflow::CanSee(actor.principal, *a)) {
        fe.Add(path, errc::not_found);
        continue;
      }
      if (!seen.insert(a->id).second) fe.Add(path, errc::duplicate);
      if (a->state != State::kAccepted) {
        fe.Add(path, errc::application_not_accepted, a->number);
        continue;
      }
      if (storage::MeetingsRepo(s).CountMeetingsOf(a->id) > 0)
        fe.Add(path, errc::already_scheduled, a->number);
      // Reviewed by every confirmed expert of a full group.
      storage::GroupsRepo groups(s);
      const auto group = groups.GroupOf(a->id);
      bool complete = false;
      if (group) {
        const std::string confirmed_code(kInvitationLifecycle.Code(InvitationState::kConfirmed));
        const int64_t confirmed = groups.CountSeatsInStatus(group->id, confirmed_code);
        const int64_t reviewed = groups.CountReviewsBySeatStatus(a->id, confirmed_code);
        complete = confirmed == group->size && reviewed == confirmed;
      }
      if (!complete) fe.Add(path, errc::group_review_incomplete, a->number);
    }
    if (!fe.empty()) return fe.ToError();
    const int64_t now = UnixSeconds(env_.clock.Now());
    storage::MeetingsRepo meetings(s);
    mid = meetings.Insert({.campaign_id = c.id,
                           .committee_code = code,
                           .title = title,
                           .held_on = held_on,
                           .status = kMeetingLifecycle.Start("create"),
                           .created_by = actor.principal.user_id,
                           .created_at = now});
    for (auto id : ids) meetings.AddCandidate(mid, id);
    Audit(s, actor, now, "meeting.create", "meeting", std::to_string(mid),
          title + "（" + std::to_string(ids.size()) + " 名评审对象）");
    tx.Commit();
  }
  return Meeting(actor.principal, mid);
}

Result<views::MeetingPage> Review::Meetings(const Principal& p, const storage::PageRequest& page) {
  Session s(env_.db);
  std::optional<int64_t> member;
  if (p.role == Role::kExpert) {
    auto me = ExpertOf(s, p);
    member = me ? me->id : -1;
  }
  storage::MeetingsRepo meetings(s);
  const auto rows = meetings.List(member, page);
  views::MeetingPage out{};
  for (const auto& r : rows.rows)
    out.items.push_back({.id = r.id,
                         .title = r.title,
                         .held_on = r.held_on,
                         .status = r.status,
                         .committee_code = r.committee_code,
                         .member_count = r.member_count,
                         .present_count = r.present_count,
                         .candidate_count = 0});
  for (auto& it : out.items) it.candidate_count = meetings.CountCandidates(it.id);
  out.total = rows.total;
  out.page_size = page.size;
  out.next_cursor = NextCursor(rows.next);
  return out;
}

Result<views::Meeting> Review::Meeting(const Principal& p, int64_t id) {
  Session s(env_.db);
  auto m = LoadMeeting(s, id);
  if (!m) return MakeError(errc::not_found);
  const auto members = MeetingMembers(s, id);
  std::optional<Expert> me;
  if (p.role == Role::kExpert) {
    me = ExpertOf(s, p);
    const bool member = me && std::any_of(members.begin(), members.end(),
                                          [&](const MemberRow& x) { return x.expert_id == me->id; });
    if (!member) return MakeError(errc::not_found);
  }
  const auto& c = CampaignById(campaigns_, m->campaign_id);
  const auto* committee = c.FindCommittee(m->committee_code);
  views::Meeting out{.id = m->id,
                     .committee_code = m->committee_code,
                     .committee_name = committee ? committee->name : m->committee_code,
                     .title = m->title,
                     .held_on = m->held_on,
                     .status = std::string(kMeetingLifecycle.Code(m->state))};
  int present = 0;
  for (const auto& x : members) {
    present += x.present ? 1 : 0;
    out.members.push_back(
        {.expert_id = x.expert_id, .name = x.name, .position = x.position, .present = x.present});
  }
  // Until voting opens, attendance and recusals are live; from then on, as fixed when it opened.
  const bool planned = m->state == MeetingState::kPlanned;
  const int member_count = planned ? static_cast<int>(members.size()) : m->member_count;
  const int present_count = planned ? present : m->present_count;
  const auto candidates = Candidates(s, id);
  const auto recusals = planned ? LiveRecusals(s, members, candidates, false) : StoredRecusals(s, id);
  for (const auto& cand : candidates) {
    auto a = LoadApp(s, cand.application_id);
    if (!a) continue;
    const AppSummary brief = AppBrief(s, c, *a);
    views::MeetingCandidate o{.id = a->id,
                              .number = a->number,
                              .name = brief.name,
                              .unit_name = brief.unit_name,
                              .level = a->level,
                              .level_name = brief.level_name,
                              .specialty = a->specialty,
                              .specialty_name = brief.specialty_name,
                              .family = brief.family,
                              .state = brief.state,
                              .application_id = a->id,
                              .group_summary = GroupSummary(s, a->id)};
    // Who withdraws from this candidate: the office sees all; a member only whether they do themselves.
    std::vector<views::DrawExclusion> rec;
    bool i_recuse = false;
    for (const auto& r : recusals) {
      if (r.application_id != a->id) continue;
      if (me && r.expert_id == me->id) i_recuse = true;
      if (me) continue;
      rec.push_back({.expert_id = r.expert_id, .name = r.name, .reasons = r.reasons});
    }
    if (me)
      o.recuse = i_recuse;
    else
      o.recusals = std::move(rec);
    if (!planned) o.pass_needed = PassNeeded(c, m->present_count, RecusedCount(recusals, a->id));
    if (cand.tallied)
      o.result = views::MeetingCandidateResult{
          .yes = cand.yes, .no = cand.no, .abstain = cand.abstain, .passed = cand.passed};
    out.candidates.push_back(std::move(o));
  }
  out.member_count = member_count;
  out.present_count = present_count;
  out.quorum_needed = AtLeast(member_count, c.review.quorum_num, c.review.quorum_den);
  if (!planned) out.pass_needed = AtLeast(present_count, c.review.pass_num, c.review.pass_den);
  out.ballots_cast = storage::MeetingsRepo(s).CountBallots(id);
  if (me) {
    out.voted = Voted(s, id, me->id);
    out.present = std::any_of(members.begin(), members.end(),
                              [&](const MemberRow& x) { return x.expert_id == me->id && x.present; });
  }
  if (!m->seal.empty()) out.seal_sha256 = m->seal;
  out.closed_at = TimeOrNull(m->closed_at);
  // The reader's actions from the table, then the guards this page can judge (HotCRP's perm_* style): the
  // same reasons the action itself would answer with.
  OfferActions(
      kMeetingLifecycle, m->state, p,
      [&](std::string_view action) -> std::optional<ErrorCode> {
        if (action == "open_voting") {
          const bool chair = std::any_of(members.begin(), members.end(), [](const MemberRow& x) {
            return x.present && x.position != "member";
          });
          if (present_count < out.quorum_needed) return ErrorCode::quorum_not_met;
          if (!chair) return ErrorCode::chair_absent;
        } else if (action == "vote" && me) {
          if (!out.present.value_or(false)) return ErrorCode::not_present;
          if (out.voted.value_or(false)) return ErrorCode::already_voted;
        }
        return std::nullopt;
      },
      out.allowed_actions, out.unavailable_actions);
  return out;
}

Result<views::Meeting> Review::SetAttendance(const Actor& actor, int64_t id,
                                             const std::vector<int64_t>& present) {
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    storage::MeetingsRepo(s).LockForUpdate(id);
    auto m = LoadMeeting(s, id);
    if (!m) return MakeError(errc::not_found);
    if (auto refusal = kMeetingLifecycle.Refuse(m->state, "set_attendance")) return MakeError(*refusal);
    const auto members = MeetingMembers(s, id);
    FieldErrors fe;
    std::set<int64_t> ids;
    for (size_t i = 0; i < present.size(); ++i) {
      const bool member = std::any_of(members.begin(), members.end(),
                                      [&](const MemberRow& x) { return x.expert_id == present[i]; });
      if (!member) fe.Add("present[" + std::to_string(i) + "]", errc::not_committee_member);
      ids.insert(present[i]);
    }
    if (!fe.empty()) return fe.ToError();
    storage::MeetingsRepo(s).SetAttendance(id, std::vector<int64_t>(ids.begin(), ids.end()));
    std::string names;
    for (const auto& x : members)
      if (ids.count(x.expert_id)) names += (names.empty() ? "" : "、") + x.name;
    Audit(s, actor, UnixSeconds(env_.clock.Now()), "meeting.attendance", "meeting", std::to_string(id),
          std::to_string(ids.size()) + " 人出席：" + names);
    tx.Commit();
  }
  return Meeting(actor.principal, id);
}

Result<views::Meeting> Review::OpenVoting(const Actor& actor, int64_t id) {
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    storage::MeetingsRepo(s).LockForUpdate(id);
    auto m = LoadMeeting(s, id);
    if (!m) return MakeError(errc::not_found);
    if (auto refusal = kMeetingLifecycle.Refuse(m->state, "open_voting")) return MakeError(*refusal);
    const auto& c = CampaignById(campaigns_, m->campaign_id);
    const auto members = MeetingMembers(s, id);
    int present = 0;
    bool chair = false;
    for (const auto& x : members) {
      present += x.present ? 1 : 0;
      chair = chair || (x.present && x.position != "member");
    }
    const int count = static_cast<int>(members.size());
    if (present < AtLeast(count, c.review.quorum_num, c.review.quorum_den)) {
      Error e = MakeError(errc::quorum_not_met);
      e.fields.push_back({"present", errc::quorum_not_met,
                          std::to_string(present) + " / " + std::to_string(count) + "，须至少 " +
                              std::to_string(AtLeast(count, c.review.quorum_num, c.review.quorum_den)) +
                              " 人"});
      return e;
    }
    if (!chair) return MakeError(errc::chair_absent);
    for (const auto& cand : Candidates(s, id)) {
      auto a = LoadApp(s, cand.application_id);
      if (!a || a->state != State::kAccepted) return MakeError(errc::application_not_accepted);
    }
    const int64_t at = UnixSeconds(env_.clock.Now());
    const std::string voting(kMeetingLifecycle.Code(kMeetingLifecycle.Next(m->state, "open_voting")));
    storage::MeetingsRepo meetings(s);
    meetings.OpenVoting(id, voting, count, present, at);
    meetings.OpenTally(id);
    // 回避: the members present who must not vote on a candidate are fixed now, and told so with the notice.
    std::map<int64_t, int> recused_of;
    for (const auto& r : LiveRecusals(s, members, Candidates(s, id), true)) {
      std::string reasons;
      for (const auto& code : r.reasons) reasons += (reasons.empty() ? "" : ",") + code;
      meetings.AddRecusal(id, r.application_id, r.expert_id, reasons);
      ++recused_of[r.expert_id];
    }
    for (const auto& x : members)
      if (x.present)
        if (auto e = LoadExpert(s, x.expert_id); e && e->user_id)
          storage::Notify(
              s, storage::Audience::User(*e->user_id),
              {"meeting.voting", std::nullopt,
               "评审会议“" + m->title + "”已开始投票" +
                   (recused_of.count(x.expert_id)
                        ? "；您须回避 " + std::to_string(recused_of[x.expert_id]) + " 名评审对象，不对其投票"
                        : ""),
               "Voting has opened in the meeting \"" + m->title + "\"" +
                   (recused_of.count(x.expert_id)
                        ? "; you withdraw from " + std::to_string(recused_of[x.expert_id]) +
                              " candidate(s) and do not vote on them"
                        : "")},
              at);
    Audit(s, actor, at, "meeting.open_voting", "meeting", std::to_string(id),
          std::to_string(present) + " / " + std::to_string(count) + " 出席");
    tx.Commit();
  }
  return Meeting(actor.principal, id);
}

Status Review::Vote(const Actor& actor, int64_t id, const std::vector<review::Vote>& votes) {
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::MeetingsRepo meetings(s);
  meetings.LockForUpdate(id);  // one ballot per member, even from two tabs at once
  auto m = LoadMeeting(s, id);
  if (!m) return MakeError(errc::not_found);
  auto me = ExpertOf(s, actor.principal);
  const auto members = MeetingMembers(s, id);
  const auto self = me ? std::find_if(members.begin(), members.end(),
                                      [&](const MemberRow& x) { return x.expert_id == me->id; })
                       : members.end();
  if (self == members.end()) return MakeError(errc::not_a_member);
  if (auto refusal = kMeetingLifecycle.Refuse(m->state, "vote")) return MakeError(*refusal);
  if (!self->present) return MakeError(errc::not_present);
  if (Voted(s, id, me->id)) return MakeError(errc::already_voted);
  // A complete sheet: every candidate except those the member withdraws from (回避), who get no vote.
  std::set<int64_t> expected, given, recused;
  for (const auto& r : StoredRecusals(s, id))
    if (r.expert_id == me->id) recused.insert(r.application_id);
  for (const auto& c : Candidates(s, id))
    if (!recused.count(c.application_id)) expected.insert(c.application_id);
  for (const auto& v : votes)
    if (recused.count(v.application_id)) return MakeError(errc::must_recuse);
  bool ok = votes.size() == expected.size();
  for (const auto& v : votes) {
    ok = ok && expected.count(v.application_id) && given.insert(v.application_id).second &&
         (v.choice == "yes" || v.choice == "no" || v.choice == "abstain");
  }
  if (!ok) return MakeError(errc::ballot_incomplete);
  // The receipt says that the member voted; the tally only counts. Nothing links the two.
  meetings.InsertReceipt(id, me->id);
  for (const auto& v : votes) {
    // The choice is one of three, checked above.
    const auto choice = v.choice == "yes"  ? storage::BallotChoice::kYes
                        : v.choice == "no" ? storage::BallotChoice::kNo
                                           : storage::BallotChoice::kAbstain;
    meetings.CountVote(id, v.application_id, choice);
  }
  // The audit says that the member voted, never how.
  Audit(s, actor, UnixSeconds(env_.clock.Now()), "meeting.ballot", "meeting", std::to_string(id),
        "投票（无记名）");
  tx.Commit();
  return Ok{};
}

Result<views::Meeting> Review::CloseMeeting(const Actor& actor, int64_t id) {
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    storage::MeetingsRepo(s).LockForUpdate(id);
    auto m = LoadMeeting(s, id);
    if (!m) return MakeError(errc::not_found);
    if (auto refusal = kMeetingLifecycle.Refuse(m->state, "close")) return MakeError(*refusal);
    const auto& c = CampaignById(campaigns_, m->campaign_id);
    const int pass_needed = AtLeast(m->present_count, c.review.pass_num, c.review.pass_den);
    auto cands = Candidates(s, id);
    const auto recusals = StoredRecusals(s, id);
    const TimePoint now = env_.clock.Now();
    const int64_t at = UnixSeconds(now);
    storage::MeetingsRepo meetings(s);
    for (auto& cand : cands) {
      if (auto t = meetings.Tally(id, cand.application_id)) {
        cand.yes = t->yes;
        cand.no = t->no;
        cand.abstain = t->abstain;
      }
      cand.tallied = true;
      const int recused = RecusedCount(recusals, cand.application_id);
      const int needed = PassNeeded(c, m->present_count, recused);
      cand.passed = cand.yes >= needed;
      meetings.RecordResult(id, cand);
      const std::string why = "赞成 " + std::to_string(cand.yes) + " / 出席 " +
                              std::to_string(m->present_count) +
                              (recused ? "，回避 " + std::to_string(recused) : std::string()) + "（须 " +
                              std::to_string(needed) + "）";
      if (auto st = wf_.ApplyReviewStep(s, actor, cand.application_id,
                                        cand.passed ? Action::kPass : Action::kFail, why, now);
          !st.ok())
        return st.error();
    }
    const std::string minutes =
        MinutesText(s, c, *m, MeetingMembers(s, id), cands, recusals, pass_needed, at);
    const std::string seal = Sha256Hex(minutes);
    const std::string closed(kMeetingLifecycle.Code(kMeetingLifecycle.Next(m->state, "close")));
    meetings.Close(id, closed, minutes, seal, at);
    Audit(s, actor, at, "meeting.close", "meeting", std::to_string(id), "纪要 SHA-256 " + seal);
    tx.Commit();
  }
  return Meeting(actor.principal, id);
}

Result<views::MeetingMinutes> Review::Minutes(const Principal&, int64_t id) {
  Session s(env_.db);
  auto m = LoadMeeting(s, id);
  if (!m) return MakeError(errc::not_found);
  // Not a step of the table: the minutes exist once the meeting is closed.
  if (m->state != MeetingState::kClosed) return MakeError(errc::meeting_not_closed);
  return views::MeetingMinutes{
      .text = m->minutes, .sha256 = m->seal, .verified = Sha256Hex(m->minutes) == m->seal};
}

}  // namespace zc::review
