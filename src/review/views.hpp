#pragma once
// The requests and answers of the committee's review: experts, committees, groups and draws, meetings,
// publicity, certificates, integrity records and cases on the wire: the types of the API contract
// (base/contract.hpp, docs/api.md). The route table names them for each operation (http/contract.cpp);
// /api/v1/openapi.json and the web app's TypeScript types are generated from them, and the black-box tests
// check every answer and every accepted body against them. A member the server sends and this file lacks
// fails those tests.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "accounts/views.hpp"
#include "base/contract.hpp"
#include "eligibility/views.hpp"
#include "workflow/views.hpp"

namespace zc::review::views {

struct ApplicationsPaperPutRequest {
  int64_t copies;
  bool watermark;
  std::string form_number;
};
ZC_CONTRACT(ApplicationsPaperPutRequest, (copies, watermark, form_number))

// What a blocked step says: the one type the application's view uses too.
using workflow::views::UnavailableAction;

struct CasesPostRequest {
  std::string kind;
  std::optional<int64_t> application_id;
  std::string subject;
  std::string content;
};
ZC_CONTRACT(CasesPostRequest, (kind, application_id, subject, content))

struct Case {
  int64_t id;
  std::string kind;
  contract::Nullable<int64_t> application_id;
  std::string application_number;
  std::string filed_by_name;
  std::string subject;
  std::string content;
  std::string status;
  contract::Nullable<std::string> outcome;
  std::string outcome_text;
  std::string created_at;
  contract::Nullable<std::string> closed_at;
  // What the reader may do now, by the lifecycle table and its guards, and each step from this state that a
  // guard blocks, with the reason.
  std::vector<std::string> allowed_actions;
  std::vector<UnavailableAction> unavailable_actions;
};
ZC_CONTRACT(Case, (id, kind, application_id, application_number, filed_by_name, subject, content, status,
                   outcome, outcome_text, created_at, closed_at, allowed_actions, unavailable_actions))

struct CasePage {
  std::vector<Case> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
};
ZC_CONTRACT(CasePage, (items, total, page_size, next_cursor))

struct CasesClosePostRequest {
  std::string outcome;
  std::string outcome_text;
};
ZC_CONTRACT(CasesClosePostRequest, (outcome, outcome_text))

struct CertificateCheck {
  std::string at;
  std::string checker;
  std::string via;
};
ZC_CONTRACT(CertificateCheck, (at, checker, via))

struct Certificate {
  int64_t id;
  std::string number;
  std::string name;
  std::string level_name;
  std::string specialty_name;
  std::string committee_name;
  std::string issued_on;
  std::string status;
  contract::Nullable<std::string> revoked_on;
  std::string revoke_reason;
  int64_t application_id;
  std::optional<std::string> verify_code;  // the holder's own certificates only
  std::optional<std::vector<CertificateCheck>> checks;
  // What the reader may do now, by the lifecycle table and its guards, and each step from this state that a
  // guard blocks, with the reason.
  std::vector<std::string> allowed_actions;
  std::vector<UnavailableAction> unavailable_actions;
};
ZC_CONTRACT(Certificate,
            (id, number, name, level_name, specialty_name, committee_name, issued_on, status, revoked_on,
             revoke_reason, application_id, verify_code, checks, allowed_actions, unavailable_actions))

struct CertificatePage {
  std::vector<Certificate> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
};
ZC_CONTRACT(CertificatePage, (items, total, page_size, next_cursor))

struct CertificatesRevokePostRequest {
  std::string reason;
  std::string evidence;
};
ZC_CONTRACT(CertificatesRevokePostRequest, (reason, evidence))

struct CommitteeMember {
  int64_t expert_id;
  std::string name;
  std::string position;
  std::string unit_name;
  std::string term_start;
  std::string term_end;
};
ZC_CONTRACT(CommitteeMember, (expert_id, name, position, unit_name, term_start, term_end))

struct Committee {
  std::string code;
  std::string name;
  std::vector<std::string> levels;
  std::vector<std::string> regions;
  std::vector<std::string> expert_titles;
  std::vector<CommitteeMember> members;
  int64_t member_count;
};
ZC_CONTRACT(Committee, (code, name, levels, regions, expert_titles, members, member_count))

struct CommitteeList {
  std::vector<Committee> items;
  int64_t total;
};
ZC_CONTRACT(CommitteeList, (items, total))

struct CommitteesMembersPutRequestMember {
  int64_t expert_id;
  std::string position;
  std::string term_start;
  std::string term_end;
};
ZC_CONTRACT(CommitteesMembersPutRequestMember, (expert_id, position, term_start, term_end))

struct CommitteesMembersPutRequest {
  std::vector<CommitteesMembersPutRequestMember> members;
};
ZC_CONTRACT(CommitteesMembersPutRequest, (members))

struct DrawExclusion {
  int64_t expert_id;
  std::string name;
  std::vector<std::string> reasons;
};
ZC_CONTRACT(DrawExclusion, (expert_id, name, reasons))

struct Draw {
  int64_t id;
  int64_t group_id;
  std::string seed;
  int64_t places;
  std::vector<int64_t> candidates;
  std::vector<DrawExclusion> excluded;
  std::vector<int64_t> picked;
  std::string reason;
  std::string by;
  std::string at;
};
ZC_CONTRACT(Draw, (id, group_id, seed, places, candidates, excluded, picked, reason, by, at))

struct DrawReplay {
  int64_t draw_id;
  std::vector<int64_t> picked;
  std::vector<int64_t> replayed;
  bool matches;
};
ZC_CONTRACT(DrawReplay, (draw_id, picked, replayed, matches))

struct ExpertSnapshotApplicant {
  std::string name;
  std::string id_number_masked;
};
ZC_CONTRACT(ExpertSnapshotApplicant, (name, id_number_masked))

struct ExpertSnapshotUnit {
  std::string name;
  std::string credit_code;
};
ZC_CONTRACT(ExpertSnapshotUnit, (name, credit_code))

struct ExpertSnapshotPledge {
  std::string text;
  std::string at;
};
ZC_CONTRACT(ExpertSnapshotPledge, (text, at))

struct ExpertSnapshot {
  std::string number;
  std::string campaign_id;
  std::string level;
  std::string level_name;
  std::string specialty;
  std::string specialty_name;
  ExpertSnapshotApplicant applicant;
  ExpertSnapshotUnit unit;
  workflow::views::Archive archive;
  std::vector<workflow::views::ApplicationSlot> slots;
  eligibility::views::Eligibility eligibility;
  ExpertSnapshotPledge pledge;
  int64_t schema;
  std::string submitted_at;
};
ZC_CONTRACT(ExpertSnapshot, (number, campaign_id, level, level_name, specialty, specialty_name, applicant,
                             unit, archive, slots, eligibility, pledge, schema, submitted_at))

// PUT /expert/applications/{id}/review
struct ExpertReviewRequest {
  std::string recommendation;
  std::string conformity;
  std::string comments;
};
ZC_CONTRACT(ExpertReviewRequest, (recommendation, conformity, comments))

struct ExpertApplicationMyReview {
  std::string recommendation;
  std::string conformity;
  std::string comments;
  std::optional<std::string> at;
};
ZC_CONTRACT(ExpertApplicationMyReview, (recommendation, conformity, comments, at))

struct ExpertApplication {
  int64_t id;
  std::string number;
  std::string name;
  std::string level_name;
  std::string specialty_name;
  int64_t group_id;
  bool locked;
  ExpertSnapshot snapshot;  // the submitted snapshot's data, without the applicant's contact details
  int64_t snapshot_version;
  std::string snapshot_sha256;  // the frozen snapshot's digest: the expert reviews exactly this version
  contract::Nullable<ExpertApplicationMyReview> my_review;  // null until the expert has reviewed
};
ZC_CONTRACT(ExpertApplication, (id, number, name, level_name, specialty_name, group_id, locked, snapshot,
                                snapshot_version, snapshot_sha256, my_review))

struct ExpertAssignmentGroupApplication {
  int64_t id;
  std::string number;
  std::string name;
  std::string level_name;
  std::string specialty_name;
  std::string unit_name;
  contract::Nullable<ExpertApplicationMyReview> my_review;  // null until the expert has reviewed
};
ZC_CONTRACT(ExpertAssignmentGroupApplication,
            (id, number, name, level_name, specialty_name, unit_name, my_review))

struct ExpertAssignmentGroup {
  int64_t group_id;
  std::string name;
  std::string family_name;
  std::string status;
  std::vector<ExpertAssignmentGroupApplication> applications;
};
ZC_CONTRACT(ExpertAssignmentGroup, (group_id, name, family_name, status, applications))

struct ExpertAssignmentMeeting {
  int64_t id;
  std::string title;
  std::string held_on;
  std::string status;
  bool present;
  bool voted;
};
ZC_CONTRACT(ExpertAssignmentMeeting, (id, title, held_on, status, present, voted))

struct ExpertAssignments {
  std::vector<ExpertAssignmentGroup> groups;
  std::vector<ExpertAssignmentMeeting> meetings;
};
ZC_CONTRACT(ExpertAssignments, (groups, meetings))

struct ExpertRelation {
  std::string name;
  std::string id_number_masked;
  std::string relation;
};
ZC_CONTRACT(ExpertRelation, (name, id_number_masked, relation))

struct Expert {
  int64_t id;
  contract::Nullable<std::string> login;  // null for an expert without a sign-in account
  std::string name;
  std::string id_number_masked;
  std::vector<std::string> families;
  std::vector<std::string> family_names;
  std::string title;
  std::string title_name;
  std::string unit_name;
  std::string unit_credit_code;
  std::string term_start;
  std::string term_end;
  bool in_term;
  bool active;
  std::vector<ExpertRelation> relations;
};
ZC_CONTRACT(Expert, (id, login, name, id_number_masked, families, family_names, title, title_name, unit_name,
                     unit_credit_code, term_start, term_end, in_term, active, relations))

struct ExpertPage {
  std::vector<Expert> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
};
ZC_CONTRACT(ExpertPage, (items, total, page_size, next_cursor))

struct ExpertsPostRequestRelation {
  std::string name;
  std::string id_number;
  std::string relation;
};
ZC_CONTRACT(ExpertsPostRequestRelation, (name, id_number, relation))

struct ExpertsPostRequest {
  std::string name;
  std::optional<std::string> login;  // the expert's existing sign-in account, if any
  std::optional<std::string> id_number;
  std::vector<std::string> families;
  std::string title;
  std::string unit_name;
  std::string unit_credit_code;
  std::string term_start;
  std::string term_end;
  std::optional<std::vector<ExpertsPostRequestRelation>> relations;
  std::optional<bool> active;
};
ZC_CONTRACT(ExpertsPostRequest, (name, login, id_number, families, title, unit_name, unit_credit_code,
                                 term_start, term_end, relations, active))

struct ExpertImport {
  int64_t imported;
};
ZC_CONTRACT(ExpertImport, (imported))

struct IntegrityRecord {
  int64_t id;
  std::string name;
  std::string id_number_masked;
  std::string kind;
  std::string reason;
  std::string evidence;
  std::string certificate_number;
  std::string application_number;
  std::string start_date;
  std::string end_date;
  bool in_force;
  std::string created_at;
};
ZC_CONTRACT(IntegrityRecord, (id, name, id_number_masked, kind, reason, evidence, certificate_number,
                              application_number, start_date, end_date, in_force, created_at))

struct IntegrityRecordPage {
  std::vector<IntegrityRecord> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
};
ZC_CONTRACT(IntegrityRecordPage, (items, total, page_size, next_cursor))

struct IntegrityRecordsPostRequest {
  int64_t application_id;
  std::string reason;
  std::string evidence;
};
ZC_CONTRACT(IntegrityRecordsPostRequest, (application_id, reason, evidence))

struct LifecycleState {
  std::string code;
  std::string name_zh;
  std::string name_en;
  std::string color;
  std::string holder;
  bool final;
  std::vector<std::string> flags;
  std::vector<std::string> visible_to;
};
ZC_CONTRACT(LifecycleState, (code, name_zh, name_en, color, holder, final, flags, visible_to))

struct LifecycleTransition {
  std::optional<std::string> from;
  std::string action;
  std::string to;
  std::string action_zh;
  std::string action_en;
  std::vector<std::string> roles;
  std::string guard;
  std::vector<std::string> notify;   // who is told
  std::vector<std::string> effects;  // what the step does besides changing the state
};
ZC_CONTRACT(LifecycleTransition, (from, action, to, action_zh, action_en, roles, guard, notify, effects))

struct LifecycleQueueTabs {
  std::optional<std::vector<std::string>> unit;
  std::optional<std::vector<std::string>> acceptance_point;
  std::optional<std::vector<std::string>> competent_department;
  std::optional<std::vector<std::string>> committee_office;
  std::optional<std::vector<std::string>> city_admin;
};
ZC_CONTRACT(LifecycleQueueTabs, (unit, acceptance_point, competent_department, committee_office, city_admin))

struct Lifecycle {
  std::string name;
  std::string name_zh;
  std::string name_en;
  std::vector<LifecycleState> states;
  std::vector<LifecycleTransition> transitions;
  LifecycleQueueTabs queue_tabs;
};
ZC_CONTRACT(Lifecycle, (name, name_zh, name_en, states, transitions, queue_tabs))

struct LifecycleList {
  std::vector<Lifecycle> items;
};
ZC_CONTRACT(LifecycleList, (items))

struct MeetingsPostRequest {
  std::string committee_code;
  std::string title;
  std::string held_on;
  std::vector<int64_t> application_ids;
};
ZC_CONTRACT(MeetingsPostRequest, (committee_code, title, held_on, application_ids))

struct MeetingMember {
  int64_t expert_id;
  std::string name;
  std::string position;
  bool present;
};
ZC_CONTRACT(MeetingMember, (expert_id, name, position, present))

struct MeetingCandidateGroupSummary {
  int64_t key;
  int64_t general;
  int64_t not_;
  int64_t conforms;
  int64_t basically;
  int64_t not_conform;
};
ZC_CONTRACT(MeetingCandidateGroupSummary, (key, general, not_, conforms, basically, not_conform))

struct MeetingCandidateResult {
  int64_t yes;
  int64_t no;
  int64_t abstain;
  bool passed;
};
ZC_CONTRACT(MeetingCandidateResult, (yes, no, abstain, passed))

struct MeetingCandidate {
  int64_t id;
  std::string number;
  std::string name;
  std::string unit_name;
  std::string level;
  std::string level_name;
  std::string specialty;
  std::string specialty_name;
  std::string family;
  std::string state;
  int64_t application_id;
  MeetingCandidateGroupSummary group_summary;
  std::optional<std::vector<DrawExclusion>> recusals;  // the office: who withdraws from this candidate
  std::optional<bool> recuse;                          // a member: whether they withdraw themselves
  contract::Nullable<int64_t> pass_needed;             // null until voting opens
  contract::Nullable<MeetingCandidateResult> result;   // null until the vote is closed
};
ZC_CONTRACT(MeetingCandidate,
            (id, number, name, unit_name, level, level_name, specialty, specialty_name, family, state,
             application_id, group_summary, recusals, recuse, pass_needed, result))

// The encrypted ballot of a meeting (docs/review.md "The secret ballot"): what a member's browser needs to
// encrypt a sheet and a trustee's to decrypt the tally.
struct MeetingTrustee {
  std::string role;  // chair (the presiding member) | office (the committee office)
  contract::Nullable<std::string> name;
  contract::Nullable<std::string> public_;  // hex h_i, once the key is registered
  bool decrypted;
};
ZC_CONTRACT(MeetingTrustee, (role, name, public_, decrypted))

struct MeetingBallot {
  std::string election_id;  // bound into every proof: "zhicheng/meeting/{id}/round/{round}"
  int64_t round;            // a voided vote starts a new round with new keys
  contract::Nullable<std::string> election_key;  // hex, the product of the trustees' keys, once voting opens
  std::vector<int64_t> candidate_ids;            // sheet.candidates[i] is candidate_ids[i]
  std::vector<MeetingTrustee> trustees;
  contract::Nullable<std::string> my_trustee_role;  // the reader's seat, if any
  int64_t sheets;
  // Per candidate [yes, no, abstain] ciphertexts {alpha, beta}, from the close of the vote.
  contract::Nullable<boost::json::value> tally;
};
ZC_CONTRACT(MeetingBallot,
            (election_id, round, election_key, candidate_ids, trustees, my_trustee_role, sheets, tally))

struct Meeting {
  int64_t id;
  std::string committee_code;
  std::string committee_name;
  std::string title;
  std::string held_on;
  std::string status;
  std::vector<MeetingMember> members;
  int64_t member_count;
  int64_t present_count;
  int64_t quorum_needed;
  contract::Nullable<int64_t> pass_needed;  // null until voting opens
  int64_t ballots_cast;
  contract::Nullable<bool> voted;    // for a member; null for the office
  contract::Nullable<bool> present;  // for a member; null for the office
  std::vector<MeetingCandidate> candidates;
  contract::Nullable<std::string> seal_sha256;
  contract::Nullable<std::string> closed_at;
  // What the reader may do now (the meeting table's steps from this state for their role, guards checked),
  // and each step from this state that a guard blocks, with the guard's reason.
  std::vector<std::string> allowed_actions;
  std::vector<UnavailableAction> unavailable_actions;
  MeetingBallot ballot;
};
ZC_CONTRACT(Meeting, (id, committee_code, committee_name, title, held_on, status, members, member_count,
                      present_count, quorum_needed, pass_needed, ballots_cast, voted, present, candidates,
                      seal_sha256, closed_at, allowed_actions, unavailable_actions, ballot))

struct MeetingRow {
  int64_t id;
  std::string title;
  std::string held_on;
  std::string status;
  std::string committee_code;
  int64_t member_count;
  int64_t present_count;
  int64_t candidate_count;
};
ZC_CONTRACT(MeetingRow,
            (id, title, held_on, status, committee_code, member_count, present_count, candidate_count))

struct MeetingPage {
  std::vector<MeetingRow> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
};
ZC_CONTRACT(MeetingPage, (items, total, page_size, next_cursor))

// PUT /meetings/{id}/date: a planned meeting moves to another day (today or later).
struct MeetingsDatePutRequest {
  std::string held_on;
};
ZC_CONTRACT(MeetingsDatePutRequest, (held_on))

struct MeetingsAttendancePutRequest {
  std::vector<int64_t> present;
};
ZC_CONTRACT(MeetingsAttendancePutRequest, (present))

struct MeetingsBallotPostRequestVote {
  int64_t application_id;
  std::string choice;
};
ZC_CONTRACT(MeetingsBallotPostRequestVote, (application_id, choice))

// Either `sheet`, encrypted in the member's browser (docs/ballot-transcript.md; null entries for the
// candidates the member withdraws from), or `votes` in the clear, which the server encrypts on arrival
// under the election key and never stores (for API clients; the web app encrypts).
struct MeetingsBallotPostRequest {
  std::optional<std::vector<MeetingsBallotPostRequestVote>> votes;
  std::optional<boost::json::value> sheet;
};
ZC_CONTRACT(MeetingsBallotPostRequest, (votes, sheet))

struct MeetingsBallotPostResponse {
  std::string fingerprint;  // the member's receipt, listed on the public board
};
ZC_CONTRACT(MeetingsBallotPostResponse, (fingerprint))

struct SchnorrProof {
  std::string A;
  std::string c;
  std::string s;
};
ZC_CONTRACT(SchnorrProof, (A, c, s))

// PUT /meetings/{id}/trustee-key: a trustee's public key share, made in their browser.
struct MeetingsTrusteeKeyPutRequest {
  std::string public_;
  SchnorrProof proof;
};
ZC_CONTRACT(MeetingsTrusteeKeyPutRequest, (public_, proof))

// POST /meetings/{id}/decrypt: a trustee's partial decryptions of the tally, [candidate][choice] of
// {d, proof: {A, B, c, s}}.
struct MeetingsDecryptPostRequest {
  boost::json::value partials;
};
ZC_CONTRACT(MeetingsDecryptPostRequest, (partials))

struct MeetingsVoidVotePostRequest {
  std::string reason;
};
ZC_CONTRACT(MeetingsVoidVotePostRequest, (reason))

// GET /public/meetings/{id}/board: everything needed to check the election without trusting the platform.
// Candidates appear by their place on the sheet only: the board is public, their applications are not.
struct BoardCandidate {
  int64_t index;  // 1-based place on the sheet (the members' page lists the same order)
};
ZC_CONTRACT(BoardCandidate, (index))

struct BoardTrustee {
  std::string role;
  std::string public_;
  SchnorrProof proof;
  contract::Nullable<boost::json::value> partials;
};
ZC_CONTRACT(BoardTrustee, (role, public_, proof, partials))

struct BoardSheet {
  std::string fingerprint;
  boost::json::value sheet;
};
ZC_CONTRACT(BoardSheet, (fingerprint, sheet))

struct BoardResult {
  int64_t index;
  int64_t yes;
  int64_t no;
  int64_t abstain;
  bool passed;
};
ZC_CONTRACT(BoardResult, (index, yes, no, abstain, passed))

struct Board {
  int64_t meeting_id;
  std::string title;
  std::string held_on;
  std::string status;
  std::string election_id;
  contract::Nullable<std::string> election_key;
  std::vector<BoardCandidate> candidates;
  std::vector<BoardTrustee> trustees;
  std::vector<BoardSheet> sheets;
  contract::Nullable<boost::json::value> tally;
  std::vector<BoardResult> results;  // empty until both trustees decrypted
};
ZC_CONTRACT(Board, (meeting_id, title, held_on, status, election_id, election_key, candidates, trustees,
                    sheets, tally, results))

struct MeetingMinutes {
  std::string text;
  std::string sha256;
  bool verified;
};
ZC_CONTRACT(MeetingMinutes, (text, sha256, verified))

struct MyCertificates {
  std::vector<Certificate> items;
  int64_t total;
};
ZC_CONTRACT(MyCertificates, (items, total))

struct MyIntegrityRecords {
  std::vector<IntegrityRecord> items;
  int64_t total;
};
ZC_CONTRACT(MyIntegrityRecords, (items, total))

struct PreReviewPublicityCandidate {
  int64_t application_id;
  std::string number;
  std::string name;
  std::string unit_name;
  std::string level_name;
  std::string specialty_name;
  std::string state;
  std::string state_name;
  std::string status;
};
ZC_CONTRACT(PreReviewPublicityCandidate,
            (application_id, number, name, unit_name, level_name, specialty_name, state, state_name, status))

struct PreReviewPublicityObjection {
  int64_t id;
  int64_t application_id;
  std::string name;
  std::string contact;
  std::string content;
  std::string status;
  std::string resolution;
  std::string created_at;
  std::optional<std::string> resolved_at;
  std::optional<std::string> application_number;
  std::optional<std::string> candidate_name;
  // What the reader may do now, by the lifecycle table and its guards, and each step from this state that a
  // guard blocks, with the reason.
  std::vector<std::string> allowed_actions;
  std::vector<UnavailableAction> unavailable_actions;
};
ZC_CONTRACT(PreReviewPublicityObjection,
            (id, application_id, name, contact, content, status, resolution, created_at, resolved_at,
             application_number, candidate_name, allowed_actions, unavailable_actions))

struct PreReviewPublicity {
  int64_t id;
  std::string committee_code;
  std::string committee_name;
  std::string start_date;
  std::string end_date;
  int64_t working_days;
  std::string status;
  std::vector<PreReviewPublicityCandidate> candidates;
  std::vector<PreReviewPublicityObjection> objections;
};
ZC_CONTRACT(PreReviewPublicity, (id, committee_code, committee_name, start_date, end_date, working_days,
                                 status, candidates, objections))

struct PreReviewPublicityPostRequest {
  std::string committee_code;
  std::string start_date;
};
ZC_CONTRACT(PreReviewPublicityPostRequest, (committee_code, start_date))

struct PreReviewPublicityList {
  std::vector<PreReviewPublicity> items;
  bool enabled;
  int64_t total;
};
ZC_CONTRACT(PreReviewPublicityList, (items, enabled, total))

struct CertificateVerification {
  contract::Nullable<std::string> revoked_on;
  std::string number;
  std::string name;
  std::string level_name;
  std::string specialty_name;
  std::string committee_name;
  std::string issued_on;
  std::string status;
};
ZC_CONTRACT(CertificateVerification,
            (revoked_on, number, name, level_name, specialty_name, committee_name, issued_on, status))

struct PublicPreReviewEntry {
  int64_t entry_id;
  std::string name;
  std::string unit_name;
  std::string level_name;
  std::string specialty_name;
};
ZC_CONTRACT(PublicPreReviewEntry, (entry_id, name, unit_name, level_name, specialty_name))

struct PublicPreReview {
  int64_t id;
  std::string committee_name;
  std::string start_date;
  std::string end_date;
  std::vector<PublicPreReviewEntry> entries;
};
ZC_CONTRACT(PublicPreReview, (id, committee_name, start_date, end_date, entries))

struct PublicPreReviewList {
  std::vector<PublicPreReview> items;
};
ZC_CONTRACT(PublicPreReviewList, (items))

struct PublicPreReviewObjectionsPostRequest {
  int64_t entry_id;
  std::string name;
  std::string contact;
  std::string content;
};
ZC_CONTRACT(PublicPreReviewObjectionsPostRequest, (entry_id, name, contact, content))

struct CreatedId {
  int64_t id;
};
ZC_CONTRACT(CreatedId, (id))

struct PublicResultPage {
  std::vector<PublicPreReview> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
};
ZC_CONTRACT(PublicResultPage, (items, total, page_size, next_cursor))

struct ResultPublicityEntry {
  int64_t application_id;
  std::string number;
  std::string name;
  std::string unit_name;
  std::string level_name;
  std::string specialty_name;
  bool passed;
  std::string state;
};
ZC_CONTRACT(ResultPublicityEntry,
            (application_id, number, name, unit_name, level_name, specialty_name, passed, state))

// An objection to a result publicity: the objector's contact is shown to the committee office only.
struct ResultObjection {
  int64_t id;
  int64_t application_id;
  std::string name;
  std::string contact;
  std::string content;
  std::string status;
  std::string resolution;
  std::string created_at;
  contract::Nullable<std::string> resolved_at;
  // What the reader may do now, by the lifecycle table and its guards, and each step from this state that a
  // guard blocks, with the reason.
  std::vector<std::string> allowed_actions;
  std::vector<UnavailableAction> unavailable_actions;
};
ZC_CONTRACT(ResultObjection, (id, application_id, name, contact, content, status, resolution, created_at,
                              resolved_at, allowed_actions, unavailable_actions))

struct ResultPublicity {
  int64_t id;
  int64_t meeting_id;
  std::string committee_name;
  std::string start_date;
  std::string end_date;
  std::string status;
  std::vector<ResultPublicityEntry> entries;
  std::vector<ResultObjection> objections;
  contract::Nullable<std::string> confirmed_at;
  // What the reader may do now, by the lifecycle table and its guards, and each step from this state that a
  // guard blocks, with the reason.
  std::vector<std::string> allowed_actions;
  std::vector<UnavailableAction> unavailable_actions;
};
ZC_CONTRACT(ResultPublicity, (id, meeting_id, committee_name, start_date, end_date, status, entries,
                              objections, confirmed_at, allowed_actions, unavailable_actions))

struct ResultPublicityPostRequest {
  int64_t meeting_id;
  std::string start_date;
};
ZC_CONTRACT(ResultPublicityPostRequest, (meeting_id, start_date))

struct ResultPublicityPage {
  std::vector<ResultPublicity> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
};
ZC_CONTRACT(ResultPublicityPage, (items, total, page_size, next_cursor))

struct ReviewGroupsPostRequest {
  std::string name;
  std::string family;
  std::vector<int64_t> application_ids;
  std::optional<int64_t> size;
};
ZC_CONTRACT(ReviewGroupsPostRequest, (name, family, application_ids, size))

struct ReviewGroupExpert {
  int64_t expert_id;
  std::string name;
  std::string unit_name;
  std::string status;
  std::string reason;
  int64_t draw_id;
};
ZC_CONTRACT(ReviewGroupExpert, (expert_id, name, unit_name, status, reason, draw_id))

struct ReviewGroupApplicationReview {
  int64_t expert_id;
  std::string expert_name;
  std::string recommendation;
  std::string conformity;
  std::string comments;
  std::string at;
};
ZC_CONTRACT(ReviewGroupApplicationReview, (expert_id, expert_name, recommendation, conformity, comments, at))

struct ReviewGroupApplication {
  int64_t id;
  std::string number;
  std::string name;
  std::string unit_name;
  std::string level;
  std::string level_name;
  std::string specialty;
  std::string specialty_name;
  std::string family;
  std::string state;
  std::vector<ReviewGroupApplicationReview> reviews;
  bool review_complete;
};
ZC_CONTRACT(ReviewGroupApplication, (id, number, name, unit_name, level, level_name, specialty,
                                     specialty_name, family, state, reviews, review_complete))

struct ReviewGroup {
  int64_t id;
  std::string name;
  std::string family;
  std::string family_name;
  std::string committee_code;
  int64_t size;
  std::string status;
  std::vector<ReviewGroupExpert> experts;
  std::vector<ReviewGroupApplication> applications;
  std::vector<Draw> draws;
};
ZC_CONTRACT(ReviewGroup,
            (id, name, family, family_name, committee_code, size, status, experts, applications, draws))

struct ReviewGroupPage {
  std::vector<ReviewGroup> items;
  int64_t total;
  int64_t page_size;
  contract::Nullable<std::string> next_cursor;
};
ZC_CONTRACT(ReviewGroupPage, (items, total, page_size, next_cursor))

struct ReviewGroupsDrawPostRequest {
  std::optional<std::string> seed;
};
ZC_CONTRACT(ReviewGroupsDrawPostRequest, (seed))

struct DrawOutcome {
  Draw draw;
  ReviewGroup group;
};
ZC_CONTRACT(DrawOutcome, (draw, group))

struct ReviewGroupsRespondPostRequest {
  bool accept;
  std::optional<std::string> reason;
};
ZC_CONTRACT(ReviewGroupsRespondPostRequest, (accept, reason))

struct TodoItem {
  std::string kind;
  int64_t count;
  std::string text;
  std::string link;
};
ZC_CONTRACT(TodoItem, (kind, count, text, link))

struct TodoList {
  std::vector<TodoItem> items;
};
ZC_CONTRACT(TodoList, (items))

}  // namespace zc::review::views
