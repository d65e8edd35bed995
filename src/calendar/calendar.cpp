#include "calendar/calendar.hpp"

#include <algorithm>
#include <set>

#include "base/files.hpp"
#include "base/toml_strict.hpp"

namespace zc::calendar {
namespace {

Error MissingYear(int year) {
  return MakeError(errc::calendar_year_missing, std::to_string(year));
}

void SortEntries(std::vector<DayEntry>& v) {
  std::stable_sort(v.begin(), v.end(), [](const DayEntry& a, const DayEntry& b) { return a.date < b.date; });
}

// Reads one list of entries, expanding ranges.
std::vector<DayEntry> ReadEntries(StrictTable& t, std::string_view key) {
  std::vector<DayEntry> out;
  for (auto& e : t.Tables(key, false)) {
    auto name = e.Str("name");
    if (e.Has("date")) {
      auto d = e.DateValue("date");
      if (d) out.push_back({*d, name.value_or("")});
      continue;
    }
    auto from = e.DateValue("from");
    auto to = e.DateValue("to");
    if (!from || !to) continue;
    if (*to < *from || DaysFromCivil(*to) - DaysFromCivil(*from) > 31) {
      e.errors().Add(e.Path("to"), errc::date_order, "a range runs from `from` to `to`, at most a month");
      continue;
    }
    for (Date d = *from; d <= *to; d = AddDays(d, 1)) out.push_back({d, name.value_or("")});
  }
  return out;
}

}  // namespace

Status ValidateYear(YearCalendar& y) {
  FieldErrors errors;
  if (y.year < 1990 || y.year > 2100) errors.Add("year", errc::out_of_range, "1990..2100");
  std::set<Date> seen;
  auto check = [&](const std::vector<DayEntry>& list, const char* key, bool makeup) {
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string path = std::string(key) + "[" + std::to_string(i) + "].date";
      const Date& d = list[i].date;
      if (!IsValidDate(d.year, d.month, d.day)) {
        errors.Add(path, errc::invalid_date);
        continue;
      }
      if (d.year != y.year) {
        errors.Add(path, errc::date_outside_year, FormatDate(d));
        continue;
      }
      if (makeup && Weekday(d) != 0 && Weekday(d) != 6)
        errors.Add(path, errc::makeup_not_weekend, FormatDate(d));
      if (!seen.insert(d).second)
        errors.Add(path, makeup ? errc::day_conflict : errc::duplicate, FormatDate(d));
    }
  };
  if (y.holidays.empty()) errors.Add("holidays", errc::required, "a year always has public holidays");
  auto named = [&](const std::vector<DayEntry>& list, const char* key) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].name.empty())
        errors.Add(std::string(key) + "[" + std::to_string(i) + "].name", errc::required);
    }
  };
  named(y.holidays, "holidays");
  named(y.makeup_workdays, "makeup_workdays");
  check(y.holidays, "holidays", false);
  check(y.makeup_workdays, "makeup_workdays", true);
  if (!errors.empty()) return errors.ToError();
  SortEntries(y.holidays);
  SortEntries(y.makeup_workdays);
  return Ok{};
}

Result<YearCalendar> ParseYearToml(std::string_view text) {
  FieldErrors errors;
  auto doc = ParseTomlStrict(text, errors);
  if (!doc) return errors.ToError();
  YearCalendar y;
  {
    StrictTable root(*doc, "", errors);
    y.year = static_cast<int>(root.Int("year", true, 1990, 2100).value_or(0));
    y.source = root.Str("source").value_or("");
    y.holidays = ReadEntries(root, "holidays");
    y.makeup_workdays = ReadEntries(root, "makeup_workdays");
  }
  if (!errors.empty()) return errors.ToError();
  if (auto s = ValidateYear(y); !s.ok()) return s.error();
  return y;
}

Result<YearCalendar> LoadYearFile(const std::filesystem::path& file) {
  auto text = ReadTextFile(file);
  if (!text) return MakeError(errc::not_found, file.string());
  return ParseYearToml(*text);
}

Result<std::vector<YearCalendar>> LoadYearDir(const std::filesystem::path& dir) {
  auto files = LoadDirectory<YearCalendar>(dir, ".toml", LoadYearFile);
  if (!files.ok()) return files.error();
  FieldErrors errors;
  std::vector<YearCalendar> out;
  std::set<int> years;
  for (auto& [name, y] : *files) {
    if (!years.insert(y.year).second) errors.Add(name + ": year", errc::duplicate, std::to_string(y.year));
    out.push_back(std::move(y));
  }
  if (!errors.empty()) return errors.ToError();
  return out;
}

Calendar::Calendar(const std::vector<YearCalendar>& years) {
  for (const auto& y : years) {
    Year& slot = years_[y.year];
    slot.source = y.source;
    for (const auto& h : y.holidays) slot.special[DaysFromCivil(h.date)] = {DayKind::kHoliday, h.name};
    for (const auto& m : y.makeup_workdays)
      slot.special[DaysFromCivil(m.date)] = {DayKind::kMakeupWorkday, m.name};
  }
}

std::optional<DayKind> Calendar::KindOf(const Date& d) const {
  auto it = years_.find(d.year);
  if (it == years_.end()) return std::nullopt;
  auto s = it->second.special.find(DaysFromCivil(d));
  if (s != it->second.special.end()) return s->second.first;
  const int wd = Weekday(d);
  return wd == 0 || wd == 6 ? DayKind::kWeekend : DayKind::kWorkday;
}

std::optional<bool> Calendar::IsWorkingDay(const Date& d) const {
  auto k = KindOf(d);
  if (!k) return std::nullopt;
  return *k == DayKind::kWorkday || *k == DayKind::kMakeupWorkday;
}

const std::string* Calendar::HolidayName(const Date& d) const {
  auto it = years_.find(d.year);
  if (it == years_.end()) return nullptr;
  auto s = it->second.special.find(DaysFromCivil(d));
  return s == it->second.special.end() ? nullptr : &s->second.second;
}

Result<Date> Calendar::NthWorkingDay(const Date& from, int n) const {
  if (n < 1) return MakeError(errc::out_of_range, "n must be at least 1");
  Date d = from;
  for (int counted = 0;; d = AddDays(d, 1)) {
    auto w = IsWorkingDay(d);
    if (!w) return MissingYear(d.year);
    if (*w && ++counted == n) return d;
  }
}

Result<int> Calendar::WorkingDaysBetween(const Date& from, const Date& to) const {
  int count = 0;
  for (Date d = from; d <= to; d = AddDays(d, 1)) {
    auto w = IsWorkingDay(d);
    if (!w) return MissingYear(d.year);
    if (*w) ++count;
  }
  return count;
}

Result<Date> Calendar::LatestStartEndingBy(const Date& end, int n) const {
  if (n < 1) return MakeError(errc::out_of_range, "n must be at least 1");
  Date d = end;
  for (int counted = 0;; d = AddDays(d, -1)) {
    auto w = IsWorkingDay(d);
    if (!w) return MissingYear(d.year);
    if (*w && ++counted == n) return d;
  }
}

std::optional<int> Calendar::WorkingDaysInYear(int year) const {
  if (!Covers(year)) return std::nullopt;
  auto r = WorkingDaysBetween(Date{year, 1, 1}, Date{year, 12, 31});
  return r.ok() ? std::optional<int>(*r) : std::nullopt;
}

}  // namespace zc::calendar
