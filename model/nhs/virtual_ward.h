// Virtual wards: step-up from outside the hospital, step-down part-way through a ward stay
// (early supported discharge), a pulling virtual ward that takes the longest-staying eligible
// ward patient, and escalations back to hospital; it reports vw.* and the daily vw.occupancy.
#pragma once

#include <cstdint>

namespace flowsim::models::nhs {

struct VirtualWardStats {
  int64_t step_up = 0, step_down = 0, escalated = 0, refused = 0;
};

}  // namespace flowsim::models::nhs
