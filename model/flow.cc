// The flow: the event loop and its dispatch, and patients moving between units (entering,
// queueing, transfers, blocking, overflow and loss, filling freed places).
#include "model/flow.h"

#include <string>

namespace flowsim::models {

using sim::Duration;
using sim::Time;

Simulation::Simulation(const Scenario& s, uint64_t replication, const SimulationLimits& limits)
    : s_(s),
      clock_(replication),
      limits_(limits),
      calendar_(s.calendar()),
      days_(s),
      units_(s.units.size()),
      vw_(s),
      electives_(s, replication) {
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
  define_daily_series();
}

template <typename Event>
bool Simulation::on_event(const Event& e) {
  if (e.payload.kind == EventKind::kRunEnd) return false;
  prefetch_next_patient();
  handle(e.payload);
  fill_pending_units();
  return true;
}

ReplicationResult Simulation::run() {
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
  if (s_.electives.present) electives_.start(*this, end);
  fill_pending_units();

  sim::run_events(events_, clock_, limits_.stop, *this);
  record_day();  // the last, possibly partial, day
  check_census();
  ReplicationResult out;
  sim::MetricReport r;
  report(r);
  out.metrics = r.take_values();
  for (int u : occupancy_units(s_)) out.occupancy.push_back(units_[size_t(u)].levels.shares(now()));
  out.daily = std::move(daily_);
  out.turned_away = turned_away_;
  out.peak_inside = in_system_.max();
  const double half_h = hours(s_.horizon - halfway());
  if (half_h > 0) {
    out.inside_first_half = halfway_inside_h_ / half_h;
    out.inside_second_half = (in_system_.integral_hours(now()) - halfway_inside_h_) / half_h;
  }
  out.events = events_.popped();
  return out;
}

void Simulation::handle(const Payload& p) {
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
      if (current(p)) vw_.on_step_down_check(*this, p.a);
      break;
    case EventKind::kAssessmentEnd:
      if (current(p)) assessment_.on_end(*this, p.a);
      break;
    case EventKind::kDischarge:
      if (current(p)) leave_towards(p.a);
      break;
    case EventKind::kDayEnd:
      record_day();
      break;
    case EventKind::kReferral:
      electives_.on_referral(*this);
      break;
    case EventKind::kSession:
      electives_.on_session(*this, p.a);
      break;
    case EventKind::kListRemoval:
      if (current(p)) electives_.on_list_removal(*this, p.a);
      break;
    case EventKind::kMutualAid:
      electives_.on_mutual_aid(*this);
      break;
    case EventKind::kHalfway:
      halfway_inside_h_ = in_system_.integral_hours(now());
      break;
  }
}

// Starts loading the record of the patient the next event is about while this one is handled:
// records are read in the order their events fall due, which is no order in memory, and the
// wait for each was the largest single cost of the event loop. (The next event may still
// change; a wasted prefetch costs nothing.)
void Simulation::prefetch_next_patient() {
  if (events_.empty()) return;
  const uint32_t id = events_.top().payload.a;
  if (id >= patients_.size()) return;
  const char* record = reinterpret_cast<const char*>(&patients_[id]);
  __builtin_prefetch(record);
  __builtin_prefetch(record + sizeof(Patient) - 1);
}

// A patient from outside (an arrival or a referral) at a unit: a place, the queue, or lost.
void Simulation::admit_from_outside(uint32_t id, int unit) {
  UnitState& u = units_[size_t(unit)];
  Patient& p = patients_[id];
  if (kind(unit) == UnitKind::kEd) ed_.on_arrival(p, now(), measuring());
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
      vw_.on_refused(kind(unit));
    }
    lose(id);
  }
}

