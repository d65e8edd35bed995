#include "review/review.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <fstream>
#include <map>
#include <set>

#include "ballot/ballot.hpp"
#include "base/crypto.hpp"
#include "base/ids.hpp"
#include "review/lifecycles.hpp"
#include "review/pre_review.hpp"
#include "storage/notifications_repo.hpp"
#include "storage/testing.hpp"
#include "workflow/testing.hpp"

namespace zc::review {
namespace {

// Every audience a table names is one storage::NotifyStep can address (or one its step's own code sends a
// personal message to), so a table cannot promise a notification nobody sends.
TEST(Lifecycles, EveryAudienceIsAddressable) {
  std::vector<Lifecycle> all = workflow::Lifecycles();
  for (auto& l : ReviewLifecycles()) all.push_back(std::move(l));
  for (auto& l : PreReviewLifecycles()) all.push_back(std::move(l));
  std::set<std::string> known(std::begin(storage::kStepAudienceWords), std::end(storage::kStepAudienceWords));
  known.insert(std::begin(storage::kPersonalWords), std::end(storage::kPersonalWords));
  int words = 0;
  for (const auto& l : all)
    for (const auto& t : l.transitions)
      for (const auto& w : t.notify) {
        EXPECT_TRUE(known.count(w)) << l.name << " " << t.action << ": " << w;
        ++words;
      }
  EXPECT_GT(words, 20);
  // And NotifyStep refuses a word it cannot address instead of dropping it.
  storage::TempDatabase db;
  storage::Session s(db.db());
  EXPECT_THROW(storage::NotifyStep(s, "applicant nobody", {}, {"x", std::nullopt, "x", "x"}, 0),
               std::logic_error);
}

// The lifecycle tables answer a request the state does not allow with that state's code, the one the
// API has always answered with.
TEST(Lifecycles, ARefusalIsTheStatesCode) {
  EXPECT_EQ(kMeetingLifecycle.Refuse(MeetingState::kPlanned, "vote"), errc::voting_not_open);
  EXPECT_EQ(kMeetingLifecycle.Refuse(MeetingState::kClosed, "vote"), errc::voting_closed);
  EXPECT_EQ(kMeetingLifecycle.Refuse(MeetingState::kVoting, "open_voting"), errc::transition_not_allowed);
  EXPECT_EQ(kMeetingLifecycle.Refuse(MeetingState::kPlanned, "open_voting"), std::nullopt);
  EXPECT_EQ(kMeetingLifecycle.Next(MeetingState::kVoting, "close"), MeetingState::kTallying);
  EXPECT_EQ(kMeetingLifecycle.Next(MeetingState::kTallying, "count"), MeetingState::kClosed);
  EXPECT_EQ(kMeetingLifecycle.Refuse(MeetingState::kTallying, "vote"), errc::voting_closed);
  EXPECT_EQ(kInvitationLifecycle.Refuse(InvitationState::kConfirmed, "accept"), errc::already_answered);
  EXPECT_EQ(kCertificateLifecycle.Refuse(CertificateState::kRevoked, "revoke"), errc::already_revoked);
  EXPECT_EQ(kCaseLifecycle.Refuse(CaseState::kClosed, "close"), errc::case_closed);
  EXPECT_EQ(kResultObjectionLifecycle.Refuse(ResultObjectionState::kUpheld, "dismiss"),
            errc::objection_not_open);
  EXPECT_EQ(kPublicityLifecycle.Refuse(PublicityState::kOpen, "confirm"), errc::publicity_not_ended);
  EXPECT_EQ(kPublicityLifecycle.Refuse(PublicityState::kConfirmed, "confirm"), errc::transition_not_allowed);
  EXPECT_EQ(kCaseLifecycle.Parse("closed"), CaseState::kClosed);
  EXPECT_EQ(kCaseLifecycle.Parse("nonsense"), std::nullopt);
  EXPECT_EQ(kCertificateLifecycle.Start("issue"), "valid");
  const auto data = kMeetingLifecycle.Data();
  ASSERT_EQ(data.states.size(), 4u);
  EXPECT_EQ(data.states[0].visible_to,
            (std::vector<std::string>{"committee_office", "city_admin", "expert"}));
  EXPECT_EQ(data.transitions[0].from, "");
}

TEST(Rules, QuorumAndPassThresholdsAreTwoThirdsRoundedUp) {
  EXPECT_EQ(AtLeast(11, 2, 3), 8);  // 11 members: 8 must be present
  EXPECT_EQ(AtLeast(8, 2, 3), 6);   // 8 present: 6 yes pass, 5 do not
  EXPECT_EQ(AtLeast(9, 2, 3), 6);
  EXPECT_EQ(AtLeast(7, 2, 3), 5);
  EXPECT_EQ(AtLeast(3, 2, 3), 2);
  EXPECT_EQ(AtLeast(0, 2, 3), 0);
}

TEST(Draw, TheSameSeedAndCandidatesAlwaysPickTheSameExperts) {
  InitCrypto();
  const std::vector<int64_t> candidates = {3, 5, 8, 12, 13, 21, 34};
  const std::string seed = "00112233445566778899aabbccddeeff";
  const auto a = DrawPick(seed, candidates, 3);
  EXPECT_EQ(a, DrawPick(seed, candidates, 3));
  ASSERT_EQ(a.size(), 3u);
  std::set<int64_t> distinct(a.begin(), a.end());
  EXPECT_EQ(distinct.size(), 3u);
  for (auto id : a) EXPECT_NE(std::find(candidates.begin(), candidates.end(), id), candidates.end());
  // Another seed picks differently for at least one of a handful of seeds.
  bool differs = false;
  for (const char* other : {"ffeeddccbbaa99887766554433221100", "0123456789abcdef0123456789abcdef",
                            "deadbeefdeadbeefdeadbeefdeadbeef"})
    differs = differs || DrawPick(other, candidates, 3) != a;
  EXPECT_TRUE(differs);
  EXPECT_EQ(DrawPick(seed, candidates, 0).size(), 0u);
  EXPECT_EQ(DrawPick(seed, {4}, 1), std::vector<int64_t>{4});
}

TEST(Draw, EveryCandidateIsPickedAboutEquallyOften) {
  InitCrypto();
  const std::vector<int64_t> candidates = {1, 2, 3, 4, 5};
  std::map<int64_t, int> first;
  for (int i = 0; i < 2000; ++i) ++first[DrawPick(RandomHex(16), candidates, 1).front()];
  for (auto id : candidates) {
    EXPECT_GT(first[id], 300) << id;  // expected 400 each
    EXPECT_LT(first[id], 500) << id;
  }
}

namespace json = boost::json;
using accounts::Role;
using workflow::Action;
using workflow::ActionForm;

TimePoint At(const char* iso) {
  return *ParseInstant(iso);
}

// The whole path on a real SQLite file with the real 2022 campaign and calendars: applications driven through
// the workflow to the committee, a pool of experts, the committee, a group, a meeting, results, certificates.
class ReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    auto c = campaign::LoadCampaignDir(std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data" / "campaigns");
    ASSERT_TRUE(c.ok());
    campaigns_ = c.value();
    auto years = calendar::LoadYearDir(std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data" / "calendars");
    ASSERT_TRUE(years.ok());
    calendars_.Seed(years.value(), 0);
    unit_ = Exec(
        "INSERT INTO units (credit_code, name, region_code, unit_type, contact_name, mobile, status, "
        "created_at) VALUES ('91330402MA2JX0016P', '嘉兴禾丰智能科技有限公司', '330402', 'enterprise', "
        "'沈慧', "
        "'13800000000', 'approved', 0)");
  }

  long long Exec(const std::string& sql) {
    storage::Session s(temp_.db());
    s.sql() << sql;
    long long id = 0;
    s.sql() << "SELECT last_insert_rowid()", soci::into(id);
    return id;
  }
  Actor Staff(Role role, const char* region = "330402") {
    return Actor{
        accounts::Principal{.user_id = 0,
                            .login = std::string(accounts::RoleName(role)),
                            .name = "办理人",
                            .role = role,
                            .region_code = region,
                            .unit_id = role == Role::kUnit ? std::optional<int64_t>(unit_) : std::nullopt},
        "127.0.0.1"};
  }
  Actor Applicant(int n) {
    const std::string id_number = ResidentIdOf("33040219900101" + std::to_string(100 + n));
    const int64_t id = Exec(
        "INSERT INTO users (login, name, role, password_hash, id_number, mobile, created_at, "
        "password_changed_at) "
        "VALUES ('" +
        id_number + "', '申报人" + std::to_string(n) + "', 'applicant', 'x', '" + id_number + "', '1390000" +
        std::to_string(1000 + n) + "', 0, 0)");
    return Actor{
        accounts::Principal{.user_id = id, .login = id_number, .name = "申报人", .role = Role::kApplicant},
        "127.0.0.1"};
  }
  static std::string ResidentIdOf(const std::string& first17) {
    return first17 + ResidentIdCheckChar(first17);
  }

  std::string ActOn(const Actor& who, int64_t id, Action a, ActionForm f = {}) {
    f.version = wf_.GetApplication(accounts::Principal{.role = Role::kCityAdmin}, id)->version;
    auto r = wf_.Act(who, id, a, f);
    return r.ok() ? "ok" : std::string(Name(r.error().code));
  }
  json::object App(int64_t id) {
    return contract::ToJson(*wf_.GetApplication(accounts::Principal{.role = Role::kCityAdmin}, id))
        .as_object();
  }

  // An engineer application (textile) accepted by the committee office after its paper forms were checked in.
  int64_t AcceptedApplication(const Actor& who) {
    clock_.Set(At("2022-08-22T09:00:00+08:00"));
    EXPECT_TRUE(wf_.SaveArchive(who, workflow::testing::FirstArchive(
                                         "91330402MA2JX0016P", workflow::testing::EngineerArchiveItems()))
                    .ok());
    EXPECT_TRUE(wf_.SubmitArchive(who, 1).ok());
    EXPECT_TRUE(
        wf_.ReviewArchive(Staff(Role::kUnit), who.principal.user_id, true, ActionForm{.version = 2}).ok());
    const int64_t id = wf_.CreateApplication(who, "engineer", "textile_engineering")->id;
    for (const char* slot : {"id_card", "education_certificate", "title_certificate", "ce_certificate"}) {
      auto p = temp_.blobs().UploadDir() / ("f" + std::to_string(++files_));
      std::ofstream(p, std::ios::binary) << "%PDF-1.4 test";
      EXPECT_TRUE(wf_.AddEvidence(who, id, slot, p, "x.pdf").ok());
    }
    EXPECT_TRUE(wf_.UpdateApplication(who, id, App(id).at("version").as_int64(), "engineer",
                                      "textile_engineering", true)
                    .ok());
    EXPECT_EQ(ActOn(who, id, Action::kSubmit), "ok");
    EXPECT_EQ(ActOn(Staff(Role::kUnit), id, Action::kStartPublicity, ActionForm{.start_date = "2022-08-22"}),
              "ok");
    clock_.Set(At("2022-08-26T10:00:00+08:00"));
    EXPECT_EQ(ActOn(Staff(Role::kUnit), id, Action::kRecommend, ActionForm{.opinion = "同意推荐"}), "ok");
    EXPECT_EQ(ActOn(Staff(Role::kAcceptancePoint), id, Action::kCountyRecommend), "ok");
    const Actor office = Staff(Role::kCommitteeOffice);
    EXPECT_EQ(ActOn(office, id, Action::kReceive), "ok");
    EXPECT_EQ(ActOn(office, id, Action::kAccept), "paper_not_checked_in");
    const std::string form(App(id).at("form_number").as_string());
    EXPECT_EQ(wf_.CheckInPaper(office, id, 1, true, form).error().code, errc::paper_copies);
    EXPECT_EQ(wf_.CheckInPaper(office, id, 2, false, form).error().code, errc::paper_watermark_missing);
    EXPECT_EQ(wf_.CheckInPaper(office, id, 2, true, form + "x").error().code, errc::paper_form_mismatch);
    EXPECT_TRUE(App(id).at("paper").is_null()) << "a refused check-in records nothing";
    EXPECT_TRUE(wf_.CheckInPaper(office, id, 2, true, form).ok());
    EXPECT_EQ(ActOn(office, id, Action::kAccept), "ok");
    return id;
  }

  // An expert with a login; `unit_code` for conflicts.
  int64_t AddExpert(int n, const std::string& unit17 = "91330411MA2B8X1E2") {
    const std::string unit_code = unit17.size() == 18 ? unit17 : unit17 + CreditCodeCheckChar(unit17);
    const std::string login = "e" + std::to_string(n);
    const int64_t uid = Exec(
        "INSERT INTO users (login, name, role, password_hash, created_at, password_changed_at) "
        "VALUES ('" +
        login + "', '专家" + std::to_string(n) + "', 'expert', 'x', 0, 0)");
    auto r = rv_.SaveExpert(Staff(Role::kCommitteeOffice), std::nullopt,
                            {.name = "专家" + std::to_string(n),
                             .login = login,
                             .title = "senior",
                             .unit_name = "某单位",
                             .unit_credit_code = unit_code,
                             .term_start = "2021-01-01",
                             .term_end = "2023-12-31",
                             .families = std::vector<std::optional<std::string>>{"textile"}});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : Name(r.error().code));
    const int64_t id = r->id;
    EXPECT_EQ(r->login, login);
    EXPECT_TRUE(r->in_term);
    users_[id] = uid;
    return id;
  }
  Actor ExpertActor(int64_t expert_id) {
    return Actor{accounts::Principal{
                     .user_id = users_[expert_id], .login = "e", .name = "专家", .role = Role::kExpert},
                 "127.0.0.1"};
  }

