// Tests for models/scenario.h: loading, checking and building scenario files.
//
// Scenarios are written here as JSON text and loaded with load_scenario_text("test.json", ...).
// Every problem is pinned by its exact words, as the user sees them:
//   file:line:column: /json/pointer: what is wrong and how to write it
// so a changed place, pointer or message is a deliberate change to this file.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "scenario/diagnostics.h"
#include "scenario/scenario.h"
#include "tests/models/test_support.h"

namespace flowsim::models {
namespace {

using testing::Metrics;
using testing::Problems;
using testing::problems;

const std::string kDurationHint =
    "write a duration as a number and a unit: \"30min\", \"4h\", \"2.5d\", \"2w\" (units s, min, "
    "h, d, w)";
const std::string kRateHint =
    "write a rate as a number per unit of time: \"9.5/h\", \"600/d\", \"900/w\"";
const std::string kDistributionHint =
    "a distribution is an object with one key, e.g. {\"exponential\": {\"mean\": \"1h\"}} (kinds: "
    "exponential, lognormal, gamma, weibull, uniform, triangular, fixed, empirical)";
const std::string kCapacityHint =
    "must be a whole number of places (at least 1), \"unlimited\" or {\"per_100k\": 45}";

LoadedScenario load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return load_scenario_text("test.json", text, overrides);
}

// The probability of the route to `to` (a unit index or kExit) among routes; -1 when none.
double route_p(const std::vector<Route>& routes, int to) {
  for (const Route& r : routes)
    if (r.to == to) return r.p;
  return -1;
}

// Text for the tests below. Each helper puts its argument at the start (column 1) of a known
// line, so that the places in the expected messages can be read off the argument itself.

const std::string kMinimal = R"({
  "schema": "flowsim/1",
  "name": "Minimal",
  "start": "2026-01-05T00:00",
  "horizon": "10d",
  "arrivals": { "walk_in": { "to": "triage", "rate": "6/h" } },
  "units": {
    "triage": { "capacity": 2, "service": { "exponential": { "mean": "15min" } },
                "next": { "ward": 0.25, "exit": 0.75 } },
    "ward": { "capacity": "unlimited", "service": { "fixed": "2d" }, "next": { "exit": 1 } }
  }
})";

// Unit "a", fed by one arrival stream, with `dist` as its service: `dist` starts line 5.
std::string service(const std::string& dist) {
  return R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "10d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": { "a": { "capacity": 1, "next": { "exit": 1 }, "service":
)" + dist +
         "\n} } }";
}

// Unit "a", fed by one arrival stream, in a population of 200,000: its object `body` starts
// line 5.
std::string unit_a(const std::string& body) {
  return R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "10d",
  "population": 200000, "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": { "a":
)" + body +
         "\n} }";
}

// Units "ward", "rehab" and "ae" (in that order) and two cohorts, general and frailty; arrivals go
// to "ae", whose "next" is `next`, starting line 9.
std::string ae_next(const std::string& next) {
  return R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "10d",
  "cohorts": { "general": {}, "frailty": {} },
  "arrivals": { "in": { "to": "ae", "rate": "2/h", "cohorts": { "general": 0.8, "frailty": 0.2 } } },
  "units": {
    "ward": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } },
    "rehab": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } },
    "ae": { "capacity": 1, "service": { "fixed": "1h" }, "next":
)" + next +
         "\n} } }";
}

// A whole scenario whose top-level members after "schema" and "name" are `members`, from line 3.
std::string top(const std::string& members) {
  return "{\n  \"schema\": \"flowsim/1\", \"name\": \"t\",\n" + members + "\n}";
}

const std::string kOneUnit =
    R"(  "units": { "a": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } } })";

// --- a valid scenario -----------------------------------------------------------------------

TEST_CASE("a minimal scenario builds, with the documented defaults", "[loader]") {
  const LoadedScenario loaded = load(kMinimal);
  REQUIRE(loaded.variants.size() == 1);
  CHECK(loaded.path == "test.json");
  CHECK(loaded.sha256.size() == 64);
  CHECK(loaded.sha256.find_first_not_of("0123456789abcdef") == std::string::npos);
  const Variant& v = loaded.variants.front();
  CHECK(v.name == "baseline");
  CHECK(v.document["name"] == "Minimal");
  const Scenario& s = v.scenario;
  CHECK(s.name == "Minimal");
  CHECK(s.start_minutes == sim::parse_datetime_minutes("2026-01-05T00:00"));
  CHECK(s.warmup == sim::Duration());
  CHECK(s.horizon == sim::Duration::days(10));
  CHECK(s.replications == 20);
  CHECK(s.seed == 42);
  CHECK(s.population == 0);
  REQUIRE(s.cohorts.size() == 1);
  CHECK(s.cohorts[0].name == "all");

  REQUIRE(s.arrivals.size() == 1);
  CHECK(s.arrivals[0].name == "walk_in");
  CHECK(s.arrivals[0].to == 0);
  CHECK(s.arrivals[0].rate_per_hour == 6.0);
  CHECK(s.arrivals[0].cohort_share == std::vector<double>{1.0});
  CHECK(s.arrivals[0].profile.is_flat());

  REQUIRE(s.units.size() == 2);
  const Unit& triage = s.units[0];
  CHECK(triage.name == "triage");
  CHECK(triage.capacity.fixed == 2);
  CHECK_FALSE(triage.capacity.unlimited());
  CHECK(triage.discipline == sim::QueueDiscipline::kFifo);
  CHECK(triage.queue_limit == sim::kUnlimited);
  REQUIRE(triage.service.size() == 1);
  CHECK(triage.service[0].kind() == sim::Distribution::Kind::kExponential);
  CHECK(triage.service[0].mean() == Approx(0.25));
  REQUIRE(triage.routes.size() == 1);
  REQUIRE(triage.routes[0].size() == 2);
  CHECK(route_p(triage.routes[0], 1) == 0.25);
  CHECK(route_p(triage.routes[0], kExit) == 0.75);
  for (const Route& r : triage.routes[0]) {
    CHECK_FALSE(r.has_delay);
    CHECK(r.when_full == WhenFull::kWait);
  }
  CHECK(s.units[1].name == "ward");
  CHECK(s.units[1].capacity.unlimited());
  CHECK(s.unit_index("ward") == 1);
  CHECK(s.unit_index("exit") == -1);
}

TEST_CASE("units, cohorts and streams keep the order of the file, not alphabetical order",
          "[loader]") {
  const LoadedScenario loaded = load(R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "10d",
  "cohorts": { "surgical": {}, "frailty": { "priority": -1 }, "copd": {} },
  "arrivals": {
    "zz_walk_in": { "to": "zulu", "rate": "1/h", "cohorts": { "surgical": 0.5, "frailty": 0.3, "copd": 0.2 } },
    "aa_gp": { "to": "alpha", "rate": "1/h", "cohorts": { "copd": 1 } }
  },
  "units": {
    "zulu": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "mike": 0.5, "alpha": 0.5 } },
    "mike": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } },
    "alpha": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } }
  }
})");
  const Scenario& s = loaded.variants.front().scenario;
  REQUIRE(s.units.size() == 3);
  CHECK(s.units[0].name == "zulu");
  CHECK(s.units[1].name == "mike");
  CHECK(s.units[2].name == "alpha");
  REQUIRE(s.cohorts.size() == 3);
  CHECK(s.cohorts[0].name == "surgical");
  CHECK(s.cohorts[1].name == "frailty");
  CHECK(s.cohorts[1].priority == -1);
  CHECK(s.cohorts[2].name == "copd");
  REQUIRE(s.arrivals.size() == 2);
  CHECK(s.arrivals[0].name == "zz_walk_in");
  CHECK(s.arrivals[0].cohort_share == std::vector<double>{0.5, 0.3, 0.2});
  CHECK(s.arrivals[1].name == "aa_gp");
  CHECK(s.arrivals[1].to == 2);
  CHECK(s.arrivals[1].cohort_share == std::vector<double>{0.0, 0.0, 1.0});
}

