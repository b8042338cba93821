// The size of a run, estimated before it starts: a run too large to finish is refused with an
// estimate of its size rather than left to run for days.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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

// What a run asks of each variant beside its scenario: the options of `flowsim run` that bear on
// its size (experiment/experiment.h turns its RunOptions into this).
struct RunRequest {
  std::optional<int> replications;  // instead of each variant's own
  // With --precision, its cap (--max-reps): replications start at three or more and grow up to
  // it, so only the first round is certain.
  std::optional<int> precision_cap;
  unsigned threads = 0;  // 0: every core
};

// Estimates the run `flowsim run` would make of `loaded` as `request` asks: every variant and
// sweep point, at the replications asked for (with precision, its first round: what it adds is
// capped by the user's --max-reps), on request.threads threads (0: every core). Arrival rates
// are averaged over at most the first year of the horizon, so that the estimate of a
// thousand-year run is itself instant.
RunSize estimate_run_size(const LoadedScenario& loaded, const RunRequest& request);

// Whether flowsim refuses the run without --force: an estimate over kLongestRunSeconds, or a
// horizon over kLongestHorizonDays.
bool too_large(const RunSize& size);

// The message refusing such a run: its size, the time it would take, what to check, and --force.
std::string refusal_message(const RunSize& size);

// "45 seconds", "12 minutes", "3.5 hours", "28 days", "1,200 years".
std::string format_seconds(double seconds);
// A whole number with thousands separators: "1,000,000".
std::string format_whole(double value);
// A count as large as a run's: "850,000", "4.8 million", "2.4 billion", "3.1e+15"; "unbounded"
// when infinite.
std::string format_count(double value);

}  // namespace flowsim::models
