#include "model/flow_model.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <queue>
#include <set>
#include <utility>

#include "model/days.h"
#include "model/metrics.h"
#include "model/nhs/acute.h"
#include "model/nhs/ed.h"
#include "model/patients.h"
#include "model/units.h"
#include "sim/event_queue.h"
#include "sim/memory.h"
#include "sim/random.h"
#include "sim/stats.h"

namespace flowsim::models {
namespace {

using sim::Duration;
using sim::Time;

// Same-instant priority classes (see flow_model.h).
enum Priority : int {
  kFirst = 0,
  kDeparture = 1,
  kTransfer = 2,
  kArrival = 3,
  kSession = 4,
  kLast = 255
};

enum class EventKind : uint8_t {
  kArrival,
  kServiceEnd,
  kDelayEnd,
  kCapacityChange,
  kWarmupEnd,
  kRunEnd,
  kTransfer,       // a transfer to a full unit whose route loses or redirects it, decided late
  kRenege,         // a queued patient's patience runs out
  kStepDownCheck,  // a ward patient becomes eligible for early supported discharge
  kAssessmentEnd,
  kDischarge,  // the discharge window opens for a patient ready to leave
  kDayEnd,
  kReferral,  // onto the elective waiting list
  kSession,   // a theatre session
  kListRemoval,
  kMutualAid,
  kHalfway,  // the middle of the measured period
};

struct Payload {
  uint32_t a = 0;  // patient, unit, stream or session
  uint32_t b = 0;  // the patient's token when scheduled, or a new capacity
  EventKind kind = EventKind::kArrival;
};

// An arrival stream or the elective referrals: a Poisson process whose rate is constant within
// each clock hour. The rate is worked out once for the hour the process is in, not per arrival.
struct PoissonProcess {
  double base = 0;  // per hour, before the profile
  const Profile* profile = nullptr;
  bool flat = true;
  sim::RandomStream rng;
  sim::Time hour_start = sim::Duration::max(), hour_end = sim::Duration::max();
  double rate = 0;  // per hour, in [hour_start, hour_end)
  void start(double base_per_hour, const Profile& p) {
    base = base_per_hour;
    profile = &p;
    flat = p.is_flat();
  }
};

// Draws an index in proportion to shares (a cohort, a triage acuity, a clinical priority) or to
// weights (a route's probability) with one uniform draw, or none when there is only one. The
// running sums are added up once, in the same order as a draw that summed them itself, so the
// draws are the same; an index of share 0 is never drawn.
class ShareTable {
 public:
  // Shares (kShares) are taken to add to 1, and a draw is compared with their running sums as it
  // comes; weights (kWeights) need not, and a draw is scaled to their total first.
  enum Scale { kShares, kWeights };
  ShareTable() = default;
  template <typename Shares>
  explicit ShareTable(const Shares& share, Scale scale = kShares)
      : cum_(share.size()), single_(share.size() == 1), proportional_(scale == kWeights) {
    double cum = 0;
    for (size_t c = 0; c < share.size(); ++c) {
      if (share[c] > 0) {
        cum += share[c];
        last_ = int32_t(c);
      }
      cum_[c] = cum;
    }
  }
  bool any_positive() const { return last_ >= 0; }
  uint16_t draw(sim::RandomStream& rng) const {
    if (single_) return 0;
    double u = rng.uniform();
    if (proportional_ && last_ >= 0) u *= cum_[size_t(last_)];
    // A share of 0 repeats the sum before it, which the draw is already at or above.
    for (size_t c = 0; c < cum_.size(); ++c)
      if (u < cum_[c]) return uint16_t(c);
    return uint16_t(last_ < 0 ? 0 : last_);  // rounding left the draw above the total
  }

 private:
  std::vector<double> cum_;  // cum_[c]: the sum of the positive shares up to c
  int32_t last_ = -1;        // the last index with a positive share
  bool single_ = true, proportional_ = false;
};

struct VirtualWardStats {
  int64_t step_up = 0, step_down = 0, escalated = 0, refused = 0;
};

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

// Every unit metric, in the order results list them: metric_names() and the values a
// replication returns are both read off this one table.
enum class UnitMetric {
  kArrivals,
  kLost,
  kPLost,
  kEntered,
  kWaitMean,
  kWaitP95,
  kServiceMean,
  kBlockedMean,
  kTransferWaitMean,
  kOccupancyMean,
  kOccupancyP50,
  kOccupancyP95,
  kUtilisation,
  kPFullOnArrival,
  kQueueMean,
  kOverflowed,
  kLeftUnseen,
  kEscalationBedDays,
};
struct UnitMetricName {
  UnitMetric id;
  const char* name;
};
constexpr UnitMetricName kUnitMetrics[] = {
    {UnitMetric::kArrivals, "arrivals"},
    {UnitMetric::kLost, "lost"},
    {UnitMetric::kPLost, "p_lost"},
    {UnitMetric::kEntered, "entered"},
    {UnitMetric::kWaitMean, "wait_mean_h"},
    {UnitMetric::kWaitP95, "wait_p95_h"},
    {UnitMetric::kServiceMean, "service_mean_h"},
    {UnitMetric::kBlockedMean, "blocked_mean_h"},
    {UnitMetric::kTransferWaitMean, "transfer_wait_mean_h"},
    {UnitMetric::kOccupancyMean, "occupancy_mean"},
    {UnitMetric::kOccupancyP50, "occupancy_p50"},
    {UnitMetric::kOccupancyP95, "occupancy_p95"},
    {UnitMetric::kUtilisation, "utilisation"},
    {UnitMetric::kPFullOnArrival, "p_full_on_arrival"},
    {UnitMetric::kQueueMean, "queue_mean"},
    {UnitMetric::kOverflowed, "overflowed"},
    {UnitMetric::kLeftUnseen, "left_unseen"},
    {UnitMetric::kEscalationBedDays, "escalation_bed_days"},
};

// Whether some route into `unit` sends patients elsewhere when it is full.
bool has_redirect_away(const Scenario& s, size_t unit) {
  for (const auto& u : s.units)
    for (const auto& routes : u.routes)
      for (const auto& r : routes)
        if ((r.when_full == WhenFull::kOverflow || r.when_full == WhenFull::kInstead) &&
            r.to == int(unit))
          return true;
  return false;
}

// Whether patients come into `unit` from another unit (so that a transfer wait means something).
bool receives_transfers(const Scenario& s, size_t unit) {
  for (const auto& u : s.units) {
    for (const auto& routes : u.routes)
      for (const auto& r : routes)
        if (r.to == int(unit) || (r.when_full != WhenFull::kWait &&
                                  r.when_full != WhenFull::kLose && r.overflow_to == int(unit)))
          return true;
    for (const auto& sd : u.step_down)
      if (sd.to == int(unit)) return true;
  }
  return s.electives.present && s.electives.inpatient_to == int(unit);
}

bool unit_reports(const Scenario& s, size_t unit, UnitMetric id) {
  const bool finite =
      !s.units[unit].capacity.unlimited() || s.units[unit].staffed_limit != sim::kUnlimited;
  switch (id) {
    case UnitMetric::kOccupancyP50:
    case UnitMetric::kOccupancyP95:
    case UnitMetric::kUtilisation:
    case UnitMetric::kPFullOnArrival:
      return finite;
    case UnitMetric::kOverflowed:
      return has_redirect_away(s, unit);
    case UnitMetric::kTransferWaitMean:
      return receives_transfers(s, unit);
    case UnitMetric::kLeftUnseen:
      return !s.units[unit].patience.empty();
    case UnitMetric::kEscalationBedDays:
      return s.units[unit].escalation.beds > 0;
    default:
      return true;
  }
}

bool has_kind(const Scenario& s, UnitKind k) {
  for (const auto& u : s.units)
    if (u.kind == k) return true;
  return false;
}

bool has_costs(const Scenario& s) {
  if (s.cost_cancelled_operation > 0) return true;
  for (const auto& u : s.units)
    if (u.cost_per_day > 0 || u.cost_per_entry > 0) return true;
  return false;
}

class Simulation {
 public:
  Simulation(const Scenario& s, uint64_t replication, const SimulationLimits& limits = {})
      : s_(s),
        replication_(replication),
        limits_(limits),
        calendar_(s.calendar()),
        days_(s),
        units_(s.units.size()) {
    kind_of_.push_back(UnitKind::kGeneral);
    for (const Unit& unit : s.units) kind_of_.push_back(unit.kind);
    route_tables_.resize(s.units.size());
    for (size_t u = 0; u < s.units.size(); ++u) {
      const Unit& unit = s.units[u];
      UnitState& st = units_[u];
      for (const auto& routes : unit.routes) {
        std::vector<double> p;
        for (const Route& r : routes) p.push_back(r.p);
        route_tables_[u].emplace_back(p, ShareTable::kWeights);
      }
      st.base_capacity = capacity_at(unit, Time());
      st.pool = sim::CapacityPool(st.base_capacity, unit.discipline, unit.queue_limit);
      st.capacity.set(Time(), st.base_capacity == sim::kUnlimited ? 0 : st.base_capacity);
    }
    arrival_process_.resize(s.arrivals.size());
    arrival_count_.assign(s.arrivals.size(), 0);
    arrival_patients_.resize(s.arrivals.size());
    for (size_t a = 0; a < s.arrivals.size(); ++a) {
      arrival_process_[a].start(s.arrivals[a].rate_per_hour, s.arrivals[a].profile);
      arrival_process_[a].rng.reseed(
          {s.seed, replication, sim::purpose_hash("arrivals/" + s.arrivals[a].name), 0});
      arrival_patients_[a] = {s.seed, replication,
                              sim::purpose_hash("patient/" + s.arrivals[a].name)};
      arrival_cohort_.emplace_back(s.arrivals[a].cohort_share);
      arrival_acuity_.emplace_back();
      for (const auto& shares : s.arrivals[a].acuity_share) arrival_acuity_[a].emplace_back(shares);
    }
    if (s.electives.present) {
      list_.resize(s.electives.priorities.size());
      elective_cohort_ = ShareTable(s.electives.cohort_share);
      elective_priority_ = ShareTable(s.electives.priority_share);
      referral_process_.start(s.electives.referral_rate_per_hour, s.electives.profile);
      referral_process_.rng.reseed(
          {s.seed, replication, sim::purpose_hash("elective/referrals"), 0});
    }
    define_daily_series();
  }

