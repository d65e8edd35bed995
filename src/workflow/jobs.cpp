// Timed jobs: the end of a unit's publicity and the deadline reminders, run once whichever node claims them.
#include <boost/json.hpp>

#include "storage/applications_repo.hpp"
#include "storage/jobs_repo.hpp"
#include "workflow/internal.hpp"
#include "workflow/lifecycles.hpp"

namespace zc::workflow {

using namespace detail;

namespace detail {

void EnqueueJob(Session& s, const std::string& kind, const std::string& key, int64_t run_at,
                const std::string& payload, int64_t now) {
  storage::JobsRepo(s).Plan(kind, key, run_at, payload, kJobLifecycle.Start("plan"), now);
}

}  // namespace detail

namespace {

constexpr int kReminderDays[] = {3, 1};

// The unit may recommend from the last day of its publicity (docs/workflow.md).
void PublicityEnded(Session& s, const json::object& p, int64_t now) {
  const int64_t id = p.at("application_id").as_int64();
  const std::string end(p.at("end").as_string());
  auto a = LoadApp(s, id);
  if (!a || a->state != State::kPublicity || a->publicity_end != end) return;  // moved on meanwhile
  const std::string name = UserName(s, a->applicant_id);
  storage::Notify(s, storage::Audience::Unit(a->unit_id),
                  {"publicity.ended", a->id,
                   "申报 " + a->number + "（" + name + "）的单位公示今日（" + end +
                       "）期满：无未处理异议的，今日起可录入意见并推荐",
                   "The publicity of application " + a->number + " (" + name + ") ends today (" + end +
                       "); it may be recommended from today if no objection is open"},
                  now);
}

// Everyone with work still open before a stage's deadline hears of it.
void DeadlineReminder(Session& s, const json::object& p, int64_t now) {
  const std::string campaign(p.at("campaign").as_string());
  const std::string stage(p.at("stage").as_string());
  const std::string date(p.at("date").as_string());
  const int64_t days = p.at("days").as_int64();
  const std::string left = std::to_string(days);
  const std::string kind = "deadline.reminder";
  if (stage == "applicant") {
    const auto users =
        storage::ApplicationsRepo(s).ApplicantsInState(campaign, std::string(StateCode(State::kDraft)));
    const std::string zh =
        "个人申报将于 " + date + " 24 时截止（还有 " + left + " 天），您的申报尚未提交，请及时提交至单位";
    const std::string en = "Applications close at the end of " + date + " (" + left +
                           " day(s) left); yours is not submitted yet";
    for (auto u : users) storage::Notify(s, storage::Audience::User(u), {kind, std::nullopt, zh, en}, now);
  } else if (stage == "unit") {
    static const storage::StateSet kAwaitingUnit =
        StatesWhere([](State st) { return Info(st).holder == Holder::kUnit; });
    const auto units = storage::ApplicationsRepo(s).UnitsInStates(campaign, kAwaitingUnit);
    const std::string zh =
        "单位推荐将于 " + date + " 24 时截止（还有 " + left + " 天），本单位仍有申报待审核、公示或推荐";
    const std::string en = "Unit recommendations close at the end of " + date + " (" + left +
                           " day(s) left); your unit still has applications to handle";
    for (const auto& u : units)
      storage::Notify(s, storage::Audience::Unit(u), {kind, std::nullopt, zh, en}, now);
  } else {
    std::vector<std::string> regions;
    std::vector<int64_t> departments;
    for (const auto& r : storage::ApplicationsRepo(s).ReviewersInState(
             campaign, std::string(StateCode(State::kUnitRecommended)))) {
      if (r.city_level)
        departments.push_back(r.department_id);
      else
        regions.push_back(r.region_code);
    }
    const std::string zh =
        "受理点/主管部门推荐将于 " + date + " 24 时截止（还有 " + left + " 天），仍有申报待审核推荐";
    const std::string en = "County recommendations close at the end of " + date + " (" + left +
                           " day(s) left); applications still wait for you";
    for (const auto& r : regions)
      storage::Notify(s, storage::Audience::AcceptancePoints(r), {kind, std::nullopt, zh, en}, now);
    for (const auto& d : departments)
      storage::Notify(s, storage::Audience::Department(d), {kind, std::nullopt, zh, en}, now);
  }
}

}  // namespace

void Workflow::PlanReminders() {
  const campaign::Campaign& c = current();
  const TimePoint now = env_.clock.Now();
  Session s(env_.db);
  storage::WriteTx tx(s);
  for (auto st : {campaign::Stage::kApplicant, campaign::Stage::kUnit, campaign::Stage::kCounty}) {
    const Date deadline = c.DeadlineOf(st);
    for (int days : kReminderDays) {
      const int64_t run_at = UnixSeconds(ShanghaiMidnight(AddDays(deadline, -days))) + int64_t{9} * 3600;
      const std::string stage = StageCode(st);
      EnqueueJob(s, "deadline.reminder", "deadline:" + c.id + ":" + stage + ":" + std::to_string(days),
                 run_at,
                 json::serialize(json::object{
                     {"campaign", c.id}, {"stage", stage}, {"date", FormatDate(deadline)}, {"days", days}}),
                 UnixSeconds(now));
    }
  }
  tx.Commit();
}

int Workflow::RunDueJobs(const std::string& node, int limit) {
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::JobsRepo jobs(s);
  const auto due = jobs.ClaimDue(std::string(kJobLifecycle.Code(JobState::kPending)), now, limit);
  for (const auto& j : due) {
    boost::system::error_code ec;
    json::value p = json::parse(j.payload, ec);
    // A reminder found more than 12 hours late (the platform was down, or started after its day) is
    // dropped rather than sent at the wrong time; a publicity end is still worth telling.
    const bool stale = j.kind == "deadline.reminder" && now - j.run_at > int64_t{12} * 3600;
    if (!ec && p.is_object() && !stale) {
      if (j.kind == "publicity.ended") PublicityEnded(s, p.as_object(), now);
      if (j.kind == "deadline.reminder") DeadlineReminder(s, p.as_object(), now);
    }
    jobs.Finish(j.id, std::string(kJobLifecycle.Code(kJobLifecycle.Next(JobState::kPending, "run"))), node,
                now);
  }
  tx.Commit();
  return static_cast<int>(due.size());
}

}  // namespace zc::workflow
