// The emergency department: attendances, the 4- and 12-hour waits, boarding after a decision to
// admit, ambulance handovers and those who leave without being seen. The flow calls it when a
// patient arrives at an A&E unit, starts service there, is ready to leave, leaves unseen or
// departs; it reports ed.* and the daily ed.* series. Its hooks are inline: the flow calls them
// on nearly every A&E event.
#pragma once

#include <cstdint>
#include <vector>

#include "model/daily.h"
#include "model/metrics.h"
#include "model/patients.h"
#include "scenario/scenario.h"
#include "sim/stats.h"

namespace flowsim::models::nhs {

struct EdStats {
  int64_t attendances = 0, departures = 0, within_4h = 0, over_12h = 0, admitted = 0;
  int64_t dta_over_12h = 0, left_unseen = 0, handovers = 0, handover_over_60min = 0;
  sim::Tally time_in_department, handover;
  sim::QuantileHistogram time_in_department_quantiles;
  sim::TimeWeighted boarding;
  int64_t day_departures = 0, day_within_4h = 0;
};

struct Ed {
  EdStats stats;

  // An ambulance crew waits with its patient to hand over, whatever A&E's queue limit: the
  // patient cannot be turned away (found in review), and never leaves unseen.
  static bool handing_over(const Patient& p, UnitKind unit) {
    return p.ambulance && unit == UnitKind::kEd;
  }

  // A patient from outside at an A&E unit.
  void on_arrival(Patient& p, sim::Time now, bool measuring) {
    p.ed_arrived = now;
    p.handed_over = !p.ambulance;
    if (measuring) ++stats.attendances;
  }

  // A patient takes a place in an A&E unit: an ambulance patient is handed over.
  void on_start_of_service(Patient& p, sim::Time now, bool measuring) {
    if (p.handed_over) return;
    p.handed_over = true;
    if (measuring) {
      const double minutes = (now - p.ed_arrived).to_minutes();
      ++stats.handovers;
      stats.handover.add(minutes);
      if (minutes > 60) ++stats.handover_over_60min;
    }
  }

  // The end of an A&E patient's service, bound for a unit of kind `to`: the decision to admit.
  // A step-up whose `instead` is a ward becomes one only if the virtual ward turns the patient
  // away (the flow's transfer()).
  void on_ready_to_leave(Patient& p, UnitKind to, sim::Time now) {
    if (to == UnitKind::kAcute) start_boarding(p, now);
  }

  void start_boarding(Patient& p, sim::Time now) {
    if (p.boarding) return;
    p.boarding = true;
    stats.boarding.add(now, 1);
  }

  // A queued A&E patient who gives up: "left without being seen".
  void on_left_unseen(const Patient& p, sim::Time now, bool measuring) {
    if (measuring) ++stats.left_unseen;
    record_departure(p, false, now, measuring);
  }

  // A patient leaves a unit of kind `from` for one of kind `to` (kGeneral for the exit).
  void on_departure(Patient& p, UnitKind from, UnitKind to, sim::Time now, bool measuring) {
    // Moving between A&E's own units (triage to majors) is one attendance, one clock.
    if (from == UnitKind::kEd && to == UnitKind::kEd) return;
    if (from == UnitKind::kEd) {
      record_departure(p, to == UnitKind::kAcute, now, measuring);
      if (p.boarding) {
        p.boarding = false;
        stats.boarding.add(now, -1);
      }
    }
    // A move into A&E from another unit (an escalation from a virtual ward) is an attendance,
    // timed from now (found by nhs_acute_test's "a patient moving into A&E ...").
    if (to == UnitKind::kEd) {
      p.ed_arrived = now;
      if (measuring) ++stats.attendances;
    }
  }

  // The day's share of departures within 4 hours (NaN on a day with none); starts the next day.
  double take_day_within_4h_pct();
  void on_warmup_end(sim::Time now) { stats.boarding.reset(now); }
  int64_t boarding() const { return stats.boarding.value(); }
  // With an A&E unit in the scenario: ed.within_4h_pct and ed.boarding; ed.*.
  void define_daily_series(const Scenario& s, std::vector<DailySeries>& series) const;
  void report(sim::MetricReport& r, const Scenario& s, sim::Time end) const;

 private:
  void record_departure(const Patient& p, bool admitted, sim::Time now, bool measuring) {
    const double h = hours(now - p.ed_arrived);
    // The daily series covers the warm-up too, so that its days line up with the calendar.
    ++stats.day_departures;
    if (h <= 4.0) ++stats.day_within_4h;
    if (!measuring) return;
    ++stats.departures;
    if (h <= 4.0) ++stats.within_4h;
    if (h > 12.0) ++stats.over_12h;
    stats.time_in_department.add(h);
    stats.time_in_department_quantiles.add(h);
    if (admitted) {
      ++stats.admitted;
      if (p.boarding && hours(now - p.ready) > 12.0) ++stats.dta_over_12h;
    }
  }
};

}  // namespace flowsim::models::nhs
