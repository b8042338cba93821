// The acute wards' discharge hours and metrics (the hooks are inline in acute.h).
#include "model/nhs/acute.h"

#include <string>

namespace flowsim::models::nhs {
namespace {

bool has_pathways(const Scenario& s) {
  for (const auto& u : s.units)
    if (u.kind == UnitKind::kAcute)
      for (const auto& routes : u.routes)
        for (const auto& r : routes)
          if (r.pathway >= 0) return true;
  return false;
}

// Escalation beds on the acute wards (acute.escalation_bed_days); every unit with them also
// reports its own unit.U.escalation_bed_days.
bool has_acute_escalation(const Scenario& s) {
  for (const auto& u : s.units)
    if (u.kind == UnitKind::kAcute && u.escalation.beds > 0) return true;
  return false;
}

}  // namespace

sim::Time Acute::discharge_time(Patient& p, const DischargeRules& rules, sim::Time now,
                                const RunDays& days) {
  using sim::Duration;
  const Duration from = Duration::minutes(rules.from_minute);
  const Duration to = Duration::minutes(rules.to_minute);
  sim::Time t = now;
  for (int day = 0; day < 3660; ++day) {
    const sim::Time day_start = t - Duration::ticks(days.ms_of_day(t));
    if (t < day_start + from) t = day_start + from;
    if (t >= day_start + to) {
      t = day_start + Duration::days(1) + from;
      continue;
    }
    if (rules.weekend < 1.0 && days.day_of_week(t) >= 5 && p.rng.uniform() >= rules.weekend) {
      t = day_start + Duration::days(1) + from;
      continue;
    }
    return t;
  }
  return t;
}

void Acute::define_daily_series(const Scenario& s, std::vector<DailySeries>& series) const {
  if (has_kind(s, UnitKind::kAcute)) series.push_back({"acute.nctr", {&stats.nctr}});
}

void Acute::report(sim::MetricReport& r, const Scenario& s, const std::vector<UnitState>& units,
                   sim::Time end, double measured_days) const {
  if (!has_kind(s, UnitKind::kAcute)) return;
  double occupied = 0, beds = 0, escalation = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    if (s.units[i].kind != UnitKind::kAcute) continue;
    occupied += units[i].occupancy.mean(end);
    beds += units[i].capacity.mean(end);
    escalation += units[i].escalation_open.mean(end);
  }
  r.add("acute.beds_mean", beds);
  r.add("acute.admissions", double(stats.admissions));
  r.add("acute.occupancy_mean_pct", pct(occupied, beds));
  r.add("acute.occupancy_p95_pct", pct(double(stats.levels.quantile(end, 0.95)), beds));
  r.add("acute.los_mean_d", stats.los_days.mean());
  r.add("acute.nctr_mean", stats.nctr.mean(end));
  r.add("acute.nctr_bed_days", stats.nctr.mean(end) * measured_days);
  if (has_acute_escalation(s)) r.add("acute.escalation_bed_days", escalation * measured_days);
  if (has_pathways(s)) {
    for (int pathway = 0; pathway < 4; ++pathway)
      r.add("acute.discharges_p" + std::to_string(pathway), double(stats.discharges[pathway]));
  }
}

}  // namespace flowsim::models::nhs
