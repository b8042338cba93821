// Arrivals from outside: each stream's next arrival, the patient who arrives (their own random
// stream, cohort and acuity), and the limit of patients a replication may hold.
#include <cmath>

#include "model/flow.h"

namespace flowsim::models {

using sim::Duration;
using sim::Time;

// An arrival from outside that finds the replication at its limit of patients is turned away
// before it takes any memory, so that an unstable scenario ends (SimulationLimits).
bool Simulation::turn_away_at_limit() {
  if (in_system_.value() < limits_.max_patients_inside) return false;
  ++turned_away_;
  ++arrived_total_;
  ++lost_total_;
  if (measuring()) {
    ++system_arrivals_;
    ++system_lost_;
  }
  return true;
}

// The next event of a non-homogeneous Poisson process after now, by inversion of the cumulative
// rate: the profile is constant within each clock hour, so a unit-rate exponential is spent
// hour by hour. Duration::max() when there is none before the horizon.
Time Simulation::next_poisson(PoissonProcess& process) const {
  double remaining = -std::log(process.rng.uniform_pos());
  Time t = now();
  if (process.flat) {
    return process.base > 0 ? t + Duration::hours(remaining / process.base) : Duration::max();
  }
  while (t < s_.horizon) {
    if (t < process.hour_start || t >= process.hour_end) {
      process.hour_end = calendar_.next_hour(t);
      process.hour_start = process.hour_end - Duration::ticks(Duration::kTicksPerHour);
      process.rate = s_.profile_factor(*process.profile, t, process.base);
    }
    const Time boundary = process.hour_end;
    const double r = process.rate;
    const double span = hours(boundary - t);
    if (r * span >= remaining) {
      Time next = t + Duration::hours(remaining / r);
      // Rounding to whole ticks must not carry an arrival onto the boundary, into the next
      // hour, whose rate may be zero (found by validation_test's hour-of-day profile).
      if (next >= boundary) next = boundary - Duration::ticks(1);
      return next;
    }
    remaining -= r * span;
    t = boundary;
  }
  return Duration::max();
}

void Simulation::schedule_next_arrival(uint32_t stream) {
  const Time next = next_poisson(arrival_process_[stream]);
  if (next < s_.horizon) events_.push(next, kArrival, Payload{stream, 0, EventKind::kArrival});
}

void Simulation::on_arrival(uint32_t stream) {
  const ArrivalStream& a = s_.arrivals[stream];
  if (turn_away_at_limit()) {
    ++arrival_count_[stream];  // the patients after this one stay who they are
    schedule_next_arrival(stream);
    return;
  }
  const uint32_t id = new_patient();
  Patient& p = patients_[id];
  arrival_patients_[stream].seed(p.rng, arrival_count_[stream]++);
  p.cohort = arrival_cohort_[stream].draw(p.rng);
  if (!a.acuity_share.empty()) p.acuity = uint8_t(arrival_acuity_[stream][p.cohort].draw(p.rng));
  p.ambulance = a.ambulance;
  p.arrived = now();
  count_arrival();
  schedule_next_arrival(stream);
  admit_from_outside(id, a.to);
}

}  // namespace flowsim::models
