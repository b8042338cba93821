#include "sim/stats.h"

#include <algorithm>

namespace flowsim::sim {

QuantileHistogram::QuantileHistogram(double floor, double growth, int bins)
    : floor_(floor), log_growth_(std::log(growth)), counts_(size_t(bins) + 1, 0) {}

void QuantileHistogram::add(double x) {
  ++n_;
  if (x > max_seen_) max_seen_ = x;
  if (!(x > floor_)) {
    ++counts_[0];
    return;
  }
  const double b = std::ceil(std::log(x / floor_) / log_growth_);
  const size_t last = counts_.size() - 1;
  ++counts_[b >= double(last) ? last : std::max<size_t>(1, size_t(b))];
}

void QuantileHistogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  n_ = 0;
  max_seen_ = 0;
}

double QuantileHistogram::quantile(double q) const {
  if (n_ == 0) return 0;
  // The rank of the quantile among the sorted observations (type 7-like, 0-based).
  const double rank = std::clamp(q, 0.0, 1.0) * double(n_ - 1);
  int64_t below = 0;
  for (size_t b = 0; b < counts_.size(); ++b) {
    if (counts_[b] == 0) continue;
    if (double(below + counts_[b]) > rank) {
      if (b == 0) return std::min(floor_, max_seen_);
      // Bin b holds (floor*g^(b-1), floor*g^b]; spread its observations evenly through it.
      const double lo = floor_ * std::exp(double(b - 1) * log_growth_);
      const double hi = std::min(floor_ * std::exp(double(b) * log_growth_), max_seen_);
      const double frac = (rank - double(below) + 0.5) / double(counts_[b]);
      return lo + (std::max(hi, lo) - lo) * std::clamp(frac, 0.0, 1.0);
    }
    below += counts_[b];
  }
  return max_seen_;
}

}  // namespace flowsim::sim

namespace flowsim::sim {

std::vector<double> LevelHistogram::shares(Time now) const {
  std::vector<int64_t> ticks = ticks_;
  if (size_t(level_) >= ticks.size()) ticks.resize(size_t(level_) + 1, 0);
  ticks[size_t(level_)] += (now - last_change_).ticks();
  const double span = double((now - since_).ticks());
  std::vector<double> out(ticks.size(), 0.0);
  if (span <= 0) {
    out[size_t(level_)] = 1.0;
    return out;
  }
  for (size_t i = 0; i < ticks.size(); ++i) out[i] = double(ticks[i]) / span;
  return out;
}

int64_t LevelHistogram::quantile(Time now, double q) const {
  const std::vector<double> s = shares(now);
  double cum = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    cum += s[i];
    if (cum >= q - 1e-12) return int64_t(i);
  }
  return int64_t(s.size()) - 1;
}

}  // namespace flowsim::sim
