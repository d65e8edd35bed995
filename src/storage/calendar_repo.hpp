#pragma once
// The repository of the working-day calendar as stored (calendar_years: one row per year, its holidays and
// make-up working days as JSON text). Named queries only; what a valid year is, seeding and auditing live
// in calendar/calendar_store.cpp.
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct CalendarYearRow {
  int year = 0;
  std::string source;
  std::string days;  // {"holidays": [...], "makeup_workdays": [...]}
  int64_t updated_at = 0;
  std::string updated_by;
};

class CalendarRepo {
 public:
  explicit CalendarRepo(Session& s) : s_(s) {}

  // Every stored year, in year order.
  std::vector<CalendarYearRow> All();
  bool Has(int year);
  void Insert(const CalendarYearRow& y);
  // Replaces the stored year `y.year`.
  void Update(const CalendarYearRow& y);

 private:
  Session& s_;
};

}  // namespace zc::storage
