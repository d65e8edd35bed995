// The committee meeting: candidates, attendance, quorum, the secret ballot, the tally, sealed minutes.
#include <algorithm>
#include <map>
#include <set>

#include "ballot/ballot.hpp"
#include "base/crypto.hpp"
#include "base/json_fields.hpp"
#include "review/internal.hpp"
#include "review/lifecycles.hpp"
#include "storage/audit.hpp"
#include "storage/experts_repo.hpp"
#include "storage/groups_repo.hpp"
#include "storage/meetings_repo.hpp"

namespace zc::review {

using namespace detail;
namespace json = boost::json;
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
  int64_t voting_at = 0, closed_at = 0;
};

std::optional<MeetingRow> LoadMeeting(Session& s, int64_t id) {
  auto r = storage::MeetingsRepo(s).Find(id);
  if (!r) return std::nullopt;
  // A status the table does not know reads as no meeting.
  auto state = kMeetingLifecycle.Parse(r->status);
  if (!state) return std::nullopt;
  // Tallying is stored as status 'voting' with the ballot's counting flag (the status CHECK predates it).
  if (*state == MeetingState::kVoting && storage::MeetingsRepo(s).Ballot(id).counting)
    state = MeetingState::kTallying;
  return MeetingRow{r->id,           r->campaign_id,   r->committee_code, r->title,
                    r->held_on,      r->minutes,       r->seal_sha256,    *state,
                    r->member_count, r->present_count, r->voting_at,      r->closed_at};
}

std::string ElectionId(int64_t meeting_id, int round) {
  return "zhicheng/meeting/" + std::to_string(meeting_id) + "/round/" + std::to_string(round);
}

// The trustee seat of the reader: the committee office's, or the presiding member's (the chair, or a
// vice-chair present when the chair is not).
std::optional<std::string> SeatOf(Session& s, const accounts::Principal& p,
                                  const std::vector<storage::MeetingMemberRow>& members) {
  if (p.role == Role::kCommitteeOffice) return "office";
  if (p.role != Role::kExpert) return std::nullopt;
  auto me = ExpertOf(s, p);
  if (!me) return std::nullopt;
  const bool chair_present = std::any_of(members.begin(), members.end(),
                                         [](const auto& x) { return x.position == "chair" && x.present; });
  for (const auto& x : members) {
    if (x.expert_id != me->id) continue;
    if (x.position == "chair") return "chair";
    if (x.position == "vice_chair" && x.present && !chair_present) return "chair";
  }
  return std::nullopt;
}

// An expert who is not a member of the meeting: the meeting does not exist for them (404, as for reads).
bool ExpertOutside(Session& s, const accounts::Principal& p,
                   const std::vector<storage::MeetingMemberRow>& members) {
  if (p.role != Role::kExpert) return false;
  const auto me = ExpertOf(s, p);
  return !me ||
         std::none_of(members.begin(), members.end(), [&](const auto& x) { return x.expert_id == me->id; });
}

json::value ParsedOrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