  ReplicationResult run() {
    const Time end = s_.horizon;
    events_.push(s_.warmup, kFirst, Payload{0, 0, EventKind::kWarmupEnd});
    events_.push(halfway(), kFirst, Payload{0, 0, EventKind::kHalfway});
    events_.push(end, kLast, Payload{0, 0, EventKind::kRunEnd});
    for (int64_t d = 1; Duration::ticks(d * kMsPerDay) < end; ++d)
      events_.push(Duration::ticks(d * kMsPerDay), kFirst, Payload{0, 0, EventKind::kDayEnd});
    schedule_capacity_changes(end);
    for (size_t a = 0; a < s_.arrivals.size(); ++a) schedule_next_arrival(uint32_t(a));
    // Records for today's patients and the waiting list at once, and room for those who come:
    // growing the records one doubling at a time copied them all (5% of a year of the
    // acute-trust baseline).
    int64_t present = s_.electives.present ? s_.electives.backlog : 0;
    for (const Unit& u : s_.units) present += u.initial.patients + u.initial.queued;
    patients_.reserve(size_t(present + present / 4 + 1024));
    place_initial_patients();
    if (s_.electives.present) start_electives(end);
    fill_pending_units();

    for (uint64_t handled = 0;; ++handled) {
      // A relaxed load every 4096 events: Ctrl-C is seen within milliseconds, at no cost.
      if ((handled & 4095) == 0 && limits_.stop != nullptr &&
          limits_.stop->load(std::memory_order_relaxed))
        throw Interrupted();
      const auto e = events_.pop();
      if (e.time < now_)
        broken("time went backwards, to " + sim::format_duration(e.time) + " at event " +
               std::to_string(e.id()));
      now_ = e.time;
      if (e.payload.kind == EventKind::kRunEnd) break;
      prefetch_next_patient();
      handle(e.payload);
      fill_pending_units();
    }
    record_day();  // the last, possibly partial, day
    check_census();
    ReplicationResult out;
    Report r;
    report(r);
    out.metrics = std::move(r.values);
    for (int u : occupancy_units(s_))
      out.occupancy.push_back(units_[size_t(u)].levels.shares(now_));
    out.daily = std::move(daily_);
    out.turned_away = turned_away_;
    out.peak_inside = in_system_.max();
    const double half_h = hours(s_.horizon - halfway());
    if (half_h > 0) {
      out.inside_first_half = halfway_inside_h_ / half_h;
      out.inside_second_half = (in_system_.integral_hours(now_) - halfway_inside_h_) / half_h;
    }
    out.events = events_.popped();
    return out;
  }

  // Every metric, with its value at the end of the run (or only its name).
  void report(Report& r) const;
  std::vector<std::string> daily_names() const {
    std::vector<std::string> names;
    for (const auto& d : daily_series_) names.push_back(d.name);
    return names;
  }

 private:
  void handle(const Payload& p) {
    switch (p.kind) {
      case EventKind::kArrival:
        on_arrival(p.a);
        break;
      case EventKind::kServiceEnd:
        if (current(p)) on_service_end(p.a);
        break;
      case EventKind::kDelayEnd:
        if (current(p)) after_delay(p.a);
        break;
      case EventKind::kCapacityChange:
        on_capacity_change(p.a, p.b);
        break;
      case EventKind::kWarmupEnd:
        on_warmup_end();
        break;
      case EventKind::kRunEnd:
        break;
      case EventKind::kTransfer:
        if (current(p)) transfer(p.a, false);
        break;
      case EventKind::kRenege:
        if (current(p)) on_renege(p.a);
        break;
      case EventKind::kStepDownCheck:
        if (current(p)) on_step_down_check(p.a);
        break;
      case EventKind::kAssessmentEnd:
        if (current(p)) on_assessment_end(p.a);
        break;
      case EventKind::kDischarge:
        if (current(p)) leave_towards(p.a);
        break;
      case EventKind::kDayEnd:
        record_day();
        break;
      case EventKind::kReferral:
        on_referral();
        break;
      case EventKind::kSession:
        on_session(p.a);
        break;
      case EventKind::kListRemoval:
        if (current(p)) on_list_removal(p.a);
        break;
      case EventKind::kMutualAid:
        on_mutual_aid();
        break;
      case EventKind::kHalfway:
        halfway_inside_h_ = in_system_.integral_hours(now_);
        break;
    }
  }

  bool measuring() const { return now_ >= s_.warmup; }
  // The middle of the measured period, where the patients inside are taken stock of.
  Time halfway() const { return s_.warmup + Duration::ticks((s_.horizon - s_.warmup).ticks() / 2); }

  // A broken invariant: a bug, reported with where the run was.
  [[noreturn]] void broken(const std::string& what) const {
    throw InternalError("internal error in replication " + std::to_string(replication_ + 1) +
                        " at simulated time " + sim::format_duration(now_) + ": " + what);
  }

  // An arrival from outside that finds the replication at its limit of patients is turned away
  // before it takes any memory, so that an unstable scenario ends (SimulationLimits).
  bool turn_away_at_limit() {
    if (in_system_.value() < limits_.max_patients_inside) return false;
    ++turned_away_;
    ++arrived_total_;
    ++lost_total_;
    if (measuring()) {
      ++system_arrivals_;
      ++system_lost_;
    }
    return true;
  }

  // -1 (exit, or no unit) is of no kind. Read from a small table: most events ask it several
  // times, and each Unit of the scenario is far from the next in memory.
  UnitKind kind(int unit) const { return kind_of_[size_t(unit + 1)]; }
  bool is_hospital(int unit) const {
    return unit >= 0 && (kind(unit) == UnitKind::kAcute || kind(unit) == UnitKind::kEd);
  }

  // Starts loading the record of the patient the next event is about while this one is handled:
  // records are read in the order their events fall due, which is no order in memory, and the
  // wait for each was the largest single cost of the event loop. (The next event may still
  // change; a wasted prefetch costs nothing.)
  void prefetch_next_patient() {
    if (events_.empty()) return;
    const uint32_t id = events_.top().payload.a;
    if (id >= patients_.size()) return;
    const char* record = reinterpret_cast<const char*>(&patients_[id]);
    __builtin_prefetch(record);
    __builtin_prefetch(record + sizeof(Patient) - 1);
  }

  // A patient's event is current when nothing has happened to the patient since it was
  // scheduled; otherwise it is stale and ignored.
  bool current(const Payload& p) const { return patients_[p.a].token == p.b; }
  void push_patient_event(Time t, int priority, uint32_t id, EventKind kind) {
    events_.push(t, priority, Payload{id, patients_[id].token, kind});
  }

  // --- arrivals -------------------------------------------------------------------------------

  // The next event of a non-homogeneous Poisson process after now, by inversion of the cumulative
  // rate: the profile is constant within each clock hour, so a unit-rate exponential is spent
  // hour by hour. Duration::max() when there is none before the horizon.
  Time next_poisson(PoissonProcess& process) const {
    double remaining = -std::log(process.rng.uniform_pos());
    Time t = now_;
    if (process.flat) {
      return process.base > 0 ? t + Duration::hours(remaining / process.base) : Duration::max();
    }
    while (t < s_.horizon) {
      if (t < process.hour_start || t >= process.hour_end) {
        process.hour_end = calendar_.next_hour(t);
        process.hour_start = process.hour_end - Duration::ticks(Duration::kTicksPerHour);
        process.rate = s_.profile_factor(*process.profile, t, process.base);
      }
      const Time boundary = process.hour_end;
      const double r = process.rate;
      const double span = hours(boundary - t);
      if (r * span >= remaining) {
        Time next = t + Duration::hours(remaining / r);
        // Rounding to whole ticks must not carry an arrival onto the boundary, into the next
        // hour, whose rate may be zero (found by validation_test's hour-of-day profile).
        if (next >= boundary) next = boundary - Duration::ticks(1);
        return next;
      }
      remaining -= r * span;
      t = boundary;
    }
    return Duration::max();
  }

