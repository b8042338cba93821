// Assessments: an assessor (a place of a unit of kind assessment) held beside the patient's bed
// before they may leave by a route that needs one.
#include "model/nhs/assessment.h"

#include "model/flow.h"

namespace flowsim::models::nhs {

using sim::Duration;

void Assessment::request(Simulation& flow, uint32_t id, int assessment) {
  UnitState& a = flow.unit_state(assessment);
  Patient& p = flow.patient(id);
  if (flow.measuring()) {
    ++a.arrivals;
    if (!a.pool.has_free_place()) ++a.full_on_arrival;
  }
  p.since = flow.now();
  if (a.pool.has_free_place()) {
    start(flow, id, assessment);
  } else {
    p.waiting_for = assessment;
    a.pool.blocked().push(id, flow.queue_priority(p), flow.now());
  }
}

// The patient keeps their bed while assessed: an assessor is a second place held at once.
void Assessment::start(Simulation& flow, uint32_t id, int assessment) {
  UnitState& a = flow.unit_state(assessment);
  Patient& p = flow.patient(id);
  const sim::Time now = flow.now();
  a.pool.occupy();
  flow.occupancy_changed(assessment, +1);
  ++p.token;
  p.state = PatientState::kAssessing;
  p.waiting_for = assessment;
  if (flow.measuring()) {
    ++a.entered;
    a.wait.add(hours(now - p.since));
    a.wait_quantiles.add(hours(now - p.since));
  }
  p.since = now;  // the assessment's own time runs from here, not from the request
  const double h =
      flow.scenario().units[size_t(assessment)].service_for(p.cohort, p.acuity).sample(p.rng);
  flow.push_patient_event(now + Duration::hours(h), kDeparture, id, EventKind::kAssessmentEnd);
}

void Assessment::on_end(Simulation& flow, uint32_t id) {
  Patient& p = flow.patient(id);
  const int assessment = p.waiting_for;
  UnitState& a = flow.unit_state(assessment);
  if (flow.measuring()) a.service.add(hours(flow.now() - p.since));
  a.pool.release();
  flow.occupancy_changed(assessment, -1);
  flow.refill(assessment);
  p.waiting_for = -1;
  p.assessed = true;
  flow.after_delay(id);
}

void Assessment::fill(Simulation& flow, int assessment) {
  UnitState& a = flow.unit_state(assessment);
  auto& blocked = a.pool.blocked();
  while (a.pool.has_free_place() && !blocked.empty()) start(flow, blocked.pop().entity, assessment);
}

}  // namespace flowsim::models::nhs
