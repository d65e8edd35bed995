#include "base/time.hpp"

#include <gtest/gtest.h>

namespace zc {
namespace {

TEST(Date, ValidityAndParsing) {
  EXPECT_TRUE(IsValidDate(2024, 2, 29));
  EXPECT_FALSE(IsValidDate(2023, 2, 29));
  EXPECT_FALSE(IsValidDate(2022, 4, 31));
  EXPECT_FALSE(IsValidDate(2022, 13, 1));
  EXPECT_EQ(ParseDate("2022-12-31"), (Date{2022, 12, 31}));
  EXPECT_EQ(ParseDate("2022-02-30"), std::nullopt);
  EXPECT_EQ(ParseDate("2022/12/31"), std::nullopt);
  EXPECT_EQ(ParseDate("2022-1-31"), std::nullopt);
}

TEST(Date, DaysRoundTrip) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2022, 12, 31}) - DaysFromCivil({2022, 1, 1}), 364);
  for (int64_t d = -800; d < 25000; d += 37) EXPECT_EQ(DaysFromCivil(CivilFromDays(d)), d);
}

TEST(Shanghai, DeadlineDayBoundary) {
  // 2022-08-31 23:59:59 +08:00 is still the 31st in Shanghai, though already 15:59:59 UTC.
  const TimePoint last_second = ShanghaiMidnight({2022, 9, 1}) - std::chrono::seconds(1);
  EXPECT_EQ(ShanghaiDate(last_second), (Date{2022, 8, 31}));
  EXPECT_EQ(ShanghaiDate(last_second + std::chrono::seconds(1)), (Date{2022, 9, 1}));
  EXPECT_EQ(FormatShanghai(last_second), "2022-08-31T23:59:59+08:00");
  EXPECT_EQ(UnixSeconds(ShanghaiMidnight({1970, 1, 1})), -8 * 3600);
}

}  // namespace
}  // namespace zc
