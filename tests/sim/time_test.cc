// Tests for sim/time.h: the Duration value type, the duration and rate parsers and the
// duration formatter.
#include "sim/time.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/random.h"

namespace flowsim::sim {
namespace {

const std::string kDurationHint =
    "write a duration as a number and a unit: \"30min\", \"4h\", \"2.5d\", \"2w\" (units s, min, "
    "h, d, w)";
const std::string kRateHint =
    "write a rate as a number per unit of time: \"9.5/h\", \"600/d\", \"900/w\"";

TEST_CASE("named constructors count whole milliseconds", "[time]") {
  CHECK(Duration::seconds(90).ticks() == 90'000);
  CHECK(Duration::minutes(30).ticks() == 1'800'000);
  CHECK(Duration::hours(4).ticks() == 14'400'000);
  CHECK(Duration::days(2.5).ticks() == 216'000'000);
  CHECK(Duration::weeks(2).ticks() == 1'209'600'000);
  CHECK(Duration::ticks(7).ticks() == 7);
  CHECK(Duration().ticks() == 0);
}

TEST_CASE("named constructors round to the nearest millisecond", "[time]") {
  CHECK(Duration::seconds(0.0004).ticks() == 0);
  CHECK(Duration::seconds(0.0006).ticks() == 1);
  CHECK(Duration::seconds(1.2344).ticks() == 1234);
  CHECK(Duration::seconds(1.2346).ticks() == 1235);
  CHECK(Duration::seconds(-0.0006).ticks() == -1);
}

TEST_CASE("named constructors round half a millisecond away from zero, as std::round does",
          "[time]") {
  CHECK(Duration::seconds(0.0005).ticks() == 1);
  CHECK(Duration::seconds(-0.0005).ticks() == -1);
  CHECK(Duration::seconds(0.0025).ticks() == 3);
  CHECK(Duration::seconds(-2.5e-3).ticks() == -3);
  // Every millisecond count and the halves between them, small and large (where a double holds
  // only whole and half numbers), as std::round would give them.
  RandomStream rng(StreamKey{.seed = 7, .purpose = purpose_hash("rounding")});
  for (int i = 0; i < 100'000; ++i) {
    const double scale = std::ldexp(1.0, int(rng.below(60)));
    const double ms = (rng.uniform() - 0.5) * scale;
    for (double v : {ms, std::round(ms) + 0.5, std::round(ms) - 0.5, std::nextafter(ms, 0.0)}) {
      REQUIRE(Duration::seconds(v / 1000).ticks() == int64_t(std::round(v / 1000 * 1000)));
    }
  }
}

TEST_CASE("the same time built from different units compares equal", "[time]") {
  CHECK(Duration::minutes(90) == Duration::hours(1.5));
  CHECK(Duration::hours(24) == Duration::days(1));
  CHECK(Duration::days(7) == Duration::weeks(1));
  CHECK(Duration::seconds(3600) == Duration::hours(1));
  // Thirds of an hour are not exact in binary, but twenty minutes are exact in ticks.
  CHECK(Duration::hours(1.0 / 3) == Duration::minutes(20));
}

TEST_CASE("durations beyond the representable span saturate instead of overflowing", "[time]") {
  CHECK(Duration::hours(1e300) == Duration::max());
  CHECK(Duration::weeks(1e15) == Duration::max());
  CHECK(Duration::hours(-1e300).ticks() == -INT64_MAX);
}

TEST_CASE("durations add, subtract and compare like numbers of ticks", "[time]") {
  const Duration a = Duration::hours(3);
  const Duration b = Duration::minutes(45);
  CHECK((a + b).ticks() == 3 * Duration::kTicksPerHour + 45 * Duration::kTicksPerMinute);
  CHECK((a - b) == Duration::minutes(135));
  CHECK((b - a) == Duration::minutes(-135));
  Duration c = a;
  c += b;
  CHECK(c == Duration::minutes(225));
  c -= a;
  CHECK(c == b);
  CHECK(b < a);
  CHECK(a > b);
  CHECK(a <= a);
  CHECK(a != b);
  CHECK(Duration::max() > Duration::weeks(1e6));
}

TEST_CASE("durations convert to real numbers of minutes, hours and days", "[time]") {
  const Duration d = Duration::hours(36);
  CHECK(d.to_minutes() == 2160.0);
  CHECK(d.to_hours() == 36.0);
  CHECK(d.to_days() == 1.5);
  CHECK(Duration::seconds(90).to_minutes() == 1.5);
}

TEST_CASE("parse_duration reads a number followed by a unit", "[time][parse]") {
  CHECK(parse_duration("90s") == Duration::seconds(90));
  CHECK(parse_duration("30min") == Duration::minutes(30));
  CHECK(parse_duration("4h") == Duration::hours(4));
  CHECK(parse_duration("2.5d") == Duration::hours(60));
  CHECK(parse_duration("2w") == Duration::days(14));
  CHECK(parse_duration("0h") == Duration());
  CHECK(parse_duration("0.5min") == Duration::seconds(30));
  CHECK(parse_duration("1e2min") == Duration::minutes(100));
}

TEST_CASE("parse_duration counts seconds exactly to the millisecond", "[time][parse]") {
  // Every whole number of milliseconds written in seconds parses back to exactly that tick
  // count, however it travels through the unit conversion.
  for (int64_t ms = 0; ms < 200'000; ms += 7) {
    const std::string text =
        std::to_string(ms / 1000) + "." + std::to_string(1000 + ms % 1000).substr(1) + "s";
    INFO(text);
    REQUIRE(parse_duration(text).ticks() == ms);
  }
}

TEST_CASE("a duration without a unit is rejected with a hint", "[time][parse]") {
  CHECK_THROWS_MATCHES(parse_duration("4"), std::invalid_argument,
                       Catch::Message("\"4\" has no unit; " + kDurationHint));
  CHECK_THROWS_MATCHES(parse_duration(""), std::invalid_argument,
                       Catch::Message("\"\" has no unit; " + kDurationHint));
}

TEST_CASE("a duration in an unknown unit is rejected naming the unit", "[time][parse]") {
  CHECK_THROWS_MATCHES(parse_duration("4y"), std::invalid_argument,
                       Catch::Message("unknown time unit \"y\" in \"4y\"; " + kDurationHint));
  CHECK_THROWS_MATCHES(parse_duration("4H"), std::invalid_argument,
                       Catch::Message("unknown time unit \"H\" in \"4H\"; " + kDurationHint));
  CHECK_THROWS_MATCHES(
      parse_duration("3hours"), std::invalid_argument,
      Catch::Message("unknown time unit \"hours\" in \"3hours\"; " + kDurationHint));
}

TEST_CASE("a negative duration is rejected", "[time][parse]") {
  CHECK_THROWS_MATCHES(parse_duration("-4h"), std::invalid_argument,
                       Catch::Message("\"-4h\" is negative; a duration is >= 0"));
  CHECK_THROWS_MATCHES(parse_duration("-0.5d"), std::invalid_argument,
                       Catch::Message("\"-0.5d\" is negative; a duration is >= 0"));
}

TEST_CASE("junk before the unit is rejected as not a duration", "[time][parse]") {
  CHECK_THROWS_MATCHES(parse_duration("4 h"), std::invalid_argument,
                       Catch::Message("\"4 h\" is not a duration; " + kDurationHint));
  CHECK_THROWS_MATCHES(parse_duration("h"), std::invalid_argument,
                       Catch::Message("\"h\" is not a duration; " + kDurationHint));
  CHECK_THROWS_MATCHES(parse_duration("1e999h"), std::invalid_argument,
                       Catch::Message("\"1e999h\" is not a duration; " + kDurationHint));
  CHECK_THROWS_MATCHES(parse_duration("+4h"), std::invalid_argument,
                       Catch::Message("\"+4h\" is not a duration; " + kDurationHint));
  CHECK_THROWS_MATCHES(parse_duration(" 4h"), std::invalid_argument,
                       Catch::Message("\" 4h\" is not a duration; " + kDurationHint));
  CHECK_THROWS_MATCHES(parse_duration("4.5.1h"), std::invalid_argument,
                       Catch::Message("\"4.5.1h\" is not a duration; " + kDurationHint));
  CHECK_THROWS_AS(parse_duration("nanh"), std::invalid_argument);
  CHECK_THROWS_AS(parse_duration("infh"), std::invalid_argument);
  CHECK_THROWS_AS(parse_duration("4h "), std::invalid_argument);
}

TEST_CASE("parse_rate reads a number per unit of time and stores it per hour", "[time][parse]") {
  CHECK(parse_rate("9.5/h").per_hour == 9.5);
  CHECK(parse_rate("600/d").per_hour == Approx(25.0).epsilon(1e-15));
  CHECK(parse_rate("900/w").per_hour == Approx(900.0 / 168).epsilon(1e-15));
  CHECK(parse_rate("2/min").per_hour == Approx(120.0).epsilon(1e-15));
  CHECK(parse_rate("1/s").per_hour == Approx(3600.0).epsilon(1e-15));
  CHECK(parse_rate("0/h").per_hour == 0.0);
}

TEST_CASE("a malformed rate is rejected with a hint", "[time][parse]") {
  CHECK_THROWS_MATCHES(parse_rate("9.5"), std::invalid_argument,
                       Catch::Message("\"9.5\" has no time unit; " + kRateHint));
  CHECK_THROWS_MATCHES(parse_rate(""), std::invalid_argument,
                       Catch::Message("\"\" has no time unit; " + kRateHint));
  CHECK_THROWS_MATCHES(parse_rate("9.5/y"), std::invalid_argument,
                       Catch::Message("unknown time unit \"y\" in rate \"9.5/y\"; " + kRateHint));
  CHECK_THROWS_MATCHES(parse_rate("9.5/"), std::invalid_argument,
                       Catch::Message("unknown time unit \"\" in rate \"9.5/\"; " + kRateHint));
  CHECK_THROWS_MATCHES(parse_rate("/h"), std::invalid_argument,
                       Catch::Message("\"/h\" is not a rate; " + kRateHint));
  CHECK_THROWS_MATCHES(parse_rate("9 /h"), std::invalid_argument,
                       Catch::Message("\"9 /h\" is not a rate; " + kRateHint));
  CHECK_THROWS_MATCHES(parse_rate("1e999/h"), std::invalid_argument,
                       Catch::Message("\"1e999/h\" is not a rate; " + kRateHint));
  CHECK_THROWS_MATCHES(parse_rate("-1/h"), std::invalid_argument,
                       Catch::Message("\"-1/h\" is negative; a rate is >= 0"));
}

TEST_CASE("a duration longer than 1e9 hours is rejected", "[time][parse]") {
  CHECK(parse_duration("1e9h") == Duration::hours(1e9));
  CHECK_THROWS_MATCHES(
      parse_duration("1e300h"), std::invalid_argument,
      Catch::Message("\"1e300h\" is longer than flowsim can simulate (1e9 hours)"));
}

TEST_CASE("adding to forever stays forever", "[time]") {
  CHECK(Duration::max() + Duration::hours(1) == Duration::max());
  CHECK(Duration::hours(1) + Duration::max() == Duration::max());
}

TEST_CASE("a rate too large to represent per hour is rejected", "[time][parse]") {
  // Regression: "1e308/s" overflowed to an infinite rate per hour.
  CHECK_THROWS_MATCHES(parse_rate("1e308/s"), std::invalid_argument,
                       Catch::Message("\"1e308/s\" is not a rate; " + kRateHint));
}

TEST_CASE("format_duration uses the largest unit that divides the duration exactly",
          "[time][format]") {
  CHECK(format_duration(Duration::weeks(2)) == "2w");
  CHECK(format_duration(Duration::days(3)) == "3d");
  CHECK(format_duration(Duration::hours(36)) == "36h");
  CHECK(format_duration(Duration::minutes(90)) == "90min");
  CHECK(format_duration(Duration::minutes(1)) == "1min");
  CHECK(format_duration(Duration::seconds(30)) == "30s");
  CHECK(format_duration(Duration::seconds(1.5)) == "1.5s");
  CHECK(format_duration(Duration::ticks(1)) == "0.001s");
  CHECK(format_duration(Duration::hours(-2)) == "-2h");
}

TEST_CASE("a zero duration is formatted in minutes", "[time][format]") {
  CHECK(format_duration(Duration()) == "0min");
}

TEST_CASE("format_duration and parse_duration round-trip every duration", "[time][format]") {
  RandomStream rng(StreamKey{.seed = 2026, .purpose = purpose_hash("time round trip")});
  for (int i = 0; i < 20'000; ++i) {
    // Spread the magnitudes from milliseconds to centuries, and favour round numbers of units.
    const int64_t scale = int64_t(1) << rng.below(36);
    int64_t ticks = int64_t(rng.below(uint64_t(scale))) + 1;
    switch (rng.below(4)) {
      case 0:
        ticks *= Duration::kTicksPerMinute;
        break;
      case 1:
        ticks *= Duration::kTicksPerHour;
        break;
      case 2:
        ticks *= Duration::kTicksPerSecond;
        break;
      default:
        break;
    }
    const Duration d = Duration::ticks(ticks);
    if (d > Duration::hours(1e9)) continue;  // longer than a scenario may ask for
    const std::string text = format_duration(d);
    INFO(ticks << " ticks formatted as " << text);
    REQUIRE(parse_duration(text) == d);
  }
}

}  // namespace
}  // namespace flowsim::sim
