// Comparing variants: common random numbers, paired differences, sweeps, --precision, the
// warm-up check and the daily bands.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "model/flow_model.h"
#include "scenario/scenario.h"
#include "sim/warmup.h"
#include "tests/models/test_support.h"

namespace flowsim::models {
namespace {

using testing::erlang_b;
using testing::problems;
using testing::Problems;

// Two wards in series: the first with every place it needs, the second (the one interventions
// change) losing patients when full, so the first ward's patients are the same in every variant.
const char* kTwoWards = R"({
  "schema": "flowsim/1", "name": "two wards", "start": "2026-01-05T00:00",
  "warmup": "10d", "horizon": "70d", "replications": 12, "seed": 5,
  "cohorts": { "frail": {}, "other": {} },
  "arrivals": { "in": { "to": "assessment", "rate": "6/h",
                        "cohorts": { "frail": 0.4, "other": 0.6 } } },
  "units": {
    "assessment": { "capacity": "unlimited",
                    "service": { "lognormal": { "mean": "8h", "sd": "6h" } },
                    "next": { "by_cohort": {
                      "frail": [ { "to": "ward", "p": 0.7, "when_full": "lose" },
                                 { "to": "exit", "p": 0.3 } ],
                      "other": [ { "to": "ward", "p": 0.2, "when_full": "lose" },
                                 { "to": "exit", "p": 0.8 } ] } } },
    "ward": { "capacity": 40, "queue": { "limit": 0 },
              "service": { "gamma": { "mean": "2d", "sd": "1.5d" } },
              "next": { "exit": 1 } }
  },
  "interventions": {
    "same": { "description": "sets a value to what it already is",
              "patch": { "units": { "ward": { "capacity": 40 } } } },
    "more_beds": { "description": "eight more beds",
                   "patch": { "units": { "ward": { "capacity": 48 } } } }
  }
})";

RunOptions quiet(unsigned threads = 2) {
  RunOptions o;
  o.threads = threads;
  return o;
}

const Comparison& comparison(const ExperimentResult& r, const std::string& intervention,
                             const std::string& metric) {
  for (const auto& c : r.comparisons)
    if (c.intervention == intervention && c.metric == metric) return c;
  FAIL("no comparison of " << intervention << " on " << metric);
  throw std::logic_error("unreachable");
}

TEST_CASE("a no-op intervention differs from the baseline by exactly zero", "[experiment][crn]") {
  const ExperimentResult r = run_experiment(load_scenario_text("t.json", kTwoWards), quiet());
  REQUIRE(r.variants.size() == 3);
  const VariantResult& base = r.variants[0];
  const VariantResult& same = r.variants[1];
  REQUIRE(same.values.size() == base.values.size());
  for (size_t rep = 0; rep < base.values.size(); ++rep) CHECK(same.values[rep] == base.values[rep]);
  size_t compared = 0;
  for (const auto& c : r.comparisons) {
    if (c.intervention != "same") continue;
    ++compared;
    CHECK(c.difference.mean == 0);
    CHECK(c.difference.sd == 0);
    CHECK_FALSE(c.excludes_zero);
  }
  CHECK(compared == headline_metrics(base).size());
}

TEST_CASE("changing only a ward's beds leaves every arrival and every patient the same",
          "[experiment][crn]") {
  const ExperimentResult r = run_experiment(load_scenario_text("t.json", kTwoWards), quiet());
  const VariantResult& base = r.variants[0];
  const VariantResult& more = r.variants[2];
  REQUIRE(more.name == "more_beds");
  auto column = [](const VariantResult& v, const std::string& metric) {
    std::vector<double> out;
    const auto at = std::find(v.metric_names.begin(), v.metric_names.end(), metric);
    REQUIRE(at != v.metric_names.end());
    for (const auto& rep : v.values) out.push_back(rep[size_t(at - v.metric_names.begin())]);
    return out;
  };
  // The same arrivals, the same stays in assessment, the same routes (cohort by cohort).
  for (const char* metric :
       {"system.arrivals", "unit.assessment.arrivals", "unit.assessment.service_mean_h",
        "unit.assessment.occupancy_mean", "unit.ward.arrivals"}) {
    INFO(metric);
    CHECK(column(more, metric) == column(base, metric));
  }
  // The beds do their work: fewer lost, and the paired interval is sure of it.
  const Comparison& lost = comparison(r, "more_beds", "unit.ward.p_lost");
  CHECK(lost.difference.mean < 0);
  CHECK(lost.excludes_zero);
  // Pairing removes the arrivals' noise: the paired interval is narrower than the baseline's.
  CHECK(lost.difference.ci95_high - lost.difference.ci95_low <
        lost.baseline.ci95_high - lost.baseline.ci95_low);
}

