#include "base/time.hpp"

#include <cstdio>

namespace zc {
namespace {
constexpr int64_t kShanghaiOffset = int64_t{8} * 3600;
}

bool IsValidDate(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int max = month == 2 && leap ? 29 : kDays[month - 1];
  return day <= max;
}

std::optional<Date> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t pos, size_t len) -> int {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  Date d{num(0, 4), num(5, 2), num(8, 2)};
  if (!IsValidDate(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

std::string FormatDate(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(const Date& d) {
  const int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (d.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

int Weekday(const Date& d) {
  const int64_t days = DaysFromCivil(d);  // 1970-01-01 was a Thursday
  return static_cast<int>(((days % 7) + 11) % 7);
}

Date AddDays(const Date& d, int64_t n) {
  return CivilFromDays(DaysFromCivil(d) + n);
}

Date AddMonths(const Date& d, int n) {
  const int total = d.year * 12 + (d.month - 1) + n;
  Date r{total / 12, total % 12 + 1, d.day};
  if (!IsValidDate(r.year, r.month, r.day)) {
    r.day = 1;
    r.month = r.month == 12 ? 1 : r.month + 1;
    if (r.month == 1) ++r.year;
  }
  return r;
}

Date AddYears(const Date& d, int n) {
  return AddMonths(d, 12 * n);
}

YearsMonths ElapsedYearsMonths(const Date& from, const Date& to) {
  YearsMonths r;
  if (to < from) return r;
  r.years = to.year - from.year;
  while (r.years > 0 && to < AddYears(from, r.years)) --r.years;
  const Date base = AddYears(from, r.years);
  r.months = (to.year - base.year) * 12 + (to.month - base.month);
  while (r.months > 0 && to < AddMonths(base, r.months)) --r.months;
  if (r.months < 0) r.months = 0;
  return r;
}

int64_t UnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

TimePoint FromUnixSeconds(int64_t s) {
  return TimePoint(std::chrono::seconds(s));
}

static int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

Date ShanghaiDate(TimePoint t) {
  return CivilFromDays(FloorDiv(UnixSeconds(t) + kShanghaiOffset, 86400));
}

TimePoint ShanghaiMidnight(const Date& d) {
  return FromUnixSeconds(DaysFromCivil(d) * 86400 - kShanghaiOffset);
}

std::string FormatShanghai(TimePoint t) {
  const int64_t local = UnixSeconds(t) + kShanghaiOffset;
  const Date d = CivilFromDays(FloorDiv(local, 86400));
  const int64_t sod = local - FloorDiv(local, 86400) * 86400;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", d.year, d.month, d.day,
                static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60));
  return buf;
}

std::optional<TimePoint> ParseInstant(std::string_view iso) {
  // YYYY-MM-DDTHH:MM:SS then Z or ±HH:MM
  if (iso.size() < 20 || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':') return std::nullopt;
  auto d = ParseDate(iso.substr(0, 10));
  if (!d) return std::nullopt;
  auto num = [&](size_t pos, size_t len, int& out) {
    out = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (i >= iso.size() || iso[i] < '0' || iso[i] > '9') return false;
      out = out * 10 + (iso[i] - '0');
    }
    return true;
  };
  int h = 0, m = 0, sec = 0;
  if (!num(11, 2, h) || !num(14, 2, m) || !num(17, 2, sec) || h > 23 || m > 59 || sec > 59)
    return std::nullopt;
  const std::string_view zone = iso.substr(19);
  int64_t offset = 0;
  if (zone == "Z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh = 0, om = 0;
    if (!num(20, 2, oh) || !num(23, 2, om) || oh > 14 || om > 59) return std::nullopt;
    offset = int64_t{zone[0] == '-' ? -1 : 1} * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  return FromUnixSeconds(DaysFromCivil(*d) * 86400 + int64_t{h} * 3600 + int64_t{m} * 60 + sec - offset);
}

}  // namespace zc
