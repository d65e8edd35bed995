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

struct AppStateRow {
  int64_t id = 0;
  std::string state;
};

class ReviewChecksRepo {
 public:
  explicit ReviewChecksRepo(Session& s) : s_(s) {}

  // Meetings in `status` (closed) with their minutes and seal, by id.
  std::vector<SealedMinutesRow> SealedMinutes(const std::string& status);
  // Ballot sheets of members marked absent, and of experts who are not members of the meeting.
  int64_t CountAbsentVoters();
  int64_t CountStrangerVoters();
  // Applications in state `certified` without a certificate in state `valid`, and applications in state
  // `revoked` without a certificate in state `cert_revoked` (the callers' codes, from the two tables).
  std::vector<AppStateRow> CertificateMismatches(const std::string& certified, const std::string& revoked,
                                                 const std::string& valid, const std::string& cert_revoked);

 private:
  Session& s_;
};

}  // namespace zc::storage
