// The patient-flow simulation of one scenario for one replication.
//
// Patients arrive in named streams, take a place in a unit (or wait in its queue, or are lost
// when it is full), spend their service time there, then follow a route. A patient whose next
// unit is full waits where they are, keeping their place (blocking).
//
// Same-instant rules, in the order they apply:
//   1. capacity changes, the end of warm-up, the end of each day and mutual-aid transfers come
//      first (a bed that opens at 08:00 is there for the patient who arrives at 08:00);
//   2. then departures: ends of service, of route delays and of assessments, discharge windows
//      opening and step-down eligibility (a bed freed at 10:00 is taken by the patient waiting at
//      10:00, before anyone who arrives at 10:00);
//   3. then transfers that found their next unit full and whose route loses them or sends them
//      elsewhere: decided only now, so a place freed at the same instant counts; patients whose
//      patience runs out and removals from the waiting list;
//   4. then arrivals from outside and elective referrals;
//   5. then theatre sessions (an inpatient case takes a bed freed at the session's start);
//   6. the end of the run comes last.
// Within a class, events run in the order they were scheduled.
#pragma once

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/scenario.h"

namespace flowsim::models {

// A broken invariant: a bug in flowsim, never a user's mistake (exit status 1).
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Names of the metrics a replication returns, in the same order. They depend only on the
// scenario's structure (units, routes, kinds), never on a run's random outcome.
std::vector<std::string> metric_names(const Scenario& scenario);

// Names of the daily series (daily mean occupancy of each unit, NCTR, 4-hour performance,
// virtual-ward occupancy, waiting-list size), in the order ReplicationResult::daily holds them.
std::vector<std::string> daily_series_names(const Scenario& scenario);

// The units whose occupancy distribution is recorded: those with a finite capacity.
std::vector<int> occupancy_units(const Scenario& scenario);

struct ReplicationResult {
  std::vector<double> metrics;  // in metric_names() order
  // For each of occupancy_units(): the share of the measured period spent at 0, 1, 2, ...
  // places occupied.
  std::vector<std::vector<double>> occupancy;
  // For each simulated day from `start` (warm-up included, so that dates line up): the series of
  // daily_series_names(). Day d covers [start + d days, start + d + 1 days).
  std::vector<std::vector<double>> daily;
  uint64_t events = 0;  // events simulated, the end of the run included (for benchmarks)
};

// Simulates one replication. Every draw comes from streams keyed by (scenario seed, replication,
// purpose), so the result is a pure function of its arguments. Throws InternalError if a
// conservation check fails at the end of the run.
ReplicationResult simulate(const Scenario& scenario, uint64_t replication);

// The metrics alone (what most tests need).
std::vector<double> run_replication(const Scenario& scenario, uint64_t replication);

}  // namespace flowsim::models
