// Writing a run's results files: summary.json, the CSVs, run.json and report.html.
#include "output/results_files.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "output/report.h"
#include "sim/calendar.h"

namespace flowsim::models {
namespace {
// Formats a number for CSV: the shortest form that reads back to the same double, so output is
// exact and stable.
std::string exact(double v) {
  if (std::isnan(v)) return "";
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  return std::string(buf, ptr);
}

// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A headline's label for the metric's own units, as the CSV files hold them (the table shows
// shares as percentages and costs in millions).
std::string label_in_metric_units(const HeadlineMetric& h) {
  auto replaced = [&h](const std::string& from, const std::string& to) {
    std::string out = h.label;
    if (const size_t at = out.rfind(from); at != std::string::npos)
      out.replace(at, from.size(), to);
    return out;
  };
  if (h.scale == 100) return replaced("%", "share from 0 to 1");
  if (h.scale == 1e-6) return replaced("GBP million", "GBP");
  return h.label;
}

// Writes one results file, whole or with an error naming it: a full disk must not pass unseen.
void write_file(const std::string& dir, const std::string& name,
                const std::function<void(std::ostream&)>& write) {
  std::ofstream out(dir + "/" + name, std::ios::binary);
  write(out);
  if (!out) throw std::runtime_error("cannot write " + dir + "/" + name);
}

}  // namespace

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
  write_file(dir, "summary.json", [&](std::ostream& out) {
    // A file name that is not UTF-8 (from a Latin-1 system) must not lose a finished run.
    out << summary.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
  });
  write_file(dir, "replications.csv", [&](std::ostream& out) {
    out << "variant,replication,metric,value\n";
    for (const auto& v : r.variants) {
      for (size_t rep = 0; rep < v.values.size(); ++rep) {
        for (size_t m = 0; m < v.metric_names.size(); ++m) {
          out << v.name << ',' << rep + 1 << ',' << v.metric_names[m] << ','
              << exact(v.values[rep][m]) << '\n';
        }
      }
    }
  });
  write_file(dir, "occupancy.csv", [&](std::ostream& out) {
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
  });
  write_file(dir, "comparison.csv", [&](std::ostream& out) {
    out << "intervention,metric,label,replications,baseline_mean,baseline_ci95_low,"
           "baseline_ci95_high,intervention_mean,intervention_ci95_low,intervention_ci95_high,"
           "difference_mean,difference_ci95_low,difference_ci95_high,difference_pct,"
           "excludes_zero\n";
    const auto labels = headline_metrics(r.variants.front());
    for (const auto& c : r.comparisons) {
      std::string label;
      for (const auto& h : labels)
        if (h.metric == c.metric) label = label_in_metric_units(h);
      const double pct = c.baseline.mean != 0 ? 100 * c.difference.mean / c.baseline.mean : NAN;
      out << csv(c.intervention) << ',' << c.metric << ',' << csv(label) << ',' << c.difference.n
          << ',' << exact(c.baseline.mean) << ',' << exact(c.baseline.ci95_low) << ','
          << exact(c.baseline.ci95_high) << ',' << exact(c.intervention_value.mean) << ','
          << exact(c.intervention_value.ci95_low) << ',' << exact(c.intervention_value.ci95_high)
          << ',' << exact(c.difference.mean) << ',' << exact(c.difference.ci95_low) << ','
          << exact(c.difference.ci95_high) << ',' << exact(pct) << ','
          << (c.excludes_zero ? "true" : "false") << '\n';
    }
  });
  if (!r.sweeps.empty()) {
    write_file(dir, "sweep.csv", [&](std::ostream& out) {
      out << "sweep,variant,point,axis_1,value_1,axis_2,value_2,metric,mean,ci95_low,ci95_high,"
             "p10,p90,replications\n";
      for (const auto& sw : r.sweeps) {
        for (size_t i = 0; i < sw.points.size(); ++i) {
          const VariantResult& p = sw.points[i];
          std::string where;
          for (size_t a = 0; a < 2; ++a) {
            const bool has = a < sw.axes.size() && a < p.coordinates.size();
            where += ',' + (has ? csv(sw.axes[a]) : "") + ',' + (has ? csv(p.coordinates[a]) : "");
          }
          for (const auto& h : headline_metrics(p)) {
            const MetricSummary& m = *p.find(h.metric);
            out << csv(sw.name) << ',' << csv(sw.variant) << ',' << i + 1 << where << ','
                << h.metric << ',' << exact(m.mean) << ',' << exact(m.ci95_low) << ','
                << exact(m.ci95_high) << ',' << exact(m.p10) << ',' << exact(m.p90) << ',' << m.n
                << '\n';
          }
        }
      }
    });
  }
  write_file(dir, "daily.csv", [&](std::ostream& out) {
    out << "variant,day,date,in_warmup,series,p10,median,p90\n";
    const sim::Calendar calendar(r.start_minutes);
    for (const auto& v : r.variants) {
      for (size_t d = 0; d < v.daily.size(); ++d) {
        const std::string date = sim::format_date(
            calendar.date(sim::Time::ticks(int64_t(d) * sim::Duration::kTicksPerDay)));
        const bool warmup = 24.0 * double(d + 1) <= r.warmup_h + 1e-9;
        for (size_t k = 0; k < v.daily_names.size(); ++k) {
          const DailyBand& b = v.daily[d][k];
          out << csv(v.name) << ',' << d << ',' << date << ',' << (warmup ? 1 : 0) << ','
              << v.daily_names[k] << ',' << exact(b.p10) << ',' << exact(b.median) << ','
              << exact(b.p90) << '\n';
        }
      }
    }
  });
  {
    ordered_json run;
    run["scenario_path"] = r.scenario_path;
    run["threads"] = r.threads;
    run["wall_seconds"] = r.wall_seconds;
    write_file(dir, "run.json", [&](std::ostream& out) {
      out << run.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
    });
  }
  write_file(dir, "report.html", [&](std::ostream& out) { out << report_html(loaded, r); });
}

}  // namespace flowsim::models
