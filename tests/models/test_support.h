// Helpers the model tests share: metrics by name, and the loader's problems as a user sees them.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "models/diagnostics.h"
#include "models/scenario.h"

namespace flowsim::models::testing {

// One replication's metrics, by name.
struct Metrics {
  std::vector<std::string> names;
  std::vector<double> values;
  bool has(const std::string& name) const {
    return std::find(names.begin(), names.end(), name) != names.end();
  }
  double operator[](const std::string& name) const {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) FAIL("no metric " << name);
    return values[size_t(it - names.begin())];
  }
};

using Problems = std::vector<std::string>;

// Every problem reported for a scenario (named test.json), formatted as flowsim prints it.
inline Problems problems(const std::string& text, const std::vector<Override>& overrides = {}) {
  try {
    (void)load_scenario_text("test.json", text, overrides);
  } catch (const InvalidInput& e) {
    Problems out;
    for (const auto& d : e.problems()) out.push_back(d.format());
    return out;
  }
  return {"(none: the scenario loaded)"};
}

}  // namespace flowsim::models::testing
