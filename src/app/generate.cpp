#include "app/generate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "accounts/passwords.hpp"
#include "app/demo.hpp"
#include "base/ids.hpp"
#include "base/time.hpp"
#include "storage/application_counts.hpp"
#include "workflow/state_machine.hpp"

namespace zc::app {

namespace {

using storage::Session;
using workflow::Action;
using workflow::State;

// SQL text of a value: integers as they are, text quoted (generated text never holds a quote, but the
// quoting is real all the same).
std::string Q(const std::string& v) {
  std::string out = "'";
  for (char ch : v) {
    out += ch;
    if (ch == '\'') out += '\'';
  }
  out += '\'';
  return out;
}

// Rows of one table written as multi-row INSERTs of up to 500 rows. `parent` (the table its rows reference)
// is written first, so foreign keys always find their row.
class Inserter {
 public:
  Inserter(Session& s, std::string head, Inserter* parent = nullptr)
      : s_(s), head_(std::move(head)), parent_(parent) {}
  ~Inserter() = default;
  Inserter(const Inserter&) = delete;
  Inserter& operator=(const Inserter&) = delete;
  void Row(const std::string& values) {
    sql_ += rows_ == 0 ? " VALUES (" : ", (";
    sql_ += values;
    sql_ += ')';
    if (++rows_ == 500) Flush();
  }
  void Flush() {
    if (parent_) parent_->Flush();
    if (rows_ == 0) return;
    std::string stmt = head_;
    stmt += sql_;
    s_.sql() << stmt;
    sql_.clear();
    rows_ = 0;
  }

 private:
  Session& s_;
  std::string head_;
  Inserter* parent_;
  std::string sql_;
  int rows_ = 0;
};

std::string Join(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}
std::string N(int64_t v) {
  return std::to_string(v);
}

int64_t NextId(Session& s, const std::string& table) {
  long long max = 0;
  soci::indicator ind = soci::i_ok;
  s.sql() << "SELECT MAX(id) FROM " + table, soci::into(max, ind);
  return ind == soci::i_ok ? max + 1 : 1;
}

// Regions of the city and their share of units (人社 statistics are not public per county; these follow the
// counties' populations roughly).
struct RegionShare {
  const char* code;
  double share;
};
constexpr std::array<RegionShare, 9> kRegions = {{{"330402", 0.16},
                                                  {"330411", 0.12},
                                                  {"330421", 0.11},
                                                  {"330424", 0.08},
                                                  {"330481", 0.15},
                                                  {"330482", 0.11},
                                                  {"330483", 0.15},
                                                  {"330471", 0.08},
                                                  {"330472", 0.04}}};

constexpr std::array<const char*, 24> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                                   "吴", "周", "徐", "孙", "马", "朱", "胡", "沈",
                                                   "钱", "蒋", "韩", "冯", "许", "曹", "金", "陆"};
constexpr std::array<const char*, 32> kGiven = {
    "伟", "芳", "敏",   "静",   "强",   "磊", "军",   "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
    "华", "慧", "建国", "晓东", "海峰", "丽", "志强", "俊", "佳", "文", "斌", "宁", "浩", "婷", "晨", "鑫"};
constexpr std::array<const char*, 12> kUnitWords = {"嘉禾", "南湖", "运河", "长水", "禾城", "秀水",
                                                    "海盐", "平湖", "桐乡", "海宁", "嘉善", "乍浦"};
constexpr std::array<const char*, 10> kUnitKinds = {
    "机械制造有限公司", "电子科技有限公司", "建设工程有限公司", "新材料股份有限公司", "智能装备有限公司",
    "化工有限公司",     "交通设计研究院",   "水利勘测设计院",   "检验检测中心",       "能源科技有限公司"};

// The history that leads to each state: the actions in order (a return and resubmission may precede).
std::vector<Action> PathTo(State st) {
  using A = Action;
  std::vector<A> unit = {A::kSubmit, A::kStartPublicity};
  auto with = [](std::vector<A> base, std::initializer_list<A> more) {
    base.insert(base.end(), more);
    return base;
  };
  auto county = with(unit, {A::kRecommend, A::kCountyRecommend, A::kReceive});
  switch (st) {
    case State::kDraft:
      return {};
    case State::kSubmitted:
      return {A::kSubmit};
    case State::kReturned:
      return {A::kSubmit, A::kReturn};
    case State::kPublicity:
      return unit;
    case State::kNotRecommended:
      return with(unit, {A::kReject});
    case State::kUnitRecommended:
      return with(unit, {A::kRecommend});
    case State::kCountyReturned:
      return with(unit, {A::kRecommend, A::kCountyReturn});
    case State::kCountyRecommended:
      return with(unit, {A::kRecommend, A::kCountyRecommend});
    case State::kReceived:
      return county;
    case State::kOfficeReturned:
      return with(county, {A::kOfficeReturn});
    case State::kAccepted:
      return with(county, {A::kAccept});
    case State::kPassed:
      return with(county, {A::kAccept, A::kPass});
    case State::kFailed:
      return with(county, {A::kAccept, A::kFail});
    case State::kCertified:
      return with(county, {A::kAccept, A::kPass, A::kConfirm});
    case State::kRevoked:
      return with(county, {A::kAccept, A::kPass, A::kConfirm, A::kRevoke});
    case State::kNotAccepted:
      return with(county, {A::kAccept, A::kNotAccept});
    case State::kWithdrawn:
      return {A::kSubmit, A::kReturn, A::kWithdraw};
  }
  return {};
}

// The mix of states: a city's applications over a campaign, most of them past the unit.
constexpr std::array<std::pair<State, int>, 15> kStateMix = {{{State::kDraft, 4},
                                                              {State::kSubmitted, 6},
                                                              {State::kReturned, 3},
                                                              {State::kPublicity, 5},
                                                              {State::kNotRecommended, 2},
                                                              {State::kUnitRecommended, 12},
                                                              {State::kCountyReturned, 2},
                                                              {State::kCountyRecommended, 10},
                                                              {State::kReceived, 7},
                                                              {State::kOfficeReturned, 1},
                                                              {State::kAccepted, 10},
                                                              {State::kPassed, 5},
                                                              {State::kFailed, 10},
                                                              {State::kCertified, 22},
                                                              {State::kRevoked, 1}}};

struct UnitRow {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string region;
  bool city_level = false;
  int64_t department = 0;
};

}  // namespace

