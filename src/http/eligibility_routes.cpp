// Routes of the eligibility area: the campaigns (public notice data), the working-day calendar (public to
// read, the city admin edits it) and the public self-check. Each handler parses, calls one domain function
// and maps its result.
#include <boost/json.hpp>

#include "base/limits.hpp"
#include "base/time.hpp"
#include "eligibility/eligibility.hpp"
#include "http/api.hpp"

namespace zc::http {
namespace json = boost::json;
using accounts::Role;

namespace {

constexpr size_t kProfileLimit = size_t{64} * 1024;
constexpr size_t kCalendarLimit = size_t{256} * 1024;

json::array Days(const std::vector<calendar::DayEntry>& v) {
  json::array a;
  for (const auto& e : v) a.push_back(json::object{{"date", FormatDate(e.date)}, {"name", e.name}});
  return a;
}

json::value YearJson(const calendar::YearRecord& r) {
  return json::object{{"year", r.calendar.year},
                      {"source", r.calendar.source},
                      {"holidays", Days(r.calendar.holidays)},
                      {"makeup_workdays", Days(r.calendar.makeup_workdays)},
                      {"working_days", r.working_days},
                      {"updated_at", IsoTime(r.updated_at)},
                      {"updated_by", r.updated_by}};
}

const char* KindName(calendar::DayKind k) {
  switch (k) {
    case calendar::DayKind::kWorkday:
      return "workday";
    case calendar::DayKind::kWeekend:
      return "weekend";
    case calendar::DayKind::kHoliday:
      return "holiday";
    case calendar::DayKind::kMakeupWorkday:
      return "makeup_workday";
  }
  return "";
}

std::optional<int> YearParam(const Request& req) {
  const std::string& s = req.params.at("year");
  if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(s);
}

// The entries of a PUT body list; every bad entry is a field error.
std::vector<calendar::DayEntry> EntriesOf(const json::object& o, const char* key, FieldErrors& errors) {
  std::vector<calendar::DayEntry> out;
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    errors.Add(key, errc::required,
               "send the whole list, even when empty");  // a missing list must not erase a year
    return out;
  }
  if (!v->is_array()) {
    errors.Add(key, errc::wrong_type, "expected a list");
    return out;
  }
  const auto& a = v->as_array();
  if (a.size() > 366) {
    errors.Add(key, errc::too_long);
    return out;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    const json::object* e = a[i].if_object();
    const json::string* date = e ? e->if_contains("date") ? e->at("date").if_string() : nullptr : nullptr;
    std::optional<Date> d = date ? ParseDate(*date) : std::nullopt;
    if (!d) {
      errors.Add(path + ".date", errc::invalid_date);
      continue;
    }
    RejectUnknownFields(*e, {"date", "name"}, errors, path);
    std::string name;
    if (const json::value* n = e->if_contains("name"); n && n->is_string())
      name = std::string(n->as_string());
    CheckLength(errors, path + ".name", name);
    out.push_back({*d, std::move(name)});
  }
  return out;
}

}  // namespace

