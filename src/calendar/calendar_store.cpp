#include "calendar/calendar_store.hpp"

#include <boost/json.hpp>

#include "base/limits.hpp"
#include "storage/audit.hpp"
#include "storage/calendar_repo.hpp"

namespace zc::calendar {
namespace json = boost::json;

namespace {

std::string DaysJson(const YearCalendar& y) {
  auto list = [](const std::vector<DayEntry>& v) {
    json::array a;
    for (const auto& e : v) a.push_back(json::object{{"date", FormatDate(e.date)}, {"name", e.name}});
    return a;
  };
  return json::serialize(
      json::object{{"holidays", list(y.holidays)}, {"makeup_workdays", list(y.makeup_workdays)}});
}

YearRecord FromRow(const storage::CalendarYearRow& r) {
  YearRecord rec;
  rec.calendar.year = r.year;
  rec.calendar.source = r.source;
  rec.updated_at = r.updated_at;
  rec.updated_by = r.updated_by;
  const json::value v = json::parse(r.days);
  auto read = [&](const char* key, std::vector<DayEntry>& out) {
    for (const auto& e : v.at(key).as_array()) {
      if (auto d = ParseDate(e.at("date").as_string()))
        out.push_back({*d, std::string(e.at("name").as_string())});
    }
  };
  read("holidays", rec.calendar.holidays);
  read("makeup_workdays", rec.calendar.makeup_workdays);
  return rec;
}

std::vector<YearRecord> ReadAll(storage::Session& s) {
  const std::vector<storage::CalendarYearRow> rows = storage::CalendarRepo(s).All();
  std::vector<YearRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

void Upsert(storage::Session& s, const YearCalendar& y, int64_t now, const std::string& by) {
  storage::CalendarRepo repo(s);
  const storage::CalendarYearRow row{
      .year = y.year, .source = y.source, .days = DaysJson(y), .updated_at = now, .updated_by = by};
  if (repo.Has(y.year)) {
    repo.Update(row);
  } else {
    repo.Insert(row);
  }
}

std::string Summary(const YearCalendar& y) {
  return "source " + y.source + "; " + std::to_string(y.holidays.size()) + " holiday(s), " +
         std::to_string(y.makeup_workdays.size()) + " make-up working day(s)";
}

}  // namespace

CalendarStore::CalendarStore(storage::Database& db) : db_(db) {
  Reload();
}

std::vector<int> CalendarStore::Seed(const std::vector<YearCalendar>& years, int64_t now) {
  std::vector<int> seeded;
  {
    storage::Session s(db_);
    storage::WriteTx tx(s);
    for (const auto& y : years) {
      if (storage::CalendarRepo(s).Has(y.year)) continue;
      Upsert(s, y, now, "system");
      storage::AuditEntry e;
      e.at = now;
      e.actor_login = "system";
      e.role = "system";
      e.action = "calendar.seed";
      e.object_type = "calendar";
      e.object_id = std::to_string(y.year);
      e.summary = "seeded from data/calendars: " + Summary(y);
      storage::AppendAudit(s, e);
      seeded.push_back(y.year);
    }
    tx.Commit();
  }
  Reload();
  return seeded;
}

void CalendarStore::Reload() {
  std::vector<YearCalendar> years;
  {
    storage::Session s(db_);
    for (auto& r : ReadAll(s)) years.push_back(std::move(r.calendar));
  }
  auto next = std::make_shared<const Calendar>(years);
  std::lock_guard lock(mu_);
  snapshot_ = std::move(next);
}

std::shared_ptr<const Calendar> CalendarStore::Snapshot() const {
  std::lock_guard lock(mu_);
  return snapshot_;
}

std::vector<YearRecord> CalendarStore::List() {
  storage::Session s(db_);
  auto all = ReadAll(s);
  const Calendar cal([&] {
    std::vector<YearCalendar> v;
    v.reserve(all.size());
    for (const auto& r : all) v.push_back(r.calendar);
    return v;
  }());
  for (auto& r : all) r.working_days = cal.WorkingDaysInYear(r.calendar.year).value_or(0);
  return all;
}

std::optional<YearRecord> CalendarStore::Get(int year) {
  for (auto& r : List()) {
    if (r.calendar.year == year) return r;
  }
  return std::nullopt;
}

Result<YearRecord> CalendarStore::Put(const accounts::Actor& actor, YearCalendar year,
                                      const std::string& reason, int64_t now, const std::string& action) {
  FieldErrors errors;
  auto valid = ValidateYear(year);
  if (!valid.ok()) errors.Append(valid.error().fields);
  if (year.source.empty()) errors.Add("source", errc::required);
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
    errors.Add("reason", errc::change_reason_required);
  CheckLength(errors, "reason", reason);
  if (!errors.empty()) return errors.ToError();
  {
    storage::Session s(db_);
    storage::WriteTx tx(s);
    Upsert(s, year, now, actor.principal.login);
    storage::AuditEntry e;
    e.at = now;
    if (actor.principal.user_id != 0) e.actor_id = actor.principal.user_id;
    e.actor_login = actor.principal.login;
    e.role = std::string(accounts::RoleName(actor.principal.role));
    e.action = action;
    e.object_type = "calendar";
    e.object_id = std::to_string(year.year);
    e.summary = Summary(year) + "; reason: " + reason;
    e.client_ip = actor.client_ip;
    storage::AppendAudit(s, e);
    tx.Commit();
  }
  Reload();
  return *Get(year.year);
}

}  // namespace zc::calendar
