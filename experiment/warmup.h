// Whether a run's warm-up looks long enough for the units to have settled before measuring.
#pragma once

#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "scenario/scenario.h"

namespace flowsim::models {

// Whether a scenario changes with the calendar (dated arrival periods or capacity lines): then it
// has no steady state for a warm-up to reach.
bool has_dated_changes(const Scenario& scenario);

// MSER-5 on the median daily occupancy of each unit. MSER alone mistakes the slow wander of a
// long-stay ward for a transient, so it warns only when the first five measured days are still
// away from the level the run settles to (by more than 5% and two standard deviations of its
// five-day means): a warm-up that is really too short. Variants that are `dated`
// (has_dated_changes) are not checked; the warnings are added to `warnings`.
void check_warmup(const ExperimentResult& result, const std::vector<bool>& dated,
                  std::vector<std::string>& warnings);

}  // namespace flowsim::models