  ManualClock clock_{At("2022-08-20T09:00:00+08:00")};
  storage::TempDatabase temp_;
  accounts::Env env_{temp_.db(), clock_, temp_.blobs()};
  std::vector<campaign::Campaign> campaigns_;
  calendar::CalendarStore calendars_{temp_.db()};
  workflow::Workflow wf_{env_, campaigns_, calendars_};
  Review rv_{env_, campaigns_, calendars_, wf_};
  int64_t unit_ = 0;
  int files_ = 0;
  std::map<int64_t, int64_t> users_;
};

// The API writes its answers as text straight from the views (contract::ToJsonText): the same document as
// the tree ToJson builds, for a whole accepted application (snapshot, eligibility, slots, history) and for
// strings that need escaping.
TEST_F(ReviewTest, TheAnswerTextIsTheSameDocumentAsItsTree) {
  const int64_t id = AcceptedApplication(Applicant(1));
  const auto view = *wf_.GetApplication(accounts::Principal{.role = Role::kCityAdmin}, id);
  EXPECT_EQ(json::parse(contract::ToJsonText(view)), contract::ToJson(view));
  EXPECT_GT(contract::ToJsonText(view).size(), 2000u);
  contract::CodeName odd{.code = std::string("a\"b\\c\n\t\x01/é"), .name = "评审"};
  EXPECT_EQ(json::parse(contract::ToJsonText(odd)), contract::ToJson(odd));
  EXPECT_EQ(contract::ToJsonText(odd), R"({"code":"a\"b\\c\n\t\u0001/é","name":"评审"})");
}

