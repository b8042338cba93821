// Guards the reading of a run's results: a scenario whose queues grow without bound, or whose
// patients inside reach flowsim's limit, is reported beside its results.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "model/flow_model.h"
#include "scenario/scenario.h"

namespace flowsim::models {

// How a variant's replications went, beyond their metrics (ReplicationResult).
struct RunHealth {
  int replications = 0;
  int turned_away_in = 0;  // replications that reached the limit of patients inside
  double turned_away = 0;  // arrivals turned away, in all replications
  int64_t peak_inside = 0;
  // Each replication's mean number of patients inside over the first and the second half of
  // the measured period.
  std::vector<double> first_half, second_half;
  void add(const ReplicationResult& replication);
  // Whether the patients inside grow through the measured period: the second half's mean is
  // above the first's by at least a quarter and by at least 20 patients on average, and in
  // every replication alike (the paired difference's t statistic over 3; with fewer than five
  // replications, each second half at least twice its first). A stable system's halves differ
  // by noise and seasons, both ways (no shipped scenario passes, even 90 patients in 91 beds);
  // a queue that grows steadily from the end of the warm-up makes the second half about three
  // times the first.
  bool growing() const;
  // Turned patients away, or growing: what stability_warnings() warns of.
  bool unstable() const { return turned_away_in > 0 || growing(); }
};

// The warnings a planner must read before trusting a variant's figures: patients turned away at
// SimulationLimits::max_patients_inside, and patients inside growing through the measured
// period (RunHealth::growing), each naming the units the traffic equations find
// offered more than their capacity.
std::vector<std::string> stability_warnings(const std::string& variant, const Scenario& scenario,
                                            const RunHealth& health, int64_t max_patients_inside);

// The stability warnings of a whole run: each unstable variant in its own words, a sweep's
// unstable points together. `scenarios` and `health` hold the variants, then every sweep's
// points, in order (as `result` does).
std::vector<std::string> stability_warnings(const ExperimentResult& result,
                                            const std::vector<Scenario>& scenarios,
                                            const std::vector<RunHealth>& health,
                                            int64_t max_patients_inside);

}  // namespace flowsim::models
