// Tests for analysis/estimate.h: the traffic equations on networks whose answers can be worked out
// by hand, the averages of profiles and schedules over the calendar, and the estimate against
// the simulation at low load, where it must be the simulation's expected value.
#include "analysis/estimate.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "model/flow_model.h"
#include "output/estimate_table.h"
#include "scenario/scenario.h"
#include "tests/models/test_support.h"

namespace flowsim::models {
namespace {

using Catch::Matchers::Contains;

Scenario load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return load_scenario_text("estimate_test.json", text, overrides).variants.front().scenario;
}

const UnitEstimate& unit(const NetworkEstimate& e, const std::string& name) {
  const auto it = std::find_if(e.units.begin(), e.units.end(),
                               [&](const UnitEstimate& u) { return u.name == name; });
  if (it == e.units.end()) FAIL("no unit " << name);
  return *it;
}

// Two units in a row; everyone goes through both.
const char* const kTandem = R"({
  "schema": "flowsim/1", "name": "tandem", "start": "2026-01-05T00:00", "horizon": "7d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": {
    "a": { "capacity": 10, "service": { "exponential": { "mean": "3h" } }, "next": { "b": 1 } },
    "b": { "capacity": 20, "service": { "fixed": "5h" }, "next": { "exit": 1 } }
  }
})";

}  // namespace

// --- the traffic equations ----------------------------------------------------------------------

TEST_CASE("in a tandem every unit sees the arrival rate, and its load is rate x stay",
          "[estimate]") {
  const NetworkEstimate e = estimate_network(load(kTandem));
  REQUIRE(e.units.size() == 2);
  CHECK(unit(e, "a").arrivals_per_day == Approx(48));
  CHECK(unit(e, "b").arrivals_per_day == Approx(48));
  CHECK(unit(e, "a").mean_stay_h == Approx(3));
  CHECK(unit(e, "a").offered_load == Approx(6));
  CHECK(unit(e, "b").offered_load == Approx(10));
  CHECK(unit(e, "a").load_ratio == Approx(0.6));
  CHECK(unit(e, "b").load_ratio == Approx(0.5));
  CHECK(e.patients_per_day == Approx(48));
  CHECK(e.mean_inside == Approx(16));
  CHECK(e.mean_time_in_system_h == Approx(8));  // Little: 16 inside / 2 an hour
  CHECK(e.notes.empty());
}

TEST_CASE("a unit that sends a share p back to itself sees a / (1 - p) arrivals (Jackson)",
          "[estimate]") {
  const NetworkEstimate e = estimate_network(load(R"({
    "schema": "flowsim/1", "name": "feedback", "start": "2026-01-05T00:00", "horizon": "7d",
    "arrivals": { "in": { "to": "clinic", "rate": "3/h" } },
    "units": { "clinic": { "capacity": "unlimited", "service": { "fixed": "1h" },
                           "next": { "clinic": 0.25, "exit": 0.75 } } }
  })"));
  CHECK(unit(e, "clinic").arrivals_per_day == Approx(3 * 24 / 0.75));
  CHECK(unit(e, "clinic").offered_load == Approx(4));
  // Everyone who comes in leaves once: the loop adds visits, not patients.
  CHECK(e.patients_per_day == Approx(72));
}

TEST_CASE("a loop through two units is solved as a system", "[estimate]") {
  // la = r + 0.4 lb and lb = 0.5 la, so la = r / 0.8 and lb = r / 1.6.
  const NetworkEstimate e = estimate_network(load(R"({
    "schema": "flowsim/1", "name": "loop", "start": "2026-01-05T00:00", "horizon": "7d",
    "arrivals": { "in": { "to": "a", "rate": "8/d" } },
    "units": {
      "a": { "capacity": 5, "service": { "fixed": "1d" }, "next": { "b": 0.5, "exit": 0.5 } },
      "b": { "capacity": 5, "service": { "fixed": "2d" }, "next": { "a": 0.4, "exit": 0.6 } }
    }
  })"));
  CHECK(unit(e, "a").arrivals_per_day == Approx(10));
  CHECK(unit(e, "b").arrivals_per_day == Approx(5));
  CHECK(unit(e, "a").offered_load == Approx(10));
  CHECK(unit(e, "b").offered_load == Approx(10));
  CHECK(unit(e, "a").flag == LoadFlag::kOver100);
}

