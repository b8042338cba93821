// libFuzzer target for the scenario loader: whatever bytes it is given, load_scenario_text()
// must either build a scenario or throw InvalidInput with problems that say what is wrong.
// Anything else (a crash, a hang, another exception, undefined behaviour, a leak) is a bug.
//
// An input that begins with '/' is a --set override (its first line, "/pointer=value") applied
// to a valid scenario, so that the overrides are fuzzed too; any other input is a scenario file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "models/diagnostics.h"
#include "models/flow_model.h"
#include "models/scenario.h"

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

void load(const std::string& text, const std::vector<Override>& overrides) {
  try {
    const LoadedScenario loaded = load_scenario_text("fuzz.json", text, overrides);
    // What run needs of a scenario before it simulates: its metrics and daily series.
    for (const auto& v : loaded.variants) {
      (void)metric_names(v.scenario);
      (void)daily_series_names(v.scenario);
    }
  } catch (const InvalidInput& e) {
    // Every problem says what is wrong.
    if (e.problems().empty()) std::abort();
    for (const auto& d : e.problems())
      if (d.message.empty() || d.format().empty()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  if (!input.empty() && input[0] == '/') {
    const std::string line = input.substr(0, input.find('\n'));
    const size_t eq = line.find('=');
    if (eq == std::string::npos) return 0;
    load(kBase, {Override{line.substr(0, eq), line.substr(eq + 1)}});
  } else {
    load(input, {});
  }
  return 0;
}
