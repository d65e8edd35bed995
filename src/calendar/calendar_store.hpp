#pragma once
// The working-day calendar as the running platform keeps it: one row per year in the database, seeded from
// data/calendars/*.toml for years it does not have, edited by the city admin (every change audited). Readers
// take an immutable snapshot, so a change never disturbs a computation in flight.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.hpp"
#include "base/result.hpp"
#include "calendar/calendar.hpp"
#include "storage/database.hpp"

namespace zc::calendar {

struct YearRecord {
  YearCalendar calendar;
  int working_days = 0;
  int64_t updated_at = 0;
  std::string updated_by;
};

class CalendarStore {
 public:
  explicit CalendarStore(storage::Database& db);
  // Inserts every year of `years` that the database lacks (audited as the system); returns those years.
  std::vector<int> Seed(const std::vector<YearCalendar>& years, int64_t now);
  std::shared_ptr<const Calendar> Snapshot() const;
  std::vector<YearRecord> List();
  std::optional<YearRecord> Get(int year);
  // Validates and stores a year (insert or replace), audited as `action` with the reason.
  Result<YearRecord> Put(const accounts::Actor& actor, YearCalendar year, const std::string& reason,
                         int64_t now, const std::string& action);
  // Re-reads every year (after a change, or another node's change).
  void Reload();

 private:
  storage::Database& db_;
  mutable std::mutex mu_;
  std::shared_ptr<const Calendar> snapshot_;
};

}  // namespace zc::calendar
