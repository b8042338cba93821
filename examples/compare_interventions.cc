// Runs a scenario's baseline and interventions through the installed library and prints, for
// each intervention, its effect on each headline metric with the paired 95% interval.
//
//   compare_interventions SCENARIO [REPLICATIONS] [OUT_DIR]
#include <cstdio>
#include <exception>
#include <string>

#include <flowsim/flowsim.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: compare_interventions SCENARIO [REPLICATIONS] [OUT_DIR]\n");
    return 2;
  }
  try {
    const flowsim::Scenario scenario = flowsim::Scenario::load(argv[1]);
    flowsim::RunOptions options;
    options.replications = argc > 2 ? std::stoi(argv[2]) : 10;
    options.seed = 1;
    const flowsim::Results results = flowsim::run(scenario, options);

    std::printf("flowsim %s: %s, %d replications\n", flowsim::version(), scenario.path().c_str(),
                *options.replications);
    for (const std::string& variant : results.variants()) {
      std::printf("  %s reports %zu metrics\n", variant.c_str(), results.metrics(variant).size());
    }
    for (const flowsim::Comparison& c : results.comparisons()) {
      std::printf("  %s, %s: %.3f -> %.3f, difference %+.3f (%.3f to %.3f)%s\n",
                  c.intervention.c_str(), c.metric.c_str(), c.baseline.mean,
                  c.with_intervention.mean, c.difference.mean, c.difference.ci95_low,
                  c.difference.ci95_high, c.excludes_zero ? "" : ", not distinguishable from 0");
    }
    if (argc > 3) results.write(argv[3]);
    return 0;
  } catch (const flowsim::InvalidScenario& e) {
    for (const std::string& problem : e.problems()) std::fprintf(stderr, "%s\n", problem.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
