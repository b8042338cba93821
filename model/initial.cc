// Today's patients: those present when the run starts, placed part-way through their stay, and
// those already waiting in a queue or ready to leave.
#include <algorithm>
#include <vector>

#include "model/flow.h"

namespace flowsim::models {

using sim::Duration;
using sim::Time;

// Patients present when the run starts. Their remaining stay is drawn from the residual of the
// unit's stay: a census finds long stays more often than admissions do (length bias), so each
// patient's stay is drawn from the length-biased distribution, and the patient is a uniform
// share of the way through it.
void Simulation::place_initial_patients() {
  std::vector<uint32_t> ready;
  for (size_t u = 0; u < s_.units.size(); ++u) {
    const InitialState& init = s_.units[u].initial;
    if (init.patients == 0 && init.queued == 0) continue;
    const sim::StreamFamily streams(s_.seed, clock_.replication(),
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
      p.arrived = now();
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

void Simulation::place_initial(uint32_t id, int unit, bool ready) {
  UnitState& st = units_[size_t(unit)];
  Patient& p = patients_[id];
  const Unit& spec = s_.units[size_t(unit)];
  st.pool.occupy();
  occupancy_changed(unit, +1);
  p.unit = unit;
  p.state = PatientState::kInService;
  p.service_start = now();
  p.spell_start = now();
  p.ed_arrived = now();
  if (ready) {
    p.route = draw_route(id, unit, true);
    p.ready = now();
    // As at the end of a service: no criteria to reside unless bound for another acute ward,
    // boarding in A&E when bound for one (found in review).
    const int to = p.route >= 0 ? route_of(p).to : kExit;
    if (spec.kind == UnitKind::kAcute) acute_.on_ready_to_leave(p, kind(to), now());
    if (spec.kind == UnitKind::kEd) ed_.on_ready_to_leave(p, kind(to), now());
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
  push_patient_event(now() + Duration::hours(remaining), kDeparture, id, EventKind::kServiceEnd);
  // Their spell began before the run, so that acute.los_mean_d counts all of it (found in
  // review: without a warm-up it read 4 days against 30-day stays).
  if (residual) p.spell_start = now() - Duration::hours(whole - remaining);
  // Today's ward patients may step down too, once past the rule's share of their stay.
  if (!spec.step_down.empty())
    nhs::VirtualWard::schedule_step_down(*this, id, whole, residual ? whole - remaining : whole);
}

// The route of a patient found part-way through their stay. Where routes have stays of their
// own, a census finds patients bound for a route with a long stay more often than admissions
// take it: in proportion to its probability times its mean stay (found by nhs_services_test's
// "today's patients are bound for each route in proportion to its stay").
int32_t Simulation::draw_census_route(uint32_t id, int unit) {
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

}  // namespace flowsim::models
