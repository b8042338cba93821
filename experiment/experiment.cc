#include "experiment/experiment.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>

#include <boost/math/distributions/students_t.hpp>

#include "experiment/safety.h"
#include "model/flow_model.h"
#include "sim/calendar.h"
#include "sim/replication.h"
#include "sim/stats.h"
#include "sim/warmup.h"

namespace flowsim::models {
namespace {

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = q * double(sorted.size() - 1);
  const size_t lo = size_t(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - double(lo));
}

}  // namespace

std::string format_fixed(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  // A small negative number rounded to zero is zero: "-0.0" reads as a sign that means something.
  if (buf[0] == '-' && std::strspn(buf + 1, "0.") == std::strlen(buf + 1)) return buf + 1;
  return buf;
}

const std::vector<HeadlineMetric>& nhs_headlines() {
  static const std::vector<HeadlineMetric> kHeadlines = {
      {"ed.attendances", "A&E attendances", 0, 1},
      {"ed.within_4h_pct", "A&E: left within 4 hours, %", 1, 1},
      {"ed.over_12h_pct", "A&E: over 12 hours from arrival, %", 2, 1},
      {"ed.dta_over_12h", "A&E: 12-hour waits from decision to admit", 0, 1},
      {"ed.handover_mean_min", "ambulance handover, mean minutes", 1, 1},
      {"ed.left_without_being_seen", "left A&E without being seen", 0, 1},
      {"acute.admissions", "acute admissions", 0, 1},
      {"acute.occupancy_mean_pct", "acute bed occupancy, mean %", 1, 1},
      {"acute.occupancy_p95_pct", "acute bed occupancy, 95th percentile %", 1, 1},
      {"acute.los_mean_d", "acute length of stay, mean days", 2, 1},
      {"acute.nctr_mean", "patients with no criteria to reside", 1, 1},
      {"acute.escalation_bed_days", "escalation bed-days", 0, 1},
      {"vw.occupancy_mean_pct", "virtual-ward occupancy, %", 1, 1},
      {"vw.step_up", "virtual-ward step-ups", 0, 1},
      {"vw.step_down", "virtual-ward step-downs", 0, 1},
      {"elective.treated", "elective operations", 0, 1},
      {"elective.cancelled_no_bed", "operations cancelled for want of a bed", 0, 1},
      {"elective.list_size_end", "waiting list at the end", 0, 1},
      {"elective.over_52w_end", "waiting over 52 weeks at the end", 0, 1},
      {"elective.over_65w_end", "waiting over 65 weeks at the end", 0, 1},
      {"elective.over_78w_end", "waiting over 78 weeks at the end", 0, 1},
      {"cost.total_gbp", "total cost, GBP million", 2, 1e-6},
  };
  return kHeadlines;
}

const std::vector<HeadlineMetric>& unit_metrics() {
  static const std::vector<HeadlineMetric> kColumns = {
      {"arrivals", "arrivals", 0, 1},
      {"wait_mean_h", "wait h", 2, 1},
      {"wait_p95_h", "wait p95 h", 1, 1},
      {"blocked_mean_h", "blocked h", 2, 1},
      {"occupancy_mean", "occupied", 1, 1},
      {"utilisation", "occupancy %", 1, 100},
      {"p_full_on_arrival", "full on arrival", 0, 0},
      {"p_lost", "lost %", 2, 100}};
  return kColumns;
}

std::vector<std::string> result_units(const ExperimentResult& r) {
  std::vector<std::string> units;
  for (const auto& v : r.variants) {
    for (const auto& name : v.metric_names) {
      if (name.rfind("unit.", 0) != 0) continue;
      const std::string unit = name.substr(5, name.rfind('.') - 5);
      if (std::find(units.begin(), units.end(), unit) == units.end()) units.push_back(unit);
    }
  }
  return units;
}

MetricSummary summarise(const std::vector<double>& values) {
  MetricSummary m;
  sim::Tally t;
  for (double v : values) t.add(v);
  m.n = int(values.size());
  m.mean = t.mean();
  m.sd = t.sd();
  m.min = t.min();
  m.max = t.max();
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  m.p10 = quantile_sorted(sorted, 0.10);
  m.p90 = quantile_sorted(sorted, 0.90);
  if (m.n >= 2) {
    const boost::math::students_t dist(double(m.n - 1));
    const double half = boost::math::quantile(dist, 0.975) * m.sd / std::sqrt(double(m.n));
    m.ci95_low = m.mean - half;
    m.ci95_high = m.mean + half;
  } else {
    m.ci95_low = m.ci95_high = std::nan("");
  }
  return m;
}

