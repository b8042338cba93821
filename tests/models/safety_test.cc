// Tests of the guards around a run: its size estimated before it starts, the limit of patients
// inside, stopping on request, and the warnings of an unstable scenario.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "analysis/run_size.h"
#include "experiment/experiment.h"
#include "experiment/stability.h"
#include "model/flow_model.h"
#include "output/tables.h"
#include "scenario/scenario.h"
#include "test_support.h"

namespace {

using namespace flowsim::models;

// Ten an hour into a clinic, half of them on to a ward: 360 visits to units a day.
std::string clinic(const std::string& horizon, const std::string& rate = "10/h",
                   int capacity = 20) {
  return R"({ "schema": "flowsim/1", "name": "Clinic", "start": "2026-01-05",
    "horizon": ")" +
         horizon + R"(", "replications": 4,
    "arrivals": { "in": { "to": "clinic", "rate": ")" +
         rate + R"(" } },
    "units": {
      "clinic": { "capacity": )" +
         std::to_string(capacity) + R"(,
                  "service": { "exponential": { "mean": "1h" } },
                  "next": { "ward": 0.5, "exit": 0.5 } },
      "ward": { "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 } } },
    "interventions": { "faster": { "patch": { "units": { "ward": { "service": { "fixed": "20h" }
    } } } } } })";
}

TEST_CASE("a run's size is its visits to units over the horizon, shared among the threads",
          "[safety]") {
  const LoadedScenario loaded = load_scenario_text("clinic.json", clinic("100d"));
  RunOptions options;
  options.threads = 2;
  RunSize size = estimate_run_size(loaded, options);
  CHECK(size.variants == 2);
  CHECK(size.replications == 8);
  CHECK(size.horizon_days == 100);
  CHECK(size.visits_per_replication == Approx(360 * 100));
  CHECK(size.visits == Approx(360 * 100 * 8));
  CHECK(size.threads == 2);
  CHECK(size.seconds == Approx(360 * 100 * 8 / kVisitsPerSecond / 2));
  CHECK(size.busiest_unit == "clinic");
  CHECK(size.busiest_per_day == Approx(240));

  // --reps counts, and no more threads work than there are replications.
  options.replications = 1;
  options.threads = 8;
  size = estimate_run_size(loaded, options);
  CHECK(size.replications == 2);
  CHECK(size.threads == 2);
  // With --precision, its first round: at least 3 replications, at most --max-reps.
  options.precision = 0.05;
  CHECK(estimate_run_size(loaded, options).replications == 6);
  options.replications = 50;
  options.max_replications = 20;
  CHECK(estimate_run_size(loaded, options).replications == 40);
}

TEST_CASE("a thousand-year run is estimated at once, from its first year", "[safety]") {
  const LoadedScenario loaded = load_scenario_text("clinic.json", clinic("365250d"));
  const auto started = std::chrono::steady_clock::now();
  const RunSize size = estimate_run_size(loaded, RunOptions{});
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() < 1.0);
  CHECK(size.visits_per_replication == Approx(360.0 * 365250));
  CHECK(too_large(size));
}

TEST_CASE("a run is too large when it would take over half an hour or simulate over a century",
          "[safety]") {
  RunSize size;
  size.horizon_days = 365;
  size.seconds = kLongestRunSeconds;
  CHECK_FALSE(too_large(size));
  size.seconds = kLongestRunSeconds + 1;
  CHECK(too_large(size));
  size.seconds = 1;
  size.horizon_days = 101 * 365.25;
  CHECK(too_large(size));
}

TEST_CASE("the refusal gives the run's size, its time, what to check and --force", "[safety]") {
  const LoadedScenario loaded = load_scenario_text("clinic.json", clinic("30d", "1000000/h"));
  RunOptions options;
  options.threads = 1;
  const RunSize size = estimate_run_size(loaded, options);
  CHECK(refusal_message(size) ==
        "this run would take about 72 minutes: 8.6 billion patient visits to units (1.1 billion "
        "in each of 8 replications over 2 variants, each 30 days long), at about 2.0 million a "
        "second on each of 1 thread; the busiest unit, clinic, receives 24.0 million patients a "
        "day. flowsim refuses runs estimated to take over 30 minutes or to simulate over 100 "
        "years: check the scenario's rates and horizon, run fewer replications (--reps), or add "
        "--force to run it anyway");
}

TEST_CASE("durations are said in the unit a person would use", "[safety]") {
  CHECK(format_seconds(45) == "45 seconds");
  CHECK(format_seconds(12 * 60) == "12 minutes");
  CHECK(format_seconds(3.5 * 3600) == "3.5 hours");
  CHECK(format_seconds(28 * 86400) == "28 days");
  CHECK(format_seconds(1200 * 365.25 * 86400) == "1,200 years");
}

ReplicationResult halves(double first, double second) {
  ReplicationResult r;
  r.inside_first_half = first;
  r.inside_second_half = second;
  return r;
}

