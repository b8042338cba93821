// --precision: how many replications each round brings, from the headline metrics' intervals.
#include "experiment/precision.h"

#include <algorithm>
#include <cmath>

namespace flowsim::models {

int replications_for_precision(const std::vector<VariantResult>& variants, double target,
                               std::vector<std::string>& unmet) {
  unmet.clear();
  int needed = 0;
  for (const auto& v : variants) {
    for (const auto& h : headline_metrics(v)) {
      const MetricSummary* m = v.find(h.metric);
      if (m == nullptr || m->n < 2 || (m->sd == 0 && m->mean == 0)) continue;
      const double half = m->ci95_high - m->mean;
      const double allowed = target * std::abs(m->mean);
      if (half <= allowed) continue;
      unmet.push_back(v.name + ": " + h.metric);
      const double ratio = allowed > 0 ? half / allowed : 1e9;
      needed = std::max(needed, int(std::min(1e9, std::ceil(double(m->n) * ratio * ratio))));
    }
  }
  return needed;
}

int next_precision_round(PrecisionResult& p, const std::vector<VariantResult>& variants, int have) {
  const int needed = replications_for_precision(variants, p.target, p.unmet);
  p.replications = have;
  if (p.unmet.empty()) {
    p.reached = true;
    return 0;
  }
  if (have >= p.cap) return 0;
  // Grow towards the estimate, but at most double at a time: early estimates are noisy.
  return std::min({p.cap, std::max(needed, have + 1), 2 * have});
}

std::string precision_warning(const PrecisionResult& p, int replications) {
  std::string list;
  for (const auto& m : p.unmet) list += (list.empty() ? "" : "; ") + m;
  return "--precision " + format_fixed(p.target, 3) + " was not reached with " +
         std::to_string(replications) + " replications (the cap): " + list;
}

}  // namespace flowsim::models