  void schedule_next_arrival(uint32_t stream) {
    const Time next = next_poisson(arrival_process_[stream]);
    if (next < s_.horizon) events_.push(next, kArrival, Payload{stream, 0, EventKind::kArrival});
  }

  // Triage acuity first (1 most urgent; untriaged patients count as the middle level, 3, so that
  // they neither jump nor trail triaged ones), then cohort priority.
  int32_t queue_priority(const Patient& p) const {
    return int32_t(p.acuity == 0 ? 3 : p.acuity) * 4096 + s_.cohorts[p.cohort].priority;
  }

  void on_arrival(uint32_t stream) {
    const ArrivalStream& a = s_.arrivals[stream];
    if (turn_away_at_limit()) {
      ++arrival_count_[stream];  // the patients after this one stay who they are
      schedule_next_arrival(stream);
      return;
    }
    const uint32_t id = new_patient();
    Patient& p = patients_[id];
    arrival_patients_[stream].seed(p.rng, arrival_count_[stream]++);
    p.cohort = arrival_cohort_[stream].draw(p.rng);
    if (!a.acuity_share.empty()) p.acuity = uint8_t(arrival_acuity_[stream][p.cohort].draw(p.rng));
    p.ambulance = a.ambulance;
    p.arrived = now_;
    ++arrived_total_;
    if (measuring()) ++system_arrivals_;
    schedule_next_arrival(stream);
    admit_from_outside(id, a.to);
  }

  // A patient from outside (an arrival or a referral) at a unit: a place, the queue, or lost.
  void admit_from_outside(uint32_t id, int unit) {
    UnitState& u = units_[size_t(unit)];
    Patient& p = patients_[id];
    if (kind(unit) == UnitKind::kEd) ed_.on_arrival(p, now_, measuring());
    if (measuring()) {
      ++u.arrivals;
      if (!u.pool.has_free_place()) ++u.full_on_arrival;
    }
    if (u.pool.has_free_place()) {
      start_service(id, unit, Duration(), -1);
    } else if (u.pool.queue_has_room() || nhs::Ed::handing_over(p, kind(unit))) {
      join_queue(id, unit);
    } else {
      if (measuring()) {
        ++u.lost;
        if (kind(unit) == UnitKind::kVirtualWard) ++vw_.refused;
      }
      lose(id);
    }
  }

  // --- moving between units ---------------------------------------------------------------------

  // The route out of `unit` is drawn on arrival there, so that the stay may depend on where the
  // patient goes next (a stay that ends in a care home is longer than one that ends at home).
  // `to_unit_only`: among the routes to another unit (today's patients already waiting for one).
  int32_t draw_route(uint32_t id, int unit, bool to_unit_only = false) {
    Patient& p = patients_[id];
    const auto& routes = s_.units[size_t(unit)].routes[p.cohort];
    if (routes.empty()) return -1;  // assessment units have none
    if (routes.size() == 1) return 0;
    if (!to_unit_only) {
      const ShareTable& table = route_tables_[size_t(unit)][p.cohort];
      return table.any_positive() ? table.draw(p.rng) : int32_t(routes.size() - 1);
    }
    const int32_t r = pick_weighted(
        routes.size(),
        [&](size_t i) { return !to_unit_only || routes[i].to >= 0 ? routes[i].p : 0.0; }, p.rng);
    return r < 0 ? int32_t(routes.size() - 1) : r;
  }

  // An index in 0..n-1 (n >= 2) drawn in proportion to weight(i), with one draw; indexes of
  // weight 0 or less are never drawn. -1, with no draw, when no weight is positive. For weights
  // worked out for one patient (today's patients); routes drawn on arrival use route_tables_.
  template <typename Weight>
  static int32_t pick_weighted(size_t n, const Weight& weight, sim::RandomStream& rng) {
    std::vector<double> weights(n);
    for (size_t i = 0; i < n; ++i) weights[i] = weight(i);
    const ShareTable table(weights, ShareTable::kWeights);
    return table.any_positive() ? table.draw(rng) : -1;
  }

  const Route& route_of(const Patient& p) const {
    return s_.units[size_t(p.unit)].routes[p.cohort][size_t(p.route)];
  }

  // `from` is the unit the patient has just left, or -1 from outside or the waiting list.
  void start_service(uint32_t id, int unit, Duration waited, int from) {
    UnitState& u = units_[size_t(unit)];
    Patient& p = patients_[id];
    const Unit& spec = s_.units[size_t(unit)];
    if (p.unit >= 0) in_two_places(id, unit);
    u.pool.occupy();
    occupancy_changed(unit, +1);
    ++p.token;
    p.unit = unit;
    p.waiting_for = -1;
    p.state = PatientState::kInService;
    p.service_start = now_;
    p.assessed = false;
    p.step_down_rule = -1;
    const UnitKind k = spec.kind;
    if (measuring()) {
      ++u.entered;
      u.wait.add(hours(waited));
      u.wait_quantiles.add(hours(waited));
      if (from >= 0) u.transfer_wait.add(hours(now_ - p.ready));
      // A move between virtual wards (hub to spoke) is neither a step-up nor a step-down.
      if (k == UnitKind::kVirtualWard && kind(from) != UnitKind::kVirtualWard)
        ++(kind(from) == UnitKind::kAcute ? vw_.step_down : vw_.step_up);
    }
    if (k == UnitKind::kAcute) acute_.on_start_of_service(p, kind(from), now_, measuring());
    if (k == UnitKind::kEd) ed_.on_start_of_service(p, now_, measuring());
    p.route = draw_route(id, unit);
    const sim::Distribution& stay = p.route >= 0 && route_of(p).has_stay
                                        ? route_of(p).stay
                                        : spec.service_for(p.cohort, p.acuity);
    const double h = stay.sample(p.rng);
    push_patient_event(now_ + Duration::hours(h), kDeparture, id, EventKind::kServiceEnd);
    schedule_step_down(id, h, 0.0);
  }

  // Draws whether the patient is eligible for a step-down rule of their unit and, if so,
  // schedules the check at the rule's share of their acute stage of `stay_h` hours, of which
  // `elapsed_h` have passed already (today's patients); at once if that point is behind them.
  void schedule_step_down(uint32_t id, double stay_h, double elapsed_h) {
    Patient& p = patients_[id];
    const Unit& spec = s_.units[size_t(p.unit)];
    for (size_t r = 0; r < spec.step_down.size(); ++r) {
      const StepDown& sd = spec.step_down[r];
      if (sd.eligible[p.cohort] > 0 && p.rng.uniform() < sd.eligible[p.cohort]) {
        p.step_down_rule = int8_t(r);
        const double wait_h = std::max(0.0, stay_h * sd.after - elapsed_h);
        push_patient_event(now_ + Duration::hours(wait_h), kDeparture, id,
                           EventKind::kStepDownCheck);
        break;
      }
    }
  }

  void join_queue(uint32_t id, int unit) {
    UnitState& u = units_[size_t(unit)];
    Patient& p = patients_[id];
    if (p.unit >= 0) in_two_places(id, unit);
    p.queue_ticket = u.pool.queue().push(id, queue_priority(p), now_);
    u.queue_length.add(now_, 1);
    ++p.token;
    p.waiting_for = unit;
    p.since = now_;
    p.state = PatientState::kQueued;
    const auto& patience = s_.units[size_t(unit)].patience;
    // Patients brought by ambulance never leave A&E unseen; later queues treat them like anyone.
    if (!patience.empty() && !nhs::Ed::handing_over(p, kind(unit)) &&
        !s_.units[size_t(unit)].never_leaves[p.acuity]) {
      const double h = patience[p.acuity].sample(p.rng);
      push_patient_event(now_ + Duration::hours(h), kTransfer, id, EventKind::kRenege);
    }
  }

  // A queued patient who gives up: in A&E, "left without being seen".
  void on_renege(uint32_t id) {
    Patient& p = patients_[id];
    if (p.state != PatientState::kQueued)
      broken("patient " + std::to_string(id) + " left a queue they were not in");
    const int unit = p.waiting_for;
    UnitState& u = units_[size_t(unit)];
    u.pool.queue().remove(p.queue_ticket);
    u.queue_length.add(now_, -1);
    if (measuring()) ++u.reneged;
    if (kind(unit) == UnitKind::kEd) ed_.on_left_unseen(p, now_, measuring());
    p.waiting_for = -1;
    pending_fill_.push_back(unit);  // the queue has room for a blocked patient now
    depart(id);
  }

