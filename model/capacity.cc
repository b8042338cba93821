// Capacity over time: schedules that open and close places by time of day, day and date, and
// escalation beds that open when a unit fills.
#include <algorithm>
#include <set>

#include "model/flow.h"

namespace flowsim::models {

using sim::Duration;
using sim::Time;

void Simulation::check_escalation(int unit) {
  const Escalation& e = s_.units[size_t(unit)].escalation;
  UnitState& u = units_[size_t(unit)];
  const double base = double(u.base_capacity);
  const double in_use = double(u.pool.in_use());
  // A ward its schedule has closed (no beds of its own) escalates from nothing: it opens no
  // escalation beds, and closes any it has (found by nhs_acute_test's "a ward closed by its
  // schedule opens no escalation beds").
  if (!u.escalated && base > 0 && in_use >= e.open_above * base) {
    u.escalated = true;
    apply_capacity(unit);
    pending_fill_.push_back(unit);
  } else if (u.escalated && (base <= 0 || in_use < e.close_below * base)) {
    u.escalated = false;
    apply_capacity(unit);
  }
}

void Simulation::apply_capacity(int unit) {
  UnitState& u = units_[size_t(unit)];
  int64_t cap = u.base_capacity;
  const int64_t extra = u.escalated ? s_.units[size_t(unit)].escalation.beds : 0;
  if (cap != sim::kUnlimited) cap += extra;
  u.pool.set_capacity(cap);
  u.capacity.set(now(), cap == sim::kUnlimited ? 0 : cap);
  u.escalation_open.set(now(), extra);
}

int64_t Simulation::capacity_at(const Unit& unit, Time t) const {
  return std::min(s_.capacity_at(unit.capacity, t), unit.staffed_limit);
}

// A schedule changes only at the times of day its lines name and at midnight (for days and
// dates): those are the only instants where the capacity is re-evaluated.
void Simulation::schedule_capacity_changes(Time end) {
  for (size_t u = 0; u < s_.units.size(); ++u) {
    const Capacity& c = s_.units[u].capacity;
    if (c.schedule.empty()) continue;
    std::set<int> minutes = {0};
    for (const auto& r : c.schedule) {
      minutes.insert(r.from_minute % 1440);
      minutes.insert(r.to_minute % 1440);
    }
    int64_t current = capacity_at(s_.units[u], Time());
    for (int64_t day = 0;; ++day) {
      const Time day_start = days_.first_midnight() + Duration::days(double(day));
      if (day_start >= end) break;
      for (int m : minutes) {
        const Time t = day_start + Duration::minutes(m);
        if (t <= Time() || t >= end) continue;
        const int64_t c_now = capacity_at(s_.units[u], t);
        if (c_now != current) {
          events_.push(t, kFirst,
                       Payload{uint32_t(u), uint32_t(c_now), EventKind::kCapacityChange});
          current = c_now;
        }
      }
    }
  }
}

void Simulation::on_capacity_change(uint32_t unit, uint32_t capacity) {
  units_[unit].base_capacity = capacity;
  apply_capacity(int(unit));
  if (s_.units[unit].escalation.beds > 0) check_escalation(int(unit));
  pending_fill_.push_back(int(unit));
}

}  // namespace flowsim::models
