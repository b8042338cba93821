// Tests for sim/event_queue.h: the ordering law, cancellation, and a randomized comparison with a
// simple reference implementation.
#include "sim/event_queue.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "sim/random.h"
#include "sim/time.h"

namespace flowsim::sim {
namespace {

using Queue = EventQueue<int>;

Time h(double hours) {
  return Duration::hours(hours);
}

std::vector<int> drain(Queue& q) {
  std::vector<int> out;
  while (!q.empty()) out.push_back(q.pop().payload);
  return out;
}

TEST_CASE("a new queue is empty", "[event_queue]") {
  Queue q;
  CHECK(q.empty());
  CHECK(q.size() == 0);
}

TEST_CASE("events run earliest first whatever the order they were scheduled in", "[event_queue]") {
  Queue q;
  q.push(h(5), 0, 5);
  q.push(h(1), 0, 1);
  q.push(h(3), 0, 3);
  q.push(h(2), 0, 2);
  q.push(h(4), 0, 4);
  CHECK(q.size() == 5);
  CHECK(drain(q) == std::vector<int>{1, 2, 3, 4, 5});
}

TEST_CASE("events at the same time run in priority class order, then insertion order",
          "[event_queue]") {
  Queue q;
  q.push(h(1), 2, 20);
  q.push(h(1), 0, 1);
  q.push(h(1), 1, 10);
  q.push(h(1), 2, 21);
  q.push(h(1), 0, 2);
  q.push(h(1), 1, 11);
  q.push(h(1), 0, 3);
  CHECK(drain(q) == std::vector<int>{1, 2, 3, 10, 11, 20, 21});
}

TEST_CASE("time comes before priority class: an urgent later event waits its turn",
          "[event_queue]") {
  Queue q;
  q.push(h(2), 0, 2);
  q.push(h(1), 255, 1);
  q.push(Time() + Duration::ticks(h(1).ticks() + 1), 0, 3);
  CHECK(drain(q) == std::vector<int>{1, 3, 2});
}

TEST_CASE("insertion order breaks ties among thousands of simultaneous events", "[event_queue]") {
  Queue q;
  for (int i = 0; i < 5000; ++i) q.push(h(7), 3, i);
  std::vector<int> expected(5000);
  for (int i = 0; i < 5000; ++i) expected[size_t(i)] = i;
  CHECK(drain(q) == expected);
}

TEST_CASE("negative times and the largest time are ordered too", "[event_queue]") {
  Queue q;
  q.push(Duration::max(), 0, 3);
  q.push(h(-2), 0, 1);
  q.push(Time(), 0, 2);
  CHECK(drain(q) == std::vector<int>{1, 2, 3});
}

TEST_CASE("priority classes must be 0 to 255", "[event_queue]") {
  Queue q;
  CHECK_NOTHROW(q.push(h(1), 0, 0));
  CHECK_NOTHROW(q.push(h(1), 255, 0));
  CHECK_THROWS_MATCHES(q.push(h(1), 256, 0), std::out_of_range,
                       Catch::Message("event priority class must be 0..255"));
  CHECK_THROWS_MATCHES(q.push(h(1), -1, 0), std::out_of_range,
                       Catch::Message("event priority class must be 0..255"));
  CHECK(q.size() == 2);
}

TEST_CASE("events carry their time, priority class, payload and handle", "[event_queue]") {
  Queue q;
  const EventId a = q.push(h(2), 7, 42);
  const EventId b = q.push(h(1), 255, 43);
  CHECK(a != b);
  const Queue::Event& top = q.top();
  CHECK(top.time == h(1));
  CHECK(top.priority() == 255);
  CHECK(top.id() == b);
  CHECK(top.payload == 43);
  const Queue::Event first = q.pop();
  CHECK(first.id() == b);
  const Queue::Event second = q.pop();
  CHECK(second.time == h(2));
  CHECK(second.priority() == 7);
  CHECK(second.id() == a);
  CHECK(second.payload == 42);
}

TEST_CASE("top shows the event pop will return, without removing it", "[event_queue]") {
  Queue q;
  q.push(h(3), 0, 3);
  q.push(h(1), 0, 1);
  CHECK(q.top().payload == 1);
  CHECK(q.top().payload == 1);
  CHECK(q.size() == 2);
  CHECK(q.pop().payload == 1);
  CHECK(q.top().payload == 3);
}

TEST_CASE("a cancelled event never runs", "[event_queue]") {
  Queue q;
  q.push(h(1), 0, 1);
  const EventId two = q.push(h(2), 0, 2);
  q.push(h(3), 0, 3);
  q.cancel(two);
  CHECK(q.size() == 2);
  CHECK(drain(q) == std::vector<int>{1, 3});
}

TEST_CASE("cancelling the earliest event exposes the next one", "[event_queue]") {
  Queue q;
  const EventId one = q.push(h(1), 0, 1);
  q.push(h(2), 0, 2);
  CHECK(q.top().payload == 1);
  q.cancel(one);
  CHECK(q.top().payload == 2);
  CHECK(q.size() == 1);
  CHECK(q.pop().payload == 2);
  CHECK(q.empty());
}

TEST_CASE("popped counts the events pop returned, not those cancelled or only looked at",
          "[event_queue]") {
  Queue q;
  CHECK(q.popped() == 0);
  q.push(h(1), 0, 1);
  const EventId two = q.push(h(2), 0, 2);
  q.push(h(3), 0, 3);
  q.cancel(two);
  q.top();
  CHECK(q.popped() == 0);
  drain(q);
  CHECK(q.popped() == 2);
}

TEST_CASE("events scheduled before the last one run, at the same instant, keep the law",
          "[event_queue]") {
  // A handler of an arrival (class 3) schedules departures (class 1) at the same instant: they
  // sort before the arrival just popped, and still run in class and insertion order, before
  // anything later.
  Queue q;
  q.push(h(1), 3, 30);
  q.push(h(2), 0, 99);
  CHECK(q.pop().payload == 30);
  q.push(h(1), 1, 11);
  q.push(h(1), 3, 31);
  q.push(h(1), 1, 12);
  q.push(h(1), 2, 20);
  CHECK(drain(q) == std::vector<int>{11, 12, 20, 31, 99});
}

TEST_CASE("size and empty count only events that are still pending", "[event_queue]") {
  Queue q;
  std::vector<EventId> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(q.push(h(i), 0, i));
  for (int i = 0; i < 10; i += 2) q.cancel(ids[size_t(i)]);
  CHECK(q.size() == 5);
  CHECK_FALSE(q.empty());
  for (int i = 1; i < 10; i += 2) q.cancel(ids[size_t(i)]);
  CHECK(q.size() == 0);
  CHECK(q.empty());
}

TEST_CASE("a queue whose events were all cancelled accepts and runs new events", "[event_queue]") {
  Queue q;
  const EventId a = q.push(h(1), 0, 1);
  const EventId b = q.push(h(2), 0, 2);
  q.cancel(a);
  q.cancel(b);
  CHECK(q.empty());
  q.push(h(3), 0, 3);
  CHECK(q.size() == 1);
  CHECK(q.pop().payload == 3);
  CHECK(q.empty());
}

TEST_CASE("clear forgets pending and cancelled events", "[event_queue]") {
  Queue q;
  const EventId a = q.push(h(1), 0, 1);
  q.push(h(2), 0, 2);
  q.cancel(a);
  q.clear();
  CHECK(q.empty());
  CHECK(q.size() == 0);
  q.push(h(5), 0, 5);
  CHECK(drain(q) == std::vector<int>{5});
}

TEST_CASE("handles stay unique after clear", "[event_queue]") {
  Queue q;
  const EventId a = q.push(h(1), 0, 1);
  q.clear();
  const EventId b = q.push(h(1), 0, 2);
  CHECK(a != b);
}

TEST_CASE("payloads that own memory are moved through the heap intact", "[event_queue]") {
  EventQueue<std::string> q;
  for (int i = 99; i >= 0; --i)
    q.push(h(i), 0, std::string(50, char('a' + i % 26)) + std::to_string(i));
  for (int i = 0; i < 100; ++i) {
    REQUIRE(q.pop().payload == std::string(50, char('a' + i % 26)) + std::to_string(i));
  }
  CHECK(q.empty());
}

TEST_CASE("the queue agrees with a multimap reference under random pushes, pops and cancels",
          "[event_queue][property]") {
  // Reference: a multimap keyed by (time, priority class). Equal keys keep insertion order in a
  // multimap, which is exactly the queue's third rule.
  using Key = std::pair<int64_t, int>;
  struct Entry {
    EventId id;
    int payload;
  };
  std::multimap<Key, Entry> reference;
  std::unordered_map<EventId, std::multimap<Key, Entry>::iterator> pending;
  std::vector<EventId> pending_ids;  // for choosing a random event to cancel

  Queue q;
  RandomStream rng(StreamKey{99, 0, purpose_hash("event queue property"), 0});
  int next_payload = 0;
  int64_t now = 0;
  int pops = 0, cancels = 0;
  for (int step = 0; step < 300'000; ++step) {
    const uint64_t action = rng.below(10);
    if (action < 5 || reference.empty()) {
      // Times from a narrow window around "now", so ties in time (and class) are common, and
      // some events are scheduled in the past.
      const int64_t t = now + int64_t(rng.below(40)) - 5;
      const int priority = int(rng.below(4)) * (rng.below(8) == 0 ? 60 : 1);
      const int payload = next_payload++;
      const EventId id = q.push(Time() + Duration::ticks(t), priority, payload);
      pending[id] = reference.emplace(Key{t, priority}, Entry{id, payload});
      pending_ids.push_back(id);
    } else if (action < 8) {
      const auto first = reference.begin();
      REQUIRE(q.top().payload == first->second.payload);
      const Queue::Event e = q.pop();
      REQUIRE(e.time.ticks() == first->first.first);
      REQUIRE(e.priority() == first->first.second);
      REQUIRE(e.id() == first->second.id);
      REQUIRE(e.payload == first->second.payload);
      now = e.time.ticks();
      pending.erase(first->second.id);
      reference.erase(first);
      ++pops;
    } else {
      // Cancel a random event that is still pending (handles of events that ran are dropped).
      while (!pending_ids.empty()) {
        const size_t k = size_t(rng.below(pending_ids.size()));
        const EventId id = pending_ids[k];
        pending_ids[k] = pending_ids.back();
        pending_ids.pop_back();
        auto it = pending.find(id);
        if (it == pending.end()) continue;
        q.cancel(id);
        reference.erase(it->second);
        pending.erase(it);
        ++cancels;
        break;
      }
    }
    REQUIRE(q.size() == reference.size());
    REQUIRE(q.empty() == reference.empty());
  }
  // Whatever is left comes out in the reference's order.
  for (const auto& [key, entry] : reference) {
    const Queue::Event e = q.pop();
    REQUIRE(e.time.ticks() == key.first);
    REQUIRE(e.id() == entry.id);
  }
  CHECK(q.empty());
  CHECK(pops > 50'000);
  CHECK(cancels > 50'000);
}

}  // namespace
}  // namespace flowsim::sim
