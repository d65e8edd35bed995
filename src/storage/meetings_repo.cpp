#include "storage/meetings_repo.hpp"

namespace zc::storage {

std::optional<MeetingRow> MeetingsRepo::Find(int64_t id) {
  std::optional<MeetingRow> out;
  Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s_,
               "id, campaign_id, committee_code, title, held_on, status, minutes, seal_sha256, member_count, "
               "present_count, voting_at, closed_at",
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
                                  .voting_at = Int(r, "voting_at"),
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

std::vector<int64_t> MeetingsRepo::AllIds() {
  std::vector<int64_t> out;
  Query().ForEach(s_, "id", "meetings", "ORDER BY id",
                  [&](const soci::row& r) { out.push_back(Int(r, "id")); });
  return out;
}

void MeetingsRepo::SetHeldOn(int64_t id, const std::string& held_on) {
  s_.sql() << "UPDATE meetings SET held_on = :d WHERE id = :id", soci::use(held_on, "d"),
      soci::use(static_cast<long long>(id), "id");
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

MeetingBallotRow MeetingsRepo::Ballot(int64_t meeting_id) {
  MeetingBallotRow out;
  Query()
      .Where("meeting_id = :m")
      .Bind("m", static_cast<long long>(meeting_id))
      .ForEach(s_, "round, election_key, tally, counting", "meeting_ballots", "", [&](const soci::row& r) {
        out = MeetingBallotRow{.round = static_cast<int>(Int(r, "round")),
                               .election_key = Str(r, "election_key"),
                               .tally = Str(r, "tally"),
                               .counting = Int(r, "counting") != 0};
      });
  return out;
}

void MeetingsRepo::SaveBallot(int64_t meeting_id, const MeetingBallotRow& b) {
  long long mid = meeting_id;
  int round = b.round, counting = b.counting ? 1 : 0;
  s_.sql() << "DELETE FROM meeting_ballots WHERE meeting_id = :m", soci::use(mid, "m");
  s_.sql()
      << "INSERT INTO meeting_ballots (meeting_id, round, election_key, tally, counting) VALUES (:m, :r, "
         ":k, :t, :c)",
      soci::use(mid, "m"), soci::use(round, "r"), soci::use(b.election_key, "k"), soci::use(b.tally, "t"),
      soci::use(counting, "c");
}

std::vector<TrusteeRow> MeetingsRepo::Trustees(int64_t meeting_id, int round) {
  std::vector<TrusteeRow> out;
  Query()
      .Where("meeting_id = :m AND round = :r")
      .Bind("m", static_cast<long long>(meeting_id))
      .Bind("r", static_cast<long long>(round))
      .ForEach(s_, "role, user_id, name, public_share, partials, registered_at, decrypted_at",
               "meeting_trustees", "ORDER BY role", [&](const soci::row& r) {
                 out.push_back(TrusteeRow{.role = Str(r, "role"),
                                          .user_id = Int(r, "user_id"),
                                          .name = Str(r, "name"),
                                          .public_share = Str(r, "public_share"),
                                          .partials = Str(r, "partials"),
                                          .registered_at = Int(r, "registered_at"),
                                          .decrypted_at = Int(r, "decrypted_at")});
               });
  return out;
}

void MeetingsRepo::SetTrusteeKey(int64_t meeting_id, int round, const TrusteeRow& t) {
  long long mid = meeting_id, uid = t.user_id, at = t.registered_at;
  s_.sql() << "DELETE FROM meeting_trustees WHERE meeting_id = :m AND round = :r AND role = :role",
      soci::use(mid, "m"), soci::use(round, "r"), soci::use(t.role, "role");
  s_.sql() << "INSERT INTO meeting_trustees (meeting_id, round, role, user_id, name, public_share, "
              "registered_at) VALUES (:m, :r, :role, :u, :n, :p, :at)",
      soci::use(mid, "m"), soci::use(round, "r"), soci::use(t.role, "role"), soci::use(uid, "u"),
      soci::use(t.name, "n"), soci::use(t.public_share, "p"), soci::use(at, "at");
}

void MeetingsRepo::SetTrusteePartials(int64_t meeting_id, int round, const std::string& role,
                                      const std::string& partials, int64_t at) {
  long long mid = meeting_id, when = at;
  s_.sql()
      << "UPDATE meeting_trustees SET partials = :p, decrypted_at = :at WHERE meeting_id = :m AND round = "
         ":r AND role = :role",
      soci::use(partials, "p"), soci::use(when, "at"), soci::use(mid, "m"), soci::use(round, "r"),
      soci::use(role, "role");
}

void MeetingsRepo::InsertSheet(int64_t meeting_id, int round, const std::string& fingerprint,
                               const std::string& sheet) {
  long long mid = meeting_id;
  s_.sql() << "INSERT INTO ballot_sheets (meeting_id, round, fingerprint, sheet) VALUES (:m, :r, :f, :s)",
      soci::use(mid, "m"), soci::use(round, "r"), soci::use(fingerprint, "f"), soci::use(sheet, "s");
}

bool MeetingsRepo::HasSheet(int64_t meeting_id, int round, const std::string& fingerprint) {
  return Query()
             .Where("meeting_id = :m AND round = :r AND fingerprint = :f")
             .Bind("m", static_cast<long long>(meeting_id))
             .Bind("r", static_cast<long long>(round))
             .Bind("f", fingerprint)
             .Count(s_, "ballot_sheets") > 0;
}

std::vector<std::pair<std::string, std::string>> MeetingsRepo::Sheets(int64_t meeting_id, int round) {
  std::vector<std::pair<std::string, std::string>> out;
  // In fingerprint order: the board shows no order of casting.
  Query()
      .Where("meeting_id = :m AND round = :r")
      .Bind("m", static_cast<long long>(meeting_id))
      .Bind("r", static_cast<long long>(round))
      .ForEach(s_, "fingerprint, sheet", "ballot_sheets", "ORDER BY fingerprint",
               [&](const soci::row& r) { out.emplace_back(Str(r, "fingerprint"), Str(r, "sheet")); });
  return out;
}

void MeetingsRepo::VoidVote(int64_t meeting_id, const std::string& planned_status, int next_round) {
  long long mid = meeting_id;
  s_.sql() << "DELETE FROM ballot_receipts WHERE meeting_id = :m", soci::use(mid, "m");
  s_.sql() << "DELETE FROM meeting_recusals WHERE meeting_id = :m", soci::use(mid, "m");
  s_.sql() << "UPDATE meetings SET status = :st, voting_at = 0 WHERE id = :m",
      soci::use(planned_status, "st"), soci::use(mid, "m");
  SaveBallot(meeting_id, MeetingBallotRow{.round = next_round});
}

}  // namespace zc::storage
