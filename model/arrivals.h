// Arrivals from outside: the Poisson processes of the arrival streams and of elective referrals,
// and the tables that draw a patient's cohort, acuity, clinical priority or route.
#pragma once

#include <cstdint>
#include <vector>

#include "scenario/scenario.h"
#include "sim/random.h"
#include "sim/time.h"

namespace flowsim::models {

// An arrival stream or the elective referrals: a Poisson process whose rate is constant within
// each clock hour. The rate is worked out once for the hour the process is in, not per arrival.
struct PoissonProcess {
  double base = 0;  // per hour, before the profile
  const Profile* profile = nullptr;
  bool flat = true;
  sim::RandomStream rng;
  sim::Time hour_start = sim::Duration::max(), hour_end = sim::Duration::max();
  double rate = 0;  // per hour, in [hour_start, hour_end)
  void start(double base_per_hour, const Profile& p) {
    base = base_per_hour;
    profile = &p;
    flat = p.is_flat();
  }
};

// Draws an index in proportion to shares (a cohort, a triage acuity, a clinical priority) or to
// weights (a route's probability) with one uniform draw, or none when there is only one. The
// running sums are added up once, in the same order as a draw that summed them itself, so the
// draws are the same; an index of share 0 is never drawn.
class ShareTable {
 public:
  // Shares (kShares) are taken to add to 1, and a draw is compared with their running sums as it
  // comes; weights (kWeights) need not, and a draw is scaled to their total first.
  enum Scale { kShares, kWeights };
  ShareTable() = default;
  template <typename Shares>
  explicit ShareTable(const Shares& share, Scale scale = kShares)
      : cum_(share.size()), single_(share.size() == 1), proportional_(scale == kWeights) {
    double cum = 0;
    for (size_t c = 0; c < share.size(); ++c) {
      if (share[c] > 0) {
        cum += share[c];
        last_ = int32_t(c);
      }
      cum_[c] = cum;
    }
  }
  bool any_positive() const { return last_ >= 0; }
  uint16_t draw(sim::RandomStream& rng) const {
    if (single_) return 0;
    double u = rng.uniform();
    if (proportional_ && last_ >= 0) u *= cum_[size_t(last_)];
    // A share of 0 repeats the sum before it, which the draw is already at or above.
    for (size_t c = 0; c < cum_.size(); ++c)
      if (u < cum_[c]) return uint16_t(c);
    return uint16_t(last_ < 0 ? 0 : last_);  // rounding left the draw above the total
  }

 private:
  std::vector<double> cum_;  // cum_[c]: the sum of the positive shares up to c
  int32_t last_ = -1;        // the last index with a positive share
  bool single_ = true, proportional_ = false;
};

// An index in 0..n-1 (n >= 2) drawn in proportion to weight(i), with one draw; indexes of
// weight 0 or less are never drawn. -1, with no draw, when no weight is positive. For weights
// worked out for one patient (today's patients); routes drawn on arrival use the flow's tables.
template <typename Weight>
int32_t pick_weighted(size_t n, const Weight& weight, sim::RandomStream& rng) {
  std::vector<double> weights(n);
  for (size_t i = 0; i < n; ++i) weights[i] = weight(i);
  const ShareTable table(weights, ShareTable::kWeights);
  return table.any_positive() ? table.draw(rng) : -1;
}

}  // namespace flowsim::models
