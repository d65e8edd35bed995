#include "storage/meetings_repo.hpp"

namespace zc::storage {

std::optional<MeetingRow> MeetingsRepo::Find(int64_t id) {
  std::optional<MeetingRow> out;
  Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s_,
               "id, campaign_id, committee_code, title, held_on, status, minutes, seal_sha256, member_count, "
               "present_count, closed_at",
               "meetings", "", [&](const soci::row& r) {
                 out = MeetingRow{.id = Int(r, "id"),
                                  .campaign_id = Str(r, "campaign_id"),
                                  .committee_code = Str(r, "committee_code"),
                                  .title = Str(r, "title"),
                                  .held_on = Str(r, "held_on"),
                                  .status = Str(r, "status"),
                                  .minutes = Str(r, "minutes"),
                                  .seal_sha256 = Str(r, "seal_sha256"),
                                  .member_count = static_cast<int>(Int(r, "member_count")),
                                  .present_count = static_cast<int>(Int(r, "present_count")),
                                  .closed_at = Int(r, "closed_at")};
               });
  return out;
}

void MeetingsRepo::LockForUpdate(int64_t id) {
  LockRow(s_, "meetings", id);
}

MeetingPageRows MeetingsRepo::List(std::optional<int64_t> member_expert_id, const PageRequest& page) {
  Query q;
  if (member_expert_id)
    q.Where("m.id IN (SELECT meeting_id FROM meeting_members WHERE expert_id = :e)")
        .Bind("e", static_cast<long long>(*member_expert_id));
  MeetingPageRows out;
  out.next =
      q.Page(s_, "m.id, m.title, m.held_on, m.status, m.committee_code, m.member_count, m.present_count",
             "meetings m", {.sort = "m.id", .id = "m.id"}, page, [&](const soci::row& r) {
               out.rows.push_back({.id = Int(r, "id"),
                                   .title = Str(r, "title"),
                                   .held_on = Str(r, "held_on"),
                                   .status = Str(r, "status"),
                                   .committee_code = Str(r, "committee_code"),
                                   .member_count = Int(r, "member_count"),
                                   .present_count = Int(r, "present_count")});
             });
  out.total = q.Count(s_, "meetings m");
  return out;
}

int64_t MeetingsRepo::CountForCommitteeNotIn(const std::string& committee_code, const std::string& status) {
  return Query()
      .Where("committee_code = :c AND status <> :st")
      .Bind("c", committee_code)
      .Bind("st", status)
      .Count(s_, "meetings");
}

int64_t MeetingsRepo::CountForApplicationNotIn(int64_t application_id, const std::string& status) {
  return Query()
      .Where("c.application_id = :a AND m.status <> :st")
      .Bind("a", static_cast<long long>(application_id))
      .Bind("st", status)
      .Count(s_, "meeting_candidates c JOIN meetings m ON m.id = c.meeting_id");
}

int64_t MeetingsRepo::Insert(const NewMeeting& m) {
  long long mid = 0, by = m.created_by, now = m.created_at;
  s_.sql() << "INSERT INTO meetings (campaign_id, committee_code, title, held_on, status, created_by, "
              "created_at) "
              "VALUES (:c, :m, :t, :h, :st, :by, :at) RETURNING id",
      soci::use(m.campaign_id, "c"), soci::use(m.committee_code, "m"), soci::use(m.title, "t"),
      soci::use(m.held_on, "h"), soci::use(m.status, "st"), soci::use(by, "by"), soci::use(now, "at"),
      soci::into(mid);
  s_.sql() << "INSERT INTO meeting_members (meeting_id, expert_id, position, present) SELECT CAST(:m AS "
              "BIGINT), expert_id, "
              "position, 0 FROM committee_members WHERE committee_code = :c",
      soci::use(mid, "m"), soci::use(m.committee_code, "c");
  const long long members = Query().Where("meeting_id = :m").Bind("m", mid).Count(s_, "meeting_members");
  s_.sql() << "UPDATE meetings SET member_count = :n WHERE id = :m", soci::use(members, "n"),
      soci::use(mid, "m");
  return mid;
}

void MeetingsRepo::OpenVoting(int64_t id, const std::string& status, int member_count, int present_count,
                              int64_t at) {
  long long mid = id, when = at;
  s_.sql() << "UPDATE meetings SET status = :st, member_count = :n, present_count = :p, voting_at = :at "
              "WHERE id = :m",
      soci::use(status, "st"), soci::use(member_count, "n"), soci::use(present_count, "p"),
      soci::use(when, "at"), soci::use(mid, "m");
}