TEST_CASE("in the acute-trust baseline, more medical beds leave the patients the same",
          "[experiment][crn][nhs]") {
  LoadedScenario loaded =
      load_scenario_file(std::string(FLOWSIM_SOURCE_DIR) + "/scenarios/acute_trust_baseline.json",
                         {{"/horizon", "\"21d\""}, {"/warmup", "\"0d\""}, {"/replications", "3"}});
  add_intervention_text(loaded, "beds.json", R"({"name": "beds", "description": "more beds",
      "patch": {"units": {"medical": {"capacity": 1100}}}})");
  const ExperimentResult r = run_experiment(loaded, quiet());
  REQUIRE(r.variants.size() == 3);
  const VariantResult& base = r.variants[0];
  const VariantResult& beds = r.variants[2];
  for (const char* metric : {"ed.attendances", "ed.ambulance_arrivals", "elective.referrals"}) {
    INFO(metric);
    if (base.find(metric) == nullptr) continue;
    for (size_t rep = 0; rep < base.values.size(); ++rep) {
      const auto at = size_t(std::find(base.metric_names.begin(), base.metric_names.end(), metric) -
                             base.metric_names.begin());
      CHECK(beds.values[rep][at] == base.values[rep][at]);
    }
  }
  CHECK(comparison(r, "beds", "acute.occupancy_mean_pct").difference.mean < 0);
}

TEST_CASE("a sweep of places gives the Erlang B curve, falling at every step",
          "[experiment][sweep][validation]") {
  // M/M/c/c: 6 arrivals an hour staying 1 hour on average, c from 1 to 12.
  LoadedScenario loaded = load_scenario_text("t.json", R"({
    "schema": "flowsim/1", "name": "loss", "start": "2026-01-05T00:00",
    "warmup": "2d", "horizon": "100d", "replications": 8, "seed": 11,
    "arrivals": { "in": { "to": "bay", "rate": "6/h" } },
    "units": { "bay": { "capacity": 1, "queue": { "limit": 0 },
                        "service": { "exponential": { "mean": "1h" } }, "next": { "exit": 1 } } },
    "sweeps": { "bays": { "description": "places", "vary": [
      { "pointer": "/units/bay/capacity", "from": 1, "to": 12, "step": 1 } ] } }
  })");
  REQUIRE(loaded.sweeps.size() == 1);
  const ExperimentResult r = run_experiment(loaded, quiet());
  const SweepResult& sweep = r.sweeps.front();
  REQUIRE(sweep.points.size() == 12);
  double previous = 1.0;
  for (size_t i = 0; i < sweep.points.size(); ++i) {
    const VariantResult& p = sweep.points[i];
    REQUIRE(p.coordinates == std::vector<std::string>{std::to_string(i + 1)});
    const MetricSummary& lost = *p.find("unit.bay.p_lost");
    const double theory = erlang_b(int(i + 1), 6.0);
    INFO("c = " << i + 1 << ": theory " << theory << ", simulated " << lost.mean);
    CHECK(std::abs(lost.mean - theory) <= std::max(2 * (lost.ci95_high - lost.mean), 2e-4));
    CHECK(lost.mean < previous);  // monotone: theory says more places never lose more
    previous = lost.mean;
  }
}

