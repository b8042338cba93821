// Tests for sim/calendar.h: civil dates, the date and time parsers, and the Calendar that maps
// simulated time onto weekdays, hours and dates.
#include "sim/calendar.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/time.h"

namespace flowsim::sim {
namespace {

const std::string kDateHint = " is not a date; write it as YYYY-MM-DD, e.g. \"2026-10-05\"";
const std::string kTimeOfDayHint = " is not a time of day; write it as HH:MM, e.g. \"08:30\"";

// An independent statement of the Gregorian rules, for walking the calendar day by day.
bool leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int month_length(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}
CivilDate next_day(CivilDate d) {
  if (d.day < month_length(d.year, d.month)) return {d.year, d.month, d.day + 1};
  if (d.month < 12) return {d.year, d.month + 1, 1};
  return {d.year + 1, 1, 1};
}

Calendar starting_at(std::string_view datetime) {
  return Calendar(parse_datetime_minutes(datetime));
}

TEST_CASE("days are counted from 1970-01-01", "[calendar]") {
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(days_from_civil({1969, 12, 31}) == -1);
  CHECK(days_from_civil({2000, 3, 1}) == 11017);
  CHECK(days_from_civil({2024, 2, 29}) == 19782);
  CHECK(days_from_civil({2026, 10, 5}) == 20731);
  CHECK(days_from_civil({1, 1, 1}) == -719162);
  CHECK(days_from_civil({9999, 12, 31}) == 2932896);
  CHECK(civil_from_days(20731) == CivilDate{2026, 10, 5});
  CHECK(civil_from_days(-1) == CivilDate{1969, 12, 31});
}

TEST_CASE("civil_from_days inverts days_from_civil day by day over eight thousand years",
          "[calendar]") {
  // Walk every day from 3000 BC (proleptic, astronomical year -2999) to AD 5000 with the
  // independent rules above; both conversions must agree with the walk at every step.
  CivilDate d{-2999, 1, 1};
  int64_t z = days_from_civil(d);
  int64_t mismatches = 0;
  while (d.year <= 5000) {
    if (days_from_civil(d) != z || civil_from_days(z) != d) ++mismatches;
    d = next_day(d);
    ++z;
  }
  CHECK(mismatches == 0);
  CHECK(z == days_from_civil({5001, 1, 1}));
}

TEST_CASE("civil_from_days and days_from_civil round-trip far from the present", "[calendar]") {
  for (int64_t z = -400'000'000; z <= 400'000'000; z += 999'983) {
    INFO("day " << z);
    REQUIRE(days_from_civil(civil_from_days(z)) == z);
  }
  for (int64_t z : {int64_t(-146097) * 1000, int64_t(-1), int64_t(0), int64_t(146097) * 1000}) {
    INFO("day " << z);
    REQUIRE(days_from_civil(civil_from_days(z)) == z);
  }
}

TEST_CASE("leap years follow the Gregorian rule", "[calendar]") {
  CHECK(is_valid_date({2024, 2, 29}));
  CHECK(is_valid_date({2000, 2, 29}));
  CHECK(is_valid_date({2400, 2, 29}));
  CHECK_FALSE(is_valid_date({2025, 2, 29}));
  CHECK_FALSE(is_valid_date({1900, 2, 29}));
  CHECK_FALSE(is_valid_date({2100, 2, 29}));
  CHECK(days_from_civil({2024, 3, 1}) - days_from_civil({2024, 2, 1}) == 29);
  CHECK(days_from_civil({2100, 3, 1}) - days_from_civil({2100, 2, 1}) == 28);
}

TEST_CASE("dates outside years 1 to 9999 or months and days that do not exist are invalid",
          "[calendar]") {
  CHECK(is_valid_date({1, 1, 1}));
  CHECK(is_valid_date({9999, 12, 31}));
  CHECK_FALSE(is_valid_date({0, 12, 31}));
  CHECK_FALSE(is_valid_date({10000, 1, 1}));
  CHECK_FALSE(is_valid_date({2026, 0, 1}));
  CHECK_FALSE(is_valid_date({2026, 13, 1}));
  CHECK_FALSE(is_valid_date({2026, 4, 31}));
  CHECK_FALSE(is_valid_date({2026, 1, 0}));
  CHECK_FALSE(is_valid_date({2026, 2, 30}));
}

TEST_CASE("parse_date reads YYYY-MM-DD", "[calendar][parse]") {
  CHECK(parse_date("2026-10-05") == CivilDate{2026, 10, 5});
  CHECK(parse_date("2024-02-29") == CivilDate{2024, 2, 29});
  CHECK(parse_date("0001-01-01") == CivilDate{1, 1, 1});
}

TEST_CASE("parse_date rejects dates that do not exist", "[calendar][parse]") {
  CHECK_THROWS_MATCHES(parse_date("2026-02-30"), std::invalid_argument,
                       Catch::Message("\"2026-02-30\" is not a date that exists"));
  CHECK_THROWS_MATCHES(parse_date("2025-02-29"), std::invalid_argument,
                       Catch::Message("\"2025-02-29\" is not a date that exists"));
  CHECK_THROWS_MATCHES(parse_date("2026-04-31"), std::invalid_argument,
                       Catch::Message("\"2026-04-31\" is not a date that exists"));
  CHECK_THROWS_MATCHES(parse_date("2026-13-01"), std::invalid_argument,
                       Catch::Message("\"2026-13-01\" is not a date that exists"));
  CHECK_THROWS_MATCHES(parse_date("0000-01-01"), std::invalid_argument,
                       Catch::Message("\"0000-01-01\" is not a date that exists"));
}

TEST_CASE("parse_date rejects text that is not written YYYY-MM-DD", "[calendar][parse]") {
  for (const char* text : {"2026-1-5", "26-10-05", "2026/10/05", "", "2026-10-0a", "+026-10-05",
                           "2026-10-05T08:00", " 2026-10-5", "2026-+1-05"}) {
    CHECK_THROWS_MATCHES(parse_date(text), std::invalid_argument,
                         Catch::Message("\"" + std::string(text) + "\"" + kDateHint));
  }
}

TEST_CASE("format_date writes YYYY-MM-DD with zero padding and round-trips", "[calendar]") {
  CHECK(format_date({2026, 10, 5}) == "2026-10-05");
  CHECK(format_date({1, 1, 1}) == "0001-01-01");
  for (int64_t z = days_from_civil({1, 1, 1}); z <= days_from_civil({9999, 12, 31}); z += 997) {
    const CivilDate d = civil_from_days(z);
    REQUIRE(parse_date(format_date(d)) == d);
  }
}

TEST_CASE("parse_time_of_day reads HH:MM up to the end of the day", "[calendar][parse]") {
  CHECK(parse_time_of_day("00:00") == 0);
  CHECK(parse_time_of_day("08:30") == 510);
  CHECK(parse_time_of_day("23:59") == 1439);
  CHECK(parse_time_of_day("24:00") == 1440);
  for (const char* text : {"24:01", "08:60", "8:30", "25:00", "08-30", "", "08:3a", "-1:00"}) {
    CHECK_THROWS_MATCHES(parse_time_of_day(text), std::invalid_argument,
                         Catch::Message("\"" + std::string(text) + "\"" + kTimeOfDayHint));
  }
}

TEST_CASE("parse_datetime_minutes counts minutes since 1970-01-01T00:00", "[calendar][parse]") {
  CHECK(parse_datetime_minutes("1970-01-01") == 0);
  CHECK(parse_datetime_minutes("2026-10-05") == 20731 * 1440);
  CHECK(parse_datetime_minutes("2026-10-05T00:00") == 20731 * 1440);
  CHECK(parse_datetime_minutes("2026-10-05T08:30") == 20731 * 1440 + 510);
  CHECK(parse_datetime_minutes("1969-12-31T23:00") == -60);
}

TEST_CASE("parse_datetime_minutes rejects malformed or impossible date-times",
          "[calendar][parse]") {
  CHECK_THROWS_MATCHES(parse_datetime_minutes("2026-10-05T24:00"), std::invalid_argument,
                       Catch::Message("\"2026-10-05T24:00\": use 00:00 of the next day"));
  CHECK_THROWS_MATCHES(parse_datetime_minutes("2026-10-05 08:30"), std::invalid_argument,
                       Catch::Message("\"2026-10-05 08:30\" is not a date and time; write it as "
                                      "YYYY-MM-DDTHH:MM, e.g. \"2026-10-05T00:00\""));
  CHECK_THROWS_MATCHES(parse_datetime_minutes("2026-02-30T08:00"), std::invalid_argument,
                       Catch::Message("\"2026-02-30\" is not a date that exists"));
  CHECK_THROWS_MATCHES(parse_datetime_minutes("2026-10-05T8:30a"), std::invalid_argument,
                       Catch::Message("\"8:30a\"" + kTimeOfDayHint));
}

TEST_CASE("2026-10-05 is a Monday", "[calendar]") {
  const Calendar cal = starting_at("2026-10-05");
  CHECK(cal.weekday(Time()) == 0);
  CHECK(kWeekdayNames[cal.weekday(Time())] == "mon");
  CHECK(cal.weekday(Duration::days(6)) == 6);
  CHECK(kWeekdayNames[cal.weekday(Duration::days(6))] == "sun");
  CHECK(cal.weekday(Duration::days(7)) == 0);
}

TEST_CASE("weekday gives the right day for known dates", "[calendar]") {
  const Calendar epoch;  // 1970-01-01T00:00, a Thursday
  CHECK(epoch.weekday(Time()) == 3);
  CHECK(epoch.weekday(epoch.time_of({2000, 1, 1})) == 5);    // Saturday
  CHECK(epoch.weekday(epoch.time_of({2024, 2, 29})) == 3);   // Thursday
  CHECK(epoch.weekday(epoch.time_of({1969, 12, 31})) == 2);  // Wednesday
  CHECK(epoch.weekday(epoch.time_of({1, 1, 1})) == 0);       // Monday
  CHECK(epoch.weekday(epoch.time_of({9999, 12, 31})) == 4);  // Friday
}

TEST_CASE("weekday advances by one each day, before and after the start", "[calendar]") {
  const Calendar cal = starting_at("2026-10-05T08:30");
  for (int d = -30; d <= 30; ++d) {
    INFO("day " << d);
    CHECK(cal.weekday(Duration::days(d)) == ((d % 7) + 7) % 7);
  }
}

TEST_CASE("hour of day and date follow a start that is not midnight", "[calendar]") {
  const Calendar cal = starting_at("2026-10-05T08:30");
  CHECK(cal.start_minutes() == 20731 * 1440 + 510);
  CHECK(cal.hour_of_day(Time()) == 8);
  CHECK(cal.hour_of_day(Duration::minutes(29)) == 8);
  CHECK(cal.hour_of_day(Duration::minutes(30)) == 9);
  CHECK(cal.hour_of_day(Duration::hours(15.5)) == 0);
  CHECK(cal.date(Time()) == CivilDate{2026, 10, 5});
  CHECK(cal.date(Duration::hours(15.5) - Duration::ticks(1)) == CivilDate{2026, 10, 5});
  CHECK(cal.date(Duration::hours(15.5)) == CivilDate{2026, 10, 6});
  CHECK(cal.time_of({2026, 10, 6}) == Duration::hours(15.5));
  CHECK(cal.time_of({2026, 10, 5}) == Duration::hours(-8.5));
}

TEST_CASE("next_midnight and next_hour are strictly after the given time", "[calendar]") {
  const Calendar cal = starting_at("2026-10-05T08:30");
  CHECK(cal.next_hour(Time()) == Duration::minutes(30));
  CHECK(cal.next_hour(Duration::minutes(30)) == Duration::minutes(90));
  CHECK(cal.next_hour(Duration::minutes(30) - Duration::ticks(1)) == Duration::minutes(30));
  CHECK(cal.next_midnight(Time()) == Duration::hours(15.5));
  CHECK(cal.next_midnight(Duration::hours(15.5)) == Duration::hours(39.5));
  CHECK(cal.next_midnight(Duration::hours(15.5) - Duration::ticks(1)) == Duration::hours(15.5));
}

TEST_CASE("times before the start map to earlier days and hours", "[calendar]") {
  const Calendar cal = starting_at("2026-10-05");
  const Time just_before = Time() - Duration::ticks(1);
  CHECK(cal.date(just_before) == CivilDate{2026, 10, 4});
  CHECK(cal.weekday(just_before) == 6);  // Sunday
  CHECK(cal.hour_of_day(just_before) == 23);
  CHECK(cal.next_midnight(just_before) == Time());
  CHECK(cal.next_hour(just_before) == Time());
  CHECK(cal.next_midnight(Duration::hours(-24)) == Time());
  CHECK(cal.next_hour(Duration::minutes(-90)) == Duration::hours(-1));
  CHECK(cal.time_of({2026, 10, 4}) == Duration::hours(-24));
  CHECK(cal.hour_of_day(Duration::hours(-30)) == 18);
  CHECK(cal.date(Duration::hours(-30)) == CivilDate{2026, 10, 3});
}

TEST_CASE("a calendar can start before 1970", "[calendar]") {
  const Calendar cal = starting_at("1969-12-31T23:00");
  CHECK(cal.start_minutes() == -60);
  CHECK(cal.date(Time()) == CivilDate{1969, 12, 31});
  CHECK(cal.weekday(Time()) == 2);  // Wednesday
  CHECK(cal.hour_of_day(Time()) == 23);
  CHECK(cal.next_midnight(Time()) == Duration::hours(1));
  CHECK(cal.date(Duration::hours(1)) == CivilDate{1970, 1, 1});
  CHECK(cal.weekday(Duration::hours(1)) == 3);
}

TEST_CASE("the date of time_of is the date itself, and midnight is hour zero", "[calendar]") {
  const Calendar cal = starting_at("2026-10-05T08:30");
  for (int64_t z = days_from_civil({2000, 1, 1}); z <= days_from_civil({2050, 1, 1}); z += 13) {
    const CivilDate d = civil_from_days(z);
    const Time t = cal.time_of(d);
    REQUIRE(cal.date(t) == d);
    REQUIRE(cal.hour_of_day(t) == 0);
    REQUIRE(cal.next_midnight(t) == t + Duration::days(1));
    REQUIRE(cal.next_midnight(t - Duration::ticks(1)) == t);
  }
}

}  // namespace
}  // namespace flowsim::sim
