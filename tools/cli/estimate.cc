// flowsim estimate: each unit's expected arrivals and load from the traffic equations, at once.
#include <iostream>
#include <memory>
#include <vector>

#include "analysis/estimate.h"
#include "output/estimate_table.h"
#include "tools/cli/command.h"

namespace flowsim::cli {

namespace {

int estimate(const ScenarioInputs& in) {
  const models::LoadedScenario loaded = load(in);
  std::vector<models::NamedEstimate> estimates;
  for (const auto& v : loaded.variants)
    estimates.push_back({v.name, models::estimate_network(v.scenario)});
  std::cout << models::format_estimate_table(loaded.variants.front().scenario.name, estimates);
  return kExitOk;
}

}  // namespace

Command add_estimate(CLI::App& flowsim) {
  auto in = std::make_shared<ScenarioInputs>();
  CLI::App* command = flowsim.add_subcommand(
      "estimate",
      "expected arrivals and load of every unit, at once, from the traffic equations (no "
      "simulation)");
  command->footer(
      R"(Solves the traffic equations of the baseline and each intervention, without simulating, and
prints for every unit its expected arrivals per day over the measured period, its mean stay
(service plus route delays), its offered load (arrivals x mean stay: the places it would keep
busy if nobody waited), its mean capacity, the load as a percentage of capacity, and a flag
where the load is over 85% or over 100% of capacity. Arrival profiles and capacity schedules
are averaged over the measured period.

The estimate assumes low load: it ignores blocking, queue limits and each route's when_full.
Near or above capacity, run the simulation.)");
  add_scenario(*command, *in);
  add_set(*command, *in, "change one value before validation, by JSON pointer (see 'run --help')");
  add_intervention(*command, *in, "add the intervention in file F (see 'run --help')");
  return {command, in, [in] { return estimate(*in); }};
}

}  // namespace flowsim::cli
