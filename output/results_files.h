// The files a run leaves in its results directory.
#pragma once

#include <string>

#include "experiment/experiment.h"
#include "scenario/scenario.h"

namespace flowsim::models {

// Writes summary.json, replications.csv, occupancy.csv (byte-identical for the same scenario, seed
// and version, whatever the thread count), run.json (timings, threads: these vary) and report.html
// (output/report.h; it shows the run time too) into dir.
void write_results(const LoadedScenario& loaded, const ExperimentResult& result,
                   const std::string& dir);

}  // namespace flowsim::models
