// Runs independent replications over a number of threads.
//
// Each replication is a pure function of its index (it draws only from streams keyed by that
// index), and results are stored by index, so the outcome is identical for any thread count
// and any scheduling of the threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace flowsim::sim {

// The default thread count: every core the machine reports (at least one).
inline unsigned default_thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

// Calls run(i) for i in [0, count) on up to `threads` threads and returns the results in index
// order. on_done(finished) is called (under a lock) after each replication, for progress. If
// any replication throws, the first exception by index is rethrown after all threads stop.
// should_stop(), when given, is polled before starting each replication.
template <typename Result>
std::vector<Result> run_replications(size_t count, unsigned threads,
                                     const std::function<Result(size_t)>& run,
                                     const std::function<void(size_t)>& on_done = {},
                                     const std::function<bool()>& should_stop = {}) {
  // Each result in its own object: std::vector<bool> packs elements into shared words, and
  // concurrent writes to neighbours would race.
  struct Slot {
    Result value{};
  };
  std::vector<Slot> slots(count);
  std::vector<std::exception_ptr> errors(count);
  std::atomic<size_t> next{0};
  std::mutex progress_mutex;
  size_t finished = 0;
  auto worker = [&] {
    for (;;) {
      if (should_stop && should_stop()) return;
      const size_t i = next.fetch_add(1);
      if (i >= count) return;
      try {
        slots[i].value = run(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(progress_mutex);
      ++finished;
      if (on_done) on_done(finished);
    }
  };
  if (threads == 0) threads = 1;
  if (threads > count) threads = unsigned(count == 0 ? 1 : count);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  std::vector<Result> results;
  results.reserve(count);
  for (auto& s : slots) results.push_back(std::move(s.value));
  return results;
}

}  // namespace flowsim::sim
