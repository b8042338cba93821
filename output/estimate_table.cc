// The table `flowsim estimate` prints, from the traffic equations' estimates (analysis/estimate.h).
#include "output/estimate_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "output/text_table.h"

namespace flowsim::models {
namespace {

std::string fixed(double v, int decimals) {
  if (std::isinf(v)) return "unbounded";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

std::string format_estimate_table(const std::string& scenario_name,
                                  const std::vector<NamedEstimate>& estimates) {
  std::vector<std::vector<std::string>> rows = {{"unit", "variant", "arrivals/d", "mean stay h",
                                                 "offered load", "capacity", "load %", "flag"}};
  // Units in the first variant's order, then any a later one adds.
  std::vector<std::string> names;
  for (const auto& v : estimates)
    for (const auto& u : v.estimate.units)
      if (std::find(names.begin(), names.end(), u.name) == names.end()) names.push_back(u.name);
  for (const auto& name : names) {
    bool first = true;
    for (const auto& v : estimates) {
      const auto it = std::find_if(v.estimate.units.begin(), v.estimate.units.end(),
                                   [&](const UnitEstimate& u) { return u.name == name; });
      if (it == v.estimate.units.end()) continue;
      const UnitEstimate& u = *it;
      std::string capacity = "unlimited", load = "-";
      if (!u.capacity.unlimited) {
        const bool whole = u.capacity.mean == std::floor(u.capacity.mean);
        capacity = fixed(u.capacity.mean, whole ? 0 : 1);
        load = fixed(u.load_ratio * 100, 1);
      }
      rows.push_back({first ? name : "", v.variant, fixed(u.arrivals_per_day, 1),
                      fixed(u.mean_stay_h, 1), fixed(u.offered_load, 1), capacity, load,
                      flag_text(u.flag)});
      first = false;
    }
  }

  std::ostringstream out;
  out << scenario_name << "\n";
  if (!estimates.empty()) {
    const NetworkEstimate& e = estimates.front().estimate;
    out << "Expected flow over the measured period (" << fixed(e.measured_from_h / 24, 0)
        << " d warm-up, then " << fixed((e.measured_to_h - e.measured_from_h) / 24, 0)
        << " d), from the traffic equations.\n"
        << "Offered load = arrivals x mean stay: the places occupied on average if nobody "
           "waited.\n";
  }
  out << "\n";
  // Names and the flag to the left, numbers to the right.
  const size_t columns = rows.front().size();
  out << render_table(rows, [columns](size_t c) { return c < 2 || c + 1 == columns; });
  out << '\n';
  for (const auto& v : estimates) {
    const NetworkEstimate& e = v.estimate;
    out << v.variant << ": " << fixed(e.patients_per_day, 1)
        << " patients a day through the system, " << fixed(e.mean_inside, 1)
        << " inside on average, " << fixed(e.mean_time_in_system_h, 1) << " h each\n";
    for (const auto& note : e.notes) out << "  note: " << note << "\n";
  }
  out << "\nNote: a low-load estimate; it ignores blocking, queue limits and when_full (overflow, "
         "loss).\n";
  return out.str();
}

}  // namespace flowsim::models
