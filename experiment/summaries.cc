// A metric over the replications: its mean, spread and 95% confidence interval; a day's value
// across them.
#include "experiment/experiment.h"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/students_t.hpp>

#include "sim/stats.h"

namespace flowsim::models {
namespace {

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = q * double(sorted.size() - 1);
  const size_t lo = size_t(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - double(lo));
}

}  // namespace

MetricSummary summarise(const std::vector<double>& values) {
  MetricSummary m;
  sim::Tally t;
  for (double v : values) t.add(v);
  m.n = int(values.size());
  m.mean = t.mean();
  m.sd = t.sd();
  m.min = t.min();
  m.max = t.max();
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  m.p10 = quantile_sorted(sorted, 0.10);
  m.p90 = quantile_sorted(sorted, 0.90);
  if (m.n >= 2) {
    const boost::math::students_t dist(double(m.n - 1));
    const double half = boost::math::quantile(dist, 0.975) * m.sd / std::sqrt(double(m.n));
    m.ci95_low = m.mean - half;
    m.ci95_high = m.mean + half;
  } else {
    m.ci95_low = m.ci95_high = std::nan("");
  }
  return m;
}

DailyBand daily_band(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  DailyBand band;
  band.p10 = float(quantile_sorted(values, 0.10));
  band.median = float(quantile_sorted(values, 0.50));
  band.p90 = float(quantile_sorted(values, 0.90));
  return band;
}

const MetricSummary* VariantResult::find(const std::string& metric) const {
  for (size_t i = 0; i < metric_names.size(); ++i)
    if (metric_names[i] == metric) return &summary[i];
  return nullptr;
}

}  // namespace flowsim::models
