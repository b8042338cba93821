// The flow of one replication: the generic pathway network that every scenario runs (patients
// arrive, take a place, queue, are blocked, transfer, overflow or are lost), and the one event
// loop that drives it. What is NHS-specific lives in model/nhs/, one mechanism a file.
//
// How the flow and the mechanisms meet. Each mechanism (nhs::Ed, nhs::Acute, ...) is a plain
// struct that the Simulation holds by value and calls directly at named hooks: on_arrival,
// on_start_of_service, on_ready_to_leave, on_departure, and the end of the day, the end of the
// warm-up and the report. The loop switches on the event's kind: there is no virtual call and no
// std::function per event. A mechanism owns its state, its statistics and the metrics it reports.
// Hooks that only count are given what they need (the patient, the kinds of the units, the time,
// whether the period is measured) and are inline in the mechanism's header, so that the hot path
// costs what it did when everything was one class. A mechanism that must schedule events or move
// patients (step-down, assessments, electives) is passed the Simulation itself and uses its
// public part below, and nothing else of it: the clock, the patient records, the unit states,
// the event queue and the flow's own moves (start_service, leave_unit, depart).
//
// The Simulation's members are defined by topic: flow.cc (the loop and moving between units),
// arrivals.cc, capacity.cc, initial.cc (today's patients), daily.cc, census.cc and flow_model.cc
// (the report and the public functions of flow_model.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/arrivals.h"
#include "model/daily.h"
#include "model/days.h"
#include "model/events.h"
#include "model/flow_model.h"
#include "model/metrics.h"
#include "model/nhs/acute.h"
#include "model/nhs/assessment.h"
#include "model/nhs/costs.h"
#include "model/nhs/ed.h"
#include "model/nhs/electives.h"
#include "model/nhs/virtual_ward.h"
#include "model/patients.h"
#include "model/units.h"
#include "scenario/scenario.h"
#include "sim/calendar.h"
#include "sim/event_loop.h"
#include "sim/event_queue.h"
#include "sim/metrics.h"
#include "sim/random.h"
#include "sim/stats.h"

namespace flowsim::models {

class Simulation {
 public:
  Simulation(const Scenario& s, uint64_t replication, const SimulationLimits& limits = {});

  ReplicationResult run();
  // The event loop's call for each event (sim::run_events): false for the end of the run.
  template <typename Event>
  bool on_event(const Event& e);

  // Every metric, with its value at the end of the run (or only its name).
  void report(sim::MetricReport& r) const;
  std::vector<std::string> daily_names() const;

  using Duration = sim::Duration;
  using Time = sim::Time;

  // --- what the mechanisms of model/nhs/ may use ---
  const Scenario& scenario() const { return s_; }
  Time now() const { return clock_.now(); }
  bool measuring() const { return now() >= s_.warmup; }
  Patient& patient(uint32_t id) { return patients_[id]; }
  UnitState& unit_state(int unit) { return units_[size_t(unit)]; }
  void push_patient_event(Time t, int priority, uint32_t id, EventKind kind) {
    events_.push(t, priority, Payload{id, patients_[id].token, kind});
  }
  // `from` is the unit the patient has just left, or -1 from outside or the waiting list.
  void start_service(uint32_t id, int unit, Duration waited, int from);
  // Gives up the place the patient holds, on the way to unit `to` (kExit: leaving the system);
  // the unit is refilled once the current event is done.
  void leave_unit(uint32_t id, int to);
  void depart(uint32_t id);
  // After the route's delay: an assessment if the route needs one, then the discharge window.
  void after_delay(uint32_t id);
  void occupancy_changed(int unit, int delta);
  // The unit has a free place or line slot: it is filled once the current event is done.
  void refill(int unit) { pending_fill_.push_back(unit); }
  // Triage acuity first (1 most urgent; untriaged patients count as the middle level, 3, so that
  // they neither jump nor trail triaged ones), then cohort priority.
  int32_t queue_priority(const Patient& p) const {
    return int32_t(p.acuity == 0 ? 3 : p.acuity) * 4096 + s_.cohorts[p.cohort].priority;
  }
  uint64_t replication() const { return clock_.replication(); }
  const RunDays& days() const { return days_; }
  const sim::Calendar& calendar() const { return calendar_; }
  void schedule(Time t, int priority, Payload payload) { events_.push(t, priority, payload); }
  // The next event of a process of arrivals from outside after now.
  Time next_poisson(PoissonProcess& process) const;
  // A new patient's record, blank but for its token.
  uint32_t new_patient();
  // An arrival from outside that finds the replication at its limit of patients is turned away
  // before it takes any memory, so that an unstable scenario ends (SimulationLimits).
  bool turn_away_at_limit();
  // A patient arrives from outside / is present at the start (the census of check_census()).
  void count_arrival() {
    ++arrived_total_;
    if (measuring()) ++system_arrivals_;
  }
  void count_initial() { ++initial_total_; }

