// Tests for sim/event_queue.h: the ordering law, cancellation, and a randomized comparison with a
// simple reference implementation.
#include "sim/event_queue.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <set>
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

Time at(int64_t ticks) {
  return Time() + Duration::ticks(ticks);
}

TEST_CASE("equal times in several classes keep the law wherever the events wait", "[event_queue]") {
  // The radix heap orders by time alone: events of one time, scheduled well ahead, share a bucket
  // and are put in class and insertion order only once that time comes.
  Queue q;
  q.push(h(10), 2, 20);
  q.push(h(10), 0, 1);
  q.push(h(3), 5, 99);
  q.push(h(10), 1, 10);
  q.push(h(10), 0, 2);
  q.push(h(10), 2, 21);
  CHECK(q.pop().payload == 99);
  q.push(h(10), 1, 11);  // after the others of its class, scheduled from an earlier instant
  CHECK(drain(q) == std::vector<int>{1, 2, 10, 11, 20, 21});
}

TEST_CASE("an event scheduled at the current instant in an earlier class runs next",
          "[event_queue]") {
  Queue q;
  q.push(h(1), 3, 30);
  q.push(h(1), 3, 31);
  q.push(h(1) + Duration::ticks(1), 0, 40);
  CHECK(q.pop().payload == 30);
  q.push(h(1), 0, 1);  // earlier class, same instant: before 31, which is still pending
  q.push(h(1), 3, 32);
  CHECK(q.pop().payload == 1);
  q.push(h(1), 2, 20);
  CHECK(drain(q) == std::vector<int>{20, 31, 32, 40});
}

TEST_CASE("events scheduled in the past run at once, in the order of the law", "[event_queue]") {
  Queue q;
  q.push(h(5), 0, 50);
  q.push(h(9), 0, 90);
  CHECK(q.pop().payload == 50);
  q.push(h(2), 1, 21);
  q.push(h(6), 0, 60);
  q.push(h(2), 0, 20);
  q.push(h(-4), 7, -4);
  q.push(h(5), 0, 51);  // the current instant, after the past
  CHECK(q.top().payload == -4);
  CHECK(drain(q) == std::vector<int>{-4, 20, 21, 51, 60, 90});
}

TEST_CASE("cancelling the front event, wherever it waits, exposes the next one", "[event_queue]") {
  Queue q;
  const EventId a = q.push(h(1), 0, 1);  // alone in its bucket
  const EventId b = q.push(h(2), 1, 2);
  q.push(h(2), 0, 3);
  q.push(h(4), 0, 4);
  q.cancel(a);
  CHECK(q.top().payload == 3);  // the two at 2h are now at the front, 3 first by class
  q.cancel(q.top().id());
  CHECK(q.top().payload == 2);
  q.cancel(b);
  CHECK(q.size() == 1);
  CHECK(q.pop().payload == 4);
  CHECK(q.empty());
  const EventId c = q.push(h(4), 0, 5);  // the current instant
  q.push(h(4), 1, 6);
  q.cancel(c);
  CHECK(drain(q) == std::vector<int>{6});
}

TEST_CASE("times at and near the ends of the range keep their order", "[event_queue]") {
  const std::vector<int64_t> ticks = {
      INT64_MIN, INT64_MIN + 1,    INT64_MIN + 16, -(int64_t(1) << 62), -1,        0, 1, 15,
      16,        int64_t(1) << 62, INT64_MAX - 16, INT64_MAX - 1,       INT64_MAX,
  };
  SECTION("scheduled up front, in reverse") {
    Queue q;
    for (size_t i = ticks.size(); i-- > 0;) q.push(at(ticks[i]), 0, int(i));
    for (size_t i = 0; i < ticks.size(); ++i) {
      const Queue::Event e = q.pop();
      REQUIRE(e.time.ticks() == ticks[i]);
      REQUIRE(e.payload == int(i));
    }
    CHECK(q.empty());
  }
  SECTION("each scheduled after the last has run, from the far end back") {
    Queue q;
    q.push(at(INT64_MAX), 0, 0);
    CHECK(q.pop().time.ticks() == INT64_MAX);
    for (size_t i = 0; i < ticks.size(); ++i) q.push(at(ticks[i]), 0, int(i));
    q.push(at(INT64_MAX), 1, 99);
    for (size_t i = 0; i < ticks.size(); ++i) REQUIRE(q.pop().payload == int(i));
    CHECK(q.pop().payload == 99);
    CHECK(q.empty());
  }
  SECTION("the least time, then everything after it") {
    Queue q;
    q.push(at(INT64_MIN), 3, -1);
    CHECK(q.pop().payload == -1);
    for (size_t i = ticks.size(); i-- > 0;) q.push(at(ticks[i]), 0, int(i));
    for (size_t i = 0; i < ticks.size(); ++i) REQUIRE(q.pop().payload == int(i));
  }
}

TEST_CASE("a cleared queue is reused from any time, earlier ones included", "[event_queue]") {
  Queue q;
  q.push(h(1000), 0, 1);
  q.push(h(2000), 0, 2);
  CHECK(q.pop().payload == 1);
  const EventId c = q.push(h(3000), 0, 3);
  q.cancel(c);
  q.clear();
  CHECK(q.empty());
  q.push(h(5), 0, 5);
  q.push(h(-5), 0, -5);
  q.push(h(5), 0, 6);
  q.push(h(0), 0, 0);
  q.push(h(1500), 0, 15);
  CHECK(drain(q) == std::vector<int>{-5, 0, 5, 6, 15});
  CHECK(q.popped() == 6);
}

