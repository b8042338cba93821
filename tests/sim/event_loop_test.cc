// Tests for sim/event_loop.h: the clock follows the events, the model ends the run, a stop is
// honoured, and an event in the past is a broken invariant reported with where the run was.
#include "sim/event_loop.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <vector>

#include "sim/event_queue.h"
#include "sim/time.h"

namespace flowsim::sim {
namespace {

struct Kind {
  int value;
};

// Records what it saw; the event of kind 0 ends the run, kind 2 schedules one an hour later.
struct Recorder {
  EventQueue<Kind>& events;
  RunClock& clock;
  std::vector<Time> times;
  std::vector<int> kinds;
  bool on_event(const EventQueue<Kind>::Event& e) {
    CHECK(clock.now() == e.time);
    times.push_back(e.time);
    kinds.push_back(e.payload.value);
    if (e.payload.value == 2) events.push(e.time + Duration::hours(1), 0, Kind{1});
    return e.payload.value != 0;
  }
};

TEST_CASE("the loop hands events over in order and stops at the one that ends the run",
          "[event_loop]") {
  EventQueue<Kind> events;
  RunClock clock(0);
  events.push(Duration::hours(10), 9, Kind{0});
  events.push(Duration::hours(2), 0, Kind{2});
  events.push(Duration::hours(1), 0, Kind{1});
  events.push(Duration::hours(20), 0, Kind{1});  // after the end: never handed over
  Recorder model{events, clock, {}, {}};
  CHECK(run_events(events, clock, nullptr, model) == 4);
  CHECK(model.kinds == std::vector<int>{1, 2, 1, 0});
  CHECK(model.times == std::vector<Time>{Duration::hours(1), Duration::hours(2), Duration::hours(3),
                                         Duration::hours(10)});
  CHECK(clock.now() == Duration::hours(10));
  CHECK(events.size() == 1);
}

TEST_CASE("a raised stop flag interrupts the loop before the next event", "[event_loop]") {
  EventQueue<Kind> events;
  RunClock clock(0);
  events.push(Duration::hours(1), 0, Kind{1});
  events.push(Duration::hours(2), 0, Kind{0});
  Recorder model{events, clock, {}, {}};
  std::atomic<bool> stop{true};
  CHECK_THROWS_AS(run_events(events, clock, &stop, model), Interrupted);
  CHECK(model.kinds.empty());
  stop = false;
  CHECK(run_events(events, clock, &stop, model) == 2);
}

// Schedules an event before the present once, as a bug in a model would.
struct Backwards {
  EventQueue<Kind>& events;
  bool on_event(const EventQueue<Kind>::Event& e) {
    if (e.payload.value == 1) events.push(e.time - Duration::minutes(30), 0, Kind{3});
    return e.payload.value != 0;
  }
};

TEST_CASE("an event earlier than the clock is reported with the replication and the time",
          "[event_loop]") {
  EventQueue<Kind> events;
  RunClock clock(4);
  events.push(Duration::hours(26), 0, Kind{1});
  events.push(Duration::hours(48), 0, Kind{0});
  Backwards model{events};
  try {
    run_events(events, clock, nullptr, model);
    FAIL("no error");
  } catch (const InternalError& e) {
    const std::string what = e.what();
    CHECK(what.rfind("internal error in replication 5 at simulated time " +
                         format_duration(Duration::hours(26)) + ": time went backwards, to " +
                         format_duration(Duration::hours(26) - Duration::minutes(30)),
                     0) == 0);
  }
}

}  // namespace
}  // namespace flowsim::sim
