// The flowsim command line: run, validate, draw and estimate scenarios. The subcommands, their
// options and their help are in tools/cli/, one file each; here CLI11 parses the command line
// and what goes wrong becomes a message and an exit status.
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "model/flow_model.h"
#include "scenario/scenario.h"
#include "tools/cli/command.h"

using namespace flowsim;
using namespace flowsim::cli;

namespace {

int report_invalid(const models::InvalidInput& e) {
  for (const auto& d : e.problems()) std::cerr << d.format() << "\n";
  const size_t n = e.problems().size();
  std::cerr << "flowsim: " << n << (n == 1 ? " problem" : " problems")
            << " found; nothing was run\n";
  return kExitInvalid;
}

// The commands flowsim lists in its help, as words: "run, validate, graph and estimate".
std::string command_names(const CLI::App& flowsim) {
  const auto commands =
      flowsim.get_subcommands([](const CLI::App* c) { return !c->get_group().empty(); });
  std::string names;
  for (size_t i = 0; i < commands.size(); ++i) {
    if (i > 0) names += i + 1 == commands.size() ? " and " : ", ";
    names += commands[i]->get_name();
  }
  return names;
}

// What CLI11 leaves to flowsim, in today's words: anything a command did not recognise (CLI11
// keeps it as remaining: an unknown option, a second scenario), or no scenario at all.
void check_arguments(const Command& c) {
  const std::string see = " (see 'flowsim " + c.parser->get_name() + " --help')";
  const std::vector<std::string> extra = c.parser->remaining();
  if (!extra.empty()) {
    const std::string& arg = extra.front();
    if (!arg.empty() && arg[0] == '-') throw UsageError{"unknown option " + arg + see};
    throw UsageError{"one scenario at a time (got \"" + c.inputs->scenario + "\" and \"" + arg +
                     "\")"};
  }
  if (c.inputs->scenario.empty()) throw UsageError{"name a scenario file" + see};
}

// CLI11's own parse errors. An option whose value is missing is the one CLI11 names first in
// its message ("--reps: 1 required N missing").
std::string in_flowsim_words(const CLI::ParseError& e) {
  const std::string what = e.what();
  const size_t colon = what.find(':');
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr && colon != std::string::npos)
    return what.substr(0, colon) + " needs a value";
  return what;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App flowsim{
      "flowsim: a discrete-event simulator of patient flow through an integrated care system.",
      "flowsim"};
  flowsim.formatter(make_help_formatter());
  flowsim.set_help_flag("-h,--help", "print this help and exit");
  flowsim.set_version_flag("--version", std::string("flowsim ") + FLOWSIM_VERSION,
                           "print the version and exit");
  flowsim.footer(
      R"(Every command takes --set /json/pointer=VALUE; run 'flowsim COMMAND --help' for its options.
Exit status: 0 success, 2 the scenario or the arguments are invalid, or the run is refused as too
large (nothing is written), 1 anything else; a run stopped by Ctrl-C ends by SIGINT (status 130
in a shell).)");
  flowsim.require_subcommand(0, 1);
  flowsim.allow_extras();  // an unknown command, said in flowsim's words below
  // `flowsim help` is `flowsim --help`, whatever follows it; it is not listed.
  CLI::App* help = flowsim.add_subcommand("help")->group("")->allow_extras();
  help->set_help_flag();
  const std::vector<Command> commands = {add_run(flowsim), add_validate(flowsim),
                                         add_graph(flowsim), add_estimate(flowsim)};
  for (const Command& c : commands) c.parser->allow_extras();
  const auto overview = [&] {
    return flowsim.get_formatter()->make_help(&flowsim, flowsim.get_name(),
                                              CLI::AppFormatMode::Normal);
  };

  try {
    if (argc < 2) {
      std::cerr << overview();
      return kExitInvalid;
    }
    try {
      flowsim.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
      std::cout << flowsim.help();
      return kExitOk;
    } catch (const CLI::CallForVersion& e) {
      std::cout << e.what() << "\n";
      return kExitOk;
    } catch (const CLI::ParseError& e) {
      throw UsageError{in_flowsim_words(e)};
    }
    if (!flowsim.remaining().empty()) {
      throw UsageError{"unknown command \"" + flowsim.remaining().front() +
                       "\"; the commands are " + command_names(flowsim) +
                       " (see 'flowsim --help')"};
    }
    if (help->parsed()) {
      std::cout << overview();
      return kExitOk;
    }
    for (const Command& c : commands) {
      if (!c.parser->parsed()) continue;
      check_arguments(c);
      return c.action();
    }
    std::cerr << overview();
    return kExitInvalid;
  } catch (const UsageError& e) {
    std::cerr << "flowsim: " << e.message << "\n";
    return kExitInvalid;
  } catch (const models::InvalidInput& e) {
    return report_invalid(e);
  } catch (const models::InternalError& e) {
    std::cerr << "flowsim: " << e.what()
              << "\nThis is a bug in flowsim; please report it with the scenario file.\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "flowsim: " << e.what() << "\n";
    return kExitError;
  }
}
