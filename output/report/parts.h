// The parts of report.html, one file each: text and dates (text.cc), SVG primitives (svg.cc), the
// charts (charts.cc), the pathway network's layout (layout.cc), the STRESS-DES table (stress.cc);
// page.cc puts them together. Internal to output/: not installed.
#pragma once

#include <cmath>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiment/experiment.h"
#include "scenario/scenario.h"

namespace flowsim::models::report {

// Text (text.cc): HTML escaping, numbers and dates as the page writes them.
std::string esc(std::string_view text);
std::string px(double v);
std::string grouped(double v, int decimals);
std::string percent(double share);
std::string join(const std::vector<std::string>& parts, const std::string& sep);
std::string count(size_t n, const std::string& noun);
std::string json_text(const nlohmann::json& value);
std::string date_text(int64_t minutes);
std::string days_text(double hours);

inline constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

inline constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// Variants keep their colour in every chart: baseline first.
inline constexpr const char* kPalette[] = {"#1f4e79", "#c0504d", "#4f7f3a",
                                           "#7f5fa0", "#c7861a", "#2a8a8f"};

// Round numbers spanning [lo, hi]: the range rounded out to a step of 1, 2 or 5 times a power of
// ten, about `target` steps.
struct Ticks {
  double lo = 0, hi = 1;
  std::vector<double> at;
  int decimals = 0;
};

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

struct LegendKey {
  std::string colour;
  std::string label;
  enum class Mark { kLine, kBand, kShade } mark = Mark::kLine;
};

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

// What a daily series shows, in words, and the unit of its values.
struct SeriesText {
  std::string title, unit;
};

// The relative difference and its interval, in % of the baseline's mean; NaN without a baseline.
struct Relative {
  double mean = NAN, lo = NAN, hi = NAN;
};

struct StressRow {
  std::string item, title, html;
};

// SVG primitives (svg.cc).
const char* colour(size_t i);
Ticks nice_ticks(double lo, double hi, int target);
void open_svg(std::ostream& o, const Frame& f, const std::string& label, const char* cls = "chart");
void draw_axes(std::ostream& o, const Frame& f, const Ticks& y, const std::string& y_unit,
               const XTicks& x, const std::string& x_title);
XTicks date_ticks(int64_t start_minutes, double days);
void legend(std::ostream& o, const std::vector<LegendKey>& keys);

// Charts (charts.cc): daily fan charts, sweep curves, the forest plot of comparisons.
SeriesText series_text(const std::string& name);
std::vector<std::string> daily_series(const ExperimentResult& r);
void fan_chart(std::ostream& o, const ExperimentResult& r, const Scenario& base,
               const std::string& series);
void sweep_chart(std::ostream& o, const SweepResult& s, const HeadlineMetric& h);
const HeadlineMetric* headline_for(const std::vector<HeadlineMetric>& headlines,
                                   const std::string& metric);
Relative relative(const Comparison& c);
std::string relative_text(const Relative& rel, bool with_interval);
void forest_plot(std::ostream& o, const ExperimentResult& r,
                 const std::vector<HeadlineMetric>& headlines);

// The pathway network (layout.cc): units in layers from left to right, routes between them.
void draw_network(std::ostream& o, const Scenario& s);

// The STRESS-DES table (stress.cc).
std::vector<StressRow> stress_rows(const LoadedScenario& loaded, const ExperimentResult& r);

}  // namespace flowsim::models::report
