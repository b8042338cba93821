// Tests for models/flow_model.h: how patients move, named by the behaviour they pin down.
//
// Many scenarios here are deterministic: "gate" units open for one minute at a set time of day
// (a capacity schedule), so that the patient waiting at the gate starts then, and with fixed
// stays every later instant is known exactly. Arrival streams are fast (60/h), so a gate always
// has a patient waiting when it opens.
#include "model/flow_model.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "scenario/scenario.h"
#include "tests/models/test_support.h"

namespace flowsim::models {
namespace {

using testing::Metrics;
using testing::Problems;
using testing::problems;

Scenario load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return load_scenario_text("flow_model_test.json", text, overrides).variants.front().scenario;
}

Metrics run_one(const Scenario& s, uint64_t replication = 0) {
  return Metrics{metric_names(s), run_replication(s, replication)};
}

Metrics run_one(const std::string& text, const std::vector<Override>& overrides = {},
                uint64_t replication = 0) {
  return run_one(load(text, overrides), replication);
}

// A network with queues, blocking, route delays, losses at the door and on transfer, and an
// overflow: every mechanism that moves or drops a patient.
const char* const kBusyNetwork = R"({
  "schema": "flowsim/1", "name": "busy network", "start": "2026-10-05T00:00",
  "horizon": "60d", "seed": 7,
  "cohorts": { "general": {}, "frail": { "priority": -1 } },
  "arrivals": { "walk_in": { "to": "ae", "rate": "5/h", "cohorts": { "general": 0.7, "frail": 0.3 } } },
  "units": {
    "ae": { "capacity": 6, "queue": { "limit": 10, "discipline": "priority" },
            "service": { "exponential": { "mean": "1h" } }, "next": { "ward": 0.4, "exit": 0.6 } },
    "ward": { "capacity": 10, "queue": { "limit": 0 },
              "service": { "by_cohort": { "frail": { "lognormal": { "mean": "10h", "sd": "6h" } },
                                          "*": { "gamma": { "mean": "5h", "sd": "3h" } } } },
              "next": [ { "to": "rehab", "p": 0.3, "delay": { "uniform": { "min": "0.5h", "max": "2h" } },
                          "when_full": { "overflow": "community" } },
                        { "to": "care_home", "p": 0.1, "when_full": "lose" },
                        { "to": "exit", "p": 0.6, "delay": { "fixed": "1h" } } ] },
    "rehab": { "capacity": 2, "queue": { "limit": 0 }, "service": { "fixed": "12h" },
               "next": { "exit": 1.0 } },
    "community": { "capacity": 1, "queue": { "limit": 0 }, "service": { "fixed": "12h" },
                   "next": { "exit": 1.0 } },
    "care_home": { "capacity": 1, "queue": { "limit": 0 }, "service": { "fixed": "1d" },
                   "next": { "exit": 1.0 } }
  }
})";

}  // namespace

// --- accounting -------------------------------------------------------------------------------

TEST_CASE("every patient who arrived has left, been lost or is still inside at the end",
          "[model]") {
  const Scenario s = load(kBusyNetwork);
  for (uint64_t rep = 0; rep < 8; ++rep) {
    const Metrics m = run_one(s, rep);
    INFO("replication " << rep);
    CHECK(m["system.arrivals"] > 1000);
    CHECK(m["system.arrivals"] ==
          m["system.departures"] + m["system.lost"] + m["system.in_system_end"]);
    // Every kind of loss happens in this network: at A&E's door and on the way to a care home.
    CHECK(m["system.lost"] == m["unit.ae.lost"] + m["unit.care_home.lost"]);
    CHECK(m["unit.ae.lost"] > 0);
    CHECK(m["unit.care_home.lost"] > 0);
    CHECK(m["unit.ward.blocked_mean_h"] > 0);
  }
}

TEST_CASE("metric names depend only on the scenario's structure", "[model]") {
  const Scenario s = load(kBusyNetwork);
  const std::vector<std::string> names = metric_names(s);
  CHECK(names.size() == run_replication(s, 0).size());
  CHECK(std::count(names.begin(), names.end(), "unit.ae.utilisation") == 1);
  // Only a unit that an overflow route targets counts overflows.
  CHECK(std::count(names.begin(), names.end(), "unit.rehab.overflowed") == 1);
  CHECK(std::count(names.begin(), names.end(), "unit.ward.overflowed") == 0);
  const Scenario unlimited = load(R"({
    "schema": "flowsim/1", "name": "unlimited", "start": "2026-10-05T00:00", "horizon": "1d",
    "arrivals": { "in": { "to": "u", "rate": "1/h" } },
    "units": { "u": { "capacity": "unlimited", "service": { "fixed": "1h" }, "next": { "exit": 1 } } }
  })");
  const std::vector<std::string> u = metric_names(unlimited);
  CHECK(std::count(u.begin(), u.end(), "unit.u.utilisation") == 0);
  CHECK(std::count(u.begin(), u.end(), "unit.u.occupancy_mean") == 1);
  CHECK(u.back() == "system.time_in_system_mean_h");
}

