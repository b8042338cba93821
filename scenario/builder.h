// The Builder, which reads a scenario document into a Scenario and reports every problem to a
// Checker. One class, its member functions defined by part of the format: builder.cc (the top
// level), arrivals.cc (cohorts and arrival streams), units.cc (units), unit_kinds.cc (what sets
// each kind of unit apart), routes.cc, capacity.cc, distributions.cc and electives.cc. Internal to
// scenario/: not installed.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scenario/checker.h"
#include "scenario/scenario.h"

namespace flowsim::models::loading {

// Builds a Scenario from a document, reporting every problem to the checker.
class Builder {
 public:
  Builder(const json& doc, Checker& check) : doc_(doc), check_(check) {}

  // Reads the whole document. The scenario is only to be used when no problem was reported.
  Scenario build();

  // What sets one kind of unit apart from the others. Every kind is registered in one table
  // (unit_kinds.cc): a new kind of unit is a line there, with the readers of any keys of its own.
  using KindReader = void (Builder::*)(const json& j, const std::string& p, Unit& unit);
  struct KindKey {
    const char* key;  // a key that units of this kind alone take (a key belongs to one kind)
    KindReader read;  // reads the key's value into the unit
  };
  struct UnitKindRules {
    UnitKind kind;
    const char* name;                // as the file writes it: "kind": "virtual_ward"
    std::vector<KindKey> keys = {};  // (= {}: GCC warns of designated initializers left out)
    int64_t min_places = 1;  // 0: the unit may have no places, so a sweep of them can start there
    bool queues = true;      // false: no queue unless the file gives one
    bool pathways = false;   // its routes out may name a discharge pathway
    // Its patients are seen in place, staying in a bed of another unit: it has no routes of its
    // own, no patient is routed to it, and it takes none of kNotInPlace (units.cc).
    bool in_place = false;
  };
  // Every kind, in the order messages list them.
  static const std::vector<UnitKindRules>& unit_kinds();
  static const UnitKindRules& kind_rules(UnitKind kind);

 private:
  // Cohorts and arrival streams (arrivals.cc).
  void read_cohorts();
  int cohort_index(const std::string& name) const;
  std::vector<std::string> cohort_names() const;
  void read_arrivals();
  std::vector<double> read_cohort_shares(const json& body, const std::string& p,
                                         const std::string& who_needs = "an arrival stream needs");
  bool read_acuity_shares(const json& j, const std::string& p,
                          std::array<double, kAcuityLevels>& out);

  // Units (units.cc).
  void read_unit_names();
  void read_unit(size_t index);
  void read_service(const json& j, const std::string& p, Unit& unit);
  void read_initial(const json& j, const std::string& p, Unit& unit);

  // The keys of one kind of unit (unit_kinds.cc).
  void read_step_down(const json& j, const std::string& p, Unit& unit);
  void read_staff(const json& j, const std::string& p, Unit& unit);
  void read_pull(const json& j, const std::string& p, Unit& unit);
  std::vector<double> read_cohort_probabilities(const json& j, const std::string& p);

  // Routes (routes.cc).
  bool destination(const std::string& name, const std::string& p, int& out, bool at_key);
  bool read_routes(const json& j, const std::string& p, std::vector<Route>& routes);
  bool read_when_full(const json& j, const std::string& p, Route& r);

  // Places, discharge hours and escalation (capacity.cc).
  void read_capacity(const json& j, const std::string& p, Capacity& cap, int64_t min_places);
  bool read_capacity_number(const json& j, const std::string& p, int64_t& out, int64_t min);
  void read_days(const json& j, const std::string& p, uint8_t& mask);
  void read_discharge(const json& j, const std::string& p, DischargeRules& d);
  void read_escalation(const json& j, const std::string& p, Unit& unit);

  // Distributions and profiles (distributions.cc).
  bool read_distribution(const json& j, const std::string& p, sim::Distribution& out);
  bool read_by_acuity(const json& j, const std::string& p, std::vector<sim::Distribution>& out,
                      std::array<bool, kAcuityLevels>* never = nullptr);
  void read_factor_list(const json& j, const std::string& p, double* out, size_t n,
                        const std::string& what);
  void read_profile(const json& j, const std::string& p, Profile& profile);

  // Electives and bank holidays (electives.cc).
  void read_bank_holidays(const json& j);
  void read_electives(const json& j, const std::string& p);
  void read_sessions(const json& j, const std::string& p);

  // Calls read(value, pointer, cohort) for each cohort, expanding {"by_cohort": {...}}.
  template <typename T>
  std::vector<T> by_cohort(const json& j, const std::string& p,
                           const std::function<bool(const json&, const std::string&, T&)>& read) {
    std::vector<T> out(s_.cohorts.size());
    if (!(j.is_object() && j.contains("by_cohort"))) {
      T value{};
      if (read(j, p, value)) std::fill(out.begin(), out.end(), value);
      return out;
    }
    const std::string bp = p + "/by_cohort";
    if (j.size() != 1) check_.error(p, "\"by_cohort\" stands alone in its object");
    const json& b = j["by_cohort"];
    if (!b.is_object()) {
      check_.error(bp, "must be an object: cohort name (or \"*\" for the rest) to value");
      return out;
    }
    std::vector<bool> set(s_.cohorts.size(), false);
    for (const auto& [name, value] : b.items()) {
      if (name == "*") continue;
      const int ci = cohort_index(name);
      if (ci < 0) {
        const std::string guess = did_you_mean(name, cohort_names());
        check_.error(bp + "/" + pointer_token(name),
                     "no cohort is called \"" + name + "\"" +
                         (guess.empty() ? "; use a cohort from \"cohorts\" or \"*\""
                                        : "; did you mean \"" + guess + "\"?"),
                     true);
        continue;
      }
      read(value, bp + "/" + pointer_token(name), out[size_t(ci)]);
      set[size_t(ci)] = true;
    }
    if (b.contains("*")) {
      T rest{};
      if (read(b["*"], bp + "/*", rest)) {
        for (size_t i = 0; i < out.size(); ++i)
          if (!set[i]) out[i] = rest;
      }
    } else {
      for (size_t i = 0; i < out.size(); ++i) {
        if (!set[i]) {
          check_.error(bp, "no value for cohort \"" + s_.cohorts[i].name +
                               "\"; add it or a \"*\" for every other cohort");
        }
      }
    }
    return out;
  }

  const json& doc_;
  Checker& check_;
  Scenario s_;
  std::vector<std::string> unit_keys_;
  int current_unit_ = -1;  // the unit being read
};

}  // namespace flowsim::models::loading
