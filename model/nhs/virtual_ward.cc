// Virtual wards: step-down from the acute wards, pull by a virtual ward, and the vw.* metrics.
#include "model/nhs/virtual_ward.h"

#include <algorithm>

#include "model/flow.h"

namespace flowsim::models::nhs {

using sim::Duration;

void VirtualWard::schedule_step_down(Simulation& flow, uint32_t id, double stay_h,
                                     double elapsed_h) {
  Patient& p = flow.patient(id);
  const Unit& spec = flow.scenario().units[size_t(p.unit)];
  for (size_t r = 0; r < spec.step_down.size(); ++r) {
    const StepDown& sd = spec.step_down[r];
    if (sd.eligible[p.cohort] > 0 && p.rng.uniform() < sd.eligible[p.cohort]) {
      p.step_down_rule = int8_t(r);
      const double wait_h = std::max(0.0, stay_h * sd.after - elapsed_h);
      flow.push_patient_event(flow.now() + Duration::hours(wait_h), kDeparture, id,
                              EventKind::kStepDownCheck);
      break;
    }
  }
}

void VirtualWard::on_step_down_check(Simulation& flow, uint32_t id) {
  Patient& p = flow.patient(id);
  // Ready to step down from now: a pulled patient's transfer wait counts from here (found by
  // nhs_services_test's "a pulling virtual ward takes the longest-staying ...").
  p.ready = flow.now();
  const StepDown& rule = flow.scenario().units[size_t(p.unit)].step_down[size_t(p.step_down_rule)];
  UnitState& vw = flow.unit_state(rule.to);
  // A step-down referral arrives at the virtual ward, and may find it full (found in review:
  // unit.vw.arrivals was 0 while patients entered).
  if (flow.measuring()) {
    ++vw.arrivals;
    if (!vw.pool.has_free_place()) ++vw.full_on_arrival;
  }
  if (vw.pool.has_free_place()) {
    step_down(flow, id, rule.to);
    return;
  }
  if (flow.measuring()) ++stats.refused;
  // Still in the acute stage: a pulling virtual ward may take the patient when a place frees.
  if (flow.scenario().units[size_t(rule.to)].pull)
    candidates_[size_t(rule.to)].push({p.service_start, id, p.token});
}

void VirtualWard::step_down(Simulation& flow, uint32_t id, int vw) {
  Patient& p = flow.patient(id);
  const int from = p.unit;
  if (flow.measuring()) flow.unit_state(from).service.add(hours(flow.now() - p.service_start));
  flow.leave_unit(id, vw);
  flow.start_service(id, vw, Duration(), from);
}

bool VirtualWard::pull_one(Simulation& flow, int vw) {
  auto& candidates = candidates_[size_t(vw)];
  while (!candidates.empty()) {
    const PullCandidate c = candidates.top();
    candidates.pop();
    const Patient& p = flow.patient(c.patient);
    if (p.token != c.token || p.state != PatientState::kInService) continue;
    step_down(flow, c.patient, vw);
    return true;
  }
  return false;
}

void VirtualWard::define_daily_series(const Scenario& s, const std::vector<UnitState>& units,
                                      std::vector<DailySeries>& series) {
  if (!has_kind(s, UnitKind::kVirtualWard)) return;
  DailySeries vw{"vw.occupancy", {}};
  for (size_t u = 0; u < s.units.size(); ++u)
    if (s.units[u].kind == UnitKind::kVirtualWard) vw.parts.push_back(&units[u].occupancy);
  series.push_back(vw);
}

void VirtualWard::report(sim::MetricReport& r, const Scenario& s,
                         const std::vector<UnitState>& units, sim::Time end,
                         double measured_days) const {
  if (!has_kind(s, UnitKind::kVirtualWard)) return;
  double occupied = 0, places = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    if (s.units[i].kind != UnitKind::kVirtualWard) continue;
    occupied += units[i].occupancy.mean(end);
    places += units[i].capacity.mean(end);
  }
  r.add("vw.places", places);
  r.add("vw.occupancy_mean_pct", pct(occupied, places));
  r.add("vw.step_up", double(stats.step_up));
  r.add("vw.step_down", double(stats.step_down));
  r.add("vw.escalated_to_hospital", double(stats.escalated));
  r.add("vw.bed_days", occupied * measured_days);
  r.add("vw.referrals_refused", double(stats.refused));
}

}  // namespace flowsim::models::nhs
