// flowsim graph: the baseline's pathway network as a Graphviz DOT digraph.
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "analysis/network.h"
#include "tools/cli/command.h"

namespace flowsim::cli {

namespace {

struct GraphArgs {
  std::string out;  // --out FILE; stdout when empty
};

int graph(const ScenarioInputs& in, const GraphArgs& a) {
  const models::LoadedScenario loaded = models::load_scenario_file(in.scenario, in.overrides);
  const models::Scenario& s = loaded.variants.front().scenario;
  if (a.out.empty()) {
    models::write_dot(s, std::cout);
    return kExitOk;
  }
  std::ofstream out(a.out, std::ios::binary);
  if (out) models::write_dot(s, out);
  if (!out) {
    std::cerr << "flowsim: cannot write " << a.out << "\n";
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

Command add_graph(CLI::App& flowsim) {
  auto in = std::make_shared<ScenarioInputs>();
  auto a = std::make_shared<GraphArgs>();
  CLI::App* command = flowsim.add_subcommand("graph", "write the pathway network as Graphviz DOT");
  command->footer(
      R"(Writes the baseline's pathway network as a Graphviz DOT digraph: a box per unit with its
capacity, an oval per arrival stream with its mean rate per day over the measured period, and
an edge per route with its probability (per cohort where the routes differ by cohort; overflow
routes dashed). Render it with Graphviz, e.g. 'flowsim graph s.json | dot -Tsvg > s.svg'.)");
  add_scenario(*command, *in);
  add_set(*command, *in, "change one value before validation, by JSON pointer (see 'run --help')");
  once(command->add_option_function<std::string>(
           "--out",
           [&a = *a](const std::string& file) {
             if (file.empty()) throw UsageError{"--out needs a file name"};
             a.out = file;
           },
           "write the DOT to FILE instead of stdout"))
      ->type_name("FILE");
  return {command, in, [in, a] { return graph(*in, *a); }};
}

}  // namespace flowsim::cli
