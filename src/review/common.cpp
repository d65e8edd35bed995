#include <algorithm>

#include "base/ids.hpp"
#include "review/internal.hpp"
#include "review/lifecycles.hpp"

namespace zc::review {

Review::Review(accounts::Env env, const std::vector<campaign::Campaign>& campaigns,
               calendar::CalendarStore& calendars, workflow::Workflow& wf)
    : env_(env), campaigns_(campaigns), calendars_(calendars), wf_(wf) {}

namespace detail {

const campaign::Campaign& CampaignById(const std::vector<campaign::Campaign>& all, const std::string& id) {
  for (const auto& c : all)
    if (c.id == id) return c;
  return all.back();
}

std::string ToJsonText(const json::value& v) {
  return json::serialize(v);
}

json::array ParseArray(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return {};
  return v.as_array();
}

bool IsOffice(const Principal& p) {
  return p.role == accounts::Role::kCommitteeOffice || p.role == accounts::Role::kCityAdmin;
}

Expert ExpertFrom(const storage::ExpertRow& r) {
  Expert e;
  e.id = r.id;
  e.user_id = r.user_id;
  e.login = r.login;
  e.name = r.name;
  e.id_number = r.id_number;
  for (const auto& f : ParseArray(r.families))
    if (f.is_string()) e.families.emplace_back(f.as_string());
  e.title = r.title;
  e.unit_name = r.unit_name;
  e.unit_credit_code = r.unit_credit_code;
  e.term_start = r.term_start;
  e.term_end = r.term_end;
  e.relations = ParseArray(r.relations);
  e.active = r.active;
  return e;
}

std::vector<Expert> LoadExperts(Session& s) {
  const auto rows = storage::ExpertsRepo(s).All();
  std::vector<Expert> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ExpertFrom(r));
  return out;
}

std::optional<Expert> LoadExpert(Session& s, int64_t id) {
  auto row = storage::ExpertsRepo(s).Find(id);
  if (!row) return std::nullopt;
  return ExpertFrom(*row);
}

std::optional<Expert> ExpertOf(Session& s, const Principal& p) {
  if (p.role != accounts::Role::kExpert) return std::nullopt;
  auto row = storage::ExpertsRepo(s).FindByUser(p.user_id);
  if (!row) return std::nullopt;
  return ExpertFrom(*row);
}

bool InTerm(const Expert& e, const Date& day) {
  const auto start = ParseDate(e.term_start);
  const auto end = ParseDate(e.term_end);
  return start && end && !(day < *start) && !(*end < day);
}

views::Expert ExpertView(const campaign::Campaign& c, const Expert& e, const Date& today) {
  const auto* title = c.FindExpertTitle(e.title);
  views::Expert out{.id = e.id,
                    .login = std::nullopt,
                    .name = e.name,
                    .id_number_masked = MaskResidentId(e.id_number),
                    .families = e.families,
                    .family_names = {},
                    .title = e.title,
                    .title_name = title ? title->name : e.title,
                    .unit_name = e.unit_name,
                    .unit_credit_code = e.unit_credit_code,
                    .term_start = e.term_start,
                    .term_end = e.term_end,
                    .in_term = InTerm(e, today),
                    .active = e.active,
                    .relations = {}};
  if (!e.login.empty()) out.login = e.login;
  for (const auto& f : e.families) {
    const auto* fam = c.FindFamily(f);
    out.family_names.push_back(fam ? fam->name : f);
  }
  for (const auto& r : e.relations) {
    if (!r.is_object()) continue;
    const auto& o = r.as_object();
    auto str = [&](const char* k) {
      const auto* v = o.if_contains(k);
      return v ? Text(*v) : std::string();
    };
    out.relations.push_back({.name = str("name"),
                             .id_number_masked = MaskResidentId(str("id_number")),
                             .relation = str("relation")});
  }
  return out;
}

Party PartyOf(Session& s, const AppRow& a) {
  Party p;
  if (auto u = storage::FindUserById(s, a.applicant_id)) {
    p.applicant_name = u->name;
    p.applicant_id_number = u->id_number;
  }
  if (auto unit = storage::FindUnit(s, a.unit_id)) {
    p.unit_name = unit->name;
    p.unit_credit_code = unit->credit_code;
  }
  return p;
}

std::vector<std::string> Conflicts(const Expert& e, const Party& party) {
  std::vector<std::string> out;
  if (!e.unit_credit_code.empty() && e.unit_credit_code == party.unit_credit_code)
    out.emplace_back("same_unit");
  for (const auto& r : e.relations) {
    const auto* id = r.is_object() ? r.as_object().if_contains("id_number") : nullptr;
    if (id && id->is_string() && !party.applicant_id_number.empty() &&
        id->as_string() == party.applicant_id_number) {
      out.emplace_back("declared_relation");
      break;
    }
  }
  if (!e.id_number.empty() && e.id_number == party.applicant_id_number) out.emplace_back("own_application");
  return out;
}

AppSummary AppBrief(Session& s, const campaign::Campaign& c, const AppRow& a) {
  const Party party = PartyOf(s, a);
  const auto* level = c.FindLevel(a.level);
  const auto* specialty = c.FindSpecialty(a.specialty);
  return {.name = party.applicant_name,
          .unit_name = party.unit_name,
          .level_name = level ? level->name : a.level,
          .specialty_name = specialty ? specialty->name : a.specialty,
          .family = specialty ? specialty->family : "",
          .state = std::string(workflow::StateCode(a.state))};
}

}  // namespace detail
std::vector<Lifecycle> ReviewLifecycles() {
  return {kInvitationLifecycle.Data(), kGroupLifecycle.Data(),           kMeetingLifecycle.Data(),
          kPublicityLifecycle.Data(),  kResultObjectionLifecycle.Data(), kCertificateLifecycle.Data(),
          kCaseLifecycle.Data()};
}

}  // namespace zc::review