  void on_service_end(uint32_t id) {
    Patient& p = patients_[id];
    ++p.token;
    const int unit = p.unit;
    if (measuring()) units_[size_t(unit)].service.add(hours(now_ - p.service_start));
    p.ready = now_;
    const Route& route = route_of(p);
    if (kind(unit) == UnitKind::kAcute) acute_.on_ready_to_leave(p, kind(route.to), now_);
    if (kind(unit) == UnitKind::kEd) ed_.on_ready_to_leave(p, kind(route.to), now_);
    if (route.has_delay) {
      p.state = PatientState::kInDelay;
      const double h = route.delay.sample(p.rng);
      push_patient_event(now_ + Duration::hours(h), kDeparture, id, EventKind::kDelayEnd);
    } else {
      after_delay(id);
    }
  }

  // After the route's delay: an assessment if the route needs one, then the discharge window.
  void after_delay(uint32_t id) {
    Patient& p = patients_[id];
    ++p.token;
    p.state = PatientState::kInDelay;
    const Route& route = route_of(p);
    if (route.assessment >= 0 && !p.assessed) {
      request_assessment(id, route.assessment);
      return;
    }
    const DischargeRules& rules = s_.units[size_t(p.unit)].discharge;
    if (rules.active && !(route.to >= 0 && is_hospital(route.to))) {
      const Time t = nhs::Acute::discharge_time(p, rules, now_, days_);
      if (t > now_) {
        push_patient_event(t, kDeparture, id, EventKind::kDischarge);
        return;
      }
    }
    leave_towards(id);
  }

  void request_assessment(uint32_t id, int assessment) {
    UnitState& a = units_[size_t(assessment)];
    Patient& p = patients_[id];
    if (measuring()) {
      ++a.arrivals;
      if (!a.pool.has_free_place()) ++a.full_on_arrival;
    }
    p.since = now_;
    if (a.pool.has_free_place()) {
      start_assessment(id, assessment);
    } else {
      p.waiting_for = assessment;
      a.pool.blocked().push(id, queue_priority(p), now_);
    }
  }

  // The patient keeps their bed while assessed: an assessor is a second place held at once.
  void start_assessment(uint32_t id, int assessment) {
    UnitState& a = units_[size_t(assessment)];
    Patient& p = patients_[id];
    a.pool.occupy();
    occupancy_changed(assessment, +1);
    ++p.token;
    p.state = PatientState::kAssessing;
    p.waiting_for = assessment;
    if (measuring()) {
      ++a.entered;
      a.wait.add(hours(now_ - p.since));
      a.wait_quantiles.add(hours(now_ - p.since));
    }
    p.since = now_;  // the assessment's own time runs from here, not from the request
    const double h = s_.units[size_t(assessment)].service_for(p.cohort, p.acuity).sample(p.rng);
    push_patient_event(now_ + Duration::hours(h), kDeparture, id, EventKind::kAssessmentEnd);
  }

  void on_assessment_end(uint32_t id) {
    Patient& p = patients_[id];
    const int assessment = p.waiting_for;
    UnitState& a = units_[size_t(assessment)];
    if (measuring()) a.service.add(hours(now_ - p.since));
    a.pool.release();
    occupancy_changed(assessment, -1);
    pending_fill_.push_back(assessment);
    p.waiting_for = -1;
    p.assessed = true;
    after_delay(id);
  }

  // Leaves for the route's destination now, or waits for it.
  void leave_towards(uint32_t id) {
    Patient& p = patients_[id];
    ++p.token;
    p.since = now_;
    const Route& route = route_of(p);
    if (route.to == kExit) {
      leave_unit(id, kExit);
      depart(id);
      return;
    }
    p.dest = route.to;
    transfer(id, true);
  }

  // Moves a patient ready to leave into their destination, or follows the route's when_full.
  void transfer(uint32_t id, bool may_defer) {
    Patient& p = patients_[id];
    const Route& route = route_of(p);
    UnitState& dest = units_[size_t(p.dest)];
    // Same-instant rules 2 and 3: a departure later in this instant may still free a place (found
    // by flow_model_test's "a bed freed at an instant goes to the patient already waiting").
    // Losing or redirecting the patient is decided once every departure at this instant has run;
    // waiting needs no such care, as fill() moves blocked patients when a place frees.
    if (may_defer && route.when_full != WhenFull::kWait && dest.pool.full()) {
      push_patient_event(now_, kTransfer, id, EventKind::kTransfer);
      return;
    }
    ++p.token;
    if (measuring()) {
      ++dest.arrivals;
      if (!dest.pool.has_free_place()) ++dest.full_on_arrival;
    }
    if (try_enter(id, p.dest)) return;
    switch (route.when_full) {
      case WhenFull::kWait:
        break;
      case WhenFull::kLose:
        if (measuring()) {
          ++dest.lost;
          if (kind(p.dest) == UnitKind::kVirtualWard) ++vw_.refused;
        }
        leave_unit(id, kExit);
        lose(id);
        return;
      case WhenFull::kOverflow: {
        // Only a patient who goes there counts: with the overflow unit full too, the patient
        // waits for their own destination and has not overflowed (found in review).
        const sim::CapacityPool& other = units_[size_t(route.overflow_to)].pool;
        if (!other.has_free_place() && !other.queue_has_room()) break;
        if (measuring()) {
          ++dest.overflowed;
          arrive_elsewhere(route.overflow_to);
        }
        try_enter(id, route.overflow_to);
        return;
      }
      case WhenFull::kInstead:
        if (measuring()) {
          ++dest.overflowed;
          if (kind(p.dest) == UnitKind::kVirtualWard) ++vw_.refused;
          arrive_elsewhere(route.overflow_to);
        }
        p.dest = route.overflow_to;
        if (kind(p.unit) == UnitKind::kEd && kind(p.dest) == UnitKind::kAcute)
          ed_.start_boarding(p, now_);
        if (try_enter(id, p.dest)) return;
        break;
    }
    // Wait in place, keeping the current place.
    p.state = PatientState::kBlocked;
    p.waiting_for = p.dest;
    units_[size_t(p.dest)].pool.blocked().push(id, queue_priority(p), now_);
  }

  // A transfer redirected to `unit` arrives there, and may find it full too (found by
  // nhs_acute_test's "a virtual-ward step-up becomes an admission ...").
  void arrive_elsewhere(int unit) {
    UnitState& u = units_[size_t(unit)];
    ++u.arrivals;
    if (!u.pool.has_free_place()) ++u.full_on_arrival;
  }

  // Moves a patient who holds a place into `unit` if it has a free place or queue room.
  bool try_enter(uint32_t id, int unit) {
    UnitState& u = units_[size_t(unit)];
    if (u.pool.has_free_place()) {
      const int from = patients_[id].unit;
      leave_unit(id, unit);
      start_service(id, unit, Duration(), from);
      return true;
    }
    if (u.pool.queue_has_room()) {
      leave_unit(id, unit);
      join_queue(id, unit);
      return true;
    }
    return false;
  }

  // Gives up the place the patient holds, on the way to unit `to` (kExit: leaving the system);
  // the unit is refilled once the current event is done.
  void leave_unit(uint32_t id, int to) {
    Patient& p = patients_[id];
    const int unit = p.unit;
    UnitState& u = units_[size_t(unit)];
    const UnitKind k = kind(unit);
    // Blocked time runs from the end of service: route delay, assessment, discharge hours and the
    // wait for the next unit, as the reference defines it, so that by Little's law it matches the
    // NCTR count, which starts then too (found by nhs_acute_test's "NCTR equals the time ...").
    if (measuring() && p.state != PatientState::kInService) u.blocked.add(hours(now_ - p.ready));
    u.pool.release();
    occupancy_changed(unit, -1);
    pending_fill_.push_back(unit);
    ed_.on_departure(p, k, kind(to), now_, measuring());
    if (k == UnitKind::kAcute)
      acute_.on_departure(p, p.route >= 0 ? &route_of(p) : nullptr, kind(to), now_, measuring());
    if (k == UnitKind::kVirtualWard && is_hospital(to) && measuring()) ++vw_.escalated;
    p.came_from = unit;  // for a patient who joins the next unit's queue
    p.unit = -1;
  }

  // Fills free places from the queue, then from patients blocked upstream, in every unit that
  // lost a patient; moving a blocked patient frees a place upstream, which is filled in turn.
  void fill_pending_units() {
    while (!pending_fill_.empty()) {
      const int unit = pending_fill_.back();
      pending_fill_.pop_back();
      fill(unit);
    }
  }

  void fill(int unit) {
    UnitState& u = units_[size_t(unit)];
    auto& queue = u.pool.queue();
    auto& blocked = u.pool.blocked();
    if (kind(unit) == UnitKind::kAssessment) {
      while (u.pool.has_free_place() && !blocked.empty())
        start_assessment(blocked.pop().entity, unit);
      return;
    }
    while (u.pool.has_free_place()) {
      if (!queue.empty()) {
        const sim::Waiter w = queue.pop();
        u.queue_length.add(now_, -1);
        // A patient who queued on the way from another unit is still a transfer (not a new
        // admission, and with a transfer wait: found by nhs_acute_test's "outliers and ...").
        start_service(w.entity, unit, now_ - w.since, patients_[w.entity].came_from);
        if (!blocked.empty() && u.pool.queue_has_room()) {
          const uint32_t b = blocked.pop().entity;
          leave_unit(b, unit);
          join_queue(b, unit);
        }
      } else if (!blocked.empty()) {
        const uint32_t b = blocked.pop().entity;
        const int from = patients_[b].unit;
        leave_unit(b, unit);
        start_service(b, unit, Duration(), from);
      } else if (s_.units[size_t(unit)].pull) {
        if (!pull_one(unit)) break;
      } else {
        break;
      }
    }
    // A queue slot freed by a patient who gave up goes to a blocked patient.
    while (!blocked.empty() && u.pool.queue_has_room()) {
      const uint32_t b = blocked.pop().entity;
      leave_unit(b, unit);
      join_queue(b, unit);
    }
  }

