// The patient-flow simulation of one scenario for one replication.
//
// Patients arrive in named streams, take a place in a unit (or wait in its queue, or are lost
// when it is full), spend their service time there, then follow a route. A patient whose next
// unit is full waits where they are, keeping their place (blocking).
//
// Same-instant rules, in the order they apply:
//   1. capacity changes and the end of warm-up come first (a bed that opens at 08:00 is there
//      for the patient who arrives at 08:00);
//   2. then departures: ends of service and of route delays (a bed freed at 10:00 is taken by
//      the patient waiting at 10:00, before anyone who arrives at 10:00);
//   3. then transfers that found their next unit full and whose route loses them or sends them
//      to an overflow unit: decided only now, so a place freed at the same instant counts;
//   4. then arrivals from outside;
//   5. the end of the run comes last.
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

// Names of the metrics run_replication returns, in the same order. They depend only on the
// scenario's structure (units, routes), never on a run's random outcome.
std::vector<std::string> metric_names(const Scenario& scenario);

// Simulates one replication. Every draw comes from streams keyed by (scenario seed, replication,
// purpose), so the result is a pure function of its arguments. Throws InternalError if a
// conservation check fails at the end of the run.
std::vector<double> run_replication(const Scenario& scenario, uint64_t replication);

}  // namespace flowsim::models
