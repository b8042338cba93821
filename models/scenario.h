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

#include "models/diagnostics.h"
#include "sim/calendar.h"
#include "sim/distribution.h"
#include "sim/pool.h"
#include "sim/time.h"

namespace flowsim::models {

inline constexpr int kExit = -1;  // the destination index of `exit`

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

enum class WhenFull { kWait, kLose, kOverflow };

struct Route {
  int to = kExit;  // unit index or kExit
  double p = 1.0;
  bool has_delay = false;
  sim::Distribution delay;  // hours, spent in place before moving
  WhenFull when_full = WhenFull::kWait;
  int overflow_to = kExit;  // unit index, when kOverflow
};

struct Unit {
  std::string name;
  Capacity capacity;
  sim::QueueDiscipline discipline = sim::QueueDiscipline::kFifo;
  int64_t queue_limit = sim::kUnlimited;
  std::vector<sim::Distribution> service;  // hours, by cohort index
  std::vector<std::vector<Route>> routes;  // by cohort index
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

  int unit_index(const std::string& name) const;
  sim::Calendar calendar() const { return sim::Calendar(start_minutes); }
};

// One thing to simulate: the baseline or an intervention.
struct Variant {
  std::string name;  // "baseline" or the intervention's name
  std::string description;
  nlohmann::json document;  // the scenario after --set and the intervention's merge patch
  Scenario scenario;
};

// Everything read from one scenario file.
struct LoadedScenario {
  std::string path;
  std::string sha256;             // of the file's bytes
  std::vector<Variant> variants;  // baseline first, then interventions in file order
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

}  // namespace flowsim::models