  void depart(uint32_t id) {
    ++departed_total_;
    if (measuring()) {
      ++system_departures_;
      time_in_system_.add(hours(now_ - patients_[id].arrived));
    }
    free_patient(id);
  }

  void lose(uint32_t id) {
    ++lost_total_;
    if (measuring()) ++system_lost_;
    free_patient(id);
  }

  // --- virtual wards: step-down and pull ------------------------------------------------------

  void on_step_down_check(uint32_t id) {
    Patient& p = patients_[id];
    // Ready to step down from now: a pulled patient's transfer wait counts from here (found by
    // nhs_services_test's "a pulling virtual ward takes the longest-staying ...").
    p.ready = now_;
    const StepDown& rule = s_.units[size_t(p.unit)].step_down[size_t(p.step_down_rule)];
    UnitState& vw = units_[size_t(rule.to)];
    // A step-down referral arrives at the virtual ward, and may find it full (found in review:
    // unit.vw.arrivals was 0 while patients entered).
    if (measuring()) {
      ++vw.arrivals;
      if (!vw.pool.has_free_place()) ++vw.full_on_arrival;
    }
    if (vw.pool.has_free_place()) {
      step_down(id, rule.to);
      return;
    }
    if (measuring()) ++vw_.refused;
    // Still in the acute stage: a pulling virtual ward may take the patient when a place frees.
    if (s_.units[size_t(rule.to)].pull) vw.candidates.push({p.service_start, id, p.token});
  }

  void step_down(uint32_t id, int vw) {
    Patient& p = patients_[id];
    const int from = p.unit;
    if (measuring()) units_[size_t(from)].service.add(hours(now_ - p.service_start));
    leave_unit(id, vw);
    start_service(id, vw, Duration(), from);
  }

  // Moves the longest-staying eligible ward patient still in their acute stage, if any.
  bool pull_one(int vw) {
    auto& candidates = units_[size_t(vw)].candidates;
    while (!candidates.empty()) {
      const PullCandidate c = candidates.top();
      candidates.pop();
      const Patient& p = patients_[c.patient];
      if (p.token != c.token || p.state != PatientState::kInService) continue;
      step_down(c.patient, vw);
      return true;
    }
    return false;
  }

  // --- occupancy, capacity over time and escalation
  // -----------------------------------------------

  [[noreturn]] void in_two_places(uint32_t id, int unit) const {
    broken("patient " + std::to_string(id) + " would be in unit " + s_.units[size_t(unit)].name +
           " while holding a place in unit " + s_.units[size_t(patients_[id].unit)].name);
  }

  void occupancy_changed(int unit, int delta) {
    UnitState& u = units_[size_t(unit)];
    u.occupancy.add(now_, delta);
    if (u.occupancy.value() < 0)
      broken("unit " + s_.units[size_t(unit)].name + "'s occupancy went below zero");
    u.levels.set(now_, u.occupancy.value());
    if (kind(unit) == UnitKind::kAcute) acute_.on_occupancy(delta, now_);
    if (s_.units[size_t(unit)].escalation.beds > 0) check_escalation(unit);
  }

  void check_escalation(int unit) {
    const Escalation& e = s_.units[size_t(unit)].escalation;
    UnitState& u = units_[size_t(unit)];
    const double base = double(u.base_capacity);
    const double in_use = double(u.pool.in_use());
    // A ward its schedule has closed (no beds of its own) escalates from nothing: it opens no
    // escalation beds, and closes any it has (found by nhs_acute_test's "a ward closed by its
    // schedule opens no escalation beds").
    if (!u.escalated && base > 0 && in_use >= e.open_above * base) {
      u.escalated = true;
      apply_capacity(unit);
      pending_fill_.push_back(unit);
    } else if (u.escalated && (base <= 0 || in_use < e.close_below * base)) {
      u.escalated = false;
      apply_capacity(unit);
    }
  }

  void apply_capacity(int unit) {
    UnitState& u = units_[size_t(unit)];
    int64_t cap = u.base_capacity;
    const int64_t extra = u.escalated ? s_.units[size_t(unit)].escalation.beds : 0;
    if (cap != sim::kUnlimited) cap += extra;
    u.pool.set_capacity(cap);
    u.capacity.set(now_, cap == sim::kUnlimited ? 0 : cap);
    u.escalation_open.set(now_, extra);
  }

  int64_t capacity_at(const Unit& unit, Time t) const {
    return std::min(s_.capacity_at(unit.capacity, t), unit.staffed_limit);
  }

  // A schedule changes only at the times of day its lines name and at midnight (for days and
  // dates): those are the only instants where the capacity is re-evaluated.
  void schedule_capacity_changes(Time end) {
    for (size_t u = 0; u < s_.units.size(); ++u) {
      const Capacity& c = s_.units[u].capacity;
      if (c.schedule.empty()) continue;
      std::set<int> minutes = {0};
      for (const auto& r : c.schedule) {
        minutes.insert(r.from_minute % 1440);
        minutes.insert(r.to_minute % 1440);
      }
      int64_t current = capacity_at(s_.units[u], Time());
      for (int64_t day = 0;; ++day) {
        const Time day_start = days_.first_midnight() + Duration::days(double(day));
        if (day_start >= end) break;
        for (int m : minutes) {
          const Time t = day_start + Duration::minutes(m);
          if (t <= Time() || t >= end) continue;
          const int64_t c_now = capacity_at(s_.units[u], t);
          if (c_now != current) {
            events_.push(t, kFirst,
                         Payload{uint32_t(u), uint32_t(c_now), EventKind::kCapacityChange});
            current = c_now;
          }
        }
      }
    }
  }

  void on_capacity_change(uint32_t unit, uint32_t capacity) {
    units_[unit].base_capacity = capacity;
    apply_capacity(int(unit));
    if (s_.units[unit].escalation.beds > 0) check_escalation(int(unit));
    pending_fill_.push_back(int(unit));
  }

  // --- today's patients -------------------------------------------------------------------------

  // Patients present when the run starts. Their remaining stay is drawn from the residual of the
  // unit's stay: a census finds long stays more often than admissions do (length bias), so each
  // patient's stay is drawn from the length-biased distribution, and the patient is a uniform
  // share of the way through it.
  void place_initial_patients() {
    std::vector<uint32_t> ready;
    for (size_t u = 0; u < s_.units.size(); ++u) {
      const InitialState& init = s_.units[u].initial;
      if (init.patients == 0 && init.queued == 0) continue;
      const sim::StreamFamily streams(s_.seed, replication_,
                                      sim::purpose_hash("initial/" + s_.units[u].name));
      // Those ready to leave wait for another unit: they are of the cohorts with a route to one
      // (a cohort that only goes to "exit" would leave at once). The loader checks there is one.
      std::vector<double> ready_share = init.cohort_share;
      double ready_total = 0;
      for (size_t c = 0; c < ready_share.size(); ++c) {
        const auto& routes = s_.units[u].routes[c];
        if (std::none_of(routes.begin(), routes.end(),
                         [](const Route& r) { return r.to >= 0 && r.p > 0; }))
          ready_share[c] = 0;
        ready_total += ready_share[c];
      }
      if (ready_total > 0)
        for (double& share : ready_share) share /= ready_total;
      else
        ready_share = init.cohort_share;
      const ShareTable ready_cohort(ready_share), cohort(init.cohort_share);
      for (int64_t k = 0; k < init.patients + init.queued; ++k) {
        const uint32_t id = new_patient();
        Patient& p = patients_[id];
        streams.seed(p.rng, uint64_t(k));
        p.cohort = (k < init.ready_to_leave ? ready_cohort : cohort).draw(p.rng);
        p.arrived = now_;
        ++initial_total_;
        if (k >= init.patients) {
          join_queue(id, int(u));
          continue;
        }
        const bool fit = k < init.ready_to_leave;
        place_initial(id, int(u), fit);
        if (fit) ready.push_back(id);
      }
      // A queue does not wait beside a free place (found by nhs_services_test's "a queued
      // patient takes a place that is free").
      if (init.queued > 0) pending_fill_.push_back(int(u));
    }
    fill_pending_units();
    // Those ready to leave move only once every unit holds its own patients of today, so that
    // a place downstream is theirs only if it is free (whatever the order of the units in the
    // file: found by nhs_services_test's "today's patients ready to leave ... wait").
    for (uint32_t id : ready) leave_towards(id);
  }

