// What the flow keeps for each unit: its places and lines, and the statistics of unit.*.
#pragma once

#include <cstdint>

#include "scenario/scenario.h"
#include "sim/pool.h"
#include "sim/stats.h"
#include "sim/time.h"

namespace flowsim::models {

inline bool has_kind(const Scenario& s, UnitKind k) {
  for (const auto& u : s.units)
    if (u.kind == k) return true;
  return false;
}

struct UnitState {
  sim::CapacityPool pool;
  sim::TimeWeighted occupancy, queue_length, capacity, escalation_open;
  sim::LevelHistogram levels;
  int64_t arrivals = 0, lost = 0, entered = 0, overflowed = 0, full_on_arrival = 0, reneged = 0;
  sim::Tally wait, service, blocked, transfer_wait;
  sim::QuantileHistogram wait_quantiles;
  int64_t base_capacity = 0;  // from the capacity and staffing, before escalation beds
  bool escalated = false;
};

}  // namespace flowsim::models