TEST_CASE("cohorts with different routes and stays are solved apart, and stays weighted by flow",
          "[estimate]") {
  const NetworkEstimate e = estimate_network(load(R"({
    "schema": "flowsim/1", "name": "cohorts", "start": "2026-01-05T00:00", "horizon": "7d",
    "cohorts": { "general": {}, "frailty": {} },
    "arrivals": { "in": { "to": "ae", "rate": "4/h", "cohorts": { "general": 0.75, "frailty": 0.25 } } },
    "units": {
      "ae": { "capacity": 50,
              "service": { "by_cohort": { "general": { "fixed": "2h" }, "frailty": { "fixed": "6h" } } },
              "next": { "by_cohort": { "general": { "ward": 0.2, "exit": 0.8 },
                                       "frailty": { "ward": 0.6, "exit": 0.4 } } } },
      "ward": { "capacity": 50, "service": { "by_cohort": { "general": { "fixed": "1d" },
                                                             "frailty": { "fixed": "3d" } } },
                "next": { "exit": 1 } }
    }
  })"));
  const UnitEstimate& ae = unit(e, "ae");
  const UnitEstimate& ward = unit(e, "ward");
  CHECK(ae.arrivals_per_day_by_cohort[0] == Approx(72));
  CHECK(ae.arrivals_per_day_by_cohort[1] == Approx(24));
  CHECK(ae.mean_stay_h == Approx(0.75 * 2 + 0.25 * 6));
  // The ward: general 72 x 0.2 = 14.4 a day for 1 day, frailty 24 x 0.6 = 14.4 a day for 3 days.
  CHECK(ward.arrivals_per_day_by_cohort[0] == Approx(14.4));
  CHECK(ward.arrivals_per_day_by_cohort[1] == Approx(14.4));
  CHECK(ward.arrivals_per_day == Approx(28.8));
  CHECK(ward.mean_stay_h == Approx(48));
  CHECK(ward.offered_load == Approx(14.4 * 1 + 14.4 * 3));
}

TEST_CASE("a route's delay is time in place, added to the stay in proportion to its probability",
          "[estimate]") {
  const NetworkEstimate e = estimate_network(load(R"({
    "schema": "flowsim/1", "name": "delay", "start": "2026-01-05T00:00", "horizon": "7d",
    "arrivals": { "in": { "to": "ward", "rate": "1/h" } },
    "units": {
      "ward": { "capacity": 100, "service": { "fixed": "10h" },
                "next": [ { "to": "exit", "p": 0.5, "delay": { "exponential": { "mean": "4h" } } },
                          { "to": "rehab", "p": 0.5, "delay": { "fixed": "2h" } } ] },
      "rehab": { "capacity": 100, "service": { "fixed": "1d" }, "next": { "exit": 1 } }
    }
  })"));
  CHECK(unit(e, "ward").mean_stay_h == Approx(10 + 0.5 * 4 + 0.5 * 2));
  CHECK(unit(e, "ward").offered_load == Approx(13));
  CHECK(unit(e, "rehab").offered_load == Approx(12));
}

TEST_CASE("the equations can be solved from a list of edges, which new kinds of flow extend",
          "[estimate]") {
  // Two cohorts over three units: cohort 0 goes 0 -> 1 -> exit; cohort 1 goes 0 -> 2, and half
  // of it back from 2 to 0. An overflow edge does not count.
  std::vector<PathwayEdge> edges;
  auto edge = [&](int from, int to, int cohort, double p, EdgeKind kind = EdgeKind::kRoute) {
    PathwayEdge e;
    e.from = from;
    e.to = to;
    e.cohort = cohort;
    e.p = p;
    e.kind = kind;
    edges.push_back(e);
  };
  edge(0, 1, 0, 1);
  edge(1, kExit, 0, 1);
  edge(0, 2, 1, 1);
  edge(2, 0, 1, 0.5);
  edge(2, kExit, 1, 0.5);
  edge(1, 2, 0, 1, EdgeKind::kOverflow);
  const auto lambda = solve_traffic_equations(3, {{1, 0, 0}, {2, 0, 0}}, edges);
  CHECK(lambda[0] == std::vector<double>{1, 1, 0});
  CHECK(lambda[1][0] == Approx(4));
  CHECK(lambda[1][1] == 0);
  CHECK(lambda[1][2] == Approx(4));
  CHECK_THROWS_AS(solve_traffic_equations(2, {{1, 0, 0}}, edges), std::invalid_argument);
}

