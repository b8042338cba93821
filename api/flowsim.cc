// The installed API (include/flowsim/flowsim.h) over the scenario, experiment and output rooms.
#include "flowsim/flowsim.h"

#include <filesystem>
#include <utility>

#include "experiment/experiment.h"
#include "output/results_files.h"
#include "output/tables.h"
#include "scenario/diagnostics.h"
#include "scenario/scenario.h"

namespace flowsim {
namespace {

std::vector<std::string> formatted(const models::InvalidInput& e) {
  std::vector<std::string> problems;
  for (const auto& d : e.problems()) problems.push_back(d.format());
  if (problems.empty()) problems.push_back(e.what());
  return problems;
}

// Runs f, turning the loader's located problems into the API's exception.
template <typename F>
auto checked(F&& f) {
  try {
    return f();
  } catch (const models::InvalidInput& e) {
    throw InvalidScenario(formatted(e));
  }
}

Estimate estimate_of(const models::MetricSummary& s) {
  return {.mean = s.mean, .ci95_low = s.ci95_low, .ci95_high = s.ci95_high, .replications = s.n};
}

}  // namespace

const char* version() {
  return FLOWSIM_VERSION;
}

InvalidScenario::InvalidScenario(std::vector<std::string> problems)
    : std::runtime_error(problems.empty() ? "invalid scenario" : problems.front()),
      problems_(std::move(problems)) {}

struct Scenario::Loaded {
  models::LoadedScenario scenario;
};

struct Results::Run {
  models::LoadedScenario scenario;  // write() needs it for the report
  models::ExperimentResult result;
};

Scenario::Scenario(std::unique_ptr<Loaded> loaded) : loaded_(std::move(loaded)) {}
Scenario::Scenario(Scenario&&) noexcept = default;
Scenario& Scenario::operator=(Scenario&&) noexcept = default;
Scenario::~Scenario() = default;

Scenario Scenario::load(const std::string& path, const std::vector<std::string>& settings) {
  std::vector<models::Override> overrides;
  for (const auto& s : settings) {
    const size_t eq = s.find('=');
    if (eq == std::string::npos || s.empty() || s[0] != '/') {
      throw InvalidScenario(
          {"a setting takes /json/pointer=VALUE, e.g. /units/ward/capacity=45 "
           "(got \"" +
           s + "\")"});
    }
    overrides.push_back({s.substr(0, eq), s.substr(eq + 1)});
  }
  return Scenario(std::make_unique<Loaded>(
      Loaded{checked([&] { return models::load_scenario_file(path, overrides); })}));
}

void Scenario::add_intervention(const std::string& path) {
  checked([&] {
    models::add_intervention_file(loaded_->scenario, path);
    return 0;
  });
}

const std::string& Scenario::path() const {
  return loaded_->scenario.path;
}

std::vector<std::string> Scenario::variants() const {
  std::vector<std::string> names;
  for (const auto& v : loaded_->scenario.variants) names.push_back(v.name);
  return names;
}

Results::Results(std::unique_ptr<Run> run) : run_(std::move(run)) {}
Results::Results(Results&&) noexcept = default;
Results& Results::operator=(Results&&) noexcept = default;
Results::~Results() = default;

std::vector<std::string> Results::variants() const {
  std::vector<std::string> names;
  for (const auto& v : run_->result.variants) names.push_back(v.name);
  return names;
}

std::vector<std::string> Results::metrics(const std::string& variant) const {
  for (const auto& v : run_->result.variants) {
    if (v.name == variant) return v.metric_names;
  }
  return {};
}

std::optional<Estimate> Results::estimate(const std::string& variant,
                                          const std::string& metric) const {
  for (const auto& v : run_->result.variants) {
    if (v.name != variant) continue;
    if (const models::MetricSummary* s = v.find(metric)) return estimate_of(*s);
  }
  return std::nullopt;
}

std::vector<Comparison> Results::comparisons() const {
  std::vector<Comparison> out;
  for (const auto& c : run_->result.comparisons) {
    out.push_back({.intervention = c.intervention,
                   .metric = c.metric,
                   .baseline = estimate_of(c.baseline),
                   .with_intervention = estimate_of(c.intervention_value),
                   .difference = estimate_of(c.difference),
                   .excludes_zero = c.excludes_zero});
  }
  return out;
}

std::vector<std::string> Results::warnings() const {
  return run_->result.warnings;
}

std::string Results::table() const {
  return models::format_table(run_->result);
}

void Results::write(const std::string& dir) const {
  std::filesystem::create_directories(dir);
  models::write_results(run_->scenario, run_->result, dir);
}

Results run(const Scenario& scenario, const RunOptions& options) {
  models::RunOptions run_options;
  run_options.replications = options.replications;
  run_options.seed = options.seed;
  run_options.threads = options.threads;
  auto run = std::make_unique<Results::Run>();
  run->scenario = scenario.loaded_->scenario;
  run->result = checked([&] { return models::run_experiment(run->scenario, run_options); });
  return Results(std::move(run));
}

}  // namespace flowsim
