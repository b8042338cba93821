// Every scenario shipped in scenarios/ loads, and its baseline, every intervention and the ends of
// every sweep simulate: each cut to its first week, one replication, so that the whole file stays
// fast. A scenario that stopped loading after a change to the format, or that broke a
// conservation check, fails here rather than in a planner's hands.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "model/flow_model.h"
#include "scenario/diagnostics.h"
#include "scenario/scenario.h"
#include "tests/models/test_support.h"

namespace flowsim::models {
namespace {

namespace fs = std::filesystem;
using testing::Metrics;

// The scenario files under scenarios/, sorted; the JSON Schema of the format lives beside them
// and is not one.
std::vector<fs::path> shipped_scenarios() {
  const fs::path root = fs::path(FLOWSIM_SOURCE_DIR) / "scenarios";
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    const bool schema = name.ends_with("schema.json");
    if (entry.is_regular_file() && entry.path().extension() == ".json" && !schema)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The loaded file, or a test failure that lists the loader's problems.
LoadedScenario load(const fs::path& file) {
  try {
    return load_scenario_file(file.string());
  } catch (const InvalidInput& e) {
    std::string report;
    for (const auto& d : e.problems()) report += d.format() + "\n";
    FAIL(report);
  }
  return {};
}

// The variant's first week, measured from its start: one replication of that proves the file
// builds and runs, and keeps the test at seconds.
Metrics first_week(const Variant& variant) {
  Scenario s = variant.scenario;
  s.warmup = sim::Duration();
  s.horizon = std::min(s.horizon, sim::Duration::days(7));
  return Metrics{metric_names(s), run_replication(s, 0)};
}

TEST_CASE("scenarios/ ships the planners' scenarios and the tutorials", "[shipped]") {
  std::vector<std::string> names;
  for (const auto& file : shipped_scenarios())
    names.push_back(fs::relative(file, fs::path(FLOWSIM_SOURCE_DIR) / "scenarios").string());
  for (const char* expected :
       {"acute_trust_baseline.json", "virtual_wards.json", "winter.json", "discharge.json",
        "elective_recovery.json", "tutorial/single_queue.json", "tutorial/occupancy_wait.json",
        "tutorial/blocking.json", "tutorial/pooling.json", "tutorial/weekend_discharge.json"}) {
    INFO(expected);
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  }
}

TEST_CASE("every shipped scenario loads, and each of its interventions changes it", "[shipped]") {
  for (const auto& file : shipped_scenarios()) {
    INFO(file.string());
    const LoadedScenario loaded = load(file);
    REQUIRE_FALSE(loaded.variants.empty());
    CHECK(loaded.variants.front().name == "baseline");
    CHECK_FALSE(loaded.variants.front().scenario.description.empty());
    // A patch that leaves the baseline as it was would report a difference of zero as a finding.
    for (size_t v = 1; v < loaded.variants.size(); ++v) {
      INFO("intervention " << loaded.variants[v].name);
      CHECK(loaded.variants[v].document != loaded.variants.front().document);
      CHECK_FALSE(loaded.variants[v].description.empty());
    }
    for (const auto& sweep : loaded.sweeps) {
      INFO("sweep " << sweep.name);
      CHECK(sweep.points.size() >= 2);
      for (size_t p = 1; p < sweep.points.size(); ++p)
        CHECK(sweep.points[p].document != sweep.points[p - 1].document);
    }
  }
}

TEST_CASE("every shipped scenario, intervention and sweep end simulates its first week",
          "[shipped]") {
  for (const auto& file : shipped_scenarios()) {
    INFO(file.string());
    const LoadedScenario loaded = load(file);
    std::vector<const Variant*> runs;
    for (const auto& variant : loaded.variants) runs.push_back(&variant);
    for (const auto& sweep : loaded.sweeps) {
      if (sweep.points.empty()) continue;
      runs.push_back(&sweep.points.front());
      runs.push_back(&sweep.points.back());
    }
    for (const Variant* variant : runs) {
      INFO(variant->name);
      // run_replication throws InternalError if a patient goes missing.
      const Metrics m = first_week(*variant);
      CHECK(m["system.arrivals"] > 0);
      CHECK(m["system.departures"] > 0);
    }
  }
}

}  // namespace
}  // namespace flowsim::models
