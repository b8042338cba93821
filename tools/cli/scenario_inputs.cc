// The scenario a command reads and the options that change it, shared by every subcommand.
#include <string>

#include "tools/cli/command.h"

namespace flowsim::cli {

CLI::Option* once(CLI::Option* option) {
  return option->trigger_on_parse()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

CLI::Option* repeatable(CLI::Option* option) {
  return option->trigger_on_parse()->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_scenario(CLI::App& command, ScenarioInputs& in) {
  command.add_option("SCENARIO", in.scenario, "the scenario file");
}

void add_set(CLI::App& command, ScenarioInputs& in, const std::string& help) {
  repeatable(command.add_option_function<std::string>(
                 "--set",
                 [&in](const std::string& v) {
                   const size_t eq = v.find('=');
                   if (eq == std::string::npos || v.empty() || v[0] != '/') {
                     throw UsageError{
                         "--set takes /json/pointer=VALUE, e.g. --set /units/ward/capacity=45 "
                         "(got \"" +
                         v + "\")"};
                   }
                   in.overrides.push_back({v.substr(0, eq), v.substr(eq + 1)});
                 },
                 help))
      ->type_name("/ptr=VALUE");
}

void add_intervention(CLI::App& command, ScenarioInputs& in, const std::string& help) {
  repeatable(command.add_option_function<std::string>(
                 "--intervention",
                 [&in](const std::string& file) { in.interventions.push_back(file); }, help))
      ->type_name("F");
}

void add_sweep(CLI::App& command, ScenarioInputs& in, const std::string& help) {
  repeatable(command.add_option_function<std::string>(
                 "--sweep",
                 [&in](const std::string& v) {
                   if (v.empty() || v[0] != '/' || v.find('=') == std::string::npos) {
                     throw UsageError{
                         "--sweep takes /json/pointer=FROM:TO:STEP or /json/pointer=V1,V2,..., "
                         "e.g. --sweep /units/ward/capacity=20:40:5 (got \"" +
                         v + "\")"};
                   }
                   in.sweep.push_back(v);
                 },
                 help))
      ->type_name("/ptr=SPEC");
}

models::LoadedScenario load(const ScenarioInputs& in) {
  models::LoadedScenario loaded = models::load_scenario_file(in.scenario, in.overrides);
  for (const auto& file : in.interventions) models::add_intervention_file(loaded, file);
  if (!in.sweep.empty()) models::add_command_line_sweep(loaded, in.sweep);
  return loaded;
}

}  // namespace flowsim::cli