void MeetingsRepo::Close(int64_t id, const std::string& status, const std::string& minutes,
                         const std::string& seal, int64_t at) {
  long long mid = id, when = at;
  s_.sql() << "UPDATE meetings SET status = :st, minutes = :t, seal_sha256 = :h, closed_at = :at WHERE "
              "id = :m",
      soci::use(status, "st"), soci::use(minutes, "t"), soci::use(seal, "h"), soci::use(when, "at"),
      soci::use(mid, "m");
}

std::vector<MeetingMemberRow> MeetingsRepo::Members(int64_t meeting_id) {
  std::vector<MeetingMemberRow> out;
  Query()
      .Where("mm.meeting_id = :m")
      .Bind("m", static_cast<long long>(meeting_id))
      .ForEach(
          s_, "mm.expert_id, e.name, mm.position, mm.present",
          "meeting_members mm JOIN experts e ON e.id = mm.expert_id",
          "ORDER BY CASE mm.position WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 ELSE 2 END, mm.expert_id",
          [&](const soci::row& r) {
            out.push_back({Int(r, "expert_id"), Str(r, "name"), Str(r, "position"), Int(r, "present") != 0});
          });
  return out;
}

std::vector<ExpertMeetingRow> MeetingsRepo::MeetingsOf(int64_t expert_id) {
  std::vector<ExpertMeetingRow> out;
  Query()
      .Where("mm.expert_id = :e")
      .Bind("e", static_cast<long long>(expert_id))
      .ForEach(s_, "m.id, m.title, m.held_on, m.status, mm.present",
               "meeting_members mm JOIN meetings m ON m.id = mm.meeting_id", "ORDER BY m.id DESC",
               [&](const soci::row& r) {
                 out.push_back({.id = Int(r, "id"),
                                .title = Str(r, "title"),
                                .held_on = Str(r, "held_on"),
                                .status = Str(r, "status"),
                                .present = Int(r, "present") != 0});
               });
  return out;
}

void MeetingsRepo::SetAttendance(int64_t meeting_id, const std::vector<int64_t>& present) {
  long long mid = meeting_id;
  s_.sql() << "UPDATE meeting_members SET present = 0 WHERE meeting_id = :m", soci::use(mid, "m");
  for (auto e : present) {
    long long eid = e;
    s_.sql() << "UPDATE meeting_members SET present = 1 WHERE meeting_id = :m AND expert_id = :e",
        soci::use(mid, "m"), soci::use(eid, "e");
  }
}

std::vector<MeetingCandidateRow> MeetingsRepo::Candidates(int64_t meeting_id) {
  std::vector<MeetingCandidateRow> out;
  Query()
      .Where("meeting_id = :m")
      .Bind("m", static_cast<long long>(meeting_id))
      .ForEach(s_, "application_id, yes, no, abstain, passed", "meeting_candidates",
               "ORDER BY application_id", [&](const soci::row& r) {
                 out.push_back({.application_id = Int(r, "application_id"),
                                .tallied = !IsNull(r, "yes"),
                                .yes = static_cast<int>(Int(r, "yes")),
                                .no = static_cast<int>(Int(r, "no")),
                                .abstain = static_cast<int>(Int(r, "abstain")),
                                .passed = Int(r, "passed") != 0});
               });
  return out;
}

int64_t MeetingsRepo::CountCandidates(int64_t meeting_id) {
  return Query()
      .Where("meeting_id = :m")
      .Bind("m", static_cast<long long>(meeting_id))
      .Count(s_, "meeting_candidates");
}

int64_t MeetingsRepo::CountMeetingsOf(int64_t application_id) {
  return Query()
      .Where("application_id = :a")
      .Bind("a", static_cast<long long>(application_id))
      .Count(s_, "meeting_candidates");
}

void MeetingsRepo::AddCandidate(int64_t meeting_id, int64_t application_id) {
  long long mid = meeting_id, app = application_id;
  s_.sql() << "INSERT INTO meeting_candidates (meeting_id, application_id) VALUES (:m, :a)",
      soci::use(mid, "m"), soci::use(app, "a");
}