TEST_CASE("the two-stage example of DESIGN.md loads as written", "[loader]") {
  const LoadedScenario loaded = load(R"({
  "schema": "flowsim/1",
  "name": "Two-stage example",
  "start": "2026-10-05T00:00",
  "warmup": "28d",
  "horizon": "182d",
  "replications": 20,
  "seed": 42,
  "population": 760000,
  "cohorts": { "general": {}, "frailty": {} },
  "arrivals": {
    "walk_in": { "to": "assessment", "rate": "9.5/h", "cohorts": { "general": 0.8, "frailty": 0.2 } }
  },
  "units": {
    "assessment": {
      "capacity": 10,
      "service": { "exponential": { "mean": "1h" } },
      "queue": { "discipline": "fifo", "limit": "unlimited" },
      "next": { "ward": 0.3, "exit": 0.7 }
    },
    "ward": {
      "capacity": 40,
      "service": { "lognormal": { "mean": "5d", "sd": "4d" } },
      "next": { "exit": 1.0 }
    }
  }
})");
  const Scenario& s = loaded.variants.front().scenario;
  CHECK(s.name == "Two-stage example");
  CHECK(s.warmup == sim::Duration::days(28));
  CHECK(s.horizon == sim::Duration::days(182));
  CHECK(s.population == 760000);
  REQUIRE(s.cohorts.size() == 2);
  CHECK(s.cohorts[0].name == "general");
  CHECK(s.cohorts[1].name == "frailty");
  REQUIRE(s.arrivals.size() == 1);
  CHECK(s.arrivals[0].rate_per_hour == 9.5);
  CHECK(s.arrivals[0].cohort_share == std::vector<double>{0.8, 0.2});
  REQUIRE(s.units.size() == 2);
  CHECK(s.units[0].name == "assessment");
  CHECK(s.units[0].capacity.fixed == 10);
  CHECK(s.units[0].queue_limit == sim::kUnlimited);
  REQUIRE(s.units[0].routes.size() == 2);  // one list per cohort
  CHECK(route_p(s.units[0].routes[1], 1) == 0.3);
  CHECK(route_p(s.units[0].routes[1], kExit) == 0.7);
  CHECK(s.units[1].service[0].kind() == sim::Distribution::Kind::kLognormal);
  CHECK(s.units[1].service[0].mean() == Approx(120.0));
  CHECK(s.units[1].service[1].mean() == Approx(120.0));
}

// --- distributions ------------------------------------------------------------------------

TEST_CASE("every kind of distribution is read, with its durations in hours", "[loader]") {
  struct Case {
    const char* text;
    sim::Distribution::Kind kind;
    double mean_h;
  };
  using K = sim::Distribution::Kind;
  const Case cases[] = {
      {R"({ "exponential": { "mean": "30min" } })", K::kExponential, 0.5},
      {R"({ "lognormal": { "mean": "5d", "sd": "4d" } })", K::kLognormal, 120},
      {R"({ "gamma": { "mean": "2d", "sd": "1d" } })", K::kGamma, 48},
      {R"({ "weibull": { "shape": 1, "scale": "3h" } })", K::kWeibull, 3},
      {R"({ "uniform": { "min": "1h", "max": "2h" } })", K::kUniform, 1.5},
      {R"({ "triangular": { "min": "1h", "mode": "2h", "max": "6h" } })", K::kTriangular, 3},
      {R"({ "fixed": "2.5h" })", K::kFixed, 2.5},
      {R"({ "empirical": { "values": ["1h", "90min", "1w"] } })", K::kEmpirical,
       (1 + 1.5 + 168) / 3},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const LoadedScenario loaded = load(service(c.text));
    const sim::Distribution& d = loaded.variants.front().scenario.units[0].service[0];
    CHECK(d.kind() == c.kind);
    CHECK(d.mean() == Approx(c.mean_h));
  }
}

TEST_CASE("a distribution's missing, unknown or impossible parameters are named where they stand",
          "[loader]") {
  struct Case {
    const char* text;
    const char* problem;
  };
  const Case cases[] = {
      {R"({ "exponential": {} })",
       "test.json:5:18: /units/a/service/exponential: exponential needs \"mean\""},
      {R"({ "exponential": { "mean": "1h", "sd": "1h" } })",
       "test.json:5:34: /units/a/service/exponential/sd: unknown key \"sd\" in exponential; "
       "expected one of: mean"},
      {R"({ "exponential": "1h" })",
       "test.json:5:18: /units/a/service/exponential: exponential must be an object {...} (got a "
       "string \"1h\")"},
      {R"({ "lognormal": { "mean": "5d" } })",
       "test.json:5:16: /units/a/service/lognormal: lognormal needs \"sd\""},
      {R"({ "lognormal": { "mean": "0h", "sd": "4d" } })",
       "test.json:5:26: /units/a/service/lognormal/mean: the mean of a lognormal must be more than "
       "zero"},
      {R"({ "gamma": { "mean": "5d", "sd": "0d" } })",
       "test.json:5:34: /units/a/service/gamma/sd: the sd of a gamma must be more than zero; use "
       "\"fixed\" for a constant"},
      {R"({ "weibull": { "shape": 0, "scale": "2h" } })",
       "test.json:5:25: /units/a/service/weibull/shape: the weibull shape must be between 0.001 "
       "and "
       "1000 (got 0)"},
      {R"({ "weibull": { "shape": "2", "scale": "2h" } })",
       "test.json:5:25: /units/a/service/weibull/shape: the weibull shape must be a number (got a "
       "string \"2\")"},
      {R"({ "weibull": { "shape": 2, "scale": "0h" } })",
       "test.json:5:37: /units/a/service/weibull/scale: the weibull scale must be more than zero"},
      {R"({ "uniform": { "min": "2h", "max": "1h" } })",
       "test.json:5:14: /units/a/service/uniform: min must not be more than max"},
      {R"({ "triangular": { "min": "1h", "mode": "3h", "max": "2h" } })",
       "test.json:5:17: /units/a/service/triangular: needs min <= mode <= max"},
      {R"({ "fixed": "-2h" })",
       "test.json:5:12: /units/a/service/fixed: \"-2h\" is negative; a duration is >= 0"},
      {R"({ "empirical": { "values": [] } })",
       "test.json:5:28: /units/a/service/empirical/values: must be a non-empty list of durations, "
       "e.g. [\"2h\", \"3.5h\"]"},
      {R"({ "exponentail": { "mean": "1h" } })",
       "test.json:5:3: /units/a/service/exponentail: unknown distribution \"exponentail\"; did you "
       "mean \"exponential\"?"},
      {R"({ "poisson": { "mean": "1h" } })",
       "test.json:5:3: /units/a/service/poisson: unknown distribution \"poisson\"; kinds are "
       "exponential, lognormal, gamma, weibull, uniform, triangular, fixed, empirical"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(problems(service(c.text)) == Problems{c.problem});
  }
}

TEST_CASE("a distribution is an object with exactly one kind", "[loader]") {
  CHECK(problems(service(R"("2h")")) ==
        Problems{"test.json:5:1: /units/a/service: " + kDistributionHint});
  CHECK(problems(service(R"({ "fixed": "2h", "exponential": { "mean": "1h" } })")) ==
        Problems{"test.json:5:1: /units/a/service: " + kDistributionHint});
  CHECK(problems(service("{}")) ==
        Problems{"test.json:5:1: /units/a/service: " + kDistributionHint});
}

// --- durations and rates ------------------------------------------------------------------

TEST_CASE("a bare number is not a duration, and the message shows how to write one", "[loader]") {
  CHECK(problems(service(R"({ "exponential": { "mean": 1 } })")) ==
        Problems{"test.json:5:28: /units/a/service/exponential/mean: a bare number is not a "
                 "duration; write it with a unit, e.g. \"1h\" or \"1d\" (units s, min, h, d, w)"});
  CHECK(problems(service(R"({ "fixed": 2.5 })")) ==
        Problems{"test.json:5:12: /units/a/service/fixed: a bare number is not a duration; write "
                 "it with a unit, e.g. \"2.5h\" or \"2.5d\" (units s, min, h, d, w)"});
  CHECK(problems(service(R"({ "empirical": { "values": ["1h", "2h", 3] } })")) ==
        Problems{"test.json:5:41: /units/a/service/empirical/values/2: a bare number is not a "
                 "duration; write it with a unit, e.g. \"3h\" or \"3d\" (units s, min, h, d, w)"});
  CHECK(problems(top(R"(  "start": "2026-01-05", "horizon": 10, "warmup": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
)" + kOneUnit)) == Problems{"test.json:3:37: /horizon: a bare number is not a duration; write it "
                            "with a unit, e.g. \"10h\" or \"10d\" (units s, min, h, d, w)"});
}

TEST_CASE("a duration's text needs a number and a known unit", "[loader]") {
  CHECK(problems(service(R"({ "lognormal": { "mean": "5", "sd": "1x" } })")) ==
        Problems{
            "test.json:5:26: /units/a/service/lognormal/mean: \"5\" has no unit; " + kDurationHint,
            "test.json:5:37: /units/a/service/lognormal/sd: unknown time unit \"x\" in \"1x\"; " +
                kDurationHint});
  CHECK(problems(service(R"({ "fixed": "two hours" })")) ==
        Problems{"test.json:5:12: /units/a/service/fixed: unknown time unit \"hours\" in \"two "
                 "hours\"; " +
                 kDurationHint});
  CHECK(problems(service(R"({ "fixed": true })")) ==
        Problems{"test.json:5:12: /units/a/service/fixed: must be a duration such as \"4h\" or "
                 "\"2.5d\" (got true/false)"});
}

TEST_CASE("a rate needs a unit of time", "[loader]") {
  const std::string tail = "\n" + kOneUnit;
  CHECK(
      problems(top(R"(  "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": 2 } },)" +
                   tail)) ==
      Problems{"test.json:4:44: /arrivals/in/rate: a bare number is not a rate; write it per unit "
               "of time, e.g. \"2/h\" or \"2/d\""});
  CHECK(problems(top(R"(  "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2" } },)" +
                     tail)) ==
        Problems{"test.json:4:44: /arrivals/in/rate: \"2\" has no time unit; " + kRateHint});
  CHECK(problems(top(R"(  "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/x" } },)" +
                     tail)) ==
        Problems{"test.json:4:44: /arrivals/in/rate: unknown time unit \"x\" in rate \"2/x\"; " +
                 kRateHint});
  const LoadedScenario loaded = load(top(R"(  "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "600/d" } },)" +
                                         tail));
  CHECK(loaded.variants.front().scenario.arrivals[0].rate_per_hour == 25.0);
}

