// The acute wards: admissions and spells, patients with no criteria to reside (NCTR), the
// discharge pathways they leave by, and discharge hours. The flow calls it when a patient starts
// service in an acute unit, is ready to leave one, waits for the discharge window and departs,
// and whenever an acute unit's occupancy changes; it reports acute.* and the daily acute.nctr.
// The hooks the flow calls on every acute event are inline.
#pragma once

#include <cstdint>
#include <vector>

#include "model/daily.h"
#include "model/days.h"
#include "model/metrics.h"
#include "model/patients.h"
#include "model/units.h"
#include "scenario/scenario.h"
#include "sim/stats.h"

namespace flowsim::models::nhs {

struct AcuteStats {
  int64_t admissions = 0;
  int64_t occupied = 0;  // across acute units, now
  sim::LevelHistogram levels;
  sim::Tally los_days;
  sim::TimeWeighted nctr;
  int64_t discharges[4] = {0, 0, 0, 0};
};

struct Acute {
  AcuteStats stats;

  // A patient takes a place in an acute unit, from a unit of kind `from` (kGeneral from
  // outside): coming from outside the acute wards, an admission, which starts a spell.
  void on_start_of_service(Patient& p, UnitKind from, sim::Time now, bool measuring) {
    if (from == UnitKind::kAcute) return;
    if (measuring) ++stats.admissions;
    p.spell_start = now;
  }

  // Fit to leave the acute wards, bound for a unit of kind `to`: no criteria to reside. A
  // patient waiting for a bed in another acute ward still needs acute care (found by
  // nhs_acute_test's "a patient waiting for a bed in another acute ward is not NCTR").
  void on_ready_to_leave(Patient& p, UnitKind to, sim::Time now) {
    if (to == UnitKind::kAcute) return;
    p.nctr = true;
    stats.nctr.add(now, 1);
  }

  // A patient leaves an acute unit by `route` (nullptr: none drawn) for a unit of kind `to`
  // (kGeneral for the exit).
  void on_departure(Patient& p, const Route* route, UnitKind to, sim::Time now, bool measuring) {
    if (p.nctr) {
      p.nctr = false;
      stats.nctr.add(now, -1);
    }
    if (to != UnitKind::kAcute && measuring) {
      stats.los_days.add((now - p.spell_start).to_days());
      if (p.state != PatientState::kInService && route != nullptr && route->pathway >= 0)
        ++stats.discharges[route->pathway];
    }
  }

  // An acute unit's occupancy changed by `delta`.
  void on_occupancy(int delta, sim::Time now) {
    stats.occupied += delta;
    stats.levels.set(now, stats.occupied);
  }

  // The first moment at or after now when the patient may be discharged: inside the day's
  // discharge hours and, at weekends and on bank holidays, only on the days when the patient's
  // draw falls within the weekend rate.
  static sim::Time discharge_time(Patient& p, const DischargeRules& rules, sim::Time now,
                                  const RunDays& days);

  void on_warmup_end(sim::Time now) {
    stats.nctr.reset(now);
    stats.levels.reset(now);
  }
  int64_t nctr() const { return stats.nctr.value(); }
  // With an acute unit in the scenario: acute.nctr; acute.*.
  void define_daily_series(const Scenario& s, std::vector<DailySeries>& series) const;
  void report(sim::MetricReport& r, const Scenario& s, const std::vector<UnitState>& units,
              sim::Time end, double measured_days) const;
};

}  // namespace flowsim::models::nhs