TEST_CASE("patients inside growing alike in every replication is a queue without bound",
          "[safety]") {
  RunHealth steady, noisy, growing, few, small;
  for (int i = 0; i < 10; ++i) {
    steady.add(halves(100, 101));
    // A system near its capacity wanders far, both ways.
    noisy.add(halves(100, i % 2 == 0 ? 170 : 60));
    growing.add(halves(200 + i, 600 + 3 * i));
    small.add(halves(2, 12));  // five times as many, but ten patients are no trend
  }
  CHECK_FALSE(steady.growing());
  CHECK_FALSE(noisy.growing());
  CHECK(growing.growing());
  CHECK_FALSE(small.growing());
  // With under five replications, each must have doubled.
  few.add(halves(100, 250));
  CHECK(few.growing());
  few.add(halves(100, 180));
  CHECK_FALSE(few.growing());
}

// Four an hour at two places of an hour: the queue grows by two patients an hour.
const std::string kOverloaded = R"({ "schema": "flowsim/1", "name": "Overloaded",
  "start": "2026-01-05", "warmup": "1d", "horizon": "20d", "replications": 2,
  "arrivals": { "in": { "to": "clinic", "rate": "4/h" } },
  "units": { "clinic": { "capacity": 2, "service": { "exponential": { "mean": "1h" } },
                         "next": { "exit": 1 } } } })";

TEST_CASE("a replication at its limit of patients turns arrivals away and keeps its books",
          "[safety]") {
  const Scenario s = load_scenario_text("o.json", kOverloaded).variants.front().scenario;
  SimulationLimits limits;
  limits.max_patients_inside = 300;
  const ReplicationResult r = simulate(s, 0, limits);  // throws if the books do not balance
  CHECK(r.peak_inside == 300);
  // About 2 an hour over the capacity, the limit reached after some 150 hours of 480.
  CHECK(r.turned_away > 400);
  const testing::Metrics limited{metric_names(s), r.metrics};
  CHECK(limited["system.lost"] > 400);
  CHECK(limited["unit.clinic.lost"] == 0);  // the clinic never saw them
  // The same patients arrive whatever the limit.
  limits.max_patients_inside = kMaxPatientsInside;
  const ReplicationResult unlimited = simulate(s, 0, limits);
  CHECK(unlimited.turned_away == 0);
  CHECK(unlimited.peak_inside > 300);
  CHECK(limited["system.arrivals"] ==
        testing::Metrics{metric_names(s), unlimited.metrics}["system.arrivals"]);
}

TEST_CASE("an unstable scenario's results carry a warning naming the units over capacity",
          "[safety]") {
  const LoadedScenario loaded = load_scenario_text("o.json", kOverloaded);
  RunOptions options;
  options.threads = 1;
  const ExperimentResult grown = run_experiment(loaded, options);
  REQUIRE(grown.warnings.size() == 1);
  CHECK(grown.warnings[0].rfind("baseline: unstable: the patients inside grew through the "
                                "measured period, from ",
                                0) == 0);
  CHECK(grown.warnings[0].find("; units offered more than their capacity (flowsim estimate): "
                               "clinic (200%)") != std::string::npos);
  CHECK(format_table(grown).find("\nwarning: baseline: unstable: ") != std::string::npos);

  options.max_patients_inside = 300;
  const ExperimentResult limited = run_experiment(loaded, options);
  REQUIRE(limited.warnings.size() == 1);
  CHECK(limited.warnings[0].rfind("baseline: unstable: the patients inside reached flowsim's "
                                  "limit of 300 in 2 of 2 replications, and ",
                                  0) == 0);

  // A stable scenario carries none of these (its warm-up may still be too short).
  const LoadedScenario stable = load_scenario_text("clinic.json", clinic("20d"));
  for (const auto& w : run_experiment(stable, options).warnings) {
    INFO(w);
    CHECK(w.find("unstable") == std::string::npos);
  }
}

TEST_CASE("a sweep's unstable points are named in one warning", "[safety]") {
  LoadedScenario loaded = load_scenario_text("o.json", kOverloaded);
  add_command_line_sweep(loaded, {"/units/clinic/capacity=2,3,6"});
  RunOptions options;
  options.threads = 1;
  const ExperimentResult r = run_experiment(loaded, options);
  std::vector<std::string> sweep_warnings;
  for (const auto& w : r.warnings)
    if (w.rfind("sweep ", 0) == 0) sweep_warnings.push_back(w);
  CHECK(sweep_warnings ==
        std::vector<std::string>{
            "sweep command_line: unstable at 2 of 3 points (/units/clinic/capacity=2; "
            "/units/clinic/capacity=3): patients inside grew through the measured period or "
            "reached flowsim's limit, so waits there depend on the horizon rather than "
            "settling"});
}

TEST_CASE("a raised stop flag ends a run within milliseconds, saying how far it got", "[safety]") {
  const LoadedScenario loaded = load_scenario_text("clinic.json", clinic("3650d", "200/h", 400));
  std::atomic<bool> stop{true};
  RunOptions options;
  options.threads = 1;
  options.stop = &stop;
  try {
    (void)run_experiment(loaded, options);
    FAIL("the run was not stopped");
  } catch (const Interrupted& e) {
    CHECK(e.replications_done == 0);
    CHECK(e.replications_total == 8);
  }

  // Raised in the middle of a replication of ten years, which takes seconds.
  stop = false;
  std::thread raiser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop = true;
  });
  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(simulate(loaded.variants.front().scenario, 0, SimulationLimits{1000000, &stop}),
                  Interrupted);
  raiser.join();
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() < 1.0);
}

}  // namespace
