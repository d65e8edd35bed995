#pragma once
// The reads of the review's invariant checker (zhicheng check-invariants): sealed minutes, the ballot box
// against the recorded results, and the certificates of certified or revoked applications. Named queries
// only; what must hold and the messages live in review/invariants.cpp.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct SealedMinutesRow {
  int64_t id = 0;
  std::string minutes, seal_sha256;
};

struct TallyCheckRow {
  int64_t meeting_id = 0, application_id = 0;
  int64_t yes = 0, no = 0, abstain = 0;
};

// A recorded result beside the ballot box's counts (0 when the box has no row) and the application's state.
struct ResultCheckRow {
  int64_t application_id = 0;
  int64_t yes = 0, no = 0, abstain = 0;
  bool passed = false;
  std::string state;
  int64_t tally_yes = 0, tally_no = 0, tally_abstain = 0;
};

struct AppStateRow {
  int64_t id = 0;
  std::string state;
};

class ReviewChecksRepo {
 public:
  explicit ReviewChecksRepo(Session& s) : s_(s) {}

  // Meetings in `status` (closed) with their minutes and seal, by id.
  std::vector<SealedMinutesRow> SealedMinutes(const std::string& status);
  // Ballot sheets cast per meeting.
  std::map<int64_t, int64_t> SheetsPerMeeting();
  // Ballot sheets cast by members who withdrew from a candidate, per {meeting, application}.
  std::map<std::pair<int64_t, int64_t>, int64_t> RecusedSheets();
  // The ballot box's counts, by meeting then application.
  std::vector<TallyCheckRow> Tallies();
  // Ballot sheets of members marked absent, and of experts who are not members of the meeting.
  int64_t CountAbsentVoters();
  int64_t CountStrangerVoters();
  // The candidates whose result is recorded.
  std::vector<ResultCheckRow> RecordedResults();
  // Applications in state `certified` without a certificate in state `valid`, and applications in state
  // `revoked` without a certificate in state `cert_revoked` (the callers' codes, from the two tables).
  std::vector<AppStateRow> CertificateMismatches(const std::string& certified, const std::string& revoked,
                                                 const std::string& valid, const std::string& cert_revoked);

 private:
  Session& s_;
};

}  // namespace zc::storage
