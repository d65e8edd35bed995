#pragma once
// The repository of the committee meetings (评审会议, meetings): their members and attendance
// (meeting_members), candidates and recorded results (meeting_candidates), recusals (回避,
// meeting_recusals) and the secret ballot: who has voted (ballot_receipts) apart from the running counts per
// candidate (ballot_tally), so that no row links a member to a choice. Named queries only; quorum, the pass
// rule, who may vote and the meeting lifecycle live in review/meetings.cpp and review/lifecycles.hpp (the
// status codes are passed in from there).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct MeetingRow {
  int64_t id = 0;
  std::string campaign_id, committee_code, title, held_on, status, minutes, seal_sha256;
  int member_count = 0, present_count = 0;
  int64_t voting_at = 0, closed_at = 0;
};

struct NewMeeting {
  std::string campaign_id, committee_code, title, held_on, status;
  int64_t created_by = 0, created_at = 0;
};

struct MeetingListRow {
  int64_t id = 0;
  std::string title, held_on, status, committee_code;
  int64_t member_count = 0, present_count = 0;
};

struct MeetingPageRows {
  std::vector<MeetingListRow> rows;
  int64_t total = 0;
  std::optional<Cursor> next;
};

struct MeetingMemberRow {
  int64_t expert_id = 0;
  std::string name, position;  // name: the expert's
  bool present = false;
};

// A meeting an expert is a member of.
struct ExpertMeetingRow {
  int64_t id = 0;
  std::string title, held_on, status;
  bool present = false;
};

struct MeetingCandidateRow {
  int64_t application_id = 0;
  bool tallied = false;  // the result is recorded (the meeting closed)
  int yes = 0, no = 0, abstain = 0;
  bool passed = false;
};

struct RecusalRow {
  int64_t application_id = 0, expert_id = 0;
  std::string name;     // the expert's
  std::string reasons;  // conflict codes, comma-separated
};

struct MeetingBallotRow {
  int round = 1;
  std::string election_key, tally;
  bool counting = false;  // voting closed, the tally waits for the trustees' decryptions
};

struct TrusteeRow {
  std::string role;  // chair | office
  int64_t user_id = 0;
  std::string name, public_share, partials;
  int64_t registered_at = 0, decrypted_at = 0;
};

class MeetingsRepo {
 public:
  explicit MeetingsRepo(Session& s) : s_(s) {}

  std::optional<MeetingRow> Find(int64_t id);
  void LockForUpdate(int64_t id);
  // Newest first; with `member_expert_id`, only the meetings that expert is a member of.
  MeetingPageRows List(std::optional<int64_t> member_expert_id, const PageRequest& page);
  // A committee's meetings whose status is not `status`.
  int64_t CountForCommitteeNotIn(const std::string& committee_code, const std::string& status);
  // Meetings not in `status` that have the application as a candidate.
  int64_t CountForApplicationNotIn(int64_t application_id, const std::string& status);
  // Inserts the meeting with the committee's members (all absent) and the member count.
  int64_t Insert(const NewMeeting& m);
  void SetHeldOn(int64_t id, const std::string& held_on);
  std::vector<int64_t> AllIds();
  void OpenVoting(int64_t id, const std::string& status, int member_count, int present_count, int64_t at);
  void Close(int64_t id, const std::string& status, const std::string& minutes, const std::string& seal,
             int64_t at);

  // The members: the chair, the vice-chairs, then the members, each by expert id.
  std::vector<MeetingMemberRow> Members(int64_t meeting_id);
  // The meetings of an expert, newest first.
  std::vector<ExpertMeetingRow> MeetingsOf(int64_t expert_id);
  // Marks exactly `present` as present.
  void SetAttendance(int64_t meeting_id, const std::vector<int64_t>& present);

  // The candidates by application id.
  std::vector<MeetingCandidateRow> Candidates(int64_t meeting_id);
  int64_t CountCandidates(int64_t meeting_id);
  // How many meetings have the application as a candidate.
  int64_t CountMeetingsOf(int64_t application_id);
  void AddCandidate(int64_t meeting_id, int64_t application_id);
  void RecordResult(int64_t meeting_id, const MeetingCandidateRow& c);

  // By application, then expert.
  std::vector<RecusalRow> Recusals(int64_t meeting_id);
  void AddRecusal(int64_t meeting_id, int64_t application_id, int64_t expert_id, const std::string& reasons);

  // The ballot box. A receipt records that a member voted; the tally only counts: one row per candidate,
  // opened with zero counts when voting opens.
  // The encrypted ballot (migration 13): the meeting's round, election key and tally, its trustees and
  // sheets.
  MeetingBallotRow Ballot(int64_t meeting_id);  // round 1, nothing else, before the first key ceremony
  void SaveBallot(int64_t meeting_id, const MeetingBallotRow& b);
  std::vector<TrusteeRow> Trustees(int64_t meeting_id, int round);
  void SetTrusteeKey(int64_t meeting_id, int round, const TrusteeRow& t);
  void SetTrusteePartials(int64_t meeting_id, int round, const std::string& role, const std::string& partials,
                          int64_t at);
  void InsertSheet(int64_t meeting_id, int round, const std::string& fingerprint, const std::string& sheet);
  bool HasSheet(int64_t meeting_id, int round, const std::string& fingerprint);
  std::vector<std::pair<std::string, std::string>> Sheets(int64_t meeting_id,
                                                          int round);  // fingerprint, sheet
  // Voids a vote: its receipts, sheets, recusals and keys go; the meeting is planned again.
  void VoidVote(int64_t meeting_id, const std::string& planned_status, int next_round);
  bool HasVoted(int64_t meeting_id, int64_t expert_id);
  int64_t CountBallots(int64_t meeting_id);
  void InsertReceipt(int64_t meeting_id, int64_t expert_id);

 private:
  Session& s_;
};

}  // namespace zc::storage
