// Tests for analysis/network.h: the edges of the pathway network and its drawing as Graphviz DOT.
#include "analysis/network.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace flowsim::models {
namespace {

using Catch::Matchers::Contains;

Scenario load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return load_scenario_text("network_test.json", text, overrides).variants.front().scenario;
}

std::string dot(const Scenario& s) {
  std::ostringstream out;
  write_dot(s, out);
  return out.str();
}

// A&E sends its two cohorts to the ward in different shares; the ward treats them alike, and
// overflows to an escalation ward when the community service is full.
const char* const kNetwork = R"({
  "schema": "flowsim/1", "name": "network", "start": "2026-01-05T00:00", "horizon": "7d",
  "cohorts": { "general": {}, "frailty": {}, "copd": {} },
  "arrivals": { "walk_in": { "to": "ae", "rate": "10/h",
                             "cohorts": { "general": 0.7, "frailty": 0.2, "copd": 0.1 } } },
  "units": {
    "ae": { "capacity": 20, "service": { "fixed": "3h" },
            "next": { "by_cohort": { "general": { "ward": 0.2, "exit": 0.8 },
                                     "frailty": { "ward": 0.55, "exit": 0.45 },
                                     "copd": { "ward": 0.2, "exit": 0.8 } } } },
    "ward": { "capacity": 100, "service": { "fixed": "4d" },
              "next": [ { "to": "exit", "p": 0.9, "delay": { "exponential": { "mean": "7h" } } },
                        { "to": "community", "p": 0.1, "when_full": { "overflow": "escalation" } } ] },
    "community": { "capacity": "unlimited", "service": { "fixed": "10d" }, "next": { "exit": 1 } },
    "escalation": { "capacity": { "schedule": [ { "capacity": 0 },
                                   { "capacity": 12, "from_date": "2026-01-07", "to_date": "2026-01-08" } ] },
                    "service": { "fixed": "2d" }, "next": { "exit": 1 } }
  }
})";

}  // namespace

// --- edges ------------------------------------------------------------------------------------

TEST_CASE("every route is an edge per cohort, and an overflow adds an edge of its own",
          "[network]") {
  const Scenario s = load(kNetwork);
  const std::vector<PathwayEdge> edges = pathway_edges(s);
  // Per cohort (3): ae 2 routes; ward 2 routes and an overflow; community and escalation 1 each.
  CHECK(edges.size() == 3 * (2 + 3 + 1 + 1));
  const PathwayEdge& to_exit = edges[6];
  CHECK(to_exit.from == s.unit_index("ward"));
  CHECK(to_exit.to == kExit);
  CHECK(to_exit.kind == EdgeKind::kRoute);
  CHECK(to_exit.delay_mean_h == Approx(7));
  const PathwayEdge& overflow = edges[8];
  CHECK(overflow.kind == EdgeKind::kOverflow);
  CHECK(overflow.to == s.unit_index("escalation"));
  CHECK(overflow.overflow_of == s.unit_index("community"));
  CHECK(overflow.p == Approx(0.1));
}

// --- drawing ----------------------------------------------------------------------------------

TEST_CASE("the network is drawn as a digraph with a node per unit, per arrival stream and exit",
          "[network]") {
  const std::string d = dot(load(kNetwork));
  CHECK(d.rfind("digraph \"network\" {\n", 0) == 0);
  CHECK(d.substr(d.size() - 2) == "}\n");
  CHECK_THAT(d, Contains("\"arrival/walk_in\" [shape=oval, label=\"walk_in\\n240/d\"];"));
  CHECK_THAT(d, Contains("\"unit/ae\" [label=\"ae\\n20 places\"];"));
  CHECK_THAT(d, Contains("\"exit\" [shape=doublecircle, label=\"exit\"];"));
  CHECK_THAT(d, Contains("\"arrival/walk_in\" -> \"unit/ae\" "
                         "[label=\"general 0.7\\nfrailty 0.2\\ncopd 0.1\"];"));
}

TEST_CASE("a unit's capacity is labelled as places, unlimited, or a schedule's range",
          "[network]") {
  const Scenario s = load(kNetwork);
  CHECK(unit_label(s, size_t(s.unit_index("ward"))) == "ward\n100 places");
  CHECK(unit_label(s, size_t(s.unit_index("community"))) == "community\nunlimited");
  CHECK(unit_label(s, size_t(s.unit_index("escalation"))) == "escalation\n0\u201312 places");
  const Scenario one = load(kNetwork, {{"/units/ae/capacity", "1"}});
  CHECK(unit_label(one, 0) == "ae\n1 place");
}

