#pragma once
// Time for the platform: an injected Clock, and civil dates in Asia/Shanghai (fixed +08:00, no DST since
// 1991), which is the zone every deadline of a campaign is stated in.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zc {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that tests move by hand. Not thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint t) : now_(t) {}
  TimePoint Now() const override { return now_; }
  void Set(TimePoint t) { now_ = t; }
  void Advance(std::chrono::seconds s) { now_ += s; }

 private:
  TimePoint now_;
};

// A clock that runs in real time from a settable offset: `--clock-start` runs the demo inside a past
// campaign. `serve --test-clock` lets black-box tests stop it at an instant (Freeze), so that a test set to
// 23:59:59 is still at 23:59:59 when its request arrives. Thread-safe.
class OffsetClock final : public Clock {
 public:
  TimePoint Now() const override {
    if (frozen_.load(std::memory_order_acquire))
      return TimePoint(
          std::chrono::duration_cast<TimePoint::duration>(std::chrono::nanoseconds(frozen_ns_.load())));
    return std::chrono::system_clock::now() + std::chrono::seconds(offset_.load(std::memory_order_relaxed));
  }
  // From now on, Now() reads `t` and runs on from there.
  void Set(TimePoint t) {
    offset_ = std::chrono::duration_cast<std::chrono::seconds>(t - std::chrono::system_clock::now()).count();
    frozen_ = false;
  }
  // From now on, Now() reads `t` and stays there.
  void Freeze(TimePoint t) {
    frozen_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
    frozen_.store(true, std::memory_order_release);
  }

 private:
  std::atomic<int64_t> offset_{0};
  std::atomic<int64_t> frozen_ns_{0};
  std::atomic<bool> frozen_{false};
};

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

bool IsValidDate(int year, int month, int day);
std::optional<Date> ParseDate(std::string_view iso);  // YYYY-MM-DD
std::string FormatDate(const Date& d);
// Days since 1970-01-01 and back (proleptic Gregorian).
int64_t DaysFromCivil(const Date& d);
Date CivilFromDays(int64_t days);

// Weekday of a date: 0 = Sunday … 6 = Saturday.
int Weekday(const Date& d);
Date AddDays(const Date& d, int64_t n);
// The same day n years (or months) later. A day that does not exist in the target month (29 February in a
// common year, 31 April) moves to the first day of the next month, so a period is never complete early.
Date AddYears(const Date& d, int n);
Date AddMonths(const Date& d, int n);
// Whole years and remaining whole months from `from` to `to` (周年 counting): the largest y with
// AddYears(from, y) <= to, then the largest m with AddMonths(AddYears(from, y), m) <= to. Zero when to <
// from.
struct YearsMonths {
  int years = 0;
  int months = 0;
};
YearsMonths ElapsedYearsMonths(const Date& from, const Date& to);

// The civil date in Asia/Shanghai of an instant.
Date ShanghaiDate(TimePoint t);
// The first instant of a Shanghai day (00:00:00+08:00).
TimePoint ShanghaiMidnight(const Date& d);
// ISO 8601 with offset, e.g. 2022-08-31T23:59:59+08:00.
std::string FormatShanghai(TimePoint t);
// Reads an ISO 8601 instant with an offset or Z (2022-08-31T23:59:59+08:00); nullopt when malformed.
std::optional<TimePoint> ParseInstant(std::string_view iso);
int64_t UnixSeconds(TimePoint t);
TimePoint FromUnixSeconds(int64_t s);

}  // namespace zc
