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

#include "sim/calendar.h"

namespace flowsim::models::report {

// --- charts -----------------------------------------------------------------------------------

const char* colour(size_t i) {
  return kPalette[i % std::size(kPalette)];
}

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

void open_svg(std::ostream& o, const Frame& f, const std::string& label, const char* cls) {
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

}  // namespace flowsim::models::report
