// A daily series (ReplicationResult::daily): the flow defines the occupancy of each unit, each
// mechanism adds its own, in a fixed order (daily_series_names()).
#pragma once

#include <string>
#include <vector>

#include "sim/stats.h"

namespace flowsim::models {

// The mean over the day of a sum of time-weighted quantities, or a value its mechanism gives at
// the end of the day (special).
struct DailySeries {
  std::string name;
  std::vector<const sim::TimeWeighted*> parts;  // summed; empty for the special series
  enum class Special { kNone, kEdWithin4h, kListSize } special = Special::kNone;
  double mark = 0;  // the summed integral at the start of the day
};

}  // namespace flowsim::models
