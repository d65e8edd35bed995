#pragma once
// The committee's work (docs/review.md, 人社部令第 40 号): the expert pool and committee members, specialty
// review groups with a replayable random draw that avoids conflicts of interest, the experts' reviews, the
// meeting with its quorum and secret ballot, sealed minutes, result publicity with public objections,
// certificates with public verification, the integrity archive, re-examination and complaint cases.
// Transitions of the application go through the workflow's table (Workflow::ApplyReviewStep).
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts.hpp"
#include "base/error_codes.hpp"
#include "base/result.hpp"
#include "calendar/calendar_store.hpp"
#include "campaign/campaign.hpp"
#include "review/views.hpp"
#include "storage/database.hpp"
#include "workflow/workflow.hpp"

namespace zc::review {

namespace json = boost::json;
using accounts::Actor;
using accounts::Principal;

// ---- Pure rules (tested on their own) ----

// The draw of docs/review.md: a Fisher–Yates pick of `places` of `candidates` driven by SHA-256(seed ‖
// counter). The same seed and candidates always give the same pick.
std::vector<int64_t> DrawPick(const std::string& seed_hex, std::vector<int64_t> candidates, int places);
// The least k with k / n >= num / den: the members needed for a quorum, the yes votes needed to pass.
int AtLeast(int n, int num, int den);

struct Vote {
  int64_t application_id = 0;
  std::string choice;  // yes | no | abstain
};

// Checks the stored review against its rules: sealed minutes match their hash; every meeting's encrypted
// ballot box is recomputed from its public data (keys and their proofs, each sheet's proofs, one sheet per
// receipt, the tally, the trustees' decryption proofs) and the decrypted counts must equal the recorded
// results, the minutes' counts, and — under the campaign's rule with the members present and the recusals
// (`campaigns`, when given) — the recorded outcome and the applications' states; receipts only from members
// present; certificates agree with states. One line per problem.
std::vector<std::string> CheckInvariants(storage::Database& db,
                                         const std::vector<campaign::Campaign>* campaigns = nullptr);

// An objection to a published result (POST /public/results/{id}/objections) as read from the body.
struct RaiseResultObjection {
  std::optional<int64_t> entry_id;  // empty when absent (or not a number)
  std::string name, contact, content;
  // What could not be read (unknown members, members of the wrong type): reported before the other problems.
  FieldErrors unreadable;
};

// An expert as read from POST /experts or PUT /experts/{id} (or from a row of the import template).
struct ExpertCommand {
  std::string name, login, title, unit_name, unit_credit_code, term_start, term_end;
  std::optional<std::string> id_number;  // none when absent: an update keeps the stored number
  // None when absent or not an array; an element that is not a string is none.
  std::optional<std::vector<std::optional<std::string>>> families;
  struct Relation {
    std::string name, id_number, relation;
  };
  // None when absent (an update keeps the stored relations), empty for null; an element that is not an object
  // is none.
  std::optional<std::vector<std::optional<Relation>>> relations;
  bool relations_unreadable = false;  // present, but neither an array nor null
  bool active = true;
  // What could not be read (unknown members, members of the wrong type): reported before the other problems.
  FieldErrors unreadable;
};

// A committee's members (PUT /committees/{code}/members) as read from the body.
struct SetMembersCommand {
  struct Member {
    int64_t expert_id = 0;  // 0 when absent or not a number
    std::string position, term_start, term_end;
  };
  // None when absent or not an array; an element that is not an object is none.
  std::optional<std::vector<std::optional<Member>>> members;
  FieldErrors unreadable;  // as in ExpertCommand
};

// A re-examination request or complaint (POST /cases) as read from the body.
struct FileCaseCommand {
  std::string kind;
  std::optional<int64_t> application_id;  // empty when absent (or not a number)
  std::string subject, content;
  FieldErrors unreadable;  // as in ExpertCommand
};

class Review {
 public:
  Review(accounts::Env env, const std::vector<campaign::Campaign>& campaigns,
         calendar::CalendarStore& calendars, workflow::Workflow& wf);