std::vector<Route> EligibilityRoutes(accounts::Env& env, const ApiOptions& options) {
  const std::vector<campaign::Campaign>& campaigns = *options.campaigns;
  calendar::CalendarStore& store = *options.calendars;
  auto find_campaign = [&campaigns](const std::string& id) -> const campaign::Campaign* {
    if (campaigns.empty()) return nullptr;
    if (id.empty() || id == "current") return &campaigns.back();
    for (const auto& c : campaigns) {
      if (c.id == id) return &c;
    }
    return nullptr;
  };

  std::vector<Route> routes;
  routes.push_back(Route{
      .method = "GET",
      .pattern = "/api/v1/campaigns",
      .access = Access::kPublic,
      .summary = "The campaigns; the current one is the latest",
      .handler =
          [&campaigns](Context&) {
            json::array items;
            for (const auto& c : campaigns) {
              items.push_back(json::object{
                  {"id", c.id}, {"name", c.name}, {"year", c.year}, {"current", &c == &campaigns.back()}});
            }
            return Json(200, json::object{{"items", std::move(items)}});
          },
      .non_blocking = true});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/campaigns/{id}",
                         .access = Access::kPublic,
                         .summary =
                             "A campaign as published: notice, deadlines, catalogue, lists, paper materials "
                             "(`current` for the current one)",
                         .handler =
                             [find_campaign, &env](Context& ctx) {
                               const campaign::Campaign* c = find_campaign(ctx.request.params.at("id"));
                               if (!c) return ErrorOf(MakeError(errc::campaign_not_found), ctx.lang);
                               json::value v = campaign::ToJson(*c);
                               // the server's day, so that countdowns agree with the deadlines it enforces
                               v.as_object()["today"] = FormatDate(ShanghaiDate(env.clock.Now()));
                               return Json(200, v);
                             },
                         .non_blocking = true});
  routes.push_back(
      Route{.method = "POST",
            .pattern = "/api/v1/eligibility/check",
            .access = Access::kPublic,
            .summary = "Self-check: the engine's decision for a profile, with every reason and clause",
            .handler =
                [&env, &store, find_campaign](Context& ctx) {
                  Error bad;
                  auto body = ParseObject(ctx.request, bad);
                  if (!body) return ErrorOf(bad, ctx.lang);
                  FieldErrors fe;
                  RejectUnknownFields(*body, {"campaign", "as_of", "profile"}, fe);
                  const std::string id = StrField(*body, "campaign", fe);
                  const std::string as_of_text = StrField(*body, "as_of", fe);
                  std::optional<Date> as_of = ShanghaiDate(env.clock.Now());
                  if (!as_of_text.empty()) {
                    as_of = ParseDate(as_of_text);
                    if (!as_of) fe.Add("as_of", errc::invalid_date);
                  }
                  const campaign::Campaign* c = find_campaign(id);
                  if (!c) return ErrorOf(MakeError(errc::campaign_not_found), ctx.lang);
                  const json::value* profile = body->if_contains("profile");
                  if (!profile) {
                    fe.Add("profile", errc::required);
                    return ErrorOf(fe.ToError(), ctx.lang);
                  }
                  auto p = eligibility::ParseProfile(*profile, *c, "profile");
                  if (!p.ok()) fe.Append(p.error().fields);
                  if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                  // The integrity archive joins the engine with the committee's revocations (a later issue);
                  // until then the records are the ones the profile declares.
                  const auto cal = store.Snapshot();
                  return Json(200, eligibility::ToJson(eligibility::Evaluate(*p, *c, *cal, {}, *as_of)));
                },
            .body_limit = kProfileLimit,
            .rate_per_minute = options.eligibility_rate_per_minute});

  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/calendars",
                         .access = Access::kPublic,
                         .summary = "The years of the working-day calendar",
                         .handler = [&store](Context&) {
                           json::array items;
                           for (const auto& r : store.List()) {
                             items.push_back(
                                 json::object{{"year", r.calendar.year},
                                              {"source", r.calendar.source},
                                              {"holidays", r.calendar.holidays.size()},
                                              {"makeup_workdays", r.calendar.makeup_workdays.size()},
                                              {"working_days", r.working_days},
                                              {"updated_at", IsoTime(r.updated_at)},
                                              {"updated_by", r.updated_by}});
                           }
                           return Json(200, json::object{{"items", std::move(items)}});
                         }});
  routes.push_back(
      Route{.method = "GET",
            .pattern = "/api/v1/calendars/working-days",
            .access = Access::kPublic,
            .summary = "The day a period of N working days starting on a date ends (?from=&days=)",
            .handler = [&store](Context& ctx) {
              FieldErrors fe;
              auto from = ParseDate(ctx.request.Query("from"));
              if (!from) fe.Add("from", errc::invalid_date);
              int days = 0;
              try {
                size_t used = 0;
                const std::string q = ctx.request.Query("days");
                days = std::stoi(q, &used);
                if (used != q.size() || days < 1) throw std::invalid_argument("days");
                if (days > 366) fe.Add("days", errc::out_of_range, "1..366");
              } catch (const std::exception&) {
                fe.Add("days", errc::invalid_number);
              }
              if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
              auto end = store.Snapshot()->NthWorkingDay(*from, days);
              if (!end.ok()) return ErrorOf(end.error(), ctx.lang);
              return Json(
                  200, json::object{{"from", FormatDate(*from)}, {"days", days}, {"end", FormatDate(*end)}});
            }});
  routes.push_back(Route{
      .method = "GET",
      .pattern = "/api/v1/calendars/working-days-between",
      .access = Access::kPublic,
      .summary = "Working days from one date to another, both included (?from=&to=)",
      .handler = [&store](Context& ctx) {
        FieldErrors fe;
        auto from = ParseDate(ctx.request.Query("from"));
        auto to = ParseDate(ctx.request.Query("to"));
        if (!from) fe.Add("from", errc::invalid_date);
        if (!to) fe.Add("to", errc::invalid_date);
        if (from && to && DaysFromCivil(*to) - DaysFromCivil(*from) > 3660)
          fe.Add("to", errc::out_of_range, "at most ten years");
        if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
        auto n = store.Snapshot()->WorkingDaysBetween(*from, *to);
        if (!n.ok()) return ErrorOf(n.error(), ctx.lang);
        return Json(200,
                    json::object{{"from", FormatDate(*from)}, {"to", FormatDate(*to)}, {"working_days", *n}});
      }});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/calendars/is-working-day",
                         .access = Access::kPublic,
                         .summary = "Whether a date is a working day, and what kind of day it is (?date=)",
                         .handler = [&store](Context& ctx) {
                           auto d = ParseDate(ctx.request.Query("date"));
                           if (!d) {
                             FieldErrors fe;
                             fe.Add("date", errc::invalid_date);
                             return ErrorOf(fe.ToError(), ctx.lang);
                           }
                           const auto cal = store.Snapshot();
                           auto kind = cal->KindOf(*d);
                           if (!kind) return ErrorOf(MakeError(errc::calendar_year_missing), ctx.lang);
                           const std::string* name = cal->HolidayName(*d);
                           return Json(200, json::object{{"date", FormatDate(*d)},
                                                         {"working_day", *cal->IsWorkingDay(*d)},
                                                         {"kind", KindName(*kind)},
                                                         {"name", name ? *name : ""}});
                         }});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/calendars/{year}",
                         .access = Access::kPublic,
                         .summary = "One year of the working-day calendar: holidays and make-up working days",
                         .handler = [&store](Context& ctx) {
                           auto year = YearParam(ctx.request);
                           auto rec = year ? store.Get(*year) : std::nullopt;
                           if (!rec) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                           return Json(200, YearJson(*rec));
                         }});
  routes.push_back(Route{
      .method = "PUT",
      .pattern = "/api/v1/calendars/{year}",
      .roles = {Role::kCityAdmin},
      .scope = Scope::kCity,
      .summary = "Replace a year of the calendar (audited, with a reason)",
      .handler =
          [&env, &store](Context& ctx) {
            auto year = YearParam(ctx.request);
            if (!year) return ErrorOf(MakeError(errc::not_found), ctx.lang);
            Error bad;
            auto body = ParseObject(ctx.request, bad);
            if (!body) return ErrorOf(bad, ctx.lang);
            FieldErrors fe;
            RejectUnknownFields(*body, {"source", "holidays", "makeup_workdays", "reason"}, fe);
            calendar::YearCalendar y;
            y.year = *year;
            y.source = StrField(*body, "source", fe);
            y.holidays = EntriesOf(*body, "holidays", fe);
            y.makeup_workdays = EntriesOf(*body, "makeup_workdays", fe);
            const std::string reason = StrField(*body, "reason", fe);
            // Malformed entries first; the store then reports every problem of the
            // calendar and the reason.
            if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
            return Map(
                store.Put(ctx.actor(), std::move(y), reason, UnixSeconds(env.clock.Now()), "calendar.update"),
                ctx.lang, YearJson);
          },
      .body_limit = kCalendarLimit});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/calendars/import",
                         .roles = {Role::kCityAdmin},
                         .scope = Scope::kCity,
                         .summary = "Load a year from the text of a calendar file ({toml, reason}; audited)",
                         .handler =
                             [&env, &store](Context& ctx) {
                               Error bad;
                               auto body = ParseObject(ctx.request, bad);
                               if (!body) return ErrorOf(bad, ctx.lang);
                               FieldErrors fe;
                               const std::string text = StrField(*body, "toml", fe);
                               const std::string reason = StrField(*body, "reason", fe);
                               if (text.empty() && !fe.Has("toml")) fe.Add("toml", errc::required);
                               if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                               auto y = calendar::ParseYearToml(text);
                               if (!y.ok()) {
                                 FieldErrors prefixed;
                                 for (const auto& f : y.error().fields)
                                   prefixed.Add("toml." + f.field, f.code, f.detail);
                                 return ErrorOf(prefixed.ToError(), ctx.lang);
                               }
                               return Map(store.Put(ctx.actor(), std::move(y.value()), reason,
                                                    UnixSeconds(env.clock.Now()), "calendar.import"),
                                          ctx.lang, YearJson);
                             },
                         .body_limit = kCalendarLimit});
  return routes;
}

}  // namespace zc::http
