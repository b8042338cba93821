#include "models/flow_model.h"

#include <cmath>
#include <set>
#include <sstream>

#include "sim/event_queue.h"
#include "sim/random.h"
#include "sim/stats.h"

namespace flowsim::models {
namespace {

using sim::Duration;
using sim::Time;

// Same-instant priority classes (see flow_model.h).
enum Priority : int { kFirst = 0, kDeparture = 1, kTransfer = 2, kArrival = 3, kLast = 255 };

enum class EventKind : uint8_t {
  kArrival,
  kServiceEnd,
  kDelayEnd,
  kCapacityChange,
  kWarmupEnd,
  kRunEnd,
  kTransfer,  // a transfer to a full unit whose route loses or overflows it, decided late
};

struct Payload {
  uint32_t a = 0;  // patient, unit or stream
  uint32_t b = 0;  // new capacity (capacity changes)
  EventKind kind = EventKind::kArrival;
};

enum class PatientState : uint8_t { kFree, kQueued, kInService, kInDelay, kBlocked };

struct Patient {
  sim::RandomStream rng;  // the patient's own stream: cohort, service times, routes, delays
  Time arrived;           // into the system
  Time since;             // joined a queue / became ready to leave
  Time service_start;
  int32_t unit = -1;         // unit whose place the patient holds
  int32_t waiting_for = -1;  // unit whose queue or blocked line the patient is in
  int32_t route = -1;        // chosen route out of `unit`
  uint16_t cohort = 0;
  int16_t priority = 0;
  PatientState state = PatientState::kFree;
};

struct UnitState {
  sim::CapacityPool pool;
  sim::TimeWeighted occupancy, queue_length, capacity;
  int64_t arrivals = 0, lost = 0, entered = 0, overflowed = 0;
  sim::Tally wait, service, blocked;
  sim::QuantileHistogram wait_quantiles;
};

double hours(Duration d) {
  return d.to_hours();
}

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
  kOccupancyMean,
  kUtilisation,
  kQueueMean,
  kOverflowed
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
    {UnitMetric::kOccupancyMean, "occupancy_mean"},
    {UnitMetric::kUtilisation, "utilisation"},
    {UnitMetric::kQueueMean, "queue_mean"},
    {UnitMetric::kOverflowed, "overflowed"},
};
constexpr const char* kSystemMetrics[] = {"system.arrivals",       "system.departures",
                                          "system.lost",           "system.in_system_end",
                                          "system.in_system_mean", "system.time_in_system_mean_h"};

bool has_overflow_into(const Scenario& s, size_t unit) {
  for (const auto& u : s.units)
    for (const auto& routes : u.routes)
      for (const auto& r : routes)
        if (r.when_full == WhenFull::kOverflow && r.to == int(unit)) return true;
  return false;
}

// Utilisation needs a finite capacity; overflow counts only exist where a route overflows.
bool unit_reports(const Scenario& s, size_t unit, UnitMetric id) {
  if (id == UnitMetric::kUtilisation) return !s.units[unit].capacity.unlimited();
  if (id == UnitMetric::kOverflowed) return has_overflow_into(s, unit);
  return true;
}

class Simulation {
 public:
  Simulation(const Scenario& s, uint64_t replication)
      : s_(s), replication_(replication), calendar_(s.calendar()), units_(s.units.size()) {
    for (size_t u = 0; u < s.units.size(); ++u) {
      const Unit& unit = s.units[u];
      const int64_t cap =
          unit.capacity.schedule.empty() ? unit.capacity.fixed : capacity_at(unit.capacity, Time());
      units_[u].pool = sim::CapacityPool(cap, unit.discipline, unit.queue_limit);
      units_[u].capacity.set(Time(), cap == sim::kUnlimited ? 0 : cap);
    }
    arrival_rng_.resize(s.arrivals.size());
    arrival_count_.assign(s.arrivals.size(), 0);
    patient_purpose_.resize(s.arrivals.size());
    for (size_t a = 0; a < s.arrivals.size(); ++a) {
      arrival_rng_[a].reseed(
          {s.seed, replication, sim::purpose_hash("arrivals/" + s.arrivals[a].name), 0});
      patient_purpose_[a] = sim::purpose_hash("patient/" + s.arrivals[a].name);
    }
  }