  void place_initial(uint32_t id, int unit, bool ready) {
    UnitState& st = units_[size_t(unit)];
    Patient& p = patients_[id];
    const Unit& spec = s_.units[size_t(unit)];
    st.pool.occupy();
    occupancy_changed(unit, +1);
    p.unit = unit;
    p.state = PatientState::kInService;
    p.service_start = now_;
    p.spell_start = now_;
    p.ed_arrived = now_;
    if (ready) {
      p.route = draw_route(id, unit, true);
      p.ready = now_;
      // As at the end of a service: no criteria to reside unless bound for another acute ward,
      // boarding in A&E when bound for one (found in review).
      const int to = p.route >= 0 ? route_of(p).to : kExit;
      if (spec.kind == UnitKind::kAcute) acute_.on_ready_to_leave(p, kind(to), now_);
      if (spec.kind == UnitKind::kEd) ed_.on_ready_to_leave(p, kind(to), now_);
      p.state = PatientState::kInDelay;
      return;  // place_initial_patients() moves them on
    }
    const bool residual = !spec.initial.has_remaining;
    p.route = residual ? draw_census_route(id, unit) : draw_route(id, unit);
    const sim::Distribution& stay =
        p.route >= 0 && route_of(p).has_stay ? route_of(p).stay : spec.service_for(p.cohort, 0);
    double remaining = 0, whole = 0;
    if (residual) {
      whole = stay.sample_length_biased(p.rng);
      remaining = whole * p.rng.uniform();
    } else {
      // With only the time still to go given, today's patient is taken to be past the step-down
      // point (elapsed = whole below): an eligible one is checked at once.
      remaining = whole = spec.initial.remaining.sample(p.rng);
    }
    push_patient_event(now_ + Duration::hours(remaining), kDeparture, id, EventKind::kServiceEnd);
    // Their spell began before the run, so that acute.los_mean_d counts all of it (found in
    // review: without a warm-up it read 4 days against 30-day stays).
    if (residual) p.spell_start = now_ - Duration::hours(whole - remaining);
    // Today's ward patients may step down too, once past the rule's share of their stay.
    if (!spec.step_down.empty())
      schedule_step_down(id, whole, residual ? whole - remaining : whole);
  }

  // The route of a patient found part-way through their stay. Where routes have stays of their
  // own, a census finds patients bound for a route with a long stay more often than admissions
  // take it: in proportion to its probability times its mean stay (found by nhs_services_test's
  // "today's patients are bound for each route in proportion to its stay").
  int32_t draw_census_route(uint32_t id, int unit) {
    Patient& p = patients_[id];
    const Unit& spec = s_.units[size_t(unit)];
    const auto& routes = spec.routes[p.cohort];
    const bool own_stays = std::any_of(routes.begin(), routes.end(),
                                       [](const Route& r) { return r.has_stay && r.p > 0; });
    if (routes.size() <= 1 || !own_stays) return draw_route(id, unit);
    const int32_t r = pick_weighted(
        routes.size(),
        [&](size_t i) {
          return routes[i].p *
                 (routes[i].has_stay ? routes[i].stay : spec.service_for(p.cohort, 0)).mean();
        },
        p.rng);
    return r < 0 ? draw_route(id, unit) : r;
  }

  // --- electives -------------------------------------------------------------------------------

  void start_electives(Time end) {
    const Electives& e = s_.electives;
    const sim::StreamFamily backlog(s_.seed, replication_, sim::purpose_hash("elective/backlog"));
    for (int64_t k = 0; k < e.backlog; ++k) {
      const uint32_t id = new_patient();
      Patient& p = patients_[id];
      backlog.seed(p.rng, uint64_t(k));
      const double waited = e.backlog_waited.sample(p.rng);
      ++initial_total_;
      put_on_list(id, now_ - Duration::hours(waited));
    }
    referral_patients_ = {s_.seed, replication_, sim::purpose_hash("elective/patient")};
    schedule_next_referral();
    // Theatre sessions, day by day; bank holidays run as Sundays and cancelled dates have none.
    for (int64_t day = 0;; ++day) {
      const Time day_start = days_.first_midnight() + Duration::days(double(day));
      if (day_start >= end) break;
      const sim::CivilDate date = calendar_.date(day_start);
      bool cancelled = false;
      for (const auto& r : e.sessions_cancelled)
        if (!(date < r.from) && !(r.to < date)) cancelled = true;
      if (cancelled) continue;
      const int weekday = days_.day_of_week(day_start);
      for (size_t i = 0; i < e.sessions.size(); ++i) {
        const TheatreSession& session = e.sessions[i];
        const Time t = day_start + Duration::minutes(session.minute);
        if ((session.weekdays & (1u << weekday)) && t >= Time() && t < end)
          events_.push(t, kSession, Payload{uint32_t(i), 0, EventKind::kSession});
      }
    }
    if (e.mutual_aid_per_week > 0) {
      for (Time t = Duration::days(7); t < end; t = t + Duration::days(7))
        events_.push(t, kFirst, Payload{0, 0, EventKind::kMutualAid});
    }
  }

  void schedule_next_referral() {
    const Time next = next_poisson(referral_process_);
    if (next < s_.horizon) events_.push(next, kArrival, Payload{0, 0, EventKind::kReferral});
  }

  void on_referral() {
    if (turn_away_at_limit()) {
      ++referral_count_;
      schedule_next_referral();
      return;
    }
    const uint32_t id = new_patient();
    Patient& p = patients_[id];
    referral_patients_.seed(p.rng, referral_count_++);
    ++arrived_total_;
    if (measuring()) {
      ++system_arrivals_;
      ++elective_.referrals;
    }
    schedule_next_referral();
    put_on_list(id, now_);
  }

  // What belongs to the patient (cohort, clinical priority, day case or not) is drawn from their
  // own stream, so every variant lists the same patients.
  void put_on_list(uint32_t id, Time listed) {
    const Electives& e = s_.electives;
    Patient& p = patients_[id];
    p.cohort = elective_cohort_.draw(p.rng);
    p.elective_priority = uint8_t(elective_priority_.draw(p.rng));
    p.day_case = p.rng.uniform() < e.day_case[p.cohort];
    p.arrived = now_;
    p.listed = listed;
    p.state = PatientState::kListed;
    ++p.token;
    list_[p.elective_priority].add(listed.ticks(), id);
    ++list_size_;
    if (e.has_removal) {
      // A backlog patient's removal is drawn afresh from today, as if removals were memoryless.
      const Time removal = std::max(listed, now_) + Duration::hours(e.removal.sample(p.rng));
      if (removal < s_.horizon) push_patient_event(removal, kTransfer, id, EventKind::kListRemoval);
    }
  }

  void take_off_list(uint32_t id) {
    Patient& p = patients_[id];
    list_[p.elective_priority].remove(p.listed.ticks(), id);
    --list_size_;
    ++p.token;
  }

  void on_list_removal(uint32_t id) {
    take_off_list(id);
    if (measuring()) ++elective_.removed;
    depart(id);
  }

  // By clinical priority, then the longest wait. An inpatient case with no free bed is cancelled
  // on the day and stays on the list where it was; its slot in the session is lost.
  void on_session(uint32_t session) {
    const Electives& e = s_.electives;
    int64_t slots = e.sessions[session].cases;
    for (auto& by_priority : list_) {
      by_priority.each([&](uint32_t id) {
        if (slots == 0) return false;
        --slots;
        Patient& p = patients_[id];
        if (!p.day_case && !units_[size_t(e.inpatient_to)].pool.has_free_place()) {
          // The ward turned the case away: an arrival that found it full, and lost to it.
          if (measuring()) {
            ++elective_.cancelled_no_bed;
            UnitState& ward = units_[size_t(e.inpatient_to)];
            ++ward.arrivals;
            ++ward.full_on_arrival;
            ++ward.lost;
          }
          return true;
        }
        take_off_list(id);
        if (measuring()) {
          ++elective_.treated;
          elective_.wait_treated_weeks.add((now_ - p.listed).to_days() / 7.0);
          if (now_ - p.listed <= e.priorities[p.elective_priority].target)
            ++elective_.treated_within_target;
          if (p.day_case) ++elective_.treated_day_case;
        }
        if (p.day_case) {
          depart(id);
        } else {
          if (measuring()) ++units_[size_t(e.inpatient_to)].arrivals;
          start_service(id, e.inpatient_to, Duration(), -1);
        }
        return true;
      });
    }
  }

  // Mutual aid: the longest waiters beyond the threshold go to another provider with room.
  void on_mutual_aid() {
    const Electives& e = s_.electives;
    for (int64_t n = 0; n < e.mutual_aid_per_week; ++n) {
      int best = -1;
      for (size_t i = 0; i < list_.size(); ++i) {
        if (list_[i].empty()) continue;
        if (best < 0 || list_[i].first().first < list_[size_t(best)].first().first) best = int(i);
      }
      if (best < 0) return;
      const auto [listed, id] = list_[size_t(best)].first();
      if (now_ - Duration::ticks(listed) <= e.mutual_aid_after) return;
      take_off_list(id);
      if (measuring()) ++elective_.transferred;
      depart(id);
    }
  }