// The route out of `unit` is drawn on arrival there, so that the stay may depend on where the
// patient goes next (a stay that ends in a care home is longer than one that ends at home).
// `to_unit_only`: among the routes to another unit (today's patients already waiting for one).
int32_t Simulation::draw_route(uint32_t id, int unit, bool to_unit_only) {
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

// `from` is the unit the patient has just left, or -1 from outside or the waiting list.
void Simulation::start_service(uint32_t id, int unit, Duration waited, int from) {
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
  p.service_start = now();
  p.assessed = false;
  p.step_down_rule = -1;
  const UnitKind k = spec.kind;
  if (measuring()) {
    ++u.entered;
    u.wait.add(hours(waited));
    u.wait_quantiles.add(hours(waited));
    if (from >= 0) u.transfer_wait.add(hours(now() - p.ready));
    if (k == UnitKind::kVirtualWard) vw_.on_start_of_service(kind(from));
  }
  if (k == UnitKind::kAcute) acute_.on_start_of_service(p, kind(from), now(), measuring());
  if (k == UnitKind::kEd) ed_.on_start_of_service(p, now(), measuring());
  p.route = draw_route(id, unit);
  const sim::Distribution& stay = p.route >= 0 && route_of(p).has_stay
                                      ? route_of(p).stay
                                      : spec.service_for(p.cohort, p.acuity);
  const double h = stay.sample(p.rng);
  push_patient_event(now() + Duration::hours(h), kDeparture, id, EventKind::kServiceEnd);
  if (!spec.step_down.empty()) nhs::VirtualWard::schedule_step_down(*this, id, h, 0.0);
}

void Simulation::join_queue(uint32_t id, int unit) {
  UnitState& u = units_[size_t(unit)];
  Patient& p = patients_[id];
  if (p.unit >= 0) in_two_places(id, unit);
  p.queue_ticket = u.pool.queue().push(id, queue_priority(p), now());
  u.queue_length.add(now(), 1);
  ++p.token;
  p.waiting_for = unit;
  p.since = now();
  p.state = PatientState::kQueued;
  const auto& patience = s_.units[size_t(unit)].patience;
  // Patients brought by ambulance never leave A&E unseen; later queues treat them like anyone.
  if (!patience.empty() && !nhs::Ed::handing_over(p, kind(unit)) &&
      !s_.units[size_t(unit)].never_leaves[p.acuity]) {
    const double h = patience[p.acuity].sample(p.rng);
    push_patient_event(now() + Duration::hours(h), kTransfer, id, EventKind::kRenege);
  }
}

// A queued patient who gives up: in A&E, "left without being seen".
void Simulation::on_renege(uint32_t id) {
  Patient& p = patients_[id];
  if (p.state != PatientState::kQueued)
    broken("patient " + std::to_string(id) + " left a queue they were not in");
  const int unit = p.waiting_for;
  UnitState& u = units_[size_t(unit)];
  u.pool.queue().remove(p.queue_ticket);
  u.queue_length.add(now(), -1);
  if (measuring()) ++u.reneged;
  if (kind(unit) == UnitKind::kEd) ed_.on_left_unseen(p, now(), measuring());
  p.waiting_for = -1;
  pending_fill_.push_back(unit);  // the queue has room for a blocked patient now
  depart(id);
}

void Simulation::on_service_end(uint32_t id) {
  Patient& p = patients_[id];
  ++p.token;
  const int unit = p.unit;
  if (measuring()) units_[size_t(unit)].service.add(hours(now() - p.service_start));
  p.ready = now();
  const Route& route = route_of(p);
  if (kind(unit) == UnitKind::kAcute) acute_.on_ready_to_leave(p, kind(route.to), now());
  if (kind(unit) == UnitKind::kEd) ed_.on_ready_to_leave(p, kind(route.to), now());
  if (route.has_delay) {
    p.state = PatientState::kInDelay;
    const double h = route.delay.sample(p.rng);
    push_patient_event(now() + Duration::hours(h), kDeparture, id, EventKind::kDelayEnd);
  } else {
    after_delay(id);
  }
}

// After the route's delay: an assessment if the route needs one, then the discharge window.
void Simulation::after_delay(uint32_t id) {
  Patient& p = patients_[id];
  ++p.token;
  p.state = PatientState::kInDelay;
  const Route& route = route_of(p);
  if (route.assessment >= 0 && !p.assessed) {
    assessment_.request(*this, id, route.assessment);
    return;
  }
  const DischargeRules& rules = s_.units[size_t(p.unit)].discharge;
  if (rules.active && !(route.to >= 0 && is_hospital(route.to))) {
    const Time t = nhs::Acute::discharge_time(p, rules, now(), days_);
    if (t > now()) {
      push_patient_event(t, kDeparture, id, EventKind::kDischarge);
      return;
    }
  }
  leave_towards(id);
}

// Leaves for the route's destination now, or waits for it.
void Simulation::leave_towards(uint32_t id) {
  Patient& p = patients_[id];
  ++p.token;
  p.since = now();
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
void Simulation::transfer(uint32_t id, bool may_defer) {
  Patient& p = patients_[id];
  const Route& route = route_of(p);
  UnitState& dest = units_[size_t(p.dest)];
  // Same-instant rules 2 and 3: a departure later in this instant may still free a place (found
  // by flow_model_test's "a bed freed at an instant goes to the patient already waiting").
  // Losing or redirecting the patient is decided once every departure at this instant has run;
  // waiting needs no such care, as fill() moves blocked patients when a place frees.
  if (may_defer && route.when_full != WhenFull::kWait && dest.pool.full()) {
    push_patient_event(now(), kTransfer, id, EventKind::kTransfer);
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
        vw_.on_refused(kind(p.dest));
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
        vw_.on_refused(kind(p.dest));
        arrive_elsewhere(route.overflow_to);
      }
      p.dest = route.overflow_to;
      if (kind(p.unit) == UnitKind::kEd && kind(p.dest) == UnitKind::kAcute)
        ed_.start_boarding(p, now());
      if (try_enter(id, p.dest)) return;
      break;
  }
  // Wait in place, keeping the current place.
  p.state = PatientState::kBlocked;
  p.waiting_for = p.dest;
  units_[size_t(p.dest)].pool.blocked().push(id, queue_priority(p), now());
}

// A transfer redirected to `unit` arrives there, and may find it full too (found by
// nhs_acute_test's "a virtual-ward step-up becomes an admission ...").
void Simulation::arrive_elsewhere(int unit) {
  UnitState& u = units_[size_t(unit)];
  ++u.arrivals;
  if (!u.pool.has_free_place()) ++u.full_on_arrival;
}

// Moves a patient who holds a place into `unit` if it has a free place or queue room.
bool Simulation::try_enter(uint32_t id, int unit) {
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
void Simulation::leave_unit(uint32_t id, int to) {
  Patient& p = patients_[id];
  const int unit = p.unit;
  UnitState& u = units_[size_t(unit)];
  const UnitKind k = kind(unit);
  // Blocked time runs from the end of service: route delay, assessment, discharge hours and the
  // wait for the next unit, as the reference defines it, so that by Little's law it matches the
  // NCTR count, which starts then too (found by nhs_acute_test's "NCTR equals the time ...").
  if (measuring() && p.state != PatientState::kInService) u.blocked.add(hours(now() - p.ready));
  u.pool.release();
  occupancy_changed(unit, -1);
  pending_fill_.push_back(unit);
  ed_.on_departure(p, k, kind(to), now(), measuring());
  if (k == UnitKind::kAcute)
    acute_.on_departure(p, p.route >= 0 ? &route_of(p) : nullptr, kind(to), now(), measuring());
  vw_.on_departure(k, is_hospital(to), measuring());
  p.came_from = unit;  // for a patient who joins the next unit's queue
  p.unit = -1;
}

// Fills free places from the queue, then from patients blocked upstream, in every unit that
// lost a patient; moving a blocked patient frees a place upstream, which is filled in turn.
void Simulation::fill_pending_units() {
  while (!pending_fill_.empty()) {
    const int unit = pending_fill_.back();
    pending_fill_.pop_back();
    fill(unit);
  }
}

void Simulation::fill(int unit) {
  UnitState& u = units_[size_t(unit)];
  auto& queue = u.pool.queue();
  auto& blocked = u.pool.blocked();
  if (kind(unit) == UnitKind::kAssessment) {
    assessment_.fill(*this, unit);
    return;
  }
  while (u.pool.has_free_place()) {
    if (!queue.empty()) {
      const sim::Waiter w = queue.pop();
      u.queue_length.add(now(), -1);
      // A patient who queued on the way from another unit is still a transfer (not a new
      // admission, and with a transfer wait: found by nhs_acute_test's "outliers and ...").
      start_service(w.entity, unit, now() - w.since, patients_[w.entity].came_from);
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
      if (!vw_.pull_one(*this, unit)) break;
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

void Simulation::depart(uint32_t id) {
  ++departed_total_;
  if (measuring()) {
    ++system_departures_;
    time_in_system_.add(hours(now() - patients_[id].arrived));
  }
  free_patient(id);
}

void Simulation::lose(uint32_t id) {
  ++lost_total_;
  if (measuring()) ++system_lost_;
  free_patient(id);
}

void Simulation::in_two_places(uint32_t id, int unit) const {
  broken("patient " + std::to_string(id) + " would be in unit " + s_.units[size_t(unit)].name +
         " while holding a place in unit " + s_.units[size_t(patients_[id].unit)].name);
}

void Simulation::occupancy_changed(int unit, int delta) {
  UnitState& u = units_[size_t(unit)];
  u.occupancy.add(now(), delta);
  if (u.occupancy.value() < 0)
    broken("unit " + s_.units[size_t(unit)].name + "'s occupancy went below zero");
  u.levels.set(now(), u.occupancy.value());
  if (kind(unit) == UnitKind::kAcute) acute_.on_occupancy(delta, now());
  if (s_.units[size_t(unit)].escalation.beds > 0) check_escalation(unit);
}

uint32_t Simulation::new_patient() {
  in_system_.add(now(), 1);
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

void Simulation::free_patient(uint32_t id) {
  in_system_.add(now(), -1);
  Patient& p = patients_[id];
  ++p.token;
  p.state = PatientState::kFree;
  p.unit = -1;
  p.waiting_for = -1;
  free_ids_.push_back(id);
}

}  // namespace flowsim::models