// --- capacity -----------------------------------------------------------------------------

TEST_CASE("capacity is a whole number, unlimited, or places per 100,000 population", "[loader]") {
  auto capacity_of = [](const std::string& capacity) {
    return load(unit_a(R"({ "capacity": )" + capacity +
                       R"(, "service": { "fixed": "1h" }, "next": { "exit": 1 } })"))
        .variants.front()
        .scenario.units[0]
        .capacity;
  };
  CHECK(capacity_of("12").fixed == 12);
  CHECK(capacity_of("12.0").fixed == 12);
  CHECK(capacity_of(R"("unlimited")").unlimited());
  // 45 per 100,000 of 200,000 people.
  CHECK(capacity_of(R"({ "per_100k": 45 })").fixed == 90);
  CHECK(capacity_of(R"({ "per_100k": 2.6 })").fixed == 5);  // 5.2 rounds to 5
}

TEST_CASE("a capacity that is not a number of places says what it may be", "[loader]") {
  auto unit_with = [](const std::string& capacity) {
    return unit_a(R"({ "capacity": )" + capacity +
                  R"(, "service": { "fixed": "1h" }, "next": { "exit": 1 } })");
  };
  CHECK(problems(unit_with("0")) ==
        Problems{"test.json:5:15: /units/a/capacity: " + kCapacityHint + " (got 0)"});
  CHECK(problems(unit_with("-2")) ==
        Problems{"test.json:5:15: /units/a/capacity: " + kCapacityHint + " (got -2)"});
  CHECK(problems(unit_with("2.5")) ==
        Problems{"test.json:5:15: /units/a/capacity: " + kCapacityHint + " (got 2.5)"});
  CHECK(problems(unit_with(R"("lots")")) ==
        Problems{"test.json:5:15: /units/a/capacity: " + kCapacityHint + " (got \"lots\")"});
  CHECK(problems(unit_with(R"({ "per_100k": -1 })")) ==
        Problems{"test.json:5:29: /units/a/capacity/per_100k: places per 100,000 population must "
                 "be between 0 and 100000 (got -1)"});
  CHECK(problems(unit_with(R"({ "per_100k": 45, "min": 2 })")) ==
        Problems{"test.json:5:33: /units/a/capacity/min: unknown key \"min\" in a capacity per "
                 "100,000; expected one of: per_100k"});
}

TEST_CASE("a capacity per 100,000 needs the population", "[loader]") {
  CHECK(problems(top(R"(  "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": { "a": { "capacity": { "per_100k": 45 }, "service": { "fixed": "1h" }, "next": { "exit": 1 } } })")) ==
        Problems{"test.json:5:47: /units/a/capacity/per_100k: a capacity per 100,000 needs "
                 "\"population\" at the top of the scenario"});
}

TEST_CASE("a capacity schedule sets a default and overrides it by weekday, time and date",
          "[loader]") {
  const LoadedScenario loaded = load(unit_a(R"({ "capacity": { "schedule": [
  { "capacity": 10 },
  { "capacity": 4, "days": ["sat", "sun"] },
  { "capacity": 6, "days": "weekdays", "from": "20:00", "to": "08:00" },
  { "capacity": 0, "from": "12:00" },
  { "capacity": 20, "from_date": "2026-12-20", "to_date": "2027-01-03" }
] }, "service": { "fixed": "1h" }, "next": { "exit": 1 } })"));
  const Capacity& c = loaded.variants.front().scenario.units[0].capacity;
  REQUIRE(c.schedule.size() == 5);
  CHECK_FALSE(c.unlimited());
  CHECK(c.schedule[1].weekdays == 0x60);
  CHECK(c.schedule[2].weekdays == 0x1f);
  CHECK(c.schedule[2].from_minute == 20 * 60);
  CHECK(c.schedule[2].to_minute == 8 * 60);
  CHECK(c.schedule[3].from_minute == 12 * 60);
  CHECK(c.schedule[3].to_minute == 24 * 60);
  CHECK(c.schedule[4].dated);
  const sim::CivilDate monday{2026, 11, 2}, saturday{2026, 11, 7}, christmas{2026, 12, 25};
  CHECK(c.at(monday, 0, 10 * 60) == 10);
  CHECK(c.at(monday, 0, 7 * 60) == 6);   // the night runs past midnight
  CHECK(c.at(monday, 0, 21 * 60) == 0);  // later lines win: "from 12:00" comes after the night
  CHECK(c.at(saturday, 5, 10 * 60) == 4);
  CHECK(c.at(christmas, 4, 10 * 60) == 20);
  CHECK(c.at(christmas, 4, 13 * 60) == 20);
}

TEST_CASE("each line of a capacity schedule is checked, and each problem is named", "[loader]") {
  // Regressions: a bad time was placed at its line rather than at "from" or "to"; and a line's
  // capacity was told it could be "unlimited", which a schedule line cannot be.
  CHECK(problems(unit_a(R"({ "capacity": { "schedule": [
  { "capacity": 10, "days": ["sat"] },
  { "capacity": 4 },
  { "capacity": 6, "days": ["fri", "sunday"] },
  { "capacity": 6, "from": "8:00", "to": "20:00" },
  { "capacity": 6, "from": "08:00", "to": "08:00" },
  { "capacity": 6, "from_date": "2026-12-20" },
  { "capacity": 6, "from_date": "2026-12-20", "to_date": "2026-12-01" },
  { "capacity": -1, "days": "weekdays", "when": 1 },
  { "capacity": "unlimited", "days": "weekends" },
  { "capacity": 6, "from_date": "2026-02-30", "to_date": "2026-03-01" }
] }, "service": { "fixed": "1h" }, "next": { "exit": 1 } })")) ==
        Problems{
            "test.json:6:3: /units/a/capacity/schedule/0: the first line of a schedule is the "
            "default: give it only \"capacity\"",
            "test.json:7:3: /units/a/capacity/schedule/1: only the first line may be "
            "unconditional; add \"days\", \"from\"/\"to\" or dates",
            "test.json:8:36: /units/a/capacity/schedule/2/days/1: a day is one of mon, tue, wed, "
            "thu, fri, sat, sun (got \"sunday\")",
            "test.json:9:28: /units/a/capacity/schedule/3/from: \"8:00\" is not a time of day; "
            "write it as HH:MM, e.g. \"08:30\"",
            "test.json:10:3: /units/a/capacity/schedule/4: \"from\" and \"to\" are the same time",
            "test.json:11:3: /units/a/capacity/schedule/5: a dated line needs both \"from_date\" "
            "and \"to_date\" (inclusive)",
            "test.json:12:58: /units/a/capacity/schedule/6/to_date: the dates end before they "
            "begin",
            "test.json:13:17: /units/a/capacity/schedule/7/capacity: must be a whole number of "
            "places (0 or more) or {\"per_100k\": 45} (got -1)",
            "test.json:13:41: /units/a/capacity/schedule/7/when: unknown key \"when\" in a "
            "capacity schedule line; expected one of: capacity, days, from, to, from_date, "
            "to_date",
            "test.json:14:17: /units/a/capacity/schedule/8/capacity: must be a whole number of "
            "places (0 or more) or {\"per_100k\": 45} (got \"unlimited\")",
            "test.json:15:33: /units/a/capacity/schedule/9/from_date: \"2026-02-30\" is not a date "
            "that exists",
        });
  CHECK(
      problems(unit_a(
          R"({ "capacity": { "schedule": [] }, "service": { "fixed": "1h" }, "next": { "exit": 1 } })")) ==
      Problems{"test.json:5:29: /units/a/capacity/schedule: must be a list of lines, the first "
               "with only \"capacity\" (the default), later ones with \"days\", \"from\"/\"to\" "
               "times or \"from_date\"/\"to_date\""});
}

// --- queues -------------------------------------------------------------------------------

