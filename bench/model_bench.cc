// Whole-model benchmarks: an M/M/c queue beside the plain loop that is its ceiling, the shipped
// scenarios, and replications over one and two threads.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <queue>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/flow_model.h"
#include "scenario/scenario.h"
#include "sim/random.h"
#include "sim/replication.h"

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

models::Scenario shipped(const std::string& file) {
  return models::load_scenario_file(std::string(FLOWSIM_SOURCE_DIR) + "/scenarios/" + file)
      .variants.front()
      .scenario;
}

// Where a metric is in a replication's values (looked up once, outside the timed loop).
size_t metric(const models::Scenario& s, const std::string& name) {
  const auto names = models::metric_names(s);
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  throw std::logic_error("no metric " + name);
}

void rates(benchmark::State& state, double patients, double events) {
  state.counters["patients/s"] = benchmark::Counter(patients, benchmark::Counter::kIsRate);
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
}

// A year of M/M/c at 80% load, one replication per iteration.
void BM_MMc(benchmark::State& state) {
  const int servers = int(state.range(0));
  const models::Scenario s = mmc_scenario(servers, 365);
  const size_t utilisation = metric(s, "unit.unit.utilisation"),
               arrivals = metric(s, "system.arrivals");
  uint64_t rep = 0;
  double patients = 0, events = 0;
  for (auto _ : state) {
    const auto r = models::simulate(s, rep++);
    if (std::abs(r.metrics[utilisation] - 0.8) > 0.1)
      state.SkipWithError("utilisation is not 0.8: the model is wrong");
    patients += r.metrics[arrivals];
    events += double(r.events);
  }
  rates(state, patients, events);
}
BENCHMARK(BM_MMc)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

// The ceiling for BM_MMc: the same year of M/M/c as the plain loop a hand-written simulator would
// be. Per event: pop the earliest from a binary heap, one exponential draw (inverse transform from
// flowsim's generator), one time-weighted statistic (servers busy), push the next event. No
// patients, routes, units or warm-up; a count stands for the queue.
void BM_MMcPlainLoop(benchmark::State& state) {
  const int servers = int(state.range(0));
  const double arrival_mean = 1.0 / (0.8 * servers), service_mean = 1.0, end = 365 * 24.0;
  struct Event {
    double time;
    bool arrival;
    bool operator<(const Event& o) const { return time > o.time; }  // earliest on top
  };
  uint64_t rep = 0;
  double patients = 0, events = 0;
  for (auto _ : state) {
    sim::RandomStream rng(sim::StreamKey{1, rep++, sim::purpose_hash("plain loop"), 0});
    auto exponential = [&](double mean) { return -mean * std::log(rng.uniform_pos()); };
    std::priority_queue<Event> queue;
    queue.push({exponential(arrival_mean), true});
    double now = 0, busy_area = 0;
    int busy = 0, waiting = 0;
    int64_t arrived = 0, handled = 0;
    while (!queue.empty() && queue.top().time < end) {
      const Event e = queue.top();
      queue.pop();
      ++handled;
      busy_area += busy * (e.time - now);
      now = e.time;
      if (e.arrival) {
        ++arrived;
        queue.push({now + exponential(arrival_mean), true});
        if (busy < servers) {
          ++busy;
          queue.push({now + exponential(service_mean), false});
        } else {
          ++waiting;
        }
      } else if (waiting > 0) {
        --waiting;
        queue.push({now + exponential(service_mean), false});
      } else {
        --busy;
      }
    }
    if (std::abs(busy_area / now / servers - 0.8) > 0.1)
      state.SkipWithError("utilisation is not 0.8: the loop is wrong");
    patients += double(arrived);
    events += double(handled);
  }
  rates(state, patients, events);
}
BENCHMARK(BM_MMcPlainLoop)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

// A year of the shipped A&E-and-beds scenario (no warm-up), one replication per iteration.
void BM_EdAndBedsYear(benchmark::State& state) {
  models::Scenario s = shipped("ed_and_beds.json");
  s.warmup = sim::Duration::days(0);
  s.horizon = sim::Duration::days(365);
  const size_t arrivals = metric(s, "system.arrivals");
  uint64_t rep = 0;
  double patients = 0, events = 0;
  for (auto _ : state) {
    const auto r = models::simulate(s, rep++);
    patients += r.metrics[arrivals];
    events += double(r.events);
  }
  rates(state, patients, events);
}
BENCHMARK(BM_EdAndBedsYear)->Unit(benchmark::kMillisecond);

// The shipped acute-trust baseline as it ships: a 28-day warm-up and a year measured (393 days),
// every NHS mechanism on, one replication per iteration.
void BM_AcuteTrustBaseline(benchmark::State& state) {
  const models::Scenario s = shipped("acute_trust_baseline.json");
  const size_t attendances = metric(s, "ed.attendances"), arrivals = metric(s, "system.arrivals");
  uint64_t rep = 0;
  double patients = 0, events = 0;
  for (auto _ : state) {
    const auto r = models::simulate(s, rep++);
    if (r.metrics[attendances] < 200'000)
      state.SkipWithError("fewer A&E attendances than a year of the baseline has");
    patients += r.metrics[arrivals];
    events += double(r.events);
  }
  rates(state, patients, events);
}
BENCHMARK(BM_AcuteTrustBaseline)->Unit(benchmark::kMillisecond);

// Twenty replications of the acute-trust baseline on 1 and 2 threads, results folded in index
// order as run_experiment does; wall-clock time, for the speed-up.
void BM_Replications(benchmark::State& state) {
  const unsigned threads = unsigned(state.range(0));
  constexpr size_t kReplications = 20;
  const models::Scenario s = shipped("acute_trust_baseline.json");
  const size_t attendances = metric(s, "ed.attendances");
  double events = 0;
  for (auto _ : state) {
    size_t taken = 0;
    sim::run_replications_in_order<models::ReplicationResult>(
        kReplications, threads, [&](size_t i) { return models::simulate(s, i); },
        [&](size_t, models::ReplicationResult&& r) {
          if (r.metrics[attendances] < 200'000)
            state.SkipWithError("fewer A&E attendances than a year of the baseline has");
          events += double(r.events);
          ++taken;
        });
    if (taken != kReplications) state.SkipWithError("a replication is missing");
  }
  state.counters["replications/s"] =
      benchmark::Counter(double(state.iterations() * kReplications), benchmark::Counter::kIsRate);
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Replications)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