std::vector<HeadlineMetric> headline_metrics(const VariantResult& v) {
  std::vector<HeadlineMetric> out;
  for (const auto& h : nhs_headlines())
    if (v.find(h.metric) != nullptr) out.push_back(h);
  if (!out.empty()) return out;
  // No NHS units: each unit's wait, occupancy and losses, then the time in the system.
  std::vector<std::string> units;
  for (const auto& name : v.metric_names) {
    if (name.rfind("unit.", 0) != 0) continue;
    const std::string unit = name.substr(5, name.rfind('.') - 5);
    if (std::find(units.begin(), units.end(), unit) == units.end()) units.push_back(unit);
  }
  for (const auto& unit : units) {
    const std::string m = "unit." + unit + ".";
    if (v.find(m + "wait_mean_h"))
      out.push_back({m + "wait_mean_h", unit + ": mean wait, hours", 2, 1});
    if (v.find(m + "utilisation"))
      out.push_back({m + "utilisation", unit + ": occupancy, %", 1, 100});
    if (v.find(m + "p_lost")) out.push_back({m + "p_lost", unit + ": lost, %", 2, 100});
  }
  if (v.find("system.time_in_system_mean_h") != nullptr)
    out.push_back({"system.time_in_system_mean_h", "time in the system, mean hours", 2, 1});
  return out;
}

const MetricSummary* VariantResult::find(const std::string& metric) const {
  for (size_t i = 0; i < metric_names.size(); ++i)
    if (metric_names[i] == metric) return &summary[i];
  return nullptr;
}

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
        std::vector<double> sorted(across.begin(), across.begin() + long(have));
        std::sort(sorted.begin(), sorted.end());
        DailyBand& band = v.daily[d][k];
        band.p10 = float(quantile_sorted(sorted, 0.10));
        band.median = float(quantile_sorted(sorted, 0.50));
        band.p90 = float(quantile_sorted(sorted, 0.90));
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

// The headline metrics of the baseline and interventions whose 95% interval is wider than
// `target` of the mean, and the replications each would need (the half-width shrinks as
// 1/sqrt(n)); a metric that is exactly zero in every replication needs no more.
int replications_for_precision(const std::vector<VariantResult>& variants, double target,
                               std::vector<std::string>& unmet) {
  unmet.clear();
  int needed = 0;
  for (const auto& v : variants) {
    for (const auto& h : headline_metrics(v)) {
      const MetricSummary* m = v.find(h.metric);
      if (m == nullptr || m->n < 2 || (m->sd == 0 && m->mean == 0)) continue;
      const double half = m->ci95_high - m->mean;
      const double allowed = target * std::abs(m->mean);
      if (half <= allowed) continue;
      unmet.push_back(v.name + ": " + h.metric);
      const double ratio = allowed > 0 ? half / allowed : 1e9;
      needed = std::max(needed, int(std::min(1e9, std::ceil(double(m->n) * ratio * ratio))));
    }
  }
  return needed;
}

// Whether a scenario changes with the calendar (dated arrival periods or capacity lines): then it
// has no steady state for a warm-up to reach.
bool has_dated_changes(const Scenario& s) {
  for (const auto& a : s.arrivals)
    if (!a.profile.periods.empty()) return true;
  for (const auto& u : s.units)
    for (const auto& rule : u.capacity.schedule)
      if (rule.dated) return true;
  return false;
}