TEST_CASE("a queue has a discipline and a limit", "[loader]") {
  const LoadedScenario loaded = load(unit_a(R"({ "capacity": 1,
  "queue": { "discipline": "priority", "limit": 0 },
  "service": { "fixed": "1h" }, "next": { "exit": 1 } })"));
  const Unit& u = loaded.variants.front().scenario.units[0];
  CHECK(u.discipline == sim::QueueDiscipline::kPriority);
  CHECK(u.queue_limit == 0);
  const LoadedScenario unlimited = load(unit_a(R"({ "capacity": 1,
  "queue": { "limit": "unlimited" },
  "service": { "fixed": "1h" }, "next": { "exit": 1 } })"));
  CHECK(unlimited.variants.front().scenario.units[0].queue_limit == sim::kUnlimited);
  CHECK(unlimited.variants.front().scenario.units[0].discipline == sim::QueueDiscipline::kFifo);
}

TEST_CASE("a queue's discipline and limit are checked", "[loader]") {
  CHECK(problems(unit_a(R"({ "capacity": 1,
  "queue": { "discipline": "lifo", "limit": -1 },
  "service": { "fixed": "1h" }, "next": { "exit": 1 } })")) ==
        Problems{"test.json:6:28: /units/a/queue/discipline: the discipline is \"fifo\" or "
                 "\"priority\" (got \"lifo\")",
                 "test.json:6:45: /units/a/queue/limit: the queue limit must be between 0 and "
                 "100000000 (got -1)"});
  // Regression: a word other than "unlimited" was told to be a whole number, as if
  // "unlimited" were not allowed.
  CHECK(problems(unit_a(R"({ "capacity": 1,
  "queue": { "limit": "none", "dicipline": "fifo" },
  "service": { "fixed": "1h" }, "next": { "exit": 1 } })")) ==
        Problems{"test.json:6:23: /units/a/queue/limit: the queue limit is a whole number or "
                 "\"unlimited\" (got \"none\")",
                 "test.json:6:31: /units/a/queue/dicipline: unknown key \"dicipline\" in a queue; "
                 "did you mean \"discipline\"?"});
  CHECK(
      problems(unit_a(R"({ "capacity": 1,
  "queue": { "limit": 2.5 },
  "service": { "fixed": "1h" }, "next": { "exit": 1 } })")) ==
      Problems{"test.json:6:23: /units/a/queue/limit: the queue limit must be a whole number (got "
               "a number 2.5)"});
  CHECK(problems(unit_a(R"({ "capacity": 1,
  "queue": "fifo",
  "service": { "fixed": "1h" }, "next": { "exit": 1 } })")) ==
        Problems{"test.json:6:12: /units/a/queue: a queue must be an object {...} (got a string "
                 "\"fifo\")"});
}

// --- routes -------------------------------------------------------------------------------

TEST_CASE("routes in map form go to units or exit with their probabilities", "[loader]") {
  const LoadedScenario loaded = load(ae_next(R"({ "ward": 0.3, "rehab": 0.2, "exit": 0.5 })"));
  const Scenario& s = loaded.variants.front().scenario;
  const Unit& ae = s.units[2];
  REQUIRE(ae.name == "ae");
  REQUIRE(ae.routes.size() == 2);
  for (const auto& routes : ae.routes) {
    REQUIRE(routes.size() == 3);
    double total = 0;
    for (const Route& r : routes) {
      total += r.p;
      CHECK(r.when_full == WhenFull::kWait);
      CHECK_FALSE(r.has_delay);
      if (r.to == 0) CHECK(r.p == 0.3);
      if (r.to == 1) CHECK(r.p == 0.2);
      if (r.to == kExit) CHECK(r.p == 0.5);
    }
    CHECK(total == Approx(1.0));
  }
}

TEST_CASE("routes in list form carry a delay and what to do when the next unit is full",
          "[loader]") {
  const LoadedScenario loaded = load(ae_next(R"([
  { "to": "ward", "p": 0.5, "delay": { "fixed": "2h" }, "when_full": "wait" },
  { "to": "rehab", "p": 0.25, "when_full": "lose" },
  { "to": "ward", "p": 0.15, "when_full": { "overflow": "rehab" } },
  { "to": "exit", "p": 0.1 }
])"));
  const std::vector<Route>& r = loaded.variants.front().scenario.units[2].routes[0];
  REQUIRE(r.size() == 4);
  CHECK(r[0].to == 0);
  CHECK(r[0].p == 0.5);
  CHECK(r[0].has_delay);
  CHECK(r[0].delay.mean() == 2.0);
  CHECK(r[0].when_full == WhenFull::kWait);
  CHECK(r[1].to == 1);
  CHECK(r[1].when_full == WhenFull::kLose);
  CHECK_FALSE(r[1].has_delay);
  CHECK(r[2].when_full == WhenFull::kOverflow);
  CHECK(r[2].overflow_to == 1);
  CHECK(r[3].to == kExit);
  CHECK(r[3].when_full == WhenFull::kWait);
}

TEST_CASE("route probabilities must add up to 1", "[loader]") {
  CHECK(problems(ae_next(R"({ "ward": 0.5, "rehab": 0.4 })")) ==
        Problems{"test.json:9:1: /units/ae/next: route probabilities must add up to 1 (they add "
                 "up to 0.9)"});
  CHECK(problems(ae_next(R"([ { "to": "ward", "p": 0.7 }, { "to": "exit", "p": 0.7 } ])")) ==
        Problems{"test.json:9:1: /units/ae/next: route probabilities must add up to 1 (they add "
                 "up to 1.4)"});
  // Within rounding is close enough: thirds do not add up to exactly 1 in binary.
  CHECK(
      problems(ae_next(R"({ "ward": 0.333333333, "rehab": 0.333333333, "exit": 0.333333334 })")) ==
      Problems{"(none: the scenario loaded)"});
}

TEST_CASE("a route to a unit that does not exist suggests the closest name", "[loader]") {
  // Regression: two swapped letters counted as two slips, so "wrad" suggested nothing.
  CHECK(problems(ae_next(R"({ "wrad": 0.5, "exit": 0.5 })")) ==
        Problems{"test.json:9:3: /units/ae/next/wrad: no unit is called \"wrad\"; did you mean "
                 "\"ward\"?"});
  CHECK(problems(ae_next(R"({ "Rehab": 0.5, "exti": 0.5 })")) ==
        Problems{"test.json:9:3: /units/ae/next/Rehab: no unit is called \"Rehab\"; did you mean "
                 "\"rehab\"?",
                 "test.json:9:17: /units/ae/next/exti: no unit is called \"exti\"; did you mean "
                 "\"exit\"?"});
  CHECK(
      problems(ae_next(R"({ "icu": 1 })")) ==
      Problems{"test.json:9:3: /units/ae/next/icu: no unit is called \"icu\"; routes go to a unit "
               "in \"units\" or to \"exit\""});
  CHECK(problems(ae_next(R"([ { "to": "wards", "p": 1 } ])")) ==
        Problems{"test.json:9:11: /units/ae/next/0/to: no unit is called \"wards\"; did you mean "
                 "\"ward\"?"});
}