  // Patients on the list who have waited longer than their clinical priority's target.
  int64_t waiting_over_target() const {
    int64_t n = 0;
    for (size_t i = 0; i < list_.size(); ++i) {
      n += list_[i].listed_before((now_ - s_.electives.priorities[i].target).ticks());
    }
    return n;
  }

  // Patients on the list who have waited longer than `weeks` now.
  int64_t waiting_longer_than(double weeks) const {
    const int64_t cutoff = (now_ - Duration::weeks(weeks)).ticks();
    int64_t n = 0;
    for (const auto& by_priority : list_) n += by_priority.listed_before(cutoff);
    return n;
  }

  // --- days, warm-up and patients ----------------------------------------------------------------

  // A daily series: the mean over the day of a sum of time-weighted quantities, or a count.
  struct DailySeries {
    std::string name;
    std::vector<const sim::TimeWeighted*> parts;  // summed; empty for the special series
    enum class Special { kNone, kEdWithin4h, kListSize } special = Special::kNone;
    double mark = 0;  // the summed integral at the start of the day
  };

  void define_daily_series() {
    for (size_t u = 0; u < s_.units.size(); ++u)
      daily_series_.push_back({"unit." + s_.units[u].name + ".occupancy", {&units_[u].occupancy}});
    if (has_kind(s_, UnitKind::kEd)) {
      daily_series_.push_back({"ed.within_4h_pct", {}, DailySeries::Special::kEdWithin4h});
      daily_series_.push_back({"ed.boarding", {&ed_.stats.boarding}});
    }
    if (has_kind(s_, UnitKind::kAcute))
      daily_series_.push_back({"acute.nctr", {&acute_.stats.nctr}});
    if (has_kind(s_, UnitKind::kVirtualWard)) {
      DailySeries vw{"vw.occupancy", {}};
      for (size_t u = 0; u < s_.units.size(); ++u)
        if (s_.units[u].kind == UnitKind::kVirtualWard) vw.parts.push_back(&units_[u].occupancy);
      daily_series_.push_back(vw);
    }
    if (s_.electives.present)
      daily_series_.push_back({"elective.list_size", {}, DailySeries::Special::kListSize});
  }

  double integral(const DailySeries& d) const {
    double sum = 0;
    for (const auto* tw : d.parts) sum += tw->integral_hours(now_);
    return sum;
  }

  void record_day() {
    if (now_ <= last_day_end_) return;
    const double span_h = hours(now_ - last_day_end_);
    std::vector<double> row;
    for (auto& d : daily_series_) {
      switch (d.special) {
        case DailySeries::Special::kNone: {
          const double now_integral = integral(d);
          row.push_back((now_integral - d.mark) / span_h);
          d.mark = now_integral;
          break;
        }
        case DailySeries::Special::kEdWithin4h:
          row.push_back(ed_.take_day_within_4h_pct());
          break;
        case DailySeries::Special::kListSize:
          row.push_back(double(list_size_));
          break;
      }
    }
    daily_.push_back(std::move(row));
    last_day_end_ = now_;
  }

  void on_warmup_end() {
    // Daily means must span the reset: carry the part of today already accumulated.
    for (auto& d : daily_series_)
      if (d.special == DailySeries::Special::kNone) d.mark -= integral(d);
    for (auto& u : units_) {
      u.occupancy.reset(now_);
      u.queue_length.reset(now_);
      u.capacity.reset(now_);
      u.escalation_open.reset(now_);
      u.levels.reset(now_);
    }
    in_system_.reset(now_);
    ed_.on_warmup_end(now_);
    acute_.on_warmup_end(now_);
  }

  uint32_t new_patient() {
    in_system_.add(now_, 1);
    uint32_t id;
    if (!free_ids_.empty()) {
      id = free_ids_.back();
      free_ids_.pop_back();
      // Everything but the token, which must keep counting so that stale events stay stale.
      Patient& p = patients_[id];
      const uint32_t token = p.token + 1;
      // Copied from a blank record kept for the purpose: building one in place zeroed it with a
      // `rep stos`, slow to start, and a temporary on the stack stalled on its stores.
      p = kBlankPatient;
      p.token = token;
    } else {
      id = uint32_t(patients_.size());
      patients_.emplace_back().token = 1;
    }
    patients_[id].state = PatientState::kQueued;
    return id;
  }

  void free_patient(uint32_t id) {
    in_system_.add(now_, -1);
    Patient& p = patients_[id];
    ++p.token;
    p.state = PatientState::kFree;
    p.unit = -1;
    p.waiting_for = -1;
    free_ids_.push_back(id);
  }

  // Every patient who arrived has left, been lost, or is in exactly one place; every place and
  // every entry in a line is one patient's.
  void check_census() const {
    Census c;
    c.initial = initial_total_;
    c.arrived = arrived_total_;
    c.departed = departed_total_;
    c.lost = lost_total_;
    c.inside = in_system_.value();
    c.list_size = list_size_;
    c.nctr = acute_.nctr();
    c.boarding = ed_.boarding();
    c.units.resize(units_.size());
    for (size_t i = 0; i < units_.size(); ++i) {
      Census::Unit& u = c.units[i];
      u.name = s_.units[i].name;
      u.assessment = s_.units[i].kind == UnitKind::kAssessment;
      u.in_use = units_[i].pool.in_use();
      u.occupancy = units_[i].occupancy.value();
      u.queue = int64_t(units_[i].pool.queue().size());
      u.blocked = int64_t(units_[i].pool.blocked().size());
    }
    auto unit = [&](int32_t index) -> Census::Unit* {
      return index >= 0 && size_t(index) < c.units.size() ? &c.units[size_t(index)] : nullptr;
    };
    for (const auto& p : patients_) {
      if (p.state == PatientState::kFree) continue;
      ++c.tracked;
      switch (p.state) {
        case PatientState::kQueued:
          if (Census::Unit* u = unit(p.waiting_for)) ++u->queued;
          break;
        case PatientState::kListed:
          ++c.listed;
          break;
        default:  // holding a place, and perhaps an assessor or a place in a line besides
          if (Census::Unit* u = unit(p.unit)) ++u->holding;
          if (Census::Unit* u = unit(p.waiting_for))
            ++(p.state == PatientState::kAssessing ? u->holding : u->waiting);
          break;
      }
    }
    const std::string problems = census_problems(c);
    if (!problems.empty())
      throw InternalError("internal error at the end of replication " +
                          std::to_string(replication_ + 1) + " (simulated time " +
                          sim::format_duration(now_) + "): " + problems);
  }

  static double unit_value(const UnitState& u, UnitMetric id, Time end, double measured_days) {
    switch (id) {
      case UnitMetric::kArrivals:
        return double(u.arrivals);
      case UnitMetric::kLost:
        return double(u.lost);
      case UnitMetric::kPLost:
        return u.arrivals > 0 ? double(u.lost) / double(u.arrivals) : 0.0;
      case UnitMetric::kEntered:
        return double(u.entered);
      case UnitMetric::kWaitMean:
        return u.wait.mean();
      case UnitMetric::kWaitP95:
        return u.wait_quantiles.quantile(0.95);
      case UnitMetric::kServiceMean:
        return u.service.mean();
      case UnitMetric::kBlockedMean:
        return u.blocked.mean();
      case UnitMetric::kTransferWaitMean:
        return u.transfer_wait.mean();
      case UnitMetric::kOccupancyMean:
        return u.occupancy.mean(end);
      case UnitMetric::kOccupancyP50:
        return double(u.levels.quantile(end, 0.50));
      case UnitMetric::kOccupancyP95:
        return double(u.levels.quantile(end, 0.95));
      case UnitMetric::kUtilisation: {
        const double cap = u.capacity.mean(end);
        return cap > 0 ? u.occupancy.mean(end) / cap : 0.0;
      }
      case UnitMetric::kPFullOnArrival:
        return u.arrivals > 0 ? double(u.full_on_arrival) / double(u.arrivals) : 0.0;
      case UnitMetric::kQueueMean:
        return u.queue_length.mean(end);
      case UnitMetric::kOverflowed:
        return double(u.overflowed);
      case UnitMetric::kLeftUnseen:
        return double(u.reneged);
      case UnitMetric::kEscalationBedDays:
        return u.escalation_open.mean(end) * measured_days;
    }
    return 0;
  }

