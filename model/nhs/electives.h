// Planned care: the elective waiting list by clinical priority and wait, referrals onto it,
// theatre sessions that treat it, cancellations for want of a bed, removals and mutual aid; it
// reports elective.* and the daily elective.list_size. The flow calls it at the start of the run
// and on its events (referral, session, removal, mutual aid); it moves patients through the
// flow's public part (new_patient, start_service, depart).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "model/arrivals.h"
#include "model/daily.h"
#include "model/flow_model.h"
#include "model/metrics.h"
#include "scenario/scenario.h"
#include "sim/random.h"
#include "sim/stats.h"
#include "sim/time.h"

namespace flowsim::models {
class Simulation;
}

namespace flowsim::models::nhs {

// One clinical priority's waiting list, longest wait first: patients in order of (listing time,
// patient), in a sorted array. Referrals are listed now, so they join at the back; today's backlog
// comes in any order and is sorted once, when the list is first read. A patient taken off is
// marked and skipped, and the marked are swept out (by add, never while visiting) once they
// outnumber those still listed. (A std::set did the same with a node per patient: 5% of a year of
// the acute-trust baseline went in its allocations and rebalancing.)
class ListByWait {
 public:
  void add(int64_t listed, uint32_t patient) {
    if (off_ > live_ && off_ > 64) sweep();
    sorted_ = sorted_ && (entries_.size() == head_ || !before(listed, patient, entries_.back()));
    entries_.push_back({listed, patient, false});
    ++live_;
  }
  void remove(int64_t listed, uint32_t patient) {
    sort();
    const auto it = std::lower_bound(
        entries_.begin() + ptrdiff_t(head_), entries_.end(), Entry{listed, patient, false},
        [](const Entry& a, const Entry& b) { return before(a.listed, a.patient, b); });
    if (it == entries_.end() || it->listed != listed || it->patient != patient || it->off)
      throw InternalError("a patient left the waiting list they were not on");
    it->off = true;
    --live_;
    ++off_;
    while (head_ < entries_.size() && entries_[head_].off) ++head_;
  }
  bool empty() const { return live_ == 0; }
  // The longest waiter's listing time and patient. Requires !empty().
  std::pair<int64_t, uint32_t> first() {
    sort();
    return {entries_[head_].listed, entries_[head_].patient};
  }
  // Visits the patients still listed, longest wait first, while visit(patient) returns true.
  // Meanwhile the list may only lose patients (remove), not gain them.
  template <typename Visit>
  void each(const Visit& visit) {
    sort();
    for (size_t i = head_; i < entries_.size(); ++i)
      if (!entries_[i].off && !visit(entries_[i].patient)) return;
  }
  // Patients listed before `cutoff` (ticks).
  int64_t listed_before(int64_t cutoff) const {
    int64_t n = 0;
    for (size_t i = head_; i < entries_.size(); ++i) {
      if (sorted_ && entries_[i].listed >= cutoff) break;
      n += !entries_[i].off && entries_[i].listed < cutoff;
    }
    return n;
  }

 private:
  struct Entry {
    int64_t listed;
    uint32_t patient;
    bool off;
  };
  static bool before(int64_t listed, uint32_t patient, const Entry& e) {
    return listed != e.listed ? listed < e.listed : patient < e.patient;
  }
  void sort() {
    if (sorted_) return;
    std::sort(entries_.begin() + ptrdiff_t(head_), entries_.end(),
              [](const Entry& a, const Entry& b) { return before(a.listed, a.patient, b); });
    sorted_ = true;
  }
  void sweep() {
    entries_.erase(
        std::remove_if(entries_.begin(), entries_.end(), [](const Entry& e) { return e.off; }),
        entries_.end());
    head_ = 0;
    off_ = 0;
  }
  std::vector<Entry> entries_;
  size_t head_ = 0;  // entries before it are all off the list
  size_t live_ = 0, off_ = 0;
  bool sorted_ = true;
};

struct ElectiveStats {
  int64_t referrals = 0, treated = 0, treated_day_case = 0, cancelled_no_bed = 0;
  int64_t removed = 0, transferred = 0;
  int64_t treated_within_target = 0;
  sim::Tally wait_treated_weeks;
};

class Electives {
 public:
  Electives(const Scenario& s, uint64_t replication);

  // Today's waiting list, the first referral, and every theatre session and mutual-aid transfer
  // before `end`.
  void start(Simulation& flow, sim::Time end);
  void on_referral(Simulation& flow);
  void on_list_removal(Simulation& flow, uint32_t id);
  void on_session(Simulation& flow, uint32_t session);
  void on_mutual_aid(Simulation& flow);

  int64_t list_size() const { return list_size_; }
  int64_t cancelled_no_bed() const { return stats_.cancelled_no_bed; }
  // With electives in the scenario: elective.list_size; elective.*.
  static void define_daily_series(const Scenario& s, std::vector<DailySeries>& series);
  void report(sim::MetricReport& r, const Scenario& s, sim::Time end) const;

 private:
  void schedule_next_referral(Simulation& flow);
  void put_on_list(Simulation& flow, uint32_t id, sim::Time listed);
  void take_off_list(Simulation& flow, uint32_t id);
  int64_t waiting_over_target(const Scenario& s, sim::Time now) const;
  int64_t waiting_longer_than(sim::Time now, double weeks) const;

  ElectiveStats stats_;
  // The waiting list by clinical priority, each ordered by listing time: longest wait first.
  std::vector<ListByWait> list_;
  int64_t list_size_ = 0;
  ShareTable cohort_, priority_;
  PoissonProcess referral_process_;
  sim::StreamFamily referral_patients_;
  uint64_t referral_count_ = 0;
};

}  // namespace flowsim::models::nhs
