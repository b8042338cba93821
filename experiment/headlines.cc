// The metrics a planner reads first, and the decimals and scale they are shown at.
#include "experiment/experiment.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace flowsim::models {

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

}  // namespace flowsim::models
