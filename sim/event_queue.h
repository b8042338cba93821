// The pending-event set.
//
// Ordering law (total, documented, never random): events run in order of
//   1. time, earliest first;
//   2. priority class, lowest number first (the model names its classes, e.g. departures
//      before arrivals at the same instant);
//   3. insertion order, first scheduled first.
// Two events therefore never compare equal, and a run is reproducible to the byte.
//
// Implementation: an implicit 4-ary min-heap in one contiguous vector. push and pop are
// O(log n) with about half the levels of a binary heap and cache-friendly child scans; there is
// no allocation per event once the vector has grown. Cancellation is lazy: a cancelled event
// stays in the heap and is skipped when it reaches the top, so cancel is O(1) expected.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sim/time.h"

namespace flowsim::sim {

using EventId = uint64_t;

template <typename Payload>
class EventQueue {
 public:
  static constexpr int kPriorityBits = 8;
  static constexpr uint64_t kMaxPriority = (1u << kPriorityBits) - 1;

  struct Event {
    Time time;
    uint64_t order;  // priority class in the top 8 bits, insertion number below
    Payload payload;
    EventId id() const { return order & ((uint64_t(1) << (64 - kPriorityBits)) - 1); }
    int priority() const { return int(order >> (64 - kPriorityBits)); }
  };

  bool empty() const { return heap_.size() == cancelled_.size(); }
  size_t size() const { return heap_.size() - cancelled_.size(); }
  void reserve(size_t n) { heap_.reserve(n); }
  void clear() {
    heap_.clear();
    cancelled_.clear();
  }

  // Schedules payload at time t in priority class `priority` (0 = first); returns a handle
  // that cancel() accepts.
  EventId push(Time t, int priority, const Payload& payload) {
    if (priority < 0 || uint64_t(priority) > kMaxPriority) {
      throw std::out_of_range("event priority class must be 0..255");
    }
    const EventId id = next_id_++;
    heap_.push_back(Event{t, (uint64_t(priority) << (64 - kPriorityBits)) | id, payload});
    sift_up(heap_.size() - 1);
    return id;
  }

  // Marks a pending event as cancelled. Cancelling an event that has already run, or twice, is
  // a programming error the queue cannot detect cheaply; callers keep their handles honest.
  void cancel(EventId id) { cancelled_.insert(id); }

  // The earliest pending event. Requires !empty().
  const Event& top() {
    skip_cancelled();
    return heap_.front();
  }

  // Removes and returns the earliest pending event. Requires !empty().
  Event pop() {
    skip_cancelled();
    Event e = std::move(heap_.front());
    remove_top();
    return e;
  }

 private:
  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.order < b.order);
  }

  void skip_cancelled() {
    while (!cancelled_.empty()) {
      auto it = cancelled_.find(heap_.front().id());
      if (it == cancelled_.end()) return;
      cancelled_.erase(it);
      remove_top();
    }
  }

  void remove_top() {
    Event last = std::move(heap_.back());
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, std::move(last));
  }

  void sift_up(size_t i) {
    Event e = std::move(heap_[i]);
    while (i > 0) {
      const size_t parent = (i - 1) / 4;
      if (!before(e, heap_[parent])) break;
      heap_[i] = std::move(heap_[parent]);
      i = parent;
    }
    heap_[i] = std::move(e);
  }

  void sift_down(size_t i, Event e) {
    const size_t n = heap_.size();
    for (;;) {
      const size_t first = 4 * i + 1;
      if (first >= n) break;
      size_t best = first;
      const size_t end = first + 4 < n ? first + 4 : n;
      for (size_t c = first + 1; c < end; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      if (!before(heap_[best], e)) break;
      heap_[i] = std::move(heap_[best]);
      i = best;
    }
    heap_[i] = std::move(e);
  }

  std::vector<Event> heap_;
  std::unordered_set<EventId> cancelled_;
  EventId next_id_ = 0;
};

}  // namespace flowsim::sim
