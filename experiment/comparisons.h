// Each intervention against the baseline, paired by replication (Comparison).
#pragma once

#include <vector>

#include "experiment/experiment.h"

namespace flowsim::models {

// The headline metrics (headline_metrics()) of the baseline against each intervention that has
// them; `variants` holds the baseline first, then the interventions, each with its replications
// run and summarised.
std::vector<Comparison> compare_with_baseline(const std::vector<VariantResult>& variants);

}  // namespace flowsim::models
