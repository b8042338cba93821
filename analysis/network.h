// The pathway network: units and their routes as a directed graph (Boost.Graph), checked before a
// run and drawn as Graphviz DOT.
#pragma once

#include <functional>
#include <ostream>
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

// One edge as the drawings show it: the pathway edges out of one unit with the same kind and
// destination, merged across cohorts. `label` is its text: the probability, a route's mean delay
// and "lost when full"; where cohorts differ, a line per group of cohorts ("frailty 0.55").
struct DrawnEdge {
  int from = 0;    // unit index
  int to = kExit;  // unit index or kExit
  EdgeKind kind = EdgeKind::kRoute;
  int overflow_of = kExit;
  std::vector<double> p;  // by cohort index, 0 for a cohort that never goes this way
  std::string label;
};
// Every edge some cohort takes, unit by unit in the scenario's order, each unit's in the order
// their destinations first appear.
std::vector<DrawnEdge> drawn_edges(const Scenario& scenario);

// A probability or a rate, short: at most four significant digits, no trailing zeros ("0.43").
std::string short_number(double v);
// A rate per hour as a rate per day: whole patients from 100 a day up, otherwise three
// significant digits ("616/d", "1.2/d").
std::string per_day(double per_hour);
// A mean time, short: in days from two days up, else in hours from one hour, else in minutes
// ("2.5d", "7h", "45min"); format_duration would spell an inexact mean in seconds.
std::string short_duration(double hours);

// Receives one problem: the JSON pointer it concerns and what is wrong.
using NetworkProblemSink =
    std::function<void(const std::string& pointer, const std::string& message)>;

// Checks that every unit can be reached from an arrival stream and that every unit reached can
// lead to `exit` (so that no patient is trapped forever). Routes with probability 0 do not count;
// overflow routes do. Reports each offending unit.
void check_network(const Scenario& scenario, const NetworkProblemSink& report);

// Writes the network as a Graphviz `digraph`: a box per unit (unit_label), an oval per arrival
// stream labelled with its mean rate per day over the measured period, an `exit` node, and one
// edge per (unit, destination) labelled with its probability. Where a unit's routes differ by
// cohort, each edge lists its probability per cohort ("frailty 0.55"), cohorts with the same
// probability sharing a line; a label without cohort names holds for every cohort. A route's
// delay is shown by its mean. Overflow edges are dashed. Every name is quoted and escaped.
void write_dot(const Scenario& scenario, std::ostream& out);

// The text of a unit's node: its name, then its capacity: "110 places", "unlimited", or the range
// a schedule takes over the run, "24–28 places". Plain text; write_dot escapes it.
std::string unit_label(const Scenario& scenario, size_t unit);

// `text` as a DOT quoted string: in double quotes, with `"` and `\` escaped and line breaks
// written as \n, so any name is safe as an identifier or a label.
std::string dot_quoted(const std::string& text);

}  // namespace flowsim::models
