// What the flow and the mechanisms report their metrics with: the seam they add (name, value)
// pairs to (sim::MetricReport), in turn, so that the names of a scenario's metrics need no
// simulation run; and the units they report in.
#pragma once

#include "sim/metrics.h"
#include "sim/time.h"

namespace flowsim::models {

inline double pct(double part, double whole) {
  return whole > 0 ? 100.0 * part / whole : 0.0;
}

inline double hours(sim::Duration d) {
  return d.to_hours();
}

}  // namespace flowsim::models
