// The pathway network a scenario describes: every way a patient may move out of a unit, and the
// check, when the scenario is loaded, that no patient can be trapped (Boost.Graph). The analyses
// (analysis/) and the report read these edges too.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace flowsim::models {

// How a patient may move out of a unit.
enum class EdgeKind {
  kRoute,     // a route of `next`: taken with probability p when service ends
  kOverflow,  // where a route's when_full overflow (or instead) sends the patient when its
              // destination is full
  kStepDown,  // early supported discharge into a virtual ward: p is the share eligible, an upper
              // bound on how many move (only those who find a free place do)
};

// One way out of a unit for one cohort. Every consumer of the network (its checks, the traffic
// equations, the drawing) reads these edges rather than the routes themselves, so a new kind of
// flow (a virtual-ward step-down, say) is one more kind of edge here.
struct PathwayEdge {
  int from = 0;    // unit index
  int to = kExit;  // unit index or kExit
  int cohort = 0;  // cohort index
  EdgeKind kind = EdgeKind::kRoute;
  // kRoute: the probability of taking this route out of `from`. kOverflow: the probability of the
  // route it overflows from (an upper bound on how often it is used).
  double p = 0;
  double delay_mean_h = 0;  // mean time spent in place at `from`, holding its place, before moving
  WhenFull when_full = WhenFull::kWait;
  int overflow_of = kExit;  // kOverflow: the route's own destination, whose being full sends
                            // patients here
};

// Every edge of the network, unit by unit in the scenario's order, then cohort by cohort, then in
// the order of the routes. Routes with probability 0 are included; consumers decide.
std::vector<PathwayEdge> pathway_edges(const Scenario& scenario);
// Receives one problem: the JSON pointer it concerns and what is wrong.
using NetworkProblemSink =
    std::function<void(const std::string& pointer, const std::string& message)>;

// Checks that every unit can be reached from an arrival stream and that every unit reached can
// lead to `exit` (so that no patient is trapped forever). Routes with probability 0 do not count;
// overflow routes do. Reports each offending unit.
void check_network(const Scenario& scenario, const NetworkProblemSink& report);

}  // namespace flowsim::models
