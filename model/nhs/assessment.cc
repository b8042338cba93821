// Assessments: an assessor (a place of a unit of kind assessment) held beside the patient's bed
// before they may leave by a route that needs one.
#include "model/flow.h"

namespace flowsim::models {

using sim::Duration;
using sim::Time;

void Simulation::request_assessment(uint32_t id, int assessment) {
  UnitState& a = units_[size_t(assessment)];
  Patient& p = patients_[id];
  if (measuring()) {
    ++a.arrivals;
    if (!a.pool.has_free_place()) ++a.full_on_arrival;
  }
  p.since = now_;
  if (a.pool.has_free_place()) {
    start_assessment(id, assessment);
  } else {
    p.waiting_for = assessment;
    a.pool.blocked().push(id, queue_priority(p), now_);
  }
}

// The patient keeps their bed while assessed: an assessor is a second place held at once.
void Simulation::start_assessment(uint32_t id, int assessment) {
  UnitState& a = units_[size_t(assessment)];
  Patient& p = patients_[id];
  a.pool.occupy();
  occupancy_changed(assessment, +1);
  ++p.token;
  p.state = PatientState::kAssessing;
  p.waiting_for = assessment;
  if (measuring()) {
    ++a.entered;
    a.wait.add(hours(now_ - p.since));
    a.wait_quantiles.add(hours(now_ - p.since));
  }
  p.since = now_;  // the assessment's own time runs from here, not from the request
  const double h = s_.units[size_t(assessment)].service_for(p.cohort, p.acuity).sample(p.rng);
  push_patient_event(now_ + Duration::hours(h), kDeparture, id, EventKind::kAssessmentEnd);
}

void Simulation::on_assessment_end(uint32_t id) {
  Patient& p = patients_[id];
  const int assessment = p.waiting_for;
  UnitState& a = units_[size_t(assessment)];
  if (measuring()) a.service.add(hours(now_ - p.since));
  a.pool.release();
  occupancy_changed(assessment, -1);
  pending_fill_.push_back(assessment);
  p.waiting_for = -1;
  p.assessed = true;
  after_delay(id);
}

}  // namespace flowsim::models
