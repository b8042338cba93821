// Instant estimates of the flow through the pathway network, without simulating: the traffic
// equations (solved with Eigen) give each unit's expected arrivals, and Little's law turns them
// into the places each unit would keep busy.
//
// The estimate assumes low load: every patient moves on as soon as they are ready, so queues,
// queue limits, blocking and each route's when_full (overflow, loss) are ignored. It is then the
// simulation's expected value over a long measured period, and a test oracle for it; near or
// above capacity the simulation's waits and blocking take over, which the flags point at.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/network.h"
#include "scenario/scenario.h"
#include "sim/time.h"

namespace flowsim::models {

// The mean of an arrival stream's rate, per hour, over [from, to): the base rate times its hour,
// weekday and dated factors, averaged hour by hour over that period on the scenario's calendar.
// Requires from < to.
double mean_rate_per_hour(const Scenario& scenario, const ArrivalStream& stream, sim::Time from,
                          sim::Time to);

// A capacity over a period of the calendar. For a schedule, the time-average (what
// unit.U.utilisation divides by) and the least and most places in force.
struct CapacityOverTime {
  bool unlimited = false;  // then the numbers below are 0
  double mean = 0;
  int64_t min = 0, max = 0;
};
// Requires from < to.
CapacityOverTime capacity_over(const Scenario& scenario, const Capacity& capacity, sim::Time from,
                               sim::Time to);

// The traffic equations of each cohort c, lambda_c = a_c + P_c^T lambda_c, where a_c[u] is the
// rate at which cohort c arrives at unit u from outside and P_c[i][j] the probability that a
// cohort-c patient leaving unit i goes to unit j (exit absorbs). Only kRoute edges count; the
// others (overflows) are ignored, as at low load nobody finds a unit full.
//
// external[c][u] is in patients per unit of time; the result, lambda[c][u], is in the same unit.
// A unit that cohort c reaches but from which it can never leave (possible when only an overflow
// leads out, or when the way out belongs to another cohort) would fill without bound: its rate is
// +infinity.
std::vector<std::vector<double>> solve_traffic_equations(
    size_t units, const std::vector<std::vector<double>>& external,
    const std::vector<PathwayEdge>& edges);

// Whether a unit's offered load stays within its capacity.
enum class LoadFlag { kOk, kOver85, kOver100 };
// "ok", "over 85%", "over 100%".
const char* flag_text(LoadFlag flag);

struct UnitEstimate {
  std::string name;
  // Patients arriving per day, from outside and from other units, in all and by cohort index.
  double arrivals_per_day = 0;
  std::vector<double> arrivals_per_day_by_cohort;
  // Mean time holding a place: the cohort's mean service plus the mean delay of its routes out
  // (spent in place), averaged over cohorts weighted by their arrivals (equally when none come).
  double mean_stay_h = 0;
  // Arrivals per hour x mean stay in hours (Little's law): the places kept busy on average if
  // nobody waited, and so the expected unit.U.occupancy_mean at low load.
  double offered_load = 0;
  CapacityOverTime capacity;  // over the measured period
  // offered_load / capacity.mean; 0 when unlimited, +infinity when the capacity is 0.
  double load_ratio = 0;
  LoadFlag flag = LoadFlag::kOk;  // over 85% / over 100% of capacity
};

struct NetworkEstimate {
  double measured_from_h = 0, measured_to_h = 0;  // the measured period, [warmup, horizon]
  std::vector<UnitEstimate> units;                // in the scenario's order
  // Patients arriving from outside per day; as nobody is lost at low load, also those leaving.
  double patients_per_day = 0;
  // The sum of the units' offered loads: the expected system.in_system_mean at low load.
  double mean_inside = 0;
  // mean_inside / patients per hour (Little's law): the expected system.time_in_system_mean_h.
  double mean_time_in_system_h = 0;
  // What the numbers cannot show, one sentence each (a cohort trapped in a loop).
  std::vector<std::string> notes;
};

// Estimates every unit of the scenario over its measured period.
NetworkEstimate estimate_network(const Scenario& scenario);

}  // namespace flowsim::models