TEST_CASE("each route's mistakes are reported where they stand", "[loader]") {
  struct Case {
    const char* next;
    Problems problems;
  };
  const Case cases[] = {
      {R"({ "ward": 1.5, "exit": -0.5 })",
       {"test.json:9:11: /units/ae/next/ward: a route probability must be between 0 and 1 (got "
        "1.5)",
        "test.json:9:24: /units/ae/next/exit: a route probability must be between 0 and 1 (got "
        "-0.5)"}},
      {R"({ "ward": "0.5", "exit": 0.5 })",
       {"test.json:9:11: /units/ae/next/ward: a route probability must be a number (got a string "
        "\"0.5\")"}},
      {R"({})",
       {"test.json:9:1: /units/ae/next: name at least one destination, e.g. {\"exit\": 1.0}"}},
      {R"([])",
       {"test.json:9:1: /units/ae/next: name at least one route, e.g. [{\"to\": \"exit\", \"p\": "
        "1.0}]"}},
      {R"("exit")",
       {"test.json:9:1: /units/ae/next: \"next\" is an object of destination to probability, e.g. "
        "{\"ward\": 0.3, \"exit\": 0.7}, or a list of routes (got a string)"}},
      {R"([ { "to": "ward", "p": 1, "when_full": "block" } ])",
       {"test.json:9:40: /units/ae/next/0/when_full: when_full is \"wait\", \"lose\", "
        "{\"overflow\": \"unit\"} or {\"instead\": \"unit\"} (got \"block\")"}},
      {R"([ { "to": "ward", "p": 1, "when_full": { "overflow": "exit" } } ])",
       {"test.json:9:54: /units/ae/next/0/when_full/overflow: overflow goes to another unit; use "
        "\"lose\" to send patients away"}},
      // Regression: this was reported once per cohort, at /units/ae/next.
      {R"([ { "to": "ward", "p": 1, "when_full": { "overflow": "ae" } } ])",
       {"test.json:9:54: /units/ae/next/0/when_full/overflow: a route cannot overflow into the "
        "unit it leaves"}},
      {R"([ { "to": "ward", "p": 1, "when_full": { "overflow": "rehab", "then": "lose" } } ])",
       {"test.json:9:63: /units/ae/next/0/when_full/then: unknown key \"then\" in when_full; "
        "expected one of: overflow, instead"}},
      {R"([ { "to": "ward", "p": 1, "when_full": { "overflow": "rehabb" } } ])",
       {"test.json:9:54: /units/ae/next/0/when_full/overflow: no unit is called \"rehabb\"; did "
        "you mean \"rehab\"?"}},
      {R"([ { "to": "ward", "prob": 1, "delay": "2h" } ])",
       {"test.json:9:3: /units/ae/next/0: a route needs \"p\"",
        "test.json:9:19: /units/ae/next/0/prob: unknown key \"prob\" in a route; expected one of: "
        "to, p, delay, when_full, pathway, assessment, stay",
        "test.json:9:39: /units/ae/next/0/delay: " + kDistributionHint}},
      {R"([ { "to": "ward", "p": 1, "delay": { "fixed": 2 } }, "exit" ])",
       {"test.json:9:47: /units/ae/next/0/delay/fixed: a bare number is not a duration; write it "
        "with a unit, e.g. \"2h\" or \"2d\" (units s, min, h, d, w)",
        "test.json:9:54: /units/ae/next/1: a route must be an object {...} (got a string "
        "\"exit\")"}},
  };
  for (const Case& c : cases) {
    INFO(c.next);
    CHECK(problems(ae_next(c.next)) == c.problems);
  }
}

// --- by cohort ----------------------------------------------------------------------------

TEST_CASE("service and next may differ by cohort, with * for every cohort not named", "[loader]") {
  const std::string text = R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "10d",
  "cohorts": { "general": {}, "frailty": {}, "copd": {} },
  "arrivals": { "in": { "to": "ae", "rate": "2/h",
                        "cohorts": { "general": 0.6, "frailty": 0.3, "copd": 0.1 } } },
  "units": {
    "ward": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } },
    "ae": { "capacity": 1,
      "service": { "by_cohort": { "frailty": { "fixed": "6h" }, "*": { "fixed": "2h" } } },
      "next": { "by_cohort": { "general": { "exit": 1 }, "frailty": { "ward": 1 },
                               "copd": { "ward": 0.5, "exit": 0.5 } } } }
  }
})";
  const LoadedScenario loaded = load(text);
  const Unit& ae = loaded.variants.front().scenario.units[1];
  REQUIRE(ae.service.size() == 3);
  CHECK(ae.service[0].mean() == 2.0);
  CHECK(ae.service[1].mean() == 6.0);
  CHECK(ae.service[2].mean() == 2.0);
  REQUIRE(ae.routes.size() == 3);
  REQUIRE(ae.routes[0].size() == 1);
  CHECK(ae.routes[0][0].to == kExit);
  REQUIRE(ae.routes[1].size() == 1);
  CHECK(ae.routes[1][0].to == 0);
  CHECK(ae.routes[2].size() == 2);
}

TEST_CASE("by_cohort names every cohort or has a *, and only cohorts that exist", "[loader]") {
  CHECK(
      problems(ae_next(R"({ "by_cohort": { "frailty": { "ward": 1 } } })")) ==
      Problems{"test.json:9:16: /units/ae/next/by_cohort: no value for cohort \"general\"; add it "
               "or a \"*\" for every other cohort"});
  CHECK(problems(ae_next(R"({ "by_cohort": { "frail": { "ward": 1 }, "*": { "rehab": 1 } } })")) ==
        Problems{"test.json:9:18: /units/ae/next/by_cohort/frail: no cohort is called \"frail\"; "
                 "did you mean \"frailty\"?"});
  CHECK(problems(ae_next(R"({ "by_cohort": { "copd": { "ward": 1 }, "*": { "rehab": 1 } } })")) ==
        Problems{"test.json:9:18: /units/ae/next/by_cohort/copd: no cohort is called \"copd\"; use "
                 "a cohort from \"cohorts\" or \"*\""});
  CHECK(problems(ae_next(R"({ "by_cohort": { "*": { "ward": 0.5 } } })")) ==
        Problems{"test.json:9:23: /units/ae/next/by_cohort/*: route probabilities must add up to 1 "
                 "(they add up to 0.5)"});
  CHECK(
      problems(ae_next(
          R"({ "by_cohort": { "general": { "exit": 1 }, "frailty": { "ward": 1 } }, "exit": 1 })")) ==
      Problems{"test.json:9:1: /units/ae/next: \"by_cohort\" stands alone in its object"});
  CHECK(problems(ae_next(R"({ "by_cohort": [] })")) ==
        Problems{"test.json:9:16: /units/ae/next/by_cohort: must be an object: cohort name (or "
                 "\"*\" for the rest) to value"});
  CHECK(
      problems(service(R"({ "by_cohort": { "all": { "fixed": "1h" }, "*": { "fixed": 1 } } })")) ==
      Problems{"test.json:5:60: /units/a/service/by_cohort/*/fixed: a bare number is not a "
               "duration; write it with a unit, e.g. \"1h\" or \"1d\" (units s, min, h, d, w)"});
}

// --- unknown keys -------------------------------------------------------------------------

TEST_CASE("an unknown key is an error, with a did-you-mean when one is close", "[loader]") {
  CHECK(problems(top(R"(  "start": "2026-01-05", "horizon": "1d", "arival": {}, "unit": {})")) ==
        Problems{"test.json:1:1: a scenario needs \"arrivals\"",
                 "test.json:1:1: a scenario needs \"units\"",
                 "test.json:3:43: /arival: unknown key \"arival\" in a scenario; did you mean "
                 "\"arrivals\"?",
                 "test.json:3:57: /unit: unknown key \"unit\" in a scenario; did you mean "
                 "\"units\"?"});
  CHECK(problems(top(R"(  "start": "2026-01-05", "horizon": "1d", "colour": "blue",
  "arrivals": { "in": { "to": "a", "rate": "2/h", "cohort": "all" } },
  "units": { "a": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 }, "quue": {} } })")) ==
        Problems{
            "test.json:3:43: /colour: unknown key \"colour\" in a scenario; expected one of: "
            "schema, name, description, notes, start, warmup, horizon, replications, seed, "
            "population, cohorts, arrivals, units, interventions, bank_holidays, electives, costs",
            "test.json:4:51: /arrivals/in/cohort: unknown key \"cohort\" in an arrival stream; "
            "did you mean \"cohorts\"?",
            "test.json:5:89: /units/a/quue: unknown key \"quue\" in a unit; did you mean "
            "\"queue\"?"});
}

// --- cohorts ------------------------------------------------------------------------------

TEST_CASE("cohort shares must name declared cohorts and add up to 1", "[loader]") {
  const std::string units = "\n" + kOneUnit;
  CHECK(
      problems(top(R"(  "start": "2026-01-05", "horizon": "1d",
  "cohorts": { "general": {}, "frailty": { "priorty": 1 } },
  "arrivals": { "in": { "to": "a", "rate": "2/h", "cohorts": { "general": 0.7, "frailty": 0.2 } } },)" +
                   units)) ==
      Problems{"test.json:4:44: /cohorts/frailty/priorty: unknown key \"priorty\" in a cohort; did "
               "you mean \"priority\"?",
               "test.json:5:62: /arrivals/in/cohorts: cohort shares must add up to 1 (they add up "
               "to 0.9)"});
  CHECK(
      problems(top(R"(  "start": "2026-01-05", "horizon": "1d",
  "cohorts": { "general": {}, "frailty": {} },
  "arrivals": { "in": { "to": "a", "rate": "2/h", "cohorts": { "general": 0.8, "frial": 0.2 } },
                "gp": { "to": "a", "rate": "2/h" } },)" +
                   units)) ==
      Problems{"test.json:5:80: /arrivals/in/cohorts/frial: no cohort is called \"frial\"; declare "
               "it in \"cohorts\"",
               "test.json:6:23: /arrivals/gp: with several cohorts, an arrival stream needs "
               "\"cohorts\": the share of each, adding to 1"});
  CHECK(problems(top(R"(  "start": "2026-01-05", "horizon": "1d", "cohorts": {},
  "arrivals": { "in": { "to": "a", "rate": "2/h", "cohorts": { "general": 1.5 } } },)" +
                     units)) ==
        Problems{"test.json:3:54: /cohorts: name at least one cohort, or leave \"cohorts\" out",
                 "test.json:4:64: /arrivals/in/cohorts/general: no cohort is called \"general\"; "
                 "declare it in \"cohorts\""});
}

