// The days of a run: the time of day, and the day of the week of each day (bank holidays run as
// Sundays), read from a table of the run's days because discharge hours ask for every patient.
#pragma once

#include <cstdint>
#include <vector>

#include "scenario/scenario.h"
#include "sim/time.h"

namespace flowsim::models {

inline constexpr int64_t kMsPerDay = sim::Duration::kTicksPerDay;

class RunDays {
 public:
  // The days of the run, and a week beyond for discharge hours; later days are worked out.
  explicit RunDays(const Scenario& s) : s_(s) {
    first_midnight_ = sim::Time() - sim::Duration::ticks(ms_of_day(sim::Time()));
    for (sim::Time day = first_midnight_; day < s.horizon + sim::Duration::days(8);
         day += sim::Duration::days(1))
      weekday_.push_back(int8_t(s.day_of_week(day)));
  }

  // The calendar midnight that begins the run's first day.
  sim::Time first_midnight() const { return first_midnight_; }

  // Bank holidays run as Sundays: fewer arrivals, weekend capacity, no theatre lists.
  int day_of_week(sim::Time t) const {
    const int64_t day = (t - first_midnight_).ticks() / kMsPerDay;
    if (t < first_midnight_ || day >= int64_t(weekday_.size())) return s_.day_of_week(t);
    return weekday_[size_t(day)];
  }
  int64_t ms_of_day(sim::Time t) const {
    const int64_t abs = s_.start_minutes * sim::Duration::kTicksPerMinute + t.ticks();
    return ((abs % kMsPerDay) + kMsPerDay) % kMsPerDay;
  }

 private:
  const Scenario& s_;
  sim::Time first_midnight_;
  std::vector<int8_t> weekday_;  // day_of_week() of each day from first_midnight_
};

}  // namespace flowsim::models
