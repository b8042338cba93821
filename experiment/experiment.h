// Running every variant of a scenario over its replications and summarising them; output/ writes
// the results.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/run_size.h"
#include "model/flow_model.h"
#include "scenario/scenario.h"

namespace flowsim::models {

// A metric over the replications. The 95% confidence interval uses Student's t with n - 1
// degrees of freedom (NaN when n < 2); p10 and p90 show the spread between replications.
struct DailyBand {
  float p10 = 0, median = 0, p90 = 0;
};

struct MetricSummary {
  double mean = 0, sd = 0, ci95_low = 0, ci95_high = 0, min = 0, max = 0, p10 = 0, p90 = 0;
  int n = 0;
};
MetricSummary summarise(const std::vector<double>& values);
// The spread of a day's value across the replications that have one.
DailyBand daily_band(std::vector<double> values);

struct VariantResult {
  std::string name;
  std::string description;
  uint64_t seed = 0;
  int replications = 0;
  std::vector<std::string> metric_names;
  std::vector<std::vector<double>> values;  // [replication][metric]
  std::vector<MetricSummary> summary;       // [metric]
  // Units with a finite capacity, and for each the share of time at each occupancy level,
  // averaged over the replications.
  std::vector<std::string> occupancy_units;
  std::vector<std::vector<double>> occupancy;
  // Daily series (daily_series_names()), for every simulated day from the scenario's start, the
  // warm-up included: the spread across replications of each day's value.
  std::vector<std::string> daily_names;
  std::vector<std::vector<DailyBand>> daily;  // [day][series]
  // A sweep point's value on each axis of its sweep, as JSON text; empty otherwise.
  std::vector<std::string> coordinates;
  const MetricSummary* find(const std::string& metric) const;
};

// An intervention against the baseline on one metric. Replication r of each was driven by the
// same random streams, so the difference is paired: its interval is that of the per-replication
// differences, far narrower than comparing two independent intervals.
struct Comparison {
  std::string intervention;
  std::string metric;
  MetricSummary baseline, intervention_value, difference;
  bool excludes_zero = false;  // the difference's 95% interval lies wholly above or below zero
};

// One or two values varied over a grid, each point simulated with common random numbers.
struct SweepResult {
  std::string name;
  std::string description;
  std::string variant;                // what the sweep varies: "baseline" or an intervention
  std::vector<std::string> axes;      // one or two: the JSON pointer(s) each axis sets
  std::vector<VariantResult> points;  // the grid, first axis outermost
};

// The result of --precision: replications were added until every headline metric's 95%
// interval was within `target` of its mean (relative), or the cap was reached.
struct PrecisionResult {
  double target = 0;
  int cap = 0;
  int replications = 0;  // replications each variant finally had
  bool reached = false;
  std::vector<std::string> unmet;  // "variant: metric" still too wide at the cap
};

struct RunOptions {
  std::optional<int> replications;  // overrides every variant's
  std::optional<uint64_t> seed;     // overrides every variant's
  unsigned threads = 0;             // 0: every core
  // Called after each replication finishes with (done, total); from any thread, serialised.
  std::function<void(size_t, size_t)> progress;
  // --precision: the relative half-width every headline metric's interval must reach, and the
  // most replications to run for it.
  std::optional<double> precision;
  int max_replications = 1000;
  // Raised (from a signal handler, say) to stop the run: run_experiment then throws Interrupted
  // within milliseconds, saying how many replications had finished.
  const std::atomic<bool>* stop = nullptr;
  // The most patients a replication holds at once (SimulationLimits).
  int64_t max_patients_inside = kMaxPatientsInside;
};

struct ExperimentResult {
  std::string scenario_name;
  std::string scenario_path;
  std::string scenario_sha256;
  uint64_t seed = 0;
  int replications = 0;
  double warmup_h = 0, horizon_h = 0;
  int64_t start_minutes = 0;            // the scenario's start, for dating the daily series
  std::vector<VariantResult> variants;  // baseline first, then interventions
  // The headline metrics (headline_metrics()) of every intervention against the baseline.
  std::vector<Comparison> comparisons;
  std::vector<SweepResult> sweeps;
  std::optional<PrecisionResult> precision;
  // Things a planner should know before trusting the numbers (a warm-up that looks too short,
  // an unstable unit), shown in the table and the report.
  std::vector<std::string> warnings;
  double wall_seconds = 0;
  unsigned threads = 1;
};

// A metric as the table and report show it: its label, its decimals, and the factor it is
// shown at (0: a probability shown as "1 in n").
struct HeadlineMetric {
  std::string metric;
  std::string label;
  int decimals = 1;
  double scale = 1;
};
// The NHS headline metrics, in the order a planner reads them, whether or not a scenario has them.
const std::vector<HeadlineMetric>& nhs_headlines();
// The metrics a planner reads first, in order: the NHS headlines the scenario has, or for a
// scenario without NHS units, each unit's mean wait, occupancy and losses and the time in system.
std::vector<HeadlineMetric> headline_metrics(const VariantResult& variant);

// The columns of the per-unit table, as the terminal table and the report show them: `metric` is
// the suffix of unit.U.* and `label` the column's title.
const std::vector<HeadlineMetric>& unit_metrics();

// The units that have unit.* metrics: the baseline's in the scenario's order, then any an
// intervention adds.
std::vector<std::string> result_units(const ExperimentResult& result);

// A number to `decimals` places; "-" when NaN.
std::string format_fixed(double value, int decimals);

// Runs the baseline and every intervention. Replications of all variants are spread over the
// threads together; the result does not depend on the thread count. Throws Interrupted when
// options.stop is raised before every replication has finished, InternalError when a
// replication breaks an invariant.
ExperimentResult run_experiment(const LoadedScenario& loaded, const RunOptions& options);

// The size of the run run_experiment would make with `options` (analysis/run_size.h), to refuse
// one too large before it starts.
RunSize estimate_run_size(const LoadedScenario& loaded, const RunOptions& options);

}  // namespace flowsim::models
