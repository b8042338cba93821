// Statistics collected during one replication. None of them stores every observation.
//
// Warm-up: each collector is reset at the end of the warm-up period (reset(now)), so every
// figure describes the measured period only.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "sim/time.h"

namespace flowsim::sim {

__extension__ typedef __int128 int128_t;

// Count, mean, variance (Welford's numerically stable update), min and max of observations.
class Tally {
 public:
  void add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / double(n_);
    m2_ += delta * (x - mean_);
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }
  void reset() { *this = Tally(); }
  int64_t count() const { return n_; }
  double mean() const { return n_ > 0 ? mean_ : 0.0; }
  // Sample variance (n - 1 in the denominator); 0 with fewer than two observations.
  double variance() const { return n_ > 1 ? m2_ / double(n_ - 1) : 0.0; }
  double sd() const { return std::sqrt(variance()); }
  double min() const { return n_ > 0 ? min_ : 0.0; }
  double max() const { return n_ > 0 ? max_ : 0.0; }

 private:
  int64_t n_ = 0;
  double mean_ = 0, m2_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

// The time-average of a piecewise-constant quantity, such as beds occupied or queue length.
// The integral is kept in exact integer tick-units, so the result does not depend on how often
// the value changes.
class TimeWeighted {
 public:
  explicit TimeWeighted(Time start = Time()) : since_(start), last_change_(start) {}
  // The value changes to v at time now (now never earlier than the last change).
  void set(Time now, int64_t v) {
    accumulate(now);
    value_ = v;
    if (value_ > max_) max_ = value_;
  }
  void add(Time now, int64_t delta) { set(now, value_ + delta); }
  int64_t value() const { return value_; }
  // Forgets the history before now, keeping the current value (the end of warm-up).
  void reset(Time now) {
    accumulate(now);
    area_ = 0;
    since_ = now;
    max_ = value_;
  }
  double mean(Time now) const {
    const int64_t span = (now - since_).ticks();
    if (span <= 0) return double(value_);
    const int128_t area = area_ + int128_t(value_) * (now - last_change_).ticks();
    return double(area) / double(span);
  }
  int64_t max() const { return max_; }
  // The integral of the value over [last reset, now], in value x hours.
  double integral_hours(Time now) const {
    const int128_t area = area_ + int128_t(value_) * (now - last_change_).ticks();
    return double(area) / double(Duration::hours(1).ticks());
  }

 private:
  void accumulate(Time now) {
    area_ += int128_t(value_) * (now - last_change_).ticks();
    last_change_ = now;
    if (value_ > max_) max_ = value_;
  }
  Time since_, last_change_;
  int64_t value_ = 0;
  int64_t max_ = 0;
  int128_t area_ = 0;
};

// How long a whole-number quantity (beds occupied) spent at each level: the distribution planners
// quote ("the ward was over 95% full a third of the time"). Memory grows with the highest level
// seen, never with the run's length.
class LevelHistogram {
 public:
  explicit LevelHistogram(Time start = Time()) : since_(start), last_change_(start) {}
  void set(Time now, int64_t level) {
    accumulate(now);
    level_ = level < 0 ? 0 : level;
  }
  void reset(Time now) {
    accumulate(now);
    std::fill(ticks_.begin(), ticks_.end(), 0);
    since_ = now;
  }
  // Share of [reset, now] spent at each level 0..max; sums to 1 when any time has passed.
  std::vector<double> shares(Time now) const;
  // The smallest level at or below which the quantity spent at least a share q of the time.
  int64_t quantile(Time now, double q) const;

 private:
  void accumulate(Time now) {
    if (size_t(level_) >= ticks_.size()) ticks_.resize(size_t(level_) + 1, 0);
    ticks_[size_t(level_)] += (now - last_change_).ticks();
    last_change_ = now;
  }
  Time since_, last_change_;
  int64_t level_ = 0;
  std::vector<int64_t> ticks_;
};

// Quantiles of non-negative observations from a histogram with logarithmic bins: a fixed
// number of counters, constant memory, and a relative error below 0.6% above `floor`.
// Observations at or below `floor` share the first bin.
//
// add() finds an observation's bin without a logarithm: the exponent and leading mantissa bits
// of the double give its base-2 logarithm to within a fraction of a bin, and one or two
// comparisons with the table of bin edges settle it exactly. It runs for every wait of every
// patient.
class QuantileHistogram {
 public:
  // Bins cover [floor, floor * growth^bins]; larger observations go in the last bin.
  explicit QuantileHistogram(double floor = 1.0 / 60, double growth = 1.01, int bins = 2400);
  void add(double x) {
    ++n_;
    if (x > max_seen_) max_seen_ = x;
    // Inline for the commonest case, no wait at all.
    if (!(x > floor_)) {
      ++counts_[0];
      return;
    }
    add_above_floor(x);
  }
  void reset();
  int64_t count() const { return n_; }
  // The q-quantile (0 <= q <= 1), interpolated within its bin; 0 when there are no observations.
  double quantile(double q) const;

 private:
  void add_above_floor(double x);

  double floor_, log2_floor_, bins_per_octave_;
  // edges[b] is bin b's upper edge, floor * growth^b; shared by histograms of the same shape.
  std::shared_ptr<const std::vector<double>> edges_;
  std::vector<int64_t> counts_;  // counts_[0] holds observations <= floor
  int64_t n_ = 0;
  double max_seen_ = 0;
};

}  // namespace flowsim::sim