// --- reproducibility --------------------------------------------------------------------------

TEST_CASE("the same scenario, seed and replication give identical results", "[model]") {
  const Scenario s = load(kBusyNetwork);
  CHECK(run_replication(s, 3) == run_replication(s, 3));
}

TEST_CASE("another replication or another seed gives different results", "[model]") {
  Scenario s = load(kBusyNetwork);
  const std::vector<double> first = run_replication(s, 0);
  CHECK(run_replication(s, 1) != first);
  s.seed = 8;
  CHECK(run_replication(s, 0) != first);
}

TEST_CASE("an experiment's results do not depend on the thread count", "[model]") {
  const LoadedScenario loaded = load_scenario_text("busy.json", kBusyNetwork);
  RunOptions options;
  options.replications = 6;
  options.threads = 1;
  const ExperimentResult one = run_experiment(loaded, options);
  options.threads = 2;
  const ExperimentResult two = run_experiment(loaded, options);
  options.threads = 5;
  const ExperimentResult five = run_experiment(loaded, options);
  REQUIRE(one.variants.size() == 1);
  CHECK(one.variants[0].values.size() == 6);
  CHECK(one.variants[0].values == two.variants[0].values);
  CHECK(one.variants[0].values == five.variants[0].values);
  // Replication r of the experiment is run_replication(scenario, r).
  CHECK(one.variants[0].values[4] == run_replication(loaded.variants[0].scenario, 4));
}

// --- same-instant rules -----------------------------------------------------------------------

// P1 opens gate_first at 01:00, moves to the ward at 02:00 and frees its bed at 05:00. P2 leaves
// gate_waiting at 03:00 and waits in the ward's queue (limit 1). P3 leaves gate_arriving at
// exactly 05:00; its route loses it if the ward is full. P3's service end was scheduled at
// 01:00, before P1's (02:00), so it is the first event at 05:00.
const char* const kSameInstant = R"({
  "schema": "flowsim/1", "name": "same instant", "start": "2026-10-05T00:00", "horizon": "6h",
  "arrivals": { "first": { "to": "gate_first", "rate": "60/h" },
                "waiting": { "to": "gate_waiting", "rate": "60/h" },
                "arriving": { "to": "gate_arriving", "rate": "60/h" } },
  "units": {
    "gate_first": { "capacity": { "schedule": [ { "capacity": 0 },
                                                { "from": "01:00", "to": "01:01", "capacity": 1 } ] },
                    "queue": { "limit": 1 }, "service": { "fixed": "1h" }, "next": { "ward": 1 } },
    "gate_waiting": { "capacity": { "schedule": [ { "capacity": 0 },
                                                  { "from": "01:00", "to": "01:01", "capacity": 1 } ] },
                      "queue": { "limit": 1 }, "service": { "fixed": "2h" }, "next": { "ward": 1 } },
    "gate_arriving": { "capacity": { "schedule": [ { "capacity": 0 },
                                                   { "from": "01:00", "to": "01:01", "capacity": 1 } ] },
                       "queue": { "limit": 1 }, "service": { "fixed": "4h" },
                       "next": [ { "to": "ward", "p": 1, "when_full": "lose" } ] },
    "ward": { "capacity": 1, "queue": { "limit": 1 }, "service": { "fixed": "3h" },
              "next": { "exit": 1 } }
  }
})";

