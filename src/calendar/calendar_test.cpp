#include "calendar/calendar.hpp"

#include <gtest/gtest.h>

#include "calendar/calendar_store.hpp"
#include "storage/audit.hpp"
#include "storage/testing.hpp"

namespace zc::calendar {
namespace {

Date D(const char* s) {
  return *ParseDate(s);
}

const Calendar& Official() {
  static const Calendar cal = [] {
    auto years = LoadYearDir(std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data" / "calendars");
    EXPECT_TRUE(years.ok());
    return Calendar(years.value());
  }();
  return cal;
}

// RULES.md §5: five working days starting on the given day.
struct PeriodCase {
  const char* start;
  const char* end;
};

class FiveWorkingDays : public ::testing::TestWithParam<PeriodCase> {};

TEST_P(FiveWorkingDays, EndsOnTheRulesDate) {
  auto end = Official().NthWorkingDay(D(GetParam().start), 5);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(FormatDate(*end), GetParam().end);
  auto n = Official().WorkingDaysBetween(D(GetParam().start), *end);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 5);
}

INSTANTIATE_TEST_SUITE_P(Rules, FiveWorkingDays,
                         ::testing::Values(PeriodCase{"2022-08-31", "2022-09-06"},
                                           PeriodCase{"2022-09-06", "2022-09-13"},  // 中秋 Monday skipped
                                           PeriodCase{"2022-09-07", "2022-09-14"},
                                           PeriodCase{"2022-09-28", "2022-10-09"},    // make-up Sunday counts
                                           PeriodCase{"2022-12-27", "2023-01-03"},    // across the year
                                           PeriodCase{"2022-09-10", "2022-09-19"},    // starts on a holiday
                                           PeriodCase{"2022-01-29", "2022-02-09"}));  // make-up Saturday

TEST(Calendar, LatestPublicityStartForTheUnitDeadline) {
  auto start = Official().LatestStartEndingBy(D("2022-09-14"), 5);
  ASSERT_TRUE(start.ok());
  EXPECT_EQ(FormatDate(*start), "2022-09-07");
}

TEST(Calendar, Year2022Has249WorkingDays) {
  EXPECT_EQ(Official().WorkingDaysInYear(2022), 249);
  EXPECT_EQ(Official().WorkingDaysInYear(2023), 249);  // 365 − 105 weekend days − 18 weekdays off + 7 make-up
}

TEST(Calendar, DayKinds) {
  EXPECT_EQ(Official().KindOf(D("2022-10-08")), DayKind::kMakeupWorkday);
  EXPECT_EQ(Official().KindOf(D("2022-10-03")), DayKind::kHoliday);
  EXPECT_EQ(*Official().HolidayName(D("2022-10-03")), "国庆节");
  EXPECT_EQ(Official().KindOf(D("2022-10-15")), DayKind::kWeekend);
  EXPECT_EQ(Official().KindOf(D("2022-10-14")), DayKind::kWorkday);
  EXPECT_EQ(Official().IsWorkingDay(D("2023-01-02")), false);
  EXPECT_EQ(Official().IsWorkingDay(D("2023-01-28")), true);
  EXPECT_EQ(Official().IsWorkingDay(D("2022-12-31")), false);
}

TEST(Calendar, UncoveredYearIsAnErrorNotAGuess) {
  EXPECT_FALSE(Official().IsWorkingDay(D("2024-03-01")).has_value());
  auto end = Official().NthWorkingDay(D("2023-12-27"), 5);
  ASSERT_FALSE(end.ok());
  EXPECT_EQ(end.error().code, errc::calendar_year_missing);
  EXPECT_EQ(end.error().detail, "2024");
}

TEST(Calendar, BetweenIsInclusiveAndEmptyWhenReversed) {
  EXPECT_EQ(*Official().WorkingDaysBetween(D("2022-09-09"), D("2022-09-13")), 2);
  EXPECT_EQ(*Official().WorkingDaysBetween(D("2022-09-13"), D("2022-09-09")), 0);
  EXPECT_EQ(*Official().WorkingDaysBetween(D("2022-10-01"), D("2022-10-07")), 0);
}

TEST(CalendarFile, EveryProblemAtOnceNamingTheKey) {
  auto y = ParseYearToml(R"(
year = 2022
colour = "red"
holidays = [ { date = 2023-01-01, name = "元旦" }, { from = 2022-05-04, to = 2022-05-01, name = "x" } ]
makeup_workdays = [ { date = 2022-01-04, name = "周二" } ]
)");
  ASSERT_FALSE(y.ok());
  std::vector<std::string> got;
  for (const auto& f : y.error().fields) got.push_back(f.field + ":" + std::string(Name(f.code)));
  {
    auto has = [&](const std::string& s) { return std::find(got.begin(), got.end(), s) != got.end(); };
    EXPECT_TRUE(has("source:required")) << testing::PrintToString(got);
    EXPECT_TRUE(has("colour:unknown_field")) << testing::PrintToString(got);
    EXPECT_TRUE(has("holidays[1].to:date_order")) << testing::PrintToString(got);
  }
}

TEST(CalendarFile, SemanticProblems) {
  auto y = ParseYearToml(R"(
year = 2022
source = "test"
holidays = [ { date = 2023-01-01, name = "元旦" }, { date = 2022-10-08, name = "x" } ]
makeup_workdays = [ { date = 2022-01-04, name = "周二" }, { date = 2022-10-08, name = "调休" } ]
)");
  ASSERT_FALSE(y.ok());
  std::vector<std::string> got;
  for (const auto& f : y.error().fields) got.push_back(f.field + ":" + std::string(Name(f.code)));
  EXPECT_EQ(got, (std::vector<std::string>{"holidays[0].date:date_outside_year",
                                           "makeup_workdays[0].date:makeup_not_weekend",
                                           "makeup_workdays[1].date:day_conflict"}));
}

TEST(CalendarFile, ImpossibleDateNamesItsKey) {
  auto y = ParseYearToml("year = 2022\nsource = \"x\"\nholidays = [ { date = 2022-02-30, name = \"x\" } ]\n");
  ASSERT_FALSE(y.ok());
  ASSERT_EQ(y.error().fields.size(), 1u);
  EXPECT_EQ(y.error().fields[0].field, "date");
  EXPECT_EQ(y.error().fields[0].code, errc::toml_syntax);
  EXPECT_NE(y.error().fields[0].detail.find("line 3"), std::string::npos);
}

TEST(CalendarStore, SeedsOnceEditsAuditedAndBadEditsChangeNothing) {
  storage::TempDatabase tmp;
  CalendarStore store(tmp.db());
  auto files = LoadYearDir(std::filesystem::path(ZHICHENG_SOURCE_DIR) / "data" / "calendars");
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(store.Seed(*files, 1000), (std::vector<int>{2022, 2023}));
  EXPECT_TRUE(store.Seed(*files, 2000).empty());  // already there: an admin's edits are never overwritten
  EXPECT_EQ(*store.Snapshot()->NthWorkingDay(D("2022-09-07"), 5), D("2022-09-14"));

  const accounts::Actor admin{
      accounts::Principal{.user_id = 1, .login = "admin", .role = accounts::Role::kCityAdmin}, "127.0.0.1"};
  YearCalendar y = store.Get(2022)->calendar;
  y.holidays.push_back({D("2022-09-09"), "测试"});
  YearCalendar bad = y;
  bad.makeup_workdays.push_back({D("2022-09-13"), "周二"});
  auto rejected = store.Put(admin, bad, "", 3000, "calendar.update");
  ASSERT_FALSE(rejected.ok());
  ASSERT_EQ(rejected.error().fields.size(), 2u);
  EXPECT_EQ(rejected.error().fields[0].code, errc::makeup_not_weekend);
  EXPECT_EQ(rejected.error().fields[1].field, "reason");
  EXPECT_EQ(*store.Snapshot()->NthWorkingDay(D("2022-09-07"), 5), D("2022-09-14"));

  auto saved = store.Put(admin, y, "中秋调整（测试）", 3000, "calendar.update");
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->updated_by, "admin");
  EXPECT_EQ(saved->working_days, 248);
  EXPECT_EQ(*store.Snapshot()->NthWorkingDay(D("2022-09-07"), 5), D("2022-09-15"));

  storage::AuditFilter f;
  f.action = "calendar.";
  const auto page = storage::ListAudit(tmp.db(), f);
  ASSERT_EQ(page.total, 3);
  EXPECT_EQ(page.items[0].action, "calendar.update");
  EXPECT_NE(page.items[0].summary.find("中秋调整"), std::string::npos);
  EXPECT_TRUE(storage::VerifyAudit(tmp.db()).ok);
}

}  // namespace
}  // namespace zc::calendar
