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
#include <string>
#include <vector>

#include "scenario/scenario.h"
#include "sim/event_loop.h"

namespace flowsim::models {

// A broken invariant: a bug in flowsim, never a user's mistake (exit status 1).
using InternalError = sim::InternalError;

// Thrown when a run is stopped on request (Ctrl-C) before it finished: nothing of it is kept.
// run_experiment fills in how far it got.
using Interrupted = sim::Interrupted;

// The most patients a replication holds at once (in places, queues and on waiting lists).
// Far above any health system's (a large trust holds tens of thousands), it bounds the memory
// of a scenario whose queues grow without bound: about 200 bytes a patient.
inline constexpr int64_t kMaxPatientsInside = 1000000;

// What a replication may use and when it must stop, beyond what the scenario says.
struct SimulationLimits {
  // Arrivals from outside (streams and referrals) that find this many patients inside are
  // turned away at once: counted as arrivals and as lost by system.*, and in
  // ReplicationResult::turned_away, never at a unit.
  int64_t max_patients_inside = kMaxPatientsInside;
  // Polled every few thousand events (cheaply: a relaxed load); once true, simulate() throws
  // Interrupted within milliseconds.
  const std::atomic<bool>* stop = nullptr;
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
  // How the replication went, for the warnings a planner must read before trusting the
  // metrics (ExperimentResult::warnings).
  int64_t turned_away = 0;  // arrivals refused at SimulationLimits::max_patients_inside
  int64_t peak_inside = 0;  // the most patients inside at once over the measured period
  // The mean number inside over the first and the second half of the measured period: a second
  // half far above the first is a queue growing without bound.
  double inside_first_half = 0, inside_second_half = 0;
  uint64_t events = 0;  // events simulated, the end of the run included (for benchmarks)
};

// The books of a replication, which must balance at its end: simulate() fills them and throws
// InternalError with census_problems() when they do not.
struct Census {
  // Patients over the whole run: present at the start, arrived, departed and lost, and inside
  // at the end by the count kept as they come and go.
  int64_t initial = 0, arrived = 0, departed = 0, lost = 0, inside = 0;
  int64_t tracked = 0;             // patients the model keeps a record of
  int64_t listed = 0;              // records on the elective waiting list
  int64_t list_size = 0;           // the waiting list's own count
  int64_t nctr = 0, boarding = 0;  // patients with no criteria to reside; boarding in A&E
  struct Unit {
    std::string name;
    bool assessment = false;  // an assessor is held beside a bed: not a place of its own
    int64_t in_use = 0;       // the unit's count of places in use
    int64_t occupancy = 0;    // the occupancy statistic's value
    int64_t holding = 0;      // records of patients holding a place here
    int64_t queue = 0;        // the queue's length
    int64_t queued = 0;       // records of patients in the queue
    int64_t blocked = 0;      // the length of the line of patients waiting to move in
    int64_t waiting = 0;      // records of patients in that line
  };
  std::vector<Unit> units;
};
// What does not balance, one clause per problem; empty when everything does.
std::string census_problems(const Census& census);

// Simulates one replication. Every draw comes from streams keyed by (scenario seed, replication,
// purpose), so the result is a pure function of its arguments. Invariants are checked as the run
// goes (time never goes backwards, no occupancy below zero, no patient in two places) and at
// its end (every patient accounted for, every place and queue entry held by exactly one patient);
// a broken one throws InternalError naming the replication, the simulated time and what broke.
// Throws Interrupted when limits.stop is raised.
ReplicationResult simulate(const Scenario& scenario, uint64_t replication,
                           const SimulationLimits& limits = {});

}  // namespace flowsim::models