TEST_CASE(
    "a bed freed at an instant goes to the patient already waiting, before a patient "
    "arriving at that instant",
    "[model][same-instant]") {
  // Whatever order the two events at 05:00 were scheduled in, P1 leaves first: P2 takes the bed
  // and P3 finds room in the queue, so nobody is lost.
  auto check = [](const Metrics& m) {
    CHECK(m["unit.ward.lost"] == 0);
    CHECK(m["unit.ward.entered"] == 2);        // P1 at 02:00, P2 at 05:00
    CHECK(m["unit.ward.wait_mean_h"] == 1.0);  // P1 0h, P2 03:00 to 05:00
    CHECK(m["unit.ward.queue_mean"] == 0.5);   // P2 03:00-05:00, P3 05:00-06:00: 3h in 6h
    CHECK(m["unit.gate_arriving.blocked_mean_h"] == 0);
    CHECK(m["unit.ward.arrivals"] == 3);
  };
  SECTION("the arriving patient's event was scheduled first") {
    check(run_one(kSameInstant));
  }
  SECTION("the arriving patient's event was scheduled second") {
    check(run_one(kSameInstant, {{"/units/gate_arriving/capacity/schedule/1/from", "02:30"},
                                 {"/units/gate_arriving/capacity/schedule/1/to", "02:31"},
                                 {"/units/gate_arriving/service/fixed", "2.5h"}}));
  }
  SECTION("the arriving patient waits in place when the unit is full") {
    check(run_one(kSameInstant, {{"/units/gate_arriving/next/0/when_full", "wait"}}));
  }
  SECTION("the arriving patient overflows when the unit is full") {
    const Metrics m = run_one(
        kSameInstant,
        {{"/units/gate_arriving/next/0/when_full", R"({"overflow": "corridor"})"},
         {"/units/corridor",
          R"({"capacity": "unlimited", "service": {"fixed": "1h"}, "next": {"exit": 1}})"}});
    check(m);
    CHECK(m["unit.ward.overflowed"] == 0);
    CHECK(m["unit.corridor.arrivals"] == 0);
  }
}

TEST_CASE("a place that opens at an instant is there for a patient arriving at that instant",
          "[model][same-instant]") {
  // The clinic opens at 05:00; the patient leaving the gate at 05:00 would be lost if it were
  // still closed.
  const Metrics m = run_one(R"({
    "schema": "flowsim/1", "name": "opening", "start": "2026-10-05T00:00", "horizon": "6h",
    "arrivals": { "in": { "to": "gate", "rate": "60/h" } },
    "units": {
      "gate": { "capacity": { "schedule": [ { "capacity": 0 },
                                            { "from": "01:00", "to": "01:01", "capacity": 1 } ] },
                "queue": { "limit": 1 }, "service": { "fixed": "4h" },
                "next": [ { "to": "clinic", "p": 1, "when_full": "lose" } ] },
      "clinic": { "capacity": { "schedule": [ { "capacity": 0 },
                                              { "from": "05:00", "to": "24:00", "capacity": 1 } ] },
                  "queue": { "limit": 0 }, "service": { "fixed": "3h" }, "next": { "exit": 1 } }
    }
  })");
  CHECK(m["unit.clinic.arrivals"] == 1);
  CHECK(m["unit.clinic.entered"] == 1);
  CHECK(m["unit.clinic.lost"] == 0);
  CHECK(m["unit.clinic.occupancy_mean"] == Approx(1.0 / 6));  // 05:00 to 06:00
  CHECK(m["unit.clinic.utilisation"] == Approx(1.0));         // it was open only while occupied
}

// --- queues -----------------------------------------------------------------------------------

TEST_CASE("a queue limit of 0 makes a loss system", "[model]") {
  const Metrics m = run_one(R"({
    "schema": "flowsim/1", "name": "loss", "start": "2026-10-05T00:00",
    "warmup": "1d", "horizon": "30d",
    "arrivals": { "in": { "to": "u", "rate": "3/h" } },
    "units": { "u": { "capacity": 2, "queue": { "limit": 0 },
                      "service": { "exponential": { "mean": "1h" } }, "next": { "exit": 1 } } }
  })");
  CHECK(m["unit.u.lost"] > 100);
  CHECK(m["unit.u.arrivals"] == m["unit.u.entered"] + m["unit.u.lost"]);
  CHECK(m["unit.u.p_lost"] == Approx(m["unit.u.lost"] / m["unit.u.arrivals"]));
  CHECK(m["unit.u.wait_mean_h"] == 0);
  CHECK(m["unit.u.wait_p95_h"] == 0);
  CHECK(m["unit.u.queue_mean"] == 0);
  CHECK(m["system.lost"] == m["unit.u.lost"]);
}

