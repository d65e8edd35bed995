#include "app/demo.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <stdexcept>

#include "base/ids.hpp"
#include "storage/accounts_repo.hpp"
#include "storage/applications_repo.hpp"
#include "storage/experts_repo.hpp"

namespace zc::app {
namespace {

using accounts::Actor;
using accounts::Principal;
using accounts::Role;

std::string CreditCode(const std::string& first17) {
  return first17 + CreditCodeCheckChar(first17);
}
std::string ResidentId(const std::string& first17) {
  return first17 + ResidentIdCheckChar(first17);
}

template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) {
    std::string fields;
    for (const auto& f : r.error().fields) fields += " " + f.field + ":" + std::string(Name(f.code));
    throw std::runtime_error("demo: " + what + ": " + std::string(Name(r.error().code)) + fields);
  }
  return std::move(r).value();
}

// A one-page PDF that stands in for a scanned, stamped authorisation letter.
const char* kLetterPdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

struct DemoUnit {
  std::string code17;
  std::string name;
  std::string region;
  std::string type;
  bool city_level;
  std::string contact;
  std::string mobile;
  bool approved;
};

}  // namespace

// expert01 … expert13
std::string ExpertLogin(size_t i) {
  std::string n = std::to_string(i + 1);
  std::string login = "expert";
  login += (n.size() < 2 ? "0" : "") + n;
  return login;
}

