// Running every variant and sweep point of a scenario over its replications, spread across the
// threads, with common random numbers; then comparing, checking and warning.
#include "experiment/experiment.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>

#include "experiment/comparisons.h"
#include "experiment/precision.h"
#include "experiment/stability.h"
#include "experiment/warmup.h"
#include "model/flow_model.h"
#include "sim/replication.h"

namespace flowsim::models {
namespace {

// What the replications of one variant have produced so far, gathered in replication order.
struct Accumulator {
  const Scenario* scenario = nullptr;
  VariantResult* result = nullptr;
  std::vector<std::vector<double>> occupancy_sum;  // [unit][level]
  std::vector<float> daily;                        // [replication][day][series], flattened
  size_t days = 0;
  RunHealth health;     // for the warnings of an unstable scenario
  size_t expected = 0;  // replications this run will have at the end of the current round

  // Room for every replication of the round at once: grown a doubling at a time, the daily
  // values held up to three times their size while they were copied (24 MB more at the peak of
  // 1,000 replications of the acute-trust baseline).
  void expect(size_t replications) {
    expected = replications;
    result->values.reserve(replications);
    if (days > 0) daily.reserve(replications * days * result->daily_names.size());
  }

  void add(ReplicationResult&& r) {
    health.add(r);
    result->values.push_back(std::move(r.metrics));
    if (result->values.size() == 1) {
      days = r.daily.size();
      expect(expected);
    }
    occupancy_sum.resize(r.occupancy.size());
    for (size_t u = 0; u < r.occupancy.size(); ++u) {
      auto& sum = occupancy_sum[u];
      if (sum.size() < r.occupancy[u].size()) sum.resize(r.occupancy[u].size(), 0.0);
      for (size_t level = 0; level < r.occupancy[u].size(); ++level)
        sum[level] += r.occupancy[u][level];
    }
    const size_t series = result->daily_names.size();
    for (size_t d = 0; d < days; ++d) {
      for (size_t k = 0; k < series; ++k) {
        const bool have = d < r.daily.size() && k < r.daily[d].size();
        daily.push_back(have ? float(r.daily[d][k]) : std::nanf(""));
      }
    }
  }

