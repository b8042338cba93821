#include "sim/warmup.h"

namespace flowsim::sim {

size_t mser_truncation(const std::vector<double>& series, size_t batch) {
  if (batch == 0) return 0;
  const size_t m = series.size() / batch;
  if (m < 2) return 0;
  std::vector<double> z(m, 0.0);
  for (size_t j = 0; j < m; ++j) {
    for (size_t i = 0; i < batch; ++i) z[j] += series[j * batch + i];
    z[j] /= double(batch);
  }
  // Sums over the tail, from the end, so every candidate costs O(1).
  std::vector<double> sum(m + 1, 0.0), sum_sq(m + 1, 0.0);
  for (size_t j = m; j-- > 0;) {
    sum[j] = sum[j + 1] + z[j];
    sum_sq[j] = sum_sq[j + 1] + z[j] * z[j];
  }
  size_t best = 0;
  double best_value = 0;
  for (size_t d = 0; d <= m / 2; ++d) {
    const double n = double(m - d);
    const double mean = sum[d] / n;
    const double ss = sum_sq[d] - n * mean * mean;
    const double value = (ss > 0 ? ss : 0) / (n * n);
    if (d == 0 || value < best_value) {
      best = d;
      best_value = value;
    }
  }
  return best * batch;
}

}  // namespace flowsim::sim