void MeetingsRepo::RecordResult(int64_t meeting_id, const MeetingCandidateRow& c) {
  long long mid = meeting_id, app = c.application_id;
  int yes = c.yes, no = c.no, abstain = c.abstain, passed = c.passed ? 1 : 0;
  s_.sql()
      << "UPDATE meeting_candidates SET yes = :y, no = :n, abstain = :ab, passed = :p WHERE meeting_id = "
         ":m AND application_id = :a",
      soci::use(yes, "y"), soci::use(no, "n"), soci::use(abstain, "ab"), soci::use(passed, "p"),
      soci::use(mid, "m"), soci::use(app, "a");
}

std::vector<RecusalRow> MeetingsRepo::Recusals(int64_t meeting_id) {
  std::vector<RecusalRow> out;
  Query()
      .Where("r.meeting_id = :m")
      .Bind("m", static_cast<long long>(meeting_id))
      .ForEach(
          s_, "r.application_id, r.expert_id, e.name, r.reasons",
          "meeting_recusals r JOIN experts e ON e.id = r.expert_id", "ORDER BY r.application_id, r.expert_id",
          [&](const soci::row& r) {
            out.push_back({Int(r, "application_id"), Int(r, "expert_id"), Str(r, "name"), Str(r, "reasons")});
          });
  return out;
}

void MeetingsRepo::AddRecusal(int64_t meeting_id, int64_t application_id, int64_t expert_id,
                              const std::string& reasons) {
  long long mid = meeting_id, app = application_id, eid = expert_id;
  s_.sql() << "INSERT INTO meeting_recusals (meeting_id, application_id, expert_id, reasons) VALUES (:m, :a, "
              ":e, :r)",
      soci::use(mid, "m"), soci::use(app, "a"), soci::use(eid, "e"), soci::use(reasons, "r");
}

void MeetingsRepo::OpenTally(int64_t meeting_id) {
  long long mid = meeting_id;
  s_.sql() << "INSERT INTO ballot_tally (meeting_id, application_id) SELECT meeting_id, application_id FROM "
              "meeting_candidates WHERE meeting_id = :m",
      soci::use(mid, "m");
}

bool MeetingsRepo::HasVoted(int64_t meeting_id, int64_t expert_id) {
  return Query()
             .Where("meeting_id = :m AND expert_id = :e")
             .Bind("m", static_cast<long long>(meeting_id))
             .Bind("e", static_cast<long long>(expert_id))
             .Count(s_, "ballot_receipts") > 0;
}

int64_t MeetingsRepo::CountBallots(int64_t meeting_id) {
  return Query()
      .Where("meeting_id = :m")
      .Bind("m", static_cast<long long>(meeting_id))
      .Count(s_, "ballot_receipts");
}

void MeetingsRepo::InsertReceipt(int64_t meeting_id, int64_t expert_id) {
  long long mid = meeting_id, eid = expert_id;
  s_.sql() << "INSERT INTO ballot_receipts (meeting_id, expert_id) VALUES (:m, :e)", soci::use(mid, "m"),
      soci::use(eid, "e");
}

void MeetingsRepo::CountVote(int64_t meeting_id, int64_t application_id, BallotChoice choice) {
  long long mid = meeting_id, app = application_id;
  // One fixed statement per column: the choice never reaches the SQL text as data.
  switch (choice) {
    case BallotChoice::kYes:
      s_.sql() << "UPDATE ballot_tally SET yes = yes + 1 WHERE meeting_id = :m AND application_id = :a",
          soci::use(mid, "m"), soci::use(app, "a");
      break;
    case BallotChoice::kNo:
      s_.sql() << "UPDATE ballot_tally SET no = no + 1 WHERE meeting_id = :m AND application_id = :a",
          soci::use(mid, "m"), soci::use(app, "a");
      break;
    case BallotChoice::kAbstain:
      s_.sql()
          << "UPDATE ballot_tally SET abstain = abstain + 1 WHERE meeting_id = :m AND application_id = :a",
          soci::use(mid, "m"), soci::use(app, "a");
      break;
  }
}

std::optional<TallyRow> MeetingsRepo::Tally(int64_t meeting_id, int64_t application_id) {
  std::optional<TallyRow> out;
  Query()
      .Where("meeting_id = :m AND application_id = :a")
      .Bind("m", static_cast<long long>(meeting_id))
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "yes, no, abstain", "ballot_tally", "", [&](const soci::row& r) {
        out = TallyRow{static_cast<int>(Int(r, "yes")), static_cast<int>(Int(r, "no")),
                       static_cast<int>(Int(r, "abstain"))};
      });
  return out;
}

}  // namespace zc::storage