 private:
  void handle(const Payload& p);

  // The middle of the measured period, where the patients inside are taken stock of.
  Time halfway() const { return s_.warmup + Duration::ticks((s_.horizon - s_.warmup).ticks() / 2); }

  // A broken invariant: a bug, reported with where the run was.
  [[noreturn]] void broken(const std::string& what) const { clock_.broken(what); }
  [[noreturn]] void in_two_places(uint32_t id, int unit) const;

  // -1 (exit, or no unit) is of no kind. Read from a small table: most events ask it several
  // times, and each Unit of the scenario is far from the next in memory.
  UnitKind kind(int unit) const { return kind_of_[size_t(unit + 1)]; }
  bool is_hospital(int unit) const {
    return unit >= 0 && (kind(unit) == UnitKind::kAcute || kind(unit) == UnitKind::kEd);
  }

  void prefetch_next_patient();

  // A patient's event is current when nothing has happened to the patient since it was
  // scheduled; otherwise it is stale and ignored.
  bool current(const Payload& p) const { return patients_[p.a].token == p.b; }

  // --- arrivals (arrivals.cc) ---
  void schedule_next_arrival(uint32_t stream);
  void on_arrival(uint32_t stream);

  // --- moving between units (flow.cc) ---
  // A patient from outside (an arrival or a referral) at a unit: a place, the queue, or lost.
  void admit_from_outside(uint32_t id, int unit);
  int32_t draw_route(uint32_t id, int unit, bool to_unit_only = false);
  const Route& route_of(const Patient& p) const {
    return s_.units[size_t(p.unit)].routes[p.cohort][size_t(p.route)];
  }
  void join_queue(uint32_t id, int unit);
  void on_renege(uint32_t id);
  void on_service_end(uint32_t id);
  void leave_towards(uint32_t id);
  void transfer(uint32_t id, bool may_defer);
  void arrive_elsewhere(int unit);
  bool try_enter(uint32_t id, int unit);
  void fill_pending_units();
  void fill(int unit);
  void lose(uint32_t id);
  void free_patient(uint32_t id);

  // --- capacity over time and escalation (capacity.cc) ---
  void check_escalation(int unit);
  void apply_capacity(int unit);
  int64_t capacity_at(const Unit& unit, Time t) const;
  void schedule_capacity_changes(Time end);
  void on_capacity_change(uint32_t unit, uint32_t capacity);

  // --- today's patients (initial.cc) ---
  void place_initial_patients();
  void place_initial(uint32_t id, int unit, bool ready);
  int32_t draw_census_route(uint32_t id, int unit);

  // --- days, warm-up and the books (daily.cc, census.cc) ---
  void define_daily_series();
  double integral(const DailySeries& d) const;
  void record_day();
  void on_warmup_end();
  void check_census() const;

  const Scenario& s_;
  sim::RunClock clock_;  // the time now, and which replication this is
  const SimulationLimits limits_;
  const sim::Calendar calendar_;
  const RunDays days_;
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
  nhs::Assessment assessment_;
  nhs::VirtualWard vw_;
  nhs::Electives electives_;
  nhs::Costs costs_;
  std::vector<DailySeries> daily_series_;
  std::vector<std::vector<double>> daily_;
  Time last_day_end_;
  int64_t turned_away_ = 0;
  double halfway_inside_h_ = 0;  // patients inside, integrated from the warm-up to halfway
};

}  // namespace flowsim::models
