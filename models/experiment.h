// Running every variant of a scenario over its replications, summarising and writing results.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.h"

namespace flowsim::models {

// A metric over the replications. The 95% confidence interval uses Student's t with n - 1
// degrees of freedom (NaN when n < 2); p10 and p90 show the spread between replications.
struct MetricSummary {
  double mean = 0, sd = 0, ci95_low = 0, ci95_high = 0, min = 0, max = 0, p10 = 0, p90 = 0;
  int n = 0;
};
MetricSummary summarise(const std::vector<double>& values);

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
  const MetricSummary* find(const std::string& metric) const;
};

struct RunOptions {
  std::optional<int> replications;  // overrides every variant's
  std::optional<uint64_t> seed;     // overrides every variant's
  unsigned threads = 0;             // 0: every core
  // Called after each replication finishes with (done, total); from any thread, serialised.
  std::function<void(size_t, size_t)> progress;
};

struct ExperimentResult {
  std::string scenario_name;
  std::string scenario_path;
  std::string scenario_sha256;
  uint64_t seed = 0;
  int replications = 0;
  double warmup_h = 0, horizon_h = 0;
  std::vector<VariantResult> variants;
  double wall_seconds = 0;
  unsigned threads = 1;
};

// Runs the baseline and every intervention. Replications of all variants are spread over the
// threads together; the result does not depend on the thread count.
ExperimentResult run_experiment(const LoadedScenario& loaded, const RunOptions& options);

// Writes summary.json, replications.csv, occupancy.csv (byte-identical for the same scenario, seed
// and version, whatever the thread count) and run.json (timings, threads: these vary) into dir.
void write_results(const ExperimentResult& result, const std::string& dir);

// The short table printed after a run: headline metrics by unit and variant with 95% CIs.
std::string format_table(const ExperimentResult& result);

}  // namespace flowsim::models
