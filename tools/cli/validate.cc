// flowsim validate: check a scenario, its interventions and sweeps, and report every problem.
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "tools/cli/command.h"

namespace flowsim::cli {

namespace {

int validate(const ScenarioInputs& in) {
  const models::LoadedScenario loaded = load(in);
  const models::Scenario& s = loaded.variants.front().scenario;
  auto count = [](size_t n, const std::string& noun) {
    return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
  };
  std::cout << in.scenario << ": valid: \"" << s.name << "\", " << count(s.units.size(), "unit")
            << ", " << count(s.arrivals.size(), "arrival stream") << ", "
            << count(s.cohorts.size(), "cohort") << ", "
            << count(loaded.variants.size() - 1, "intervention");
  size_t points = 0;
  for (const auto& sw : loaded.sweeps) points += sw.points.size();
  if (!loaded.sweeps.empty())
    std::cout << ", " << count(loaded.sweeps.size(), "sweep") << " of " << count(points, "point");
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

Command add_validate(CLI::App& flowsim) {
  auto in = std::make_shared<ScenarioInputs>();
  CLI::App* command =
      flowsim.add_subcommand("validate", "check a scenario file and report every problem");
  command->footer(
      R"(Reads the scenario, each intervention and every sweep point, checks every rule of the
scenario format and the pathway network, and reports every problem as
file:line:column: /json/pointer: message. Exit status 0 when valid, 2 when not.)");
  add_scenario(*command, *in);
  add_set(*command, *in, "change one value before validation, by JSON pointer (see 'run --help')");
  add_intervention(*command, *in, "add the intervention in file F (see 'run --help')");
  add_sweep(*command, *in, "vary one value of the baseline over SPEC (see 'run --help')");
  return {command, in, [in] { return validate(*in); }};
}

}  // namespace flowsim::cli