// P1 holds the ward's only bed from 02:00 to 05:00; a routine patient joins its queue at 03:00
// and an urgent one at 04:00. Their ward stays are 30min; afterwards each goes to a unit of its
// own, so who went first is plain at 05:45.
const char* const kPriority = R"({
  "schema": "flowsim/1", "name": "priority", "start": "2026-10-05T00:00", "horizon": "5.75h",
  "cohorts": { "first": { "priority": 3 }, "routine": { "priority": 5 }, "urgent": { "priority": 1 } },
  "arrivals": { "first": { "to": "gate_first", "rate": "60/h", "cohorts": { "first": 1 } },
                "routine": { "to": "gate_routine", "rate": "60/h", "cohorts": { "routine": 1 } },
                "urgent": { "to": "gate_urgent", "rate": "60/h", "cohorts": { "urgent": 1 } } },
  "units": {
    "gate_first": { "capacity": { "schedule": [ { "capacity": 0 },
                                                { "from": "01:00", "to": "01:01", "capacity": 1 } ] },
                    "queue": { "limit": 1 }, "service": { "fixed": "1h" }, "next": { "ward": 1 } },
    "gate_routine": { "capacity": { "schedule": [ { "capacity": 0 },
                                                  { "from": "01:00", "to": "01:01", "capacity": 1 } ] },
                      "queue": { "limit": 1 }, "service": { "fixed": "2h" }, "next": { "ward": 1 } },
    "gate_urgent": { "capacity": { "schedule": [ { "capacity": 0 },
                                                 { "from": "01:00", "to": "01:01", "capacity": 1 } ] },
                     "queue": { "limit": 1 }, "service": { "fixed": "3h" }, "next": { "ward": 1 } },
    "ward": { "capacity": 1, "queue": { "discipline": "priority" },
              "service": { "by_cohort": { "first": { "fixed": "3h" }, "*": { "fixed": "30min" } } },
              "next": { "by_cohort": { "first": { "exit": 1 }, "routine": { "after_routine": 1 },
                                       "urgent": { "after_urgent": 1 } } } },
    "after_routine": { "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 } },
    "after_urgent": { "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 } }
  }
})";

TEST_CASE("a priority queue serves the lowest priority number first", "[model]") {
  const Metrics m = run_one(kPriority);
  CHECK(m["unit.after_urgent.entered"] == 1);                        // ward 05:00-05:30
  CHECK(m["unit.after_routine.entered"] == 0);                       // ward 05:30-06:00
  CHECK(m["unit.ward.wait_mean_h"] == Approx((0 + 1 + 2.5) / 3.0));  // P1, urgent, routine
}

TEST_CASE("a fifo queue serves in order of arrival whatever the priority", "[model]") {
  const Metrics m = run_one(kPriority, {{"/units/ward/queue/discipline", "fifo"}});
  CHECK(m["unit.after_routine.entered"] == 1);
  CHECK(m["unit.after_urgent.entered"] == 0);
  CHECK(m["unit.ward.wait_mean_h"] == Approx((0 + 2 + 1.5) / 3.0));  // P1, routine, urgent
}

// --- capacity over time -----------------------------------------------------------------------

TEST_CASE("a unit closed at weekends admits nobody on Saturday or Sunday", "[model]") {
  const char* const text = R"({
    "schema": "flowsim/1", "name": "weekend", "start": "2026-10-10T00:00",
    "warmup": "1h", "horizon": "48h",
    "arrivals": { "in": { "to": "clinic", "rate": "4/h" } },
    "units": { "clinic": { "capacity": { "schedule": [ { "capacity": 5 },
                                                       { "days": "weekends", "capacity": 0 } ] },
                           "queue": { "limit": 0 }, "service": { "fixed": "20min" },
                           "next": { "exit": 1 } } }
  })";
  const Metrics weekend = run_one(text);  // Saturday 01:00 to Monday 00:00
  CHECK(weekend["unit.clinic.arrivals"] > 100);
  CHECK(weekend["unit.clinic.entered"] == 0);
  CHECK(weekend["unit.clinic.p_lost"] == 1.0);
  CHECK(weekend["unit.clinic.occupancy_mean"] == 0);
  const Metrics monday = run_one(text, {{"/warmup", "48h"}, {"/horizon", "58h"}});
  CHECK(monday["unit.clinic.entered"] > 0);
  CHECK(monday["unit.clinic.lost"] < monday["unit.clinic.arrivals"]);
}

