// Costs: occupied place-days at each unit's daily cost, a cost per patient who takes a place,
// and cancelled operations, summed by kind of unit; it reports cost.* when the scenario prices
// anything. It keeps no state: everything it needs is in the units' statistics at the end.
#pragma once

#include <cstdint>
#include <vector>

#include "model/metrics.h"
#include "model/units.h"
#include "scenario/scenario.h"
#include "sim/time.h"

namespace flowsim::models::nhs {

struct Costs {
  // `cancelled_operations`: elective operations cancelled for want of a bed.
  void report(sim::MetricReport& r, const Scenario& s, const std::vector<UnitState>& units,
              sim::Time end, double measured_days, int64_t cancelled_operations) const;
};

}  // namespace flowsim::models::nhs
