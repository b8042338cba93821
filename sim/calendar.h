// The calendar that anchors simulated time to civil dates, so that hour of day, day of week
// and dated periods (a winter surge, Christmas) mean something. Local civil time with no
// daylight-saving shifts: a day is always 24 hours.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/time.h"

namespace flowsim::sim {

// a / b rounded towards minus infinity (b != 0): the day of a time before 1970 is the day before.
constexpr int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const CivilDate&) const = default;
};

// Days since 1970-01-01 for a valid civil date (proleptic Gregorian).
int64_t days_from_civil(CivilDate d);
CivilDate civil_from_days(int64_t days);
bool is_valid_date(CivilDate d);

// Parses "2026-10-05". Throws std::invalid_argument naming what is wrong, including dates that
// do not exist ("2026-02-30").
CivilDate parse_date(std::string_view text);
// Parses "2026-10-05T08:30" or "2026-10-05" (midnight): returns minutes since 1970-01-01.
int64_t parse_datetime_minutes(std::string_view text);
// Parses a time of day "08:30" (or "24:00" for the end of the day) into minutes after midnight.
int parse_time_of_day(std::string_view text);
std::string format_date(CivilDate d);

// Weekday names as used in scenario files, Monday first: "mon".."sun".
inline constexpr std::string_view kWeekdayNames[7] = {"mon", "tue", "wed", "thu",
                                                      "fri", "sat", "sun"};

class Calendar {
 public:
  Calendar() = default;
  // start_minutes: minutes since 1970-01-01T00:00 of simulated time zero.
  explicit Calendar(int64_t start_minutes) : start_minutes_(start_minutes) {}

  int64_t start_minutes() const { return start_minutes_; }
  // 0 = Monday .. 6 = Sunday.
  int weekday(Time t) const;
  // 0..23.
  int hour_of_day(Time t) const;
  CivilDate date(Time t) const;
  // Simulated time at the midnight that begins the given date (may be negative).
  Time time_of(CivilDate d) const;
  // Simulated time of the next midnight strictly after t.
  Time next_midnight(Time t) const;
  // Simulated time of the next whole hour strictly after t.
  Time next_hour(Time t) const;

 private:
  int64_t absolute_ticks(Time t) const {
    return start_minutes_ * Duration::kTicksPerMinute + t.ticks();
  }
  int64_t start_minutes_ = 0;
};

}  // namespace flowsim::sim
