// The review's stored facts checked against its rules (zhicheng check-invariants).
#include <map>
#include <set>

#include "base/crypto.hpp"
#include "review/internal.hpp"

namespace zc::review {

std::vector<std::string> CheckInvariants(storage::Database& db) {
  std::vector<std::string> out;
  storage::Session s(db);
  // Sealed minutes still match their hash.
  storage::Query()
      .Where("status = 'closed'")
      .ForEach(s, "id, minutes, seal_sha256", "meetings", "ORDER BY id", [&](const soci::row& r) {
        if (Sha256Hex(storage::Str(r, "minutes")) != storage::Str(r, "seal_sha256"))
          out.push_back("meeting " + std::to_string(storage::Int(r, "id")) +
                        ": the minutes do not match their seal");
      });
  // One ballot sheet per receipt, one vote per candidate on each sheet, and receipts only from those present.
  std::map<int64_t, std::set<std::string>> boxes;
  std::map<std::pair<int64_t, std::string>, int> votes_per_box;
  storage::Query().ForEach(s, "meeting_id, box", "ballots", "", [&](const soci::row& r) {
    boxes[storage::Int(r, "meeting_id")].insert(storage::Str(r, "box"));
    ++votes_per_box[{storage::Int(r, "meeting_id"), storage::Str(r, "box")}];
  });
  std::map<int64_t, int64_t> receipts, candidates;
  storage::Query().ForEach(s, "meeting_id", "ballot_receipts", "",
                           [&](const soci::row& r) { ++receipts[storage::Int(r, "meeting_id")]; });
  storage::Query().ForEach(s, "meeting_id", "meeting_candidates", "",
                           [&](const soci::row& r) { ++candidates[storage::Int(r, "meeting_id")]; });
  std::set<int64_t> meetings;
  for (const auto& [m, b] : boxes) meetings.insert(m);
  for (const auto& [m, n] : receipts) meetings.insert(m);
  for (int64_t m : meetings) {
    if (static_cast<int64_t>(boxes[m].size()) != receipts[m])
      out.push_back("meeting " + std::to_string(m) + ": " + std::to_string(boxes[m].size()) +
                    " ballot sheets but " + std::to_string(receipts[m]) + " receipts");
    for (const auto& box : boxes[m])
      if (votes_per_box[{m, box}] != candidates[m])
        out.push_back("meeting " + std::to_string(m) + ": a ballot sheet does not vote once per candidate");
  }
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
  // Tallies agree with the ballots, and each result with the application's state.
  storage::Query()
      .Where("c.yes IS NOT NULL")
      .ForEach(
          s, "c.meeting_id, c.application_id, c.yes, c.no, c.abstain, c.passed, a.state",
          "meeting_candidates c JOIN applications a ON a.id = c.application_id", "", [&](const soci::row& r) {
            const int64_t m = storage::Int(r, "meeting_id"), app = storage::Int(r, "application_id");
            std::map<std::string, int64_t> n;
            storage::Query()
                .Where("meeting_id = :m AND application_id = :a")
                .Bind("m", static_cast<long long>(m))
                .Bind("a", static_cast<long long>(app))
                .ForEach(s, "choice", "ballots", "",
                         [&](const soci::row& b) { ++n[storage::Str(b, "choice")]; });
            if (n["yes"] != storage::Int(r, "yes") || n["no"] != storage::Int(r, "no") ||
                n["abstain"] != storage::Int(r, "abstain"))
              out.push_back("application " + std::to_string(app) + ": the tally differs from the ballots");
            const std::string state = storage::Str(r, "state");
            const bool passed = storage::Int(r, "passed") != 0;
            if (!passed && state != "failed")
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
