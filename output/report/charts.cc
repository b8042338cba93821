#include "output/report/parts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>
#include <thread>

#include "analysis/estimate.h"
#include "analysis/network.h"
#include "output/text_table.h"

namespace flowsim::models::report {

// --- series -----------------------------------------------------------------------------------

SeriesText series_text(const std::string& name) {
  if (name == "ed.within_4h_pct")
    return {"A&E: left within 4 hours", "% of those leaving that day"};
  if (name == "ed.boarding")
    return {"A&E: patients boarding (admitted, waiting for a bed)", "patients"};
  if (name == "acute.nctr") return {"Patients with no criteria to reside", "patients"};
  if (name == "vw.occupancy") return {"Virtual wards: places occupied", "places"};
  if (name == "elective.list_size")
    return {"Elective waiting list", "patients at the end of the day"};
  if (name.rfind("unit.", 0) == 0 && name.size() > 15 &&
      name.compare(name.size() - 10, 10, ".occupancy") == 0)
    return {name.substr(5, name.size() - 15) + ": places occupied", "places"};
  return {name, ""};
}

// The daily series in the order a planner reads them: the system's first, then unit by unit.
std::vector<std::string> daily_series(const ExperimentResult& r) {
  std::vector<std::string> names;
  for (const auto& v : r.variants)
    for (const auto& n : v.daily_names)
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  std::stable_partition(names.begin(), names.end(),
                        [](const std::string& n) { return n.rfind("unit.", 0) != 0; });
  return names;
}

namespace {

// A unit's places in force throughout the run, for a reference line: its fixed capacity (within
// the staff's limit), or 0 when it has none (unlimited, or a schedule).
int64_t constant_capacity(const Unit& u) {
  if (!u.capacity.schedule.empty() || u.capacity.unlimited()) return 0;
  return std::min(u.capacity.fixed, u.staffed_limit);
}

}  // namespace

void fan_chart(std::ostream& o, const ExperimentResult& r, const Scenario& base,
               const std::string& series) {
  struct Line {
    size_t variant;
    const std::vector<std::vector<DailyBand>>* daily;
    size_t index;
  };
  std::vector<Line> lines;
  size_t days = 0;
  double lo = INFINITY, hi = -INFINITY;
  for (size_t v = 0; v < r.variants.size(); ++v) {
    const auto& names = r.variants[v].daily_names;
    const auto it = std::find(names.begin(), names.end(), series);
    if (it == names.end()) continue;
    const size_t k = size_t(it - names.begin());
    lines.push_back({v, &r.variants[v].daily, k});
    days = std::max(days, r.variants[v].daily.size());
    for (const auto& day : r.variants[v].daily) {
      if (k >= day.size()) continue;
      for (float x : {day[k].p10, day[k].median, day[k].p90}) {
        if (!std::isfinite(x)) continue;
        lo = std::min(lo, double(x));
        hi = std::max(hi, double(x));
      }
    }
  }
  if (lines.empty() || days == 0) return;
  // Reference lines: a unit's capacity, and with its escalation beds.
  std::vector<std::pair<double, std::string>> references;
  if (series.rfind("unit.", 0) == 0 && series_text(series).unit == "places") {
    const int u = base.unit_index(series.substr(5, series.size() - 15));
    if (u >= 0) {
      const Unit& unit = base.units[size_t(u)];
      if (const int64_t cap = constant_capacity(unit); cap > 0) {
        references.push_back({double(cap), "capacity " + grouped(double(cap), 0)});
        if (unit.escalation.beds > 0)
          references.push_back(
              {double(cap + unit.escalation.beds),
               "with escalation " + grouped(double(cap + unit.escalation.beds), 0)});
      }
    }
  }
  for (const auto& ref : references) lo = std::min(lo, ref.first), hi = std::max(hi, ref.first);
  if (series == "ed.within_4h_pct") hi = std::min(std::max(hi, lo + 1), 100.0);
  if (lo > hi) lo = hi = 0;

  const SeriesText text = series_text(series);
  const Ticks y = nice_ticks(lo, hi, 4);
  Frame f;
  f.x_lo = 0;
  f.x_hi = double(days);
  f.y_lo = y.lo;
  f.y_hi = y.hi;
  const double warmup_days = std::min(r.warmup_h / 24, double(days));

  o << "<figure class=\"chart-box\"><figcaption>" << esc(text.title) << "</figcaption>";
  std::vector<LegendKey> keys;
  for (const auto& l : lines)
    keys.push_back({colour(l.variant), r.variants[l.variant].name, LegendKey::Mark::kLine});
  keys.push_back({"#777", "10–90% of replications", LegendKey::Mark::kBand});
  if (warmup_days > 0) keys.push_back({"#777", "warm-up", LegendKey::Mark::kShade});
  legend(o, keys);
  open_svg(o, f, text.title);
  if (warmup_days > 0) {
    o << "<rect class=\"warmup\" x=\"" << px(f.x(0)) << "\" y=\"" << px(f.top) << "\" width=\""
      << px(f.x(warmup_days) - f.x(0)) << "\" height=\"" << px(f.height - f.top - f.bottom)
      << "\"><title>warm-up: " << esc(days_text(r.warmup_h))
      << ", discarded from every statistic</title></rect>";
  }
  draw_axes(o, f, y, text.unit, date_ticks(base.start_minutes, double(days)), "");
  // Thin long runs to about 300 points a line: finer than the chart can show.
  const size_t stride = std::max<size_t>(1, (days + 299) / 300);
  std::vector<std::pair<size_t, std::string>> medians;
  for (const auto& l : lines) {
    const auto& daily = *l.daily;
    std::string band;
    PathBuilder median;
    // The band is drawn in pieces between missing days: p90 forwards then p10 back.
    std::vector<std::pair<double, const DailyBand*>> piece;
    auto flush = [&] {
      if (piece.size() >= 2) {
        PathBuilder p;
        for (const auto& [x, b] : piece) p.add(f.x(x), f.y(b->p90));
        for (auto it = piece.rbegin(); it != piece.rend(); ++it)
          p.add(f.x(it->first), f.y(it->second->p10));
        band += p.d + 'Z';
      }
      piece.clear();
    };
    for (size_t d = 0; d < daily.size(); d += stride) {
      if (l.index >= daily[d].size()) continue;
      const DailyBand& b = daily[d][l.index];
      const double x = double(d) + 0.5;
      if (std::isfinite(b.p10) && std::isfinite(b.p90)) {
        piece.push_back({x, &b});
      } else {
        flush();
      }
      median.add(f.x(x), f.y(b.median));
    }
    flush();
    const char* c = colour(l.variant);
    if (!band.empty()) o << "<path class=\"band\" fill=\"" << c << "\" d=\"" << band << "\"/>";
    medians.push_back({l.variant, median.d});
  }
  // Common random numbers keep the variants' lines close: the baseline is drawn widest and first,
  // each intervention narrower on top, so that every line shows where they coincide.
  for (size_t i = 0; i < medians.size(); ++i) {
    if (medians[i].second.empty()) continue;
    o << "<path class=\"median\" stroke=\"" << colour(medians[i].first) << "\" stroke-width=\""
      << px(medians.size() == 1 ? 1.6 : 2.6 - 1.4 * double(i) / double(medians.size() - 1))
      << "\" d=\"" << medians[i].second << "\"><title>" << esc(r.variants[medians[i].first].name)
      << ": median across replications</title></path>";
  }
  for (const auto& [value, label] : references) {
    o << "<line class=\"reference\" x1=\"" << px(f.left) << "\" x2=\"" << px(f.width - f.right)
      << "\" y1=\"" << px(f.y(value)) << "\" y2=\"" << px(f.y(value)) << "\"/>";
    o << "<text class=\"reference-label halo\" x=\"" << px(f.width - f.right - 2) << "\" y=\""
      << px(f.y(value) - 3) << "\" text-anchor=\"end\">" << esc(label) << "</text>";
  }
  o << "</svg></figure>\n";
}

// --- sweeps -----------------------------------------------------------------------------------

namespace {

// The last token of a JSON pointer, for a legend: "/units/ward/capacity" is "capacity".
std::string pointer_name(const std::string& pointer) {
  return pointer.substr(pointer.rfind('/') + 1);
}

// A sweep coordinate (JSON text) as a reader would write it: a string without its quotes.
std::string value_text(const std::string& json) {
  const auto value = nlohmann::json::parse(json, nullptr, false);
  return value.is_string() ? value.get<std::string>() : json;
}

}  // namespace

// A sweep chart of one headline metric: its mean and 95% interval against the first axis, a line
// per value of the second. Non-numeric values on the first axis are spaced evenly.
void sweep_chart(std::ostream& o, const SweepResult& s, const HeadlineMetric& h) {
  std::vector<std::string> first_values, groups;
  bool numeric = true;
  for (const auto& p : s.points) {
    if (p.coordinates.empty()) continue;
    if (std::find(first_values.begin(), first_values.end(), p.coordinates[0]) == first_values.end())
      first_values.push_back(p.coordinates[0]);
    const std::string g = p.coordinates.size() > 1 ? p.coordinates[1] : "";
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
    const auto value = nlohmann::json::parse(p.coordinates[0], nullptr, false);
    numeric &= value.is_number();
  }
  if (first_values.empty()) return;
  auto x_of = [&](const std::string& coordinate) {
    if (numeric) return nlohmann::json::parse(coordinate).get<double>();
    return double(std::find(first_values.begin(), first_values.end(), coordinate) -
                  first_values.begin());
  };
  // A probability (scale 0, shown as "1 in n" in tables) is plotted as a percentage.
  const double scale = h.scale == 0 ? 100 : h.scale;
  struct Point {
    double x, mean, lo, hi;
  };
  std::vector<std::vector<Point>> lines(groups.size());
  double x_lo = INFINITY, x_hi = -INFINITY, lo = INFINITY, hi = -INFINITY;
  for (const auto& p : s.points) {
    const MetricSummary* m = p.find(h.metric);
    if (m == nullptr || p.coordinates.empty()) continue;
    const std::string g = p.coordinates.size() > 1 ? p.coordinates[1] : "";
    const size_t gi = size_t(std::find(groups.begin(), groups.end(), g) - groups.begin());
    Point pt{x_of(p.coordinates[0]), m->mean * scale, m->ci95_low * scale, m->ci95_high * scale};
    if (!std::isfinite(pt.lo) || !std::isfinite(pt.hi)) pt.lo = pt.hi = pt.mean;
    lines[gi].push_back(pt);
    x_lo = std::min(x_lo, pt.x);
    x_hi = std::max(x_hi, pt.x);
    lo = std::min(lo, pt.lo);
    hi = std::max(hi, pt.hi);
  }
  if (!(x_lo <= x_hi)) return;
  Frame f;
  f.bottom = 40;
  XTicks x;
  if (numeric) {
    const Ticks t = nice_ticks(x_lo, x_hi, 6);
    f.x_lo = t.lo;
    f.x_hi = t.hi;
    for (double v : t.at) x.push_back({v, grouped(v, t.decimals)});
  } else {
    f.x_lo = -0.5;
    f.x_hi = double(first_values.size()) - 0.5;
    for (size_t i = 0; i < first_values.size(); ++i)
      x.push_back({double(i), value_text(first_values[i])});
  }
  const Ticks y = nice_ticks(lo, hi, 4);
  f.y_lo = y.lo;
  f.y_hi = y.hi;

  o << "<figure class=\"chart-box\"><figcaption>" << esc(h.label) << "</figcaption>";
  std::vector<LegendKey> keys;
  for (size_t g = 0; g < groups.size(); ++g) {
    const std::string label =
        groups[g].empty() ? "mean" : pointer_name(s.axes.back()) + " " + value_text(groups[g]);
    keys.push_back({colour(g), label, LegendKey::Mark::kLine});
  }
  keys.push_back({"#777", "95% confidence interval", LegendKey::Mark::kBand});
  legend(o, keys);
  open_svg(o, f, h.label + " against " + s.axes.front());
  draw_axes(o, f, y, h.scale == 0 ? "%" : "", x, s.axes.front());
  for (size_t g = 0; g < lines.size(); ++g) {
    auto& pts = lines[g];
    std::sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
    PathBuilder band, mean;
    for (const auto& p : pts) band.add(f.x(p.x), f.y(p.hi));
    band.brk();
    for (auto it = pts.rbegin(); it != pts.rend(); ++it) band.add(f.x(it->x), f.y(it->lo));
    for (const auto& p : pts) mean.add(f.x(p.x), f.y(p.mean));
    // The band joins the two runs of the path into one closed shape.
    std::string d = band.d;
    const size_t second = d.find('M', 1);
    if (second != std::string::npos) d[second] = 'L';
    o << "<path class=\"band\" fill=\"" << colour(g) << "\" d=\"" << d << "Z\"/>";
    o << "<path class=\"median\" stroke=\"" << colour(g) << "\" d=\"" << mean.d << "\"/>";
    for (const auto& p : pts) {
      o << "<circle class=\"point\" fill=\"" << colour(g) << "\" cx=\"" << px(f.x(p.x))
        << "\" cy=\"" << px(f.y(p.mean)) << "\" r=\"2.6\"><title>"
        << esc(format_fixed(p.mean, h.decimals)) << " (95% CI "
        << esc(format_fixed(p.lo, h.decimals)) << " to " << esc(format_fixed(p.hi, h.decimals))
        << ")</title></circle>";
    }
  }
  o << "</svg></figure>\n";
}

// --- comparisons ------------------------------------------------------------------------------

const HeadlineMetric* headline_for(const std::vector<HeadlineMetric>& headlines,
                                   const std::string& metric) {
  for (const auto& h : headlines)
    if (h.metric == metric) return &h;
  return nullptr;
}

Relative relative(const Comparison& c) {
  const double base = c.baseline.mean;
  if (!(std::abs(base) > 0)) return {};
  return {c.difference.mean / std::abs(base) * 100, c.difference.ci95_low / std::abs(base) * 100,
          c.difference.ci95_high / std::abs(base) * 100};
}

// "+1.2%", with its interval when asked ("+1.2% (0.4 to 2.0)"); "-" without a baseline value.
std::string relative_text(const Relative& rel, bool with_interval) {
  if (!std::isfinite(rel.mean)) return with_interval ? "no baseline value" : "-";
  if (rel.mean == 0 && rel.lo == 0 && rel.hi == 0) return "0%";  // the same in every replication
  const double size = std::abs(rel.mean);
  const int d = size < 0.1 ? 2 : size < 10 ? 1 : 0;
  std::string text = format_fixed(rel.mean, d);
  if (rel.mean > 0 && text.find_first_not_of("0.") != std::string::npos) text = "+" + text;
  text += "%";
  if (with_interval && std::isfinite(rel.lo) && std::isfinite(rel.hi))
    text += " (" + format_fixed(rel.lo, d) + " to " + format_fixed(rel.hi, d) + ")";
  return text;
}

// A forest plot: each comparison's relative difference from the baseline with its 95% interval,
// a row per metric, grouped by intervention.
void forest_plot(std::ostream& o, const ExperimentResult& r,
                 const std::vector<HeadlineMetric>& headlines) {
  std::vector<std::string> interventions;
  for (const auto& c : r.comparisons)
    if (std::find(interventions.begin(), interventions.end(), c.intervention) ==
        interventions.end())
      interventions.push_back(c.intervention);
  double extent = 0;
  for (const auto& c : r.comparisons) {
    const Relative rel = relative(c);
    for (double v : {rel.mean, rel.lo, rel.hi})
      if (std::isfinite(v)) extent = std::max(extent, std::abs(v));
  }
  if (extent == 0) extent = 1;
  const Ticks t = nice_ticks(-extent, extent, 6);
  const double row = 20, label_w = 280, plot_w = 380, text_w = 150;
  const bool grouped_rows = interventions.size() > 1;
  const double rows = double(r.comparisons.size() + (grouped_rows ? interventions.size() : 0));
  Frame f;
  f.left = label_w;
  f.right = text_w;
  f.top = 26;
  f.bottom = 34;
  f.width = label_w + plot_w + text_w;
  f.height = f.top + rows * row + f.bottom;
  f.x_lo = t.lo;
  f.x_hi = t.hi;
  open_svg(o, f, "Relative differences from the baseline", "forest");
  const double base = f.height - f.bottom;
  for (double v : t.at) {
    o << "<line class=\"" << (v == 0 ? "zero" : "grid") << "\" x1=\"" << px(f.x(v)) << "\" x2=\""
      << px(f.x(v)) << "\" y1=\"" << px(f.top - 4) << "\" y2=\"" << px(base) << "\"/>";
    o << "<text class=\"tick\" x=\"" << px(f.x(v)) << "\" y=\"" << px(base + 15)
      << "\" text-anchor=\"middle\">" << (v > 0 ? "+" : "") << format_fixed(v, t.decimals)
      << "%</text>";
  }
  o << "<text class=\"unit\" x=\"" << px(f.x(0)) << "\" y=\"" << px(f.height - 3)
    << "\" text-anchor=\"middle\">difference from the baseline, % of the baseline's mean</text>";
  o << "<text class=\"unit\" x=\"" << px(f.width - text_w + 10) << "\" y=\"" << px(f.top - 9)
    << "\">relative (95% CI)</text>";
  double y = f.top;
  for (size_t i = 0; i < interventions.size(); ++i) {
    const size_t vi =
        size_t(std::find_if(r.variants.begin(), r.variants.end(),
                            [&](const VariantResult& v) { return v.name == interventions[i]; }) -
               r.variants.begin());
    const char* c = colour(vi);
    if (grouped_rows) {
      o << "<text class=\"group\" x=\"4\" y=\"" << px(y + row * 0.7) << "\">"
        << esc(interventions[i]) << "</text>";
      y += row;
    }
    for (const auto& cmp : r.comparisons) {
      if (cmp.intervention != interventions[i]) continue;
      const HeadlineMetric* h = headline_for(headlines, cmp.metric);
      const double mid = y + row / 2;
      o << "<text class=\"row-label\" x=\"" << (grouped_rows ? 14 : 4) << "\" y=\"" << px(mid + 4)
        << "\">" << esc(h ? h->label : cmp.metric) << "</text>";
      const Relative rel = relative(cmp);
      const std::string text = relative_text(rel, true);
      if (std::isfinite(rel.mean)) {
        if (std::isfinite(rel.lo) && std::isfinite(rel.hi)) {
          o << "<line class=\"ci\" stroke=\"" << c << "\" x1=\"" << px(f.x(rel.lo)) << "\" x2=\""
            << px(f.x(rel.hi)) << "\" y1=\"" << px(mid) << "\" y2=\"" << px(mid) << "\"/>";
        }
        o << "<rect class=\"estimate" << (cmp.excludes_zero ? " excludes-zero" : "")
          << "\" stroke=\"" << c << "\" fill=\"" << (cmp.excludes_zero ? c : "#fff") << "\" x=\""
          << px(f.x(rel.mean) - 4) << "\" y=\"" << px(mid - 4)
          << "\" width=\"8\" height=\"8\"><title>"
          << esc(cmp.excludes_zero ? "the 95% interval excludes zero"
                                   : "the 95% interval includes zero")
          << "</title></rect>";
      }
      o << "<text class=\"row-value\" x=\"" << px(f.width - text_w + 10) << "\" y=\"" << px(mid + 4)
        << "\">" << esc(text) << "</text>";
      y += row;
    }
  }
  o << "</svg>\n";
}

}  // namespace flowsim::models::report