  std::vector<double> run() {
    const Time end = s_.horizon;
    events_.push(s_.warmup, kFirst, Payload{0, 0, EventKind::kWarmupEnd});
    events_.push(end, kLast, Payload{0, 0, EventKind::kRunEnd});
    schedule_capacity_changes(end);
    for (size_t a = 0; a < s_.arrivals.size(); ++a) schedule_next_arrival(uint32_t(a));

    for (;;) {
      const auto e = events_.pop();
      if (e.time < now_)
        throw InternalError("time went backwards at event " + std::to_string(e.id()));
      now_ = e.time;
      if (e.payload.kind == EventKind::kRunEnd) break;
      handle(e.payload);
      fill_pending_units();
    }
    check_conservation();
    return metrics();
  }

 private:
  void handle(const Payload& p) {
    switch (p.kind) {
      case EventKind::kArrival:
        on_arrival(p.a);
        break;
      case EventKind::kServiceEnd:
        on_service_end(p.a);
        break;
      case EventKind::kDelayEnd:
        ready_to_leave(p.a);
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
        transfer(p.a, false);
        break;
    }
  }

  bool measuring() const { return now_ >= s_.warmup; }

  // --- arrivals -------------------------------------------------------------------------------

  // The arrival stream's rate at time t, per hour.
  double rate_at(const ArrivalStream& a, Time t) const {
    double r = a.rate_per_hour * a.profile.hour[size_t(calendar_.hour_of_day(t))] *
               a.profile.weekday[size_t(calendar_.weekday(t))];
    if (!a.profile.periods.empty()) {
      const sim::CivilDate d = calendar_.date(t);
      for (const auto& period : a.profile.periods)
        if (!(d < period.from) && !(period.to < d)) r *= period.factor;
    }
    return r;
  }

  // Non-homogeneous Poisson process by inversion of the cumulative rate: the profile is constant
  // within each clock hour, so a unit-rate exponential is spent hour by hour.
  void schedule_next_arrival(uint32_t stream) {
    const ArrivalStream& a = s_.arrivals[stream];
    double remaining = -std::log(arrival_rng_[stream].uniform_pos());
    Time t = now_;
    Time next = Duration::max();
    if (a.profile.is_flat()) {
      if (a.rate_per_hour > 0) next = t + Duration::hours(remaining / a.rate_per_hour);
    } else {
      while (t < s_.horizon) {
        const Time boundary = calendar_.next_hour(t);
        const double r = rate_at(a, t);
        const double span = hours(boundary - t);
        if (r * span >= remaining) {
          next = t + Duration::hours(remaining / r);
          // Rounding to whole ticks must not carry an arrival onto the boundary, into the next
          // hour, whose rate may be zero (found by validation_test's hour-of-day profile).
          if (next >= boundary) next = boundary - Duration::ticks(1);
          break;
        }
        remaining -= r * span;
        t = boundary;
      }
    }
    if (next < s_.horizon) events_.push(next, kArrival, Payload{stream, 0, EventKind::kArrival});
  }

  void on_arrival(uint32_t stream) {
    const ArrivalStream& a = s_.arrivals[stream];
    const uint32_t id = new_patient();
    Patient& p = patients_[id];
    p.rng.reseed({s_.seed, replication_, patient_purpose_[stream], arrival_count_[stream]++});
    p.cohort = draw_cohort(a, p.rng);
    p.priority = int16_t(s_.cohorts[p.cohort].priority);
    p.arrived = now_;
    ++arrived_total_;
    if (measuring()) ++system_arrivals_;
    schedule_next_arrival(stream);

    UnitState& u = units_[size_t(a.to)];
    if (measuring()) ++u.arrivals;
    if (u.pool.has_free_place()) {
      start_service(id, a.to, Duration());
    } else if (u.pool.queue_has_room()) {
      join_queue(id, a.to);
    } else {
      if (measuring()) ++u.lost;
      lose(id);
    }
  }

