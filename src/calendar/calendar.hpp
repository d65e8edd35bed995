#pragma once
// Working days from data (RULES.md §5): a date is a working day if it is a make-up working day (调休上班), or
// a Monday to Friday that is not a public holiday. Years come from data/calendars/*.toml or from the
// database, where the city admin maintains them; a year the calendar does not cover is an error, never a
// guess.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"

namespace zc::calendar {

struct DayEntry {
  Date date;
  std::string name;  // 春节, 国庆节调休 …
};

// One year as published by the State Council; entries are single days, sorted.
struct YearCalendar {
  int year = 0;
  std::string source;  // 国办发明电〔2021〕11号
  std::vector<DayEntry> holidays;
  std::vector<DayEntry> makeup_workdays;
};

// Checks one year: dates inside the year, no day listed twice or as both kinds, make-up days on weekends.
// Field paths name the list and index ("holidays[3].date"). Sorts the entries.
Status ValidateYear(YearCalendar& y);
// A year from a calendar file: `year`, `source`, `holidays` and `makeup_workdays`, each entry either
// { date, name } or an inclusive range { from, to, name }.
Result<YearCalendar> ParseYearToml(std::string_view text);
Result<YearCalendar> LoadYearFile(const std::filesystem::path& file);
// Every *.toml of a directory; problems are reported per file ("2023.toml: holidays[2].date").
Result<std::vector<YearCalendar>> LoadYearDir(const std::filesystem::path& dir);

enum class DayKind { kWorkday, kWeekend, kHoliday, kMakeupWorkday };

// Immutable once built, so it may be shared between threads.
class Calendar {
 public:
  Calendar() = default;
  explicit Calendar(const std::vector<YearCalendar>& years);
  bool Covers(int year) const { return years_.contains(year); }
  // nullopt when the year is not covered.
  std::optional<DayKind> KindOf(const Date& d) const;
  std::optional<bool> IsWorkingDay(const Date& d) const;
  const std::string* HolidayName(const Date& d) const;
  // The day on which a period of n working days starting on `from` ends: `from` itself counts when it is a
  // working day. n >= 1. Error `calendar_year_missing` when the period runs past the covered years.
  Result<Date> NthWorkingDay(const Date& from, int n) const;
  // Working days in [from, to], both ends included; 0 when to < from.
  Result<int> WorkingDaysBetween(const Date& from, const Date& to) const;
  // The latest start day of a period of n working days that ends on or before `end`.
  Result<Date> LatestStartEndingBy(const Date& end, int n) const;
  std::optional<int> WorkingDaysInYear(int year) const;

 private:
  struct Year {
    std::string source;
    std::map<int64_t, std::pair<DayKind, std::string>> special;  // day number → holiday / make-up day
  };
  std::map<int, Year> years_;
};

}  // namespace zc::calendar