// --- dates and times ----------------------------------------------------------------------

TEST_CASE("dates that do not exist are refused", "[loader]") {
  CHECK(problems(top(R"(  "start": "2026-02-30T00:00", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h", "profile": {
    "periods": [ { "from": "2026-12-01", "to": "2026-13-01", "factor": 2 } ] } } },
)" + kOneUnit)) ==
        Problems{"test.json:3:12: /start: \"2026-02-30\" is not a date that exists",
                 "test.json:5:48: /arrivals/in/profile/periods/0/to: \"2026-13-01\" is not a date "
                 "that exists"});
  // The start is a date, or a date and a time of day.
  CHECK(problems(top(R"(  "start": "5 Oct 2026", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
)" + kOneUnit)) == Problems{"test.json:3:12: /start: \"5 Oct 2026\" is not a date; write it as "
                            "YYYY-MM-DD, e.g. \"2026-10-05\""});
  CHECK(problems(top(R"(  "start": "2026-10-05 08:00", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
)" + kOneUnit)) ==
        Problems{"test.json:3:12: /start: \"2026-10-05 08:00\" is not a date and time; write it "
                 "as YYYY-MM-DDTHH:MM, e.g. \"2026-10-05T00:00\""});
}

TEST_CASE("the horizon must be longer than the warm-up", "[loader]") {
  const std::string rest = R"(
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
)" + kOneUnit;
  CHECK(
      problems(top(R"(  "start": "2026-01-05", "warmup": "10d", "horizon": "10d",)" + rest)) ==
      Problems{"test.json:3:54: /horizon: the horizon (10d) must be longer than the warm-up (10d): "
               "the run lasts the horizon and the warm-up is discarded from it"});
  CHECK(
      problems(top(R"(  "start": "2026-01-05", "warmup": "2w", "horizon": "36h",)" + rest)) ==
      Problems{"test.json:3:53: /horizon: the horizon (36h) must be longer than the warm-up (2w): "
               "the run lasts the horizon and the warm-up is discarded from it"});
  const LoadedScenario ok =
      load(top(R"(  "start": "2026-01-05", "warmup": "1d", "horizon": "25h",)" + rest));
  CHECK(ok.variants.front().scenario.warmup == sim::Duration::days(1));
}

TEST_CASE("top-level numbers are checked against their ranges", "[loader]") {
  CHECK(
      problems(top(
          R"(  "start": "2026-01-05", "horizon": "1d", "replications": 0, "seed": -1, "population": 0,
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
)" + kOneUnit)) ==
      Problems{"test.json:3:59: /replications: replications must be between 1 and 100000 (got 0)",
               "test.json:3:70: /seed: seed must be between 0 and 9223372036854775807 (got -1)",
               "test.json:3:88: /population: population must be between 1 and 1e+09 (got 0)"});
  const LoadedScenario loaded =
      load(top(R"(  "start": "2026-01-05", "horizon": "1d", "replications": 3, "seed": 7,
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
)" + kOneUnit));
  CHECK(loaded.variants.front().scenario.replications == 3);
  CHECK(loaded.variants.front().scenario.seed == 7);
}

TEST_CASE("a scenario of another schema version is refused", "[loader]") {
  CHECK(problems(R"({ "schema": "flowsim/2", "name": "t", "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
)" + kOneUnit + "\n}") ==
        Problems{"test.json:1:13: /schema: this version of flowsim reads \"flowsim/1\" (got "
                 "\"flowsim/2\")"});
}

// --- text that is not a scenario ----------------------------------------------------------

TEST_CASE("broken JSON is reported at the line and column of the syntax error", "[loader]") {
  // A missing comma: the next key is unexpected, and reported where it begins.
  CHECK(problems("{\n  \"name\": \"t\"\n  \"start\": \"2026-01-05\"\n}") ==
        Problems{"test.json:3:3: not valid JSON: a comma is missing before this entry"});
  CHECK(
      problems("{\n  \"name\": \"t\",\n}") ==
      Problems{"test.json:3:1: not valid JSON: a comma before '}': remove the comma after the last "
               "entry"});
  CHECK(problems("{ \"name\": \"t\", ") ==
        Problems{"test.json:1:16: not valid JSON: the file ends before every '{', '[' and '\"' is "
                 "closed; is it complete?"});
  CHECK(problems("") ==
        Problems{"test.json:1:1: not valid JSON: the file is empty; a scenario is a JSON object "
                 "{ ... }"});
}

TEST_CASE("a syntax error inside a value names the JSON pointer of the value", "[loader]") {
  CHECK(problems("{\n  \"name\": \"t\",\n  \"x\": tru\n}") ==
        Problems{"test.json:3:8: /x: not valid JSON: not a JSON value: write a number in digits, "
                 "text in double quotes, or true, false or null (in lower case)"});
  CHECK(problems("{ \"units\": { \"a\": { \"next\": [ 1, 2 ], } } }") ==
        Problems{"test.json:1:39: /units/a: not valid JSON: a comma before '}': remove the comma "
                 "after the last entry"});
  CHECK(problems("{ \"units\": [ {}, { \"capacity\": 04 } ] }") ==
        Problems{"test.json:1:33: /units/1: not valid JSON: a number does not start with 0 "
                 "(write 4, not 04)"});
  CHECK(problems("{ \"notes\": \"a\\qb\" }") ==
        Problems{"test.json:1:15: /notes: not valid JSON: '\\' in a string starts an escape such "
                 "as \\n or \\\"; write \\\\ for a backslash"});
}

TEST_CASE("a number too large for a double is a syntax error, not a crash", "[loader]") {
  // Found by the corpus: the library reports 1e400 as out of range, not as a parse error.
  CHECK(problems("{\n  \"population\": 1e400\n}") ==
        Problems{"test.json:2:17: /population: not valid JSON: a number too large for any "
                 "scenario"});
}

TEST_CASE("comments, single quotes and bare keys are explained, not just refused", "[loader]") {
  CHECK(problems("{\n  // the trust\n  \"name\": \"t\"\n}") ==
        Problems{"test.json:2:3: not valid JSON: JSON has no comments; put notes in \"notes\" or "
                 "\"description\""});
  CHECK(problems("{ 'name': 't' }") ==
        Problems{"test.json:1:3: not valid JSON: strings and keys are written in double quotes "
                 "\"...\", not single quotes"});
  CHECK(problems("{ name: \"t\" }") ==
        Problems{"test.json:1:3: not valid JSON: a key is written in double quotes, e.g. "
                 "\"horizon\": \"10d\""});
  CHECK(problems("{ \"name\": \"t\" } { }") ==
        Problems{"test.json:1:17: not valid JSON: more text after the end of the scenario; a file "
                 "holds one JSON object { ... }"});
  CHECK(problems("{ \"name\": \"t\n\" }") ==
        Problems{"test.json:1:13: /name: not valid JSON: a string runs on to the next line: close "
                 "it with '\"' (write a line break inside it as \\n)"});
}

TEST_CASE("a --set value that is not UTF-8 is refused, not a crash", "[loader]") {
  // Found by the fuzzer: a Latin-1 byte in a --set value reached the JSON library's dump(),
  // which threw an exception nobody caught (exit 1).
  CHECK(problems(R"({ "schema": "flowsim/1", "name": "t", "units": {} })",
                 {{"/units/ae", "caf\xe9"}}) ==
        Problems{"--set: /units/ae: not UTF-8 text (byte 0xE9); set your terminal to UTF-8, or "
                 "write the character as JSON, e.g. \"caf\\u00e9\""});
}

TEST_CASE("a --set or --sweep number too large for a double is refused, not a crash", "[loader]") {
  // Found by the fuzzer: the library reports 1e999 as out of range, which escaped (exit 1).
  const std::string scenario = R"({ "schema": "flowsim/1", "name": "t", "start": "2026-01-05",
    "horizon": "1d", "arrivals": { "in": { "to": "a", "rate": "2/h" } },
)" + kOneUnit + "\n}";
  CHECK(problems(scenario, {{"/units/a/capacity", "1e999"}}) ==
        Problems{"--set: /units/a/capacity: must be a whole number of places (at least 1), "
                 "\"unlimited\" or {\"per_100k\": 45} (got \"1e999\")"});
  LoadedScenario loaded = load_scenario_text("test.json", scenario);
  try {
    add_command_line_sweep(loaded, {"/units/a/capacity=2,1e999"});
    FAIL("the sweep was accepted");
  } catch (const InvalidInput& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].message.find("(got \"1e999\")") != std::string::npos);
  }
}

TEST_CASE("a key that appears twice in an object is an error, not a silent choice", "[loader]") {
  CHECK(problems(R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" }, "in": { "to": "a", "rate": "9/h" } },
)" + kOneUnit + "\n}") ==
        Problems{"test.json:3:53: /arrivals/in: this key appears twice in the same object; keep "
                 "one"});
}

