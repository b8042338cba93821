// The table `flowsim estimate` prints: the traffic equations' estimates (analysis/estimate.h) by
// unit and variant.
#pragma once

#include <string>
#include <vector>

#include "analysis/estimate.h"

namespace flowsim::models {

// The aligned table `flowsim estimate` prints: a row per unit and variant (the variants in the
// order given, each unit's rows together), a line per variant for the system as a whole, and the
// note that blocking and queue limits are ignored.
struct NamedEstimate {
  std::string variant;
  NetworkEstimate estimate;
};
std::string format_estimate_table(const std::string& scenario_name,
                                  const std::vector<NamedEstimate>& estimates);

}  // namespace flowsim::models
