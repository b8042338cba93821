// libFuzzer target for the scenario loader: whatever bytes it is given, the loader must either
// build a scenario or throw InvalidInput with problems that say what is wrong.
// Anything else (a crash, a hang, another exception, undefined behaviour, a leak) is a bug.
//
// The first byte chooses what else is fuzzed, on a valid scenario: '/' a --set override (the
// first line, "/pointer=value"), '~' --sweep arguments (a line each, up to two), '+' the text of
// an --intervention file. Any other input is a scenario file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "model/flow_model.h"
#include "scenario/diagnostics.h"
#include "scenario/scenario.h"

namespace {

using namespace flowsim::models;

const char* kBase = R"({
  "schema": "flowsim/1", "name": "Fuzz", "start": "2026-01-05T00:00", "horizon": "10d",
  "cohorts": { "general": {}, "frailty": { "priority": 1 } },
  "arrivals": { "walk_in": { "to": "ae", "rate": "3/h",
                             "cohorts": { "general": 0.8, "frailty": 0.2 } } },
  "units": {
    "ae": { "capacity": 4, "service": { "exponential": { "mean": "1h" } },
            "next": { "ward": 0.3, "exit": 0.7 } },
    "ward": { "capacity": 20, "service": { "lognormal": { "mean": "2d", "sd": "1d" } },
              "next": { "exit": 1 } }
  },
  "interventions": { "more": { "patch": { "units": { "ward": { "capacity": 25 } } } } }
})";

// What run needs of a scenario before it simulates: its metrics and daily series.
void prepare(const LoadedScenario& loaded) {
  for (const auto& v : loaded.variants) {
    (void)metric_names(v.scenario);
    (void)daily_series_names(v.scenario);
  }
  for (const auto& sweep : loaded.sweeps)
    for (const auto& point : sweep.points) (void)metric_names(point.scenario);
}

template <typename Load>
void expect_scenario_or_problems(const Load& load) {
  try {
    prepare(load());
  } catch (const InvalidInput& e) {
    // Every problem says what is wrong.
    if (e.problems().empty()) std::abort();
    for (const auto& d : e.problems())
      if (d.message.empty() || d.format().empty()) std::abort();
  }
}

std::vector<std::string> lines(const std::string& text, size_t most) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; out.size() < most && std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const char kind = input.empty() ? '\0' : input[0];
  if (kind == '/') {
    const std::string line = input.substr(0, input.find('\n'));
    const size_t eq = line.find('=');
    if (eq == std::string::npos) return 0;
    expect_scenario_or_problems([&] {
      return load_scenario_text("fuzz.json", kBase,
                                {Override{line.substr(0, eq), line.substr(eq + 1)}});
    });
  } else if (kind == '~') {
    expect_scenario_or_problems([&] {
      LoadedScenario loaded = load_scenario_text("fuzz.json", kBase);
      add_command_line_sweep(loaded, lines(input.substr(1), 2));
      return loaded;
    });
  } else if (kind == '+') {
    expect_scenario_or_problems([&] {
      LoadedScenario loaded = load_scenario_text("fuzz.json", kBase);
      add_intervention_text(loaded, "fuzz-intervention.json", input.substr(1));
      return loaded;
    });
  } else {
    expect_scenario_or_problems([&] { return load_scenario_text("fuzz.json", input); });
  }
  return 0;
}
