// The text tables printed after a run, and the cells they and the report share.
#include "output/tables.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "output/text_table.h"

namespace flowsim::models {
namespace {

// A difference with its sign: "+1.2", "-0.4", "0" when it rounds to nothing.
std::string signed_fixed(double v, int decimals) {
  std::string out = format_fixed(v, decimals);
  if (out == "-") return out;
  if (std::strtod(out.c_str(), nullptr) == 0) return format_fixed(0, decimals);
  return v > 0 ? "+" + out : out;
}

// Decimals enough for a difference not to read as zero (two more at most).
int decimals_for(double v, int decimals) {
  for (int extra = 0; extra < 2; ++extra)
    if (v == 0 || std::abs(v) >= 0.5 * std::pow(10.0, -(decimals + extra))) return decimals + extra;
  return decimals + 2;
}

// A probability as planners say it: "1 in 4".
std::string one_in(double p) {
  if (!(p > 0)) return "never";
  const double n = 1.0 / p;
  if (n < 1.05) return "always";
  return "1 in " + format_fixed(n, n < 10 ? 1 : 0);
}

// The columns of a sweep's terminal table: the outcomes a capacity decision turns on, where the
// scenario has them, else the first headline metrics.
std::vector<HeadlineMetric> sweep_columns(const VariantResult& v) {
  static const char* kPreferred[] = {"acute.occupancy_mean_pct", "acute.nctr_mean",
                                     "ed.within_4h_pct",         "ed.over_12h_pct",
                                     "vw.occupancy_mean_pct",    "elective.cancelled_no_bed",
                                     "elective.list_size_end",   "cost.total_gbp"};
  const auto all = headline_metrics(v);
  std::vector<HeadlineMetric> out;
  for (const char* m : kPreferred)
    for (const auto& h : all)
      if (h.metric == m) out.push_back(h);
  for (size_t i = 0; out.size() < 6 && i < all.size(); ++i)
    if (std::none_of(out.begin(), out.end(),
                     [&](const auto& h) { return h.metric == all[i].metric; }))
      out.push_back(all[i]);
  return out;
}

}  // namespace

ComparisonCells format_comparison(const Comparison& c, const HeadlineMetric& h) {
  const double scale = h.scale == 0 ? 100 : h.scale;
  const int decimals = decimals_for(c.difference.mean * scale, h.scale == 0 ? 2 : h.decimals);
  ComparisonCells cells;
  cells.baseline = format_fixed(c.baseline.mean * scale, decimals);
  cells.intervention = format_fixed(c.intervention_value.mean * scale, decimals);
  cells.difference = signed_fixed(c.difference.mean * scale, decimals);
  if (c.difference.n >= 2) {
    cells.difference += " (" + signed_fixed(c.difference.ci95_low * scale, decimals) + " to " +
                        signed_fixed(c.difference.ci95_high * scale, decimals) + ")";
  }
  return cells;
}

std::string format_cell(const MetricSummary* s, int decimals, double scale) {
  if (s == nullptr) return "-";
  if (scale == 0) return one_in(s->mean);
  std::string out = format_fixed(s->mean * scale, decimals);
  if (s->n >= 2) out += " ± " + format_fixed((s->ci95_high - s->mean) * scale, decimals);
  return out;
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
  for (const auto& h : nhs_headlines()) {
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
  // Each intervention against the baseline, paired by replication.
  std::vector<std::vector<std::string>> paired;
  const auto labels = headline_metrics(r.variants.front());
  for (const auto& c : r.comparisons) {
    const HeadlineMetric* h = nullptr;
    for (const auto& l : labels)
      if (l.metric == c.metric) h = &l;
    if (h == nullptr) continue;
    const ComparisonCells cells = format_comparison(c, *h);
    paired.push_back({c.intervention, h->label, cells.baseline, cells.intervention,
                      cells.difference, c.excludes_zero ? "yes" : "no"});
  }
  if (!paired.empty()) {
    out << "Interventions against the baseline, paired by replication (common random numbers):\n";
    paired.insert(paired.begin(), {"intervention", "headline", "baseline", "intervention",
                                   "difference (95% CI)", "CI excludes 0"});
    out << render_table(paired, [](size_t c) { return c < 2; });
    out << "\n";
  }

  // Sweeps: a row per point, the first few headline metrics (all are in sweep.csv).
  for (const auto& sw : r.sweeps) {
    if (sw.points.empty()) continue;
    const auto heads = sweep_columns(sw.points.front());
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> head;
    // The axis by its last key ("per_100k"); sweep.csv and the report name the whole pointer.
    for (const auto& axis : sw.axes) head.push_back(axis.substr(axis.rfind('/') + 1));
    for (const auto& h : heads) head.push_back(h.label);
    rows.push_back(head);
    for (const auto& p : sw.points) {
      std::vector<std::string> row = p.coordinates;
      row.resize(sw.axes.size());
      for (const auto& h : heads) row.push_back(format_cell(p.find(h.metric), h.decimals, h.scale));
      rows.push_back(row);
    }
    out << "Sweep " << sw.name << (sw.description.empty() ? "" : " (" + sw.description + ")")
        << (sw.variant == "baseline" ? "" : ", from " + sw.variant) << ":\n";
    out << render_table(rows, [&sw](size_t c) { return c < sw.axes.size(); });
    out << '\n';
  }
  if (r.precision) {
    out << "--precision " << format_fixed(r.precision->target, 3) << ": "
        << (r.precision->reached ? "reached" : "not reached") << " with "
        << r.precision->replications << " replications per variant"
        << (r.precision->reached ? "" : " (the cap)") << ".\n";
  }
  for (const auto& w : r.warnings) out << "warning: " << w << '\n';
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