TEST_CASE("a unit a cohort reaches but cannot leave by a route has an unbounded estimate",
          "[estimate]") {
  // Valid: the overflow to b is a way out. But at low load nobody finds a full, so nobody leaves.
  const NetworkEstimate e = estimate_network(load(R"({
    "schema": "flowsim/1", "name": "trap", "start": "2026-01-05T00:00", "horizon": "7d",
    "arrivals": { "in": { "to": "a", "rate": "2/h" } },
    "units": {
      "a": { "capacity": 1, "service": { "fixed": "1h" },
             "next": [ { "to": "a", "p": 1, "when_full": { "overflow": "b" } } ] },
      "b": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } }
    }
  })"));
  CHECK(std::isinf(unit(e, "a").arrivals_per_day));
  CHECK(std::isinf(unit(e, "a").offered_load));
  CHECK(unit(e, "a").flag == LoadFlag::kOver100);
  CHECK(unit(e, "b").arrivals_per_day == 0);
  REQUIRE(e.notes.size() == 1);
  CHECK_THAT(e.notes[0], Contains("cohort all who reach a have no route out"));
}

// --- the calendar ----------------------------------------------------------------------------

TEST_CASE("a profile that doubles the rate half of each day averages to 1.5 times the base",
          "[estimate]") {
  const Scenario s = load(R"({
    "schema": "flowsim/1", "name": "profile", "start": "2026-01-05T00:00", "warmup": "1d",
    "horizon": "8d",
    "arrivals": { "in": { "to": "a", "rate": "1/h",
                          "profile": { "hour": [1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,2,1,1,1,1] } } },
    "units": { "a": { "capacity": "unlimited", "service": { "fixed": "2h" }, "next": { "exit": 1 } } }
  })");
  const NetworkEstimate e = estimate_network(s);
  CHECK(unit(e, "a").arrivals_per_day == Approx(36));
  CHECK(unit(e, "a").offered_load == Approx(3));
  CHECK(e.measured_from_h == 24);
  CHECK(e.measured_to_h == 192);
  // Over the busy half alone, the rate is doubled.
  CHECK(mean_rate_per_hour(s, s.arrivals[0], sim::Duration::hours(32), sim::Duration::hours(44)) ==
        Approx(2));
  // From 06:00 to 10:00: two quiet hours, two busy ones.
  CHECK(mean_rate_per_hour(s, s.arrivals[0], sim::Duration::hours(6), sim::Duration::hours(10)) ==
        Approx(1.5));
}

TEST_CASE("weekday and dated factors are averaged over the measured period only", "[estimate]") {
  // Measured: Monday 12 to Sunday 18 January 2026. Weekends count double; a dated period triples
  // Wednesday 14th to Thursday 15th, and a period in the warm-up does not count.
  const NetworkEstimate e = estimate_network(load(R"({
    "schema": "flowsim/1", "name": "dated", "start": "2026-01-05T00:00", "warmup": "7d",
    "horizon": "14d",
    "arrivals": { "in": { "to": "a", "rate": "10/d",
                          "profile": { "weekday": [1, 1, 1, 1, 1, 2, 2],
                                       "periods": [ { "from": "2026-01-14", "to": "2026-01-15", "factor": 3 },
                                                    { "from": "2026-01-05", "to": "2026-01-06", "factor": 9 } ] } } },
    "units": { "a": { "capacity": "unlimited", "service": { "fixed": "1h" }, "next": { "exit": 1 } } }
  })"));
  CHECK(unit(e, "a").arrivals_per_day == Approx(10.0 * (1 + 1 + 3 + 3 + 1 + 2 + 2) / 7));
}

TEST_CASE("a capacity schedule is averaged over the measured period, with its least and most",
          "[estimate]") {
  // 24 places, 28 on weekdays from 08:00 to 20:00, over one week from a Monday.
  const Scenario s = load(R"({
    "schema": "flowsim/1", "name": "schedule", "start": "2026-01-05T00:00", "horizon": "7d",
    "arrivals": { "in": { "to": "ward", "rate": "1/h" } },
    "units": { "ward": { "capacity": { "schedule": [ { "capacity": 24 },
                            { "capacity": 28, "days": "weekdays", "from": "08:00", "to": "20:00" } ] },
                         "service": { "fixed": "20h" }, "next": { "exit": 1 } } }
  })");
  const NetworkEstimate e = estimate_network(s);
  const UnitEstimate& ward = unit(e, "ward");
  const double mean = (5 * (12 * 28 + 12 * 24) + 2 * 24 * 24) / 168.0;
  CHECK(ward.capacity.mean == Approx(mean));
  CHECK(ward.capacity.min == 24);
  CHECK(ward.capacity.max == 28);
  CHECK(ward.load_ratio == Approx(20 / mean));
  CHECK(ward.flag == LoadFlag::kOk);
  // A Saturday alone; and the working day of a Tuesday from 10:00 to 14:00.
  const CapacityOverTime saturday =
      capacity_over(s, s.units[0].capacity, sim::Duration::days(5), sim::Duration::days(6));
  CHECK(saturday.mean == 24);
  CHECK(saturday.min == 24);
  const CapacityOverTime tuesday =
      capacity_over(s, s.units[0].capacity, sim::Duration::hours(34), sim::Duration::hours(38));
  CHECK(tuesday.mean == 28);
}