std::vector<DemoLogin> LoadDemo(accounts::Env& env) {
  std::vector<DemoLogin> logins;
  const std::string pw = kDemoPassword;
  bool present = false;
  {
    storage::Session s(env.db);
    present = storage::LoginTaken(s, "admin");
  }
  const Actor cli{Principal{.login = "demo", .name = "演示数据", .role = Role::kCityAdmin}, "127.0.0.1"};
  auto staff = [&](const std::string& role, const std::string& login, const std::string& name,
                   const std::string& region = "", const std::string& dept = "") {
    if (!present) Must(accounts::CreateStaffAccount(env, cli, {role, login, name, pw, region, dept}), login);
    logins.push_back({role, login, name});
  };

  staff("city_admin", "admin", "嘉兴市人力资源和社会保障局（管理员）");
  for (const auto& r : accounts::Regions(env))
    staff("acceptance_point", "ap" + r.code, r.name + "人力社保局（职称申报受理点）", r.code);
  staff("committee_office", "committee", "嘉兴市工程师协会（评委会办事机构）");
  staff("competent_department", "jtj", "嘉兴市交通运输局", "", "嘉兴市交通运输局");
  // The expert pool (docs/review.md "Demo"): 13 experts, each with a login.
  struct DemoExpert {
    const char* name;
    const char* families;  // JSON array
    const char* unit_name;
    const char* unit17;     // credit code without its check character
    const char* relations;  // JSON array
  };
  const std::vector<DemoExpert> experts = {
      {"陆振华", R"(["chemical","environmental"])", "嘉兴市交通投资集团有限责任公司", "91330400MA28A3C51",
       "[]"},
      {"沈国平", R"(["textile","light_industry"])", "嘉兴市秀洲区纺织研究所有限公司", "91330411MA2B8X1E2",
       "[]"},
      {"钱雅琴", R"(["environmental","water"])", "嘉兴市生态环境监测站", "12330400470000105", "[]"},
      {"朱建明", R"(["electrical","electronics"])", "平湖市电气设备有限公司", "91330482MA29N3R07", "[]"},
      {"徐丽华", R"(["environmental","safety"])", "嘉兴市安全生产技术中心", "12330400470000201", "[]"},
      {"吴志坚", R"(["chemical","pharmaceutical","materials"])", "海盐县化工新材料有限公司",
       "91330424MA2A0C4G3", "[]"},
      {"何美玲", R"(["textile","quality"])", "嘉善县纺织品检测有限公司", "91330421MA2BC7QK0", "[]"},
      {"马永刚", R"(["electrical","transport"])", "桐乡市交通工程有限公司", "91330483MA2D6E1T9", "[]"},
      {"孙晓东", R"(["environmental","chemical"])", "嘉兴市环境科学研究所", "12330400470000302", ""},
      {"胡文斌", R"(["surveying","water","transport"])", "海宁市测绘院有限公司", "91330481MA2CK5B23", "[]"},
      {"郭静", R"(["electronics","electrical","quality"])", "嘉兴南湖电子科技有限公司", "91330402MA2JX8L41",
       "[]"},
      {"林海燕", R"(["environmental","quality"])", "嘉兴市质量技术监督检测院", "12330400470000403", "[]"},
      {"高建华", R"(["textile","chemical","environmental"])", "嘉兴禾丰智能科技有限公司", "91330402MA2JX0016",
       "[]"},
  };
  for (size_t i = 0; i < experts.size(); ++i) {
    staff("expert", ExpertLogin(i), std::string("评审专家 ") + experts[i].name);
  }

  int64_t dept_id = 0;
  for (const auto& d : accounts::Departments(env)) {
    if (d.name == "嘉兴市交通运输局") dept_id = d.id;
  }

  const std::vector<DemoUnit> units = {
      {"91330402MA2JX0016", "嘉兴禾丰智能科技有限公司", "330402", "enterprise", false, "沈慧", "13857300001",
       true},
      {"12330402470012345", "嘉兴市南湖区水利工程管理站", "330402", "public_institution", false, "褚建明",
       "13857300002", true},
      {"91330400MA28A3C51", "嘉兴市交通投资集团有限责任公司", "330402", "enterprise", true, "姚丽萍",
       "13857300003", true},
      {"91330481MA2CK7D91", "海宁经编新材料科技有限公司", "330481", "enterprise", false, "钱卫东",
       "13857300004", false},
  };
  for (const auto& u : units) {
    const std::string code = CreditCode(u.code17);
    if (!present) {
      auto unit = Must(accounts::RegisterUnit(
                           env,
                           {.credit_code = code,
                            .name = u.name,
                            .region_code = u.region,
                            .unit_type = u.type,
                            .city_level = u.city_level,
                            .competent_department_id = u.city_level ? std::optional(dept_id) : std::nullopt,
                            .contact_name = u.contact,
                            .mobile = u.mobile,
                            .password = pw},
                           "127.0.0.1"),
                       u.name);
      const Actor unit_actor{Principal{.user_id = 0,
                                       .login = "demo",
                                       .name = u.name,
                                       .role = Role::kUnit,
                                       .region_code = u.region,
                                       .unit_id = unit.id},
                             "127.0.0.1"};
      Must(accounts::UploadUnitLetter(env, unit_actor, kLetterPdf), u.name);
      if (u.approved) {
        const Actor reviewer{Principal{.login = "demo",
                                       .role = u.city_level ? Role::kCityAdmin : Role::kAcceptancePoint,
                                       .region_code = u.region},
                             "127.0.0.1"};
        Must(accounts::ReviewUnitLetter(env, reviewer, unit.id, accounts::LetterDecision::kApprove, ""),
             u.name);
      }
      if (u.type == "public_institution") {
        storage::Session s(env.db);
        storage::SetUnitQuota(s, unit.id, "engineer", 3);
        storage::SetUnitQuota(s, unit.id, "assistant_engineer", 5);
      }
    }
    logins.push_back({"unit", code, u.name + (u.approved ? "" : "（授权书待审核）")});
  }

  struct Person {
    std::string name;
    std::string id17;
    std::string mobile;
  };
  const std::vector<Person> people = {
      {"王建国", "33040219880314201", "13957300011"}, {"李晓燕", "33041119920708002", "13957300012"},
      {"陈志强", "33048119850122003", "13957300013"}, {"张敏", "33042119950930004", "13957300014"},
      {"周海峰", "33048319790615005", "13957300015"},
  };
  for (const auto& p : people) {
    const std::string id = ResidentId(p.id17);
    if (!present) Must(accounts::RegisterApplicant(env, {p.name, id, p.mobile, pw}, "127.0.0.1"), p.name);
    logins.push_back({"applicant", id, p.name});
  }
  if (!present) {
    storage::Session s(env.db);
    storage::WriteTx tx(s);
    const auto now = static_cast<int64_t>(std::time(nullptr));
    std::vector<storage::NewCommitteeMember> members;
    for (size_t i = 0; i < experts.size(); ++i) {
      const auto& e = experts[i];
      const auto user = storage::FindUserByLogin(s, ExpertLogin(i));
      std::string id17 = "33040219700101";
      id17 += std::to_string(101 + i);
      const int64_t uid = user ? user->id : 0;
      const std::string name = e.name, families = e.families, unit = e.unit_name, code = CreditCode(e.unit17),
                        title = i == 0 ? "full_senior" : "senior", id_number = ResidentId(id17);
      // 孙晓东 declared a relation with the demo applicant 周海峰.
      const std::string relations = *e.relations
                                        ? std::string(e.relations)
                                        : R"([{"name":"周海峰","id_number":")" +
                                              ResidentId("33048319790615005") + R"(","relation":"亲属"}])";
      const int64_t expert_id = storage::ExpertsRepo(s).Insert({.user_id = uid,
                                                                .name = name,
                                                                .id_number = id_number,
                                                                .families = families,
                                                                .title = title,
                                                                .unit_name = unit,
                                                                .unit_credit_code = code,
                                                                .term_start = "2021-01-01",
                                                                .term_end = "2023-12-31",
                                                                .relations = relations,
                                                                .active = true},
                                                               now);
      if (i < 11)
        members.push_back({.expert_id = expert_id,
                           .position = i == 0  ? "chair"
                                       : i < 3 ? "vice_chair"
                                               : "member",
                           .term_start = "2021-01-01",
                           .term_end = "2023-12-31"});
    }
    storage::ExpertsRepo(s).ReplaceCommitteeMembers("jx-engineering-intermediate", members);
    tx.Commit();
  }
  return logins;
}