TEST_CASE("a two-axis sweep runs its whole grid, first axis outermost", "[experiment][sweep]") {
  LoadedScenario loaded = load_scenario_text("t.json", kTwoWards, {{"/replications", "2"}});
  add_command_line_sweep(loaded, {"/units/ward/capacity=30:50:10", "/units/ward/queue/limit=0,5"});
  const ExperimentResult r = run_experiment(loaded, quiet());
  REQUIRE(r.sweeps.size() == 1);
  const SweepResult& s = r.sweeps.front();
  CHECK(s.axes == std::vector<std::string>{"/units/ward/capacity", "/units/ward/queue/limit"});
  REQUIRE(s.points.size() == 6);
  CHECK(s.points[0].coordinates == std::vector<std::string>{"30", "0"});
  CHECK(s.points[1].coordinates == std::vector<std::string>{"30", "5"});
  CHECK(s.points[5].coordinates == std::vector<std::string>{"50", "5"});
  // A point is the baseline with its values set: capacity 40 without a queue is the baseline.
  CHECK(s.points[2].values == r.variants[0].values);
}

TEST_CASE("linked pointers move together along one axis", "[experiment][sweep][loader]") {
  const LoadedScenario loaded = load_scenario_text("t.json", R"({
    "schema": "flowsim/1", "name": "x", "start": "2026-01-05T00:00", "horizon": "2d",
    "arrivals": { "a": { "to": "one", "rate": "1/h" } },
    "units": { "one": { "capacity": 2, "service": { "fixed": "1h" }, "next": { "two": 1 } },
               "two": { "capacity": 2, "service": { "fixed": "1h" }, "next": { "exit": 1 } } },
    "sweeps": { "both": { "vary": [ { "pointer": ["/units/one/capacity", "/units/two/capacity"],
                                      "values": [3, 7] } ] } }
  })");
  REQUIRE(loaded.sweeps.front().points.size() == 2);
  const Scenario& second = loaded.sweeps.front().points[1].scenario;
  CHECK(second.units[0].capacity.fixed == 7);
  CHECK(second.units[1].capacity.fixed == 7);
  CHECK(loaded.sweeps.front().axes.front().label() == "/units/one/capacity & /units/two/capacity");
}

TEST_CASE("a ranged axis keeps whole numbers whole and decimals tidy", "[experiment][sweep]") {
  LoadedScenario loaded = load_scenario_text(
      "t.json", kTwoWards,
      {{"/population", "100000"}, {"/units/ward/capacity", R"({"per_100k": 40})"}});
  add_command_line_sweep(loaded, {"/units/ward/capacity/per_100k=39.1:39.3:0.1"});
  const auto& points = loaded.sweeps.front().points;
  REQUIRE(points.size() == 3);
  CHECK(points[2].coordinates.front() == "39.3");
  CHECK(points[2].document["units"]["ward"]["capacity"]["per_100k"] == 39.3);
  add_command_line_sweep(loaded, {"/units/ward/capacity/per_100k=30:40:5"});
  CHECK(loaded.sweeps.back()
            .points[1]
            .document["units"]["ward"]["capacity"]["per_100k"]
            .is_number_integer());
}

