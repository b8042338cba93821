// Virtual wards: step-up from outside the hospital, step-down part-way through a ward stay
// (early supported discharge), a pulling virtual ward that takes the longest-staying eligible
// ward patient, and escalations back to hospital; it reports vw.*. The flow calls it when a
// patient starts service in a virtual ward, is refused one or leaves one, at the start of every
// ward stay with step-down rules, and when a pulling virtual ward has a free place.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "model/daily.h"
#include "model/metrics.h"
#include "model/units.h"
#include "scenario/scenario.h"
#include "sim/time.h"

namespace flowsim::models {
class Simulation;
}

namespace flowsim::models::nhs {

struct VirtualWardStats {
  int64_t step_up = 0, step_down = 0, escalated = 0, refused = 0;
};

// A ward patient a pulling virtual ward may take: the longest-staying first.
struct PullCandidate {
  sim::Time since;
  uint32_t patient;
  uint32_t token;
  bool operator>(const PullCandidate& o) const {
    return since != o.since ? since > o.since : patient > o.patient;
  }
};

class VirtualWard {
 public:
  explicit VirtualWard(const Scenario& s) : candidates_(s.units.size()) {}

  VirtualWardStats stats;

  // A patient takes a place in a virtual ward, from a unit of kind `from` (kGeneral from
  // outside). Measured period only. A move between virtual wards (hub to spoke) is neither a
  // step-up nor a step-down.
  void on_start_of_service(UnitKind from) {
    if (from != UnitKind::kVirtualWard)
      ++(from == UnitKind::kAcute ? stats.step_down : stats.step_up);
  }
  // A unit of kind `unit` turned a patient away. Measured period only.
  void on_refused(UnitKind unit) {
    if (unit == UnitKind::kVirtualWard) ++stats.refused;
  }
  // A patient leaves a unit of kind `from`, for a hospital unit or not.
  void on_departure(UnitKind from, bool to_hospital, bool measuring) {
    if (from == UnitKind::kVirtualWard && to_hospital && measuring) ++stats.escalated;
  }

  // Draws whether the patient is eligible for a step-down rule of their unit and, if so,
  // schedules the check at the rule's share of their acute stage of `stay_h` hours, of which
  // `elapsed_h` have passed already (today's patients); at once if that point is behind them.
  static void schedule_step_down(Simulation& flow, uint32_t id, double stay_h, double elapsed_h);
  // The patient is eligible to step down from now (EventKind::kStepDownCheck).
  void on_step_down_check(Simulation& flow, uint32_t id);
  // Moves the longest-staying eligible ward patient still in their acute stage, if any, into
  // the pulling virtual ward `vw`.
  bool pull_one(Simulation& flow, int vw);

  // With a virtual ward in the scenario: vw.occupancy, across virtual wards; vw.*.
  static void define_daily_series(const Scenario& s, const std::vector<UnitState>& units,
                                  std::vector<DailySeries>& series);
  void report(sim::MetricReport& r, const Scenario& s, const std::vector<UnitState>& units,
              sim::Time end, double measured_days) const;

 private:
  static void step_down(Simulation& flow, uint32_t id, int vw);

  // By unit: the ward patients a pulling virtual ward may take.
  std::vector<std::priority_queue<PullCandidate, std::vector<PullCandidate>, std::greater<>>>
      candidates_;
};

}  // namespace flowsim::models::nhs