GenerateReport Generate(storage::Database& db, const campaign::Campaign& c, const GenerateOptions& o,
                        const std::function<void(int64_t)>& progress) {
  GenerateReport rep;
  std::mt19937_64 rng(o.seed);
  auto uniform = [&]() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); };
  auto pick = [&](size_t n) {
    return static_cast<size_t>(std::uniform_int_distribution<size_t>(0, n - 1)(rng));
  };
  const std::string hash = accounts::HashPassword(kDemoPassword);
  const int64_t n_units = o.units > 0 ? o.units : std::max<int64_t>(1, o.applications / 40);

  // Levels and specialties of the campaign, with the weights applications have in practice.
  std::vector<std::pair<std::string, double>> levels;
  for (const auto& l : c.levels) levels.emplace_back(l.code, l.rank >= 3 ? 0.5 : l.rank == 2 ? 0.35 : 0.15);
  std::vector<std::string> specialties;
  for (const auto& f : c.families)
    if (!f.excluded)
      for (const auto& sp : f.specialties) specialties.push_back(sp.code);
  std::vector<double> spec_weight;
  spec_weight.reserve(specialties.size());
  for (size_t i = 0; i < specialties.size(); ++i) spec_weight.push_back(1.0 / static_cast<double>(i + 2));
  std::discrete_distribution<size_t> spec_dist(spec_weight.begin(), spec_weight.end());
  std::vector<double> level_weight;
  level_weight.reserve(levels.size());
  for (const auto& l : levels) level_weight.push_back(l.second);
  std::discrete_distribution<size_t> level_dist(level_weight.begin(), level_weight.end());
  std::vector<int> mix_weight;
  mix_weight.reserve(kStateMix.size());
  for (const auto& m : kStateMix) mix_weight.push_back(m.second);
  std::discrete_distribution<size_t> state_dist(mix_weight.begin(), mix_weight.end());
  std::vector<double> region_weight;
  region_weight.reserve(kRegions.size());
  for (const auto& r : kRegions) region_weight.push_back(r.share);
  std::discrete_distribution<size_t> region_dist(region_weight.begin(), region_weight.end());

  const int64_t open = UnixSeconds(ShanghaiMidnight(c.notice.date));
  const int64_t applicant_end = UnixSeconds(ShanghaiMidnight(c.deadlines.applicant));
  const int64_t now_created = open;

  Session s(db);
  // Competent departments and units.
  std::vector<UnitRow> units;
  {
    storage::WriteTx tx(s);
    std::vector<int64_t> departments;
    int64_t dept_id = NextId(s, "competent_departments");
    {
      Inserter ins(s, "INSERT INTO competent_departments (id, name, created_at)");
      for (int i = 0; i < 24; ++i) {
        std::string name = "市";
        name += kUnitWords[static_cast<size_t>(i) % kUnitWords.size()];
        name += "行业主管局（生成";
        name += N(dept_id);
        name += "）";
        ins.Row(Join({N(dept_id), Q(name), N(now_created)}));
        departments.push_back(dept_id++);
      }
      ins.Flush();
    }
    int64_t unit_id = NextId(s, "units");
    int64_t user_id = NextId(s, "users");
    Inserter ins_u(s,
                   "INSERT INTO units (id, credit_code, name, region_code, unit_type, city_level, "
                   "competent_department_id, contact_name, mobile, status, created_at)");
    Inserter ins_a(s,
                   "INSERT INTO users (id, login, name, role, password_hash, mobile, region_code, unit_id, "
                   "created_at, password_changed_at)");
    for (int64_t i = 0; i < n_units; ++i) {
      UnitRow u;
      u.id = unit_id++;
      u.user_id = user_id++;
      u.region = kRegions[region_dist(rng)].code;
      u.city_level = uniform() < 0.1;
      if (u.city_level) u.department = departments[pick(departments.size())];
      const double t = uniform();
      const char* type = t < 0.7 ? "enterprise" : t < 0.95 ? "public_institution" : "other";
      char org[16];
      std::snprintf(org, sizeof org, "%09lld", static_cast<long long>(u.id % 1000000000));
      std::string code = std::string(t < 0.7 ? "91" : t < 0.95 ? "12" : "52") + "330499";
      code += org;
      code += CreditCodeCheckChar(code);
      std::string name = kUnitWords[pick(kUnitWords.size())];
      name += kUnitKinds[pick(kUnitKinds.size())];
      name += "（";
      name += N(u.id);
      name += "）";
      ins_u.Row(
          Join({N(u.id), Q(code), Q(name), Q(u.region), Q(type), N(u.city_level ? 1 : 0),
                u.city_level ? N(u.department) : std::string("NULL"), Q("联系人"),
                Q("0573" + std::to_string(80000000 + u.id % 10000000)), Q("approved"), N(now_created)}));
      std::string login = "gu";
      login += N(u.id);
      ins_a.Row(Join({N(u.user_id), Q(login), Q(name), Q("unit"), Q(hash), "NULL", Q(u.region), N(u.id),
                      N(now_created), N(now_created)}));
      units.push_back(std::move(u));
    }
    ins_u.Flush();
    ins_a.Flush();
    tx.Commit();
    rep.units = n_units;
    rep.users = n_units;
  }

  // Applicants, their archives, applications and histories, committed every 20,000 applications.
  int64_t user_id = NextId(s, "users");
  int64_t app_id = NextId(s, "applications");
  int64_t tr_id = NextId(s, "transitions");
  const int64_t day = 86400;
  for (int64_t done = 0; done < o.applications;) {
    const int64_t batch = std::min<int64_t>(20000, o.applications - done);
    storage::WriteTx tx(s);
    Inserter users(s,
                   "INSERT INTO users (id, login, name, role, password_hash, mobile, id_number, created_at, "
                   "password_changed_at)");
    Inserter archives(s,
                      "INSERT INTO archives (user_id, unit_id, status, version, submitted_at, reviewed_at, "
                      "reviewed_by, updated_at)",
                      &users);
    Inserter apps(s,
                  "INSERT INTO applications (id, number, campaign_id, applicant_id, unit_id, region_code, "
                  "city_level, department_id, level, specialty, state, version, resubmissions, pledged_at, "
                  "snapshot_version, submitted_at, publicity_start, publicity_end, opinion, quota_held, "
                  "created_at, updated_at)",
                  &users);
    Inserter trans(s,
                   "INSERT INTO transitions (id, application_id, from_state, to_state, action, actor_id, "
                   "actor_name, role, reason, detail, at)",
                   &apps);
    for (int64_t k = 0; k < batch; ++k, ++done) {
      // A few very large units and many small ones: unit index ∝ r^2.5.
      const auto ui = static_cast<size_t>(static_cast<double>(units.size()) * std::pow(uniform(), 2.5));
      const UnitRow& u = units[std::min(ui, units.size() - 1)];
      const int64_t uid = user_id++;
      const int64_t aid = app_id++;
      // Person: a valid 18-digit identity number (birth day and sequence from the user id), a mobile.
      const int64_t serial = uid % 14000000;
      const Date birth = AddDays(Date{1962, 1, 1}, serial / 1000);
      char first17[20];
      std::snprintf(first17, sizeof first17, "330499%04d%02d%02d%03lld", birth.year, birth.month, birth.day,
                    static_cast<long long>(serial % 1000));
      std::string id_number = first17;
      id_number += ResidentIdCheckChar(id_number);
      std::string name = kSurnames[pick(kSurnames.size())];
      name += kGiven[pick(kGiven.size())];
      if (uniform() < 0.5) name += kGiven[pick(kGiven.size())];
      std::string login = "ga";
      login += N(uid);
      const int64_t created =
          open + static_cast<int64_t>(uniform() * static_cast<double>(applicant_end - open));
      users.Row(
          Join({N(uid), Q(login), Q(name), Q("applicant"), Q(hash),
                Q(std::to_string(17000000000LL + uid % 1000000000)), Q(id_number), N(created), N(created)}));
      archives.Row(Join({N(uid), N(u.id), Q("approved"), "1", N(created), N(created + day / 2), N(u.user_id),
                         N(created + day / 2)}));

      const State st = kStateMix[state_dist(rng)].first;
      std::vector<Action> path = PathTo(st);
      // One in ten that reached the unit was returned once and resubmitted first.
      if (!path.empty() && st != State::kReturned && uniform() < 0.1) {
        path.insert(path.begin() + 1, {Action::kReturn, Action::kResubmit});
      }
      const auto& level = levels[level_dist(rng)].first;
      const auto& specialty = specialties[spec_dist(rng)];
      int64_t at = created + day;
      State cur = State::kDraft;
      int64_t submitted_at = 0;
      int version = 1;
      int resubmissions = 0;
      int snapshots = 0;
      std::string pub_start, pub_end;
      std::vector<std::string> history;  // written after the application row they reference
      for (Action a : path) {
        const auto* t = workflow::FindTransition(cur, a);
        if (!t) break;  // never: PathTo follows the table
        at += day / 4 + static_cast<int64_t>(uniform() * 4.0 * static_cast<double>(day));
        const bool by_applicant = a == Action::kSubmit || a == Action::kResubmit || a == Action::kCorrect;
        const bool by_unit = t->roles[0] == accounts::Role::kUnit;
        const std::string role(accounts::RoleName(*t->roles[0]));
        if (a == Action::kSubmit || a == Action::kResubmit) {
          submitted_at = at;
          ++snapshots;
        }
        if (a == Action::kResubmit) ++resubmissions;
        if (a == Action::kStartPublicity) {
          const Date d = ShanghaiDate(FromUnixSeconds(at));
          pub_start = FormatDate(d);
          pub_end = FormatDate(AddDays(d, 6));
        }
        history.push_back(
            Join({N(tr_id++), N(aid), Q(std::string(workflow::StateCode(cur))),
                  Q(std::string(workflow::StateCode(t->to))), Q(std::string(workflow::ActionCode(a))),
                  N(by_applicant ? uid
                    : by_unit    ? u.user_id
                                 : 0),
                  Q(by_applicant ? name
                    : by_unit    ? std::string("单位经办人")
                                 : std::string("（生成数据）")),
                  Q(by_applicant ? std::string("applicant") : role),
                  Q(a == Action::kReturn || a == Action::kReject || a == Action::kCountyReturn ||
                            a == Action::kOfficeReturn
                        ? std::string("材料不全，请补充")
                        : std::string()),
                  Q(""), N(at)}));
        ++rep.transitions;
        cur = t->to;
        ++version;
      }
      char number[32];
      std::snprintf(number, sizeof number, "ZC%d-%06lld", c.year, static_cast<long long>(aid));
      apps.Row(Join({N(aid),
                     Q(number),
                     Q(c.id),
                     N(uid),
                     N(u.id),
                     Q(u.region),
                     N(u.city_level ? 1 : 0),
                     u.city_level ? N(u.department) : std::string("NULL"),
                     Q(level),
                     Q(specialty),
                     Q(std::string(workflow::StateCode(cur))),
                     N(version),
                     N(resubmissions),
                     N(submitted_at ? created : 0),
                     N(snapshots),
                     N(submitted_at),
                     Q(pub_start),
                     Q(pub_end),
                     Q(""),
                     N(workflow::HoldsQuota(cur) ? 1 : 0),
                     N(created),
                     N(path.empty() ? created : at)}));
      for (const auto& h : history) trans.Row(h);
      ++rep.applications;
      ++rep.users;
    }
    users.Flush();
    archives.Flush();
    apps.Flush();
    trans.Flush();
    tx.Commit();
    if (progress) progress(done);
  }
  {
    // The bulk inserts bypass the dashboard counters; count once at the end.
    storage::WriteTx tx(s);
    storage::RebuildApplicationCounts(s);
    tx.Commit();
  }
  // PostgreSQL's sequences do not see explicit ids; move them past what was written.
  if (db.backend() == storage::Backend::kPostgres) {
    for (const char* table : {"competent_departments", "units", "users", "applications", "transitions"}) {
      std::string sql = "SELECT setval(pg_get_serial_sequence('";
      sql += table;
      sql += "', 'id'), (SELECT MAX(id) FROM ";
      sql += table;
      sql += "))";
      s.sql() << sql;
    }
    s.sql() << "ANALYZE";
  } else {
    s.sql() << "ANALYZE";
  }
  return rep;
}

}  // namespace zc::app
