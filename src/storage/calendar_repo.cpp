#include "storage/calendar_repo.hpp"

namespace zc::storage {

std::vector<CalendarYearRow> CalendarRepo::All() {
  std::vector<CalendarYearRow> out;
  soci::rowset<soci::row> rows =
      s_.sql().prepare
      << "SELECT year, source, days, updated_at, updated_by FROM calendar_years ORDER BY year";
  for (const auto& r : rows) {
    out.push_back({.year = static_cast<int>(Int(r, "year")),
                   .source = Str(r, "source"),
                   .days = Str(r, "days"),
                   .updated_at = Int(r, "updated_at"),
                   .updated_by = Str(r, "updated_by")});
  }
  return out;
}

bool CalendarRepo::Has(int year) {
  int exists = 0;
  s_.sql() << "SELECT COUNT(*) FROM calendar_years WHERE year = :y", soci::into(exists), soci::use(year);
  return exists != 0;
}

void CalendarRepo::Insert(const CalendarYearRow& y) {
  long long at = y.updated_at;
  s_.sql() << "INSERT INTO calendar_years (year, source, days, updated_at, updated_by) VALUES (:y, :s, :d, "
              ":a, :b)",
      soci::use(y.year), soci::use(y.source), soci::use(y.days), soci::use(at), soci::use(y.updated_by);
}

void CalendarRepo::Update(const CalendarYearRow& y) {
  long long at = y.updated_at;
  s_.sql() << "UPDATE calendar_years SET source = :s, days = :d, updated_at = :a, updated_by = :b WHERE "
              "year = :y",
      soci::use(y.source), soci::use(y.days), soci::use(at), soci::use(y.updated_by), soci::use(y.year);
}

}  // namespace zc::storage
