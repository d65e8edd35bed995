// The review's stored facts checked against its rules (zhicheng check-invariants).
#include <map>
#include <set>

#include "base/crypto.hpp"
#include "review/internal.hpp"
#include "review/lifecycles.hpp"
#include "storage/review_checks_repo.hpp"

namespace zc::review {

std::vector<std::string> CheckInvariants(storage::Database& db) {
  std::vector<std::string> out;
  storage::Session s(db);
  storage::ReviewChecksRepo checks(s);
  // Sealed minutes still match their hash.
  for (const auto& m : checks.SealedMinutes(Code(MeetingState::kClosed)))
    if (Sha256Hex(m.minutes) != m.seal_sha256)
      out.push_back("meeting " + std::to_string(m.id) + ": the minutes do not match their seal");
  // Every sheet votes once for every candidate: each candidate's counters add up to the receipts.
  std::map<int64_t, int64_t> receipts = checks.SheetsPerMeeting();
  std::map<std::pair<int64_t, int64_t>, int64_t> recused_sheets = checks.RecusedSheets();
  for (const auto& t : checks.Tallies()) {
    const int64_t m = t.meeting_id;
    const int64_t app = t.application_id;
    const int64_t votes = t.yes + t.no + t.abstain;
    // Members who withdrew from this candidate (回避) voted on the others only.
    const int64_t sheets = receipts[m] - recused_sheets[{m, app}];
    if (votes != sheets)
      out.push_back("meeting " + std::to_string(m) + ", application " + std::to_string(app) + ": " +
                    std::to_string(votes) + " votes but " + std::to_string(sheets) + " ballot sheets");
  }
  const int64_t absent_voters = checks.CountAbsentVoters();
  const int64_t strangers = checks.CountStrangerVoters();
  if (absent_voters + strangers > 0)
    out.push_back(std::to_string(absent_voters + strangers) +
                  " ballots from members not present or not members");
  // The recorded results equal the ballot box, and each result agrees with the application's state.
  for (const auto& r : checks.RecordedResults()) {
    const int64_t app = r.application_id;
    if (r.yes != r.tally_yes || r.no != r.tally_no || r.abstain != r.tally_abstain)
      out.push_back("application " + std::to_string(app) +
                    ": the recorded result differs from the ballot box");
    if (!r.passed && r.state != workflow::StateCode(workflow::State::kFailed))
      out.push_back("application " + std::to_string(app) + ": failed the vote but is " + r.state);
  }
  // Certificates: one valid for each certified application, a revoked one for each revoked application.
  for (const auto& a :
       checks.CertificateMismatches(std::string(workflow::StateCode(workflow::State::kCertified)),
                                    std::string(workflow::StateCode(workflow::State::kRevoked)),
                                    std::string(kCertificateLifecycle.Code(CertificateState::kValid)),
                                    std::string(kCertificateLifecycle.Code(CertificateState::kRevoked))))
    out.push_back("application " + std::to_string(a.id) + " is " + a.state +
                  " without a matching certificate");
  return out;
}

}  // namespace zc::review
