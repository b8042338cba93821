// The pending-event set.
//
// Ordering law (total, documented, never random): events run in order of
//   1. time, earliest first;
//   2. priority class, lowest number first (the model names its classes, e.g. departures
//      before arrivals at the same instant);
//   3. insertion order, first scheduled first.
// Two events therefore never compare equal, and a run is reproducible to the byte.
//
// Implementation: a radix heap on the time alone, in base-16 digits, beside a small binary heap
// for the present. L is the last time taken from the buckets (time zero at first). An event at L
// or earlier goes into the binary heap `now_`, ordered by the whole law; it holds the events of
// the current instant (with their classes and insertion numbers, the only place where they
// matter) and the rare event scheduled in the past. A later event goes into bucket
// level * 16 + digit, where level is the position of the highest base-16 digit in which its time
// differs from L and digit is its value there. Buckets are then in time order, and everything in
// them is later than everything in `now_`. push is O(1): an xor, a count of leading zeros, a
// shift and an append.
//
// pop serves `now_` first. When it is empty the lowest non-empty bucket (a 256-bit occupancy map)
// holds the earliest events; alone there (two times in three in a model) the event is simply
// taken. Otherwise the bucket is scanned for its least time, which becomes L: events at that time
// go into `now_`, and the rest, which now first differ from L in a lower digit, move down. An
// event only ever moves down a level, so at most 15 times; in the shipped acute-trust scenario
// (times from milliseconds to days apart) about twice after its push, where the 129 bit-wide
// buckets of the 128-bit (time, class, insertion) key this replaced moved it four times, for the
// sake of ties that are rare. Wider digits move events less still but spread them over more
// buckets, and measured slower, in the model and in the hold benchmark.
//
// There is no allocation per event once the buckets have grown. Cancellation is lazy: a
// cancelled event stays in the queue and is skipped when it reaches the front, so cancel is O(1)
// expected.
#pragma once

#include <algorithm>
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
    now_.clear();
    cancelled_.clear();
    for (uint64_t& word : occupied_) word = 0;
    last_ = kStart;
    count_ = 0;
  }

  // Schedules payload at time t in priority class `priority` (0 = first); returns a handle
  // that cancel() accepts.
  EventId push(Time t, int priority, const Payload& payload) {
    if (priority < 0 || uint64_t(priority) > kMaxPriority) {
      throw std::out_of_range("event priority class must be 0..255");
    }
    const EventId id = next_id_++;
    const uint64_t k = key(t);
    ++count_;
    Event e{t, (uint64_t(priority) << (64 - kPriorityBits)) | id, payload};
    if (k <= last_) {
      now_.push_back(std::move(e));
      std::push_heap(now_.begin(), now_.end(), Later());
    } else {
      place(std::move(e), k, last_);
    }
    return id;
  }

  // Marks a pending event as cancelled. Cancelling an event that has already run, or twice, is
  // a programming error the queue cannot detect cheaply; callers keep their handles honest.
  void cancel(EventId id) { cancelled_.insert(id); }

  // The earliest pending event. Requires !empty(). Like pop(), it leaves an event alone in the
  // lowest bucket where it is: a model that looks at the next event before taking it (to
  // prefetch its patient) would otherwise spill every such bucket into now_ and pay for a heap
  // push and pop besides.
  const Event& top() {
    skip_cancelled();
    if (!now_.empty()) return now_.front();
    const int b = lowest();
    if (buckets_[b].size() == 1) return buckets_[b].front();
    spill(b);
    return now_.front();
  }

  // Removes and returns the earliest pending event. Requires !empty().
  Event pop() {
    skip_cancelled();
    ++popped_;
    --count_;
    if (now_.empty()) {
      const int b = lowest();
      std::vector<Event>& from = buckets_[b];
      if (from.size() == 1) {  // the least of all, and nothing shares its time: take it here
        unmark(b);
        last_ = key(from.front().time);
        Event e = std::move(from.back());
        from.pop_back();
        return e;
      }
      spill(b);
    }
    return take_now();
  }

 private:
  static constexpr int kDigitBits = 4;
  static constexpr int kDigits = 1 << kDigitBits;
  static constexpr int kLevels = 64 / kDigitBits;
  static constexpr int kBuckets = kLevels * kDigits;
  static constexpr int kWords = kBuckets / 64;

  // Time's sign bit flipped, so that the key's unsigned order is time's signed order.
  static uint64_t key(Time t) { return uint64_t(t.ticks()) ^ (uint64_t(1) << 63); }
  // L before anything is popped: time zero, where simulations start, so that their events
  // spread over the buckets from the first (events at zero or before go to now_).
  static constexpr uint64_t kStart = uint64_t(1) << 63;

  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time != b.time ? a.time > b.time : a.order > b.order;
    }
  };

  // Puts e, with key k > last, into its bucket relative to L = last. (L is passed in, not read
  // from last_, so that the compiler need not reload it after every append.)
  void place(Event&& e, uint64_t k, uint64_t last) {
    const int level = (63 - __builtin_clzll(k ^ last)) / kDigitBits;  // k != last
    const int b = level * kDigits + int((k >> (level * kDigitBits)) & (kDigits - 1));
    buckets_[b].push_back(std::move(e));
    occupied_[b >> 6] |= uint64_t(1) << (b & 63);
  }
  // The lowest non-empty bucket. Requires one. (A loop over the four words was cheaper in the
  // model than keeping a summary word up to date on every append.)
  int lowest() const {
    int w = 0;
    while (occupied_[w] == 0) ++w;
    return 64 * w + __builtin_ctzll(occupied_[w]);
  }
  void unmark(int b) { occupied_[b >> 6] &= ~(uint64_t(1) << (b & 63)); }

  // Empties bucket b, the lowest: its least time becomes L, the events at that time go into
  // now_, the others to lower buckets (they agree with the new L down to below b's level).
  void spill(int b) {
    std::vector<Event>& from = buckets_[b];
    unmark(b);
    uint64_t least = key(from.front().time);
    for (const Event& e : from) least = std::min(least, key(e.time));
    last_ = least;
    for (Event& e : from) {
      const uint64_t k = key(e.time);
      if (k == least) {
        now_.push_back(std::move(e));
      } else {
        place(std::move(e), k, least);
      }
    }
    from.clear();
    std::make_heap(now_.begin(), now_.end(), Later());
  }

  // Brings the least event to the top of now_. Requires count_ > 0.
  void settle() {
    if (now_.empty()) spill(lowest());
  }

  Event take_now() {
    std::pop_heap(now_.begin(), now_.end(), Later());
    Event e = std::move(now_.back());
    now_.pop_back();
    return e;
  }

  void skip_cancelled() {
    while (!cancelled_.empty()) {
      settle();
      auto it = cancelled_.find(now_.front().id());
      if (it == cancelled_.end()) return;
      cancelled_.erase(it);
      --count_;
      take_now();
    }
  }

  std::vector<Event> buckets_[kBuckets];
  uint64_t occupied_[kWords] = {};  // bit b set: bucket b is not empty
  std::vector<Event> now_;          // keys at or below last_: a binary heap, least on top
  uint64_t last_ = kStart;          // L, as a key: the last time taken from the buckets
  size_t count_ = 0;                // events held, cancelled ones included
  std::unordered_set<EventId> cancelled_;
  EventId next_id_ = 0;
  uint64_t popped_ = 0;
};

}  // namespace flowsim::sim
