// Helpers the model tests share: metrics by name, and the loader's problems as a user sees them.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "model/flow_model.h"
#include "scenario/diagnostics.h"
#include "scenario/scenario.h"

namespace flowsim::models {

// One replication's metrics alone, in metric_names() order (what most tests need).
inline std::vector<double> run_replication(const Scenario& scenario, uint64_t replication) {
  return simulate(scenario, replication).metrics;
}

}  // namespace flowsim::models

namespace flowsim::models::testing {

// One replication's metrics, by name.
struct Metrics {
  std::vector<std::string> names;
  std::vector<double> values;
  bool has(const std::string& name) const {
    return std::find(names.begin(), names.end(), name) != names.end();
  }
  double operator[](const std::string& name) const {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) FAIL("no metric " << name);
    return values[size_t(it - names.begin())];
  }
};

using Problems = std::vector<std::string>;

// Every problem reported for a scenario (named test.json), formatted as flowsim prints it.
inline Problems problems(const std::string& text, const std::vector<Override>& overrides = {}) {
  try {
    (void)load_scenario_text("test.json", text, overrides);
  } catch (const InvalidInput& e) {
    Problems out;
    for (const auto& d : e.problems()) out.push_back(d.format());
    return out;
  }
  return {"(none: the scenario loaded)"};
}

// How many 95% confidence-interval half-widths a simulated mean may stand from theory: tight
// enough to catch a bias of a few per cent, loose enough to pass on other seeds.
inline constexpr double kCiFactor = 2.0;

// Checks the mean of per-replication values against theory: within kCiFactor half-widths of
// its 95% confidence interval, or `epsilon` where the replications barely differ.
inline void check_mean(const std::string& what, const std::vector<double>& values, double theory,
                       double epsilon = 1e-9) {
  const MetricSummary m = summarise(values);
  const double half = (m.ci95_high - m.ci95_low) / 2;
  const double tolerance = std::max(kCiFactor * half, epsilon);
  INFO(what << ": theory " << theory << ", simulated " << m.mean << " +- " << half
            << " (95% CI over " << m.n << " replications), tolerance " << tolerance);
  CHECK(std::abs(m.mean - theory) <= tolerance);
}

// Erlang B: the probability that a loss system with c servers and offered load a (erlangs)
// turns an arrival away. The stable recursion B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1.
inline double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

// Erlang C: the probability that an arrival to an M/M/c queue waits (a < c).
inline double erlang_c(int c, double a) {
  const double b = erlang_b(c, a);
  return c * b / (c - a * (1 - b));
}

}  // namespace flowsim::models::testing