  // ---- Expert pool and committees ----
  Result<views::ExpertPage> Experts(const Principal& p, const std::string& q, const std::string& family,
                                    const storage::PageRequest& page = {});
  // Creates (no id) or updates an expert.
  Result<views::Expert> SaveExpert(const Actor& actor, std::optional<int64_t> id, const ExpertCommand& cmd);
  // The columns of the expert import template, in order (header, width).
  static const std::vector<std::pair<std::string, double>>& ExpertImportColumns();
  // Imports the rows of a filled template (rows[0] its header) in one transaction: every expert or none. A
  // wrong header is import_wrong_columns; wrong rows are import_rows_invalid with one field error per cell,
  // named rows[N].<field> where N is the row number in the spreadsheet. {imported: n}.
  Result<views::ExpertImport> ImportExperts(const Actor& actor,
                                            const std::vector<std::vector<std::string>>& rows);
  Result<views::CommitteeList> Committees(const Principal& p);
  Result<views::Committee> SetMembers(const Actor& actor, const std::string& code,
                                      const SetMembersCommand& cmd);

  // ---- Groups, draws, experts' reviews ----
  // Creates a group. As for meetings, the request's own fields (a name, a family of the campaign, a size of
  // 1–15, at least one application) are checked where the body is read; here each application must be
  // visible, accepted, past pre-review publicity, of the group's family and in no other group.
  Result<views::ReviewGroup> CreateGroup(const Actor& actor, const views::ReviewGroupsPostRequest& req);
  Result<views::ReviewGroupPage> Groups(const Principal& p, const storage::PageRequest& page = {});
  Result<views::ReviewGroup> Group(const Principal& p, int64_t id);
  Result<views::DrawOutcome> Draw(const Actor& actor, int64_t group_id, const std::string& seed);
  Result<views::Draw> GetDraw(const Principal& p, int64_t id);
  Result<views::DrawReplay> Replay(const Principal& p, int64_t id);
  Result<views::ExpertAssignments> Assignments(const Principal& p);
  Result<views::ExpertAssignments> Respond(const Actor& actor, int64_t group_id, bool accept,
                                           const std::string& reason);
  Result<views::ExpertApplication> ExpertApplication(const Principal& p, int64_t app_id);
  Result<views::ExpertApplication> SaveReview(const Actor& actor, int64_t app_id,
                                              const std::string& recommendation,
                                              const std::string& conformity, const std::string& comments);
  Result<views::ExpertAssignments> Withdraw(const Actor& actor, int64_t app_id, const std::string& reason);

  // ---- Meetings ----
  // Plans a meeting. The request's own fields are checked where the body is read (http/review_routes.cpp):
  // a known committee, a title, a date and at least one application; here the committee must have members
  // and each application must be visible, accepted, not yet scheduled and fully reviewed by its group.
  Result<views::Meeting> CreateMeeting(const Actor& actor, const views::MeetingsPostRequest& req);
  Result<views::MeetingPage> Meetings(const Principal& p, const storage::PageRequest& page = {});
  Result<views::Meeting> Meeting(const Principal& p, int64_t id);
  Result<views::Meeting> SetAttendance(const Actor& actor, int64_t id, const std::vector<int64_t>& present);
  // A planned meeting moves to another day (today or later), so that a meeting whose day passed before its
  // vote opened is never stuck (voting happens on the meeting day only).
  Result<views::Meeting> Reschedule(const Actor& actor, int64_t id, const std::string& held_on);
  Result<views::Meeting> OpenVoting(const Actor& actor, int64_t id);
  // A member's ballot: `sheet` (encrypted in their browser) or `votes` (encrypted here on arrival). Returns
  // the ballot's fingerprint, the member's receipt on the public board.
  Result<std::string> Vote(const Actor& actor, int64_t id, const std::vector<review::Vote>* votes,
                           const boost::json::value* sheet);
  // The encrypted ballot (docs/review.md "The secret ballot"). A trustee registers the public part of a key
  // made in their browser; voting opens once both trustees have; closing the vote sums the sheets; each
  // trustee decrypts the sums; once both have, the results are counted and the minutes sealed.
  Result<views::Meeting> RegisterTrusteeKey(const Actor& actor, int64_t id,
                                            const views::MeetingsTrusteeKeyPutRequest& req);
  Result<views::Meeting> CloseMeeting(const Actor& actor, int64_t id);
  Result<views::Meeting> Decrypt(const Actor& actor, int64_t id, const boost::json::value& partials);
  // A trustee cannot decrypt (a lost key file, a forgotten passphrase), or the vote must be repeated: its
  // sheets count for nothing, the meeting is planned again for a new key ceremony and a new vote.
  Result<views::Meeting> VoidVote(const Actor& actor, int64_t id, const std::string& reason);
  // The public bulletin board: keys, proofs, sheets, tally, decryptions and results.
  Result<views::Board> Board(int64_t id);
  Result<views::MeetingMinutes> Minutes(const Principal& p, int64_t id);

