// report.html: a run's results as one self-contained page a planner can read, print or attach to a
// board paper.
//
// The page opens offline: its CSS and its charts (SVG) are inline, and it loads nothing (no
// scripts, fonts, images or links to other files). Every string that comes from the scenario is
// HTML-escaped. Its sections, in order: the scenario and run settings, warnings, the headline
// table, interventions against the baseline (a table and a plot of relative differences), daily
// fan charts, sweep curves, the pathway network, the per-unit table, and a STRESS-DES table (Monks
// et al. 2019) describing how the results were produced. A section without data (no
// interventions, no sweeps, no daily series) says so in a line. Numbers in tables are formatted as
// the terminal table formats them (format_cell).
#pragma once

#include <string>

#include "experiment/experiment.h"
#include "scenario/scenario.h"

namespace flowsim::models {

// The report's HTML. `loaded` is the scenario the result was run from (its baseline's units,
// arrivals and notes describe the model; each intervention's document shows what it changes).
std::string report_html(const LoadedScenario& loaded, const ExperimentResult& result);

}  // namespace flowsim::models
