// Simulated time as a value type.
//
// Time is counted in whole milliseconds (64-bit), so equal times are truly equal and the
// representable span (about 290 million years) is never a concern. A Duration is a length of
// time; a point in simulated time is the Duration elapsed since the scenario's start.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace flowsim::sim {

class Duration {
 public:
  static constexpr int64_t kTicksPerSecond = 1000;
  static constexpr int64_t kTicksPerMinute = 60 * kTicksPerSecond;
  static constexpr int64_t kTicksPerHour = 60 * kTicksPerMinute;
  static constexpr int64_t kTicksPerDay = 24 * kTicksPerHour;
  static constexpr int64_t kTicksPerWeek = 7 * kTicksPerDay;

  constexpr Duration() = default;
  static constexpr Duration ticks(int64_t t) { return Duration(t); }
  static constexpr Duration max() { return Duration(INT64_MAX); }
  // Named constructors from a real number of units; rounded to the nearest millisecond.
  static Duration seconds(double s) { return from_units(s, kTicksPerSecond); }
  static Duration minutes(double m) { return from_units(m, kTicksPerMinute); }
  static Duration hours(double h) { return from_units(h, kTicksPerHour); }
  static Duration days(double d) { return from_units(d, kTicksPerDay); }
  static Duration weeks(double w) { return from_units(w, kTicksPerWeek); }

  constexpr int64_t ticks() const { return ticks_; }
  constexpr double to_minutes() const { return double(ticks_) / kTicksPerMinute; }
  constexpr double to_hours() const { return double(ticks_) / kTicksPerHour; }
  constexpr double to_days() const { return double(ticks_) / kTicksPerDay; }

  // Saturates at max() ("forever") instead of overflowing.
  constexpr Duration operator+(Duration o) const {
    int64_t sum = 0;
    if (__builtin_add_overflow(ticks_, o.ticks_, &sum))
      return o.ticks_ > 0 ? max() : Duration(-INT64_MAX);
    return Duration(sum);
  }
  constexpr Duration operator-(Duration o) const { return Duration(ticks_ - o.ticks_); }
  constexpr Duration& operator+=(Duration o) {
    ticks_ += o.ticks_;
    return *this;
  }
  constexpr Duration& operator-=(Duration o) {
    ticks_ -= o.ticks_;
    return *this;
  }
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  constexpr explicit Duration(int64_t t) : ticks_(t) {}
  static Duration from_units(double v, int64_t per) {
    // Saturate rather than overflow: a duration beyond the representable span is "forever".
    const double t = v * double(per);
    if (!(t < 9.2e18)) return max();
    if (t < -9.2e18) return Duration(-INT64_MAX);
    // std::round (half away from zero) written out, as it is not inlined and the model converts
    // a time for every event: the fraction t - trunc(t) is exact in floating point.
    const int64_t whole = int64_t(t);
    const double fraction = t - double(whole);
    return Duration(whole + (fraction >= 0.5) - (fraction <= -0.5));
  }
  int64_t ticks_ = 0;
};

// A point in simulated time, measured from the scenario's start.
using Time = Duration;

// Parses "30min", "4h", "2.5d", "2w", "90s" into a Duration. Throws std::invalid_argument
// with a message that says how to write a duration when the text is not one.
Duration parse_duration(std::string_view text);

// Formats a duration compactly in the largest unit that keeps it exact to the minute
// ("2w", "36h", "90min", "1.5s").
std::string format_duration(Duration d);

// An event rate, stored per hour. Parses "9.5/h", "600/d", "900/w", "2/min".
struct Rate {
  double per_hour = 0.0;
};
Rate parse_rate(std::string_view text);

}  // namespace flowsim::sim