TEST_CASE("routes that differ by cohort are labelled per cohort, cohorts that agree sharing a line",
          "[network]") {
  const std::string d = dot(load(kNetwork));
  CHECK_THAT(
      d, Contains("\"unit/ae\" -> \"unit/ward\" [label=\"general, copd 0.2\\nfrailty 0.55\"];"));
  CHECK_THAT(d, Contains("\"unit/ae\" -> \"exit\" [label=\"general, copd 0.8\\nfrailty 0.45\"];"));
}

TEST_CASE("routes every cohort shares are drawn once, labelled without cohorts", "[network]") {
  const std::string d = dot(load(kNetwork));
  CHECK_THAT(d, Contains("\"unit/ward\" -> \"exit\" [label=\"0.9, delay 7h\"];"));
  CHECK_THAT(d, Contains("\"unit/community\" -> \"exit\" [label=\"1\"];"));
  // One edge from the ward to exit, not one per cohort.
  size_t count = 0;
  for (size_t at = d.find("\"unit/ward\" -> \"exit\""); at != std::string::npos;
       at = d.find("\"unit/ward\" -> \"exit\"", at + 1))
    ++count;
  CHECK(count == 1);
}

TEST_CASE("an overflow is drawn dashed, saying when it is taken", "[network]") {
  const std::string d = dot(load(kNetwork));
  CHECK_THAT(d, Contains("\"unit/ward\" -> \"unit/community\" [label=\"0.1\"];"));
  CHECK_THAT(d, Contains("\"unit/ward\" -> \"unit/escalation\" "
                         "[label=\"overflow when community is full\", style=dashed];"));
}

TEST_CASE("a route only some cohorts take names them, and a route nobody takes is not drawn",
          "[network]") {
  const std::string d = dot(load(R"({
    "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "7d",
    "cohorts": { "general": {}, "frailty": {} },
    "arrivals": { "in": { "to": "ward", "rate": "1/h", "cohorts": { "general": 0.5, "frailty": 0.5 } } },
    "units": {
      "ward": { "capacity": 10, "service": { "fixed": "1h" },
                "next": { "by_cohort": { "general": { "exit": 1, "care_home": 0 },
                                         "frailty": [ { "to": "exit", "p": 0.9 },
                                                      { "to": "care_home", "p": 0.1, "when_full": "lose" } ] } } },
      "care_home": { "capacity": 10, "service": { "fixed": "1h" }, "next": { "exit": 1 } }
    }
  })"));
  CHECK_THAT(d, Contains("\"unit/ward\" -> \"exit\" [label=\"general 1\\nfrailty 0.9\"];"));
  CHECK_THAT(d, Contains("\"unit/ward\" -> \"unit/care_home\" "
                         "[label=\"frailty 0.1, lost when full\"];"));
}

TEST_CASE("a route's delay is labelled by its mean, in days, hours or minutes", "[network]") {
  auto label_with = [](const std::string& delay) {
    return dot(load(kNetwork, {{"/units/ward/next/0/delay", delay}}));
  };
  CHECK_THAT(label_with(R"({"weibull": {"shape": 1, "scale": "2.3456h"}})"),
             Contains("[label=\"0.9, delay 2.35h\"]"));
  CHECK_THAT(label_with(R"({"uniform": {"min": "2d", "max": "3d"}})"),
             Contains("[label=\"0.9, delay 2.5d\"]"));
  CHECK_THAT(label_with(R"({"fixed": "45min"})"), Contains("[label=\"0.9, delay 45min\"]"));
}

TEST_CASE("names are quoted and escaped for DOT", "[network]") {
  CHECK(dot_quoted("ward") == "\"ward\"");
  CHECK(dot_quoted("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(dot_quoted("a\\b") == "\"a\\\\b\"");
  CHECK(dot_quoted("two\nlines") == "\"two\\nlines\"");
  CHECK(dot_quoted("A&E -> {ward}; [x]") == "\"A&E -> {ward}; [x]\"");
  // A scenario's name is free text: a quote or a backslash in it must not end the string.
  const std::string d = dot(load(kNetwork, {{"/name", "\"Winter\" plan \\ A&E"}}));
  CHECK(d.rfind("digraph \"\\\"Winter\\\" plan \\\\ A&E\" {\n", 0) == 0);
  CHECK_THAT(d, Contains("  label=\"\\\"Winter\\\" plan \\\\ A&E\";\n"));
}

}  // namespace flowsim::models
