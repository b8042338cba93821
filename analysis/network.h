// The pathway network drawn: its edges merged across cohorts and labelled, and written as
// Graphviz DOT (the edges themselves, and the check of their shape, are scenario/pathways.h).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "scenario/pathways.h"
#include "scenario/scenario.h"

namespace flowsim::models {

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
