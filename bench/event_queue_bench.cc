// Micro-benchmark of the pending-event set: the classic hold model.
//
// A queue holds n pending events. Each step pops the earliest event and schedules a new one at
// its time plus an exponential increment, so the queue size stays n. With exponential increments
// the initial fill (n independent exponential times from zero) is already the stationary state
// of the model, so no warm-up is needed.
//
// Two implementations do exactly the same work from the same pre-generated increments:
//   flowsim   flowsim::sim::EventQueue<Payload> (radix heap, lazy cancellation)
//   reference std::priority_queue of (time int64, seq uint64, payload), compared by time then seq
// Each reports items_per_second, one item per event (one pop plus one push). Each checks that
// the times it pops never decrease and that the queue still holds n events; before any timing,
// main() checks that both pop exactly the same sequence of events.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <queue>
#include <vector>

#include "sim/event_queue.h"
#include "sim/random.h"
#include "sim/time.h"

namespace {

using flowsim::sim::Duration;
using flowsim::sim::EventQueue;
using flowsim::sim::RandomStream;
using flowsim::sim::StreamKey;
using flowsim::sim::Time;

// A realistic payload: which patient, what happens, where, and a sequence number.
struct Payload {
  uint32_t entity;
  uint16_t kind;
  uint16_t unit;
  uint32_t data;
};
static_assert(sizeof(Payload) == 12);

// Increments in ticks, exponential with a mean of one hour. A table of 2^14 (128 KiB) keeps the
// generator out of the timed loop while staying small next to the queues being measured.
constexpr size_t kIncrementCount = size_t(1) << 14;
const std::vector<int64_t>& increments() {
  static const std::vector<int64_t> table = [] {
    RandomStream rng(StreamKey{2026, 0, flowsim::sim::purpose_hash("hold increments"), 0});
    std::vector<int64_t> t(kIncrementCount);
    for (int64_t& x : t) {
      x = std::llround(-std::log(rng.uniform_pos()) * double(Duration::kTicksPerHour));
    }
    return t;
  }();
  return table;
}

Payload payload_for(size_t i) {
  return Payload{uint32_t(i), uint16_t(i % 7), uint16_t(i % 13), 0};
}

// --- flowsim::sim::EventQueue -------------------------------------------------------------------

class FlowsimHold {
 public:
  explicit FlowsimHold(size_t n) {
    const auto& inc = increments();
    for (size_t i = 0; i < n; ++i) {
      queue_.push(Duration::ticks(inc[next_++ % kIncrementCount]), 0, payload_for(i));
    }
  }
  // One hold step; returns the popped event's time and payload.
  std::pair<int64_t, Payload> step() {
    const auto e = queue_.pop();
    Payload p = e.payload;
    ++p.data;
    queue_.push(e.time + Duration::ticks(increments()[next_++ % kIncrementCount]), 0, p);
    return {e.time.ticks(), e.payload};
  }
  size_t size() const { return queue_.size(); }

 private:
  EventQueue<Payload> queue_;
  size_t next_ = 0;
};

// --- std::priority_queue reference --------------------------------------------------------------

class ReferenceHold {
 public:
  explicit ReferenceHold(size_t n) : queue_(Later{}, reserved(n + 1)) {
    const auto& inc = increments();
    for (size_t i = 0; i < n; ++i) {
      queue_.push(Event{inc[next_++ % kIncrementCount], seq_++, payload_for(i)});
    }
  }
  std::pair<int64_t, Payload> step() {
    const Event e = queue_.top();
    queue_.pop();
    Payload p = e.payload;
    ++p.data;
    queue_.push(Event{e.time + increments()[next_++ % kIncrementCount], seq_++, p});
    return {e.time, e.payload};
  }
  size_t size() const { return queue_.size(); }

 private:
  struct Event {
    int64_t time;
    uint64_t seq;
    Payload payload;
  };
  // std::priority_queue keeps the greatest on top: "later" events compare greater.
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time > b.time || (a.time == b.time && a.seq > b.seq);
    }
  };
  static std::vector<Event> reserved(size_t n) {
    std::vector<Event> v;
    v.reserve(n);
    return v;
  }
  std::priority_queue<Event, std::vector<Event>, Later> queue_;
  size_t next_ = 0;
  uint64_t seq_ = 0;
};

// --- the benchmark
// --------------------------------------------------------------------------------

template <typename Hold>
void BM_Hold(benchmark::State& state) {
  const auto n = size_t(state.range(0));
  Hold hold(n);
  int64_t now = 0;
  bool monotone = true;
  for (auto _ : state) {
    const auto [time, payload] = hold.step();
    monotone &= time >= now;
    now = time;
    benchmark::DoNotOptimize(payload);
  }
  benchmark::DoNotOptimize(now);
  if (!monotone) state.SkipWithError("popped times went backwards");
  if (hold.size() != n) state.SkipWithError("the queue no longer holds n events");
  state.SetItemsProcessed(int64_t(state.iterations()));
  state.counters["sim_hours"] = double(now) / double(Duration::kTicksPerHour);
}

void sizes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {100, 1'000, 10'000, 100'000, 1'000'000}) b->Arg(n);
}

BENCHMARK_TEMPLATE(BM_Hold, FlowsimHold)->Name("hold/flowsim_EventQueue")->Apply(sizes);
BENCHMARK_TEMPLATE(BM_Hold, ReferenceHold)->Name("hold/std_priority_queue")->Apply(sizes);

// Both implementations must pop exactly the same events in the same order, ties included.
bool implementations_agree() {
  for (size_t n : {size_t(1), size_t(100), size_t(10'000)}) {
    FlowsimHold a(n);
    ReferenceHold b(n);
    for (int i = 0; i < 200'000; ++i) {
      const auto [ta, pa] = a.step();
      const auto [tb, pb] = b.step();
      if (ta != tb || pa.entity != pb.entity || pa.data != pb.data) {
        std::fprintf(stderr, "hold model mismatch at n=%zu step %d: %lld vs %lld\n", n, i,
                     static_cast<long long>(ta), static_cast<long long>(tb));
        return false;
      }
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (!implementations_agree()) return 1;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