TEST_CASE("nesting deeper than 64 levels is refused before it is parsed", "[loader]") {
  auto nested = [](int depth) {
    return "{ \"name\": " + std::string(size_t(depth - 1), '[') +
           std::string(size_t(depth - 1), ']') + " }";
  };
  CHECK(problems(nested(65)) ==
        Problems{
            "test.json:1:74: nesting deeper than 64 levels; a scenario file is never this deep"});
  CHECK(problems(nested(100000)).size() == 1);
  // 64 levels are parsed, and the scenario is then checked as usual.
  CHECK(problems(nested(64)).front() == "test.json:1:1: a scenario needs \"schema\"");
}

TEST_CASE("a binary file is refused as not text", "[loader]") {
  CHECK(
      problems(std::string("\0\1\xff\xfe binary", 12)) ==
      Problems{"test.json:1:1: not a text file (byte 0x00 here); a scenario is a JSON text file"});
  // The JSON library stops at a NUL: what follows must not be silently ignored.
  CHECK(
      problems(std::string("{ \"name\": \"t\" }\0junk", 20)) ==
      Problems{"test.json:1:16: not a text file (byte 0x00 here); a scenario is a JSON text file"});
  CHECK(problems("{\n  \"name\": \"caf\xe9\"\n}") ==
        Problems{"test.json:2:15: not UTF-8 text (byte 0xE9 here); save the scenario as UTF-8"});
  // Text in UTF-8 is fine, and a column counts characters, not bytes.
  CHECK(problems("{\n  \"name\": \"caf\xc3\xa9\", \"start\": 5\n}").back() ==
        "test.json:2:28: /start: must be a string (got a number 5)");
}

TEST_CASE("a byte order mark does not move the places of problems", "[loader]") {
  // Regression: with a BOM, every problem was reported at 1:1.
  CHECK(problems("\xef\xbb\xbf{\n  \"name\": 5\n}").back() ==
        "test.json:2:11: /name: must be a string (got a number 5)");
  CHECK(problems("\xef\xbb\xbf{ \"name\": 5 }").back() ==
        "test.json:1:11: /name: must be a string (got a number 5)");
}

TEST_CASE("a document that is not an object is not a scenario", "[loader]") {
  CHECK(problems("[1, 2]") ==
        Problems{"test.json:1:1: a scenario must be an object {...} (got a list [1,2])"});
  CHECK(problems("{}") == Problems{"test.json:1:1: a scenario needs \"schema\"",
                                   "test.json:1:1: a scenario needs \"name\"",
                                   "test.json:1:1: a scenario needs \"start\"",
                                   "test.json:1:1: a scenario needs \"horizon\"",
                                   "test.json:1:1: a scenario needs \"arrivals\"",
                                   "test.json:1:1: a scenario needs \"units\""});
}

// --- the pathway network ------------------------------------------------------------------

TEST_CASE("a unit that no arrival stream or route reaches is reported", "[loader]") {
  CHECK(problems(R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": {
    "a": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "b": 0, "exit": 1 } },
    "b": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } }
  }
})") == Problems{"test.json:6:10: /units/b: no patient can reach unit \"b\": no arrival stream or "
                 "route with a probability above 0 leads to it"});
}

TEST_CASE("units in a loop with no way out are reported, each of them", "[loader]") {
  CHECK(problems(R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": {
    "a": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "b": 0.5, "exit": 0.5 } },
    "b": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "c": 1 } },
    "c": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "b": 1, "exit": 0 } }
  }
})") == Problems{
            "test.json:6:10: /units/b: patients who enter unit \"b\" can never reach \"exit\": "
            "follow its routes and give one a way out",
            "test.json:7:10: /units/c: patients who enter unit \"c\" can never reach \"exit\": "
            "follow its routes and give one a way out"});
}

TEST_CASE("an overflow route is a way out of a loop", "[loader]") {
  CHECK(problems(R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": {
    "a": { "capacity": 1, "service": { "fixed": "1h" },
           "next": [ { "to": "a", "p": 1, "when_full": { "overflow": "b" } } ] },
    "b": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } }
  }
})") == Problems{"(none: the scenario loaded)"});
}

// --- interventions ------------------------------------------------------------------------

const std::string kWithInterventions = R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05", "horizon": "1d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": {
    "a": { "capacity": 2, "service": { "fixed": "1h" }, "next": { "exit": 1 } }
  },
  "interventions": {
)";

TEST_CASE("each intervention builds a variant named after it, in file order", "[loader]") {
  const LoadedScenario loaded = load(kWithInterventions + R"(
    "zeta_more_beds": { "description": "Two more beds",
                        "patch": { "units": { "a": { "capacity": 4 } } } },
    "alpha_faster": { "patch": { "units": { "a": { "service": { "fixed": "30min" } } } } }
  }
})");
  REQUIRE(loaded.variants.size() == 3);
  CHECK(loaded.variants[0].name == "baseline");
  CHECK(loaded.variants[1].name == "zeta_more_beds");
  CHECK(loaded.variants[1].description == "Two more beds");
  CHECK(loaded.variants[2].name == "alpha_faster");
  CHECK(loaded.variants[0].scenario.units[0].capacity.fixed == 2);
  CHECK(loaded.variants[1].scenario.units[0].capacity.fixed == 4);
  CHECK(loaded.variants[1].scenario.units[0].service[0].mean() == 1.0);
  CHECK(loaded.variants[2].scenario.units[0].capacity.fixed == 2);
  CHECK(loaded.variants[2].scenario.units[0].service[0].mean() == 0.5);
  // Each variant's document is the scenario after its patch, without the interventions.
  for (const Variant& v : loaded.variants) CHECK_FALSE(v.document.contains("interventions"));
  CHECK(loaded.variants[1].document["units"]["a"]["capacity"] == 4);
}

TEST_CASE("an intervention keeps the baseline's order of units and adds new ones after them",
          "[loader]") {
  // Regression: units a patch touched used to be ordered by their place in the patch.
  const LoadedScenario loaded = load(R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-10-05T00:00", "horizon": "2d",
  "arrivals": { "in": { "to": "second", "rate": "1/h" } },
  "units": {
    "second": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "first": 1 } },
    "first": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } }
  },
  "interventions": {
    "change": { "patch": { "units": {
      "extra": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } },
      "first": { "capacity": 2, "next": { "exit": null, "extra": 1 } },
      "second": { "capacity": 3 } } } }
  }
})");
  REQUIRE(loaded.variants.size() == 2);
  const auto& units = loaded.variants[1].scenario.units;
  REQUIRE(units.size() == 3);
  CHECK(units[0].name == "second");
  CHECK(units[1].name == "first");
  CHECK(units[2].name == "extra");
}

TEST_CASE("an error inside a patch is placed in the patch and names the intervention", "[loader]") {
  CHECK(problems(kWithInterventions + R"(
    "more_beds": {
      "description": "x",
      "patch": { "units": { "a": { "capacity": 0, "service": { "fixed": 3 } } } }
    },
    "bypass": { "patch": { "units": { "a": { "next": { "wrad": 1 } } } } },
    "remove": { "patch": { "units": { "a": { "capacity": null } } } },
    "nested": { "patch": { "interventions": { "x": { "patch": {} } } } }
  }
})") == Problems{"test.json:11:48: /units/a/capacity: in intervention \"more_beds\": " +
                     kCapacityHint + " (got 0)",
                 "test.json:11:73: /units/a/service/fixed: in intervention \"more_beds\": a bare "
                 "number is not a duration; write it with a unit, e.g. \"3h\" or \"3d\" (units s, "
                 "min, h, d, w)",
                 "test.json:13:56: /units/a/next/wrad: in intervention \"bypass\": no unit is "
                 "called \"wrad\"; routes go to a unit in \"units\" or to \"exit\"",
                 "test.json:14:44: /units/a: in intervention \"remove\": a unit needs \"capacity\"",
                 "test.json:15:45: /interventions: in intervention \"nested\": a patch cannot add "
                 "interventions"});
}

TEST_CASE("a problem a patch causes outside itself is placed where the baseline has it",
          "[loader]") {
  // The patch removes the population that the baseline's capacity per 100,000 needs.
  CHECK(problems(R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05", "horizon": "1d", "population": 1000,
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": {
    "a": { "capacity": { "per_100k": 500 }, "service": { "fixed": "1h" }, "next": { "exit": 1 } }
  },
  "interventions": {
    "no_population": { "patch": { "population": null } }
  }
})") == Problems{"test.json:5:38: /units/a/capacity/per_100k: in intervention \"no_population\": a "
                 "capacity per 100,000 needs \"population\" at the top of the scenario"});
  // A problem in a unit the patch touches is placed in the patch.
  CHECK(problems(kWithInterventions + R"(
    "trap": { "patch": { "units": { "a": { "next": { "exit": null, "a": 1 } } } } }
  }
})") == Problems{
            "test.json:9:42: /units/a: in intervention \"trap\": patients who enter unit \"a\" "
            "can never reach \"exit\": follow its routes and give one a way out"});
}