TEST_CASE("capacity changes at the times and dates the schedule names", "[model]") {
  // A saturated unit (300 arrivals an hour for at most 9 places of 6min each, a full queue of
  // 30): every place that opens is taken at once, and a place that closes empties within 6min.
  // So over a one-minute window away from a closing, the occupancy is the capacity exactly.
  const char* const text = R"({
    "schema": "flowsim/1", "name": "schedule", "start": "2026-10-05T00:00",
    "warmup": "1h", "horizon": "2h",
    "arrivals": { "in": { "to": "clinic", "rate": "300/h" } },
    "units": { "clinic": { "capacity": { "schedule": [
                             { "capacity": 2 },
                             { "days": "weekdays", "from": "08:00", "to": "20:00", "capacity": 6 },
                             { "days": ["sat"], "capacity": 0 },
                             { "days": ["sun"], "from": "22:00", "to": "24:00", "capacity": 4 },
                             { "from_date": "2026-10-12", "to_date": "2026-10-12", "capacity": 9 } ] },
                           "queue": { "limit": 30 }, "service": { "fixed": "6min" },
                           "next": { "exit": 1 } } }
  })";
  struct Window {
    int day, hour, minute;  // from the start, Monday 2026-10-05 00:00
    double capacity;
  };
  const Window windows[] = {
      {0, 7, 59, 2},  {0, 8, 0, 6},   {0, 19, 59, 6}, {0, 20, 6, 2},   // Monday
      {4, 23, 59, 2},                                                  // Friday
      {5, 0, 6, 0},   {5, 12, 0, 0},  {5, 23, 59, 0},                  // Saturday
      {6, 0, 0, 2},   {6, 21, 59, 2}, {6, 22, 0, 4},  {6, 23, 59, 4},  // Sunday
      {7, 0, 0, 9},   {7, 8, 0, 9},   {7, 20, 6, 9},  {7, 23, 59, 9},  // Monday 2026-10-12
      {8, 0, 6, 2},   {8, 8, 0, 6},                                    // Tuesday
  };
  for (const Window& w : windows) {
    const int from = (w.day * 24 + w.hour) * 60 + w.minute;
    INFO("the minute from day " << w.day << " " << w.hour << ":" << w.minute);
    const Metrics m = run_one(text, {{"/warmup", std::to_string(from) + "min"},
                                     {"/horizon", std::to_string(from + 1) + "min"}});
    CHECK(m["unit.clinic.occupancy_mean"] == w.capacity);
    if (w.capacity > 0) CHECK(m["unit.clinic.utilisation"] == 1.0);
  }
}

// --- routes -----------------------------------------------------------------------------------

// Patients spend 1h in an unlimited assessment unit, then go to a single bed for 10h.
const char* const kTransfer = R"({
  "schema": "flowsim/1", "name": "transfer", "start": "2026-10-05T00:00", "horizon": "30d",
  "arrivals": { "in": { "to": "assess", "rate": "1/h" } },
  "units": {
    "assess": { "capacity": "unlimited", "service": { "fixed": "1h" },
                "next": [ { "to": "bed", "p": 1, "when_full": "lose" } ] },
    "bed": { "capacity": 1, "queue": { "limit": 0 }, "service": { "fixed": "10h" },
             "next": { "exit": 1 } }
  }
})";

// The same, where a full bed sends patients to a spare unit instead.
const std::vector<Override> kOverflowToSpare = {
    {"/units/assess/next/0/when_full", R"({"overflow": "spare"})"},
    {"/units/spare",
     R"({"capacity": "unlimited", "service": {"fixed": "10h"}, "next": {"exit": 1}})"}};

TEST_CASE("a transfer that finds its unit full is lost when the route says lose", "[model]") {
  const Metrics m = run_one(kTransfer);
  CHECK(m["unit.bed.lost"] > 100);
  CHECK(m["unit.bed.arrivals"] == m["unit.bed.entered"] + m["unit.bed.lost"]);
  CHECK(m["system.lost"] == m["unit.bed.lost"]);
  CHECK(m["unit.assess.blocked_mean_h"] == 0);
  CHECK(m["unit.assess.lost"] == 0);
}

TEST_CASE("a transfer that finds its unit full overflows where the route says", "[model]") {
  const Metrics m = run_one(kTransfer, kOverflowToSpare);
  CHECK(m["unit.bed.overflowed"] > 100);
  CHECK(m["unit.spare.arrivals"] == m["unit.bed.overflowed"]);
  CHECK(m["unit.spare.entered"] == m["unit.bed.overflowed"]);
  CHECK(m["unit.bed.arrivals"] == m["unit.bed.entered"] + m["unit.bed.overflowed"]);
  CHECK(m["unit.bed.lost"] == 0);
  CHECK(m["system.lost"] == 0);
  CHECK(m["unit.assess.blocked_mean_h"] == 0);
}

