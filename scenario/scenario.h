// A validated, typed scenario: what the simulation runs.
//
// Loading happens in stages (parse, apply --set and interventions, validate, build): a Scenario
// is only ever built from a document that passed every check, so the model never sees one
// that is invalid. The file format is described in docs/scenario-reference.md.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/diagnostics.h"
#include "sim/calendar.h"
#include "sim/distribution.h"
#include "sim/pool.h"
#include "sim/time.h"

namespace flowsim::models {

inline constexpr int kExit = -1;         // the destination index of `exit`
inline constexpr int kAcuityLevels = 6;  // 1 (most urgent) to 5; 0 means not triaged

// What a unit is in the health system. The kind decides which NHS metrics count it (ed.*,
// acute.*, vw.*) and which kind-specific keys it accepts; the flow is the same for all.
enum class UnitKind : uint8_t { kGeneral, kEd, kAcute, kVirtualWard, kCommunity, kAssessment };
const char* kind_name(UnitKind k);

struct Cohort {
  std::string name;
  int priority = 0;  // queue priority under the `priority` discipline: lower is more urgent
};

// Multiplies an arrival stream's base rate: rate(t) = base x hour[h] x weekday[d] x period.
struct DatedFactor {
  sim::CivilDate from, to;  // inclusive
  double factor = 1.0;
};
struct Profile {
  std::array<double, 24> hour;
  std::array<double, 7> weekday;     // Monday first
  std::vector<DatedFactor> periods;  // where periods overlap, their factors multiply
  Profile() {
    hour.fill(1.0);
    weekday.fill(1.0);
  }
  bool is_flat() const;
};

struct ArrivalStream {
  std::string name;
  int to = 0;  // unit index
  double rate_per_hour = 0;
  std::vector<double> cohort_share;  // by cohort index; adds to 1
  Profile profile;
  bool ambulance = false;  // brought by ambulance: waits to be handed over, never walks out
  // By cohort, the share of each triage acuity 1..5 (index 0 unused); empty: not triaged.
  std::vector<std::array<double, kAcuityLevels>> acuity_share;
};

// One line of a capacity schedule: applies where every condition given holds. Later lines
// override earlier ones; the first line has no conditions and sets the default.
struct CapacityRule {
  int64_t capacity = 0;
  uint8_t weekdays = 0x7f;                // bit d set: applies on weekday d (Monday = 0)
  int from_minute = 0, to_minute = 1440;  // time of day, [from, to); from > to wraps midnight
  bool dated = false;
  sim::CivilDate from_date, to_date;  // inclusive, when dated
};

struct Capacity {
  int64_t fixed = sim::kUnlimited;  // when there is no schedule
  std::vector<CapacityRule> schedule;
  bool unlimited() const { return schedule.empty() && fixed == sim::kUnlimited; }
  // The capacity in force at minute-of-day m on weekday d of date `date`.
  int64_t at(sim::CivilDate date, int weekday, int minute) const;
};

// kOverflow: take a place in the other unit if one is free, else wait for the route's own.
// kInstead: go to the other unit instead, waiting there if need be (a virtual-ward step-up that
// becomes an admission when the virtual ward is full).
enum class WhenFull { kWait, kLose, kOverflow, kInstead };

struct Route {
  int to = kExit;  // unit index or kExit
  double p = 1.0;
  bool has_delay = false;
  sim::Distribution delay;  // hours, spent in place before moving
  WhenFull when_full = WhenFull::kWait;
  int overflow_to = kExit;  // unit index, when kOverflow or kInstead
  int pathway = -1;         // discharge pathway 0..3, or -1
  int assessment = -1;      // unit (kind assessment) whose assessment comes first, or -1
  bool has_stay = false;
  sim::Distribution stay;  // the stay in this unit of patients bound this way (drawn on arrival)
};

// Leaving a unit only in set hours, fewer at weekends and on bank holidays.
struct DischargeRules {
  bool active = false;
  int from_minute = 0, to_minute = 1440;  // discharges happen in [from, to)
  double weekend = 1.0;  // chance that a patient ready at a weekend leaves that day
};

// Escalation beds: open when occupancy reaches open_above of the unit's own beds, close (as
// their patients leave) once it falls below close_below.
struct Escalation {
  int64_t beds = 0;
  double open_above = 1.0, close_below = 0.9;
};

// Early supported discharge from a ward into a virtual ward, part-way through the acute stage.
struct StepDown {
  int to = -1;                   // virtual-ward unit
  std::vector<double> eligible;  // by cohort: the share of patients eligible
  double after = 0.5;            // fraction of the acute stage spent before eligibility
};

// Today's patients, present when the run starts.
struct InitialState {
  int64_t patients = 0;              // holding a place (ready_to_leave of them already fit)
  int64_t ready_to_leave = 0;        // of `patients`: waiting to leave (NCTR) from the start
  int64_t queued = 0;                // waiting in the unit's queue
  std::vector<double> cohort_share;  // by cohort
  bool has_remaining = false;
  sim::Distribution remaining;  // remaining stay; default: the stay's residual (length-biased)
};

struct Unit {
  std::string name;
  UnitKind kind = UnitKind::kGeneral;
  Capacity capacity;
  int64_t staffed_limit = sim::kUnlimited;  // places the staff can look after (virtual wards)
  sim::QueueDiscipline discipline = sim::QueueDiscipline::kFifo;
  int64_t queue_limit = sim::kUnlimited;
  std::vector<sim::Distribution> service;  // hours, by cohort index
  // [cohort][acuity], when the service depends on triage acuity; empty otherwise.
  std::vector<std::vector<sim::Distribution>> service_by_acuity;
  std::vector<std::vector<Route>> routes;  // by cohort index
  // Time a queued patient waits before leaving unseen, by acuity; empty: nobody leaves.
  std::vector<sim::Distribution> patience;
  std::array<bool, kAcuityLevels> never_leaves{};  // by acuity: "never" in patience
  DischargeRules discharge;
  Escalation escalation;
  std::vector<StepDown> step_down;
  bool pull = false;  // virtual wards: fill free places from eligible ward patients
  InitialState initial;
  double cost_per_day = 0;    // per occupied place-day
  double cost_per_entry = 0;  // per patient who takes a place

