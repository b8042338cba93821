// A patient's record, the states a patient can be in, and the storage that keeps the records of
// a replication on cache-line boundaries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <utility>

#include "sim/random.h"
#include "sim/time.h"

namespace flowsim::models {

enum class PatientState : uint8_t {
  kFree,
  kQueued,
  kInService,
  kInDelay,  // route delay, waiting for an assessor, or for the discharge window
  kAssessing,
  kBlocked,
  kListed,  // on the elective waiting list
};

// Two cache lines exactly, aligned to them: every event reads its patient's record, in no order
// memory can follow, and a record of 144 bytes spanned three lines wherever it fell. (The
// patient's queue priority is not kept: queue_priority() works it out from the acuity and
// cohort, which do not change.)
struct alignas(64) Patient {
  sim::RandomStream rng;      // the patient's own stream: cohort, acuity, stays, routes, delays
  sim::Time arrived;          // into the system
  sim::Time since;            // joined a queue / began waiting for the next unit
  sim::Time service_start;    // took the current place
  sim::Time ready;            // finished the current unit's service (medically fit, decision made)
  sim::Time ed_arrived;       // arrival at the emergency department
  sim::Time spell_start;      // admission to the acute wards
  sim::Time listed;           // referral onto the elective waiting list
  uint64_t queue_ticket = 0;  // the patient's entry in the queue they are in
  int32_t unit = -1;          // unit whose place the patient holds
  int32_t waiting_for = -1;   // unit whose queue or blocked line the patient is in
  int32_t route = -1;         // chosen route out of `unit`, drawn on arrival there
  int32_t dest = -1;          // where the patient is going: the route's unit, or its `instead`
  int32_t came_from = -1;     // the unit last left (for a patient in the next unit's queue)
  uint32_t token = 0;         // pending events carry it; changing it makes them stale
  uint16_t cohort = 0;
  uint8_t acuity = 0;
  uint8_t elective_priority = 0;
  int8_t step_down_rule = -1;
  PatientState state = PatientState::kFree;
  bool ambulance : 1 = false;
  bool handed_over : 1 = true;  // ambulance patients: a cubicle has been found
  bool boarding : 1 = false;    // in A&E after a decision to admit
  bool nctr : 1 = false;        // in an acute bed with no criteria to reside
  bool assessed : 1 = false;
  bool day_case : 1 = false;
};
static_assert(sizeof(Patient) == 128, "a patient's record is two cache lines");
const Patient kBlankPatient{};

// Storage for the patient records on cache-line boundaries, reused from one replication to the
// next on the same thread: a replication's records go back to a spare block kept per thread (the
// largest it has freed), which the next replication takes, already in memory. glibc's aligned
// operator new fragmented the heap instead, so that peak memory grew with the replications run;
// a fresh block for every replication was 9% slower (bench/README.md, change 17).
template <typename T>
struct RecordAllocator {
  static constexpr size_t kLine = 64;
  static_assert(alignof(T) <= kLine);
  using value_type = T;
  RecordAllocator() = default;
  template <typename U>
  RecordAllocator(const RecordAllocator<U>&) {}

  T* allocate(size_t n) {
    if (n > (SIZE_MAX - 4 * kLine) / sizeof(T)) throw std::bad_array_new_length();
    // A header before the records says where their block began and how large it is.
    const size_t need = n * sizeof(T) + kLine + sizeof(Block);
    Block block = std::exchange(spare().block, Block{});
    if (block.bytes < need) {
      ::operator delete(block.base);  // too small for this replication: not worth keeping
      block = {static_cast<char*>(::operator new(need)), need};
    }
    const uintptr_t first = reinterpret_cast<uintptr_t>(block.base) + sizeof(Block);
    char* const records = block.base + sizeof(Block) + (kLine - first % kLine) % kLine;
    std::memcpy(records - sizeof(Block), &block, sizeof block);
    return reinterpret_cast<T*>(records);
  }
  void deallocate(T* records, size_t) {
    Block block;
    std::memcpy(&block, reinterpret_cast<char*>(records) - sizeof(Block), sizeof block);
    Block& kept = spare().block;
    if (block.bytes > kept.bytes) std::swap(block, kept);
    ::operator delete(block.base);
  }
  friend bool operator==(const RecordAllocator&, const RecordAllocator&) { return true; }

 private:
  struct Block {
    char* base = nullptr;
    size_t bytes = 0;
  };
  struct Spare {
    Block block;
    ~Spare() { ::operator delete(block.base); }
  };
  static Spare& spare() {
    thread_local Spare s;
    return s;
  }
};

}  // namespace flowsim::models