// Voting opens, ballots are cast, the vote closes and the trustees decrypt on the meeting day (Asia/Shanghai)
// only; a vote that cannot finish that day is voided and repeated (VoidVote), so no meeting is stuck.
std::optional<ErrorCode> NotMeetingDay(const MeetingRow& m, TimePoint now) {
  return FormatDate(ShanghaiDate(now)) == m.held_on ? std::nullopt
                                                    : std::optional<ErrorCode>(ErrorCode::not_meeting_day);
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
                        const std::vector<Recusal>& recusals, int pass_needed, int64_t closed_at,
                        const storage::AuditTree& log) {
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
  t += "\n表决开始：" + FormatShanghai(FromUnixSeconds(m.voting_at)) + "\n";
  t += "表决结束：" + FormatShanghai(FromUnixSeconds(closed_at)) + "\n";
  // The audit log as it stood when the results were recorded: anyone holding these minutes can later prove
  // that the log only grew since (zhicheng verify-audit --against SIZE:ROOT, docs/security.md).
  t += "审计日志：封存时共 " + std::to_string(log.size) + " 条，Merkle 树根 " + log.root_hash +
       "（核对：zhicheng verify-audit --against " + std::to_string(log.size) + ":" + log.root_hash + "）\n";
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
  // The encrypted ballot: what the reader's browser needs to encrypt a sheet or decrypt the tally.
  storage::MeetingsRepo repo(s);
  const storage::MeetingBallotRow ballot = repo.Ballot(id);
  const auto trustees = repo.Trustees(id, ballot.round);
  const auto seat = SeatOf(s, p, members);
  out.ballot.election_id = ElectionId(id, ballot.round);
  out.ballot.round = ballot.round;
  if (!ballot.election_key.empty()) out.ballot.election_key = ballot.election_key;
  for (const auto& cand : candidates) out.ballot.candidate_ids.push_back(cand.application_id);
  const auto trustee = [&](std::string_view role) -> const storage::TrusteeRow* {
    for (const auto& t : trustees)
      if (t.role == role) return &t;
    return nullptr;
  };
  for (const char* role : {"chair", "office"}) {
    views::MeetingTrustee t{.role = role, .name = {}, .public_ = {}, .decrypted = false};
    if (const auto* row = trustee(role)) {
      t.name = row->name;
      if (auto share = ParsedOrNull(row->public_share); share.is_object())
        if (const auto* pub = share.as_object().if_contains("public"); pub && pub->is_string())
          t.public_ = std::string(pub->as_string());
      t.decrypted = row->decrypted_at != 0;
    }
    out.ballot.trustees.push_back(std::move(t));
  }
  if (seat) out.ballot.my_trustee_role = *seat;
  out.ballot.sheets = static_cast<int64_t>(repo.Sheets(id, ballot.round).size());
  if (!ballot.tally.empty()) out.ballot.tally = ParsedOrNull(ballot.tally);
  // The reader's actions from the table, then the guards this page can judge (HotCRP's perm_* style): the
  // same reasons the action itself would answer with.
  OfferActions(
      kMeetingLifecycle, m->state, p,
      [&](std::string_view action) -> std::optional<ErrorCode> {
        if ((action == "open_voting" || action == "vote" || action == "close" || action == "decrypt") &&
            NotMeetingDay(*m, env_.clock.Now()))
          return ErrorCode::not_meeting_day;
        if (action == "register_key" || action == "decrypt") {
          if (!seat) return ErrorCode::not_trustee;
          if (action == "decrypt") {
            const auto* row = trustee(*seat);
            if (!row) return ErrorCode::not_trustee;
            if (row->decrypted_at != 0) return ErrorCode::already_decrypted;
          }
        }

        if (action == "open_voting") {
          const bool chair = std::any_of(members.begin(), members.end(), [](const MemberRow& x) {
            return x.present && x.position != "member";
          });
          if (present_count < out.quorum_needed) return ErrorCode::quorum_not_met;
          if (!chair) return ErrorCode::chair_absent;
          if (!trustee("chair") || !trustee("office")) return ErrorCode::trustee_keys_missing;
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

Result<views::Meeting> Review::Reschedule(const Actor& actor, int64_t id, const std::string& held_on) {
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    storage::MeetingsRepo meetings(s);
    meetings.LockForUpdate(id);
    auto m = LoadMeeting(s, id);
    if (!m) return MakeError(errc::not_found);
    if (auto refusal = kMeetingLifecycle.Refuse(m->state, "reschedule")) return MakeError(*refusal);
    const auto day = ParseDate(held_on);
    FieldErrors fe;
    if (!day)
      fe.Add("held_on", held_on.empty() ? errc::required : errc::invalid_date);
    else if (*day < ShanghaiDate(env_.clock.Now()))
      fe.Add("held_on", errc::date_in_past);
    if (!fe.empty()) return fe.ToError();
    meetings.SetHeldOn(id, FormatDate(*day));
    Audit(s, actor, UnixSeconds(env_.clock.Now()), "meeting.reschedule", "meeting", std::to_string(id),
          "会议日期由 " + m->held_on + " 改为 " + FormatDate(*day));
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
    if (auto day = NotMeetingDay(*m, env_.clock.Now())) {
      Error e = MakeError(*day);
      e.fields.push_back({"held_on", *day, "会议日期 " + m->held_on});
      return e;
    }
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
    // Both trustees' keys, each proved, make the election key; without them no sheet could be counted.
    storage::MeetingBallotRow ballot = meetings.Ballot(id);
    std::vector<ballot::Point> keys;
    for (const auto& t : meetings.Trustees(id, ballot.round)) {
      const auto share = ballot::PublicShareFromJson(t.public_share);  // checked when registered
      keys.push_back(share.public_key);
    }
    if (keys.size() != 2) return MakeError(errc::trustee_keys_missing);
    ballot.election_key = ballot::ToHex(ballot::CombineKeys(keys));
    meetings.SaveBallot(id, ballot);
    meetings.OpenVoting(id, voting, count, present, at);
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

namespace {

// The decrypted sums: each candidate passes or fails under the campaign's rule, the minutes are sealed and
// the meeting closes.
Status FinishCount(Session& s, const Actor& actor, const std::vector<campaign::Campaign>& campaigns,
                   workflow::Workflow& wf, TimePoint now, int64_t meeting_id,
                   const std::vector<std::array<int, ballot::kChoices>>& counts) {
  const auto m = LoadMeeting(s, meeting_id);
  const auto& c = CampaignById(campaigns, m->campaign_id);
  const int pass_needed = AtLeast(m->present_count, c.review.pass_num, c.review.pass_den);
  auto cands = Candidates(s, m->id);
  const auto recusals = StoredRecusals(s, m->id);
  const int64_t at = UnixSeconds(now);
  // The results are the committee's, counted once the second trustee decrypted (whoever that is): their
  // steps are taken in the committee's name.
  const Actor committee{accounts::Principal{.user_id = 0,
                                            .login = "tally",
                                            .name = "评审委员会计票（两位计票人解密后）",
                                            .role = Role::kCommitteeOffice},
                        actor.client_ip};
  storage::MeetingsRepo meetings(s);
  for (size_t i = 0; i < cands.size(); ++i) {
    auto& cand = cands[i];
    cand.yes = counts[i][0];
    cand.no = counts[i][1];
    cand.abstain = counts[i][2];
    cand.tallied = true;
    const int recused = RecusedCount(recusals, cand.application_id);
    const int needed = PassNeeded(c, m->present_count, recused);
    cand.passed = cand.yes >= needed;
    meetings.RecordResult(m->id, cand);
    const std::string why = "赞成 " + std::to_string(cand.yes) + " / 出席 " +
                            std::to_string(m->present_count) +
                            (recused ? "，回避 " + std::to_string(recused) : std::string()) + "（须 " +
                            std::to_string(needed) + "）";
    if (auto st = wf.ApplyReviewStep(s, committee, cand.application_id,
                                     cand.passed ? Action::kPass : Action::kFail, why, now);
        !st.ok())
      return st.error();
  }
  const std::string minutes = MinutesText(s, c, *m, MeetingMembers(s, m->id), cands, recusals, pass_needed,
                                          at, storage::CurrentAuditTree(s));
  const std::string seal = Sha256Hex(minutes);
  const std::string closed(kMeetingLifecycle.Code(kMeetingLifecycle.Next(m->state, "count")));
  meetings.Close(m->id, closed, minutes, seal, at);
  storage::MeetingBallotRow b = meetings.Ballot(m->id);
  b.counting = false;
  meetings.SaveBallot(m->id, b);
  Audit(s, committee, at, "meeting.count", "meeting", std::to_string(m->id), "纪要 SHA-256 " + seal);
  return Ok{};
}

}  // namespace

Result<views::Meeting> Review::RegisterTrusteeKey(const Actor& actor, int64_t id,
                                                  const views::MeetingsTrusteeKeyPutRequest& req) {
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    storage::MeetingsRepo meetings(s);
    meetings.LockForUpdate(id);
    auto m = LoadMeeting(s, id);
    if (!m) return MakeError(errc::not_found);
    const auto members = MeetingMembers(s, id);
    const auto seat = SeatOf(s, actor.principal, members);
    if (ExpertOutside(s, actor.principal, members)) return MakeError(errc::not_found);
    if (auto refusal = kMeetingLifecycle.Refuse(m->state, "register_key")) return MakeError(*refusal);
    if (!seat) return MakeError(errc::not_trustee);
    const storage::MeetingBallotRow b = meetings.Ballot(id);
    const json::object share{
        {"public", req.public_},
        {"proof", json::object{{"A", req.proof.A}, {"c", req.proof.c}, {"s", req.proof.s}}}};
    const std::string share_json = json::serialize(share);
    bool valid = false;
    try {
      valid = ballot::VerifyKeyShare(ElectionId(id, b.round), ballot::PublicShareFromJson(share_json));
    } catch (const std::invalid_argument&) {
      valid = false;
    }
    if (!valid) return MakeError(errc::invalid_key_share);
    const int64_t at = UnixSeconds(env_.clock.Now());
    storage::TrusteeRow row;
    row.role = *seat;
    row.user_id = actor.principal.user_id;
    row.name = actor.principal.name;
    row.public_share = share_json;
    row.registered_at = at;
    meetings.SetTrusteeKey(id, b.round, row);
    Audit(s, actor, at, "meeting.trustee_key", "meeting", std::to_string(id),
          std::string(*seat == "chair" ? "主持委员" : "评委会办公室") + "登记计票公钥 " +
              req.public_.substr(0, 16) + "…（第 " + std::to_string(b.round) + " 轮）");
    tx.Commit();
  }
  return Meeting(actor.principal, id);
}

Result<std::string> Review::Vote(const Actor& actor, int64_t id, const std::vector<review::Vote>* votes,
                                 const json::value* sheet) {
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
  if (auto day = NotMeetingDay(*m, env_.clock.Now())) return MakeError(*day);
  if (!self->present) return MakeError(errc::not_present);
  if (Voted(s, id, me->id)) return MakeError(errc::already_voted);
  // A complete sheet: every candidate except those the member withdraws from (回避), who get no vote.
  std::set<int64_t> recused;
  for (const auto& r : StoredRecusals(s, id))
    if (r.expert_id == me->id) recused.insert(r.application_id);
  const auto cands = Candidates(s, id);
  std::vector<bool> absent;
  absent.reserve(cands.size());
  for (const auto& c : cands) absent.push_back(recused.count(c.application_id) > 0);
  const storage::MeetingBallotRow b = meetings.Ballot(id);
  const std::string eid = ElectionId(id, b.round);
  const auto h = ballot::FromHex32(b.election_key);
  if (!h) return MakeError(errc::trustee_keys_missing);
  ballot::Ballot cast;
  if (sheet) {
    try {
      cast = ballot::BallotFromJson(json::serialize(*sheet));
    } catch (const std::invalid_argument&) {
      return MakeError(errc::invalid_ballot);
    }
    // A vote on a candidate the member withdraws from is refused as such; any other flaw is one refusal.
    for (size_t i = 0; i < cast.candidates.size() && i < absent.size(); ++i)
      if (absent[i] && cast.candidates[i]) return MakeError(errc::must_recuse);
    if (cast.candidates.size() != absent.size()) return MakeError(errc::ballot_incomplete);
    for (size_t i = 0; i < absent.size(); ++i)
      if (!absent[i] && !cast.candidates[i]) return MakeError(errc::ballot_incomplete);
    if (!ballot::VerifyBallot(eid, *h, cast, absent).empty()) return MakeError(errc::invalid_ballot);
  } else {
    // Clear votes (an API client): checked as before, encrypted here at once, never stored in the clear.
    if (!votes) return MakeError(errc::ballot_incomplete);
    std::map<int64_t, ballot::Choice> given;
    for (const auto& v : *votes)
      if (recused.count(v.application_id)) return MakeError(errc::must_recuse);
    bool ok = votes->size() == cands.size() - recused.size();
    for (const auto& v : *votes) {
      const bool known = std::any_of(cands.begin(), cands.end(),
                                     [&](const auto& c) { return c.application_id == v.application_id; });
      const std::optional<ballot::Choice> choice = v.choice == "yes"       ? ballot::Choice::kYes
                                                   : v.choice == "no"      ? ballot::Choice::kNo
                                                   : v.choice == "abstain" ? ballot::Choice::kAbstain
                                                                           : std::optional<ballot::Choice>();
      ok = ok && known && choice && given.emplace(v.application_id, *choice).second;
    }
    if (!ok) return MakeError(errc::ballot_incomplete);
    std::vector<ballot::Choice> choices;
    for (const auto& c : cands) {
      auto it = given.find(c.application_id);
      choices.push_back(it == given.end() ? ballot::Choice::kAbstain : it->second);
    }
    const ballot::EncryptedSheet full = ballot::EncryptSheet(eid, *h, choices);
    for (size_t i = 0; i < cands.size(); ++i)
      cast.candidates.push_back(absent[i] ? std::nullopt : std::optional(full.candidates[i]));
  }
  const std::string fingerprint = ballot::BallotFingerprint(cast);
  if (meetings.HasSheet(id, b.round, fingerprint)) return MakeError(errc::invalid_ballot);  // a copied sheet
  // The receipt says that the member voted; the sheet is ciphertext only the two trustees together could
  // open, and they only ever open the sums.
  meetings.InsertReceipt(id, me->id);
  meetings.InsertSheet(id, b.round, fingerprint, ballot::BallotToJson(cast));
  // The audit says that the member voted, never how.
  Audit(s, actor, UnixSeconds(env_.clock.Now()), "meeting.ballot", "meeting", std::to_string(id),
        "投票（无记名，已加密）");
  tx.Commit();
  return fingerprint;
}

Result<views::Meeting> Review::CloseMeeting(const Actor& actor, int64_t id) {
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    storage::MeetingsRepo meetings(s);
    meetings.LockForUpdate(id);
    auto m = LoadMeeting(s, id);
    if (!m) return MakeError(errc::not_found);
    if (auto refusal = kMeetingLifecycle.Refuse(m->state, "close")) return MakeError(*refusal);
    if (auto day = NotMeetingDay(*m, env_.clock.Now())) return MakeError(*day);
    storage::MeetingBallotRow b = meetings.Ballot(id);
    std::vector<ballot::Ballot> sheets;
    for (const auto& [fingerprint, text] : meetings.Sheets(id, b.round))
      sheets.push_back(ballot::BallotFromJson(text));
    b.tally = ballot::TallyToJson(ballot::AggregateBallots(sheets, Candidates(s, id).size()));
    b.counting = true;
    meetings.SaveBallot(id, b);
    const int64_t at = UnixSeconds(env_.clock.Now());
    for (const auto& t : meetings.Trustees(id, b.round))
      if (t.user_id > 0)
        storage::Notify(s, storage::Audience::User(t.user_id),
                        {"meeting.decrypt", std::nullopt,
                         "评审会议“" + m->title + "”投票已结束，请用您的计票密钥文件解密计票结果",
                         "Voting has closed in \"" + m->title + "\"; decrypt the tally with your key file"},
                        at);
    Audit(s, actor, at, "meeting.close", "meeting", std::to_string(id),
          std::to_string(sheets.size()) + " 张加密选票，已合计，待两位计票人解密");
    tx.Commit();
  }
  return Meeting(actor.principal, id);
}

Result<views::Meeting> Review::Decrypt(const Actor& actor, int64_t id, const json::value& partials) {
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    storage::MeetingsRepo meetings(s);
    meetings.LockForUpdate(id);
    auto m = LoadMeeting(s, id);
    if (!m) return MakeError(errc::not_found);
    const auto members = MeetingMembers(s, id);
    if (ExpertOutside(s, actor.principal, members)) return MakeError(errc::not_found);
    if (auto refusal = kMeetingLifecycle.Refuse(m->state, "decrypt")) return MakeError(*refusal);
    if (auto day = NotMeetingDay(*m, env_.clock.Now())) return MakeError(*day);
    const auto seat = SeatOf(s, actor.principal, members);
    if (!seat) return MakeError(errc::not_trustee);
    const storage::MeetingBallotRow b = meetings.Ballot(id);
    const auto trustees = meetings.Trustees(id, b.round);
    const auto mine =
        std::find_if(trustees.begin(), trustees.end(), [&](const auto& t) { return t.role == *seat; });
    if (mine == trustees.end()) return MakeError(errc::not_trustee);
    if (mine->decrypted_at != 0) return MakeError(errc::already_decrypted);
    const std::string eid = ElectionId(id, b.round);
    const ballot::Tally tally = ballot::TallyFromJson(b.tally);
    const ballot::Point key = ballot::PublicShareFromJson(mine->public_share).public_key;
    ballot::Partials parts;
    try {
      parts = ballot::PartialsFromJson(json::serialize(partials));
    } catch (const std::invalid_argument&) {
      return MakeError(errc::invalid_decryption);
    }
    if (parts.size() != tally.size()) return MakeError(errc::invalid_decryption);
    for (size_t i = 0; i < tally.size(); ++i)
      for (size_t j = 0; j < ballot::kChoices; ++j)
        if (!ballot::VerifyPartial(eid, key, tally[i][j], parts[i][j]))
          return MakeError(errc::invalid_decryption);
    const int64_t at = UnixSeconds(env_.clock.Now());
    meetings.SetTrusteePartials(id, b.round, *seat, ballot::PartialsToJson(parts), at);
    Audit(s, actor, at, "meeting.decrypt", "meeting", std::to_string(id),
          std::string(*seat == "chair" ? "主持委员" : "评委会办公室") + "提交解密结果（含正确性证明）");
    // Both trustees: the sums are opened, never a sheet.
    const auto all = meetings.Trustees(id, b.round);
    if (all.size() == 2 &&
        std::all_of(all.begin(), all.end(), [](const auto& t) { return t.decrypted_at != 0; })) {
      std::vector<ballot::Partials> both;
      both.reserve(all.size());
      for (const auto& t : all) both.push_back(ballot::PartialsFromJson(t.partials));
      const int sheets = static_cast<int>(meetings.Sheets(id, b.round).size());
      std::vector<std::array<int, ballot::kChoices>> counts;
      for (size_t i = 0; i < tally.size(); ++i) {
        std::array<int, ballot::kChoices> row{};
        for (size_t j = 0; j < ballot::kChoices; ++j) {
          const std::vector<ballot::PartialDecryption> ps = {both[0][i][j], both[1][i][j]};
          row[j] = ballot::CombineAndSolve(tally[i][j], ps, sheets).value_or(0);
        }
        counts.push_back(row);
      }
      if (auto st = FinishCount(s, actor, campaigns_, wf_, env_.clock.Now(), id, counts); !st.ok())
        return st.error();
    }
    tx.Commit();
  }
  return Meeting(actor.principal, id);
}

Result<views::Meeting> Review::VoidVote(const Actor& actor, int64_t id, const std::string& reason) {
  {
    if (reason.empty()) {
      FieldErrors fe;
      fe.Add("reason", errc::reason_required);
      return fe.ToError();
    }
    Session s(env_.db);
    storage::WriteTx tx(s);
    storage::MeetingsRepo meetings(s);
    meetings.LockForUpdate(id);
    auto m = LoadMeeting(s, id);
    if (!m) return MakeError(errc::not_found);
    if (auto refusal = kMeetingLifecycle.Refuse(m->state, "void_vote")) return MakeError(*refusal);
    const storage::MeetingBallotRow b = meetings.Ballot(id);
    const std::string planned(kMeetingLifecycle.Code(MeetingState::kPlanned));
    meetings.VoidVote(id, planned, b.round + 1);
    const int64_t at = UnixSeconds(env_.clock.Now());
    for (const auto& x : MeetingMembers(s, id))
      if (x.present)
        if (auto e = LoadExpert(s, x.expert_id); e && e->user_id)
          storage::Notify(s, storage::Audience::User(*e->user_id),
                          {"meeting.voided", std::nullopt,
                           "评审会议“" + m->title + "”第 " + std::to_string(b.round) + " 轮投票已作废（" +
                               reason + "），将重新生成计票密钥后重新投票",
                           "The vote of \"" + m->title + "\" was voided (" + reason +
                               "); it is repeated after a new key ceremony"},
                          at);
    Audit(s, actor, at, "meeting.void_vote", "meeting", std::to_string(id),
          "第 " + std::to_string(b.round) + " 轮投票作废：" + reason);
    tx.Commit();
  }
  return Meeting(actor.principal, id);
}

Result<views::Board> Review::Board(int64_t id) {
  Session s(env_.db);
  auto m = LoadMeeting(s, id);
  if (!m) return MakeError(errc::not_found);
  storage::MeetingsRepo meetings(s);
  const storage::MeetingBallotRow b = meetings.Ballot(id);
  views::Board out{.meeting_id = id,
                   .title = m->title,
                   .held_on = m->held_on,
                   .status = std::string(kMeetingLifecycle.Code(m->state)),
                   .election_id = ElectionId(id, b.round),
                   .election_key = {},
                   .candidates = {},
                   .trustees = {},
                   .sheets = {},
                   .tally = {},
                   .results = {}};
  if (!b.election_key.empty()) out.election_key = b.election_key;
  const auto cands = Candidates(s, id);
  for (size_t i = 0; i < cands.size(); ++i) {
    const auto& c = cands[i];
    const auto index = static_cast<int64_t>(i + 1);
    out.candidates.push_back({.index = index});
    if (c.tallied)
      out.results.push_back(
          {.index = index, .yes = c.yes, .no = c.no, .abstain = c.abstain, .passed = c.passed});
  }
  for (const auto& t : meetings.Trustees(id, b.round)) {
    views::BoardTrustee bt{.role = t.role, .public_ = {}, .proof = {}, .partials = {}};
    if (auto share = ParsedOrNull(t.public_share); share.is_object()) {
      const auto& o = share.as_object();
      if (const auto* pub = o.if_contains("public"); pub && pub->is_string())
        bt.public_ = std::string(pub->as_string());
      if (const auto* pr = o.if_contains("proof")) (void)contract::FromJson(*pr, bt.proof, false);
    }
    if (!t.partials.empty()) bt.partials = ParsedOrNull(t.partials);
    out.trustees.push_back(std::move(bt));
  }
  for (const auto& [fingerprint, text] : meetings.Sheets(id, b.round))
    out.sheets.push_back({.fingerprint = fingerprint, .sheet = ParsedOrNull(text)});
  if (!b.tally.empty()) out.tally = ParsedOrNull(b.tally);
  return out;
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

std::vector<std::string> CheckMeetingBallots(Session& s, const std::vector<campaign::Campaign>* campaigns) {
  std::vector<std::string> out;
  storage::MeetingsRepo meetings(s);
  for (int64_t id : meetings.AllIds()) {
    const auto m = LoadMeeting(s, id);
    if (!m || m->state == MeetingState::kPlanned) continue;
    const std::string where = "meeting " + std::to_string(id);
    const storage::MeetingBallotRow b = meetings.Ballot(id);
    const std::string eid = ElectionId(id, b.round);
    const auto h = ballot::FromHex32(b.election_key);
    if (!h) {
      out.push_back(where + ": voting opened without an election key");
      continue;
    }
    // The election key is the product of the two trustees' proved keys.
    const auto trustees = meetings.Trustees(id, b.round);
    std::vector<ballot::Point> keys;
    for (const auto& t : trustees) {
      const auto share = ballot::PublicShareFromJson(t.public_share);
      if (!ballot::VerifyKeyShare(eid, share))
        out.push_back(where + ": the " + t.role + " trustee's key proof fails");
      keys.push_back(share.public_key);
    }
    if (keys.size() != 2 || ballot::CombineKeys(keys) != *h) {
      out.push_back(where + ": the election key is not the product of the two trustees' keys");
      continue;
    }
    // Every sheet proves itself; one sheet per receipt; each candidate has a vote from every sheet but those
    // of the members who withdrew from it.
    const auto cands = Candidates(s, id);
    const auto sheets_text = meetings.Sheets(id, b.round);
    std::vector<ballot::Ballot> sheets;
    auto sheet_problem = [&](std::string_view fingerprint, std::string_view what) {
      std::string m = where;
      m += ": sheet ";
      m += fingerprint.substr(0, 16);
      m += what;
      out.push_back(std::move(m));
    };
    for (const auto& [fingerprint, text] : sheets_text) {
      const ballot::Ballot bl = ballot::BallotFromJson(text);
      if (ballot::BallotFingerprint(bl) != fingerprint) sheet_problem(fingerprint, " was altered");
      std::vector<bool> absent;
      absent.reserve(bl.candidates.size());
      for (const auto& e : bl.candidates) absent.push_back(!e.has_value());
      if (!ballot::VerifyBallot(eid, *h, bl, absent).empty()) sheet_problem(fingerprint, " fails its proofs");
      sheets.push_back(bl);
    }
    const int64_t receipts = meetings.CountBallots(id);
    if (static_cast<int64_t>(sheets.size()) != receipts)
      out.push_back(where + ": " + std::to_string(sheets.size()) + " sheets but " + std::to_string(receipts) +
                    " members voted");
    const auto recusals = StoredRecusals(s, id);
    std::vector<int> voters;
    const ballot::Tally tally = ballot::AggregateBallots(sheets, cands.size(), &voters);
    std::map<int64_t, int> recused_voters;
    for (const auto& r : recusals)
      if (Voted(s, id, r.expert_id)) ++recused_voters[r.application_id];
    for (size_t i = 0; i < cands.size(); ++i)
      if (voters[i] != receipts - recused_voters[cands[i].application_id])
        out.push_back(where + ", application " + std::to_string(cands[i].application_id) + ": " +
                      std::to_string(voters[i]) + " votes but " +
                      std::to_string(receipts - recused_voters[cands[i].application_id]) + " ballot sheets");
    if (m->state != MeetingState::kClosed) continue;
    if (ballot::TallyToJson(tally) != b.tally && !b.tally.empty())
      out.push_back(where + ": the stored tally is not the sum of the sheets");
    // The results: the decryptions prove themselves and open the tally to exactly the recorded counts, and
    // the campaign's rule over those counts, the members present and the recusals gives the recorded outcome,
    // the application's state and the sealed minutes.
    std::vector<ballot::Partials> parts;
    for (const auto& t : trustees) {
      if (t.partials.empty()) {
        out.push_back(where + ": closed without the " + t.role + " trustee's decryption");
        continue;
      }
      const ballot::Partials p = ballot::PartialsFromJson(t.partials);
      const ballot::Point key = ballot::PublicShareFromJson(t.public_share).public_key;
      bool valid = p.size() == tally.size();
      for (size_t i = 0; valid && i < tally.size(); ++i)
        for (size_t j = 0; j < ballot::kChoices; ++j)
          valid = valid && ballot::VerifyPartial(eid, key, tally[i][j], p[i][j]);
      if (!valid) out.push_back(where + ": the " + t.role + " trustee's decryption proofs fail");
      parts.push_back(p);
    }
    if (parts.size() != 2) continue;
    const campaign::Campaign* c = nullptr;
    if (campaigns)
      for (const auto& x : *campaigns)
        if (x.id == m->campaign_id) c = &x;
    for (size_t i = 0; i < cands.size(); ++i) {
      const auto& cand = cands[i];
      const std::string at = where + ", application " + std::to_string(cand.application_id);
      std::array<int, ballot::kChoices> counts{};
      for (size_t j = 0; j < ballot::kChoices; ++j) {
        const std::vector<ballot::PartialDecryption> ps = {parts[0][i][j], parts[1][i][j]};
        counts[j] = ballot::CombineAndSolve(tally[i][j], ps, static_cast<int>(sheets.size())).value_or(-1);
      }
      if (!cand.tallied || counts[0] != cand.yes || counts[1] != cand.no || counts[2] != cand.abstain) {
        out.push_back(at + ": the recorded result differs from the decrypted ballot box");
        continue;
      }
      if (c) {
        const bool passed =
            cand.yes >= PassNeeded(*c, m->present_count, RecusedCount(recusals, cand.application_id));
        if (passed != cand.passed)
          out.push_back(at + ": the recorded outcome does not follow from the votes");
      }
      const std::string line = "赞成 " + std::to_string(cand.yes) + "，反对 " + std::to_string(cand.no) +
                               "，弃权 " + std::to_string(cand.abstain);
      if (m->minutes.find(line) == std::string::npos)
        out.push_back(at + ": the sealed minutes do not state the decrypted counts");
      // A failed vote ends in failed; a passed one may still be overturned by an upheld objection later.
      if (auto a = LoadApp(s, cand.application_id); a && !cand.passed && a->state != State::kFailed)
        out.push_back(at + ": failed the vote but is " + std::string(workflow::StateCode(a->state)));
    }
  }
  return out;
}

}  // namespace zc::review
