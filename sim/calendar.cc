#include "sim/calendar.h"

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace flowsim::sim {
namespace {

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

// The civil-date conversions follow the well-known era-based algorithm (400-year cycles).
int64_t days_from_civil(CivilDate d) {
  const int64_t y = d.month <= 2 ? d.year - 1 : d.year;
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t mp = (d.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = int(doy - (153 * mp + 2) / 5 + 1);
  const int m = int(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{int(yoe + era * 400 + (m <= 2)), m, d};
}

bool is_valid_date(CivilDate d) {
  return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

CivilDate parse_date(std::string_view text) {
  const std::string q = "\"" + std::string(text) + "\"";
  CivilDate d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !parse_int(text.substr(0, 4), d.year) || !parse_int(text.substr(5, 2), d.month) ||
      !parse_int(text.substr(8, 2), d.day)) {
    throw std::invalid_argument(q + " is not a date; write it as YYYY-MM-DD, e.g. \"2026-10-05\"");
  }
  if (!is_valid_date(d)) throw std::invalid_argument(q + " is not a date that exists");
  return d;
}

int parse_time_of_day(std::string_view text) {
  int h = 0, m = 0;
  if (text.size() != 5 || text[2] != ':' || !parse_int(text.substr(0, 2), h) ||
      !parse_int(text.substr(3, 2), m) || m > 59 || h > 24 || (h == 24 && m != 0)) {
    throw std::invalid_argument("\"" + std::string(text) +
                                "\" is not a time of day; write it as HH:MM, e.g. \"08:30\"");
  }
  return h * 60 + m;
}

int64_t parse_datetime_minutes(std::string_view text) {
  if (text.size() == 10) return days_from_civil(parse_date(text)) * 1440;
  if (text.size() != 16 || text[10] != 'T') {
    throw std::invalid_argument("\"" + std::string(text) +
                                "\" is not a date and time; write it as YYYY-MM-DDTHH:MM, e.g. "
                                "\"2026-10-05T00:00\"");
  }
  const CivilDate d = parse_date(text.substr(0, 10));
  const int tod = parse_time_of_day(text.substr(11));
  if (tod >= 1440)
    throw std::invalid_argument("\"" + std::string(text) + "\": use 00:00 of the next day");
  return days_from_civil(d) * 1440 + tod;
}

std::string format_date(CivilDate d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

int Calendar::weekday(Time t) const {
  const int64_t days = floor_div(absolute_ticks(t), Duration::kTicksPerDay);
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  return int(((days % 7) + 7 + 3) % 7);
}

int Calendar::hour_of_day(Time t) const {
  const int64_t a = absolute_ticks(t);
  return int((a - floor_div(a, Duration::kTicksPerDay) * Duration::kTicksPerDay) /
             Duration::kTicksPerHour);
}

CivilDate Calendar::date(Time t) const {
  return civil_from_days(floor_div(absolute_ticks(t), Duration::kTicksPerDay));
}

Time Calendar::time_of(CivilDate d) const {
  return Duration::ticks(days_from_civil(d) * Duration::kTicksPerDay -
                         start_minutes_ * Duration::kTicksPerMinute);
}

Time Calendar::next_midnight(Time t) const {
  const int64_t a = absolute_ticks(t);
  const int64_t next = (floor_div(a, Duration::kTicksPerDay) + 1) * Duration::kTicksPerDay;
  return Duration::ticks(next - start_minutes_ * Duration::kTicksPerMinute);
}

Time Calendar::next_hour(Time t) const {
  const int64_t a = absolute_ticks(t);
  const int64_t next = (floor_div(a, Duration::kTicksPerHour) + 1) * Duration::kTicksPerHour;
  return Duration::ticks(next - start_minutes_ * Duration::kTicksPerMinute);
}

}  // namespace flowsim::sim