  // Summaries, occupancy shares and daily bands from everything gathered.
  void finish() {
    VariantResult& v = *result;
    const size_t n = v.values.size();
    v.replications = int(n);
    v.summary.clear();
    for (size_t m = 0; m < v.metric_names.size(); ++m) {
      std::vector<double> column;
      column.reserve(n);
      for (const auto& rep : v.values) column.push_back(rep[m]);
      v.summary.push_back(summarise(column));
    }
    v.occupancy = occupancy_sum;
    for (auto& shares : v.occupancy)
      for (double& x : shares) x /= double(n);
    const size_t series = v.daily_names.size();
    v.daily.assign(days, std::vector<DailyBand>(series));
    std::vector<double> across(n);
    for (size_t d = 0; d < days; ++d) {
      for (size_t k = 0; k < series; ++k) {
        size_t have = 0;
        for (size_t r = 0; r < n; ++r) {
          const float x = daily[(r * days + d) * series + k];
          if (!std::isnan(x)) across[have++] = x;
        }
        v.daily[d][k] =
            daily_band(std::vector<double>(across.begin(), across.begin() + long(have)));
      }
    }
  }
};

VariantResult start_variant(const Variant& variant, const Scenario& s) {
  VariantResult vr;
  vr.name = variant.name;
  vr.description = variant.description;
  vr.seed = s.seed;
  vr.metric_names = metric_names(s);
  vr.daily_names = daily_series_names(s);
  vr.coordinates = variant.coordinates;
  for (int u : occupancy_units(s)) vr.occupancy_units.push_back(s.units[size_t(u)].name);
  return vr;
}

}  // namespace

ExperimentResult run_experiment(const LoadedScenario& loaded, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ExperimentResult result;
  const Scenario& base = loaded.variants.front().scenario;
  result.scenario_name = base.name;
  result.scenario_path = loaded.path;
  result.scenario_sha256 = loaded.sha256;
  result.seed = options.seed.value_or(base.seed);
  result.warmup_h = base.warmup.to_hours();
  result.horizon_h = base.horizon.to_hours();
  result.start_minutes = base.start_minutes;

  // Every variant and sweep point runs with the baseline's seed: replication r of each draws the
  // same patients (common random numbers). The loader keeps seed and period the same for all.
  std::vector<Scenario> scenarios;
  for (const auto& v : loaded.variants) {
    scenarios.push_back(v.scenario);
    result.variants.push_back(start_variant(v, scenarios.back()));
  }
  for (const auto& sweep : loaded.sweeps) {
    SweepResult sr;
    sr.name = sweep.name;
    sr.description = sweep.description;
    sr.variant = sweep.variant;
    for (const auto& axis : sweep.axes) sr.axes.push_back(axis.label());
    for (const auto& point : sweep.points) {
      scenarios.push_back(point.scenario);
      sr.points.push_back(start_variant(point, scenarios.back()));
    }
    result.sweeps.push_back(std::move(sr));
  }
  for (auto& s : scenarios) s.seed = result.seed;
  std::vector<Accumulator> runs;
  {
    size_t i = 0;
    for (auto& v : result.variants) runs.push_back({&scenarios[i++], &v, {}, {}, 0, {}, 0});
    for (auto& sr : result.sweeps)
      for (auto& p : sr.points) runs.push_back({&scenarios[i++], &p, {}, {}, 0, {}, 0});
  }

  const unsigned threads = options.threads == 0 ? sim::default_thread_count() : options.threads;
  result.threads = threads;
  int replications = options.replications.value_or(base.replications);
  if (options.precision) {
    replications = std::max(replications, 3);
    result.precision = PrecisionResult{*options.precision, options.max_replications, 0, false, {}};
    replications = std::min(replications, options.max_replications);
  }
  const SimulationLimits limits{options.max_patients_inside, options.stop};
  std::function<bool()> should_stop;
  if (options.stop) should_stop = [&] { return options.stop->load(std::memory_order_relaxed); };
  size_t done_before = 0;
  int have = 0;
  for (;;) {
    // Replications [have, replications) of every run, spread over the threads together.
    struct Job {
      size_t run;
      int replication;
    };
    std::vector<Job> jobs;
    for (auto& run : runs) run.expect(size_t(replications));
    for (size_t k = 0; k < runs.size(); ++k)
      for (int r = have; r < replications; ++r) jobs.push_back({k, r});
    std::atomic<size_t> finished{0};  // replications that ran to their end
    std::function<ReplicationResult(size_t)> simulate_job = [&](size_t i) {
      ReplicationResult r =
          simulate(*runs[jobs[i].run].scenario, uint64_t(jobs[i].replication), limits);
      ++finished;
      return r;
    };
    std::function<void(size_t)> on_done;
    if (options.progress) {
      const size_t total = done_before + jobs.size();
      on_done = [&, total](size_t done) { options.progress(done_before + done, total); };
    }
    // Jobs are ordered by run, then replication: each run's replications arrive in order, each
    // folded in as soon as those before it are, so memory does not grow with their number.
    try {
      sim::run_replications_in_order<ReplicationResult>(
          jobs.size(), threads, simulate_job,
          [&](size_t i, ReplicationResult&& r) { runs[jobs[i].run].add(std::move(r)); }, on_done,
          should_stop);
    } catch (const Interrupted&) {
      throw Interrupted(done_before + finished, done_before + jobs.size());
    }
    if (finished < jobs.size())
      throw Interrupted(done_before + finished, done_before + jobs.size());
    done_before += jobs.size();
    have = replications;
    for (auto& run : runs) run.finish();
    if (!result.precision) break;
    replications = next_precision_round(*result.precision, result.variants, have);
    if (replications == 0) break;
  }
  result.replications = have;

  result.comparisons = compare_with_baseline(result.variants);
  std::vector<bool> dated;
  for (size_t v = 0; v < result.variants.size(); ++v)
    dated.push_back(has_dated_changes(scenarios[v]));
  check_warmup(result, dated, result.warnings);
  // `runs` holds the variants, then every sweep's points, in order, as `scenarios` does.
  std::vector<RunHealth> health;
  for (auto& run : runs) health.push_back(std::move(run.health));
  for (auto& w : stability_warnings(result, scenarios, health, options.max_patients_inside))
    result.warnings.push_back(std::move(w));
  if (result.precision && !result.precision->reached)
    result.warnings.push_back(precision_warning(*result.precision, have));
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

RunSize estimate_run_size(const LoadedScenario& loaded, const RunOptions& options) {
  RunRequest request;
  request.replications = options.replications;
  if (options.precision) request.precision_cap = options.max_replications;
  request.threads = options.threads;
  return estimate_run_size(loaded, request);
}

}  // namespace flowsim::models
