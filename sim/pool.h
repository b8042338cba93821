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
#include <limits>
#include <stdexcept>
#include <utility>
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
// Inside, a line is a band per priority number, each first-in first-out (a fifo line has one
// band): waiters of equal priority leave in the order they came, so a band only ever grows at
// the back and shrinks at the front, and push and pop are O(1) while there are few priorities
// (triage levels). The bands are kept in priority order in one small array, and a band that
// empties stays there with its memory, so that a line that keeps emptying and filling (A&E's,
// all day) allocates nothing: dropping empty bands from a std::map cost a node and an array
// every time a band refilled, 4% of a year of the acute-trust baseline.
//
// An entity may leave from anywhere in the line (a patient who gives up waiting). Leaving marks
// the entry, found by a binary search of its band, and a marked entry is skipped when it
// reaches the front, so it costs O(log n) however long the line, while size() counts only those
// still waiting.
class WaitLine {
 public:
  explicit WaitLine(QueueDiscipline d = QueueDiscipline::kFifo) : discipline_(d) {}
  // Returns the entry's ticket, which remove() takes.
  uint64_t push(uint32_t entity, int32_t priority, Time since) {
    Band& band = discipline_ == QueueDiscipline::kFifo ? fifo_ : band_of(priority);
    band.entries.push_back(Entry{Waiter{entity, priority, since, next_seq_++}, false});
    ++band.live;
    ++live_;
    return band.entries.back().waiter.seq;
  }
  bool empty() const { return live_ == 0; }
  size_t size() const { return live_; }
  // The first still waiting (a band is never headed by one who left). Requires !empty().
  const Waiter& front() const { return first_band().front(); }
  Waiter pop() {
    Band& band = first_band();
    const Waiter w = band.front();
    band.drop_front();
    --live_;
    return w;
  }
  // Takes the entry with this ticket out of the line. The ticket must be of an entry still
  // waiting: removing one twice, or one already popped, is a programming error.
  void remove(uint64_t ticket) {
    if (discipline_ == QueueDiscipline::kFifo) {
      leave(fifo_, ticket);
      return;
    }
    for (auto& [priority, band] : bands_)
      if (band.index_of(ticket) < band.entries.size()) return leave(band, ticket);
    throw std::logic_error("a wait line has no such ticket waiting");
  }
  QueueDiscipline discipline() const { return discipline_; }

 private:
  struct Entry {
    Waiter waiter;
    bool left;
  };
  // Waiters of one priority in the order they came: entries before `head` have gone.
  struct Band {
    std::vector<Entry> entries;
    size_t head = 0;
    size_t live = 0;
    const Waiter& front() const { return entries[head].waiter; }
    void drop_front() {
      ++head;
      --live;
      skip_left();
    }
    void skip_left() {
      while (head < entries.size() && entries[head].left) ++head;
      // Close up once the gone are half the band: each entry is moved at most once more.
      if (head == entries.size()) {
        entries.clear();
        head = 0;
      } else if (head > 32 && 2 * head > entries.size()) {
        entries.erase(entries.begin(), entries.begin() + ptrdiff_t(head));
        head = 0;
      }
    }
    // Where the entry with ticket `seq` is, if it is still waiting; entries.size() if not.
    size_t index_of(uint64_t seq) const {
      const auto it = std::lower_bound(entries.begin() + ptrdiff_t(head), entries.end(), seq,
                                       [](const Entry& e, uint64_t s) { return e.waiter.seq < s; });
      if (it == entries.end() || it->waiter.seq != seq || it->left) return entries.size();
      return size_t(it - entries.begin());
    }
    void mark(size_t i) {
      entries[i].left = true;
      --live;
      skip_left();
    }
  };
  // The most urgent band with someone in it. Requires !empty().
  const Band& first_band() const {
    if (discipline_ == QueueDiscipline::kFifo) return fifo_;
    for (const auto& [priority, band] : bands_)
      if (band.live > 0) return band;
    throw std::logic_error("an empty wait line has no first waiter");
  }
  Band& first_band() { return const_cast<Band&>(std::as_const(*this).first_band()); }
  // The band of a priority, made (in order) the first time the priority comes.
  Band& band_of(int32_t priority) {
    auto it = std::lower_bound(bands_.begin(), bands_.end(), priority,
                               [](const auto& b, int32_t p) { return b.first < p; });
    if (it == bands_.end() || it->first != priority) it = bands_.insert(it, {priority, Band{}});
    return it->second;
  }
  void leave(Band& band, uint64_t ticket) {
    const size_t i = band.index_of(ticket);
    if (i == band.entries.size()) throw std::logic_error("a wait line has no such ticket waiting");
    band.mark(i);
    --live_;
  }

  QueueDiscipline discipline_;
  Band fifo_;
  // A priority line's bands, most urgent first, empty ones included (a handful: triage levels
  // times cohort priorities).
  std::vector<std::pair<int32_t, Band>> bands_;
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