TEST_CASE("the estimate runs bank holidays as Sundays, as the simulation does", "[estimate]") {
  // One week from Monday 5 January 2026 with Wednesday a bank holiday: Sunday's factor (3) and
  // Sunday's capacity line apply on it.
  const NetworkEstimate e = estimate_network(load(R"({
    "schema": "flowsim/1", "name": "holiday", "start": "2026-01-05T00:00", "horizon": "7d",
    "bank_holidays": ["2026-01-07"],
    "arrivals": { "in": { "to": "ward", "rate": "10/d",
                          "profile": { "weekday": [1, 1, 1, 1, 1, 1, 3] } } },
    "units": { "ward": { "capacity": { "schedule": [ { "capacity": 20 },
                                                     { "capacity": 10, "days": ["sun"] } ] },
                         "service": { "fixed": "1h" }, "next": { "exit": 1 } } }
  })"));
  CHECK(unit(e, "ward").arrivals_per_day == Approx(10.0 * (5 + 3 + 3) / 7));
  CHECK(unit(e, "ward").capacity.mean == Approx((5 * 20 + 2 * 10) / 7.0));
}

TEST_CASE("a schedule that starts mid-morning is read on the scenario's calendar", "[estimate]") {
  // Start Monday 09:30: the first 10.5 hours are in the 28-place daytime, then 24 until Tuesday
  // 08:00 (12 hours), then 28 again until 09:30 (1.5 hours). Mean over one day: 25.
  const Scenario s = load(R"({
    "schema": "flowsim/1", "name": "schedule", "start": "2026-01-05T09:30", "horizon": "1d",
    "arrivals": { "in": { "to": "ward", "rate": "1/h" } },
    "units": { "ward": { "capacity": { "schedule": [ { "capacity": 24 },
                            { "capacity": 28, "from": "08:00", "to": "20:00" } ] },
                         "service": { "fixed": "1h" }, "next": { "exit": 1 } } }
  })");
  CHECK(unit(estimate_network(s), "ward").capacity.mean == Approx((12 * 28 + 12 * 24) / 24.0));
}

TEST_CASE("a unit is flagged when its load is over 85% and over 100% of its capacity",
          "[estimate]") {
  // Load 6 places at a (3h x 2/h).
  auto flag_with = [](const std::string& capacity) {
    return unit(estimate_network(load(kTandem, {{"/units/a/capacity", capacity}})), "a").flag;
  };
  CHECK(flag_with("8") == LoadFlag::kOk);              // 75%
  CHECK(flag_with("7") == LoadFlag::kOver85);          // 86%
  CHECK(flag_with("6") == LoadFlag::kOver85);          // exactly full is not over 100%
  CHECK(flag_with("5") == LoadFlag::kOver100);         // 120%
  CHECK(flag_with("\"unlimited\"") == LoadFlag::kOk);  // nothing to exceed
  CHECK(std::string(flag_text(LoadFlag::kOver85)) == "over 85%");
  CHECK(std::string(flag_text(LoadFlag::kOver100)) == "over 100%");
  CHECK(std::string(flag_text(LoadFlag::kOk)) == "ok");
}

TEST_CASE("the estimate table has a row per unit and variant, the system, and the low-load note",
          "[estimate]") {
  const Scenario base = load(kTandem);
  const Scenario fewer = load(kTandem, {{"/units/a/capacity", "5"}});
  const std::string table = format_estimate_table(
      "tandem", {{"baseline", estimate_network(base)}, {"fewer", estimate_network(fewer)}});
  CHECK_THAT(table, Contains("unit  variant   arrivals/d  mean stay h  offered load  capacity  "
                             "load %  flag\n"));
  CHECK_THAT(table, Contains("a     baseline        48.0          3.0           6.0        10    "
                             "60.0  ok\n"
                             "      fewer           48.0          3.0           6.0         5   "
                             "120.0  over 100%\n"));
  CHECK_THAT(table, Contains("baseline: 48.0 patients a day through the system, 16.0 inside on "
                             "average, 8.0 h each\n"));
  CHECK_THAT(table, Contains("\nNote: a low-load estimate; it ignores blocking, queue limits and "
                             "when_full (overflow, loss).\n"));
}