TEST_CASE("a transfer whose overflow unit is full too waits in place for its own destination",
          "[model]") {
  // Patients arrive on the first day only; the spare unit has one place too. Whoever finds
  // both full waits in assessment for the bed alone: after the first day nobody overflows, so
  // the spare unit takes at most one patient per 10h of that day, and the bed takes the rest.
  std::vector<Override> o = kOverflowToSpare;
  o.push_back({"/units/spare/capacity", "1"});
  o.push_back({"/units/spare/queue", R"({"limit": 0})"});
  o.push_back({"/arrivals/in/profile",
               R"({"periods": [{"from": "2026-10-06", "to": "2026-12-31", "factor": 0}]})"});
  const Metrics m = run_one(kTransfer, o);
  CHECK(m["unit.assess.entered"] > 10);
  CHECK(m["unit.assess.blocked_mean_h"] > 10);
  CHECK(m["unit.spare.entered"] <= 3);
  CHECK(m["unit.spare.arrivals"] == m["unit.bed.overflowed"]);
  CHECK(m["unit.spare.lost"] == 0);
  CHECK(m["unit.bed.entered"] + m["unit.spare.entered"] == m["unit.assess.entered"]);
  CHECK(m["system.lost"] == 0);
  CHECK(m["system.departures"] == m["system.arrivals"]);  // all done within the 30 days
}

TEST_CASE("a patient in a route delay keeps their place", "[model]") {
  // One place, a 1h stay, then a 2h discharge delay; always a patient waiting. The place turns
  // over every 3h, not every hour, and is never empty.
  const char* const text = R"({
    "schema": "flowsim/1", "name": "delay", "start": "2026-10-05T00:00",
    "warmup": "1d", "horizon": "11d",
    "arrivals": { "in": { "to": "bed", "rate": "30/h" } },
    "units": { "bed": { "capacity": 1, "queue": { "limit": 1 }, "service": { "fixed": "1h" },
                        "next": [ { "to": "exit", "p": 1, "delay": { "fixed": "2h" } } ] } }
  })";
  const Metrics m = run_one(text);
  CHECK(m["unit.bed.entered"] >= 79);  // 240 measured hours / 3h, give or take one at the ends
  CHECK(m["unit.bed.entered"] <= 81);
  CHECK(m["unit.bed.service_mean_h"] == Approx(1.0));
  // Blocked time runs from the end of service, so it is the delay (the scenario reference).
  CHECK(m["unit.bed.blocked_mean_h"] == Approx(2.0));
  CHECK(m["unit.bed.occupancy_mean"] == Approx(1.0));
  const Metrics no_delay = run_one(text, {{"/units/bed/next", R"({"exit": 1})"}});
  CHECK(no_delay["unit.bed.entered"] >= 239);
  CHECK(no_delay["unit.bed.entered"] <= 241);
}

// --- warm-up ----------------------------------------------------------------------------------

TEST_CASE("nothing that happens during the warm-up is counted", "[model]") {
  // The same seed gives the same history, so a run measured over [10d, 20d] counts what a run
  // over [0, 20d] counts less what a run over [0, 10d] counts, and its time-averages are the
  // difference of the areas.
  const Scenario whole = load(kBusyNetwork, {{"/horizon", "20d"}});
  const Scenario first = load(kBusyNetwork, {{"/horizon", "10d"}});
  const Scenario second = load(kBusyNetwork, {{"/warmup", "10d"}, {"/horizon", "20d"}});
  const Metrics w = run_one(whole), f = run_one(first), s = run_one(second);
  for (const char* name :
       {"system.arrivals", "system.departures", "system.lost", "unit.ae.arrivals", "unit.ae.lost",
        "unit.ae.entered", "unit.ward.entered", "unit.rehab.entered", "unit.rehab.overflowed",
        "unit.community.entered", "unit.care_home.lost"}) {
    INFO(name);
    CHECK(s[name] == w[name] - f[name]);
  }
  CHECK(s["system.in_system_end"] == w["system.in_system_end"]);
  for (const char* name :
       {"unit.ae.occupancy_mean", "unit.ae.queue_mean", "unit.ward.occupancy_mean",
        "unit.rehab.occupancy_mean", "system.in_system_mean"}) {
    INFO(name);
    CHECK(s[name] == Approx(2 * w[name] - f[name]).epsilon(1e-9));
  }
  CHECK(f["system.arrivals"] > 500);
}

}  // namespace flowsim::models
