// What the subcommands of the flowsim command share: exit statuses, the usage error, the scenario
// and its changes (SCENARIO, --set, --intervention, --sweep) as options of a CLI11 parser, and
// the registration of each subcommand.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "scenario/scenario.h"

namespace flowsim::cli {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitInvalid = 2;

// A mistake in the arguments, in words that say what to do: flowsim prints it after "flowsim: "
// and exits 2. Thrown from the options' callbacks, which CLI11 runs as it meets each option.
struct UsageError {
  std::string message;
};

// The scenario file a command reads and what changes it, in the order they apply.
struct ScenarioInputs {
  std::string scenario;
  std::vector<models::Override> overrides;  // --set
  std::vector<std::string> interventions;   // --intervention files
  std::vector<std::string> sweep;           // --sweep axes
};

// The positional SCENARIO.
void add_scenario(CLI::App& command, ScenarioInputs& in);
// The repeatable options that change the scenario; `help` is each one's line in the help.
void add_set(CLI::App& command, ScenarioInputs& in, const std::string& help);
void add_intervention(CLI::App& command, ScenarioInputs& in, const std::string& help);
void add_sweep(CLI::App& command, ScenarioInputs& in, const std::string& help);

// An option given once that takes the last value given, and one that takes every value given,
// each as it is met; the help marks the second with "..." in a usage line.
CLI::Option* once(CLI::Option* option);
CLI::Option* repeatable(CLI::Option* option);

// The scenario with --set applied, then any --intervention files, then the --sweep.
models::LoadedScenario load(const ScenarioInputs& in);

// A subcommand: its parser (which holds its options), the scenario it reads, and what it does
// once the command line is parsed.
struct Command {
  CLI::App* parser = nullptr;
  std::shared_ptr<ScenarioInputs> inputs;
  std::function<int()> action;
};

Command add_run(CLI::App& flowsim);
Command add_validate(CLI::App& flowsim);
Command add_graph(CLI::App& flowsim);
Command add_estimate(CLI::App& flowsim);

// The help of flowsim and of each subcommand, made from their parsers.
std::shared_ptr<CLI::FormatterBase> make_help_formatter();

}  // namespace flowsim::cli