TEST_CASE(
    "the queue pops exactly what a sorted reference does, over times from milliseconds "
    "to the ends of the range",
    "[event_queue][property]") {
  // Reference: a set ordered by the law itself, (time, class, handle); handles increase with
  // insertion. Times come from near the last event popped (ties in time and class, the current
  // instant in earlier classes, the recent past) and from far ahead (milliseconds to years, and
  // now and then the ends of the range), so that events cross every level of the buckets.
  using Key = std::tuple<int64_t, int, EventId>;
  std::set<Key> reference;
  std::unordered_map<EventId, Key> keys;  // pending events
  std::unordered_map<EventId, int> payloads;
  std::vector<EventId> handles;  // for choosing an event to cancel; some have run since

  Queue q;
  RandomStream rng(StreamKey{2026, 0, purpose_hash("event queue differential"), 0});
  auto after = [](int64_t t, int64_t d) {  // t + d, held within the range
    int64_t sum = 0;
    if (__builtin_add_overflow(t, d, &sum)) return d > 0 ? INT64_MAX : INT64_MIN;
    return sum;
  };
  // Times are drawn around `now`, the latest time popped, as a simulation's clock only goes
  // forward; an event popped at an end of the range leaves it where it was.
  constexpr int64_t kNear = int64_t(1) << 50;
  int64_t now = 0;
  int next_payload = 0;
  uint64_t pops = 0, held = 0;
  int cancels = 0, front_cancels = 0, clears = 0, past = 0, extremes = 0;
  for (int step = 0; step < 200'000; ++step) {
    // Ten phases; in odd ones events are cancelled, and each ends in a clear(), as cancelled
    // events left in the queue send pop() the slow way. The queue grows to about 2000 events.
    const bool cancelling = step / 20'000 % 2 == 1;
    if (step % 20'000 == 0 && step > 0) {
      q.clear();
      reference.clear();
      keys.clear();
      handles.clear();
      ++clears;
    }
    const uint64_t action = rng.below(100);
    if (action < (reference.size() < 2000 ? 60 : 40) || reference.empty()) {
      int64_t t = now;
      const uint64_t kind = rng.below(100);
      if (kind < 15) {
        t = after(now, int64_t(rng.below(4)));
      } else if (kind < 22) {
        t = now;
      } else if (kind < 27) {
        t = after(now, -int64_t(rng.below(uint64_t(1) << rng.below(30))) - 1);
        ++past;
      } else if (kind < 98) {
        t = after(now, int64_t(rng.below(uint64_t(1) << rng.below(37))));
      } else {
        const int64_t ends[] = {INT64_MIN, INT64_MIN + 1, INT64_MAX - 1, INT64_MAX};
        t = ends[rng.below(4)];
        ++extremes;
      }
      const int priority = rng.below(4) == 0 ? int(rng.below(256)) : int(rng.below(3));
      const int payload = next_payload++;
      const EventId id = q.push(at(t), priority, payload);
      reference.emplace(t, priority, id);
      keys[id] = Key{t, priority, id};
      payloads[id] = payload;
      handles.push_back(id);
    } else if (action < 88 || !cancelling) {
      const auto [t, priority, id] = *reference.begin();
      if (rng.below(4) == 0) REQUIRE(q.top().id() == id);
      const Queue::Event e = q.pop();
      REQUIRE(e.time.ticks() == t);
      REQUIRE(e.priority() == priority);
      REQUIRE(e.id() == id);
      REQUIRE(e.payload == payloads[id]);
      if (t > now && t < kNear) now = t;
      reference.erase(reference.begin());
      keys.erase(id);
      ++pops;
    } else {
      // One time in four the front event, otherwise one chosen at random.
      EventId id = std::get<2>(*reference.begin());
      const bool front = rng.below(4) == 0;
      while (!front && !handles.empty()) {
        const size_t k = size_t(rng.below(handles.size()));
        id = handles[k];
        handles[k] = handles.back();
        handles.pop_back();
        if (keys.count(id) != 0) break;
      }
      if (keys.count(id) != 0) {
        q.cancel(id);
        reference.erase(keys[id]);
        keys.erase(id);
        ++cancels;
        front_cancels += front;
        if (!reference.empty()) REQUIRE(q.top().id() == std::get<2>(*reference.begin()));
      }
    }
    REQUIRE(q.size() == reference.size());
    REQUIRE(q.empty() == reference.empty());
    held += reference.size();
  }
  for (const auto& [t, priority, id] : reference) {
    const Queue::Event e = q.pop();
    REQUIRE(e.time.ticks() == t);
    REQUIRE(e.priority() == priority);
    REQUIRE(e.id() == id);
    ++pops;
  }
  CHECK(q.empty());
  CHECK(q.popped() == pops);
  CHECK(held / 200'000 > 500);  // events in the queue, on average
  CHECK(pops > 50'000);
  CHECK(cancels > 10'000);
  CHECK(front_cancels > 2'000);
  CHECK(past > 1'000);
  CHECK(extremes > 100);
  CHECK(clears == 9);
}

}  // namespace
}  // namespace flowsim::sim
