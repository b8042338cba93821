#include "sim/stats.h"

#include <algorithm>
#include <array>
#include <bit>
#include <stdexcept>

namespace flowsim::sim {

namespace {

constexpr double kDefaultFloor = 1.0 / 60, kDefaultGrowth = 1.01;
constexpr int kDefaultBins = 2400;
constexpr int kMantissaBits = 8;  // the leading mantissa bits looked up: 256 entries

std::shared_ptr<const std::vector<double>> make_edges(double floor, double log_growth, int bins) {
  auto edges = std::make_shared<std::vector<double>>(size_t(bins) + 1);
  for (int b = 0; b <= bins; ++b) (*edges)[size_t(b)] = floor * std::exp(double(b) * log_growth);
  return edges;
}

// log2 of the middle of each mantissa interval [1 + m/256, 1 + (m+1)/256).
const std::array<double, size_t(1) << kMantissaBits>& log2_mantissa() {
  static const auto table = [] {
    std::array<double, size_t(1) << kMantissaBits> t{};
    for (size_t m = 0; m < t.size(); ++m)
      t[m] = std::log2(1 + (double(m) + 0.5) / double(t.size()));
    return t;
  }();
  return table;
}

}  // namespace

QuantileHistogram::QuantileHistogram(double floor, double growth, int bins)
    : floor_(floor),
      log2_floor_(std::log2(floor)),
      bins_per_octave_(std::log(2.0) / std::log(growth)),
      counts_(size_t(bins) + 1, 0) {
  if (!(floor > 0) || !(growth > 1) || bins < 1)
    throw std::invalid_argument("a quantile histogram needs floor > 0, growth > 1 and a bin");
  if (floor == kDefaultFloor && growth == kDefaultGrowth && bins == kDefaultBins) {
    // Every unit of every replication has one: the edges are worked out once.
    static const auto shared = make_edges(floor, std::log(growth), bins);
    edges_ = shared;
  } else {
    edges_ = make_edges(floor, std::log(growth), bins);
  }
}

void QuantileHistogram::add_above_floor(double x) {
  const std::vector<double>& edges = *edges_;
  const size_t last = counts_.size() - 1;
  if (x > edges[last - 1]) {  // the last bin holds everything beyond the others (and infinity)
    ++counts_[last];
    return;
  }
  // Bin b holds (edges[b - 1], edges[b]]: estimate b from the bits of x, then step to it.
  const auto bits = std::bit_cast<uint64_t>(x);
  const double log2x =
      double(int64_t((bits >> 52) & 0x7ff) - 1023) +
      log2_mantissa()[(bits >> (52 - kMantissaBits)) & ((1u << kMantissaBits) - 1)];
  const double estimate = std::ceil((log2x - log2_floor_) * bins_per_octave_);
  size_t b = estimate < 1 ? 1 : estimate > double(last) ? last : size_t(estimate);
  while (b < last && x > edges[b]) ++b;
  while (b > 1 && !(x > edges[b - 1])) --b;
  ++counts_[b];
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
      const double lo = (*edges_)[b - 1];
      const double hi = std::min((*edges_)[b], max_seen_);
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