  // ---- Results, certificates, integrity, cases ----
  Result<views::ResultPublicity> StartPublicity(const Actor& actor, int64_t meeting_id,
                                                const std::string& start_date);
  Result<views::ResultPublicityPage> Publicities(const Principal& p, const storage::PageRequest& page = {});
  Result<views::ResultPublicity> Publicity(const Principal& p, int64_t id);
  Result<views::PublicResultPage> PublicResults(const storage::PageRequest& page = {});
  Result<views::CreatedId> PublicObjection(int64_t publicity_id, const RaiseResultObjection& cmd,
                                           const std::string& ip);
  Result<views::ResultPublicity> ResolveObjection(const Actor& actor, int64_t id, const std::string& outcome,
                                                  const std::string& resolution);
  Result<views::ResultPublicity> Confirm(const Actor& actor, int64_t publicity_id);
  // Filters: q (number or name), status (valid | revoked; "" all).
  Result<views::CertificatePage> Certificates(const Principal& p, const std::string& q,
                                              const storage::PageRequest& page = {},
                                              const std::string& status = {});
  Result<views::MyCertificates> MyCertificates(const Principal& p);
  // One certificate with its verification code: the holder's own, or any for the office and the city admin.
  Result<views::Certificate> Certificate(const Principal& p, int64_t id);
  // Public verification by number and name, or by code; a success is logged with the checker.
  Result<views::CertificateVerification> Verify(const std::string& number, const std::string& name,
                                                const std::string& code, const std::string& checker,
                                                const std::string& ip);
  Result<views::Certificate> Revoke(const Actor& actor, int64_t certificate_id, const std::string& reason,
                                    const std::string& evidence);
  // in_force: "true" (in force today), "false" (expired or not yet), "" all.
  Result<views::IntegrityRecordPage> IntegrityRecords(const Principal& p,
                                                      const storage::PageRequest& page = {},
                                                      const std::string& in_force = {});
  Result<views::IntegrityRecordPage> AddIntegrityRecord(const Actor& actor, int64_t app_id,
                                                        const std::string& reason,
                                                        const std::string& evidence);
  Result<views::MyIntegrityRecords> MyIntegrity(const Principal& p);
  Result<views::Case> FileCase(const Actor& actor, const FileCaseCommand& cmd);
  // Filters: status (open | closed), kind (re_examination | complaint); "" all.
  Result<views::CasePage> Cases(const Principal& p, const storage::PageRequest& page = {},
                                const std::string& status = {}, const std::string& kind = {});
  Result<views::Case> CloseCase(const Actor& actor, int64_t id, const std::string& outcome,
                                const std::string& text);
  // The review work waiting for the caller (home page): {items: [{kind, count, text, link}]}.
  Result<views::TodoList> Todo(const Principal& p);

 private:
  Result<views::Expert> SaveExpertIn(storage::Session& s, const Actor& actor, std::optional<int64_t> id,
                                     const ExpertCommand& cmd);
  accounts::Env env_;
  const std::vector<campaign::Campaign>& campaigns_;
  calendar::CalendarStore& calendars_;
  workflow::Workflow& wf_;
};

}  // namespace zc::review
