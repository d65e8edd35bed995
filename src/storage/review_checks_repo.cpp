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
