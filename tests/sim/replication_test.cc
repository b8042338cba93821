// Tests for sim/replication.h: running independent replications over threads.
#include "sim/replication.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sim/random.h"

namespace flowsim::sim {
namespace {

struct Outcome {
  size_t index = 0;
  double total = 0;  // a sum of exponential draws, as a stand-in for a simulated figure
  uint64_t last = 0;
  bool operator==(const Outcome&) const = default;
};

// A replication: a pure function of its index, drawing only from streams keyed by it.
Outcome replicate(size_t i) {
  RandomStream rng(StreamKey{2026, i, purpose_hash("replication test"), 0});
  Outcome o;
  o.index = i;
  const int draws = 2000 + int(rng.below(20'000));  // uneven work, so threads interleave
  for (int k = 0; k < draws; ++k) o.total += -std::log(rng.uniform_pos());
  o.last = rng();
  return o;
}

TEST_CASE("results are identical for 1, 2 and 7 threads, in index order", "[replication]") {
  constexpr size_t kCount = 60;
  const auto one = run_replications<Outcome>(kCount, 1, replicate);
  const auto two = run_replications<Outcome>(kCount, 2, replicate);
  const auto seven = run_replications<Outcome>(kCount, 7, replicate);
  REQUIRE(one.size() == kCount);
  for (size_t i = 0; i < kCount; ++i) REQUIRE(one[i].index == i);
  CHECK(one == two);
  CHECK(one == seven);
}

TEST_CASE("every replication runs exactly once", "[replication]") {
  constexpr size_t kCount = 200;
  std::vector<std::atomic<int>> runs(kCount);
  auto run = [&](size_t i) {
    runs[i].fetch_add(1);
    return int(i);
  };
  const auto results = run_replications<int>(kCount, 7, run);
  for (size_t i = 0; i < kCount; ++i) {
    REQUIRE(runs[i].load() == 1);
    REQUIRE(results[i] == int(i));
  }
}

TEST_CASE("more than one thread really is used when asked", "[replication]") {
  std::mutex m;
  std::set<std::thread::id> seen;
  auto run = [&](size_t) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::lock_guard<std::mutex> lock(m);
    seen.insert(std::this_thread::get_id());
    return 0;
  };
  run_replications<int>(16, 4, run);
  CHECK(seen.size() > 1);
  CHECK(seen.size() <= 4);
}

TEST_CASE("one thread runs every replication on the calling thread", "[replication]") {
  const auto caller = std::this_thread::get_id();
  std::atomic<int> elsewhere{0};
  run_replications<int>(10, 1, [&](size_t) {
    if (std::this_thread::get_id() != caller) elsewhere.fetch_add(1);
    return 0;
  });
  CHECK(elsewhere.load() == 0);
}

TEST_CASE("zero threads means one, and no replications gives no results", "[replication]") {
  CHECK(run_replications<int>(5, 0, [](size_t i) { return int(i) * 2; }) ==
        std::vector<int>{0, 2, 4, 6, 8});
  CHECK(run_replications<int>(0, 4, [](size_t i) { return int(i); }).empty());
  CHECK(run_replications<int>(3, 64, [](size_t i) { return int(i); }) == std::vector<int>{0, 1, 2});
}

TEST_CASE("default_thread_count is at least one", "[replication]") {
  CHECK(default_thread_count() >= 1);
}

TEST_CASE("progress is reported once per replication with the count finished so far",
          "[replication]") {
  for (unsigned threads : {1u, 2u, 7u}) {
    std::vector<size_t> reported;  // on_done is called under the runner's lock
    run_replications<int>(
        30, threads, [](size_t i) { return int(i); },
        [&](size_t finished) { reported.push_back(finished); });
    REQUIRE(reported.size() == 30);
    for (size_t k = 0; k < reported.size(); ++k) REQUIRE(reported[k] == k + 1);
  }
}

TEST_CASE("a replication's exception is rethrown to the caller after the others finish",
          "[replication]") {
  for (unsigned threads : {1u, 2u, 7u}) {
    INFO(threads << " threads");
    std::atomic<int> completed{0};
    auto run = [&](size_t i) -> int {
      if (i == 5) throw std::runtime_error("replication 5 failed");
      completed.fetch_add(1);
      return int(i);
    };
    CHECK_THROWS_MATCHES(run_replications<int>(20, threads, run), std::runtime_error,
                         Catch::Message("replication 5 failed"));
    CHECK(completed.load() == 19);
  }
}

TEST_CASE("when several replications throw, the one with the lowest index is rethrown",
          "[replication]") {
  for (unsigned threads : {1u, 2u, 7u}) {
    INFO(threads << " threads");
    auto run = [](size_t i) -> int {
      // Later indexes fail fast, so with several threads they tend to fail first in time.
      if (i == 17 || i == 11) throw std::runtime_error("replication " + std::to_string(i));
      if (i == 3) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        throw std::invalid_argument("replication 3");
      }
      return int(i);
    };
    CHECK_THROWS_MATCHES(run_replications<int>(20, threads, run), std::invalid_argument,
                         Catch::Message("replication 3"));
  }
}

TEST_CASE("should_stop is polled before each replication and stops new ones starting",
          "[replication]") {
  SECTION("stopping from the start runs nothing") {
    std::atomic<int> ran{0};
    const auto results = run_replications<int>(
        10, 3,
        [&](size_t) {
          ran.fetch_add(1);
          return 1;
        },
        {}, [] { return true; });
    CHECK(ran.load() == 0);
    CHECK(results == std::vector<int>(10, 0));  // unstarted replications keep default results
  }
  SECTION("one thread stops exactly when asked") {
    std::atomic<int> ran{0};
    std::atomic<size_t> finished{0};
    const auto results = run_replications<int>(
        10, 1,
        [&](size_t i) {
          ran.fetch_add(1);
          return int(i) + 1;
        },
        [&](size_t f) { finished = f; }, [&] { return finished.load() >= 4; });
    CHECK(ran.load() == 4);
    CHECK(results == std::vector<int>{1, 2, 3, 4, 0, 0, 0, 0, 0, 0});
  }
  SECTION("several threads each stop before their next replication") {
    constexpr unsigned kThreads = 4;
    std::atomic<int> ran{0};
    std::atomic<size_t> finished{0};
    run_replications<int>(
        100, kThreads,
        [&](size_t) {
          ran.fetch_add(1);
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          return 0;
        },
        [&](size_t f) { finished = f; }, [&] { return finished.load() >= 10; });
    // Once ten have finished no thread starts another; at most the ones already running finish.
    CHECK(ran.load() >= 10);
    CHECK(ran.load() <= 10 + int(kThreads) - 1);
  }
}

TEST_CASE("results are handed over in index order whatever the order they finish in",
          "[replication]") {
  for (unsigned threads : {1u, 2u, 7u}) {
    INFO(threads << " threads");
    std::vector<Outcome> taken;  // take is called by one thread at a time
    run_replications_in_order<Outcome>(60, threads, replicate, [&](size_t i, Outcome&& o) {
      REQUIRE(i == taken.size());
      taken.push_back(o);
    });
    CHECK(taken == run_replications<Outcome>(60, 1, replicate));
  }
}

TEST_CASE("results are handed over while later replications still run, not all at the end",
          "[replication]") {
  // The last replication is slow; the other thread finishes the rest meanwhile, and each of
  // those is handed over at once, so memory does not grow with the number of replications.
  std::atomic<bool> last_done{false};
  std::atomic<int> taken_before_last{0};
  run_replications_in_order<int>(
      20, 2,
      [&](size_t i) {
        if (i == 19) {
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
          last_done = true;
        }
        return int(i);
      },
      [&](size_t, int&&) {
        if (!last_done) taken_before_last.fetch_add(1);
      });
  CHECK(taken_before_last.load() == 19);
}

TEST_CASE("after a failure nothing later is handed over, and the failure is rethrown",
          "[replication]") {
  for (unsigned threads : {1u, 2u, 7u}) {
    INFO(threads << " threads");
    SECTION("a replication that throws") {
      std::vector<size_t> taken;
      CHECK_THROWS_MATCHES(run_replications_in_order<int>(
                               20, threads,
                               [](size_t i) -> int {
                                 if (i == 6) throw std::runtime_error("replication 6 failed");
                                 return int(i);
                               },
                               [&](size_t i, int&&) { taken.push_back(i); }),
                           std::runtime_error, Catch::Message("replication 6 failed"));
      CHECK(taken == std::vector<size_t>{0, 1, 2, 3, 4, 5});
    }
    SECTION("taking a result that throws") {
      std::vector<size_t> taken;
      CHECK_THROWS_MATCHES(run_replications_in_order<int>(
                               20, threads, [](size_t i) { return int(i); },
                               [&](size_t i, int&&) {
                                 if (i == 4) throw std::invalid_argument("cannot take 4");
                                 taken.push_back(i);
                               }),
                           std::invalid_argument, Catch::Message("cannot take 4"));
      CHECK(taken == std::vector<size_t>{0, 1, 2, 3});
    }
  }
}

TEST_CASE("boolean results from many threads are stored without a data race", "[replication]") {
  // Regression: results were collected in a std::vector<bool>, whose elements share words, so
  // two threads storing neighbouring results raced (seen with -fsanitize=thread).
  auto run = [](size_t i) {
    volatile double spin = 0;
    for (int k = 0; k < 2000; ++k) spin = spin + k;
    return i % 3 == 0;
  };
  const auto results = run_replications<bool>(4096, 8, run);
  int wrong = 0;
  for (size_t i = 0; i < results.size(); ++i) wrong += results[i] != (i % 3 == 0);
  CHECK(wrong == 0);
}

}  // namespace
}  // namespace flowsim::sim