namespace {

namespace json = boost::json;

std::vector<workflow::views::ArchivePutRequestItem> ArchiveItems(const char* education, const char* graduated,
                                                                 const char* title, const char* obtained,
                                                                 bool ce) {
  std::vector<workflow::views::ArchivePutRequestItem> items = {
      {.kind = "education",
       .data = json::object{{"level", education},
                            {"graduated", graduated},
                            {"school", "浙江工业大学"},
                            {"major", "化学工程"}}},
      {.kind = "work", .data = json::object{{"from", graduated}, {"employer", "现单位"}, {"post", "技术员"}}},
      {.kind = "employment", .data = json::object{{"in_service", true}, {"full_time", true}}},
      {.kind = "social_security", .data = json::object{{"paid_in_city", true}}},
      {.kind = "achievement",
       .data = json::object{{"type", "project"},
                            {"title", "年产 5 万吨涤纶短纤技改项目"},
                            {"date", "2021-06-30"},
                            {"role", "技术负责人"}}},
  };
  if (title[0] != '\0')
    items.push_back({.kind = "title", .data = json::object{{"level", title}, {"obtained", obtained}}});
  if (ce) {
    for (int y = 2019; y <= 2022; ++y)
      items.push_back({.kind = "continuing_education", .data = json::object{{"year", y}, {"hours", 96}}});
  }
  return items;
}

}  // namespace

