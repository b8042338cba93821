// What a scenario computes of itself: a unit's index, the calendar as the model sees it (bank
// holidays as Sundays), an arrival profile's factor and a capacity schedule's places at a time;
// and the names of the unit kinds, as scenario files spell them.
#include <algorithm>

#include "scenario/builder.h"
#include "scenario/scenario.h"

namespace flowsim::models {

int Scenario::unit_index(const std::string& name) const {
  for (size_t i = 0; i < units.size(); ++i)
    if (units[i].name == name) return int(i);
  return -1;
}

bool Profile::is_flat() const {
  for (double h : hour)
    if (h != 1.0) return false;
  for (double w : weekday)
    if (w != 1.0) return false;
  return periods.empty();
}

namespace {
// Scenario::day_of_week() for a time t on date d.
int day_of_week_on(const Scenario& s, const sim::Calendar& cal, sim::CivilDate d, sim::Time t) {
  if (!s.bank_holidays.empty() &&
      std::binary_search(s.bank_holidays.begin(), s.bank_holidays.end(), d))
    return 6;
  return cal.weekday(t);
}
}  // namespace

int Scenario::day_of_week(sim::Time t) const {
  const sim::Calendar cal = calendar();
  return day_of_week_on(*this, cal, bank_holidays.empty() ? sim::CivilDate{} : cal.date(t), t);
}

double Scenario::profile_factor(const Profile& profile, sim::Time t, double base) const {
  const sim::Calendar cal = calendar();
  // The date once, for bank holidays and dated periods both (a simulation asks every clock hour).
  const bool dated = !bank_holidays.empty() || !profile.periods.empty();
  const sim::CivilDate d = dated ? cal.date(t) : sim::CivilDate{};
  const int weekday = day_of_week_on(*this, cal, d, t);
  double f = base * profile.hour[size_t(cal.hour_of_day(t))] * profile.weekday[size_t(weekday)];
  for (const auto& period : profile.periods)
    if (!(d < period.from) && !(period.to < d)) f *= period.factor;
  return f;
}

int64_t Scenario::capacity_at(const Capacity& capacity, sim::Time t) const {
  if (capacity.schedule.empty()) return capacity.fixed;
  constexpr int64_t kDay = sim::Duration::kTicksPerDay;
  const int64_t absolute = start_minutes * sim::Duration::kTicksPerMinute + t.ticks();
  const int minute = int((((absolute % kDay) + kDay) % kDay) / sim::Duration::kTicksPerMinute);
  const sim::Calendar cal = calendar();
  const sim::CivilDate d = cal.date(t);
  return capacity.at(d, day_of_week_on(*this, cal, d, t), minute);
}

int64_t Capacity::at(sim::CivilDate date, int weekday, int minute) const {
  if (schedule.empty()) return fixed;
  int64_t c = schedule.front().capacity;
  for (size_t i = 1; i < schedule.size(); ++i) {
    const CapacityRule& r = schedule[i];
    if (!(r.weekdays & (1u << weekday))) continue;
    const bool in_hours = r.from_minute < r.to_minute
                              ? (minute >= r.from_minute && minute < r.to_minute)
                              : (minute >= r.from_minute || minute < r.to_minute);
    if (!in_hours) continue;
    if (r.dated && (date < r.from_date || r.to_date < date)) continue;
    c = r.capacity;
  }
  return c;
}

// The name registered with the kind (unit_kinds.cc), so that a kind is named in one place.
const char* kind_name(UnitKind k) {
  return loading::Builder::kind_rules(k).name;
}

}  // namespace flowsim::models
