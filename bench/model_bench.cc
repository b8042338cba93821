// Whole-model benchmarks: an M/M/c queue and the shipped A&E-and-beds scenario.
#include <benchmark/benchmark.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/flow_model.h"
#include "models/scenario.h"

using namespace flowsim;

namespace {

models::Scenario mmc_scenario(int servers, double days) {
  // Load 80%: arrivals at 0.8 x servers an hour, mean service 1 hour.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "M/M/c bench", "start": "2026-01-05T00:00",
    "horizon": ")" + std::to_string(days) +
                           R"(d", "replications": 1, "seed": 1,
    "arrivals": { "patients": { "to": "unit", "rate": ")" +
                           std::to_string(0.8 * servers) + R"(/h" } },
    "units": { "unit": { "capacity": )" +
                           std::to_string(servers) + R"(,
                         "service": { "exponential": { "mean": "1h" } }, "next": { "exit": 1.0 } } } })";
  return models::load_scenario_text("mmc.json", text).variants.front().scenario;
}

double metric(const models::Scenario& s, const std::vector<double>& values,
              const std::string& name) {
  const auto names = models::metric_names(s);
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return values[i];
  throw std::logic_error("no metric " + name);
}

// Each patient is two events (arrival, end of service). Reports patients and events per second.
void BM_MMc(benchmark::State& state) {
  const int servers = int(state.range(0));
  const models::Scenario s = mmc_scenario(servers, 365);
  uint64_t rep = 0;
  double patients = 0;
  for (auto _ : state) {
    const auto v = models::run_replication(s, rep++);
    const double util = metric(s, v, "unit.unit.utilisation");
    if (std::abs(util - 0.8) > 0.1)
      state.SkipWithError("utilisation is not 0.8: the model is wrong");
    patients += metric(s, v, "system.arrivals");
  }
  state.counters["patients/s"] = benchmark::Counter(patients, benchmark::Counter::kIsRate);
  state.counters["events/s"] = benchmark::Counter(2 * patients, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MMc)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

// A year of the shipped A&E-and-beds scenario, one replication per iteration.
void BM_EdAndBedsYear(benchmark::State& state) {
  models::Scenario s =
      models::load_scenario_file(std::string(FLOWSIM_SOURCE_DIR) + "/scenarios/ed_and_beds.json")
          .variants.front()
          .scenario;
  s.warmup = sim::Duration::days(0);
  s.horizon = sim::Duration::days(365);
  uint64_t rep = 0;
  double patients = 0;
  for (auto _ : state) {
    const auto v = models::run_replication(s, rep++);
    patients += metric(s, v, "system.arrivals");
  }
  state.counters["patients/s"] = benchmark::Counter(patients, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EdAndBedsYear)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