TEST_CASE("sweeps and intervention files are checked before anything runs",
          "[experiment][sweep][loader]") {
  auto with_sweep = [](const std::string& sweep) {
    std::string text = kTwoWards;
    text.insert(text.rfind('}'), ", \"sweeps\": " + sweep);
    return problems(text);
  };
  Problems p =
      with_sweep(R"({"s": {"vary": [{"pointer": "/units/nowhere/capacity", "values": [1]}]}})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("/sweeps/s/vary/0/pointer: there is nothing at /units/nowhere") !=
        std::string::npos);
  p = with_sweep(R"({"s": {"vary": [{"pointer": "/seed", "values": [1, 2]}]}})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("a sweep cannot vary \"seed\"") != std::string::npos);
  p = with_sweep(
      R"({"s": {"vary": [{"pointer": "/units/ward/capacity", "values": [1], "from": 1}]}})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("either \"values\"") != std::string::npos);
  p = with_sweep(R"({"s": {"vary": []}})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("a list of one or two axes") != std::string::npos);
  p = with_sweep(
      R"({"s": {"variant": "nope", "vary": [{"pointer": "/units/ward/capacity", "values": [1]}]}})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("no intervention is called \"nope\"") != std::string::npos);
  p = with_sweep(
      R"({"s": {"vary": [{"pointer": "/units/ward/capacity", "from": 1, "to": 1000, "step": 1}]}})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("more than 400 values") != std::string::npos);
  // A point that is itself invalid names the point and the file's line of the sweep.
  p = with_sweep(R"({"s": {"vary": [{"pointer": "/units/ward/capacity", "values": [5, -1]}]}})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].rfind("test.json:", 0) == 0);
  CHECK(p[0].find("in sweep \"s\" at /units/ward/capacity=-1: must be a whole number") !=
        std::string::npos);

  LoadedScenario loaded = load_scenario_text("t.json", kTwoWards);
  auto file_problems = [&](const std::string& text) {
    try {
      LoadedScenario copy = loaded;
      add_intervention_text(copy, "other.json", text);
    } catch (const InvalidInput& e) {
      Problems out;
      for (const auto& d : e.problems()) out.push_back(d.format());
      return out;
    }
    return Problems{"(none)"};
  };
  p = file_problems(R"({"patch": {"units": {"ward": {"capacity": "many"}}}})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].rfind("other.json:1:43: /units/ward/capacity: in intervention \"other\": ", 0) == 0);
  p = file_problems(R"({"patch": {"horizon": "20d"}})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("an intervention cannot change \"horizon\"") != std::string::npos);
  p = file_problems(R"({"name": "more_beds", "patch": {}})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("already a variant called \"more_beds\"") != std::string::npos);
  p = file_problems(R"({"patch": {}, "extra": 1})");
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("unknown key \"extra\"") != std::string::npos);
  p = file_problems("{\"patch\": ");
  REQUIRE(p.size() == 1);
  CHECK(p[0].rfind("other.json:1:", 0) == 0);
  CHECK(
      file_problems(R"({"description": "fine", "patch": {"units": {"ward": {"capacity": 41}}}})") ==
      Problems{"(none)"});

  auto sweep_problems = [&](const std::vector<std::string>& axes) {
    try {
      LoadedScenario copy = loaded;
      add_command_line_sweep(copy, axes);
    } catch (const InvalidInput& e) {
      Problems out;
      for (const auto& d : e.problems()) out.push_back(d.format());
      return out;
    }
    return Problems{"(none)"};
  };
  CHECK(sweep_problems({"/units/ward/capacity=5:1:1"}).front().find("FROM <= TO") !=
        std::string::npos);
  CHECK(sweep_problems({"/units/ward/capacity=a:b:c"}).front().find("needs numbers") !=
        std::string::npos);
  CHECK(sweep_problems({"/units/ward/capacity=1", "/units/ward/capacity=2", "/seed=3"})
            .front()
            .find("one or two values") != std::string::npos);
  CHECK(sweep_problems({"/units/ward/capacity=30,40"}) == Problems{"(none)"});
}

TEST_CASE("precision: replications are added until every headline interval is narrow enough",
          "[experiment][precision]") {
  const LoadedScenario loaded = load_scenario_text("t.json", kTwoWards, {{"/replications", "3"}});
  RunOptions options = quiet();
  options.precision = 0.01;
  const ExperimentResult r = run_experiment(loaded, options);
  REQUIRE(r.precision);
  CHECK(r.precision->reached);
  CHECK(r.replications > 3);
  CHECK(r.precision->replications == r.replications);
  for (const auto& v : r.variants) {
    CHECK(int(v.values.size()) == r.replications);
    for (const auto& h : headline_metrics(v)) {
      const MetricSummary& m = *v.find(h.metric);
      if (m.mean == 0 && m.sd == 0) continue;
      INFO(v.name << " " << h.metric);
      CHECK(m.ci95_high - m.mean <= 0.01 * std::abs(m.mean) + 1e-12);
    }
  }
  // The same replications as asking for that many outright: nothing depends on the batches.
  const ExperimentResult direct = run_experiment(loaded, [&] {
    RunOptions o = quiet(1);
    o.replications = r.replications;
    return o;
  }());
  CHECK(direct.variants[2].values == r.variants[2].values);

  options.precision = 0.0001;
  options.max_replications = 5;
  const ExperimentResult capped = run_experiment(loaded, options);
  CHECK_FALSE(capped.precision->reached);
  CHECK(capped.replications == 5);
  REQUIRE_FALSE(capped.warnings.empty());
  CHECK(capped.warnings.back().find("was not reached with 5 replications") != std::string::npos);
}

