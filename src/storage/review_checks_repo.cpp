#include "storage/review_checks_repo.hpp"

namespace zc::storage {

std::vector<SealedMinutesRow> ReviewChecksRepo::SealedMinutes(const std::string& status) {
  std::vector<SealedMinutesRow> out;
  Query()
      .Where("status = :closed")
      .Bind("closed", status)
      .ForEach(s_, "id, minutes, seal_sha256", "meetings", "ORDER BY id", [&](const soci::row& r) {
        out.push_back({Int(r, "id"), Str(r, "minutes"), Str(r, "seal_sha256")});
      });
  return out;
}

std::map<int64_t, int64_t> ReviewChecksRepo::SheetsPerMeeting() {
  std::map<int64_t, int64_t> out;
  Query().ForEach(s_, "meeting_id", "ballot_receipts", "",
                  [&](const soci::row& r) { ++out[Int(r, "meeting_id")]; });
  return out;
}

std::map<std::pair<int64_t, int64_t>, int64_t> ReviewChecksRepo::RecusedSheets() {
  std::map<std::pair<int64_t, int64_t>, int64_t> out;
  Query().ForEach(s_, "r.meeting_id, r.application_id",
                  "meeting_recusals r JOIN ballot_receipts b ON b.meeting_id = "
                  "r.meeting_id AND b.expert_id = r.expert_id",
                  "", [&](const soci::row& r) {
                    ++out[{Int(r, "meeting_id"), Int(r, "application_id")}];
                  });
  return out;
}

std::vector<TallyCheckRow> ReviewChecksRepo::Tallies() {
  std::vector<TallyCheckRow> out;
  Query().ForEach(s_, "meeting_id, application_id, yes, no, abstain", "ballot_tally",
                  "ORDER BY meeting_id, application_id", [&](const soci::row& r) {
                    out.push_back({Int(r, "meeting_id"), Int(r, "application_id"), Int(r, "yes"),
                                   Int(r, "no"), Int(r, "abstain")});
                  });
  return out;
}

int64_t ReviewChecksRepo::CountAbsentVoters() {
  return Query()
      .Where("mm.present = 0")
      .Count(s_,
             "ballot_receipts b JOIN meeting_members mm ON mm.meeting_id = "
             "b.meeting_id AND mm.expert_id = b.expert_id");
}

int64_t ReviewChecksRepo::CountStrangerVoters() {
  return Query()
      .Where(
          "NOT EXISTS (SELECT 1 FROM meeting_members mm WHERE mm.meeting_id = "
          "b.meeting_id AND mm.expert_id = b.expert_id)")
      .Count(s_, "ballot_receipts b");
}

std::vector<ResultCheckRow> ReviewChecksRepo::RecordedResults() {
  std::vector<ResultCheckRow> out;
  Query()
      .Where("c.yes IS NOT NULL")
      .ForEach(
          s_,
          "c.application_id, c.yes, c.no, c.abstain, c.passed, a.state, t.yes AS ty, t.no AS tn, t.abstain "
          "AS ta",
          "meeting_candidates c JOIN applications a ON a.id = c.application_id LEFT JOIN ballot_tally t ON "
          "t.meeting_id = c.meeting_id AND t.application_id = c.application_id",
          "", [&](const soci::row& r) {
            out.push_back({.application_id = Int(r, "application_id"),
                           .yes = Int(r, "yes"),
                           .no = Int(r, "no"),
                           .abstain = Int(r, "abstain"),
                           .passed = Int(r, "passed") != 0,
                           .state = Str(r, "state"),
                           .tally_yes = Int(r, "ty"),
                           .tally_no = Int(r, "tn"),
                           .tally_abstain = Int(r, "ta")});
          });
  return out;
}

std::vector<AppStateRow> ReviewChecksRepo::CertificateMismatches(const std::string& certified,
                                                                 const std::string& revoked,
                                                                 const std::string& valid,
                                                                 const std::string& cert_revoked) {
  std::vector<AppStateRow> out;
  Query()
      .Where(
          "(a.state = :certified AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.application_id = a.id "
          "AND c.status = :valid)) OR (a.state = :revoked AND NOT EXISTS (SELECT 1 FROM certificates c WHERE "
          "c.application_id = a.id AND c.status = :cert_revoked))")
      .Bind("certified", certified)
      .Bind("valid", valid)
      .Bind("revoked", revoked)
      .Bind("cert_revoked", cert_revoked)
      .ForEach(s_, "a.id, a.state", "applications a", "", [&](const soci::row& r) {
        out.push_back({Int(r, "id"), Str(r, "state")});
      });
  return out;
}

}  // namespace zc::storage