  uint16_t draw_cohort(const ArrivalStream& a, sim::RandomStream& rng) const {
    if (a.cohort_share.size() == 1) return 0;
    const double u = rng.uniform();
    double cum = 0;
    size_t last = 0;
    for (size_t c = 0; c < a.cohort_share.size(); ++c) {
      if (a.cohort_share[c] <= 0) continue;
      last = c;
      cum += a.cohort_share[c];
      if (u < cum) return uint16_t(c);
    }
    return uint16_t(last);
  }

  // --- moving between units ---------------------------------------------------------------------

  void start_service(uint32_t id, int unit, Duration waited) {
    UnitState& u = units_[size_t(unit)];
    Patient& p = patients_[id];
    u.pool.occupy();
    u.occupancy.add(now_, 1);
    p.unit = unit;
    p.waiting_for = -1;
    p.state = PatientState::kInService;
    p.service_start = now_;
    if (measuring()) {
      ++u.entered;
      u.wait.add(hours(waited));
      u.wait_quantiles.add(hours(waited));
    }
    const double h = s_.units[size_t(unit)].service[p.cohort].sample(p.rng);
    events_.push(now_ + Duration::hours(h), kDeparture, Payload{id, 0, EventKind::kServiceEnd});
  }

  void join_queue(uint32_t id, int unit) {
    UnitState& u = units_[size_t(unit)];
    Patient& p = patients_[id];
    u.pool.queue().push(id, p.priority, now_);
    u.queue_length.add(now_, 1);
    p.waiting_for = unit;
    p.state = PatientState::kQueued;
  }

  void on_service_end(uint32_t id) {
    Patient& p = patients_[id];
    const Unit& unit = s_.units[size_t(p.unit)];
    if (measuring()) units_[size_t(p.unit)].service.add(hours(now_ - p.service_start));
    const auto& routes = unit.routes[p.cohort];
    p.route = int32_t(routes.size() - 1);
    if (routes.size() > 1) {
      const double u = p.rng.uniform();
      double cum = 0;
      for (size_t r = 0; r < routes.size(); ++r) {
        cum += routes[r].p;
        if (u < cum && routes[r].p > 0) {
          p.route = int32_t(r);
          break;
        }
      }
    }
    const Route& route = routes[size_t(p.route)];
    if (route.has_delay) {
      p.state = PatientState::kInDelay;
      const double h = route.delay.sample(p.rng);
      events_.push(now_ + Duration::hours(h), kDeparture, Payload{id, 0, EventKind::kDelayEnd});
    } else {
      ready_to_leave(id);
    }
  }

  void ready_to_leave(uint32_t id) {
    Patient& p = patients_[id];
    p.since = now_;
    const Route& route = s_.units[size_t(p.unit)].routes[p.cohort][size_t(p.route)];
    if (route.to == kExit) {
      leave_unit(id);
      depart(id);
      return;
    }
    transfer(id, true);
  }

  // Moves a patient ready to leave into the route's destination, or follows its when_full.
  void transfer(uint32_t id, bool may_defer) {
    Patient& p = patients_[id];
    const Route& route = s_.units[size_t(p.unit)].routes[p.cohort][size_t(p.route)];
    UnitState& dest = units_[size_t(route.to)];
    // Same-instant rules 2 and 3: a departure later in this instant may still free a place (found
    // by flow_model_test's "a bed freed at an instant goes to the patient already waiting").
    // Losing or overflowing the patient is decided once every departure at this instant has run;
    // waiting needs no such care, as fill() moves blocked patients when a place frees.
    if (may_defer && route.when_full != WhenFull::kWait && dest.pool.full()) {
      events_.push(now_, kTransfer, Payload{id, 0, EventKind::kTransfer});
      return;
    }
    if (measuring()) ++dest.arrivals;
    if (try_enter(id, route.to)) return;
    switch (route.when_full) {
      case WhenFull::kWait:
        break;
      case WhenFull::kLose:
        if (measuring()) ++dest.lost;
        leave_unit(id);
        lose(id);
        return;
      case WhenFull::kOverflow:
        if (measuring()) {
          ++dest.overflowed;
          ++units_[size_t(route.overflow_to)].arrivals;
        }
        if (try_enter(id, route.overflow_to)) return;
        break;
    }
    // Wait in place, keeping the current place, for the route's own destination.
    p.state = PatientState::kBlocked;
    p.waiting_for = route.to;
    dest.pool.blocked().push(id, p.priority, now_);
  }