TEST_F(ReviewTest, ElevenMembersEightPresentSixYesPassesFiveDoesNotAndNobodyCanLinkABallotToAVoter) {
  const Actor first = Applicant(1);
  const int64_t a = AcceptedApplication(first);
  const int64_t b = AcceptedApplication(Applicant(2));
  clock_.Set(At("2022-10-10T09:00:00+08:00"));
  const Actor office = Staff(Role::kCommitteeOffice);
  // The pool: 11 members, and one expert at the applicants' unit who must never be drawn.
  std::vector<int64_t> members;
  for (int i = 1; i <= 11; ++i) members.push_back(AddExpert(i));
  const int64_t same_unit = AddExpert(12, "91330402MA2JX0016P");
  SetMembersCommand list{.members = std::vector<std::optional<SetMembersCommand::Member>>{}};
  for (size_t i = 0; i < members.size(); ++i)
    list.members->push_back(SetMembersCommand::Member{.expert_id = members[i],
                                                      .position = i == 0  ? "chair"
                                                                  : i < 3 ? "vice_chair"
                                                                          : "member",
                                                      .term_start = "2021-01-01",
                                                      .term_end = "2023-12-31"});
  const Actor admin = Staff(Role::kCityAdmin);
  SetMembersCommand even = list;
  even.members->pop_back();
  EXPECT_EQ(rv_.SetMembers(admin, "jx-engineering-intermediate", even).error().code, errc::members_even);
  ASSERT_TRUE(rv_.SetMembers(admin, "jx-engineering-intermediate", list).ok());

  // The group: a draw of 3 never includes the same-unit expert, and replays to the same pick.
  auto group =
      rv_.CreateGroup(office, {.name = "纺织组", .family = "textile", .application_ids = {a, b}, .size = 3});
  ASSERT_TRUE(group.ok()) << group.error().code;
  const int64_t gid = group->id;
  EXPECT_EQ(group->status, "drawing");
  ASSERT_EQ(group->applications.size(), 2u);
  auto draw = rv_.Draw(office, gid, "0123456789abcdef0123456789abcdef");
  ASSERT_TRUE(draw.ok()) << draw.error().code;
  const auto& d = draw->draw;
  for (auto id : d.candidates) EXPECT_NE(id, same_unit);
  bool excluded_same_unit = false;
  for (const auto& x : d.excluded)
    if (x.expert_id == same_unit) excluded_same_unit = x.reasons.at(0) == "same_unit";
  EXPECT_TRUE(excluded_same_unit);
  EXPECT_EQ(draw->group.experts.size(), 3u);
  EXPECT_TRUE(rv_.Replay(Principal{.role = Role::kCommitteeOffice}, d.id)->matches);
  EXPECT_EQ(rv_.GetDraw(Principal{.role = Role::kCommitteeOffice}, d.id)->picked, d.picked);
  EXPECT_EQ(rv_.Draw(office, gid, "").error().code, errc::group_full);
  const std::vector<int64_t> picked = d.picked;
  // One declines; the place is redrawn at once.
  ASSERT_TRUE(rv_.Respond(ExpertActor(picked[0]), gid, false, "出差").ok());
  auto g = rv_.Group(Principal{.role = Role::kCommitteeOffice}, gid);
  ASSERT_EQ(g->draws.size(), 2u);
  EXPECT_EQ(g->draws[1].reason, "declined");
  std::vector<int64_t> seated;
  for (const auto& e : g->experts)
    if (e.status == "invited") seated.push_back(e.expert_id);
  ASSERT_EQ(seated.size(), 3u);
  for (auto e : seated) {
    auto answered = rv_.Respond(ExpertActor(e), gid, true, "");
    ASSERT_TRUE(answered.ok());
    ASSERT_FALSE(answered->groups.empty());
    EXPECT_EQ(answered->groups[0].status, "confirmed");
    for (auto app : {a, b}) {
      auto view = rv_.ExpertApplication(ExpertActor(e).principal, app);
      ASSERT_TRUE(view.ok());
      EXPECT_EQ(json::serialize(contract::ToJson(*view)).find("1390000"), std::string::npos)
          << "no mobile number in an expert's view";
      // The frozen snapshot, read into its type, goes out as it was stored, less what an expert need not
      // know: the identity number and the files of the personal slots (the identity card here).
      EXPECT_EQ(view->snapshot.number, view->number);
      json::value stored = App(app).at("snapshot").at("data");
      EXPECT_NE(stored.at("applicant").at("id_number_masked").as_string(), "");
      stored.at("applicant").at("id_number_masked") = "";
      for (auto& slot : stored.at("slots").as_array()) {
        if (slot.at("code") == "id_card") {
          EXPECT_FALSE(slot.at("files").as_array().empty());
          slot.at("files").as_array().clear();
        }
      }
      EXPECT_EQ(contract::ToJson(view->snapshot), stored);
      ASSERT_TRUE(rv_.SaveReview(ExpertActor(e), app, "general", "conforms", "材料齐全").ok());
    }
  }
  EXPECT_EQ(rv_.ExpertApplication(ExpertActor(picked[0]).principal, a).error().code, errc::not_found);

  // The meeting: 8 of 11 present.
  auto m = rv_.CreateMeeting(office, {.committee_code = "jx-engineering-intermediate",
                                      .title = "2022 年度评审会议",
                                      .held_on = "2022-10-10",
                                      .application_ids = {a, b}});
  ASSERT_TRUE(m.ok()) << m.error().code;
  const int64_t mid = m->id;
  auto V = [&](const Actor& who, int64_t meeting, std::vector<Vote> votes) {
    return rv_.Vote(who, meeting, &votes, nullptr);
  };
  EXPECT_EQ(m->quorum_needed, 8);
  EXPECT_FALSE(m->pass_needed.has_value()) << "no pass mark before voting opens";
  std::vector<int64_t> present(members.begin(), members.begin() + 7);
  ASSERT_TRUE(rv_.SetAttendance(office, mid, present).ok());
  // The two trustees make their key shares (in their browsers; here with the same library) and register the
  // public parts; the secrets never reach the platform.
  const std::string eid = m->ballot.election_id;
  const ballot::KeyShare office_key = ballot::GenerateKeyShare(eid);
  const ballot::KeyShare chair_key = ballot::GenerateKeyShare(eid);
  auto register_key = [&](const Actor& who, const ballot::KeyShare& k) {
    return rv_.RegisterTrusteeKey(who, mid,
                                  {.public_ = ballot::ToHex(k.share.public_key),
                                   .proof = {.A = ballot::ToHex(k.share.proof.a),
                                             .c = ballot::ToHex(k.share.proof.c),
                                             .s = ballot::ToHex(k.share.proof.s)}});
  };
  std::optional<Actor> chair;
  for (int64_t e : present)
    if (auto r = register_key(ExpertActor(e), chair_key); r.ok()) {
      chair = ExpertActor(e);
      break;
    } else {
      EXPECT_EQ(r.error().code, errc::not_trustee);
    }
  ASSERT_TRUE(chair.has_value()) << "the presiding member holds a key";
  ballot::KeyShare forged = ballot::GenerateKeyShare("another election");
  EXPECT_EQ(register_key(office, forged).error().code, errc::invalid_key_share)
      << "a proof for another election";
  EXPECT_EQ(rv_.OpenVoting(office, mid).error().code, errc::quorum_not_met);
  EXPECT_EQ(V(ExpertActor(members[0]), mid, {{a, "yes"}, {b, "yes"}}).error().code, errc::voting_not_open);
  present.push_back(members[7]);
  ASSERT_TRUE(rv_.SetAttendance(office, mid, present).ok());
  EXPECT_EQ(rv_.OpenVoting(office, mid).error().code, errc::trustee_keys_missing)
      << "the office's key is missing";
  ASSERT_TRUE(register_key(office, office_key).ok());
  auto open = rv_.OpenVoting(office, mid);
  ASSERT_TRUE(open.ok()) << open.error().code;
  EXPECT_EQ(open->pass_needed, 6);
  EXPECT_EQ(open->present_count, 8);
  EXPECT_EQ(V(ExpertActor(members[9]), mid, {{a, "yes"}, {b, "yes"}}).error().code, errc::not_present);
  EXPECT_EQ(V(ExpertActor(same_unit), mid, {{a, "yes"}, {b, "yes"}}).error().code, errc::not_a_member);
  EXPECT_EQ(V(ExpertActor(members[0]), mid, {{a, "yes"}}).error().code, errc::ballot_incomplete);
  // a: 6 yes, 1 no, 1 abstain; b: 5 yes, 3 no.
  for (int i = 0; i < 8; ++i) {
    const std::string va = i < 6 ? "yes" : i == 6 ? "no" : "abstain";
    const std::string vb = i < 5 ? "yes" : "no";
    ASSERT_TRUE(V(ExpertActor(present[i]), mid, {{a, va}, {b, vb}}).ok()) << i;
  }
  EXPECT_EQ(V(ExpertActor(present[0]), mid, {{a, "no"}, {b, "no"}}).error().code, errc::already_voted);
  {
    // Secrecy: the sheets are ciphertexts with no voter and no time; the receipts hold no choice; there are
    // no plaintext counters to replay from the WAL.
    storage::Session s(temp_.db());
    std::set<std::string> sheet_columns, receipt_columns;
    soci::rowset<soci::row> rs = (s.sql().prepare << "SELECT name FROM pragma_table_info('ballot_sheets')");
    for (const auto& r : rs) sheet_columns.insert(r.get<std::string>(0));
    soci::rowset<soci::row> rr = (s.sql().prepare << "SELECT name FROM pragma_table_info('ballot_receipts')");
    for (const auto& r : rr) receipt_columns.insert(r.get<std::string>(0));
    EXPECT_EQ(sheet_columns, (std::set<std::string>{"meeting_id", "round", "fingerprint", "sheet"}));
    EXPECT_EQ(receipt_columns, (std::set<std::string>{"meeting_id", "expert_id"}));
    int tally_tables = 0;
    s.sql() << "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ballot_tally'", soci::into(tally_tables);
    EXPECT_EQ(tally_tables, 0);
  }
  auto counting = rv_.CloseMeeting(office, mid);
  ASSERT_TRUE(counting.ok()) << counting.error().code;
  EXPECT_EQ(counting->status, "tallying");
  ASSERT_TRUE(counting->ballot.tally.has_value());
  EXPECT_FALSE(counting->candidates[0].result.has_value()) << "nothing is known before both trustees decrypt";
  const ballot::Tally tally = ballot::TallyFromJson(json::serialize(*counting->ballot.tally));
  auto partials_of = [&](const ballot::KeyShare& k) {
    json::array out;
    for (const auto& row : tally) {
      json::array r;
      for (const auto& ct : row)
        r.push_back(json::parse(ballot::PartialToJson(ballot::DecryptShare(eid, k, ct))));
      out.push_back(std::move(r));
    }
    return json::value(std::move(out));
  };
  EXPECT_EQ(rv_.Decrypt(office, mid, partials_of(chair_key)).error().code, errc::invalid_decryption)
      << "the office cannot decrypt with another key";
  auto half = rv_.Decrypt(office, mid, partials_of(office_key));
  ASSERT_TRUE(half.ok()) << half.error().code;
  EXPECT_EQ(half->status, "tallying");
  EXPECT_EQ(rv_.Decrypt(office, mid, partials_of(office_key)).error().code, errc::already_decrypted);
  auto closed = rv_.Decrypt(*chair, mid, partials_of(chair_key));
  ASSERT_TRUE(closed.ok()) << closed.error().code;
  EXPECT_EQ(closed->status, "closed");
  ASSERT_EQ(closed->candidates.size(), 2u);
  EXPECT_EQ(closed->candidates[0].application_id, a);
  ASSERT_TRUE(closed->candidates[0].result.has_value());
  EXPECT_EQ(closed->candidates[0].result->yes, 6);
  EXPECT_TRUE(closed->candidates[0].result->passed);
  EXPECT_FALSE(closed->candidates[1].result->passed);
  EXPECT_EQ(closed->candidates[0].group_summary.general, 3);
  EXPECT_TRUE(closed->seal_sha256.has_value());
  EXPECT_EQ(V(ExpertActor(present[1]), mid, {{a, "no"}, {b, "no"}}).error().code, errc::voting_closed);
  EXPECT_EQ(App(a).at("state").as_string(), "passed");
  EXPECT_EQ(App(b).at("state").as_string(), "failed");
  auto minutes = rv_.Minutes(Principal{.role = Role::kCommitteeOffice}, mid);
  ASSERT_TRUE(minutes.ok());
  EXPECT_TRUE(minutes->verified);
  EXPECT_EQ(Sha256Hex(minutes->text), minutes->sha256);
  EXPECT_NE(minutes->text.find("赞成 6，反对 1，弃权 1"), std::string::npos);
  EXPECT_NE(minutes->text.find("赞成 5，反对 3，弃权 0"), std::string::npos);
  Exec("UPDATE meetings SET minutes = minutes || ' ' WHERE id = " + std::to_string(mid));
  EXPECT_FALSE(rv_.Minutes(Principal{.role = Role::kCommitteeOffice}, mid)->verified);

  // Result publicity over 国庆: 2022-09-30 is past here, so 10-12 → the 5th working day 10-18.
  auto pub = rv_.StartPublicity(office, mid, "2022-10-12");
  ASSERT_TRUE(pub.ok()) << pub.error().code;
  EXPECT_EQ(pub->end_date, "2022-10-18");
  const int64_t pid = pub->id;
  clock_.Set(At("2022-10-13T10:00:00+08:00"));
  auto results = rv_.PublicResults();
  ASSERT_EQ(results->items.size(), 1u);
  ASSERT_EQ(results->items[0].entries.size(), 1u) << "only who passed";
  EXPECT_EQ(
      rv_.PublicObjection(pid, {.entry_id = a, .name = "群众", .contact = "", .content = "有异议"}, "1.2.3.4")
          .error()
          .fields.at(0)
          .field,
      "contact");
  {
    RaiseResultObjection unread{.entry_id = std::nullopt, .name = "", .contact = "", .content = ""};
    unread.unreadable.Add("extra", errc::unknown_field);
    const auto e = rv_.PublicObjection(pid, unread, "1.2.3.4").error();
    ASSERT_EQ(e.fields.size(), 5u) << "what could not be read comes first, then every other problem";
    EXPECT_EQ(e.fields[0].field, "extra");
    EXPECT_EQ(e.fields[1].field, "entry_id");
    EXPECT_EQ(e.fields[1].code, errc::required);
  }
  auto objection = rv_.PublicObjection(
      pid, {.entry_id = a, .name = "群众", .contact = "13900000000", .content = "有异议"}, "1.2.3.4");
  ASSERT_TRUE(objection.ok()) << objection.error().code;
  EXPECT_GT(objection->id, 0);
  auto resolved = rv_.ResolveObjection(office, objection->id, "dismissed", "经核实，异议不成立");
  ASSERT_TRUE(resolved.ok()) << resolved.error().code;
  EXPECT_EQ(rv_.Confirm(admin, pid).error().code, errc::publicity_not_ended);
  clock_.Set(At("2022-10-19T09:00:00+08:00"));
  auto confirmed = rv_.Confirm(admin, pid);
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().code;
  EXPECT_EQ(App(a).at("state").as_string(), "certified");

  // The certificate verifies, is revoked for fraud, and the person is then blocked for 3 years.
  auto certs = rv_.Certificates(Principal{.role = Role::kCityAdmin}, "");
  ASSERT_EQ(certs->items.size(), 1u);
  const auto& cert = certs->items[0];
  EXPECT_EQ(cert.number, "JXGC2022-00001");
  const std::string name = cert.name;
  EXPECT_EQ(rv_.Verify("JXGC2022-00001", name, "", "某公司人事部", "1.2.3.4")->status, "valid");
  EXPECT_EQ(rv_.Verify("JXGC2022-00002", name, "", "", "1.2.3.4").error().code, errc::certificate_not_found);
  EXPECT_EQ(rv_.Verify("JXGC2022-00001", "别人", "", "", "1.2.3.4").error().code,
            errc::certificate_not_found);
  ASSERT_TRUE(rv_.Revoke(admin, cert.id, "论文造假", "查实材料").ok());
  EXPECT_EQ(rv_.Revoke(admin, cert.id, "论文造假", "查实材料").error().code, errc::already_revoked);
  EXPECT_EQ(rv_.Verify("JXGC2022-00001", name, "", "", "1.2.3.4")->status, "revoked");
  EXPECT_EQ(App(a).at("state").as_string(), "revoked");
  const Principal& holder = first.principal;
  auto records = rv_.MyIntegrity(holder);
  ASSERT_EQ(records->items.size(), 1u);
  EXPECT_EQ(records->items[0].end_date, "2025-10-19");
  auto preview = wf_.Preview(holder, "engineer", "textile_engineering");
  ASSERT_TRUE(preview.ok());
  EXPECT_EQ(json::serialize(contract::ToJson(*preview)).find("\"verdict\":\"eligible\""), std::string::npos);
  EXPECT_NE(json::serialize(contract::ToJson(*preview)).find("integrity"), std::string::npos);
  for (const auto& problem : workflow::CheckInvariants(temp_.db())) ADD_FAILURE() << problem;
  // The minutes were edited above: the review's invariants say so, and only that.
  auto problems = CheckInvariants(temp_.db());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("minutes do not match"), std::string::npos);
  // A result rewritten in the tables (a failed candidate made to pass) is found: the decrypted ballot box no
  // longer opens to the recorded counts, and the outcome no longer follows from them.
  Exec("UPDATE meeting_candidates SET yes = 8, passed = 1 WHERE application_id = " + std::to_string(b));
  Exec("UPDATE applications SET state = 'passed' WHERE id = " + std::to_string(b));
  const auto after = json::serialize(json::value_from(CheckInvariants(temp_.db(), &campaigns_)));
  EXPECT_NE(after.find("the recorded result differs from the decrypted ballot box"), std::string::npos)
      << after;
  // A sheet removed from the box is found too.
  Exec("DELETE FROM ballot_sheets WHERE fingerprint = (SELECT MIN(fingerprint) FROM ballot_sheets)");
  const auto removed = json::serialize(json::value_from(CheckInvariants(temp_.db(), &campaigns_)));
  EXPECT_NE(removed.find("7 sheets but 8 members voted"), std::string::npos) << removed;
}

}  // namespace
}  // namespace zc::review
