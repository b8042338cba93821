// Tests for sim/pool.h: waiting lines and the capacity pool's bookkeeping.
#include "sim/pool.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/random.h"
#include "sim/time.h"

namespace flowsim::sim {
namespace {

std::vector<uint32_t> drain(WaitLine& line) {
  std::vector<uint32_t> out;
  while (!line.empty()) out.push_back(line.pop().entity);
  return out;
}

// ---------------------------------------------------------------------------------------------
// WaitLine

TEST_CASE("a new waiting line is empty and first-in first-out by default", "[pool]") {
  WaitLine line;
  CHECK(line.empty());
  CHECK(line.size() == 0);
  CHECK(line.discipline() == QueueDiscipline::kFifo);
}

TEST_CASE("a fifo line serves in arrival order and ignores priority", "[pool]") {
  WaitLine line(QueueDiscipline::kFifo);
  line.push(1, 5, Duration::hours(1));
  line.push(2, 0, Duration::hours(2));
  line.push(3, 3, Duration::hours(3));
  line.push(4, -7, Duration::hours(4));
  CHECK(line.size() == 4);
  CHECK(drain(line) == std::vector<uint32_t>{1, 2, 3, 4});
}

TEST_CASE("a priority line serves the lowest priority number first, ties first come first served",
          "[pool]") {
  WaitLine line(QueueDiscipline::kPriority);
  CHECK(line.discipline() == QueueDiscipline::kPriority);
  line.push(1, 2, Duration::hours(1));
  line.push(2, 1, Duration::hours(2));
  line.push(3, 2, Duration::hours(3));
  line.push(4, 1, Duration::hours(4));
  line.push(5, 0, Duration::hours(5));
  line.push(6, -1, Duration::hours(6));
  line.push(7, 1, Duration::hours(7));
  CHECK(drain(line) == std::vector<uint32_t>{6, 5, 2, 4, 7, 1, 3});
}

TEST_CASE("waiters keep their entity, priority, and the time their wait began", "[pool]") {
  for (QueueDiscipline d : {QueueDiscipline::kFifo, QueueDiscipline::kPriority}) {
    WaitLine line(d);
    line.push(17, 3, Duration::minutes(90));
    const Waiter& front = line.front();
    CHECK(front.entity == 17);
    CHECK(front.priority == 3);
    CHECK(front.since == Duration::minutes(90));
    const Waiter w = line.pop();
    CHECK(w.entity == 17);
    CHECK(w.since == Duration::minutes(90));
    CHECK(line.empty());
  }
}

TEST_CASE("front shows the waiter pop will return", "[pool]") {
  WaitLine line(QueueDiscipline::kPriority);
  line.push(1, 5, Time());
  line.push(2, 1, Time());
  CHECK(line.front().entity == 2);
  CHECK(line.size() == 2);
  CHECK(line.pop().entity == 2);
  CHECK(line.front().entity == 1);
}

TEST_CASE("a priority band that empties keeps its place when it fills again", "[pool]") {
  // Bands stay when they empty (so that a line that keeps emptying allocates nothing): an empty
  // band must never be served, and bands made later, more or less urgent, fall in order.
  WaitLine line(QueueDiscipline::kPriority);
  line.push(1, 5, Time());
  CHECK(line.pop().entity == 1);
  CHECK(line.empty());
  line.push(2, 5, Time());
  line.push(3, 1, Time());
  line.push(4, 3, Time());
  const uint64_t ticket = line.push(5, 9, Time());
  line.remove(ticket);  // its band empties at once
  CHECK(line.size() == 3);
  CHECK(line.front().entity == 3);
  CHECK(drain(line) == std::vector<uint32_t>{3, 4, 2});
  line.push(6, 9, Time());
  line.push(7, 5, Time());
  CHECK(drain(line) == std::vector<uint32_t>{7, 6});
}

TEST_CASE("a priority line matches a stable sort by priority under interleaved arrivals",
          "[pool][property]") {
  // Reference: waiters in arrival order; the next served is the first with the lowest priority.
  RandomStream rng(StreamKey{3, 0, purpose_hash("wait line property"), 0});
  WaitLine line(QueueDiscipline::kPriority);
  std::vector<Waiter> reference;
  uint32_t next_entity = 0;
  for (int step = 0; step < 20'000; ++step) {
    if (rng.below(3) != 0 || reference.empty()) {
      const auto priority = int32_t(rng.below(5));
      line.push(next_entity, priority, Duration::ticks(step));
      reference.push_back(Waiter{next_entity, priority, Duration::ticks(step), 0});
      ++next_entity;
    } else {
      const auto best = std::min_element(
          reference.begin(), reference.end(),
          [](const Waiter& a, const Waiter& b) { return a.priority < b.priority; });
      const Waiter w = line.pop();
      REQUIRE(w.entity == best->entity);
      REQUIRE(w.since == best->since);
      reference.erase(best);
    }
    REQUIRE(line.size() == reference.size());
  }
}

// ---------------------------------------------------------------------------------------------
// CapacityPool

TEST_CASE("a default pool is unlimited and never full", "[pool]") {
  CapacityPool pool;
  CHECK(pool.capacity() == kUnlimited);
  CHECK(pool.queue_limit() == kUnlimited);
  for (int i = 0; i < 1000; ++i) pool.occupy();
  CHECK(pool.in_use() == 1000);
  CHECK(pool.has_free_place());
  CHECK_FALSE(pool.full());
}

TEST_CASE("occupy and release count places in use", "[pool]") {
  CapacityPool pool(3);
  CHECK(pool.in_use() == 0);
  pool.occupy();
  pool.occupy();
  CHECK(pool.in_use() == 2);
  CHECK(pool.has_free_place());
  pool.occupy();
  CHECK_FALSE(pool.has_free_place());
  pool.release();
  CHECK(pool.in_use() == 2);
  CHECK(pool.has_free_place());
}

TEST_CASE("a pool is full only when every place is taken and the queue is at its limit", "[pool]") {
  CapacityPool pool(2, QueueDiscipline::kFifo, 1);
  CHECK(pool.queue_limit() == 1);
  pool.occupy();
  CHECK_FALSE(pool.full());
  pool.occupy();
  CHECK_FALSE(pool.has_free_place());
  CHECK(pool.queue_has_room());
  CHECK_FALSE(pool.full());
  pool.queue().push(10, 0, Time());
  CHECK_FALSE(pool.queue_has_room());
  CHECK(pool.full());
  pool.release();
  CHECK_FALSE(pool.full());
}

TEST_CASE("a queue limit of zero means an arrival finding no free place is lost", "[pool]") {
  CapacityPool pool(1, QueueDiscipline::kFifo, 0);
  CHECK_FALSE(pool.queue_has_room());
  CHECK_FALSE(pool.full());
  pool.occupy();
  CHECK(pool.full());
}

TEST_CASE("capacity may fall below the places in use; places close as they free", "[pool]") {
  CapacityPool pool(3);
  pool.occupy();
  pool.occupy();
  pool.occupy();
  pool.set_capacity(1);
  CHECK(pool.capacity() == 1);
  CHECK(pool.in_use() == 3);  // nobody is moved out
  CHECK_FALSE(pool.has_free_place());
  pool.release();
  CHECK_FALSE(pool.has_free_place());
  pool.release();
  CHECK_FALSE(pool.has_free_place());
  pool.release();
  CHECK(pool.in_use() == 0);
  CHECK(pool.has_free_place());
  pool.set_capacity(0);
  CHECK_FALSE(pool.has_free_place());
}

TEST_CASE("the blocked line is not limited and does not count toward fullness", "[pool]") {
  CapacityPool pool(1, QueueDiscipline::kFifo, 0);
  pool.occupy();
  for (uint32_t e = 0; e < 100; ++e) pool.blocked().push(e, 0, Time());
  CHECK(pool.blocked().size() == 100);
  CHECK(pool.queue().empty());
  CHECK(pool.full());  // full because of the queue limit, whatever the blocked line holds
  CapacityPool open(1, QueueDiscipline::kFifo, 1);
  open.occupy();
  for (uint32_t e = 0; e < 100; ++e) open.blocked().push(e, 0, Time());
  CHECK(open.queue_has_room());
  CHECK_FALSE(open.full());
}

TEST_CASE("the queue and the blocked line share the pool's discipline", "[pool]") {
  CapacityPool pool(1, QueueDiscipline::kPriority);
  CHECK(pool.queue().discipline() == QueueDiscipline::kPriority);
  CHECK(pool.blocked().discipline() == QueueDiscipline::kPriority);
  pool.blocked().push(1, 5, Time());
  pool.blocked().push(2, 1, Time());
  CHECK(pool.blocked().front().entity == 2);
  const CapacityPool& view = pool;
  CHECK(view.blocked().size() == 2);
  CHECK(view.queue().empty());
}

TEST_CASE("an entity leaves a wait line from anywhere in it, and the line closes up", "[pool]") {
  for (const auto discipline : {QueueDiscipline::kFifo, QueueDiscipline::kPriority}) {
    INFO((discipline == QueueDiscipline::kFifo ? "fifo" : "priority"));
    WaitLine line(discipline);
    std::vector<uint64_t> ticket;
    for (uint32_t e = 0; e < 6; ++e) ticket.push_back(line.push(e, 0, Time()));
    line.remove(ticket[2]);  // from the middle
    line.remove(ticket[0]);  // from the front: the next still waiting heads the line
    CHECK(line.size() == 4);
    CHECK(line.front().entity == 1);
    CHECK(line.pop().entity == 1);
    line.remove(ticket[5]);  // from the back
    CHECK(line.size() == 2);
    CHECK(line.pop().entity == 3);
    CHECK(line.pop().entity == 4);
    CHECK(line.empty());
    // An entity may come back: its new entry is a new ticket, unaffected by the old one.
    const uint64_t again = line.push(2, 0, Time());
    CHECK(again != ticket[2]);
    CHECK(line.size() == 1);
    CHECK(line.pop().entity == 2);
    CHECK(line.empty());
  }
}

TEST_CASE("leaving a long wait line costs no more than leaving a short one", "[pool]") {
  // Lazy removal: removing every other entry of a 200,000-long line, then emptying it, keeps
  // the order of those still waiting (a quadratic removal would take minutes here).
  WaitLine line(QueueDiscipline::kPriority);
  std::vector<uint64_t> ticket;
  for (uint32_t e = 0; e < 200000; ++e) ticket.push_back(line.push(e, int32_t(e % 3), Time()));
  for (uint32_t e = 0; e < 200000; e += 2) line.remove(ticket[e]);
  CHECK(line.size() == 100000);
  int32_t last_priority = -1;
  uint32_t last_entity = 0;
  size_t popped = 0;
  while (!line.empty()) {
    const Waiter w = line.pop();
    CHECK(w.entity % 2 == 1);
    if (w.priority == last_priority) CHECK(w.entity > last_entity);
    CHECK(w.priority >= last_priority);
    last_priority = w.priority;
    last_entity = w.entity;
    ++popped;
  }
  CHECK(popped == 100000);
}

}  // namespace
}  // namespace flowsim::sim
