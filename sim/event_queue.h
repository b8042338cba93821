// The pending-event set.
//
// Ordering law (total, documented, never random): events run in order of
//   1. time, earliest first;
//   2. priority class, lowest number first (the model names its classes, e.g. departures
//      before arrivals at the same instant);
//   3. insertion order, first scheduled first.
// Two events therefore never compare equal, and a run is reproducible to the byte.
//
// Implementation: a radix heap. The law is one 128-bit key per event (time, then class and
// insertion number), and a simulation mostly schedules events at or after the last one it ran,
// which is what a radix heap needs. Bucket b holds the events whose key first differs from the
// key of the last event popped at bit b - 1 (bucket 0: that key itself). push is O(1): one xor and
// a count of leading zeros. pop takes bucket 0's event; when it is empty, the lowest non-empty
// bucket is scanned for its least event, which becomes the new reference, and the rest of that
// bucket move to lower buckets. An event only ever moves down, so it is moved at most once per
// bit of its key (a handful of times in practice): pop is O(log of the key span) amortised, with
// sequential scans and no pointer chasing. Events scheduled before the last one popped (a
// departure at this instant scheduled by an arrival, whose class runs earlier) are each the
// least of all, and wait in a small binary heap that pop serves first.
//
// There is no allocation per event once the buckets have grown. Cancellation is lazy: a
// cancelled event stays in the queue and is skipped when it reaches the front, so cancel is O(1)
// expected.
#pragma once

#include <algorithm>
#include <bit>
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

  bool empty() const { return count_ == cancelled_.size(); }
  size_t size() const { return count_ - cancelled_.size(); }
  // Events pop() has returned so far (for measuring speed in events per second).
  uint64_t popped() const { return popped_; }
  void clear() {
    for (auto& bucket : buckets_) bucket.clear();
    early_.clear();
    cancelled_.clear();
    occupied_[0] = occupied_[1] = occupied_[2] = 0;
    last_ = 0;
    count_ = 0;
  }

  // Schedules payload at time t in priority class `priority` (0 = first); returns a handle
  // that cancel() accepts.
  EventId push(Time t, int priority, const Payload& payload) {
    if (priority < 0 || uint64_t(priority) > kMaxPriority) {
      throw std::out_of_range("event priority class must be 0..255");
    }
    const EventId id = next_id_++;
    Event e{t, (uint64_t(priority) << (64 - kPriorityBits)) | id, payload};
    ++count_;
    if (key(e) < last_) {
      early_.push_back(std::move(e));
      std::push_heap(early_.begin(), early_.end(), Later());
    } else {
      place(std::move(e));
    }
    return id;
  }

  // Marks a pending event as cancelled. Cancelling an event that has already run, or twice, is
  // a programming error the queue cannot detect cheaply; callers keep their handles honest.
  void cancel(EventId id) { cancelled_.insert(id); }

  // The earliest pending event. Requires !empty().
  const Event& top() {
    skip_cancelled();
    return least();
  }

  // Removes and returns the earliest pending event. Requires !empty().
  Event pop() {
    skip_cancelled();
    ++popped_;
    return take_least();
  }

 private:
  __extension__ typedef unsigned __int128 Key;
  static constexpr int kBuckets = 129;  // bucket b: the key first differs from last_ at bit b - 1

  // Time's sign bit flipped, so that the key's unsigned order is time's signed order.
  static Key key(const Event& e) {
    return Key(uint64_t(e.time.ticks()) ^ (uint64_t(1) << 63)) << 64 | e.order;
  }
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return key(a) > key(b); }
  };
  static int bucket_of(Key difference) {
    const uint64_t high = uint64_t(difference >> 64);
    if (high != 0) return 128 - std::countl_zero(high);
    const uint64_t low = uint64_t(difference);
    return low != 0 ? 64 - std::countl_zero(low) : 0;
  }

  void place(Event&& e) {
    const int b = bucket_of(key(e) ^ last_);
    buckets_[b].push_back(std::move(e));
    occupied_[b >> 6] |= uint64_t(1) << (b & 63);
  }

  // Brings the least event to the front: the top of early_, or alone in bucket 0 (keys are
  // unique). Requires count_ > 0.
  void settle() {
    if (!early_.empty() || !buckets_[0].empty()) return;
    int b = 0;
    for (int word = 0; word < 3; ++word) {
      if (occupied_[word] != 0) {
        b = 64 * word + std::countr_zero(occupied_[word]);
        break;
      }
    }
    std::vector<Event>& from = buckets_[b];
    occupied_[b >> 6] &= ~(uint64_t(1) << (b & 63));
    if (from.size() == 1) {  // half the time in a model: no need to look further
      last_ = key(from.front());
      buckets_[0].push_back(std::move(from.front()));
      occupied_[0] |= 1;
      from.clear();
      return;
    }
    Key least = key(from.front());
    for (size_t i = 1; i < from.size(); ++i) least = std::min(least, key(from[i]));
    // Every other event of bucket b agrees with the new reference above bit b - 1, so each
    // moves to a lower bucket, and the least to bucket 0.
    last_ = least;
    for (Event& e : from) place(std::move(e));
    from.clear();
  }

  const Event& least() {
    settle();
    return early_.empty() ? buckets_[0].front() : early_.front();
  }

  Event take_least() {
    settle();
    --count_;
    if (!early_.empty()) {
      std::pop_heap(early_.begin(), early_.end(), Later());
      Event e = std::move(early_.back());
      early_.pop_back();
      return e;
    }
    Event e = std::move(buckets_[0].back());
    buckets_[0].pop_back();
    occupied_[0] &= ~uint64_t(1);
    return e;
  }

  void skip_cancelled() {
    while (!cancelled_.empty()) {
      auto it = cancelled_.find(least().id());
      if (it == cancelled_.end()) return;
      cancelled_.erase(it);
      take_least();
    }
  }

  std::vector<Event> buckets_[kBuckets];
  uint64_t occupied_[3] = {0, 0, 0};  // bit b set: bucket b is not empty
  std::vector<Event> early_;          // keys below last_: a binary heap, least on top
  Key last_ = 0;                      // the key of the last event popped from the buckets
  size_t count_ = 0;                  // events held, cancelled ones included
  std::unordered_set<EventId> cancelled_;
  EventId next_id_ = 0;
  uint64_t popped_ = 0;
};

}  // namespace flowsim::sim
