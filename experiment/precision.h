// --precision: replications added round by round until every headline metric's 95% interval is
// narrow enough (PrecisionResult), or the cap is reached.
#pragma once

#include <string>
#include <vector>

#include "experiment/experiment.h"

namespace flowsim::models {

// The headline metrics of the baseline and interventions whose 95% interval is wider than
// `target` of the mean, and the replications each would need (the half-width shrinks as
// 1/sqrt(n)); a metric that is exactly zero in every replication needs no more.
int replications_for_precision(const std::vector<VariantResult>& variants, double target,
                               std::vector<std::string>& unmet);

// After a round that brought every variant to `have` replications: records in `precision`
// whether its target is reached, and returns the replications the next round brings each variant
// to, or 0 when there is to be none.
int next_precision_round(PrecisionResult& precision, const std::vector<VariantResult>& variants,
                         int have);

// The warning of a target not reached with `replications` (the cap), naming the metrics still
// too wide.
std::string precision_warning(const PrecisionResult& precision, int replications);

}  // namespace flowsim::models
