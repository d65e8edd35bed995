// The review's stored facts checked against its rules (zhicheng check-invariants).
#include <map>
#include <set>

#include "base/crypto.hpp"
#include "review/internal.hpp"
#include "review/lifecycles.hpp"
#include "storage/review_checks_repo.hpp"

namespace zc::review {

std::vector<std::string> CheckInvariants(storage::Database& db,
                                         const std::vector<campaign::Campaign>* campaigns) {
  std::vector<std::string> out;
  storage::Session s(db);
  storage::ReviewChecksRepo checks(s);
  // Sealed minutes still match their hash.
  for (const auto& m : checks.SealedMinutes(Code(MeetingState::kClosed)))
    if (Sha256Hex(m.minutes) != m.seal_sha256)
      out.push_back("meeting " + std::to_string(m.id) + ": the minutes do not match their seal");
  // The encrypted ballot box, recomputed from its public data (meetings.cpp CheckMeetingBallots).
  for (auto& p : CheckMeetingBallots(s, campaigns)) out.push_back(std::move(p));
  const int64_t absent_voters = checks.CountAbsentVoters();
  const int64_t strangers = checks.CountStrangerVoters();
  if (absent_voters + strangers > 0)
    out.push_back(std::to_string(absent_voters + strangers) +
                  " ballots from members not present or not members");
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
