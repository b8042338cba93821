#include "output/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

#include "analysis/estimate.h"
#include "analysis/network.h"
#include "output/text_table.h"
#include "sim/calendar.h"

namespace flowsim::models {
namespace {

// --- text -------------------------------------------------------------------------------------

std::string esc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// An SVG coordinate: one decimal, without a trailing ".0", so the charts stay small.
std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

// A number with its thousands separated ("14,500"), for axes and prose.
std::string grouped(double v, int decimals) {
  std::string s = format_fixed(v, decimals);
  const size_t start = s[0] == '-' ? 1 : 0;
  size_t end = s.find('.');
  if (end == std::string::npos) end = s.size();
  for (size_t i = end; i > start + 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

std::string percent(double share) {
  return format_fixed(share * 100, share < 0.1 ? 1 : 0) + "%";
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string count(size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// The 64 first characters of a JSON value, for a sentence.
std::string json_text(const nlohmann::json& value) {
  std::string s = value.dump();
  if (s.size() > 64) s = s.substr(0, 61) + "...";
  return s;
}

// --- dates ------------------------------------------------------------------------------------

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// "Mon 5 Oct 2026", with the time when it is not midnight ("Mon 5 Oct 2026 08:30").
std::string date_text(int64_t minutes) {
  const int64_t days = sim::floor_div(minutes, 1440);
  const int64_t minute = minutes - days * 1440;
  const sim::CivilDate d = sim::civil_from_days(days);
  std::string out = std::string(kWeekdays[((days % 7) + 7 + 3) % 7]) + " " + std::to_string(d.day) +
                    " " + kMonths[d.month - 1] + " " + std::to_string(d.year);
  if (minute != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, " %02d:%02d", int(minute / 60), int(minute % 60));
    out += buf;
  }
  return out;
}

std::string days_text(double hours) {
  const double d = hours / 24;
  return format_fixed(d, d == std::floor(d) ? 0 : 1) + (d == 1 ? " day" : " days");
}

// --- charts -----------------------------------------------------------------------------------

// Variants keep their colour in every chart: baseline first.
constexpr const char* kPalette[] = {"#1f4e79", "#c0504d", "#4f7f3a",
                                    "#7f5fa0", "#c7861a", "#2a8a8f"};
const char* colour(size_t i) {
  return kPalette[i % std::size(kPalette)];
}

// Round numbers spanning [lo, hi]: the range rounded out to a step of 1, 2 or 5 times a power of
// ten, about `target` steps.
struct Ticks {
  double lo = 0, hi = 1;
  std::vector<double> at;
  int decimals = 0;
};
Ticks nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-9 * std::max(1.0, std::abs(hi))) {
    const bool non_negative = lo >= 0;
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
    if (non_negative) lo = std::max(lo, 0.0);
  }
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  const double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude;
  Ticks t;
  t.lo = std::floor(lo / step + 1e-9) * step;
  t.hi = std::ceil(hi / step - 1e-9) * step;
  const int n = int(std::lround((t.hi - t.lo) / step));
  for (int i = 0; i <= n; ++i) {
    const double v = t.lo + i * step;
    t.at.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  }
  t.decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
  return t;
}

struct Frame {
  double width = 480, height = 240;
  double left = 52, right = 14, top = 22, bottom = 28;
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  double x(double v) const { return left + (v - x_lo) / (x_hi - x_lo) * (width - left - right); }
  double y(double v) const {
    return height - bottom - (v - y_lo) / (y_hi - y_lo) * (height - top - bottom);
  }
};

using XTicks = std::vector<std::pair<double, std::string>>;

void open_svg(std::ostream& o, const Frame& f, const std::string& label,
              const char* cls = "chart") {
  o << "<svg class=\"" << cls << "\" viewBox=\"0 0 " << px(f.width) << ' ' << px(f.height)
    << "\" role=\"img\" aria-label=\"" << esc(label) << "\">";
}

// Gridlines and labels for the y ticks, the unit above the axis, the x axis with its ticks.
void draw_axes(std::ostream& o, const Frame& f, const Ticks& y, const std::string& y_unit,
               const XTicks& x, const std::string& x_title) {
  for (double v : y.at) {
    o << "<line class=\"grid\" x1=\"" << px(f.left) << "\" x2=\"" << px(f.width - f.right)
      << "\" y1=\"" << px(f.y(v)) << "\" y2=\"" << px(f.y(v)) << "\"/>";
    o << "<text class=\"tick\" x=\"" << px(f.left - 6) << "\" y=\"" << px(f.y(v) + 3.5)
      << "\" text-anchor=\"end\">" << grouped(v, y.decimals) << "</text>";
  }
  o << "<text class=\"unit\" x=\"" << px(f.left - 6) << "\" y=\"" << px(f.top - 9) << "\">"
    << esc(y_unit) << "</text>";
  const double base = f.height - f.bottom;
  o << "<line class=\"axis\" x1=\"" << px(f.left) << "\" x2=\"" << px(f.width - f.right)
    << "\" y1=\"" << px(base) << "\" y2=\"" << px(base) << "\"/>";
  for (const auto& [v, label] : x) {
    o << "<line class=\"axis\" x1=\"" << px(f.x(v)) << "\" x2=\"" << px(f.x(v)) << "\" y1=\""
      << px(base) << "\" y2=\"" << px(base + 4) << "\"/>";
    o << "<text class=\"tick\" x=\"" << px(f.x(v)) << "\" y=\"" << px(base + 15)
      << "\" text-anchor=\"middle\">" << esc(label) << "</text>";
  }
  if (!x_title.empty())
    o << "<text class=\"unit\" x=\"" << px((f.left + f.width - f.right) / 2) << "\" y=\""
      << px(f.height - 3) << "\" text-anchor=\"middle\">" << esc(x_title) << "</text>";
}

// Ticks for a date axis over `days` days from `start_minutes`: months (every 1, 2, 3, 6 or 12 so
// that about seven fit), or days for a short run. The year is named on the first tick and in
// January.
XTicks date_ticks(int64_t start_minutes, double days) {
  XTicks out;
  const double start_day = double(start_minutes) / 1440;
  if (days >= 56) {
    const double months = days / 30.44;
    const int step = months <= 8 ? 1 : months <= 16 ? 2 : months <= 24 ? 3 : months <= 48 ? 6 : 12;
    sim::CivilDate d = sim::civil_from_days(sim::floor_div(start_minutes, 1440));
    d.day = 1;
    bool first = true;
    for (;;) {
      const double x = double(sim::days_from_civil(d)) - start_day;
      if (x > days) break;
      if (x >= 0 && (d.month - 1) % step == 0) {
        std::string label = kMonths[d.month - 1];
        if (first || d.month == 1) label += " " + std::to_string(d.year);
        first = false;
        out.push_back({x, label});
      }
      if (++d.month > 12) d.month = 1, ++d.year;
    }
  } else {
    const int step = days <= 10 ? 1 : days <= 21 ? 2 : 7;
    for (int64_t k = int64_t(std::ceil(start_day)); double(k) - start_day <= days; k += step) {
      const sim::CivilDate d = sim::civil_from_days(k);
      out.push_back({double(k) - start_day, std::to_string(d.day) + " " + kMonths[d.month - 1]});
    }
  }
  return out;
}

struct LegendKey {
  std::string colour;
  std::string label;
  enum class Mark { kLine, kBand, kShade } mark = Mark::kLine;
};

void legend(std::ostream& o, const std::vector<LegendKey>& keys) {
  o << "<div class=\"legend\">";
  for (const auto& k : keys) {
    const char* cls = k.mark == LegendKey::Mark::kLine   ? "line"
                      : k.mark == LegendKey::Mark::kBand ? "band"
                                                         : "shade";
    o << "<span class=\"key\"><i class=\"swatch " << cls << "\" style=\"--c:" << k.colour
      << "\"></i>" << esc(k.label) << "</span> ";
  }
  o << "</div>";
}

// A path through points, broken where a value is missing (NaN): "M x,y L x,y ...".
struct PathBuilder {
  std::string d;
  bool open = false;
  void add(double x, double y) {
    if (!std::isfinite(y)) {
      open = false;
      return;
    }
    d += (open ? 'L' : 'M') + px(x) + ',' + px(y);
    open = true;
  }
  void brk() { open = false; }
};

// --- series -----------------------------------------------------------------------------------

// What a daily series shows, in words, and the unit of its values.
struct SeriesText {
  std::string title, unit;
};
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

// A unit's places in force throughout the run, for a reference line: its fixed capacity (within
// the staff's limit), or 0 when it has none (unlimited, or a schedule).
int64_t constant_capacity(const Unit& u) {
  if (!u.capacity.schedule.empty() || u.capacity.unlimited()) return 0;
  return std::min(u.capacity.fixed, u.staffed_limit);
}

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

// The last token of a JSON pointer, for a legend: "/units/ward/capacity" is "capacity".
std::string pointer_name(const std::string& pointer) {
  return pointer.substr(pointer.rfind('/') + 1);
}

// A sweep coordinate (JSON text) as a reader would write it: a string without its quotes.
std::string value_text(const std::string& json) {
  const auto value = nlohmann::json::parse(json, nullptr, false);
  return value.is_string() ? value.get<std::string>() : json;
}

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

// The relative difference and its interval, in % of the baseline's mean; NaN without a baseline.
struct Relative {
  double mean = NAN, lo = NAN, hi = NAN;
};
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

// --- the pathway network ----------------------------------------------------------------------

// The network laid out in layers from left to right, as in a Sugiyama layout. A unit's layer is
// the longest chain of routes leading to it from an arrival stream (routes that close a loop, and
// overflows and step-downs, do not count); each arrival stream stands just before its unit and
// the exit after the last unit. Links that skip layers pass through invisible waypoints, which
// take part in ordering each layer to reduce crossings (barycentres); links back to an earlier
// layer run right to left. Labels are placed along their link where they overlap nothing else.
class NetworkDrawing {
 public:
  explicit NetworkDrawing(const Scenario& s) : s_(s), estimate_(estimate_network(s)) {
    build();
    assign_layers();
    add_waypoints();
    order_layers();
    place();
    spread_ports();
  }

  void draw(std::ostream& o) {
    double w = 0, h = 0;
    for (const auto& n : nodes_) w = std::max(w, n.x + n.w / 2), h = std::max(h, n.y + n.h / 2);
    w += kMargin;
    h += kMargin;
    // Never drawn larger than its natural size: a small network stays small.
    o << "<svg class=\"network\" viewBox=\"0 0 " << px(w) << ' ' << px(h)
      << "\" style=\"max-width:" << px(w) << "px\" role=\"img\" aria-label=\"pathway network\">";
    o << "<defs><marker id=\"flowsim-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
         "markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" "
         "orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#6b7280\"/></marker></defs>";
    double max_flow = 0;
    for (const auto& l : links_) max_flow = std::max(max_flow, l.flow);
    for (const auto& l : links_) draw_link(o, l, max_flow);
    for (const auto& n : nodes_) draw_node(o, n);
    draw_labels(o);
    o << "</svg>\n";
  }

 private:
  static constexpr double kMargin = 12, kColumnGap = 84, kNodeGap = 18, kWaypointHeight = 14;
  static constexpr int kToExit = -1;  // a link's `to` until assign_layers places the exits

  enum class NodeKind { kArrival, kElectives, kUnit, kExit, kWaypoint };
  struct Node {
    NodeKind kind = NodeKind::kUnit;
    std::vector<std::string> lines;
    std::string cls, title;
    int layer = -1;
    double w = 0, h = 0, x = 0, y = 0;  // centre
    std::vector<int> prev, next;        // neighbours in the layers before and after
  };
  enum class LinkKind { kArrival, kRoute, kOverflow, kStepDown, kAssessment };
  struct Point {
    double x, y;
  };
  struct Link {
    int from = 0, to = 0;
    LinkKind kind = LinkKind::kRoute;
    double flow = 0;  // expected patients a day (an upper bound for overflows and step-downs)
    std::string label, title;
    std::vector<int> via;               // waypoints from `from` to `to`
    double from_port = 0, to_port = 0;  // offsets from the middle of the side it leaves, enters
  };

  static double text_width(const std::string& s, double per_char) {
    return double(display_width(s)) * per_char;
  }

  int add_node(NodeKind kind, std::vector<std::string> lines, std::string cls, std::string title) {
    Node n;
    n.kind = kind;
    n.lines = std::move(lines);
    n.cls = std::move(cls);
    n.title = std::move(title);
    if (kind == NodeKind::kWaypoint) {
      n.h = kWaypointHeight;
    } else {
      // A long detail ("acute, 961 places + 50 escalation") takes two lines.
      if (n.lines.size() == 2 && n.lines[1].size() > 24 &&
          n.lines[1].find(" + ") != std::string::npos) {
        const size_t plus = n.lines[1].find(" + ");
        n.lines.push_back(n.lines[1].substr(plus + 1));
        n.lines[1].resize(plus);
      }
      double w = text_width(n.lines[0], 7.2);
      for (size_t i = 1; i < n.lines.size(); ++i) w = std::max(w, text_width(n.lines[i], 6.0));
      n.w = std::max(24 + w, kind == NodeKind::kExit ? 56.0 : 84.0);
      n.h = 28 + 13 * double(n.lines.size() - 1);
    }
    nodes_.push_back(std::move(n));
    return int(nodes_.size() - 1);
  }

  // Patients a day arriving at unit u by cohort, from the traffic equations (0 when not finite).
  double cohort_rate(size_t u, size_t c) const {
    const auto& by = estimate_.units[u].arrivals_per_day_by_cohort;
    return c < by.size() && std::isfinite(by[c]) ? by[c] : 0.0;
  }

  // A share as a label: two decimals, or two significant digits below 0.1 ("0.73", "0.052").
  static std::string share_text(double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, p >= 0.1 ? "%.2f" : "%.2g", p);
    return buf;
  }

  void add_link(Link l) {
    // Links of the same kind between the same two nodes are drawn as one (the overflows of several
    // virtual wards into one ward).
    for (auto& m : links_) {
      if (m.from == l.from && m.to == l.to && m.kind == l.kind && l.kind != LinkKind::kRoute) {
        m.flow += l.flow;
        m.title += "; " + l.title;
        return;
      }
    }
    links_.push_back(std::move(l));
  }

  void build() {
    const size_t units = s_.units.size();
    unit_node_.resize(units);
    for (size_t a = 0; a < s_.arrivals.size(); ++a) {
      const ArrivalStream& stream = s_.arrivals[a];
      const double rate = mean_rate_per_hour(s_, stream, s_.warmup, s_.horizon);
      std::vector<std::string> mix;
      for (size_t c = 0; c < s_.cohorts.size(); ++c)
        if (stream.cohort_share[c] > 0)
          mix.push_back(s_.cohorts[c].name + " " + percent(stream.cohort_share[c]));
      arrival_node_.push_back(add_node(NodeKind::kArrival, {stream.name, per_day(rate)}, "arrival",
                                       stream.name + ": " + format_fixed(rate * 24, 1) +
                                           " patients a day on average over the measured period" +
                                           (s_.cohorts.size() > 1 ? "; " + join(mix, ", ") : "")));
    }
    const Electives& e = s_.electives;
    int electives = -1;
    if (e.present && e.inpatient_to >= 0) {
      electives =
          add_node(NodeKind::kElectives,
                   {"elective list", grouped(double(e.backlog), 0) + " waiting"}, "arrival",
                   "the elective waiting list: " + grouped(double(e.backlog), 0) +
                       " waiting at the start, " + format_fixed(e.referral_rate_per_hour * 24, 1) +
                       " referrals a day; inpatient cases need a bed in " +
                       s_.units[size_t(e.inpatient_to)].name);
    }
    for (size_t u = 0; u < units; ++u) {
      const std::string label = unit_label(s_, u);
      const size_t nl = label.find('\n');
      unit_node_[u] = add_node(NodeKind::kUnit, {label.substr(0, nl), label.substr(nl + 1)},
                               std::string("unit ") + kind_name(s_.units[u].kind),
                               label.substr(0, nl) + " (" + label.substr(nl + 1) + ")");
    }

    for (size_t a = 0; a < s_.arrivals.size(); ++a) {
      Link l;
      l.from = arrival_node_[a];
      l.to = unit_node_[size_t(s_.arrivals[a].to)];
      l.kind = LinkKind::kArrival;
      l.flow = mean_rate_per_hour(s_, s_.arrivals[a], s_.warmup, s_.horizon) * 24;
      add_link(std::move(l));
    }
    if (electives >= 0) {
      double inpatient = 0;
      for (size_t c = 0; c < e.cohort_share.size(); ++c)
        inpatient += e.cohort_share[c] * (1 - (c < e.day_case.size() ? e.day_case[c] : 0.0));
      Link l;
      l.from = electives;
      l.to = unit_node_[size_t(e.inpatient_to)];
      l.kind = LinkKind::kArrival;
      l.flow = e.referral_rate_per_hour * 24 * inpatient;
      add_link(std::move(l));
    }
    for (const DrawnEdge& d : drawn_edges(s_)) {
      const size_t from = size_t(d.from);
      double in = 0, out = 0;
      for (size_t c = 0; c < d.p.size(); ++c) {
        in += cohort_rate(from, c);
        out += cohort_rate(from, c) * d.p[c];
      }
      Link l;
      l.from = unit_node_[from];
      l.to = d.to == kExit ? kToExit : unit_node_[size_t(d.to)];
      l.flow = out;
      const std::string where = s_.units[from].name + " \u2192 " +
                                (d.to == kExit ? std::string("exit") : s_.units[size_t(d.to)].name);
      std::string by_cohort = d.label;
      std::replace(by_cohort.begin(), by_cohort.end(), '\n', ';');
      if (d.kind == EdgeKind::kRoute) {
        // The share of the unit's patients who go this way, its cohorts weighted by their
        // expected arrivals; without expected arrivals, the drawing's own label.
        // A route no cohort arriving here takes is drawn faint and unlabelled.
        l.label = in > 0                                    ? (out > 0 ? share_text(out / in) : "")
                  : d.label.find('\n') == std::string::npos ? d.label
                                                            : "by cohort";
        l.title =
            where + ": " + (in > 0 ? format_fixed(out, 1) + " patients a day expected; " : "") +
            (d.label.find('\n') == std::string::npos ? "probability " : "by cohort: ") + by_cohort;
      } else {
        l.kind = d.kind == EdgeKind::kOverflow ? LinkKind::kOverflow : LinkKind::kStepDown;
        l.label = d.kind == EdgeKind::kOverflow ? "when full" : "step-down";
        l.title = where + ": " + by_cohort;
      }
      add_link(std::move(l));
    }
    // Assessments happen while the patient keeps their place: a link from each unit that asks.
    for (size_t u = 0; u < units; ++u) {
      std::vector<int> asked;
      for (const auto& routes : s_.units[u].routes)
        for (const Route& r : routes)
          if (r.assessment >= 0 && r.p > 0 &&
              std::find(asked.begin(), asked.end(), r.assessment) == asked.end())
            asked.push_back(r.assessment);
      for (int a : asked) {
        Link l;
        l.from = unit_node_[u];
        l.to = unit_node_[size_t(a)];
        l.kind = LinkKind::kAssessment;
        l.label = "assessed";
        l.title = s_.units[u].name + ": patients are assessed by " + s_.units[size_t(a)].name +
                  " in their place before they move on";
        add_link(std::move(l));
      }
    }
  }

  bool layering(const Link& l) const {
    return l.to != kToExit && (l.kind == LinkKind::kArrival || l.kind == LinkKind::kRoute ||
                               l.kind == LinkKind::kAssessment);
  }

  void assign_layers() {
    // Depth-first search from the arrival streams marks the links that close a loop; the rest
    // form an acyclic graph, whose reverse postorder is a topological order.
    const size_t n = nodes_.size();
    std::vector<std::vector<size_t>> out(n);
    for (size_t i = 0; i < links_.size(); ++i)
      if (layering(links_[i])) out[size_t(links_[i].from)].push_back(i);
    std::vector<int> state(n, 0);  // 0 unseen, 1 on the stack, 2 done
    std::vector<bool> loop(links_.size(), false);
    std::vector<int> postorder;
    auto visit = [&](int start) {
      if (state[size_t(start)] != 0) return;
      std::vector<std::pair<int, size_t>> stack = {{start, 0}};
      state[size_t(start)] = 1;
      while (!stack.empty()) {
        auto& [v, next] = stack.back();
        if (next < out[size_t(v)].size()) {
          const size_t li = out[size_t(v)][next++];
          const int w = links_[li].to;
          if (state[size_t(w)] == 1) loop[li] = true;
          if (state[size_t(w)] == 0) {
            state[size_t(w)] = 1;
            stack.push_back({w, 0});
          }
        } else {
          state[size_t(v)] = 2;
          postorder.push_back(v);
          stack.pop_back();
        }
      }
    };
    for (size_t i = 0; i < n; ++i)
      if (nodes_[i].kind == NodeKind::kArrival || nodes_[i].kind == NodeKind::kElectives)
        visit(int(i));
    for (size_t i = 0; i < n; ++i)
      if (nodes_[i].kind == NodeKind::kUnit) visit(int(i));
    for (auto& node : nodes_) node.layer = 0;
    for (auto it = postorder.rbegin(); it != postorder.rend(); ++it)
      for (size_t li : out[size_t(*it)])
        if (!loop[li])
          nodes_[size_t(links_[li].to)].layer =
              std::max(nodes_[size_t(links_[li].to)].layer, nodes_[size_t(*it)].layer + 1);
    // Arrival streams stand just before their unit; units start in layer 1.
    for (auto& node : nodes_)
      if (node.kind == NodeKind::kUnit) node.layer = std::max(node.layer, 1);
    for (const auto& l : links_)
      if (l.kind == LinkKind::kArrival)
        nodes_[size_t(l.from)].layer = nodes_[size_t(l.to)].layer - 1;
    // Each layer's patients leave by an exit of their own just after it: a single exit would
    // draw a long link from every unit.
    std::map<int, int> exits;
    for (auto& l : links_) {
      if (l.to != kToExit) continue;
      const int layer = nodes_[size_t(l.from)].layer + 1;
      if (exits.count(layer) == 0) {
        exits[layer] = add_node(NodeKind::kExit, {"exit"}, "exit", "patients leave the system");
        nodes_[size_t(exits[layer])].layer = layer;
      }
      l.to = exits[layer];
    }
  }

  // Waypoints for links that span layers; every link then moves one layer at a time (or stays
  // within one, drawn as an arc).
  void add_waypoints() {
    for (auto& link : links_) {
      const int a = nodes_[size_t(link.from)].layer;
      const int b = nodes_[size_t(link.to)].layer;
      const int step = b > a ? 1 : -1;
      for (int layer = a + step; a != b && layer != b; layer += step) {
        const int w = add_node(NodeKind::kWaypoint, {}, "", "");
        nodes_[size_t(w)].layer = layer;
        link.via.push_back(w);
      }
      std::vector<int> chain = {link.from};
      chain.insert(chain.end(), link.via.begin(), link.via.end());
      chain.push_back(link.to);
      for (size_t k = 0; k + 1 < chain.size(); ++k) {
        int p = chain[k], q = chain[k + 1];
        if (nodes_[size_t(p)].layer > nodes_[size_t(q)].layer) std::swap(p, q);
        if (nodes_[size_t(p)].layer + 1 != nodes_[size_t(q)].layer) continue;
        nodes_[size_t(p)].next.push_back(q);
        nodes_[size_t(q)].prev.push_back(p);
      }
    }
    int layers = 0;
    for (const auto& node : nodes_) layers = std::max(layers, node.layer + 1);
    layers_.assign(size_t(layers), {});
    for (size_t i = 0; i < nodes_.size(); ++i) layers_[size_t(nodes_[i].layer)].push_back(int(i));
  }

  void order_layers() {
    std::vector<double> position(nodes_.size());
    for (const auto& layer : layers_)
      for (size_t i = 0; i < layer.size(); ++i) position[size_t(layer[i])] = double(i);
    auto sweep = [&](size_t layer, bool down) {
      std::vector<std::pair<double, int>> keyed;
      for (int i : layers_[layer]) {
        const auto& nb = down ? nodes_[size_t(i)].prev : nodes_[size_t(i)].next;
        double key = position[size_t(i)];
        if (!nb.empty()) {
          key = 0;
          for (int m : nb) key += position[size_t(m)];
          key /= double(nb.size());
        }
        keyed.push_back({key, i});
      }
      std::stable_sort(keyed.begin(), keyed.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (size_t i = 0; i < keyed.size(); ++i) {
        layers_[layer][i] = keyed[i].second;
        position[size_t(keyed[i].second)] = double(i);
      }
    };
    for (int round = 0; round < 8; ++round) {
      for (size_t l = 1; l < layers_.size(); ++l) sweep(l, true);
      for (size_t l = layers_.size() - 1; l-- > 0;) sweep(l, false);
    }
  }

  void place() {
    // An exit is as tall as the links arriving at it need.
    for (const auto& l : links_)
      if (nodes_[size_t(l.to)].kind == NodeKind::kExit) nodes_[size_t(l.to)].h += 7;
    for (auto& node : nodes_)
      if (node.kind == NodeKind::kExit) node.h = std::max(28.0, node.h - 28);
    // Columns, each as wide as its widest node.
    double x = kMargin;
    for (const auto& layer : layers_) {
      double w = 0;
      for (int i : layer) w = std::max(w, nodes_[size_t(i)].w);
      for (int i : layer) nodes_[size_t(i)].x = x + w / 2;
      x += w + kColumnGap;
    }
    // Rows: stacked, then drawn towards their neighbours' mean height while keeping order and
    // spacing: the mean of the highest and the lowest placement that does so.
    auto gap = [&](int a, int b) {
      return (nodes_[size_t(a)].h + nodes_[size_t(b)].h) / 2 + kNodeGap;
    };
    double tallest = 0;
    for (const auto& layer : layers_) {
      double h = 0;
      for (int i : layer) h += nodes_[size_t(i)].h + kNodeGap;
      tallest = std::max(tallest, h);
    }
    for (const auto& layer : layers_) {
      double h = 0;
      for (int i : layer) h += nodes_[size_t(i)].h + kNodeGap;
      double y = (tallest - h) / 2;
      for (int i : layer) {
        nodes_[size_t(i)].y = y + nodes_[size_t(i)].h / 2;
        y += nodes_[size_t(i)].h + kNodeGap;
      }
    }
    for (int round = 0; round < 16; ++round) {
      const bool down = round % 2 == 0;
      for (size_t k = 0; k < layers_.size(); ++k) {
        const auto& layer = layers_[down ? k : layers_.size() - 1 - k];
        if (layer.empty()) continue;
        std::vector<double> want;
        for (int i : layer) {
          const Node& node = nodes_[size_t(i)];
          double sum = 0;
          size_t m = 0;
          for (int nb : node.prev) sum += nodes_[size_t(nb)].y, ++m;
          for (int nb : node.next) sum += nodes_[size_t(nb)].y, ++m;
          want.push_back(m ? sum / double(m) : node.y);
        }
        std::vector<double> high = want, low = want;
        for (size_t i = 1; i < layer.size(); ++i)
          high[i] = std::max(high[i], high[i - 1] + gap(layer[i - 1], layer[i]));
        for (size_t i = layer.size() - 1; i-- > 0;)
          low[i] = std::min(low[i], low[i + 1] - gap(layer[i], layer[i + 1]));
        for (size_t i = 0; i < layer.size(); ++i)
          nodes_[size_t(layer[i])].y = (high[i] + low[i]) / 2;
      }
    }
    double top = INFINITY;
    for (const auto& node : nodes_) top = std::min(top, node.y - node.h / 2);
    for (auto& node : nodes_) node.y += kMargin - top;
  }

  // Which side of `node` a link's end uses: +1 the right, -1 the left.
  int side(const Link& l, bool at_from) const {
    const Node& a = nodes_[size_t(l.from)];
    const Node& b = nodes_[size_t(l.to)];
    if (a.layer == b.layer) return 1;
    const int dir = b.layer > a.layer ? 1 : -1;
    return at_from ? dir : -dir;
  }

  // The ends of the links on each side of a node are spread along it, in the order of where
  // they come from or go to, so that they do not cross at the box.
  void spread_ports() {
    struct End {
      size_t link;
      bool at_from;
      double toward;  // the height of the link's neighbouring point
    };
    std::map<std::pair<int, int>, std::vector<End>> sides;
    for (size_t i = 0; i < links_.size(); ++i) {
      const Link& l = links_[i];
      const int first = l.via.empty() ? l.to : l.via.front();
      const int last = l.via.empty() ? l.from : l.via.back();
      sides[{l.from, side(l, true)}].push_back({i, true, nodes_[size_t(first)].y});
      sides[{l.to, side(l, false)}].push_back({i, false, nodes_[size_t(last)].y});
    }
    for (auto& [key, ends] : sides) {
      const Node& node = nodes_[size_t(key.first)];
      if (node.kind == NodeKind::kWaypoint || ends.size() < 2) continue;
      std::stable_sort(ends.begin(), ends.end(),
                       [](const End& a, const End& b) { return a.toward < b.toward; });
      const double span = std::min(node.h - 10, 6.0 * double(ends.size() - 1));
      for (size_t k = 0; k < ends.size(); ++k) {
        const double offset = -span / 2 + span * double(k) / double(ends.size() - 1);
        (ends[k].at_from ? links_[ends[k].link].from_port : links_[ends[k].link].to_port) = offset;
      }
    }
  }

  // The points a link passes: out of the side of its source facing its target, through its
  // waypoints, into the facing side of its target.
  std::vector<Point> route(const Link& l) const {
    const Node& a = nodes_[size_t(l.from)];
    const Node& b = nodes_[size_t(l.to)];
    std::vector<Point> pts;
    pts.push_back({a.x + side(l, true) * a.w / 2, a.y + l.from_port});
    for (int w : l.via) pts.push_back({nodes_[size_t(w)].x, nodes_[size_t(w)].y});
    pts.push_back({b.x + side(l, false) * b.w / 2, b.y + l.to_port});
    return pts;
  }

  // The control points of each cubic piece of a link: horizontal where it leaves and arrives.
  struct Piece {
    Point p0, c1, c2, p1;
    Point at(double t) const {
      const double u = 1 - t;
      const double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
      return {a * p0.x + b * c1.x + c * c2.x + d * p1.x, a * p0.y + b * c1.y + c * c2.y + d * p1.y};
    }
  };
  std::vector<Piece> pieces(const Link& l) const {
    const std::vector<Point> pts = route(l);
    std::vector<Piece> out;
    if (nodes_[size_t(l.from)].layer == nodes_[size_t(l.to)].layer) {
      // Within a layer: an arc out to the right and back.
      const double bulge = 30 + std::abs(pts[1].y - pts[0].y) / 4;
      out.push_back({pts[0], {pts[0].x + bulge, pts[0].y}, {pts[1].x + bulge, pts[1].y}, pts[1]});
      return out;
    }
    for (size_t i = 1; i < pts.size(); ++i) {
      const double half = (pts[i].x - pts[i - 1].x) / 2;
      out.push_back(
          {pts[i - 1], {pts[i - 1].x + half, pts[i - 1].y}, {pts[i].x - half, pts[i].y}, pts[i]});
    }
    return out;
  }

  void draw_link(std::ostream& o, const Link& l, double max_flow) const {
    const std::vector<Piece> ps = pieces(l);
    std::string d = "M" + px(ps[0].p0.x) + ',' + px(ps[0].p0.y);
    for (const auto& p : ps)
      d += "C" + px(p.c1.x) + ',' + px(p.c1.y) + ' ' + px(p.c2.x) + ',' + px(p.c2.y) + ' ' +
           px(p.p1.x) + ',' + px(p.p1.y);
    std::string cls = l.kind == LinkKind::kOverflow     ? "link overflow"
                      : l.kind == LinkKind::kStepDown   ? "link step-down"
                      : l.kind == LinkKind::kAssessment ? "link assessment"
                      : l.kind == LinkKind::kArrival    ? "link arrival"
                                                        : "link";
    if (l.kind == LinkKind::kRoute && l.flow == 0 && l.label.empty()) cls += " unused";
    const double width = max_flow > 0 && l.flow > 0 && l.kind != LinkKind::kAssessment
                             ? 1.2 + 5.0 * std::sqrt(l.flow / max_flow)
                             : 1.2;
    o << "<path class=\"" << cls << "\" d=\"" << d << "\" stroke-width=\"" << px(width)
      << "\" marker-end=\"url(#flowsim-arrow)\">";
    if (!l.title.empty()) o << "<title>" << esc(l.title) << "</title>";
    o << "</path>";
  }

  struct Box {
    double x0, y0, x1, y1;
    bool overlaps(const Box& b) const { return x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1; }
  };

  // Each label goes at the first of a few places along its link (the middle of its first piece,
  // then nearer either end, then later pieces) where it overlaps no box and no label already
  // placed; the busiest links choose first.
  void draw_labels(std::ostream& o) const {
    std::vector<Box> taken;
    for (const auto& n : nodes_)
      if (n.kind != NodeKind::kWaypoint)
        taken.push_back({n.x - n.w / 2, n.y - n.h / 2, n.x + n.w / 2, n.y + n.h / 2});
    std::vector<size_t> order;
    for (size_t i = 0; i < links_.size(); ++i)
      if (!links_[i].label.empty()) order.push_back(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return links_[a].flow > links_[b].flow; });
    for (size_t i : order) {
      const Link& l = links_[i];
      const double w = text_width(l.label, 5.9) + 4, h = 12;
      std::vector<Point> candidates;
      for (const auto& p : pieces(l))
        for (double t : {0.5, 0.35, 0.65, 0.2, 0.8}) candidates.push_back(p.at(t));
      Point chosen = candidates.front();
      for (const auto& c : candidates) {
        const Box b{c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2};
        if (std::none_of(taken.begin(), taken.end(), [&](const Box& t) { return t.overlaps(b); })) {
          chosen = c;
          break;
        }
      }
      taken.push_back({chosen.x - w / 2, chosen.y - h / 2, chosen.x + w / 2, chosen.y + h / 2});
      o << "<text class=\"link-label\" x=\"" << px(chosen.x) << "\" y=\"" << px(chosen.y + 3.5)
        << "\" text-anchor=\"middle\">" << esc(l.label);
      if (!l.title.empty()) o << "<title>" << esc(l.title) << "</title>";
      o << "</text>";
    }
  }

  void draw_node(std::ostream& o, const Node& n) const {
    if (n.kind == NodeKind::kWaypoint) return;
    o << "<g class=\"node " << esc(n.cls) << "\"><title>" << esc(n.title) << "</title>";
    const double rx = n.kind == NodeKind::kUnit ? 4 : std::min(n.h, n.w) / 2;
    o << "<rect x=\"" << px(n.x - n.w / 2) << "\" y=\"" << px(n.y - n.h / 2) << "\" width=\""
      << px(n.w) << "\" height=\"" << px(n.h) << "\" rx=\"" << px(rx) << "\"/>";
    // The name, then its details a line each, centred on the box.
    double y = n.y + 4 - 6.5 * double(n.lines.size() - 1);
    for (size_t i = 0; i < n.lines.size(); ++i) {
      o << "<text class=\"" << (i == 0 ? "name" : "detail") << "\" x=\"" << px(n.x) << "\" y=\""
        << px(y) << "\" text-anchor=\"middle\">" << esc(n.lines[i]) << "</text>";
      y += i == 0 ? 14 : 12;
    }
    o << "</g>";
  }

  const Scenario& s_;
  NetworkEstimate estimate_;
  std::vector<Node> nodes_;
  std::vector<Link> links_;
  std::vector<int> arrival_node_, unit_node_;
  std::vector<std::vector<int>> layers_;
};

// --- the STRESS-DES table ---------------------------------------------------------------------

std::string compiler() {
#if defined(__clang__)
  return std::string("Clang ") + __clang_version__;
#elif defined(__GNUC__)
  return std::string("GCC ") + __VERSION__;
#else
  return "an unknown compiler";
#endif
}

// The distributions of a unit's service, in a phrase: "lognormal, mean 2.34d to 10.3d by cohort".
std::string service_text(const Scenario& s, const Unit& u) {
  std::vector<const sim::Distribution*> all;
  if (!u.service_by_acuity.empty()) {
    for (const auto& by : u.service_by_acuity)
      for (size_t a = 1; a < by.size(); ++a) all.push_back(&by[a]);
  } else {
    for (const auto& d : u.service) all.push_back(&d);
  }
  if (all.empty()) return "";
  std::vector<std::string> kinds;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto* d : all) {
    const std::string described = d->describe();
    const std::string kind = described.substr(0, described.find_first_of("( "));
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
    lo = std::min(lo, d->mean());
    hi = std::max(hi, d->mean());
  }
  std::string out = join(kinds, " or ") + ", mean " + short_duration(lo);
  if (hi > lo * 1.0001) {
    out += " to " + short_duration(hi);
    out += !u.service_by_acuity.empty() ? " by acuity" : s.cohorts.size() > 1 ? " by cohort" : "";
  }
  return out;
}

std::string queue_text(const Unit& u) {
  std::string limit = u.queue_limit == sim::kUnlimited ? "unlimited"
                      : u.queue_limit == 0 ? "none (patients moving in wait where they are)"
                                           : "at most " + std::to_string(u.queue_limit);
  return std::string(u.discipline == sim::QueueDiscipline::kPriority ? "by priority"
                                                                     : "first come, first served") +
         ", queue " + limit;
}

struct StressRow {
  std::string item, title, html;
};

// The notes of the scenario file: a string or a list of strings.
std::vector<std::string> notes(const nlohmann::json& document) {
  std::vector<std::string> out;
  const auto it = document.find("notes");
  if (it == document.end()) return out;
  if (it->is_string()) out.push_back(it->get<std::string>());
  if (it->is_array())
    for (const auto& n : *it)
      if (n.is_string()) out.push_back(n.get<std::string>());
  return out;
}

std::string list_html(const std::vector<std::string>& escaped_items) {
  if (escaped_items.empty()) return "";
  std::string out = "<ul>";
  for (const auto& i : escaped_items) out += "<li>" + i + "</li>";
  return out + "</ul>";
}

std::vector<StressRow> stress_rows(const LoadedScenario& loaded, const ExperimentResult& r) {
  const Variant& base_variant = loaded.variants.front();
  const Scenario& s = base_variant.scenario;
  const std::vector<HeadlineMetric> headlines =
      r.variants.empty() ? std::vector<HeadlineMetric>{} : headline_metrics(r.variants.front());
  std::vector<StressRow> rows;

  // 1 Objectives.
  {
    std::string html = "<p>" + esc(s.description.empty() ? s.name : s.description) + "</p>";
    if (loaded.variants.size() > 1) {
      std::vector<std::string> items;
      for (size_t v = 1; v < loaded.variants.size(); ++v)
        items.push_back("<b>" + esc(loaded.variants[v].name) + "</b>" +
                        (loaded.variants[v].description.empty()
                             ? ""
                             : ": " + esc(loaded.variants[v].description)));
      html += "<p>It compares the baseline with " +
              count(loaded.variants.size() - 1, "intervention") + ":</p>" + list_html(items);
    } else {
      html += "<p>It simulates the baseline alone.</p>";
    }
    rows.push_back({"1.1", "Purpose of the model", html});
  }
  {
    std::vector<std::string> labels;
    for (const auto& h : headlines) labels.push_back(esc(h.label));
    std::vector<std::string> series;
    bool units_occupied = false;
    for (const auto& n : daily_series(r)) {
      if (series_text(n).unit == "places" && n.rfind("unit.", 0) == 0)
        units_occupied = true;
      else
        series.push_back(esc(series_text(n).title));
    }
    if (units_occupied) series.push_back("the places occupied in each unit");
    std::string html =
        "<p>Headline metrics over the measured period, each the mean across "
        "replications with its 95% confidence interval: " +
        join(labels, "; ") + ".</p>";
    html += "<p>For each of the " + count(s.units.size(), "unit") +
            ": arrivals, the wait for a place (mean and 95th percentile), the time blocked when "
            "ready to leave, the places occupied and the share of capacity, the chance of finding "
            "it full, and the patients lost.</p>";
    if (!series.empty())
      html +=
          "<p>Day by day, the median and the 10th and 90th percentiles across replications "
          "of: " +
          join(series, "; ") + ".</p>";
    html +=
        "<p>Files: summary.json (every metric's mean, sd, 95% interval, min, max, p10, p90), "
        "replications.csv (every replication's value) and this report.</p>";
    rows.push_back({"1.2", "Model outputs", html});
  }
  {
    std::vector<std::string> items;
    for (size_t v = 1; v < loaded.variants.size(); ++v)
      items.push_back("<b>" + esc(loaded.variants[v].name) +
                      "</b> against the baseline, by paired differences with their 95% "
                      "confidence intervals");
    for (const auto& sweep : loaded.sweeps) {
      std::vector<std::string> axes;
      for (const auto& axis : sweep.axes) {
        std::vector<std::string> values;
        for (const auto& v : axis.values) values.push_back(v.dump());
        axes.push_back("<code>" + esc(axis.label()) + "</code> over " + esc(join(values, ", ")));
      }
      items.push_back("sweep <b>" + esc(sweep.name) + "</b> of the " + esc(sweep.variant) + ": " +
                      join(axes, ", against ") + " (" + count(sweep.points.size(), "point") + ")" +
                      (sweep.description.empty() ? "" : ": " + esc(sweep.description)));
    }
    rows.push_back(
        {"1.3", "Experimentation aims",
         items.empty() ? "<p>A single configuration, the baseline.</p>" : list_html(items)});
  }

  // 2 Logic.
  {
    size_t routes = 0;
    for (const auto& d : drawn_edges(s)) routes += d.kind == EdgeKind::kRoute;
    rows.push_back({"2.1", "Base model overview diagram",
                    "<p>The <a href=\"#network\">pathway network</a> above: " +
                        count(s.arrivals.size(), "arrival stream") + ", " +
                        count(s.units.size(), "unit") + " and " + count(routes, "route") +
                        ".</p>"});
  }
  {
    std::vector<std::string> items;
    items.push_back(
        "Patients arrive in " + count(s.arrivals.size(), "stream") +
        " (non-homogeneous Poisson processes), take a place in a unit or wait in its queue, and "
        "when their time there ends follow a route drawn for their cohort. A patient whose next "
        "unit is full waits where they are, keeping their place (blocking), unless the route "
        "says to overflow elsewhere or be lost.");
    for (const auto& u : s.units) {
      std::vector<std::string> rules;
      if (u.discharge.active) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "discharges between %02d:%02d and %02d:%02d",
                      u.discharge.from_minute / 60, u.discharge.from_minute % 60,
                      u.discharge.to_minute / 60, u.discharge.to_minute % 60);
        rules.push_back(
            std::string(buf) +
            (u.discharge.weekend < 1
                 ? ", at weekends " + format_fixed(u.discharge.weekend, 2) + " of the weekday rate"
                 : ""));
      }
      if (u.escalation.beds > 0)
        rules.push_back(std::to_string(u.escalation.beds) + " escalation beds open at " +
                        percent(u.escalation.open_above) + " occupancy and close below " +
                        percent(u.escalation.close_below));
      for (const auto& sd : u.step_down) {
        std::vector<std::string> who;
        for (size_t c = 0; c < sd.eligible.size(); ++c)
          if (sd.eligible[c] > 0)
            who.push_back(percent(sd.eligible[c]) + " of " + s.cohorts[c].name);
        rules.push_back("early supported discharge to " + s.units[size_t(sd.to)].name + " (" +
                        join(who, ", ") + " eligible)");
      }
      if (u.pull) rules.push_back("pulls eligible ward patients into free places");
      if (!u.patience.empty()) rules.push_back("patients may leave the queue unseen");
      if (u.staffed_limit != sim::kUnlimited)
        rules.push_back("staff look after at most " + std::to_string(u.staffed_limit));
      if (!rules.empty()) items.push_back("<b>" + esc(u.name) + "</b>: " + esc(join(rules, "; ")));
    }
    if (s.electives.present) {
      const Electives& e = s.electives;
      int64_t cases = 0;
      for (const auto& t : e.sessions) cases += t.cases;
      items.push_back(
          "Electives: a waiting list (" + esc(std::to_string(e.priorities.size())) +
          " clinical priorities with target times) served by priority then longest wait, " +
          grouped(double(cases), 0) + " operations per session day" +
          (e.inpatient_to >= 0
               ? "; inpatient cases need a bed in " + esc(s.units[size_t(e.inpatient_to)].name) +
                     " and are cancelled when none is free"
               : "") +
          (e.mutual_aid_per_week > 0 ? "; " + std::to_string(e.mutual_aid_per_week) +
                                           " long waiters a week transfer to another provider"
                                     : "") +
          ".");
    }
    rows.push_back({"2.2", "Base model logic", list_html(items)});
  }
  {
    std::vector<std::string> items;
    for (size_t v = 1; v < loaded.variants.size(); ++v) {
      const nlohmann::json patch =
          nlohmann::json::diff(base_variant.document, loaded.variants[v].document);
      std::vector<std::string> changes;
      for (const auto& op : patch) {
        const std::string path = op.value("path", "");
        const std::string what = op.value("op", "");
        std::string text = "<code>" + esc(path) + "</code> ";
        if (what == "replace") {
          const nlohmann::json::json_pointer ptr(path);
          text += esc(json_text(base_variant.document.at(ptr))) + " \u2192 " +
                  esc(json_text(op["value"]));
        } else if (what == "add") {
          text += "set to " + esc(json_text(op["value"]));
        } else {
          text += "removed";
        }
        changes.push_back(text);
      }
      items.push_back("<b>" + esc(loaded.variants[v].name) + "</b>: " +
                      (changes.empty() ? "no change to the baseline" : join(changes, "; ")));
    }
    for (const auto& sweep : loaded.sweeps) {
      std::vector<std::string> pointers;
      for (const auto& a : sweep.axes) pointers.push_back("<code>" + esc(a.label()) + "</code>");
      items.push_back("sweep <b>" + esc(sweep.name) + "</b>: each point sets " +
                      join(pointers, " and ") + " in the " + esc(sweep.variant));
    }
    rows.push_back({"2.3", "Scenario logic",
                    items.empty() ? "<p>No interventions or sweeps: the baseline only.</p>"
                                  : "<p>Each intervention is a JSON merge patch of the baseline; "
                                    "what it changes:</p>" +
                                        list_html(items)});
  }
  rows.push_back(
      {"2.4", "Algorithms",
       "<p>Discrete-event simulation with a total event order: time, then a named same-instant "
       "class (capacity changes; departures; transfers that found their next unit full; "
       "arrivals; theatre sessions), then the order of scheduling. Routes are drawn by one "
       "weighted pick; distributions are sampled by flowsim's own code (inverse transform where "
       "possible), so results do not depend on the standard library.</p>"});
  {
    // Cohort shares over every arrival stream, weighted by the streams' mean rates.
    std::vector<double> share(s.cohorts.size(), 0.0);
    double total = 0;
    for (const auto& a : s.arrivals) {
      const double rate = mean_rate_per_hour(s, a, s.warmup, s.horizon);
      total += rate;
      for (size_t c = 0; c < share.size(); ++c) share[c] += rate * a.cohort_share[c];
    }
    std::vector<std::string> cohorts;
    for (size_t c = 0; c < s.cohorts.size(); ++c) {
      const bool elective = s.electives.present && c < s.electives.cohort_share.size() &&
                            s.electives.cohort_share[c] > 0;
      if (total > 0 && share[c] > 0)
        cohorts.push_back(esc(s.cohorts[c].name) + " " + percent(share[c] / total));
      else if (elective)
        cohorts.push_back(esc(s.cohorts[c].name) + " (from the elective list)");
      else
        cohorts.push_back(esc(s.cohorts[c].name) + (total > 0 ? " (none arriving)" : ""));
    }
    std::vector<std::string> activities, resources;
    std::vector<std::pair<std::string, std::vector<std::string>>> queues;
    for (size_t u = 0; u < s.units.size(); ++u) {
      const Unit& unit = s.units[u];
      const std::string service = service_text(s, unit);
      if (!service.empty()) activities.push_back("<b>" + esc(unit.name) + "</b> " + esc(service));
      const std::string label = unit_label(s, u);
      resources.push_back("<b>" + esc(unit.name) + "</b> " +
                          esc(label.substr(label.find('\n') + 1)));
      if (unit.kind == UnitKind::kAssessment) continue;
      // Units with the same queue share a line.
      const std::string q = esc(queue_text(unit));
      auto it =
          std::find_if(queues.begin(), queues.end(), [&](const auto& g) { return g.first == q; });
      if (it == queues.end()) {
        queues.push_back({q, {}});
        it = queues.end() - 1;
      }
      it->second.push_back("<b>" + esc(unit.name) + "</b>");
    }
    std::vector<std::string> queue_lines;
    for (const auto& [q, names] : queues) queue_lines.push_back(join(names, ", ") + ": " + q);
    std::vector<std::string> entries;
    for (const auto& a : s.arrivals)
      entries.push_back("<b>" + esc(a.name) + "</b> into " + esc(s.units[size_t(a.to)].name) +
                        ", " + format_fixed(mean_rate_per_hour(s, a, s.warmup, s.horizon) * 24, 1) +
                        " a day");
    if (s.electives.present)
      entries.push_back("elective referrals, " +
                        format_fixed(s.electives.referral_rate_per_hour * 24, 1) + " a day");
    rows.push_back({"2.5", "Components",
                    "<p><b>Entities</b>: patients in " + count(s.cohorts.size(), "cohort") +
                        " (their share of arrivals): " + join(cohorts, ", ") +
                        ".</p><p><b>Activities</b> (time in each unit before being ready to "
                        "leave): " +
                        join(activities, "; ") +
                        ".</p><p><b>Resources</b> (places): " + join(resources, "; ") +
                        ".</p><p><b>Queues</b>: " + join(queue_lines, "; ") +
                        ".</p><p><b>Entry and exit points</b>: " + join(entries, "; ") +
                        "; patients leave by <i>exit</i>.</p>"});
  }

  // 3 Data.
  {
    std::vector<std::string> items;
    for (const auto& n : notes(base_variant.document)) items.push_back(esc(n));
    rows.push_back({"3.1", "Data sources",
                    items.empty() ? "<p>The scenario file gives no notes on its sources.</p>"
                                  : "<p>From the scenario's notes:</p>" + list_html(items)});
  }
  {
    std::vector<std::string> items;
    if (s.population > 0)
      items.push_back("population served: " + grouped(s.population, 0) +
                      " (capacities given per 100,000 are scaled by it)");
    for (const auto& a : s.arrivals) {
      std::vector<std::string> shape;
      if (!a.profile.is_flat()) {
        bool hour = false, weekday = false;
        for (double f : a.profile.hour) hour |= f != 1.0;
        for (double f : a.profile.weekday) weekday |= f != 1.0;
        if (hour) shape.push_back("hour of day");
        if (weekday) shape.push_back("day of week");
        if (!a.profile.periods.empty())
          shape.push_back(count(a.profile.periods.size(), "dated period"));
      }
      items.push_back("<b>" + esc(a.name) + "</b>: base rate " +
                      format_fixed(a.rate_per_hour * 24, 1) + " a day" +
                      (shape.empty() ? "" : ", shaped by " + esc(join(shape, ", "))) + "; mean " +
                      format_fixed(mean_rate_per_hour(s, a, s.warmup, s.horizon) * 24, 1) +
                      " a day over the measured period" + (a.ambulance ? "; by ambulance" : ""));
    }
    for (const auto& u : s.units)
      if (u.initial.patients + u.initial.queued > 0)
        items.push_back(
            "<b>" + esc(u.name) + "</b> starts with " + grouped(double(u.initial.patients), 0) +
            " patients" +
            (u.initial.ready_to_leave > 0
                 ? " (" + grouped(double(u.initial.ready_to_leave), 0) + " ready to leave)"
                 : "") +
            (u.initial.queued > 0 ? " and " + grouped(double(u.initial.queued), 0) + " queued"
                                  : ""));
    if (s.electives.present)
      items.push_back(
          "elective list: " + grouped(double(s.electives.backlog), 0) + " waiting at the start, " +
          format_fixed(s.electives.referral_rate_per_hour * 24 * 7, 0) + " referrals a week");
    rows.push_back({"3.3", "Input parameters",
                    list_html(items) + "<p>Service times and routes are in 2.5 and the pathway "
                                       "network; every value is in the scenario file.</p>"});
  }

  // 4 Experimentation.
  {
    std::vector<std::string> items;
    if (r.warmup_h > 0)
      items.push_back("A warm-up of " + days_text(r.warmup_h) + ", from " +
                      date_text(s.start_minutes) + " to " +
                      date_text(s.start_minutes + int64_t(std::llround(r.warmup_h * 60))) +
                      ", is discarded from every statistic.");
    else
      items.push_back("No warm-up: statistics start with the run.");
    int64_t today = 0;
    for (const auto& u : s.units) today += u.initial.patients + u.initial.queued;
    items.push_back(today > 0 ? "The run starts from today's patients (" +
                                    grouped(double(today), 0) + " in units, see 3.3)."
                              : "The run starts empty.");
    for (const auto& w : r.warnings)
      if (w.find("warm") != std::string::npos) items.push_back("Check: " + w);
    std::vector<std::string> escaped;
    for (const auto& i : items) escaped.push_back(esc(i));
    rows.push_back({"4.1", "Initialisation", "<p>" + join(escaped, " ") + "</p>"});
  }
  rows.push_back(
      {"4.2", "Run length",
       "<p>" + esc(days_text(r.horizon_h)) + " from " + esc(date_text(s.start_minutes)) +
           "; measured " + esc(days_text(r.horizon_h - r.warmup_h)) + ", from " +
           esc(date_text(s.start_minutes + int64_t(std::llround(r.warmup_h * 60)))) + " to " +
           esc(date_text(s.start_minutes + int64_t(std::llround(r.horizon_h * 60)))) + ".</p>"});
  {
    std::string html =
        "<p>" + std::to_string(r.replications) + " independent replications of each variant";
    if (r.precision) {
      const PrecisionResult& p = *r.precision;
      html += ", chosen by <code>--precision " + format_fixed(p.target, 3) +
              "</code>: replications were added until every headline metric's 95% interval was "
              "within " +
              format_fixed(p.target * 100, 1) + "% of its mean (at most " + std::to_string(p.cap) +
              ")";
      html += p.reached ? "; reached with " + std::to_string(p.replications)
                        : "; not reached at the cap for " + esc(join(p.unmet, ", "));
    }
    html +=
        ". Each metric is the mean across replications with a 95% confidence interval from "
        "Student's t (n &minus; 1 degrees of freedom); interventions are compared with the "
        "baseline by paired differences, replication by replication.</p>";
    rows.push_back({"4.3", "Estimation approach", html});
  }

  // 5 Implementation.
  rows.push_back({"5.1", "Software",
                  "<p>flowsim " + esc(FLOWSIM_VERSION) + ", C++20, compiled with " +
                      esc(compiler()) + ".</p>"});
  rows.push_back(
      {"5.2", "Random sampling",
       "<p>Seed " + std::to_string(r.seed) +
           ". xoshiro256** generators seeded through SplitMix64; every draw comes from a stream "
           "keyed by (seed, replication, purpose, index), never a shared generator: arrival "
           "times from one stream per arrival stream, and each patient's characteristics "
           "(cohort, acuity, lengths of stay, routes) from that patient's own stream. So every "
           "variant sees the same arrivals and the same patients in replication r (common random "
           "numbers), and a difference between variants is the intervention's, not noise.</p>"});
  rows.push_back({"5.3", "Model execution",
                  "<p>Replications of every variant run in parallel on " +
                      count(r.threads, "thread") +
                      "; each is a pure function of the scenario, seed and replication, so "
                      "the results are identical for any thread count.</p>"});
  rows.push_back({"5.4", "System specification",
                  "<p>Run time " + format_fixed(r.wall_seconds, 1) + " s on " +
                      count(r.threads, "thread") + " (" +
                      count(std::thread::hardware_concurrency(), "hardware thread") +
                      " on the machine that wrote this report).</p>"});
  rows.push_back({"6", "Code access",
                  "<p>flowsim " + esc(FLOWSIM_VERSION) + "; scenario file <code>" +
                      esc(r.scenario_path) + "</code>, SHA-256 <code>" + esc(r.scenario_sha256) +
                      "</code>. The same file, seed and version reproduce these results "
                      "exactly.</p>"});
  return rows;
}

