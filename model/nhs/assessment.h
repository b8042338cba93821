// Assessments: before leaving by a route that needs one, a patient is assessed (by a social
// worker, a therapist) while keeping their bed. An assessor is a place of a unit of kind
// assessment, held at once beside the bed; patients wait for one in the assessment unit's line.
// The flow calls it when a patient ready to leave needs an assessment, when one ends, and when an
// assessment unit has a free assessor. It keeps no state of its own: the assessment unit's
// statistics are the unit's (unit.*).
#pragma once

#include <cstdint>

namespace flowsim::models {
class Simulation;
}

namespace flowsim::models::nhs {

struct Assessment {
  // A patient ready to leave asks for an assessor of unit `assessment`.
  void request(Simulation& flow, uint32_t id, int assessment);
  // The patient's assessment ends (EventKind::kAssessmentEnd).
  void on_end(Simulation& flow, uint32_t id);
  // Gives the free assessors of unit `assessment` to the patients waiting for one.
  void fill(Simulation& flow, int assessment);

 private:
  void start(Simulation& flow, uint32_t id, int assessment);
};

}  // namespace flowsim::models::nhs