  // Moves a patient who holds a place into `unit` if it has a free place or queue room.
  bool try_enter(uint32_t id, int unit) {
    UnitState& u = units_[size_t(unit)];
    if (u.pool.has_free_place()) {
      leave_unit(id);
      start_service(id, unit, Duration());
      return true;
    }
    if (u.pool.queue_has_room()) {
      leave_unit(id);
      join_queue(id, unit);
      return true;
    }
    return false;
  }

  // Gives up the place the patient holds; the unit is refilled once the current event is done.
  void leave_unit(uint32_t id) {
    Patient& p = patients_[id];
    UnitState& u = units_[size_t(p.unit)];
    if (measuring()) u.blocked.add(hours(now_ - p.since));
    u.pool.release();
    u.occupancy.add(now_, -1);
    pending_fill_.push_back(p.unit);
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
    while (u.pool.has_free_place()) {
      if (!queue.empty()) {
        const sim::Waiter w = queue.pop();
        u.queue_length.add(now_, -1);
        start_service(w.entity, unit, now_ - w.since);
        if (!blocked.empty() && u.pool.queue_has_room()) {
          const uint32_t b = blocked.pop().entity;
          leave_unit(b);
          join_queue(b, unit);
        }
      } else if (!blocked.empty()) {
        const uint32_t b = blocked.pop().entity;
        leave_unit(b);
        start_service(b, unit, Duration());
      } else {
        break;
      }
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

  // --- capacity over time ----------------------------------------------------------------------

  int64_t capacity_at(const Capacity& c, Time t) const {
    const int64_t abs_minutes = s_.start_minutes + t.ticks() / Duration::kTicksPerMinute;
    const int minute = int(((abs_minutes % 1440) + 1440) % 1440);
    return c.at(calendar_.date(t), calendar_.weekday(t), minute);
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
      int64_t current = capacity_at(c, Time());
      const int64_t start_of_day = (s_.start_minutes - ((s_.start_minutes % 1440) + 1440) % 1440) -
                                   s_.start_minutes;  // minutes
      for (int64_t day = 0;; ++day) {
        const int64_t day_start = start_of_day + day * 1440;
        if (Duration::minutes(double(day_start)) >= end) break;
        for (int m : minutes) {
          const Time t = Duration::minutes(double(day_start + m));
          if (t <= Time() || t >= end) continue;
          const int64_t c_now = capacity_at(c, t);
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
    UnitState& u = units_[unit];
    u.pool.set_capacity(capacity);
    u.capacity.set(now_, capacity);
    pending_fill_.push_back(int(unit));
  }

  void on_warmup_end() {
    for (auto& u : units_) {
      u.occupancy.reset(now_);
      u.queue_length.reset(now_);
      u.capacity.reset(now_);
    }
    in_system_.reset(now_);
  }

  // --- patients ------------------------------------------------------------------------------

  uint32_t new_patient() {
    in_system_.add(now_, 1);
    if (!free_ids_.empty()) {
      const uint32_t id = free_ids_.back();
      free_ids_.pop_back();
      patients_[id].state = PatientState::kQueued;
      return id;
    }
    patients_.emplace_back();
    patients_.back().state = PatientState::kQueued;
    return uint32_t(patients_.size() - 1);
  }

  void free_patient(uint32_t id) {
    in_system_.add(now_, -1);
    patients_[id].state = PatientState::kFree;
    patients_[id].unit = -1;
    patients_[id].waiting_for = -1;
    free_ids_.push_back(id);
  }

  // Every patient who arrived has left, been lost, or is in exactly one place.
  void check_conservation() const {
    const int64_t inside = in_system_.value();
    std::ostringstream problem;
    if (arrived_total_ != departed_total_ + lost_total_ + inside) {
      problem << "patients are not conserved: arrived " << arrived_total_ << " != departed "
              << departed_total_ << " + lost " << lost_total_ << " + inside " << inside;
    }
    int64_t placed = 0, waiting = 0;
    for (const auto& u : units_) {
      if (u.pool.in_use() < 0 || u.occupancy.value() != u.pool.in_use()) {
        problem << "; a unit's occupancy (" << u.occupancy.value()
                << ") disagrees with its places in use (" << u.pool.in_use() << ")";
      }
      placed += u.pool.in_use();
      waiting += int64_t(u.pool.queue().size());
    }
    int64_t alive = 0;
    for (const auto& p : patients_) alive += p.state != PatientState::kFree;
    if (placed + waiting != inside || alive != inside) {
      problem << "; " << inside << " patients inside but " << placed << " hold places, " << waiting
              << " are queued and " << alive << " are tracked";
    }
    if (!problem.str().empty()) {
      throw InternalError("internal error at the end of replication " +
                          std::to_string(replication_ + 1) + " (simulated time " +
                          sim::format_duration(now_) + "): " + problem.str());
    }
  }

  std::vector<double> metrics() const {
    std::vector<double> out;
    const Time end = now_;
    for (size_t i = 0; i < units_.size(); ++i) {
      const UnitState& u = units_[i];
      for (const auto& metric : kUnitMetrics) {
        if (!unit_reports(s_, i, metric.id)) continue;
        out.push_back(unit_value(u, metric.id, end));
      }
    }
    // In the order of kSystemMetrics.
    out.push_back(double(system_arrivals_));
    out.push_back(double(system_departures_));
    out.push_back(double(system_lost_));
    out.push_back(double(in_system_.value()));
    out.push_back(in_system_.mean(end));
    out.push_back(time_in_system_.mean());
    return out;
  }

  static double unit_value(const UnitState& u, UnitMetric id, Time end) {
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
      case UnitMetric::kOccupancyMean:
        return u.occupancy.mean(end);
      case UnitMetric::kUtilisation: {
        const double cap = u.capacity.mean(end);
        return cap > 0 ? u.occupancy.mean(end) / cap : 0.0;
      }
      case UnitMetric::kQueueMean:
        return u.queue_length.mean(end);
      case UnitMetric::kOverflowed:
        return double(u.overflowed);
    }
    return 0;
  }

 private:
  const Scenario& s_;
  const uint64_t replication_;
  const sim::Calendar calendar_;
  Time now_;
  sim::EventQueue<Payload> events_;
  std::vector<UnitState> units_;
  std::vector<Patient> patients_;
  std::vector<uint32_t> free_ids_;
  std::vector<int> pending_fill_;
  std::vector<sim::RandomStream> arrival_rng_;
  std::vector<uint64_t> arrival_count_;
  std::vector<uint64_t> patient_purpose_;
  int64_t arrived_total_ = 0, departed_total_ = 0, lost_total_ = 0;
  int64_t system_arrivals_ = 0, system_departures_ = 0, system_lost_ = 0;
  sim::TimeWeighted in_system_;
  sim::Tally time_in_system_;
};

}  // namespace

std::vector<std::string> metric_names(const Scenario& s) {
  std::vector<std::string> names;
  for (size_t i = 0; i < s.units.size(); ++i) {
    for (const auto& metric : kUnitMetrics) {
      if (unit_reports(s, i, metric.id))
        names.push_back("unit." + s.units[i].name + "." + metric.name);
    }
  }
  for (const char* m : kSystemMetrics) names.push_back(m);
  return names;
}

std::vector<double> run_replication(const Scenario& scenario, uint64_t replication) {
  Simulation sim(scenario, replication);
  return sim.run();
}

}  // namespace flowsim::models