TEST_CASE("baseline is the scenario itself, not an intervention's name", "[loader]") {
  CHECK(problems(kWithInterventions + R"(
    "baseline": { "patch": {} },
    "bad name!": { "patch": 5 },
    "typo": { "pach": {} }
  }
})") == Problems{
            "test.json:9:5: /interventions/baseline: \"baseline\" is the scenario itself; name "
            "the intervention otherwise",
            "test.json:10:5: /interventions/bad name!: an intervention's name is letters, "
            "digits, '_' and '-'",
            "test.json:10:29: /interventions/bad name!/patch: a patch is an object (a JSON "
            "merge patch) with the keys to change",
            "test.json:11:13: /interventions/typo: an intervention needs \"patch\"",
            "test.json:11:15: /interventions/typo/pach: unknown key \"pach\" in an "
            "intervention; did you mean \"patch\"?"});
}

// --- --set --------------------------------------------------------------------------------

TEST_CASE("an override (--set) replaces a value by JSON pointer before the scenario is checked",
          "[loader]") {
  const LoadedScenario loaded =
      load(kMinimal, {{"/units/triage/capacity", "45"}, {"/replications", "3"}});
  const Scenario& s = loaded.variants.front().scenario;
  CHECK(s.units[0].capacity.fixed == 45);
  CHECK(s.replications == 3);
  CHECK(loaded.variants.front().document["units"]["triage"]["capacity"] == 45);
}

TEST_CASE(
    "an override (--set) takes a value that is not JSON as a string, so quotes are not needed",
    "[loader]") {
  const LoadedScenario loaded = load(kMinimal, {{"/name", "New name"},
                                                {"/units/ward/service/fixed", "3d"},
                                                {"/units/triage/queue", R"({"limit": 0})"},
                                                {"/warmup", "\"1d\""}});
  const Scenario& s = loaded.variants.front().scenario;
  CHECK(s.name == "New name");
  CHECK(s.units[1].service[0].mean() == 72.0);
  CHECK(s.units[0].queue_limit == 0);
  CHECK(s.warmup == sim::Duration::days(1));
}

TEST_CASE("an override (--set) reaches into an intervention's patch, which is then applied",
          "[loader]") {
  const LoadedScenario loaded = load(kWithInterventions + R"(
    "more_beds": { "patch": { "units": { "a": { "capacity": 4 } } } }
  }
})",
                                     {{"/interventions/more_beds/patch/units/a/capacity", "9"}});
  CHECK(loaded.variants[1].scenario.units[0].capacity.fixed == 9);
}

TEST_CASE("an override (--set) to a place that does not exist is an error", "[loader]") {
  CHECK(problems(kMinimal, {{"/units/icu/capacity", "4"}}) ==
        Problems{"--set: /units/icu/capacity: there is nothing at /units/icu in the scenario to "
                 "set a value in"});
  CHECK(problems(kMinimal, {{"/units/triage/capacity/beds", "4"}}) ==
        Problems{"--set: /units/triage/capacity/beds: /units/triage/capacity is a number, not an "
                 "object or a list, so it has no \"beds\" to set"});
  CHECK(problems(kMinimal, {{"/units/ward~/capacity", "4"}}) ==
        Problems{"--set: /units/ward~/capacity: not a JSON pointer: escape character '~' must be "
                 "followed with '0' or '1'"});
  CHECK(problems(kMinimal, {{"units/ward/capacity", "4"}}) ==
        Problems{"--set: units/ward/capacity: not a JSON pointer: JSON pointer must be empty or "
                 "begin with '/' - was: 'units/ward/capacity'"});
  CHECK(problems(kMinimal, {{"", "4"}}) ==
        Problems{"--set: the pointer must name a value, e.g. /units/ward/capacity"});
}

TEST_CASE("an override (--set) with a value the scenario does not allow is reported at --set",
          "[loader]") {
  CHECK(problems(kMinimal, {{"/units/triage/capacity", "-3"}}) ==
        Problems{"--set: /units/triage/capacity: " + kCapacityHint + " (got -3)"});
  CHECK(problems(kMinimal, {{"/arrivals/walk_in/rate", "3"}}) ==
        Problems{"--set: /arrivals/walk_in/rate: a bare number is not a rate; write it per unit of "
                 "time, e.g. \"3/h\" or \"3/d\""});
  // A new member set on an object is checked like any other.
  CHECK(problems(kMinimal, {{"/units/ward/queue", "{\"limt\": 0}"}}) ==
        Problems{"--set: /units/ward/queue/limt: unknown key \"limt\" in a queue; did you mean "
                 "\"limit\"?"});
}

// --- all problems at once -----------------------------------------------------------------

TEST_CASE("every problem is reported in one pass, in the order of the file", "[loader]") {
  // The loader reads arrivals before units and units in two passes; the report still follows
  // the file from top to bottom, so that it reads like the file.
  CHECK(problems(R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05", "horizon": 7,
  "units": {
    "ward": { "capacity": 0, "service": { "fixed": "1h" }, "next": { "exit": 0.5 } },
    "ae": { "capacity": 1, "servise": { "fixed": "1h" }, "next": { "wrad": 1 } }
  },
  "arrivals": { "in": { "to": "ae", "rate": "2/q" } }
})") == Problems{
            "test.json:2:73: /horizon: a bare number is not a duration; write it with a unit, "
            "e.g. \"7h\" or \"7d\" (units s, min, h, d, w)",
            "test.json:4:27: /units/ward/capacity: " + kCapacityHint + " (got 0)",
            "test.json:4:68: /units/ward/next: route probabilities must add up to 1 (they add "
            "up to 0.5)",
            "test.json:5:11: /units/ae: a unit needs \"service\"",
            "test.json:5:28: /units/ae/servise: unknown key \"servise\" in a unit; did you mean "
            "\"service\"?",
            "test.json:5:68: /units/ae/next/wrad: no unit is called \"wrad\"; did you mean "
            "\"ward\"?",
            "test.json:7:45: /arrivals/in/rate: unknown time unit \"q\" in rate \"2/q\"; " +
                kRateHint});
}

TEST_CASE(
    "an override (--set) problems come first, then the file's, and the exception names the first",
    "[loader]") {
  try {
    (void)load(unit_a(R"({ "capacity": 1, "service": { "fixed": 1 }, "next": { "exit": 1 } })"),
               {{"/replications", "0"}});
    FAIL("the scenario loaded");
  } catch (const InvalidInput& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(e.problems()[0].format() ==
          "--set: /replications: replications must be between 1 and 100000 (got 0)");
    CHECK(e.problems()[0].file == "--set");
    CHECK(e.problems()[0].where.line == 0);
    CHECK(e.problems()[1].format() ==
          "test.json:5:40: /units/a/service/fixed: a bare number is not a duration; write it with "
          "a unit, e.g. \"1h\" or \"1d\" (units s, min, h, d, w)");
    CHECK(e.problems()[1].file == "test.json");
    CHECK(e.problems()[1].where.line == 5);
    CHECK(e.problems()[1].where.column == 40);
    CHECK(e.problems()[1].pointer == "/units/a/service/fixed");
    CHECK(std::string(e.what()) == e.problems()[0].format());
  }
}

TEST_CASE("a scenario file that cannot be opened is reported by its name", "[loader]") {
  try {
    (void)load_scenario_file("/nonexistent/winter.json");
    FAIL("the scenario loaded");
  } catch (const InvalidInput& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].format() == "/nonexistent/winter.json: cannot open the scenario file");
  }
}

// --- did you mean -------------------------------------------------------------------------

TEST_CASE("did_you_mean forgives a slip or two, not a different word", "[loader]") {
  const std::vector<std::string> units = {"ward", "rehab", "ae", "exit"};
  CHECK(did_you_mean("wrad", units) == "ward");  // two letters swapped
  CHECK(did_you_mean("Ward", units) == "ward");  // case
  CHECK(did_you_mean("rehabb", units) == "rehab");
  CHECK(did_you_mean("ea", units) == "ae");
  CHECK(did_you_mean("icu", units) == "");
  CHECK(did_you_mean("a", {"b"}) == "");  // nothing of the word is right
  CHECK(did_you_mean("x", {}) == "");
  CHECK(did_you_mean("dicipline", {"discipline", "limit"}) == "discipline");
}

TEST_CASE("a JSON pointer token escapes ~ and /", "[loader]") {
  CHECK(pointer_token("a/b~c") == "a~1b~0c");
  CHECK(pointer_token("ward") == "ward");
}

}  // namespace
}  // namespace flowsim::models
