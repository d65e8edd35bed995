// The review's stored facts checked against its rules (zhicheng check-invariants).
#include <map>
#include <set>

#include "base/crypto.hpp"
#include "review/internal.hpp"
#include "review/lifecycles.hpp"

namespace zc::review {

std::vector<std::string> CheckInvariants(storage::Database& db) {
  std::vector<std::string> out;
  storage::Session s(db);
  // Sealed minutes still match their hash.
  storage::Query()
      .Where("status = :closed")
      .Bind("closed", Code(MeetingState::kClosed))
      .ForEach(s, "id, minutes, seal_sha256", "meetings", "ORDER BY id", [&](const soci::row& r) {
        if (Sha256Hex(storage::Str(r, "minutes")) != storage::Str(r, "seal_sha256"))
          out.push_back("meeting " + std::to_string(storage::Int(r, "id")) +
                        ": the minutes do not match their seal");
      });
  // Every sheet votes once for every candidate: each candidate's counters add up to the receipts.
  std::map<int64_t, int64_t> receipts;
  storage::Query().ForEach(s, "meeting_id", "ballot_receipts", "",
                           [&](const soci::row& r) { ++receipts[storage::Int(r, "meeting_id")]; });
  std::map<std::pair<int64_t, int64_t>, int64_t> recused_sheets;
  storage::Query().ForEach(
      s, "r.meeting_id, r.application_id",
      "meeting_recusals r JOIN ballot_receipts b ON b.meeting_id = "
      "r.meeting_id AND b.expert_id = r.expert_id",
      "", [&](const soci::row& r) {
        ++recused_sheets[{storage::Int(r, "meeting_id"), storage::Int(r, "application_id")}];
      });
  storage::Query().ForEach(
      s, "meeting_id, application_id, yes, no, abstain", "ballot_tally",
      "ORDER BY meeting_id, application_id", [&](const soci::row& r) {
        const int64_t m = storage::Int(r, "meeting_id");
        const int64_t app = storage::Int(r, "application_id");
        const int64_t votes = storage::Int(r, "yes") + storage::Int(r, "no") + storage::Int(r, "abstain");
        // Members who withdrew from this candidate (回避) voted on the others only.
        const int64_t sheets = receipts[m] - recused_sheets[{m, app}];
        if (votes != sheets)
          out.push_back("meeting " + std::to_string(m) + ", application " + std::to_string(app) + ": " +
                        std::to_string(votes) + " votes but " + std::to_string(sheets) + " ballot sheets");
      });
  const int64_t absent_voters = storage::Query()
                                    .Where("mm.present = 0")
                                    .Count(s,
                                           "ballot_receipts b JOIN meeting_members mm ON mm.meeting_id = "
                                           "b.meeting_id AND mm.expert_id = b.expert_id");
  const int64_t strangers = storage::Query()
                                .Where(
                                    "NOT EXISTS (SELECT 1 FROM meeting_members mm WHERE mm.meeting_id = "
                                    "b.meeting_id AND mm.expert_id = b.expert_id)")
                                .Count(s, "ballot_receipts b");
  if (absent_voters + strangers > 0)
    out.push_back(std::to_string(absent_voters + strangers) +
                  " ballots from members not present or not members");
  // The recorded results equal the ballot box, and each result agrees with the application's state.
  storage::Query()
      .Where("c.yes IS NOT NULL")
      .ForEach(
          s,
          "c.application_id, c.yes, c.no, c.abstain, c.passed, a.state, t.yes AS ty, t.no AS tn, t.abstain "
          "AS ta",
          "meeting_candidates c JOIN applications a ON a.id = c.application_id LEFT JOIN ballot_tally t ON "
          "t.meeting_id = c.meeting_id AND t.application_id = c.application_id",
          "", [&](const soci::row& r) {
            const int64_t app = storage::Int(r, "application_id");
            if (storage::Int(r, "yes") != storage::Int(r, "ty") ||
                storage::Int(r, "no") != storage::Int(r, "tn") ||
                storage::Int(r, "abstain") != storage::Int(r, "ta"))
              out.push_back("application " + std::to_string(app) +
                            ": the recorded result differs from the ballot box");
            const std::string state = storage::Str(r, "state");
            if (storage::Int(r, "passed") == 0 && state != "failed")
              out.push_back("application " + std::to_string(app) + ": failed the vote but is " + state);
          });
  // Certificates: one valid for each certified application, a revoked one for each revoked application.
  storage::Query()
      .Where(
          "(a.state = 'certified' AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.application_id = a.id "
          "AND "
          "c.status = 'valid')) OR (a.state = 'revoked' AND NOT EXISTS (SELECT 1 FROM certificates c WHERE "
          "c.application_id = a.id AND c.status = 'revoked'))")
      .ForEach(s, "a.id, a.state", "applications a", "", [&](const soci::row& r) {
        out.push_back("application " + std::to_string(storage::Int(r, "id")) + " is " +
                      storage::Str(r, "state") + " without a matching certificate");
      });
  return out;
}

}  // namespace zc::review
