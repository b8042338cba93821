// Guards a run against what would make it fail or mislead: a run too large to finish, refused
// before it starts with an estimate of its size, and a scenario whose queues grow without
// bound, reported beside its results.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "model/flow_model.h"
#include "scenario/scenario.h"

namespace flowsim::models {

// How fast flowsim simulates, in patient visits to units a second on one thread. Measured on
// the acute-trust baseline (about 1.5 million; 2 million on simpler scenarios) on the project's
// 2-core machine (docs/reliability.md), and rounded up so that an estimate errs towards too
// short: a run is refused only when it is surely long.
inline constexpr double kVisitsPerSecond = 2e6;

// Runs estimated to take longer than this are refused unless --force: half an hour, about what
// a planner waits for before wondering whether something is wrong.
inline constexpr double kLongestRunSeconds = 30 * 60;
// And runs that simulate more than a century in a replication, which no planning question needs
// (a horizon of 365000d is a slip for 365d), however quickly they would run.
inline constexpr double kLongestHorizonDays = 100 * 365.25;

// The size of a run, estimated before it starts from the traffic equations (estimate.h), which
// ignore blocking and losses: an estimate of the work, good to a factor of two or so.
struct RunSize {
  size_t variants = 0;      // the baseline, interventions and sweep points
  double replications = 0;  // in all, over the variants
  double horizon_days = 0;  // simulated in each replication, warm-up included
  // Patients arriving at units (from outside and from other units) and onto waiting lists, in
  // all and in the largest replication.
  double visits = 0, visits_per_replication = 0;
  unsigned threads = 1;
  double seconds = 0;  // wall-clock, at kVisitsPerSecond on each thread
  // The unit with the most arrivals a day, in any variant.
  std::string busiest_unit;
  double busiest_per_day = 0;
};

// Estimates the run `flowsim run` would make of `loaded` with `options`: every variant and sweep
// point, at the replications options ask for (with precision, its first round: what it adds is
// capped by the user's --max-reps), on options.threads threads (0: every core). Arrival rates
// are averaged over at most the first year of the horizon, so that the estimate of a
// thousand-year run is itself instant.
RunSize estimate_run_size(const LoadedScenario& loaded, const RunOptions& options);

// Whether flowsim refuses the run without --force: an estimate over kLongestRunSeconds, or a
// horizon over kLongestHorizonDays.
bool too_large(const RunSize& size);

// The message refusing such a run: its size, the time it would take, what to check, and --force.
std::string refusal_message(const RunSize& size);

// "45 seconds", "12 minutes", "3.5 hours", "28 days", "1,200 years".
std::string format_seconds(double seconds);

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

}  // namespace flowsim::models
