// The kinds of unit, each registered once with what sets it apart (its own keys and their readers,
// whether it queues, has places, counts discharge pathways, is seen in place), and the readers of
// those keys: step-down from acute units, the staff and pull of virtual wards.
#include <cmath>
#include <stdexcept>
#include <string>

#include "scenario/builder.h"

namespace flowsim::models::loading {

const std::vector<Builder::UnitKindRules>& Builder::unit_kinds() {
  // Patients bound for a bed, a care package or a virtual ward wait where they are (in A&E,
  // in their acute bed) rather than in a queue of their own: those kinds have no queue unless
  // the file gives one. A virtual ward may have no places: its step-ups say what happens instead
  // when it is full, and step-downs wait for a place.
  static const std::vector<UnitKindRules> kinds = {
      {.kind = UnitKind::kGeneral, .name = "general"},
      {.kind = UnitKind::kEd, .name = "ed"},
      {.kind = UnitKind::kAcute,
       .name = "acute",
       .keys = {{"step_down", &Builder::read_step_down}},
       .queues = false,
       .pathways = true},
      {.kind = UnitKind::kVirtualWard,
       .name = "virtual_ward",
       .keys = {{"staff", &Builder::read_staff}, {"pull", &Builder::read_pull}},
       .min_places = 0,
       .queues = false},
      {.kind = UnitKind::kCommunity, .name = "community", .queues = false},
      {.kind = UnitKind::kAssessment, .name = "assessment", .in_place = true},
  };
  return kinds;
}

const Builder::UnitKindRules& Builder::kind_rules(UnitKind kind) {
  for (const UnitKindRules& rules : unit_kinds())
    if (rules.kind == kind) return rules;
  throw std::logic_error("unit kind " + std::to_string(int(kind)) + " is not registered");
}

void Builder::read_step_down(const json& j, const std::string& p, Unit& unit) {
  if (!j.is_array() || j.empty()) {
    check_.error(p,
                 "step_down is a list of rules, e.g. [{\"to\": \"virtual_ward\", \"eligible\": "
                 "{\"frailty\": 0.3}, \"after\": 0.5}]");
    return;
  }
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string rp = p + "/" + std::to_string(i);
    StepDown sd;
    if (!check_.object(j[i], rp, {"to", "eligible", "after"}, {"to", "eligible"},
                       "a step-down rule"))
      continue;
    std::string to;
    // (A missing "to" or "eligible" was reported above: read only what is there.)
    if (j[i].contains("to") && check_.string(j[i]["to"], rp + "/to", to) &&
        destination(to, rp + "/to", sd.to, false)) {
      if (sd.to == kExit || s_.units[size_t(sd.to)].kind != UnitKind::kVirtualWard) {
        check_.error(rp + "/to",
                     "step-down goes to a unit of kind \"virtual_ward\"" +
                         (sd.to == kExit ? std::string()
                                         : " (\"" + to + "\" is \"" +
                                               kind_name(s_.units[size_t(sd.to)].kind) + "\")"));
      }
    }
    if (j[i].contains("eligible"))
      sd.eligible = read_cohort_probabilities(j[i]["eligible"], rp + "/eligible");
    if (j[i].contains("after"))
      check_.number(j[i]["after"], rp + "/after", sd.after, 0, 1,
                    "the share of the acute stage spent before step-down (0 to 1)");
    unit.step_down.push_back(sd);
  }
}

void Builder::read_staff(const json& j, const std::string& p, Unit& unit) {
  if (!check_.object(j, p, {"wte", "patients_per_wte"}, {"wte", "patients_per_wte"},
                     "staffing, e.g. {\"wte\": 30, \"patients_per_wte\": 5}"))
    return;
  double wte = 0, per = 0;
  // A missing key was reported above; reading it here would be undefined behaviour.
  if (!j.contains("wte") || !j.contains("patients_per_wte")) return;
  if (check_.number(j["wte"], p + "/wte", wte, 0, 1e6, "whole-time equivalents") &
      check_.number(j["patients_per_wte"], p + "/patients_per_wte", per, 0.01, 1e4,
                    "patients per whole-time equivalent")) {
    unit.staffed_limit = int64_t(std::floor(wte * per + 1e-9));
    if (unit.staffed_limit < 1) {
      check_.error(p, "the staff can look after no patients (wte x patients_per_wte = " +
                          num(wte * per) + "); give at least one place's worth of staff");
    }
  }
}

void Builder::read_pull(const json& j, const std::string& p, Unit& unit) {
  if (!j.is_boolean())
    check_.error(p,
                 "is true (fill free places from eligible ward patients) or "
                 "false (wait for referrals) (got " +
                     shown(j) + ")");
  else
    unit.pull = j.get<bool>();
}

// A probability by cohort: {"frailty": 0.3, "*": 0.1}; cohorts not named (and no "*") get 0.
std::vector<double> Builder::read_cohort_probabilities(const json& j, const std::string& p) {
  std::vector<double> out(s_.cohorts.size(), 0.0);
  if (!check_.map(j, p, "probabilities by cohort")) return out;
  double rest = 0;
  if (j.contains("*")) check_.number(j["*"], p + "/*", rest, 0, 1, "a probability");
  std::vector<bool> set(out.size(), false);
  for (const auto& [name, value] : j.items()) {
    if (name == "*") continue;
    const int ci = cohort_index(name);
    if (ci < 0) {
      const std::string guess = did_you_mean(name, cohort_names());
      check_.error(p + "/" + pointer_token(name),
                   "no cohort is called \"" + name + "\"" +
                       (guess.empty() ? "" : "; did you mean \"" + guess + "\"?"),
                   true);
      continue;
    }
    check_.number(value, p + "/" + pointer_token(name), out[size_t(ci)], 0, 1, "a probability");
    set[size_t(ci)] = true;
  }
  for (size_t c = 0; c < out.size(); ++c)
    if (!set[c]) out[c] = rest;
  return out;
}

}  // namespace flowsim::models::loading