 private:
  const Scenario& s_;
  const uint64_t replication_;
  const SimulationLimits limits_;
  const sim::Calendar calendar_;
  const RunDays days_;
  Time now_;
  sim::EventQueue<Payload> events_;
  std::vector<UnitState> units_;
  std::vector<UnitKind> kind_of_;  // kind(u) at u + 1, kGeneral at 0 for exit: kind()
  std::vector<std::vector<ShareTable>> route_tables_;  // by unit, then cohort: draw_route()
  std::vector<Patient, RecordAllocator<Patient>> patients_;
  std::vector<uint32_t> free_ids_;
  std::vector<int> pending_fill_;
  std::vector<PoissonProcess> arrival_process_;
  std::vector<uint64_t> arrival_count_;
  std::vector<sim::StreamFamily> arrival_patients_;      // each patient's own stream, by arrival
  std::vector<ShareTable> arrival_cohort_;               // by arrival stream
  std::vector<std::vector<ShareTable>> arrival_acuity_;  // by arrival stream, then cohort
  int64_t initial_total_ = 0, arrived_total_ = 0, departed_total_ = 0, lost_total_ = 0;
  int64_t system_arrivals_ = 0, system_departures_ = 0, system_lost_ = 0;
  sim::TimeWeighted in_system_;
  sim::Tally time_in_system_;
  nhs::Ed ed_;
  nhs::Acute acute_;
  VirtualWardStats vw_;
  ElectiveStats elective_;
  // The waiting list by clinical priority, each ordered by listing time: longest wait first.
  std::vector<ListByWait> list_;
  int64_t list_size_ = 0;
  ShareTable elective_cohort_, elective_priority_;
  PoissonProcess referral_process_;
  sim::StreamFamily referral_patients_;
  uint64_t referral_count_ = 0;
  std::vector<DailySeries> daily_series_;
  std::vector<std::vector<double>> daily_;
  Time last_day_end_;
  int64_t turned_away_ = 0;
  double halfway_inside_h_ = 0;  // patients inside, integrated from the warm-up to halfway
};

void Simulation::report(Report& r) const {
  const Time end = now_;
  const double measured_days = (s_.horizon - s_.warmup).to_days();
  for (size_t i = 0; i < units_.size(); ++i) {
    for (const auto& metric : kUnitMetrics) {
      if (!unit_reports(s_, i, metric.id)) continue;
      r.add("unit." + s_.units[i].name + "." + metric.name,
            unit_value(units_[i], metric.id, end, measured_days));
    }
  }

  if (has_kind(s_, UnitKind::kEd)) {
    ed_.report(r, end);
  }

  if (has_kind(s_, UnitKind::kAcute)) {
    acute_.report(r, s_, units_, end, measured_days);
  }

  if (has_kind(s_, UnitKind::kVirtualWard)) {
    double occupied = 0, places = 0;
    for (size_t i = 0; i < units_.size(); ++i) {
      if (s_.units[i].kind != UnitKind::kVirtualWard) continue;
      occupied += units_[i].occupancy.mean(end);
      places += units_[i].capacity.mean(end);
    }
    r.add("vw.places", places);
    r.add("vw.occupancy_mean_pct", pct(occupied, places));
    r.add("vw.step_up", double(vw_.step_up));
    r.add("vw.step_down", double(vw_.step_down));
    r.add("vw.escalated_to_hospital", double(vw_.escalated));
    r.add("vw.bed_days", occupied * measured_days);
    r.add("vw.referrals_refused", double(vw_.refused));
  }

  if (s_.electives.present) {
    const double size = double(list_size_);
    r.add("elective.referrals", double(elective_.referrals));
    r.add("elective.treated", double(elective_.treated));
    r.add("elective.treated_day_case", double(elective_.treated_day_case));
    r.add("elective.cancelled_no_bed", double(elective_.cancelled_no_bed));
    r.add("elective.removed", double(elective_.removed));
    r.add("elective.transferred_out", double(elective_.transferred));
    r.add("elective.list_size_end", size);
    r.add("elective.within_18w_pct_end",
          size > 0 ? 100.0 - pct(double(waiting_longer_than(18)), size) : 100.0);
    r.add("elective.over_52w_end", double(waiting_longer_than(52)));
    r.add("elective.over_65w_end", double(waiting_longer_than(65)));
    r.add("elective.over_78w_end", double(waiting_longer_than(78)));
    r.add("elective.over_104w_end", double(waiting_longer_than(104)));
    r.add("elective.wait_treated_mean_w", elective_.wait_treated_weeks.mean());
    r.add("elective.treated_within_target_pct",
          pct(double(elective_.treated_within_target), double(elective_.treated)));
    r.add("elective.over_target_end", double(waiting_over_target()));
  }

  if (has_costs(s_)) {
    // By kind of unit: occupied place-days at the daily cost, plus a cost per patient.
    double by_kind[6] = {0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < units_.size(); ++i) {
      const Unit& u = s_.units[i];
      by_kind[size_t(u.kind)] += units_[i].occupancy.mean(end) * measured_days * u.cost_per_day +
                                 double(units_[i].entered) * u.cost_per_entry;
    }
    const double cancelled = double(elective_.cancelled_no_bed) * s_.cost_cancelled_operation;
    const double other =
        by_kind[size_t(UnitKind::kGeneral)] + by_kind[size_t(UnitKind::kAssessment)];
    double total = cancelled;
    for (double c : by_kind) total += c;
    r.add("cost.total_gbp", total);
    r.add("cost.ed_gbp", by_kind[size_t(UnitKind::kEd)]);
    r.add("cost.acute_gbp", by_kind[size_t(UnitKind::kAcute)]);
    r.add("cost.virtual_ward_gbp", by_kind[size_t(UnitKind::kVirtualWard)]);
    r.add("cost.community_gbp", by_kind[size_t(UnitKind::kCommunity)]);
    r.add("cost.other_gbp", other);
    r.add("cost.cancelled_operations_gbp", cancelled);
  }

  r.add("system.arrivals", double(system_arrivals_));
  r.add("system.departures", double(system_departures_));
  r.add("system.lost", double(system_lost_));
  r.add("system.in_system_end", double(in_system_.value()));
  r.add("system.in_system_mean", in_system_.mean(end));
  r.add("system.time_in_system_mean_h", time_in_system_.mean());
}

}  // namespace

std::string census_problems(const Census& c) {
  std::vector<std::string> problems;
  auto n = [](int64_t v) { return std::to_string(v); };
  if (c.initial + c.arrived != c.departed + c.lost + c.inside)
    problems.push_back("patients are not conserved: present at the start " + n(c.initial) +
                       " + arrived " + n(c.arrived) + " != departed " + n(c.departed) + " + lost " +
                       n(c.lost) + " + inside " + n(c.inside));
  int64_t placed = 0, queued = 0;
  for (const auto& u : c.units) {
    const std::string unit = "unit " + u.name + ": ";
    if (u.in_use < 0 || u.occupancy < 0)
      problems.push_back(unit + "occupancy below zero (" + n(u.occupancy) + ", places in use " +
                         n(u.in_use) + ")");
    else if (u.occupancy != u.in_use)
      problems.push_back(unit + "occupancy " + n(u.occupancy) +
                         " disagrees with its places in use " + n(u.in_use));
    if (u.holding != u.in_use)
      problems.push_back(unit + n(u.in_use) + " places in use but " + n(u.holding) +
                         " patients hold one (a patient in two places, or a place nobody holds)");
    if (u.queued != u.queue)
      problems.push_back(unit + "a queue of " + n(u.queue) + " but " + n(u.queued) +
                         " patients queued in it");
    if (u.waiting != u.blocked)
      problems.push_back(unit + n(u.blocked) + " waiting to move in but " + n(u.waiting) +
                         " patients waiting for it");
    if (!u.assessment) placed += u.in_use;
    queued += u.queue;
  }
  if (c.listed != c.list_size)
    problems.push_back("a waiting list of " + n(c.list_size) + " but " + n(c.listed) +
                       " patients listed");
  if (placed + queued + c.list_size != c.inside || c.tracked != c.inside)
    problems.push_back(n(c.inside) + " patients inside but " + n(placed) + " hold places, " +
                       n(queued + c.list_size) + " are waiting and " + n(c.tracked) +
                       " are tracked");
  if (c.nctr < 0 || c.boarding < 0)
    problems.push_back("a count of patients went below zero (no criteria to reside " + n(c.nctr) +
                       ", boarding " + n(c.boarding) + ")");
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p;
  return out;
}

const char* kind_name(UnitKind k) {
  switch (k) {
    case UnitKind::kGeneral:
      return "general";
    case UnitKind::kEd:
      return "ed";
    case UnitKind::kAcute:
      return "acute";
    case UnitKind::kVirtualWard:
      return "virtual_ward";
    case UnitKind::kCommunity:
      return "community";
    case UnitKind::kAssessment:
      return "assessment";
  }
  return "general";
}

std::vector<std::string> metric_names(const Scenario& s) {
  Simulation sim(s, 0);
  Report r;
  r.names_only = true;
  sim.report(r);
  return r.names;
}

std::vector<std::string> daily_series_names(const Scenario& s) {
  return Simulation(s, 0).daily_names();
}

std::vector<int> occupancy_units(const Scenario& s) {
  std::vector<int> out;
  for (size_t u = 0; u < s.units.size(); ++u)
    if (!s.units[u].capacity.unlimited() || s.units[u].staffed_limit != sim::kUnlimited)
      out.push_back(int(u));
  return out;
}

ReplicationResult simulate(const Scenario& scenario, uint64_t replication,
                           const SimulationLimits& limits) {
  sim::retain_freed_memory();
  Simulation sim(scenario, replication, limits);
  return sim.run();
}

}  // namespace flowsim::models
