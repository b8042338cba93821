// Each intervention against the baseline: the differences of its replications from the
// baseline's, driven by the same random streams, summarised.
#include "experiment/comparisons.h"

#include <algorithm>

namespace flowsim::models {

std::vector<Comparison> compare_with_baseline(const std::vector<VariantResult>& variants) {
  std::vector<Comparison> comparisons;
  const VariantResult& baseline = variants.front();
  for (size_t v = 1; v < variants.size(); ++v) {
    const VariantResult& iv = variants[v];
    for (const auto& h : headline_metrics(baseline)) {
      const auto b =
          std::find(baseline.metric_names.begin(), baseline.metric_names.end(), h.metric);
      const auto i = std::find(iv.metric_names.begin(), iv.metric_names.end(), h.metric);
      if (i == iv.metric_names.end()) continue;
      const size_t bm = size_t(b - baseline.metric_names.begin());
      const size_t im = size_t(i - iv.metric_names.begin());
      std::vector<double> difference;
      for (size_t r = 0; r < iv.values.size(); ++r)
        difference.push_back(iv.values[r][im] - baseline.values[r][bm]);
      Comparison c{iv.name, h.metric, baseline.summary[bm], iv.summary[im], summarise(difference),
                   false};
      c.excludes_zero =
          c.difference.n >= 2 && (c.difference.ci95_low > 0 || c.difference.ci95_high < 0);
      comparisons.push_back(std::move(c));
    }
  }
  return comparisons;
}

}  // namespace flowsim::models