// MSER-5 on the median daily occupancy of each unit. MSER alone mistakes the slow wander of a
// long-stay ward for a transient, so it warns only when the first five measured days are still
// away from the level the run settles to (by more than 5% and two standard deviations of its
// five-day means): a warm-up that is really too short.
void check_warmup(const ExperimentResult& r, const std::vector<bool>& dated,
                  std::vector<std::string>& warnings) {
  const auto warmup_days = size_t(std::llround(r.warmup_h / 24));
  for (size_t vi = 0; vi < r.variants.size(); ++vi) {
    const VariantResult& v = r.variants[vi];
    if (dated[vi]) continue;
    size_t worst = 0;
    std::string worst_unit;
    for (size_t k = 0; k < v.daily_names.size(); ++k) {
      const std::string& name = v.daily_names[k];
      const std::string suffix = ".occupancy";
      if (name.rfind("unit.", 0) != 0 || name.size() <= 5 + suffix.size() ||
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      std::vector<double> path;
      for (const auto& day : v.daily) path.push_back(day[k].median);
      const size_t settle = sim::mser_truncation(path, 5);
      if (settle <= warmup_days + 5 || settle <= worst || warmup_days + 5 > path.size()) continue;
      sim::Tally batches;
      for (size_t d = settle; d + 5 <= path.size(); d += 5)
        batches.add(std::accumulate(path.begin() + long(d), path.begin() + long(d + 5), 0.0) / 5);
      const double first = std::accumulate(path.begin() + long(warmup_days),
                                           path.begin() + long(warmup_days + 5), 0.0) /
                           5;
      if (std::abs(first - batches.mean()) > 0.05 * std::abs(batches.mean()) + 2 * batches.sd()) {
        worst = settle;
        worst_unit = name.substr(5, name.size() - 5 - suffix.size());
      }
    }
    if (worst > 0) {
      warnings.push_back(v.name + ": the warm-up looks too short: the daily occupancy of " +
                         worst_unit + " settles only after about " + std::to_string(worst) +
                         " days (MSER-5), but the warm-up discards " + std::to_string(warmup_days) +
                         "; consider \"warmup\": \"" + std::to_string(worst) +
                         "d\", or start from today's patients " + "(\"initial\")");
    }
  }
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
    PrecisionResult& p = *result.precision;
    const int needed = replications_for_precision(result.variants, p.target, p.unmet);
    p.replications = have;
    if (p.unmet.empty()) {
      p.reached = true;
      break;
    }
    if (have >= p.cap) break;
    // Grow towards the estimate, but at most double at a time: early estimates are noisy.
    replications = std::min({p.cap, std::max(needed, have + 1), 2 * have});
  }
  result.replications = have;

  const VariantResult& baseline = result.variants.front();
  for (size_t v = 1; v < result.variants.size(); ++v) {
    const VariantResult& iv = result.variants[v];
    for (const auto& h : headline_metrics(baseline)) {
      const auto b =
          std::find(baseline.metric_names.begin(), baseline.metric_names.end(), h.metric);
      const auto i = std::find(iv.metric_names.begin(), iv.metric_names.end(), h.metric);
      if (i == iv.metric_names.end()) continue;
      const size_t bm = size_t(b - baseline.metric_names.begin());
      const size_t im = size_t(i - iv.metric_names.begin());
      std::vector<double> difference;
      for (size_t r = 0; r < iv.values.size(); ++r)
        difference.push_back(iv.values[r][im] - baseline.values[r][bm]);
      Comparison c{iv.name, h.metric, baseline.summary[bm], iv.summary[im], summarise(difference),
                   false};
      c.excludes_zero =
          c.difference.n >= 2 && (c.difference.ci95_low > 0 || c.difference.ci95_high < 0);
      result.comparisons.push_back(std::move(c));
    }
  }
  std::vector<bool> dated;
  for (size_t v = 0; v < result.variants.size(); ++v)
    dated.push_back(has_dated_changes(scenarios[v]));
  check_warmup(result, dated, result.warnings);
  // Unstable variants, each in its own words; a sweep's unstable points, together. `runs` holds
  // the variants, then every sweep's points, in order.
  auto run = runs.begin();
  for (const auto& v : result.variants) {
    for (auto& w :
         stability_warnings(v.name, *run->scenario, run->health, options.max_patients_inside))
      result.warnings.push_back(std::move(w));
    ++run;
  }
  for (const auto& sweep : result.sweeps) {
    std::string unstable;
    size_t count = 0;
    for (const auto& point : sweep.points) {
      if (run->health.unstable()) {
        std::string label;
        for (size_t a = 0; a < sweep.axes.size() && a < point.coordinates.size(); ++a)
          label += (label.empty() ? "" : " ") + sweep.axes[a] + "=" + point.coordinates[a];
        unstable += (unstable.empty() ? "" : "; ") + label;
        ++count;
      }
      ++run;
    }
    if (count > 0)
      result.warnings.push_back(
          "sweep " + sweep.name + ": unstable at " + std::to_string(count) + " of " +
          std::to_string(sweep.points.size()) + " points (" + unstable +
          "): patients inside grew through the measured period or reached flowsim's limit, so "
          "waits there depend on the horizon rather than settling");
  }
  if (result.precision && !result.precision->reached) {
    std::string list;
    for (const auto& m : result.precision->unmet) list += (list.empty() ? "" : "; ") + m;
    result.warnings.push_back("--precision " + format_fixed(result.precision->target, 3) +
                              " was not reached with " + std::to_string(have) +
                              " replications (the cap): " + list);
  }
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace flowsim::models
