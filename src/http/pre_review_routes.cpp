// Routes of the committee office's pre-review publicity (评前公示, docs/review.md) and of the lifecycle
// tables (GET /api/v1/lifecycles). The JSON mappers of the typed views sit beside the routes.
#include <boost/json.hpp>

#include "base/json_fields.hpp"
#include "http/api.hpp"
#include "http/route_helpers.hpp"
#include "review/lifecycles.hpp"
#include "review/pre_review.hpp"
#include "workflow/records.hpp"

namespace zc::http {
namespace {

namespace json = boost::json;
using R = accounts::Role;
using namespace route;

json::object ToJson(const review::PreReviewPublicityView& v, Lang lang) {
  json::array candidates, objections;
  for (const auto& c : v.candidates)
    candidates.push_back(json::object{
        {"application_id", c.application_id},
        {"number", c.number},
        {"name", c.name},
        {"unit_name", c.unit_name},
        {"level_name", c.level_name},
        {"specialty_name", c.specialty_name},
        {"state", workflow::StateCode(c.state)},
        {"state_name", lang == Lang::kEn ? workflow::StateNameEn(c.state) : workflow::StateNameZh(c.state)},
        {"status", review::CandidateStatusCode(c.status)}});
  for (const auto& o : v.objections)
    objections.push_back(json::object{{"id", o.id},
                                      {"application_id", o.application_id},
                                      {"application_number", o.application_number},
                                      {"candidate_name", o.candidate_name},
                                      {"name", o.name},
                                      {"contact", o.contact},
                                      {"content", o.content},
                                      {"status", o.status},
                                      {"resolution", o.resolution},
                                      {"created_at", workflow::TimeJson(o.created_at)},
                                      {"resolved_at", workflow::TimeJson(o.resolved_at)},
                                      {"allowed_actions", contract::ToJson(o.allowed_actions)},
                                      {"unavailable_actions", contract::ToJson(o.unavailable_actions)}});
  return json::object{{"id", v.id},
                      {"committee_code", v.committee_code},
                      {"committee_name", v.committee_name},
                      {"start_date", v.start_date},
                      {"end_date", v.end_date},
                      {"working_days", v.working_days},
                      {"status", review::PreReviewStatusCode(v.status)},
                      {"candidates", std::move(candidates)},
                      {"objections", std::move(objections)}};
}

json::object ToJson(const Lifecycle& l) {
  json::array states, transitions;
  auto strings = [](const std::vector<std::string>& v) {
    json::array a;
    for (const auto& x : v) a.emplace_back(x);
    return a;
  };
  for (const auto& s : l.states)
    states.push_back(json::object{{"code", s.code},
                                  {"name_zh", s.zh},
                                  {"name_en", s.en},
                                  {"color", s.color},
                                  {"holder", s.holder},
                                  {"final", s.final},
                                  {"flags", strings(s.flags)},
                                  {"visible_to", strings(s.visible_to)}});
  for (const auto& t : l.transitions)
    transitions.push_back(json::object{{"from", t.from.empty() ? json::value(nullptr) : json::value(t.from)},
                                       {"action", t.action},
                                       {"to", t.to},
                                       {"action_zh", t.action_zh},
                                       {"action_en", t.action_en},
                                       {"roles", strings(t.roles)},
                                       {"guard", t.guard},
                                       {"notify", strings(t.notify)},
                                       {"effects", strings(t.effects)}});
  json::object tabs;
  for (const auto& [role, list] : l.queue_tabs) tabs[role] = strings(list);
  return json::object{{"name", l.name},
                      {"name_zh", l.zh},
                      {"name_en", l.en},
                      {"states", std::move(states)},
                      {"transitions", std::move(transitions)},
                      {"queue_tabs", std::move(tabs)}};
}

}  // namespace

std::vector<Lifecycle> AllLifecycles() {
  auto all = workflow::Lifecycles();
  for (auto& l : review::ReviewLifecycles()) all.push_back(std::move(l));
  for (auto& l : review::PreReviewLifecycles()) all.push_back(std::move(l));
  return all;
}

std::vector<Route> PreReviewRoutes(review::PreReview& pr, const ApiOptions&) {
  std::vector<Route> routes;
  auto add = [&](Route r) { routes.push_back(std::move(r)); };
  const std::vector<R> office = {R::kCommitteeOffice, R::kCityAdmin};
  const std::vector<R> office_only = {R::kCommitteeOffice};

  add({.method = "GET",
       .pattern = "/api/v1/lifecycles",
       .access = Access::kPublic,
       .summary =
           "Every lifecycle as data: states (labels zh/en, colour, holder, attributes, who sees them) and "
           "transitions (action, roles, guard)",
       .handler = [](Context&) {
         static const json::value kAnswer = [] {
           json::array items;
           for (const auto& l : AllLifecycles()) items.push_back(ToJson(l));
           return json::value(json::object{{"items", std::move(items)}});
         }();
         return Json(200, kAnswer);
       }});
  add({.method = "POST",
       .pattern = "/api/v1/pre-review-publicity",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Publish the pre-review publicity of a committee's accepted candidates: {committee_code, "
                  "start_date}",
       .handler = WithBody([&pr](Context& ctx, const json::object& b) {
         Response error;
         auto f = Strings(ctx, b, {"committee_code", "start_date"}, error);
         if (!f) return error;
         auto r = pr.Publish(ctx.actor(), {.committee_code = (*f)[0], .start_date = (*f)[1]});
         return Map(
             r, ctx.lang, [&](const auto& v) { return ToJson(v, ctx.lang); }, 201);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/pre-review-publicity",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "Pre-review publicities with their candidates and objections, newest first",
       .handler = [&pr](Context& ctx) {
         auto r = pr.List(ctx.principal());
         return Map(r, ctx.lang, [&](const auto& list) {
           json::array items;
           for (const auto& v : list) items.push_back(ToJson(v, ctx.lang));
           return json::value(json::object{{"items", std::move(items)},
                                           {"enabled", pr.Enabled()},
                                           {"total", static_cast<int64_t>(list.size())}});
         });
       }});
  add({.method = "GET",
       .pattern = "/api/v1/pre-review-publicity/{id}",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "A pre-review publicity",
       .handler = WithId([&pr](Context& ctx, int64_t id) {
         return Map(pr.Get(ctx.principal(), id), ctx.lang,
                    [&](const auto& v) { return ToJson(v, ctx.lang); });
       })});
  add({.method = "POST",
       .pattern = "/api/v1/pre-review-objections/{id}/resolve",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary =
           "Decide an objection: {outcome: dismissed|upheld|not_eligible, resolution}; upheld returns the "
           "application for correction, not_eligible ends it as not accepted",
       .handler = WithBodyAndId([&pr](Context& ctx, int64_t id, const json::object& b) {
         Response error;
         auto f = Strings(ctx, b, {"outcome", "resolution"}, error);
         if (!f) return error;
         auto r = pr.Resolve(ctx.actor(), id, {.outcome = (*f)[0], .resolution = (*f)[1]});
         return Map(r, ctx.lang, [&](const auto& v) { return ToJson(v, ctx.lang); });
       })});
  add({.method = "GET",
       .pattern = "/api/v1/public/pre-review",
       .access = Access::kPublic,
       .summary =
           "Pre-review publicities open today (name, unit, level, specialty; never an identity number)",
       .handler = [&pr](Context& ctx) {
         return Map(pr.Public(), ctx.lang, [](const auto& list) {
           return contract::ToJson(review::views::PublicPreReviewList{.items = list});
         });
       }});
  add({.method = "POST",
       .pattern = "/api/v1/public/pre-review/{id}/objections",
       .access = Access::kPublic,
       .summary = "Object to a candidate of a pre-review publicity: {entry_id, name, contact, content}",
       .handler = WithBodyAndId([&pr](Context& ctx, int64_t id, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"entry_id", "name", "contact", "content"}, fe);
         const auto entry = IntField(b, "entry_id", fe);
         review::RaisePreReviewObjection cmd{.entry_id = entry.value_or(0),
                                             .name = StrField(b, "name", fe),
                                             .contact = StrField(b, "contact", fe),
                                             .content = StrField(b, "content", fe)};
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         auto r = pr.Object(id, cmd, ctx.request.client_ip);
         return Map(
             r, ctx.lang,
             [](int64_t oid) {
               return json::value(json::object{{"id", oid}});
             },
             201);
       }),
       .body_limit = 16 << 10,
       .rate_per_minute = 10});
  return routes;
}

}  // namespace zc::http
