// The pathway network of a scenario as a graph (Boost.Graph), and the check that every unit can
// be reached and left.
#include "scenario/pathways.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>

#include "scenario/builder.h"

namespace flowsim::models {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

// Vertices: 0..n-1 the units, n the exit, n+1 a source feeding every arrival stream's unit.
Graph build_graph(const Scenario& s) {
  const size_t n = s.units.size();
  Graph g(n + 2);
  auto vertex = [n](int unit) { return unit == kExit ? n : size_t(unit); };
  for (const auto& a : s.arrivals) boost::add_edge(n + 1, size_t(a.to), g);
  if (s.electives.present && s.electives.inpatient_to >= 0)
    boost::add_edge(n + 1, size_t(s.electives.inpatient_to), g);
  // Today's patients are a way in too: a unit may start full and take nobody new.
  for (size_t u = 0; u < n; ++u)
    if (s.units[u].initial.patients + s.units[u].initial.queued > 0) boost::add_edge(n + 1, u, g);
  for (const auto& e : pathway_edges(s))
    if (e.p > 0) boost::add_edge(size_t(e.from), vertex(e.to), g);
  return g;
}

template <typename G>
std::vector<bool> reachable_from(const G& g, size_t start) {
  std::vector<boost::default_color_type> colour(boost::num_vertices(g), boost::white_color);
  boost::breadth_first_visit(g, boost::vertex(start, g),
                             boost::color_map(boost::make_iterator_property_map(
                                 colour.begin(), boost::get(boost::vertex_index, g))));
  std::vector<bool> seen(colour.size());
  for (size_t v = 0; v < colour.size(); ++v) seen[v] = colour[v] != boost::white_color;
  return seen;
}

}  // namespace

std::vector<PathwayEdge> pathway_edges(const Scenario& s) {
  std::vector<PathwayEdge> edges;
  for (size_t u = 0; u < s.units.size(); ++u) {
    const Unit& unit = s.units[u];
    for (size_t c = 0; c < unit.routes.size(); ++c) {
      for (const Route& r : unit.routes[c]) {
        PathwayEdge e;
        e.from = int(u);
        e.to = r.to;
        e.cohort = int(c);
        e.kind = EdgeKind::kRoute;
        e.p = r.p;
        e.delay_mean_h = r.has_delay ? r.delay.mean() : 0.0;
        e.when_full = r.when_full;
        edges.push_back(e);
        if (r.when_full == WhenFull::kOverflow || r.when_full == WhenFull::kInstead) {
          e.kind = EdgeKind::kOverflow;
          e.to = r.overflow_to;
          e.overflow_of = r.to;
          edges.push_back(e);
        }
      }
    }
    for (const StepDown& sd : unit.step_down) {
      for (size_t c = 0; c < sd.eligible.size(); ++c) {
        PathwayEdge e;
        e.from = int(u);
        e.to = sd.to;
        e.cohort = int(c);
        e.kind = EdgeKind::kStepDown;
        e.p = sd.eligible[c];
        edges.push_back(e);
      }
    }
  }
  return edges;
}

void check_network(const Scenario& s, const NetworkProblemSink& report) {
  const size_t n = s.units.size();
  const Graph g = build_graph(s);
  const std::vector<bool> from_arrivals = reachable_from(g, n + 1);
  const std::vector<bool> to_exit = reachable_from(boost::make_reverse_graph(g), n);
  for (size_t u = 0; u < n; ++u) {
    // Assessments happen in place, on routes out of other units: they are not on the graph.
    if (loading::Builder::kind_rules(s.units[u].kind).in_place) continue;
    const std::string p = "/units/" + pointer_token(s.units[u].name);
    if (!from_arrivals[u]) {
      report(p, "no patient can reach unit \"" + s.units[u].name +
                    "\": no arrival stream or route with a probability above 0 leads to it");
    } else if (!to_exit[u]) {
      report(p, "patients who enter unit \"" + s.units[u].name +
                    "\" can never reach \"exit\": follow its routes and give one a way out");
    }
  }
}

}  // namespace flowsim::models
