#include "models/experiment.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include <boost/math/distributions/students_t.hpp>
#include <nlohmann/json.hpp>

#include "models/flow_model.h"
#include "models/report.h"
#include "models/text_table.h"
#include "sim/replication.h"
#include "sim/stats.h"

namespace flowsim::models {
namespace {

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = q * double(sorted.size() - 1);
  const size_t lo = size_t(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - double(lo));
}

// Formats a number for CSV: the shortest form that reads back to the same double, so output is
// exact and stable.
std::string exact(double v) {
  if (std::isnan(v)) return "";
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  return std::string(buf, ptr);
}

// A probability as planners say it: "1 in 4".
std::string one_in(double p) {
  if (!(p > 0)) return "never";
  const double n = 1.0 / p;
  if (n < 1.05) return "always";
  return "1 in " + format_fixed(n, n < 10 ? 1 : 0);
}

// The NHS headline metrics, in the order a planner reads them, where the scenario has them.
struct Headline {
  const char* metric;
  const char* label;
  int decimals;
  double scale;
};
constexpr Headline kHeadlines[] = {
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

}  // namespace

std::string format_fixed(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  // A small negative number rounded to zero is zero: "-0.0" reads as a sign that means something.
  if (buf[0] == '-' && std::strspn(buf + 1, "0.") == std::strlen(buf + 1)) return buf + 1;
  return buf;
}

std::string format_cell(const MetricSummary* s, int decimals, double scale) {
  if (s == nullptr) return "-";
  if (scale == 0) return one_in(s->mean);
  std::string out = format_fixed(s->mean * scale, decimals);
  if (s->n >= 2) out += " ± " + format_fixed((s->ci95_high - s->mean) * scale, decimals);
  return out;
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
  for (const auto& h : kHeadlines)
    if (v.find(h.metric) != nullptr) out.push_back({h.metric, h.label, h.decimals, h.scale});
  if (!out.empty()) return out;
  // No NHS units: each unit's wait, occupancy and losses, then the time in the system.
  for (const auto& name : v.metric_names) {
    if (name.rfind("unit.", 0) != 0) continue;
    const size_t dot = name.rfind('.');
    const std::string unit = name.substr(5, dot - 5);
    const std::string what = name.substr(dot + 1);
    if (what == "wait_mean_h") out.push_back({name, unit + ": mean wait, hours", 2, 1});
    if (what == "utilisation") out.push_back({name, unit + ": occupancy, %", 1, 100});
    if (what == "p_lost") out.push_back({name, unit + ": lost, %", 2, 100});
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

ExperimentResult run_experiment(const LoadedScenario& loaded, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ExperimentResult result;
  const Scenario& base = loaded.variants.front().scenario;
  result.scenario_name = base.name;
  result.scenario_path = loaded.path;
  result.scenario_sha256 = loaded.sha256;
  result.seed = options.seed.value_or(base.seed);
  result.replications = options.replications.value_or(base.replications);
  result.warmup_h = base.warmup.to_hours();
  result.horizon_h = base.horizon.to_hours();

  // Every (variant, replication) pair is one job; jobs are independent and stored by index.
  std::vector<Scenario> scenarios;
  struct Job {
    size_t variant;
    int replication;
  };
  std::vector<Job> jobs;
  for (size_t v = 0; v < loaded.variants.size(); ++v) {
    Scenario s = loaded.variants[v].scenario;
    if (options.seed) s.seed = *options.seed;
    if (options.replications) s.replications = *options.replications;
    VariantResult vr;
    vr.name = loaded.variants[v].name;
    vr.description = loaded.variants[v].description;
    vr.seed = s.seed;
    vr.replications = s.replications;
    vr.metric_names = metric_names(s);
    for (int u : occupancy_units(s)) vr.occupancy_units.push_back(s.units[size_t(u)].name);
    result.variants.push_back(std::move(vr));
    for (int r = 0; r < s.replications; ++r) jobs.push_back({v, r});
    scenarios.push_back(std::move(s));
  }
  const unsigned threads = options.threads == 0 ? sim::default_thread_count() : options.threads;
  result.threads = threads;
  std::function<ReplicationResult(size_t)> run = [&](size_t i) {
    return simulate(scenarios[jobs[i].variant], uint64_t(jobs[i].replication));
  };
  std::function<void(size_t)> on_done;
  if (options.progress) on_done = [&](size_t done) { options.progress(done, jobs.size()); };
  std::vector<ReplicationResult> outputs =
      sim::run_replications(jobs.size(), threads, run, on_done);

  for (size_t i = 0; i < jobs.size(); ++i) {
    VariantResult& vr = result.variants[jobs[i].variant];
    vr.values.push_back(std::move(outputs[i].metrics));
    // Occupancy shares, summed here and divided below: replications are added in index order,
    // so the sums do not depend on the thread count.
    vr.occupancy.resize(outputs[i].occupancy.size());
    for (size_t u = 0; u < outputs[i].occupancy.size(); ++u) {
      auto& sum = vr.occupancy[u];
      const auto& shares = outputs[i].occupancy[u];
      if (sum.size() < shares.size()) sum.resize(shares.size(), 0.0);
      for (size_t level = 0; level < shares.size(); ++level) sum[level] += shares[level];
    }
  }
  for (auto& vr : result.variants)
    for (auto& shares : vr.occupancy)
      for (double& x : shares) x /= double(vr.values.size());
  for (auto& vr : result.variants) {
    for (size_t m = 0; m < vr.metric_names.size(); ++m) {
      std::vector<double> column;
      for (const auto& rep : vr.values) column.push_back(rep[m]);
      vr.summary.push_back(summarise(column));
    }
  }
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

void write_results(const LoadedScenario& loaded, const ExperimentResult& r,
                   const std::string& dir) {
  using nlohmann::ordered_json;
  ordered_json summary;
  summary["tool"] = {{"name", "flowsim"}, {"version", FLOWSIM_VERSION}};
  summary["scenario"] = {{"name", r.scenario_name}, {"sha256", r.scenario_sha256}};
  summary["seed"] = r.seed;
  summary["replications"] = r.replications;
  summary["warmup_h"] = r.warmup_h;
  summary["horizon_h"] = r.horizon_h;
  ordered_json variants = ordered_json::object();
  for (const auto& v : r.variants) {
    ordered_json metrics = ordered_json::object();
    for (size_t m = 0; m < v.metric_names.size(); ++m) {
      const MetricSummary& s = v.summary[m];
      auto value = [](double x) { return std::isnan(x) ? ordered_json(nullptr) : ordered_json(x); };
      metrics[v.metric_names[m]] = {{"mean", value(s.mean)},
                                    {"sd", value(s.sd)},
                                    {"ci95_low", value(s.ci95_low)},
                                    {"ci95_high", value(s.ci95_high)},
                                    {"min", value(s.min)},
                                    {"max", value(s.max)},
                                    {"p10", value(s.p10)},
                                    {"p90", value(s.p90)},
                                    {"n", s.n}};
    }
    variants[v.name] = {{"description", v.description},
                        {"seed", v.seed},
                        {"replications", v.replications},
                        {"metrics", std::move(metrics)}};
  }
  summary["variants"] = std::move(variants);
  {
    std::ofstream out(dir + "/summary.json", std::ios::binary);
    out << summary.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + dir + "/summary.json");
  }
  {
    std::ofstream out(dir + "/replications.csv", std::ios::binary);
    out << "variant,replication,metric,value\n";
    for (const auto& v : r.variants) {
      for (size_t rep = 0; rep < v.values.size(); ++rep) {
        for (size_t m = 0; m < v.metric_names.size(); ++m) {
          out << v.name << ',' << rep + 1 << ',' << v.metric_names[m] << ','
              << exact(v.values[rep][m]) << '\n';
        }
      }
    }
    if (!out) throw std::runtime_error("cannot write " + dir + "/replications.csv");
  }
  {
    std::ofstream out(dir + "/occupancy.csv", std::ios::binary);
    out << "variant,unit,occupied,time_share,time_share_at_or_below\n";
    for (const auto& v : r.variants) {
      for (size_t u = 0; u < v.occupancy.size(); ++u) {
        double cumulative = 0;
        for (size_t level = 0; level < v.occupancy[u].size(); ++level) {
          cumulative += v.occupancy[u][level];
          out << v.name << ',' << v.occupancy_units[u] << ',' << level << ','
              << exact(v.occupancy[u][level]) << ',' << exact(std::min(cumulative, 1.0)) << '\n';
        }
      }
    }
    if (!out) throw std::runtime_error("cannot write " + dir + "/occupancy.csv");
  }
  {
    ordered_json run;
    run["scenario_path"] = r.scenario_path;
    run["threads"] = r.threads;
    run["wall_seconds"] = r.wall_seconds;
    std::ofstream out(dir + "/run.json", std::ios::binary);
    out << run.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + dir + "/run.json");
  }
  write_report(loaded, r, dir + "/report.html");
}

std::string format_table(const ExperimentResult& r) {
  const std::vector<std::string> units = result_units(r);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"unit", "variant"};
  for (const auto& c : unit_metrics()) header.push_back(c.label);
  rows.push_back(header);
  for (const auto& unit : units) {
    bool first = true;
    for (const auto& v : r.variants) {
      if (v.find("unit." + unit + ".arrivals") == nullptr) continue;
      std::vector<std::string> row = {first ? unit : "", v.name};
      first = false;
      for (const auto& c : unit_metrics())
        row.push_back(format_cell(v.find("unit." + unit + "." + c.metric), c.decimals, c.scale));
      rows.push_back(row);
    }
  }
  std::ostringstream out;
  out << r.scenario_name << "\n"
      << r.replications << " replications, seed " << r.seed << ", warm-up "
      << format_fixed(r.warmup_h / 24, 0) << " d discarded, "
      << format_fixed((r.horizon_h - r.warmup_h) / 24, 0)
      << " d measured. Each cell: mean over replications ± half-width of its 95% confidence "
         "interval.\n\n";
  out << render_table(rows, [](size_t c) { return c < 2; });
  out << '\n';

  // NHS headlines: a row per metric, a column per variant.
  std::vector<std::vector<std::string>> headlines;
  for (const auto& h : kHeadlines) {
    bool any = false;
    std::vector<std::string> row = {h.label};
    for (const auto& v : r.variants) {
      const MetricSummary* m = v.find(h.metric);
      any |= m != nullptr;
      row.push_back(format_cell(m, h.decimals, h.scale));
    }
    if (any) headlines.push_back(row);
  }
  if (!headlines.empty()) {
    std::vector<std::string> head = {"headline"};
    for (const auto& v : r.variants) head.push_back(v.name);
    headlines.insert(headlines.begin(), head);
    out << render_table(headlines, [](size_t c) { return c == 0; });
    out << '\n';
  }
  for (const auto& v : r.variants) {
    const MetricSummary* a = v.find("system.arrivals");
    const MetricSummary* t = v.find("system.time_in_system_mean_h");
    out << v.name << ": " << format_fixed(a ? a->mean : 0, 0)
        << " patients arrived in the measured period, " << format_cell(t, 2, 1.0)
        << " h in the system on average";
    if (!v.description.empty() && v.name != "baseline") out << ". " << v.description;
    out << '\n';
  }
  return out.str();
}

}  // namespace flowsim::models