// --- the estimate against the simulation -------------------------------------------------------

TEST_CASE("at low load each unit's simulated occupancy agrees with the estimate's offered load",
          "[estimate][oracle]") {
  // Unlimited capacity, so nobody ever waits: the offered load is the expected mean occupancy.
  // Two cohorts with their own routes and stays, a loop back to A&E, route delays, and hour
  // and weekday profiles. The estimate is the steady state: the warm-up (three weeks) must outlast
  // the longest path through the network (about two weeks to leave rehab), or the measured
  // occupancy is still rising; and the measured period is whole weeks, so the weekly cycle
  // averages out.
  const Scenario s = load(R"({
    "schema": "flowsim/1", "name": "oracle", "start": "2026-01-05T00:00", "warmup": "21d",
    "horizon": "77d", "seed": 2026,
    "cohorts": { "general": {}, "frailty": {} },
    "arrivals": { "walk_in": { "to": "ae", "rate": "6/h", "cohorts": { "general": 0.8, "frailty": 0.2 },
                               "profile": { "hour": [0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,1.5,1.5,1.5,1.5,
                                                     1.5,1.5,1.5,1.5,1.5,1.5,1.5,1.5,0.5,0.5,0.5,0.5],
                                            "weekday": [1.3, 1, 1, 1, 1, 0.8, 0.9] } } },
    "units": {
      "ae": { "capacity": "unlimited", "service": { "lognormal": { "mean": "3h", "sd": "2h" } },
              "next": { "by_cohort": { "general": { "ward": 0.2, "exit": 0.8 },
                                       "frailty": { "ward": 0.5, "ae": 0.1, "exit": 0.4 } } } },
      "ward": { "capacity": "unlimited",
                "service": { "by_cohort": { "general": { "gamma": { "mean": "2d", "sd": "1d" } },
                                            "frailty": { "lognormal": { "mean": "4d", "sd": "3d" } } } },
                "next": { "by_cohort": {
                  "general": [ { "to": "exit", "p": 1, "delay": { "exponential": { "mean": "6h" } } } ],
                  "frailty": [ { "to": "exit", "p": 0.7, "delay": { "exponential": { "mean": "6h" } } },
                               { "to": "rehab", "p": 0.3, "delay": { "fixed": "1d" } } ] } } },
      "rehab": { "capacity": "unlimited", "service": { "uniform": { "min": "5d", "max": "9d" } },
                 "next": { "exit": 1 } }
    }
  })");
  const NetworkEstimate e = estimate_network(s);
  const std::vector<std::string> names = metric_names(s);
  auto index = [&](const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    REQUIRE(it != names.end());
    return size_t(it - names.begin());
  };
  constexpr int kReplications = 8;
  std::vector<std::vector<double>> runs;
  for (uint64_t r = 0; r < kReplications; ++r) runs.push_back(run_replication(s, r));

  // Passes when the estimate is within 4 standard errors of the mean over replications (about
  // the 99.8% point of Student's t with 7 degrees of freedom), plus 1% for what remains of the
  // empty start.
  auto agrees = [&](const std::string& metric, double expected) {
    const size_t m = index(metric);
    double sum = 0, sum_sq = 0;
    for (const auto& run : runs) sum += run[m];
    const double mean = sum / kReplications;
    for (const auto& run : runs) sum_sq += (run[m] - mean) * (run[m] - mean);
    const double standard_error = std::sqrt(sum_sq / (kReplications - 1) / kReplications);
    INFO(metric << ": simulated " << mean << " (standard error " << standard_error
                << "), estimated " << expected);
    CHECK(std::abs(mean - expected) <= 4 * standard_error + 0.01 * expected);
  };
  const double measured_days = (e.measured_to_h - e.measured_from_h) / 24;
  for (const auto& u : e.units) {
    CHECK(u.offered_load > 1);
    agrees("unit." + u.name + ".occupancy_mean", u.offered_load);
    agrees("unit." + u.name + ".arrivals", u.arrivals_per_day * measured_days);
  }
  agrees("system.in_system_mean", e.mean_inside);
  agrees("system.arrivals", e.patients_per_day * measured_days);
}

}  // namespace flowsim::models
