// Virtual wards: step-down from the acute wards and pull by a virtual ward.
#include "model/nhs/virtual_ward.h"

#include <algorithm>

#include "model/flow.h"

namespace flowsim::models {

using sim::Duration;
using sim::Time;

// Draws whether the patient is eligible for a step-down rule of their unit and, if so,
// schedules the check at the rule's share of their acute stage of `stay_h` hours, of which
// `elapsed_h` have passed already (today's patients); at once if that point is behind them.
void Simulation::schedule_step_down(uint32_t id, double stay_h, double elapsed_h) {
  Patient& p = patients_[id];
  const Unit& spec = s_.units[size_t(p.unit)];
  for (size_t r = 0; r < spec.step_down.size(); ++r) {
    const StepDown& sd = spec.step_down[r];
    if (sd.eligible[p.cohort] > 0 && p.rng.uniform() < sd.eligible[p.cohort]) {
      p.step_down_rule = int8_t(r);
      const double wait_h = std::max(0.0, stay_h * sd.after - elapsed_h);
      push_patient_event(now_ + Duration::hours(wait_h), kDeparture, id, EventKind::kStepDownCheck);
      break;
    }
  }
}

void Simulation::on_step_down_check(uint32_t id) {
  Patient& p = patients_[id];
  // Ready to step down from now: a pulled patient's transfer wait counts from here (found by
  // nhs_services_test's "a pulling virtual ward takes the longest-staying ...").
  p.ready = now_;
  const StepDown& rule = s_.units[size_t(p.unit)].step_down[size_t(p.step_down_rule)];
  UnitState& vw = units_[size_t(rule.to)];
  // A step-down referral arrives at the virtual ward, and may find it full (found in review:
  // unit.vw.arrivals was 0 while patients entered).
  if (measuring()) {
    ++vw.arrivals;
    if (!vw.pool.has_free_place()) ++vw.full_on_arrival;
  }
  if (vw.pool.has_free_place()) {
    step_down(id, rule.to);
    return;
  }
  if (measuring()) ++vw_.refused;
  // Still in the acute stage: a pulling virtual ward may take the patient when a place frees.
  if (s_.units[size_t(rule.to)].pull) vw.candidates.push({p.service_start, id, p.token});
}

void Simulation::step_down(uint32_t id, int vw) {
  Patient& p = patients_[id];
  const int from = p.unit;
  if (measuring()) units_[size_t(from)].service.add(hours(now_ - p.service_start));
  leave_unit(id, vw);
  start_service(id, vw, Duration(), from);
}

// Moves the longest-staying eligible ward patient still in their acute stage, if any.
bool Simulation::pull_one(int vw) {
  auto& candidates = units_[size_t(vw)].candidates;
  while (!candidates.empty()) {
    const PullCandidate c = candidates.top();
    candidates.pop();
    const Patient& p = patients_[c.patient];
    if (p.token != c.token || p.state != PatientState::kInService) continue;
    step_down(c.patient, vw);
    return true;
  }
  return false;
}

}  // namespace flowsim::models