// --- the page ---------------------------------------------------------------------------------

constexpr const char* kStyle = R"(
:root { --ink: #1d2530; --muted: #5b6573; --rule: #d9dee5; --soft: #f4f6f9; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 28px 32px 48px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 18px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 11.5px; color: var(--muted); margin: 0; }
h1 { font-size: 26px; line-height: 1.25; margin: 4px 0 8px; }
h2 { font-size: 19px; margin: 34px 0 6px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p { margin: 6px 0; }
.lead { color: #33404f; max-width: 900px; }
.note { color: var(--muted); font-size: 13px; }
code { font: 12.5px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: var(--soft);
  padding: 0 3px; border-radius: 3px; word-break: break-all; }
nav { font-size: 13px; color: var(--muted); margin: 10px 0 0; }
nav a { color: var(--accent); text-decoration: none; margin-right: 14px; white-space: nowrap; }
a { color: var(--accent); }
dl.settings { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
  gap: 8px 18px; margin: 14px 0 0; }
dl.settings div.long { grid-column: span 2; }
dl.settings div { border-left: 3px solid var(--rule); padding-left: 8px; }
dl.settings dt { font-size: 11.5px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
dl.settings dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.warnings { border: 1px solid #e0b252; border-left: 6px solid #d08b1c; background: #fff8e8;
  padding: 10px 16px; margin: 18px 0; border-radius: 4px; }
.warnings h2 { border: 0; margin: 0 0 4px; font-size: 16px; color: #7a4b00; }
.warnings ul { margin: 4px 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 10px; text-align: right; vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--rule); }
td { border-bottom: 1px solid #eceff3; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
tr.group td { background: var(--soft); font-weight: 600; }
td.yes { font-weight: 600; } td.no { color: var(--muted); }
.swatch-head { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
table.units td { white-space: nowrap; padding: 4px 7px; font-size: 12.5px; }
table.units th { padding: 4px 7px; }
table.units td:first-child { white-space: normal; min-width: 120px; }
table.units td .note { font-size: .92em; }
.wide { overflow-x: auto; }
table.headline { width: auto; min-width: 66%; }
table.headline td:not(:first-child) { padding-left: 22px; white-space: nowrap; }
table.headline td:first-child { min-width: 220px; }
table.headline .relative { color: var(--muted); font-size: 12px; display: inline-block;
  min-width: 52px; }
table.headline .relative.yes { color: var(--ink); font-weight: 600; }
table.headline th { vertical-align: bottom; }
table.stress p:first-child, table.stress ul:first-child { margin-top: 0; }
table.stress td:first-child { width: 210px; color: var(--muted); }
table.stress td { text-align: left; }
table.stress td ul { margin: 2px 0; padding-left: 18px; }
table.stress b { font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 14px 22px; }
figure { margin: 0; }
figure.chart-box { border: 1px solid #e6e9ee; border-radius: 6px; padding: 10px 12px 4px; }
figcaption { font-weight: 600; font-size: 13.5px; }
.legend { font-size: 11.5px; color: var(--muted); margin: 2px 0 0; }
.legend .key { margin-right: 12px; white-space: nowrap; }
.swatch { display: inline-block; width: 16px; height: 9px; margin-right: 5px; vertical-align: middle; }
.swatch.line { height: 0; border-top: 2.5px solid var(--c); }
.swatch.band { background: var(--c); opacity: .28; }
.swatch.shade { background: #eceef1; border: 1px solid #d5d9df; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; }
svg .tick { font-size: 10.5px; fill: #5b6573; }
svg .unit { font-size: 10.5px; fill: #5b6573; }
svg .grid { stroke: #e8ebef; stroke-width: 1; }
svg .zero { stroke: #8a94a3; stroke-width: 1.2; }
svg .axis { stroke: #9aa3af; stroke-width: 1; }
svg .warmup { fill: #eceef1; }
svg .band { opacity: .2; stroke: none; }
svg .median { fill: none; stroke-width: 1.7; stroke-linejoin: round; }
svg .halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .reference { stroke: #6b7280; stroke-width: 1; stroke-dasharray: 4 3; }
svg .reference-label { font-size: 10px; fill: #4b5563; }
svg .ci { stroke-width: 2; }
svg .estimate { stroke-width: 1.6; }
svg .row-label, svg .row-value { font-size: 12px; fill: var(--ink); }
svg .group { font-size: 12px; font-weight: 600; fill: var(--ink); }
svg.forest { max-width: 820px; }
svg.network { border: 1px solid #e6e9ee; border-radius: 6px; background: #fcfcfd; }
.network .link { fill: none; stroke: #9aa3af; opacity: .8; }
.network .link.arrival { stroke: #b5bcc6; }
.network .link.unused { opacity: .35; }
.network .link.overflow { stroke-dasharray: 6 4; }
.network .link.step-down { stroke: #4f7f3a; stroke-dasharray: 2 3; }
.network .link.assessment { stroke: #7f5fa0; stroke-dasharray: 1 3; stroke-width: 1.4; }
.network .link-label { font-size: 10.5px; fill: #374151; paint-order: stroke; stroke: #fcfcfd;
  stroke-width: 3px; stroke-linejoin: round; }
.network .node rect { fill: #f3f4f6; stroke: #9ca3af; stroke-width: 1; }
.network .node .name { font-size: 12px; font-weight: 600; fill: #111827; }
.network .node .detail { font-size: 10.5px; fill: #4b5563; }
.network .node.arrival rect { fill: #fff; stroke: #9ca3af; stroke-dasharray: 3 2; }
.network .node.exit rect { fill: #e5e7eb; }
.network .unit.ed rect, .kind.ed { fill: #fbe3dc; background: #fbe3dc; }
.network .unit.acute rect, .kind.acute { fill: #dfe9f5; background: #dfe9f5; }
.network .unit.virtual_ward rect, .kind.virtual_ward { fill: #e2f0de; background: #e2f0de; }
.network .unit.community rect, .kind.community { fill: #f4ecdc; background: #f4ecdc; }
.network .unit.assessment rect, .kind.assessment { fill: #ece6f3; background: #ece6f3; }
.kinds { font-size: 12px; color: var(--muted); margin-top: 6px; }
.kinds span { margin-right: 14px; white-space: nowrap; }
.kinds i { display: inline-block; width: 12px; height: 12px; border: 1px solid #9ca3af; border-radius: 2px;
  vertical-align: -2px; margin-right: 4px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 8px; }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, tr, .warnings { break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
  .wide { overflow: visible; }
  table.units th, table.units td { font-size: 8.5px; padding: 2px 4px; }
  @page { size: A4; margin: 14mm; }
}
)";

void section_settings(std::ostream& o, const LoadedScenario& loaded, const ExperimentResult& r) {
  const Scenario& s = loaded.variants.front().scenario;
  const int64_t measured_from = s.start_minutes + int64_t(std::llround(r.warmup_h * 60));
  const int64_t end = s.start_minutes + int64_t(std::llround(r.horizon_h * 60));
  const std::vector<std::pair<std::string, std::string>> items = {
      {"replications", std::to_string(r.replications) + " per variant"},
      {"seed", std::to_string(r.seed)},
      {"start", date_text(s.start_minutes)},
      {"warm-up", days_text(r.warmup_h) + ", discarded"},
      {"measured period", days_text(r.horizon_h - r.warmup_h) + ": " + date_text(measured_from) +
                              " to " + date_text(end)},
      {"variants", count(r.variants.size(), "variant") + " (baseline and " +
                       count(r.variants.empty() ? 0 : r.variants.size() - 1, "intervention") + ")"},
      {"scenario file", r.scenario_path},
      {"scenario SHA-256", r.scenario_sha256},
      {"flowsim", std::string("version ") + FLOWSIM_VERSION},
      {"run time", format_fixed(r.wall_seconds, 1) + " s on " + count(r.threads, "thread")},
  };
  o << "<dl class=\"settings\">";
  for (const auto& [k, v] : items) {
    const bool code = k == "scenario SHA-256" || k == "scenario file";
    o << (code ? "<div class=\"long\">" : "<div>") << "<dt>" << esc(k) << "</dt><dd>";
    if (code)
      o << "<code>" << esc(v) << "</code>";
    else
      o << esc(v);
    o << "</dd></div>";
  }
  o << "</dl>";
}

void section_headlines(std::ostream& o, const ExperimentResult& r,
                       const std::vector<HeadlineMetric>& headlines) {
  o << "<section id=\"headlines\"><h2>Headline results</h2>";
  o << "<p class=\"note\">Each cell: the mean over " << r.replications
    << " replications &plusmn; the half-width of its 95% confidence interval, over the measured "
       "period.";
  // The variants' own intervals overlap even where an intervention makes a real difference:
  // common random numbers make the paired difference far more precise, so it stands beside them.
  if (!r.comparisons.empty())
    o << " After each intervention's, its paired difference from the baseline relative to the "
         "baseline's mean, <b>bold</b> where its 95% interval excludes zero (the variants' own "
         "intervals may overlap even then: see <a href=\"#comparisons\">the comparisons</a>).";
  o << "</p>";
  if (headlines.empty()) {
    o << "<p>No headline metrics.</p></section>\n";
    return;
  }
  o << "<div class=\"wide\"><table class=\"headline\"><thead><tr><th>metric</th>";
  for (size_t v = 0; v < r.variants.size(); ++v)
    o << "<th><span class=\"swatch-head\" style=\"background:" << colour(v) << "\"></span>"
      << esc(r.variants[v].name) << "</th>";
  o << "</tr></thead><tbody>";
  for (const auto& h : headlines) {
    o << "<tr><td>" << esc(h.label) << "</td>";
    for (const auto& v : r.variants) {
      o << "<td>" << esc(format_cell(v.find(h.metric), h.decimals, h.scale));
      const auto c = std::find_if(r.comparisons.begin(), r.comparisons.end(), [&](const auto& x) {
        return x.intervention == v.name && x.metric == h.metric;
      });
      if (c != r.comparisons.end())
        o << " <span class=\"relative" << (c->excludes_zero ? " yes" : "") << "\">"
          << esc(relative_text(relative(*c), false)) << "</span>";
      o << "</td>";
    }
    o << "</tr>";
  }
  o << "</tbody></table></div></section>\n";
}

void section_comparisons(std::ostream& o, const ExperimentResult& r,
                         const std::vector<HeadlineMetric>& headlines) {
  o << "<section id=\"comparisons\"><h2>Interventions against the baseline</h2>";
  if (r.comparisons.empty()) {
    o << "<p class=\"note\">"
      << (r.variants.size() > 1 ? "No comparisons were computed for this run."
                                : "The scenario has no interventions: the baseline alone.")
      << "</p></section>\n";
    return;
  }
  o << "<p class=\"note\">Replication r of each variant saw the same arrivals and the same "
       "patients (common random numbers), so each difference is paired: its 95% interval is that "
       "of the per-replication differences. Where it excludes zero, the intervention changed the "
       "metric beyond the noise of "
    << r.replications << " replications.</p>";
  o << "<table class=\"comparisons\"><thead><tr><th>metric</th><th>baseline</th>"
       "<th>intervention</th><th>difference (95% CI)</th><th>relative</th>"
       "<th class=\"text\">interval excludes zero</th></tr></thead><tbody>";
  std::string current;
  for (const auto& c : r.comparisons) {
    if (c.intervention != current) {
      current = c.intervention;
      std::string description;
      for (const auto& v : r.variants)
        if (v.name == current) description = v.description;
      o << "<tr class=\"group\"><td colspan=\"6\">" << esc(current)
        << (description.empty() ? "" : " <span class=\"note\">" + esc(description) + "</span>")
        << "</td></tr>";
    }
    const HeadlineMetric* found = headline_for(headlines, c.metric);
    const HeadlineMetric h = found ? *found : HeadlineMetric{c.metric, c.metric, 2, 1};
    const ComparisonCells cells = format_comparison(c, h);
    o << "<tr><td>" << esc(h.label) << "</td><td>" << esc(cells.baseline) << "</td><td>"
      << esc(cells.intervention) << "</td><td>" << esc(cells.difference) << "</td><td>"
      << esc(relative_text(relative(c), false)) << "</td>";
    if (c.excludes_zero)
      o << "<td class=\"text yes\">yes: " << (c.difference.mean < 0 ? "lower" : "higher")
        << "</td>";
    else
      o << "<td class=\"text no\">no</td>";
    o << "</tr>";
  }
  o << "</tbody></table>";
  o << "<h3>Relative differences</h3><p class=\"note\">Each intervention's difference from the "
       "baseline as a percentage of the baseline's mean, with its 95% interval; a filled square "
       "marks an interval that excludes zero.</p>";
  forest_plot(o, r, headlines);
  o << "</section>\n";
}

void section_daily(std::ostream& o, const ExperimentResult& r, const Scenario& base) {
  o << "<section id=\"daily\"><h2>Day by day</h2>";
  const std::vector<std::string> series = daily_series(r);
  bool any = false;
  for (const auto& v : r.variants) any |= !v.daily.empty();
  if (series.empty() || !any) {
    o << "<p class=\"note\">No daily series were recorded for this run.</p></section>\n";
    return;
  }
  o << "<p class=\"note\">Each line is the median across replications of the day's value; the "
       "band spans the 10th to 90th percentiles, the range a planner should expect on that day. "
       "The shaded start is the warm-up, left out of every statistic. Dashed lines mark a unit's "
       "capacity. Each variant sees the same patients (common random numbers), so where an "
       "intervention changes nothing its line covers the baseline's.</p>";
  o << "<div class=\"charts\">";
  for (const auto& name : series) fan_chart(o, r, base, name);
  o << "</div></section>\n";
}

void section_sweeps(std::ostream& o, const ExperimentResult& r) {
  o << "<section id=\"sweeps\"><h2>Sweeps</h2>";
  if (r.sweeps.empty()) {
    o << "<p class=\"note\">The run has no sweeps.</p></section>\n";
    return;
  }
  for (const auto& s : r.sweeps) {
    o << "<h3>" << esc(s.name) << "</h3><p class=\"note\">";
    if (!s.description.empty())
      o << esc(s.description) << (s.description.back() == '.' ? " " : ". ");
    std::vector<std::string> pointers;
    for (const auto& p : s.axes) pointers.push_back("<code>" + esc(p) + "</code>");
    o << "Varies " << join(pointers, " and ") << " in the " << esc(s.variant) << " over "
      << count(s.points.size(), "point")
      << ", each simulated with common random numbers; lines are the mean across replications, "
         "bands its 95% confidence interval.</p>";
    if (s.points.empty()) continue;
    o << "<div class=\"charts\">";
    for (const auto& h : headline_metrics(s.points.front())) sweep_chart(o, s, h);
    o << "</div>";
  }
  o << "</section>\n";
}

void section_network(std::ostream& o, const Scenario& base) {
  o << "<section id=\"network\"><h2>Pathway network</h2>";
  o << "<p class=\"note\">Units with their kind and places; arrival streams with their mean rate "
       "over the measured period. A label is the share of a unit's patients who take that route "
       "(its cohorts weighted by their expected arrivals; hover for each cohort's probability); "
       "a line's width grows with the patients expected along it each day.</p>";
  NetworkDrawing(base).draw(o);
  o << "<div class=\"kinds\">";
  const std::pair<UnitKind, const char*> kinds[] = {{UnitKind::kEd, "A&E"},
                                                    {UnitKind::kAcute, "acute"},
                                                    {UnitKind::kVirtualWard, "virtual ward"},
                                                    {UnitKind::kCommunity, "community"},
                                                    {UnitKind::kAssessment, "assessment"},
                                                    {UnitKind::kGeneral, "other"}};
  for (const auto& [kind, label] : kinds) {
    bool present = false;
    for (const auto& u : base.units) present |= u.kind == kind;
    if (present)
      o << "<span><i class=\"kind " << kind_name(kind) << "\"></i>" << label << "</span>";
  }
  o << "<span>- - - when full</span><span>&middot;&middot;&middot; step-down or assessment in "
       "place</span></div></section>\n";
}

void section_units(std::ostream& o, const ExperimentResult& r, const Scenario& base) {
  o << "<section id=\"units\"><h2>Units</h2>";
  o << "<p class=\"note\">Over the measured period: wait for a place and its 95th percentile "
       "(hours), time blocked when ready to leave (hours), places occupied on average, the "
       "share of capacity occupied, how often a patient found the unit full, and the share "
       "lost. Each cell: mean &plusmn; 95% CI half-width.</p>";
  o << "<div class=\"wide\"><table class=\"units\"><thead><tr><th>unit</th><th "
       "class=\"text\">variant</th>";
  for (const auto& c : unit_metrics()) o << "<th>" << esc(c.label) << "</th>";
  o << "</tr></thead><tbody>";
  for (const auto& unit : result_units(r)) {
    bool first = true;
    const int u = base.unit_index(unit);
    for (size_t v = 0; v < r.variants.size(); ++v) {
      const VariantResult& vr = r.variants[v];
      if (vr.find("unit." + unit + ".arrivals") == nullptr) continue;
      o << "<tr><td>";
      if (first) {
        o << "<b>" << esc(unit) << "</b>";
        if (u >= 0) {
          const std::string label = unit_label(base, size_t(u));
          o << "<br><span class=\"note\">" << esc(label.substr(label.find('\n') + 1)) << "</span>";
        }
      }
      first = false;
      o << "</td><td class=\"text\"><span class=\"swatch-head\" style=\"background:" << colour(v)
        << "\"></span>" << esc(vr.name) << "</td>";
      for (const auto& c : unit_metrics())
        o << "<td>"
          << esc(format_cell(vr.find("unit." + unit + "." + c.metric), c.decimals, c.scale))
          << "</td>";
      o << "</tr>";
    }
  }
  o << "</tbody></table></div></section>\n";
}

void section_stress(std::ostream& o, const LoadedScenario& loaded, const ExperimentResult& r) {
  o << "<section id=\"stress\"><h2>How these results were produced (STRESS-DES)</h2>";
  o << "<p class=\"note\">The Strengthening the Reporting of Empirical Simulation Studies "
       "checklist for discrete-event simulation (Monks et al., 2019), filled from the scenario "
       "and this run.</p>";
  o << "<table class=\"stress\"><tbody>";
  for (const auto& row : stress_rows(loaded, r))
    o << "<tr><td>" << esc(row.item) << " " << esc(row.title) << "</td><td>" << row.html
      << "</td></tr>";
  o << "</tbody></table></section>\n";
}

}  // namespace

std::string report_html(const LoadedScenario& loaded, const ExperimentResult& r) {
  const Scenario& base = loaded.variants.front().scenario;
  const std::vector<HeadlineMetric> headlines =
      r.variants.empty() ? std::vector<HeadlineMetric>{} : headline_metrics(r.variants.front());
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<meta name=\"generator\" content=\"flowsim "
    << esc(FLOWSIM_VERSION) << "\"><title>" << esc(r.scenario_name)
    << " \u2014 flowsim report</title><style>" << kStyle << "</style></head><body><main>\n";
  o << "<header id=\"scenario\"><p class=\"kicker\">flowsim report</p><h1>" << esc(r.scenario_name)
    << "</h1>";
  if (!base.description.empty()) o << "<p class=\"lead\">" << esc(base.description) << "</p>";
  section_settings(o, loaded, r);
  o << "<nav><a href=\"#headlines\">Headlines</a><a href=\"#comparisons\">Interventions</a>"
       "<a href=\"#daily\">Day by day</a><a href=\"#sweeps\">Sweeps</a>"
       "<a href=\"#network\">Pathway network</a><a href=\"#units\">Units</a>"
       "<a href=\"#stress\">How it was produced</a></nav></header>\n";
  if (!r.warnings.empty()) {
    o << "<section id=\"warnings\" class=\"warnings\"><h2>Read before trusting these "
         "numbers</h2><ul>";
    for (const auto& w : r.warnings) o << "<li>" << esc(w) << "</li>";
    o << "</ul></section>\n";
  }
  section_headlines(o, r, headlines);
  section_comparisons(o, r, headlines);
  section_daily(o, r, base);
  section_sweeps(o, r);
  section_network(o, base);
  section_units(o, r, base);
  section_stress(o, loaded, r);
  o << "<footer>Written by flowsim " << esc(FLOWSIM_VERSION) << " from <code>"
    << esc(r.scenario_path)
    << "</code>. Everything on this page is in this one file; it loads "
       "nothing else.</footer>\n</main></body></html>\n";
  return o.str();
}

void write_report(const LoadedScenario& loaded, const ExperimentResult& result,
                  const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << report_html(loaded, result);
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace flowsim::models
