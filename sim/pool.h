// A capacity pool: a number of identical places (beds, cubicles, packages) with a waiting line
// in front of it.
//
// Two kinds of waiter are kept apart:
//  - the queue: entities that have given up whatever they held and wait for a place here. Its
//    length may be limited; an entity arriving from outside that finds no free place and the
//    queue at its limit is lost.
//  - the blocked: entities that still hold a place somewhere else and wait to move in (a
//    patient fit to leave a ward who waits for a care-home bed). They are not limited: they
//    are already inside the system.
// When a place frees, the queue is served first (it is ahead in line), then the blocked; when a
// queue slot frees, the first blocked entity may move into the queue and release what it held.
// The pool only keeps the books; the model decides who moves and when.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <unordered_set>
#include <vector>

#include "sim/time.h"

namespace flowsim::sim {

inline constexpr int64_t kUnlimited = std::numeric_limits<int64_t>::max();

enum class QueueDiscipline { kFifo, kPriority };

struct Waiter {
  uint32_t entity = 0;
  int32_t priority = 0;  // lower is more urgent; ignored by fifo
  Time since;            // when the wait began
  uint64_t seq = 0;      // tie-break: first come, first served
};

// A waiting line: first-in first-out, or by priority then first-in first-out.
//
// An entity may leave from anywhere in the line (a patient who gives up waiting). Leaving is
// lazy: the entry is marked and skipped when it reaches the front, so it costs O(1) expected
// however long the line, while size() counts only those still waiting.
class WaitLine {
 public:
  explicit WaitLine(QueueDiscipline d = QueueDiscipline::kFifo) : discipline_(d) {}
  // Returns the entry's ticket, which remove() takes.
  uint64_t push(uint32_t entity, int32_t priority, Time since) {
    Waiter w{entity, priority, since, next_seq_++};
    if (discipline_ == QueueDiscipline::kFifo) {
      fifo_.push_back(w);
    } else {
      heap_.push_back(w);
      std::push_heap(heap_.begin(), heap_.end(), Later());
    }
    ++live_;
    return w.seq;
  }
  bool empty() const { return live_ == 0; }
  size_t size() const { return live_; }
  // The first still waiting (the line is never headed by one who left).
  const Waiter& front() const {
    return discipline_ == QueueDiscipline::kFifo ? fifo_.front() : heap_.front();
  }
  Waiter pop() {
    Waiter w = front();
    drop_front();
    --live_;
    skip_removed();
    return w;
  }
  // Takes the entry with this ticket out of the line. The ticket must be of an entry still
  // waiting: removing one twice, or one already popped, would miscount.
  void remove(uint64_t ticket) {
    removed_.insert(ticket);
    --live_;
    skip_removed();
  }
  QueueDiscipline discipline() const { return discipline_; }

 private:
  struct Later {
    bool operator()(const Waiter& a, const Waiter& b) const {
      return a.priority != b.priority ? a.priority > b.priority : a.seq > b.seq;
    }
  };
  void drop_front() {
    if (discipline_ == QueueDiscipline::kFifo) {
      fifo_.pop_front();
    } else {
      std::pop_heap(heap_.begin(), heap_.end(), Later());
      heap_.pop_back();
    }
  }
  void skip_removed() {
    while (!removed_.empty() && (fifo_.size() + heap_.size()) > 0) {
      const auto it = removed_.find(front().seq);
      if (it == removed_.end()) return;
      removed_.erase(it);
      drop_front();
    }
  }
  QueueDiscipline discipline_;
  std::deque<Waiter> fifo_;
  std::vector<Waiter> heap_;              // a binary heap under Later: the most urgent at the front
  std::unordered_set<uint64_t> removed_;  // tickets of entries that left but still stand in line
  size_t live_ = 0;
  uint64_t next_seq_ = 0;
};

class CapacityPool {
 public:
  CapacityPool(int64_t capacity = kUnlimited, QueueDiscipline d = QueueDiscipline::kFifo,
               int64_t queue_limit = kUnlimited)
      : capacity_(capacity), queue_limit_(queue_limit), queue_(d), blocked_(d) {}

  int64_t capacity() const { return capacity_; }
  // Capacity may fall below the places in use: nobody is moved out, places close as they free.
  void set_capacity(int64_t c) { capacity_ = c; }
  int64_t in_use() const { return in_use_; }
  int64_t queue_limit() const { return queue_limit_; }

  bool has_free_place() const { return in_use_ < capacity_; }
  bool queue_has_room() const { return int64_t(queue_.size()) < queue_limit_; }
  // Every place taken and the queue at its limit.
  bool full() const { return !has_free_place() && !queue_has_room(); }

  void occupy() { ++in_use_; }
  void release() { --in_use_; }

  WaitLine& queue() { return queue_; }
  const WaitLine& queue() const { return queue_; }
  WaitLine& blocked() { return blocked_; }
  const WaitLine& blocked() const { return blocked_; }

 private:
  int64_t capacity_;
  int64_t queue_limit_;
  int64_t in_use_ = 0;
  WaitLine queue_;
  WaitLine blocked_;
};

}  // namespace flowsim::sim
