// The pathway network: units and their routes as a directed graph (Boost.Graph).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/scenario.h"

namespace flowsim::models {

// Receives one problem: the JSON pointer it concerns and what is wrong.
using NetworkProblemSink =
    std::function<void(const std::string& pointer, const std::string& message)>;

// Checks that every unit can be reached from an arrival stream and that every unit reached can
// lead to `exit` (so that no patient is trapped forever). Routes with probability 0 do not count;
// overflow routes do. Reports each offending unit.
void check_network(const Scenario& scenario, const NetworkProblemSink& report);

}  // namespace flowsim::models