TEST_CASE("MSER-5 finds where a transient ends and leaves a settled series alone",
          "[experiment][warmup]") {
  std::vector<double> settled, transient;
  for (int d = 0; d < 300; ++d) {
    const double wobble = (d * 7919 % 13) / 13.0 - 0.5;  // deterministic noise in [-0.5, 0.5)
    settled.push_back(20 + wobble);
    transient.push_back(20 * (1 - std::exp(-d / 12.0)) + wobble);
  }
  CHECK(sim::mser_truncation(settled, 5) <= 10);
  const size_t cut = sim::mser_truncation(transient, 5);
  CHECK(cut >= 35);  // 20 e^{-d/12} is within a noise's width only after about 40 days
  CHECK(cut <= 90);
  CHECK(cut % 5 == 0);
  CHECK(sim::mser_truncation({1, 2, 3}, 5) == 0);
}

TEST_CASE("the warm-up check warns about a warm-up too short for the wards to fill",
          "[experiment][warmup]") {
  const std::string path = std::string(FLOWSIM_SOURCE_DIR) + "/scenarios/tutorial/blocking.json";
  const ExperimentResult short_warmup = run_experiment(
      load_scenario_file(path, {{"/warmup", "\"0d\""}, {"/replications", "10"}}), quiet());
  REQUIRE_FALSE(short_warmup.warnings.empty());
  CHECK(short_warmup.warnings.front().find("baseline: the warm-up looks too short") == 0);
  const ExperimentResult enough =
      run_experiment(load_scenario_file(path, {{"/replications", "10"}}), quiet());
  CHECK(enough.warnings.empty());
}

TEST_CASE("daily bands hold every day of the run with p10 <= median <= p90",
          "[experiment][daily]") {
  const ExperimentResult r = run_experiment(load_scenario_text("t.json", kTwoWards), quiet());
  for (const auto& v : r.variants) {
    REQUIRE(v.daily.size() == 70);
    REQUIRE(v.daily_names ==
            std::vector<std::string>{"unit.assessment.occupancy", "unit.ward.occupancy"});
    for (const auto& day : v.daily) {
      for (const auto& band : day) {
        CHECK(band.p10 <= band.median);
        CHECK(band.median <= band.p90);
      }
    }
  }
  // The ward fills from empty: day 0's median is below day 30's.
  CHECK(r.variants[0].daily[0][1].median < r.variants[0].daily[30][1].median);
}

TEST_CASE("results do not depend on the thread count, sweeps and comparisons included",
          "[experiment][determinism]") {
  LoadedScenario loaded = load_scenario_text("t.json", kTwoWards, {{"/replications", "5"}});
  add_command_line_sweep(loaded, {"/units/ward/capacity=36:44:4"});
  const ExperimentResult one = run_experiment(loaded, quiet(1));
  const ExperimentResult two = run_experiment(loaded, quiet(2));
  for (size_t v = 0; v < one.variants.size(); ++v)
    CHECK(one.variants[v].values == two.variants[v].values);
  for (size_t p = 0; p < one.sweeps[0].points.size(); ++p)
    CHECK(one.sweeps[0].points[p].values == two.sweeps[0].points[p].values);
  REQUIRE(one.comparisons.size() == two.comparisons.size());
  for (size_t c = 0; c < one.comparisons.size(); ++c)
    CHECK(one.comparisons[c].difference.mean == two.comparisons[c].difference.mean);
}

}  // namespace
}  // namespace flowsim::models
