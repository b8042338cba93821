// Runs independent replications over a number of threads.
//
// Each replication is a pure function of its index (it draws only from streams keyed by that
// index), and results are handed over in index order, so the outcome is identical for any thread
// count and any scheduling of the threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace flowsim::sim {

// The default thread count: every core the machine reports (at least one).
inline unsigned default_thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

// Calls run(i) for i in [0, count) on up to `threads` threads and hands each result to
// take(i, result) in index order, as soon as it and every result before it are ready. Only the
// results that finished ahead of a slower one are held meanwhile, so memory does not grow with
// `count`. take is called by one thread at a time, from whichever thread completed the run of
// results it hands over.
//
// on_done(finished) is called (under a lock) after each replication, for progress. should_stop(),
// when given, is polled before starting each replication; replications are started in index
// order, so those never started are the last ones, and their results are never handed over. If a
// replication (or take) throws, no later result is handed over, and the first exception by index
// is rethrown after all threads stop.
template <typename Result>
void run_replications_in_order(size_t count, unsigned threads,
                               const std::function<Result(size_t)>& run,
                               const std::function<void(size_t, Result&&)>& take,
                               const std::function<void(size_t)>& on_done = {},
                               const std::function<bool()>& should_stop = {}) {
  std::atomic<size_t> next{0};
  std::mutex mutex;
  size_t finished = 0;
  std::map<size_t, Result> ready;  // finished ahead of `next_taken`
  size_t next_taken = 0;
  bool taking = false;  // a thread is handing results over
  size_t failed_at = count;
  std::exception_ptr failure;
  auto fail = [&](size_t i, std::exception_ptr e) {  // under the lock
    if (i < failed_at) {
      failed_at = i;
      failure = e;
    }
  };
  auto worker = [&] {
    for (;;) {
      if (should_stop && should_stop()) return;
      const size_t i = next.fetch_add(1);
      if (i >= count) return;
      Result result{};
      std::exception_ptr error;
      try {
        result = run(i);
      } catch (...) {
        error = std::current_exception();
      }
      std::unique_lock<std::mutex> lock(mutex);
      ++finished;
      if (on_done) on_done(finished);
      if (error) {
        fail(i, error);
        continue;
      }
      ready.emplace(i, std::move(result));
      if (taking) continue;  // that thread will hand this one over too
      taking = true;
      for (auto it = ready.begin(); it != ready.end() && it->first == next_taken;
           it = ready.begin()) {
        if (next_taken >= failed_at) break;
        Result r = std::move(it->second);
        ready.erase(it);
        const size_t k = next_taken++;
        lock.unlock();
        std::exception_ptr take_error;
        try {
          take(k, std::move(r));
        } catch (...) {
          take_error = std::current_exception();
        }
        lock.lock();
        if (take_error) fail(k, take_error);
      }
      taking = false;
    }
  };
  if (threads == 0) threads = 1;
  if (threads > count) threads = unsigned(count == 0 ? 1 : count);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

// The same, returning every result in index order (replications never started keep a
// default-constructed result).
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
  run_replications_in_order<Result>(
      count, threads, run, [&](size_t i, Result&& r) { slots[i].value = std::move(r); }, on_done,
      should_stop);
  std::vector<Result> results;
  results.reserve(count);
  for (auto& s : slots) results.push_back(std::move(s.value));
  return results;
}

}  // namespace flowsim::sim
