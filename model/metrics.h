// The seam the flow and the mechanisms report their metrics into: each adds its (name, value)
// pairs in turn, so that the names of a scenario's metrics need no simulation run.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/time.h"

namespace flowsim::models {

// Collects metrics as (name, value) in one pass, so that names and values cannot drift apart.
struct Report {
  bool names_only = false;
  std::vector<std::string> names;
  std::vector<double> values;
  void add(std::string name, double value) {
    names.push_back(std::move(name));
    if (!names_only) values.push_back(value);
  }
};

inline double pct(double part, double whole) {
  return whole > 0 ? 100.0 * part / whole : 0.0;
}

inline double hours(sim::Duration d) {
  return d.to_hours();
}

}  // namespace flowsim::models
