// The event loop of one replication: the clock, dispatch to the model, polling for a stop, and
// the invariants every run checks (time never goes backwards), with the place a broken one is
// reported from (the replication and the simulated time).
//
// The model is a template parameter and is called directly: no virtual or indirect call per
// event, so the compiler can fold the model's handlers into the loop.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/event_queue.h"
#include "sim/time.h"

namespace flowsim::sim {

// A broken invariant: a bug in flowsim, never a user's mistake.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Thrown when a run is stopped on request (Ctrl-C) before it finished: nothing of it is kept.
// Whoever runs the replications fills in how far they got.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(size_t done = 0, size_t total = 0)
      : std::runtime_error("the run was interrupted"),
        replications_done(done),
        replications_total(total) {}
  size_t replications_done, replications_total;
};

// Where a replication is: the clock and which replication it is, for every message of a broken
// invariant.
class RunClock {
 public:
  explicit RunClock(uint64_t replication) : replication_(replication) {}
  Time now() const { return now_; }
  uint64_t replication() const { return replication_; }

  // "internal error in replication 3 at simulated time 2d 04:00: what" (replications count
  // from 1 for people).
  [[noreturn]] void broken(const std::string& what) const {
    throw InternalError("internal error in replication " + std::to_string(replication_ + 1) +
                        " at simulated time " + format_duration(now_) + ": " + what);
  }

 private:
  template <typename Payload, typename Model>
  friend uint64_t run_events(EventQueue<Payload>&, RunClock&, const std::atomic<bool>*, Model&);
  Time now_;
  uint64_t replication_;
};

// Pops events in the queue's order, moves the clock to each and hands it to
// model.on_event(event), until on_event returns false (the event that ends the run, whose time
// the clock keeps). Returns the number of events handed over. Throws Interrupted when `stop` is
// raised; it is read every 4,096 events, with a relaxed load: Ctrl-C is seen within
// milliseconds, at no cost.
template <typename Payload, typename Model>
uint64_t run_events(EventQueue<Payload>& events, RunClock& clock, const std::atomic<bool>* stop,
                    Model& model) {
  for (uint64_t handled = 0;; ++handled) {
    if ((handled & 4095) == 0 && stop != nullptr && stop->load(std::memory_order_relaxed))
      throw Interrupted();
    const auto e = events.pop();
    if (e.time < clock.now_)
      clock.broken("time went backwards, to " + format_duration(e.time) + " at event " +
                   std::to_string(e.id()));
    clock.now_ = e.time;
    if (!model.on_event(e)) return handled + 1;
  }
}

}  // namespace flowsim::sim