  const sim::Distribution& service_for(size_t cohort, int acuity) const {
    if (!service_by_acuity.empty()) return service_by_acuity[cohort][size_t(acuity)];
    return service[cohort];
  }
};

// The elective (planned care) waiting list and the theatres that treat it.
struct ElectivePriority {
  std::string name;      // P1..P4
  sim::Duration target;  // clinically recommended maximum wait
};
struct TheatreSession {
  uint8_t weekdays = 0x1f;
  int minute = 8 * 60;  // start time of day
  int64_t cases = 0;    // operations per session day, across theatres
};
struct DateRange {
  sim::CivilDate from, to;  // inclusive
};
struct Electives {
  bool present = false;
  std::vector<ElectivePriority> priorities;
  double referral_rate_per_hour = 0;
  Profile profile;
  std::vector<double> priority_share;  // of referrals and of the backlog
  std::vector<double> cohort_share;
  int64_t backlog = 0;
  sim::Distribution backlog_waited;  // how long today's list has already waited
  bool has_removal = false;
  sim::Distribution removal;  // time on the list before removal without treatment
  std::vector<TheatreSession> sessions;
  std::vector<DateRange> sessions_cancelled;
  std::vector<double> day_case;  // by cohort: the share treated as day cases
  int inpatient_to = -1;         // the ward inpatient cases need a bed in
  int64_t mutual_aid_per_week = 0;
  sim::Duration mutual_aid_after;  // only waits longer than this transfer
};

struct Scenario {
  std::string name;
  std::string description;
  int64_t start_minutes = 0;  // since 1970-01-01T00:00
  sim::Duration warmup;
  sim::Duration
      horizon;  // the run ends `horizon` after `start`; statistics cover [warmup, horizon]
  int replications = 20;
  uint64_t seed = 42;
  double population = 0;  // 0 when not given
  std::vector<Cohort> cohorts;
  std::vector<ArrivalStream> arrivals;
  std::vector<Unit> units;
  std::vector<sim::CivilDate> bank_holidays;  // run as Sundays, sorted
  Electives electives;
  double cost_cancelled_operation = 0;