void LoadWorkflowDemo(accounts::Env& env, OffsetClock& clock, workflow::Workflow& wf) {
  {
    storage::Session s(env.db);
    if (storage::ApplicationsRepo(s).Any()) return;
  }
  using workflow::Action;
  using workflow::ActionForm;
  auto at = [&](const char* iso) { clock.Set(*ParseInstant(iso)); };
  auto unit_actor = [&](const std::string& code) {
    storage::Session s(env.db);
    auto u = storage::FindUnitByCreditCode(s, code);
    if (!u) throw std::runtime_error("demo: no unit " + code);
    return std::make_pair(Actor{Principal{.user_id = 0,
                                          .login = code,
                                          .name = u->name,
                                          .role = Role::kUnit,
                                          .region_code = u->region_code,
                                          .unit_id = u->id},
                                "127.0.0.1"},
                          *u);
  };
  auto applicant = [&](const std::string& id17) {
    storage::Session s(env.db);
    auto u = storage::FindUserByLogin(s, ResidentId(id17));
    if (!u) throw std::runtime_error("demo: no applicant " + id17);
    return Actor{Principal{.user_id = u->id, .login = u->login, .name = u->name, .role = Role::kApplicant},
                 "127.0.0.1"};
  };
  auto version = [&](int64_t id) {
    return Must(wf.GetApplication(Principal{.role = Role::kCityAdmin}, id), "read").version;
  };
  auto act = [&](const Actor& who, int64_t id, Action a, ActionForm f, const std::string& what) {
    f.version = version(id);
    Must(wf.Act(who, id, a, f), what);
  };
  struct Case {
    const char* id17;
    const char* unit;
    const char* level;
    const char* specialty;
    const char* education;
    const char* graduated;
    const char* title;
    const char* obtained;
    int stage;  // 1 submitted, 2 in publicity, 3 with the acceptance point / department, 4 with the committee
  };
  const Case cases[] = {
      {"33041119920708002", "91330402MA2JX0016P", "engineer", "textile_engineering", "bachelor", "2014-06-30",
       "assistant_engineer", "2017-09-01", 1},
      {"33048119850122003", "12330402470012345H", "engineer", "chemical_process", "bachelor", "2008-06-30",
       "assistant_engineer", "2012-10-01", 2},
      {"33042119950930004", "91330402MA2JX0016P", "assistant_engineer", "automation", "bachelor",
       "2018-06-30", "", "", 3},
      {"33048319790615005", "91330400MA28A3C51C", "engineer", "environmental_engineering", "junior_college",
       "2002-07-01", "assistant_engineer", "2010-12-01", 4},
  };
  int n = 0;
  for (const Case& c : cases) {
    at("2022-08-15T09:00:00+08:00");
    clock.Set(clock.Now() + std::chrono::minutes(10 * n++));
    const Actor who = applicant(c.id17);
    const auto [unit, unit_record] = unit_actor(c.unit);
    const bool engineer = std::string(c.level) == "engineer";
    workflow::ArchiveForm archive{
        .body = {.version = 0,
                 .unit_credit_code = c.unit,
                 .items = ArchiveItems(c.education, c.graduated, c.title, c.obtained, engineer)}};
    Must(wf.SaveArchive(who, archive), std::string("archive of ") + c.id17);
    Must(wf.SubmitArchive(who, 1), "archive submit");
    Must(wf.ReviewArchive(unit, who.principal.user_id, true, ActionForm{.version = 2}), "archive approve");
    const int64_t id = Must(wf.CreateApplication(who, c.level, c.specialty), "application").id;
    const auto app = Must(wf.GetApplication(who.principal, id), "read");
    for (const auto& slot : app.slots) {
      if (!slot.required) continue;
      const std::string& code = slot.code;
      std::string name = "demo-";
      name += std::to_string(id) + "-" + code;
      const auto tmp = env.blobs.UploadDir() / name;
      { std::ofstream(tmp, std::ios::binary) << kLetterPdf; }
      Must(wf.AddEvidence(who, id, code, tmp, code + ".pdf"), "evidence " + code);
    }
    Must(wf.UpdateApplication(who, id, version(id), c.level, c.specialty, true), "pledge");
    act(who, id, Action::kSubmit, {}, "submit");
    if (c.stage < 2) continue;
    at("2022-08-16T10:00:00+08:00");
    act(unit, id, Action::kStartPublicity,
        ActionForm{.start_date = c.stage == 2 ? "2022-08-18" : "2022-08-16"}, "publicity");
    if (c.stage < 3) continue;
    at("2022-08-22T15:00:00+08:00");
    const std::string opinion = Must(wf.GetApplication(unit.principal, id), "read").opinion_template;
    act(unit, id, Action::kRecommend, ActionForm{.opinion = opinion}, "recommend");
    if (c.stage < 4) continue;
    at("2022-08-24T16:00:00+08:00");
    const Actor reviewer{Principal{.login = "demo",
                                   .name = unit_record.competent_department_name.empty()
                                               ? std::string("主管部门")
                                               : unit_record.competent_department_name,
                                   .role = Role::kCompetentDepartment,
                                   .department_id = unit_record.competent_department_id},
                         "127.0.0.1"};
    act(reviewer, id, Action::kCountyRecommend,
        ActionForm{.opinion = "经审核，申报材料齐全，符合申报条件，同意推荐至评审委员会。"},
        "county recommend");
  }
  at("2022-08-24T18:00:00+08:00");
}

}  // namespace zc::app
