#include "workflow/workflow.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "storage/applications_repo.hpp"
#include "storage/testing.hpp"
#include "workflow/internal.hpp"
#include "workflow/testing.hpp"

namespace zc::workflow {
namespace {

namespace json = boost::json;
using accounts::Role;

TimePoint At(const char* iso) {
  auto t = ParseInstant(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return *t;
}

// A real SQLite database, the real 2022 campaign and calendars from data/, and a clock the test moves.
class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = campaign::LoadCampaignDir(std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data" / "campaigns");
    ASSERT_TRUE(c.ok());
    campaigns_ = c.value();
    auto years = calendar::LoadYearDir(std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data" / "calendars");
    ASSERT_TRUE(years.ok());
    calendars_.Seed(years.value(), 0);
    unit_a_ = AddUnit("91330402MA2JX0016P", "330402", "enterprise");
    unit_b_ = AddUnit("12330402470012345H", "330402", "public_institution");
  }

  long long Exec(const std::string& sql) {
    storage::Session s(temp_.db());
    s.sql() << sql;
    long long id = 0;
    s.sql() << "SELECT last_insert_rowid()", soci::into(id);
    return id;
  }
  int64_t AddUnit(const std::string& code, const std::string& region, const std::string& type) {
    const int64_t id = Exec(
        "INSERT INTO units (credit_code, name, region_code, unit_type, contact_name, mobile, "
        "status, created_at) VALUES ('" +
        code + "', '单位" + code.substr(14) + "', '" + region + "', '" + type +
        "', '联系人', '13800000000', 'approved', 0)");
    Exec(
        "INSERT INTO users (login, name, role, password_hash, unit_id, region_code, created_at, "
        "password_changed_at) VALUES ('" +
        code + "', '单位', 'unit', 'x', " + std::to_string(id) + ", '" + region + "', 0, 0)");
    return id;
  }
  Actor UnitActor(int64_t unit) {
    return Actor{accounts::Principal{.user_id = 1000 + unit,
                                     .login = "unit",
                                     .name = "单位审核员",
                                     .role = Role::kUnit,
                                     .region_code = "330402",
                                     .unit_id = unit},
                 "127.0.0.1"};
  }
  Actor CountyActor() {
    return Actor{accounts::Principal{.user_id = 2000,
                                     .login = "ap330402",
                                     .name = "南湖区受理点",
                                     .role = Role::kAcceptancePoint,
                                     .region_code = "330402"},
                 "127.0.0.1"};
  }
  Actor AddApplicant(const std::string& name) {
    const int n = ++applicants_;
    const std::string id_number = "33040219900101" + std::to_string(1000 + n);
    const int64_t id = Exec(
        "INSERT INTO users (login, name, role, password_hash, id_number, mobile, created_at, "
        "password_changed_at) VALUES ('" +
        id_number + "', '" + name + "', 'applicant', 'x', '" + id_number + "', '1390000" +
        std::to_string(1000 + n) + "', 0, 0)");
    return Actor{
        accounts::Principal{.user_id = id, .login = id_number, .name = name, .role = Role::kApplicant},
        "127.0.0.1"};
  }

  std::filesystem::path TempFile(std::string_view bytes) {
    auto p = temp_.blobs().UploadDir() / ("t" + std::to_string(++files_));
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

  // An applicant whose archive the unit approved and whose engineer application is complete, in draft.
  int64_t ReadyApplication(const Actor& who, int64_t unit) {
    const std::string code = unit == unit_a_ ? "91330402MA2JX0016P" : "12330402470012345H";
    auto saved = wf_.SaveArchive(who, testing::FirstArchive(code, testing::EngineerArchiveItems()));
    EXPECT_TRUE(saved.ok()) << (saved.ok() ? "" : Name(saved.error().code));
    auto sent = wf_.SubmitArchive(who, 1);
    EXPECT_TRUE(sent.ok());
    EXPECT_TRUE(
        wf_.ReviewArchive(UnitActor(unit), who.principal.user_id, true, ActionForm{.version = 2}).ok());
    auto app = wf_.CreateApplication(who, "engineer", "textile_engineering");
    EXPECT_TRUE(app.ok()) << (app.ok() ? "" : Name(app.error().code));
    const int64_t id = app->id;
    for (const char* slot : {"id_card", "education_certificate", "title_certificate", "ce_certificate"})
      EXPECT_TRUE(wf_.AddEvidence(who, id, slot, TempFile("%PDF-1.4 test"), "x.pdf").ok()) << slot;
    EXPECT_TRUE(wf_.UpdateApplication(who, id, Version(id), "engineer", "textile_engineering", true).ok());
    return id;
  }

  json::object Get(int64_t id) {
    auto r = wf_.GetApplication(accounts::Principal{.role = Role::kCityAdmin}, id);
    EXPECT_TRUE(r.ok());
    return r.ok() ? contract::ToJson(*r).as_object() : json::object{};
  }
  int64_t Version(int64_t id) { return Get(id).at("version").as_int64(); }
  std::string StateOf(int64_t id) { return std::string(Get(id).at("state").as_string()); }
  std::string Act(const Actor& a, int64_t id, Action action, ActionForm f = {}) {
    f.version = Version(id);
    auto r = wf_.Act(a, id, action, f);
    return r.ok() ? "ok" : std::string(Name(r.error().code));
  }
  // Submitted, and in publicity from `start`.
  void ToPublicity(const Actor& who, int64_t id, int64_t unit, const char* start) {
    ASSERT_EQ(Act(who, id, Action::kSubmit), "ok");
    ASSERT_EQ(Act(UnitActor(unit), id, Action::kStartPublicity, ActionForm{.start_date = start}), "ok");
  }

  void ExpectSound() {
    for (const auto& problem : CheckInvariants(temp_.db())) ADD_FAILURE() << problem;
  }

  ManualClock clock_{At("2022-08-20T09:00:00+08:00")};
  storage::TempDatabase temp_;
  accounts::Env env_{temp_.db(), clock_, temp_.blobs()};
  std::vector<campaign::Campaign> campaigns_;
  calendar::CalendarStore calendars_{temp_.db()};
  Workflow wf_{env_, campaigns_, calendars_};
  int64_t unit_a_ = 0, unit_b_ = 0;
  int applicants_ = 0, files_ = 0;
};

TEST(StateMachine, EveryStateButTheFinalOnesHasAWayOnAndEachActionOneRoleFamily) {
  for (State s : kAllStates) {
    const bool final = s == State::kNotRecommended || s == State::kFailed || s == State::kRevoked ||
                       s == State::kNotAccepted || s == State::kWithdrawn;
    EXPECT_EQ(IsFinal(s), final) << StateCode(s);
    bool has_exit = false;
    for (const auto& t : kTransitions) has_exit = has_exit || t.from == s;
    EXPECT_EQ(has_exit, !final) << StateCode(s);
  }
  for (const auto& t : kTransitions) {
    EXPECT_EQ(FindTransition(t.from, t.action), &t) << "one transition per state and action";
    EXPECT_EQ(ParseState(StateCode(t.to)), t.to);
    EXPECT_EQ(ParseAction(ActionCode(t.action)), t.action);
  }
}

// No dead ends (issue 17): a state that waits on the applicant has a way out that no deadline blocks (the
// withdrawal), and so has one that waits on the unit after a return.
TEST(StateMachine, EveryReturnedStateCanBeWithdrawnByTheApplicant) {
  for (State s : {State::kReturned, State::kCountyReturned, State::kOfficeReturned}) {
    const Transition* t = FindTransition(s, Action::kWithdraw);
    ASSERT_NE(t, nullptr) << StateCode(s);
    EXPECT_EQ(t->to, State::kWithdrawn);
    EXPECT_EQ(t->guard, Guard::kNone);
    EXPECT_TRUE(Allows(*t, Role::kApplicant));
    EXPECT_FALSE(HoldsQuota(t->to)) << "a withdrawal frees the quota place";
  }
  const Transition* close = FindTransition(State::kOfficeReturned, Action::kNotAccept);
  ASSERT_NE(close, nullptr);
  EXPECT_EQ(close->guard, Guard::kCorrectionExpired);
}

// No dead ends, by construction (issue 17): whatever the clock says, every state but the final ones and the
// applicant's unsent draft keeps a step that no deadline closes (a withdrawal, a return, a reason-only step,
// the committee's own decisions), so no application can be left where nobody may act. The draft's end after
// the applicant deadline is the stage's own (the page says 已逾期; nothing was sent, no quota is held).
// The guards a deadline (a stage's, or a correction window's) can close.
bool DeadlineBound(Guard g) {
  switch (g) {
    case Guard::kApplicantReady:
    case Guard::kResubmitReady:
    case Guard::kPublicityStart:
    case Guard::kPublicityDone:
    case Guard::kPublicityReusable:
    case Guard::kReRecommend:
    case Guard::kCountyDeadline:
    case Guard::kCorrected:
      return true;
    default:
      return false;
  }
}

TEST(StateMachine, EveryStateKeepsAStepNoDeadlineCloses) {
  auto deadline_bound = DeadlineBound;
  for (State s : kAllStates) {
    if (IsFinal(s) || s == State::kDraft) continue;
    bool open_way = false;
    for (const auto& t : kTransitions) open_way = open_way || (t.from == s && !deadline_bound(t.guard));
    EXPECT_TRUE(open_way) << StateCode(s) << ": every way out depends on a deadline";
  }
  // The draft holds nothing: no snapshot, no quota place, nothing the unit sees.
  EXPECT_FALSE(HoldsQuota(State::kDraft));
}

// check-invariants' stuck check (StuckApplications) rests on NoWayForward: it must name a state whose every
// step is closed for good, and keep quiet when a step is open, pending, or the review's.
TEST(StateMachine, NoWayForwardNamesAStuckStateAndEveryClosedStep) {
  auto all_closed = [](const Transition&) -> std::optional<ErrorCode> { return errc::deadline_passed; };
  const auto stuck = NoWayForward(State::kSubmitted, all_closed);
  ASSERT_TRUE(stuck.has_value()) << "every step of submitted closed: stuck";
  size_t steps = 0;
  for (const auto& t : kTransitions) steps += t.from == State::kSubmitted ? 1 : 0;
  EXPECT_EQ(stuck->size(), steps) << "each closed step is named";
  for (const auto& [action, why] : *stuck) EXPECT_EQ(why, errc::deadline_passed) << ActionCode(action);
  // The review's own steps are a way forward (a meeting decides an accepted application).
  EXPECT_FALSE(NoWayForward(State::kAccepted, all_closed).has_value());
  // A step closed only until something happens keeps the way open.
  auto waiting = [](const Transition& t) -> std::optional<ErrorCode> {
    return t.action == Action::kRecommend ? errc::publicity_not_ended : errc::deadline_passed;
  };
  EXPECT_FALSE(NoWayForward(State::kPublicity, waiting).has_value());
  // With every deadline passed and everything else open, the table leaves no state stuck.
  auto deadlines_passed = [](const Transition& t) -> std::optional<ErrorCode> {
    if (!DeadlineBound(t.guard)) return std::nullopt;
    return t.guard == Guard::kCorrected ? errc::correction_window_closed : errc::deadline_passed;
  };
  for (State st : kAllStates) {
    if (IsFinal(st) || st == State::kDraft) continue;
    EXPECT_FALSE(NoWayForward(st, deadlines_passed).has_value()) << StateCode(st);
  }
}

// A corrected application publicises the same content unless an item or the basic facts changed (issue 17:
// no new publicity unless the correction changes what was publicised); evidence files never count.
TEST(Snapshot, PublicisedChangesNameTheCopysSections) {
  ApplicationSnapshot before;
  before.applicant_name = "张三";
  before.level = "engineer";
  before.specialty = "textile";
  before.archive.push_back(
      {"education", boost::json::object{{"level", "bachelor"}, {"graduated", "2010-07-01"}}});
  before.archive.push_back({"achievement", boost::json::object{{"title", "某项目"}}});
  before.slots.push_back({"degree", "学历证书", {{"a.pdf", "aa"}}});
  ApplicationSnapshot after = before;
  after.slots[0].files = {{"clearer.pdf", "bb"}};
  after.pledged_at = "2022-09-20T10:00:00+08:00";
  EXPECT_TRUE(PublicisedChanges(before, after).empty()) << "a new evidence file is not publicised";
  after.archive[1].data["title"] = "某项目（修订）";
  EXPECT_EQ(PublicisedChanges(before, after), std::vector<std::string>{"专业技术工作业绩"});
  after.specialty = "safety";
  after.archive.push_back({"education", boost::json::object{{"level", "master"}}});
  EXPECT_EQ(PublicisedChanges(before, after),
            (std::vector<std::string>{"基本情况", "学历", "专业技术工作业绩"}));
}

TEST(StateMachine, StateSetsAndTheirSqlTwinsComeFromOneTable) {
  EXPECT_EQ(storage::StateSqlPredicate("a.state", detail::StatesWhere(&detail::SeenByUnit)),
            "a.state NOT IN ('draft')");
  EXPECT_EQ(storage::StateSqlPredicate("a.state", detail::StatesWhere(&detail::NoState)), "1 = 0");
  const storage::StateSet at_committee = detail::StatesWhere(&AtCommittee);
  EXPECT_EQ(at_committee.in.size() + at_committee.out.size(), std::size(kAllStates));
  for (State s : kAllStates) {
    const std::string code(StateCode(s));
    EXPECT_EQ(std::count(at_committee.in.begin(), at_committee.in.end(), code), AtCommittee(s) ? 1 : 0)
        << code;
    EXPECT_EQ(std::count(at_committee.out.begin(), at_committee.out.end(), code), AtCommittee(s) ? 0 : 1)
        << code;
    if (HoldsQuota(s)) {
      EXPECT_TRUE(PastUnit(s)) << "a quota place is held only after the unit recommended: " << StateCode(s);
    }
    if (AtCommittee(s)) {
      EXPECT_TRUE(PastUnit(s)) << StateCode(s);
    }
  }
}

// The data scope is one table (workflow/internal.hpp): CanSee evaluates a role's row against an application,
// and the repositories write the same row into SQL. For every role and every state, with applications of
// other applicants, units, regions and departments beside, a list holds an application exactly when CanSee
// says yes, on the applications and on the dashboard counters alike.
TEST_F(WorkflowTest, TheListsAndTheRecordCheckShareOneDataScope) {
  const int64_t x = AddApplicant("甲").principal.user_id;
  const int64_t y = AddApplicant("乙").principal.user_id;
  struct Owner {
    int64_t applicant, unit;
    const char* region;
    int city_level;
    const char* department;
  };
  const Owner owners[] = {{x, unit_a_, "330402", 0, "NULL"},
                          {y, unit_b_, "330411", 0, "NULL"},
                          {x, unit_a_, "330402", 1, "7"},
                          {y, unit_b_, "330402", 1, "8"}};
  std::vector<int64_t> ids;
  for (State st : kAllStates) {
    for (const auto& o : owners) {
      const std::string n = std::to_string(ids.size());
      std::string sql =
          "INSERT INTO applications (number, campaign_id, applicant_id, unit_id, region_code, city_level, "
          "department_id, level, specialty, state, version, created_at, updated_at) VALUES ('T";
      sql += n;
      sql += "', 'c";
      sql += n;
      sql += "', " + std::to_string(o.applicant);
      sql += ", " + std::to_string(o.unit);
      sql += ", '" + std::string(o.region);
      sql += "', " + std::to_string(o.city_level);
      sql += ", " + std::string(o.department);
      sql += ", 'engineer', 'textile_engineering', '" + std::string(StateCode(st));
      sql += "', 1, 0, " + n + ")";
      ids.push_back(Exec(sql));
    }
  }
  {
    storage::Session s(temp_.db());
    storage::WriteTx tx(s);
    storage::RebuildApplicationCounts(s);
    tx.Commit();
  }
  using P = accounts::Principal;
  const std::vector<P> people = {
      P{.user_id = x, .role = Role::kApplicant},
      P{.user_id = 999999, .role = Role::kApplicant},
      P{.user_id = 1, .role = Role::kUnit, .region_code = "330402", .unit_id = unit_a_},
      P{.user_id = 1, .role = Role::kUnit, .region_code = "330402"},
      P{.user_id = 1, .role = Role::kAcceptancePoint, .region_code = "330402"},
      P{.user_id = 1, .role = Role::kAcceptancePoint, .region_code = "330411"},
      P{.user_id = 1, .role = Role::kCompetentDepartment, .department_id = 7},
      P{.user_id = 1, .role = Role::kCompetentDepartment, .department_id = 8},
      P{.user_id = 1, .role = Role::kCompetentDepartment},
      P{.user_id = 1, .role = Role::kCommitteeOffice},
      P{.user_id = 1, .role = Role::kCityAdmin},
      P{.user_id = 1, .role = Role::kExpert},
  };
  for (Role role : accounts::kAllRoles)
    EXPECT_TRUE(std::any_of(people.begin(), people.end(), [&](const P& p) { return p.role == role; }));
  storage::Session s(temp_.db());
  storage::ApplicationsRepo repo(s);
  for (const P& p : people) {
    const std::string who = std::string(accounts::RoleName(p.role)) + " " + std::to_string(p.user_id) + " " +
                            p.region_code + " " + std::to_string(p.unit_id.value_or(0)) + " " +
                            std::to_string(p.department_id.value_or(0));
    std::set<int64_t> expected;
    std::map<std::string, int64_t> per_state;
    for (int64_t id : ids) {
      const auto a = LoadApp(s, id);
      ASSERT_TRUE(a.has_value());
      if (CanSee(p, *a)) {
        expected.insert(id);
        per_state[std::string(StateCode(a->state))] += 1;
      }
    }
    if (p.role == Role::kExpert) {
      EXPECT_TRUE(expected.empty()) << "experts see applications through their groups only";
    }
    if (p.role == Role::kCityAdmin) {
      EXPECT_EQ(expected.size(), ids.size());
    }
    // The list of the applications, page by page, and its counts per state.
    const storage::ApplicationScope scope = detail::ScopeOf(p);
    std::set<int64_t> listed;
    storage::PageRequest page{.after = std::nullopt, .size = 25};
    std::map<std::string, int64_t> counted;
    for (int i = 0; i < 100; ++i) {
      auto got = repo.ListQueue(scope, {}, page);
      if (i == 0)
        for (const auto& [state, n] : got.counts) counted[state] = n;
      for (const auto& r : got.rows) EXPECT_TRUE(listed.insert(r.app.id).second) << who;
      if (!got.next) break;
      page.after = got.next;
    }
    EXPECT_EQ(listed, expected) << who;
    EXPECT_EQ(counted, per_state) << who;
    // The counters (alias a as well) for the scopes that read them.
    if (p.role == Role::kApplicant || p.role == Role::kUnit) continue;
    std::map<std::string, int64_t> from_counters;
    for (const auto& [state, n] : repo.ListQueue(scope, {.counters = true}, {}).counts)
      from_counters[state] = n;
    EXPECT_EQ(from_counters, per_state) << who;
    std::map<std::string, int64_t> from_stats;
    for (const auto& g : repo.StatsGroups(scope, true)) from_stats[g.state] += g.n;
    EXPECT_EQ(from_stats, per_state) << who;
    int64_t by_units = 0;
    for (const auto& u : repo.TopUnits(scope, true, std::nullopt)) by_units += u.n;
    EXPECT_EQ(by_units, static_cast<int64_t>(expected.size())) << who;
  }
}

TEST_F(WorkflowTest, SubmissionIsOpenUntilTheLastSecondOfTheApplicantDeadlineInShanghai) {
  const Actor early = AddApplicant("赵一");
  const Actor late = AddApplicant("钱二");
  const int64_t a = ReadyApplication(early, unit_a_);
  const int64_t b = ReadyApplication(late, unit_a_);
  clock_.Set(At("2022-08-31T23:59:59+08:00"));
  EXPECT_EQ(Act(early, a, Action::kSubmit), "ok");
  clock_.Set(At("2022-08-31T16:00:00Z"));  // 2022-09-01 00:00:00 in Shanghai
  EXPECT_EQ(Act(late, b, Action::kSubmit), "deadline_passed");
  EXPECT_EQ(StateOf(b), "draft");
  // an extension for the unit opens it again for that unit only, and is audited
  auto ext = wf_.AddExtension(
      Actor{accounts::Principal{.user_id = 1, .login = "admin", .role = Role::kCityAdmin}, ""},
      ExtensionForm{.body = {.stage = "applicant",
                             .unit_id = unit_a_,
                             .until = "2022-09-02",
                             .reason = "系统故障顺延",
                             .region_code = std::nullopt},
                    .unread = {}});
  ASSERT_TRUE(ext.ok());
  EXPECT_EQ(Act(late, b, Action::kSubmit), "ok");
  ExpectSound();
}

TEST_F(WorkflowTest, PublicityCountsWorkingDaysOverMidAutumnAndNationalDay) {
  const Actor p = AddApplicant("孙三");
  const int64_t id = ReadyApplication(p, unit_a_);
  const Actor q = AddApplicant("李四");
  const int64_t id2 = ReadyApplication(q, unit_a_);
  clock_.Set(At("2022-08-30T10:00:00+08:00"));
  ASSERT_EQ(Act(p, id, Action::kSubmit), "ok");
  ASSERT_EQ(Act(q, id2, Action::kSubmit), "ok");
  clock_.Set(At("2022-09-06T09:00:00+08:00"));
  EXPECT_EQ(Act(UnitActor(unit_a_), id, Action::kStartPublicity, ActionForm{.start_date = "2022-09-10"}),
            "not_working_day");  // 中秋
  EXPECT_EQ(Act(UnitActor(unit_a_), id, Action::kStartPublicity, ActionForm{.start_date = "2022-09-05"}),
            "date_in_past");
  ASSERT_EQ(Act(UnitActor(unit_a_), id, Action::kStartPublicity, ActionForm{.start_date = "2022-09-06"}),
            "ok");
  EXPECT_EQ(Get(id).at("publicity").at("end").as_string(), "2022-09-13");  // 09-12 is the 中秋 Monday
  clock_.Set(At("2022-09-12T10:00:00+08:00"));
  EXPECT_EQ(Act(UnitActor(unit_a_), id, Action::kRecommend, ActionForm{.opinion = "同意"}),
            "publicity_not_ended");
  clock_.Set(At("2022-09-13T10:00:00+08:00"));
  EXPECT_EQ(Act(UnitActor(unit_a_), id, Action::kRecommend, ActionForm{}),
            "validation_failed");  // no opinion
  EXPECT_EQ(Act(UnitActor(unit_a_), id, Action::kRecommend, ActionForm{.opinion = "同意"}), "ok");

  // 国庆: starting 09-28 it ends on the make-up Sunday 10-09; after the unit deadline only with an extension
  clock_.Set(At("2022-09-28T09:00:00+08:00"));
  EXPECT_EQ(Act(UnitActor(unit_a_), id2, Action::kStartPublicity, ActionForm{.start_date = "2022-09-28"}),
            "deadline_passed");
  ASSERT_TRUE(wf_.AddExtension(
                     Actor{accounts::Principal{.user_id = 1, .login = "admin", .role = Role::kCityAdmin}, ""},
                     ExtensionForm{.body = {.stage = "unit",
                                            .unit_id = std::nullopt,
                                            .until = "2022-10-14",
                                            .reason = "疫情顺延",
                                            .region_code = "330402",
                                            .extend_later = true},  // past the county deadline too
                                   .unread = {}})
                  .ok());
  ASSERT_EQ(Act(UnitActor(unit_a_), id2, Action::kStartPublicity, ActionForm{.start_date = "2022-09-28"}),
            "ok");
  EXPECT_EQ(Get(id2).at("publicity").at("end").as_string(), "2022-10-09");
  clock_.Set(At("2022-10-08T10:00:00+08:00"));
  EXPECT_EQ(Act(UnitActor(unit_a_), id2, Action::kRecommend, ActionForm{.opinion = "同意"}),
            "publicity_not_ended");
  clock_.Set(At("2022-10-09T10:00:00+08:00"));
  EXPECT_EQ(Act(UnitActor(unit_a_), id2, Action::kRecommend, ActionForm{.opinion = "同意"}), "ok");
  ExpectSound();
}

TEST_F(WorkflowTest, AnOpenObjectionBlocksTheRecommendationUntilResolved) {
  const Actor p = AddApplicant("周五");
  const int64_t id = ReadyApplication(p, unit_a_);
  ToPublicity(p, id, unit_a_, "2022-08-22");
  auto o = wf_.AddObjection(UnitActor(unit_a_), id, "业绩材料与实际不符", "同事甲");
  ASSERT_TRUE(o.ok());
  clock_.Set(At("2022-08-26T10:00:00+08:00"));
  EXPECT_EQ(Act(UnitActor(unit_a_), id, Action::kRecommend, ActionForm{.opinion = "同意"}), "objection_open");
  const int64_t oid = o->objections.at(0).id;
  Actor english = UnitActor(unit_a_);
  english.principal.lang = Lang::kEn;
  auto resolved = wf_.ResolveObjection(english, id, oid, "dismissed", "经核实无问题");
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->state_name, "Publicised by the unit");  // in the caller's language
  EXPECT_EQ(resolved->objections.at(0).status, "dismissed");
  EXPECT_EQ(wf_.ResolveObjection(UnitActor(unit_a_), id, oid, "upheld", "再次").error().code,
            errc::objection_not_open);
  EXPECT_EQ(Act(UnitActor(unit_a_), id, Action::kRecommend, ActionForm{.opinion = "同意"}), "ok");
}

TEST_F(WorkflowTest, QuotaIsExactUnderConcurrentRecommendations) {
  {
    storage::Session s(temp_.db());
    storage::SetUnitQuota(s, unit_b_, "engineer", 2);
  }
  std::vector<int64_t> ids;
  for (int i = 0; i < 4; ++i) {
    const Actor p = AddApplicant("事业" + std::to_string(i));
    ids.push_back(ReadyApplication(p, unit_b_));
    ToPublicity(p, ids.back(), unit_b_, "2022-08-22");
  }
  clock_.Set(At("2022-08-26T10:00:00+08:00"));
  std::vector<int64_t> versions;
  versions.reserve(ids.size());
  for (int64_t id : ids) versions.push_back(Version(id));
  std::atomic<int> ok{0}, over{0}, other{0};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < ids.size(); ++i) {
    threads.emplace_back([&, i] {
      auto r = wf_.Act(UnitActor(unit_b_), ids[i], Action::kRecommend,
                       ActionForm{.version = versions[i], .opinion = "同意"});
      if (r.ok())
        ++ok;
      else if (r.error().code == errc::quota_exceeded)
        ++over;
      else
        ++other;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(over, 2);
  EXPECT_EQ(other, 0);
  auto q = wf_.Quotas(UnitActor(unit_b_).principal, unit_b_);
  ASSERT_TRUE(q.ok());
  ASSERT_FALSE(q->items.empty());
  EXPECT_EQ(q->items[0].used, 2);
  EXPECT_EQ(q->items[0].left, 0);
  ExpectSound();
}

TEST_F(WorkflowTest, ReturnNeedsACompleteListAndResubmissionFreezesANewSnapshot) {
  const Actor p = AddApplicant("吴六");
  const int64_t id = ReadyApplication(p, unit_a_);
  ASSERT_EQ(Act(p, id, Action::kSubmit), "ok");
  const std::string first_hash(Get(id).at("snapshot").at("sha256").as_string());
  EXPECT_EQ(Act(UnitActor(unit_a_), id, Action::kReturn, ActionForm{.reason = "材料不全"}),
            "correction_list_required");
  EXPECT_EQ(Act(p, id, Action::kReturn, ActionForm{.reason = "x", .items = {{"a", "b"}}}), "forbidden");
  ASSERT_EQ(
      Act(UnitActor(unit_a_), id, Action::kReturn,
          ActionForm{.reason = "材料不全", .items = {{"身份证", "模糊"}, {"继续教育证明", "缺 2021 年"}}}),
      "ok");
  auto app = Get(id);
  EXPECT_EQ(app.at("corrections").at("items").as_array().size(), 2U);
  // the applicant replaces the identity card; the unit can still open the one snapshot 1 froze
  const int64_t old_file = wf_.GetApplication(p.principal, id)->slots.at(0).files.at(0).id;
  ASSERT_TRUE(wf_.RemoveEvidence(p, id, "id_card", old_file).ok());
  EXPECT_EQ(wf_.RemoveEvidence(p, id, "id_card", old_file).error().code, errc::not_found);
  ASSERT_TRUE(wf_.AddEvidence(p, id, "id_card", TempFile("%PDF-1.4 clearer scan"), "id.pdf").ok());
  EXPECT_TRUE(wf_.FileForDownload(UnitActor(unit_a_).principal, old_file).ok());
  EXPECT_EQ(wf_.FileForDownload(UnitActor(unit_b_).principal, old_file).error().code, errc::not_found);
  // A returned application may be withdrawn, which ends it (issue 17); here the applicant resubmits.
  const auto offered = wf_.GetApplication(p.principal, id)->allowed_actions;
  EXPECT_NE(std::find(offered.begin(), offered.end(), "withdraw"), offered.end());
  clock_.Advance(std::chrono::hours(2));
  ASSERT_EQ(Act(p, id, Action::kResubmit), "ok");
  app = Get(id);
  EXPECT_EQ(app.at("resubmissions").as_int64(), 1);
  EXPECT_EQ(app.at("snapshot").at("version").as_int64(), 2);
  EXPECT_NE(app.at("snapshot").at("sha256").as_string(), first_hash);
  // withdrawal before the unit acts takes it back to draft
  ASSERT_EQ(Act(p, id, Action::kWithdraw), "ok");
  EXPECT_EQ(StateOf(id), "draft");
  ExpectSound();
}

TEST_F(WorkflowTest, StaleVersionsAndOtherUnitsChangeNothing) {
  const Actor p = AddApplicant("郑七");
  const int64_t id = ReadyApplication(p, unit_a_);
  const int64_t v = Version(id);
  ASSERT_EQ(Act(p, id, Action::kSubmit), "ok");
  auto stale = wf_.Act(p, id, Action::kWithdraw, ActionForm{.version = v});
  EXPECT_EQ(stale.error().code, errc::stale_version);
  EXPECT_EQ(Act(UnitActor(unit_b_), id, Action::kStartPublicity, ActionForm{.start_date = "2022-08-22"}),
            "not_found");
  EXPECT_EQ(wf_.GetApplication(UnitActor(unit_b_).principal, id).error().code, errc::not_found);
  EXPECT_EQ(wf_.GetApplication(CountyActor().principal, id).error().code,
            errc::not_found);  // not yet there
  EXPECT_EQ(StateOf(id), "submitted");
}

TEST_F(WorkflowTest, ABatchIsAppliedWholeOrNotAtAll) {
  std::vector<std::pair<int64_t, int64_t>> items;
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    const Actor p = AddApplicant("批量" + std::to_string(i));
    ids.push_back(ReadyApplication(p, unit_a_));
    ToPublicity(p, ids.back(), unit_a_, i == 2 ? "2022-08-24" : "2022-08-22");
  }
  clock_.Set(At("2022-08-26T10:00:00+08:00"));  // the third ends on 08-30
  items.reserve(ids.size());
  for (int64_t id : ids) items.emplace_back(id, Version(id));
  auto r = wf_.Batch(UnitActor(unit_a_), Action::kRecommend, items, ActionForm{.opinion = "同意"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::batch_rejected);
  ASSERT_EQ(r.error().fields.size(), 1U);
  EXPECT_EQ(r.error().fields[0].code, errc::publicity_not_ended);
  EXPECT_EQ(r.error().fields[0].detail, std::to_string(ids[2]));
  for (int64_t id : ids) EXPECT_EQ(StateOf(id), "publicity");
  items.pop_back();
  auto ok = wf_.Batch(UnitActor(unit_a_), Action::kRecommend, items, ActionForm{.opinion = "同意"});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), 2);
  EXPECT_EQ(StateOf(ids[0]), "unit_recommended");
  // The rolled-back batch left the dashboard counters untouched, the committed one moved them.
  EXPECT_EQ(CheckInvariants(temp_.db()), std::vector<std::string>{});
}

TEST_F(WorkflowTest, InvariantCheckerFindsTamperedStatesSnapshotsAndQuotas) {
  const Actor p = AddApplicant("冯八");
  const int64_t id = ReadyApplication(p, unit_a_);
  ASSERT_EQ(Act(p, id, Action::kSubmit), "ok");
  ASSERT_TRUE(CheckInvariants(temp_.db()).empty());
  Exec("UPDATE applications SET state = 'received' WHERE id = " + std::to_string(id));
  auto problems = CheckInvariants(temp_.db());
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("history ends at submitted"), std::string::npos) << problems[0];
  // The dashboard counters were not told either.
  EXPECT_NE(problems.back().find("dashboard counters: application_unit_counts"), std::string::npos)
      << problems.back();
  Exec("UPDATE applications SET state = 'submitted' WHERE id = " + std::to_string(id));
  Exec("UPDATE application_snapshots SET data = replace(data, '冯八', '冯九')");
  problems = CheckInvariants(temp_.db());
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_NE(problems[0].find("hash mismatch"), std::string::npos) << problems[0];
}

TEST_F(WorkflowTest, UploadsAreJudgedByTheirBytesAndSlotLimits) {
  const Actor p = AddApplicant("陈九");
  const int64_t id = ReadyApplication(p, unit_a_);
  EXPECT_EQ(wf_.AddEvidence(p, id, "id_card", TempFile("%PDF-1.4"), "again.pdf").error().code,
            errc::slot_full);
  EXPECT_EQ(wf_.AddEvidence(p, id, "achievements", TempFile("MZ\x90\x00"), "x.pdf").error().code,
            errc::file_type_not_allowed);
  EXPECT_EQ(wf_.AddEvidence(p, id, "achievements", TempFile(""), "x.pdf").error().code, errc::file_empty);
  EXPECT_EQ(wf_.AddEvidence(p, id, "nonsense", TempFile("%PDF-1.4"), "x.pdf").error().code,
            errc::unknown_slot);
  EXPECT_TRUE(wf_.AddEvidence(p, id, "achievements", TempFile("\x89PNG\r\n\x1a\n...."), "x.png").ok());
  EXPECT_TRUE(wf_.AddEvidence(p, id, "achievements", TempFile("\xFF\xD8\xFF\xE0...."), "x.jpg").ok());
}

TEST_F(WorkflowTest, ArchiveProblemsAreNamedByTheItemTheyComeFrom) {
  const Actor p = AddApplicant("褚十");
  std::vector<views::ArchivePutRequestItem> items = {
      {.kind = "work", .data = json::object{{"from", "2014-07-01"}, {"employer", "甲"}, {"post", "乙"}}},
      {.kind = "education", .data = json::object{{"level", "nonsense"}, {"graduated", "2014-13-01"}}},
      {.kind = "employment", .data = json::object{{"in_service", "yes"}}},
      {.kind = "employment", .data = json::object{}},
      {.kind = "planet", .data = json::object{}},
  };
  auto r = wf_.SaveArchive(p, testing::FirstArchive("91330402MA2JX0016X", items));
  ASSERT_FALSE(r.ok());
  std::set<std::string> fields;
  for (const auto& f : r.error().fields) fields.insert(f.field + ":" + std::string(Name(f.code)));
  EXPECT_TRUE(fields.contains("unit_credit_code:unit_not_found"));
  EXPECT_TRUE(fields.contains("items[1].data.level:unknown_code"));
  EXPECT_TRUE(fields.contains("items[1].data.graduated:invalid_date"));
  EXPECT_TRUE(fields.contains("items[2].data.in_service:wrong_type"));
  EXPECT_TRUE(fields.contains("items[3].kind:single_item_kind"));
  EXPECT_TRUE(fields.contains("items[4].kind:unknown_code"));
  EXPECT_EQ(wf_.GetArchive(p.principal)->version, 0);  // nothing saved
}

}  // namespace
}  // namespace zc::workflow