  int unit_index(const std::string& name) const;
  sim::Calendar calendar() const { return sim::Calendar(start_minutes); }
  // The calendar as the model sees it, for the simulation and the estimate alike:
  // the day of the week at time t (Monday 0), a bank holiday counting as a Sunday (6);
  int day_of_week(sim::Time t) const;
  // `base` times the product of a profile's factors at time t (constant within a clock hour);
  double profile_factor(const Profile& profile, sim::Time t, double base = 1.0) const;
  // the places a capacity gives at time t, by its schedule if it has one (staffing apart).
  int64_t capacity_at(const Capacity& capacity, sim::Time t) const;
};

// One thing to simulate: the baseline or an intervention.
struct Variant {
  std::string name;  // "baseline" or the intervention's name
  std::string description;
  nlohmann::json document;  // the scenario after --set and the intervention's merge patch
  Scenario scenario;
  std::vector<std::string> coordinates;  // a sweep point's value on each axis, as JSON text
};

// One axis of a sweep: JSON pointers into the scenario (usually one; several move together, e.g.
// the places of every virtual ward) and the values they take.
struct SweepAxis {
  std::vector<std::string> pointers;
  std::vector<nlohmann::json> values;
  std::string label() const;  // the pointers joined by " & "
};

// A sweep: one or two axes varied over their grid, applied to the baseline or to an
// intervention; every point is built and checked when the file is loaded.
struct Sweep {
  std::string name;
  std::string description;
  std::string variant = "baseline";
  std::vector<SweepAxis> axes;
  std::vector<Variant> points;  // the grid, first axis outermost
};

// Everything read from one scenario file.
struct LoadedScenario {
  std::string path;
  std::string sha256;                   // of the file's bytes
  std::vector<Variant> variants;        // baseline first, then interventions in file order
  std::vector<Sweep> sweeps;            // the file's "sweeps", then any from the command line
  std::string text;                     // the file as read, to locate later problems in it
  std::vector<std::string> overridden;  // pointers --set changed
};

// A --set override: a JSON pointer and the text after '=' (parsed as JSON when it is valid
// JSON, otherwise taken as a string, so --set /units/a/service/fixed=2h works unquoted).
struct Override {
  std::string pointer;
  std::string value;
};

// Reads, checks and builds a scenario file and its interventions. Throws InvalidInput listing
// every problem found.
LoadedScenario load_scenario_file(const std::string& path,
                                  const std::vector<Override>& overrides = {});
// The same, from text already in memory (tests; `path` names it in messages).
LoadedScenario load_scenario_text(const std::string& path, const std::string& text,
                                  const std::vector<Override>& overrides = {});

// Adds the intervention in a file of its own ({"name", "description", "patch"}; the name defaults
// to the file's stem) after the scenario's own. Throws InvalidInput.
void add_intervention_file(LoadedScenario& loaded, const std::string& path);
void add_intervention_text(LoadedScenario& loaded, const std::string& path,
                           const std::string& text);

// Adds a sweep of the baseline from --sweep arguments, one per axis: "/pointer=FROM:TO:STEP" or
// "/pointer=V1,V2,...". Throws InvalidInput.
void add_command_line_sweep(LoadedScenario& loaded, const std::vector<std::string>& axes);

}  // namespace flowsim::models
