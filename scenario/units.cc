// Units: their names and kinds, the keys each kind takes, their queues, services, costs and
// today's patients, and the kind-specific parts (step-down from acute units, virtual wards' staff
// and pull).
#include <algorithm>
#include <cmath>

#include "scenario/builder.h"

namespace flowsim::models::loading {

namespace {

constexpr UnitKind kAllKinds[] = {UnitKind::kGeneral,   UnitKind::kEd,
                                  UnitKind::kAcute,     UnitKind::kVirtualWard,
                                  UnitKind::kCommunity, UnitKind::kAssessment};

// Keys every unit takes, and those that belong to one kind.
const std::vector<std::string>& common_unit_keys() {
  static const std::vector<std::string> keys = {"description", "kind",      "capacity",  "service",
                                                "queue",       "next",      "patience",  "initial",
                                                "cost",        "discharge", "escalation"};
  return keys;
}
struct KindKey {
  const char* key;
  UnitKind kind;
};
constexpr KindKey kKindKeys[] = {{"step_down", UnitKind::kAcute},
                                 {"staff", UnitKind::kVirtualWard},
                                 {"pull", UnitKind::kVirtualWard}};

}  // namespace

// Unit names first, so that routes can refer to units declared later in the file.
void Builder::read_unit_names() {
  if (!doc_.contains("units")) return;
  const json& u = doc_["units"];
  if (!u.is_object()) {
    check_.error("/units", "units must be an object of named units (got " + type_name(u) + ")");
    return;
  }
  if (u.empty()) check_.error("/units", "a scenario needs at least one unit");
  for (const auto& name : check_.keys_in_order(u, "/units")) {
    if (!is_name(name) || name == "exit") {
      check_.error("/units/" + pointer_token(name),
                   name == "exit"
                       ? "\"exit\" is where patients leave; name the unit otherwise"
                       : "a unit name is letters, digits, '_' and '-' (got \"" + name + "\")",
                   true);
    }
    unit_keys_.push_back(name);
    Unit unit;
    unit.name = name;
    // Kinds first too: routes check where they may lead (an assessment is not a place to go).
    if (u[name].is_object() && u[name].contains("kind")) {
      const std::string kp = "/units/" + pointer_token(name) + "/kind";
      std::string k;
      if (check_.string(u[name]["kind"], kp, k)) {
        bool found = false;
        for (UnitKind candidate : kAllKinds) {
          if (k == kind_name(candidate)) {
            unit.kind = candidate;
            found = true;
          }
        }
        if (!found) {
          std::vector<std::string> names;
          for (UnitKind candidate : kAllKinds) names.push_back(kind_name(candidate));
          const std::string guess = did_you_mean(k, names);
          check_.error(kp, "unknown kind \"" + k + "\"" +
                               (guess.empty() ? "; kinds are general, ed, acute, virtual_ward, "
                                                "community and assessment"
                                              : "; did you mean \"" + guess + "\"?"));
        }
      }
    }
    s_.units.push_back(std::move(unit));
  }
}

void Builder::read_unit(size_t index) {
  const std::string& name = unit_keys_[index];
  const std::string p = "/units/" + pointer_token(name);
  const json& body = doc_["units"][name];
  Unit& unit = s_.units[index];
  current_unit_ = int(index);
  const bool assessment = unit.kind == UnitKind::kAssessment;
  std::vector<std::string> allowed = common_unit_keys();
  for (const auto& kk : kKindKeys) allowed.push_back(kk.key);
  const std::vector<std::string> required =
      assessment ? std::vector<std::string>{"capacity", "service"}
                 : std::vector<std::string>{"capacity", "service", "next"};
  if (!check_.object(body, p, allowed, required, "a unit")) return;
  for (const auto& kk : kKindKeys) {
    if (body.contains(kk.key) && unit.kind != kk.kind) {
      check_.error(p + "/" + kk.key,
                   std::string("\"") + kk.key + "\" belongs to units of kind \"" +
                       kind_name(kk.kind) + "\"; this unit's kind is \"" + kind_name(unit.kind) +
                       "\"",
                   true);
    }
  }
  if (assessment) {
    for (const char* key : {"next", "queue", "patience", "initial", "discharge", "escalation"}) {
      if (body.contains(key)) {
        check_.error(p + "/" + key,
                     std::string("an assessment unit takes no \"") + key +
                         "\": its patients stay in their bed, and leave by the route that "
                         "named the assessment",
                     true);
      }
    }
  }
  if (body.contains("capacity"))
    read_capacity(body["capacity"], p + "/capacity", unit.capacity,
                  unit.kind == UnitKind::kVirtualWard ? 0 : 1);
  // Patients bound for a bed, a care package or a virtual ward wait where they are (in A&E,
  // in their acute bed) rather than in a queue of their own: those kinds have no queue unless
  // the file gives one.
  if (unit.kind == UnitKind::kAcute || unit.kind == UnitKind::kCommunity ||
      unit.kind == UnitKind::kVirtualWard)
    unit.queue_limit = 0;
  if (body.contains("queue")) {
    const json& q = body["queue"];
    const std::string qp = p + "/queue";
    if (check_.object(q, qp, {"discipline", "limit"}, {}, "a queue")) {
      if (q.contains("discipline")) {
        std::string d;
        if (check_.string(q["discipline"], qp + "/discipline", d)) {
          if (d == "fifo")
            unit.discipline = sim::QueueDiscipline::kFifo;
          else if (d == "priority")
            unit.discipline = sim::QueueDiscipline::kPriority;
          else
            check_.error(qp + "/discipline",
                         "the discipline is \"fifo\" or \"priority\" (got \"" + d + "\")");
        }
      }
      if (q.contains("limit")) {
        const json& l = q["limit"];
        if (l.is_string() && l != "unlimited") {
          check_.error(qp + "/limit",
                       "the queue limit is a whole number or \"unlimited\" (got " + shown(l) + ")");
        } else if (!l.is_string()) {
          check_.whole(l, qp + "/limit", unit.queue_limit, 0, 100000000, "the queue limit");
        }
      }
    }
  }
  if (body.contains("service")) read_service(body["service"], p + "/service", unit);
  if (body.contains("next") && !assessment) {
    unit.routes = by_cohort<std::vector<Route>>(
        body["next"], p + "/next",
        [this](const json& j, const std::string& pp, std::vector<Route>& r) {
          return read_routes(j, pp, r);
        });
  }
  if (assessment) unit.routes.assign(s_.cohorts.size(), {});
  if (body.contains("patience") && !assessment) {
    std::vector<sim::Distribution> patience;
    if (read_by_acuity(body["patience"], p + "/patience", patience, &unit.never_leaves))
      unit.patience = patience;
  }
  if (body.contains("discharge") && !assessment)
    read_discharge(body["discharge"], p + "/discharge", unit.discharge);
  if (body.contains("escalation") && !assessment)
    read_escalation(body["escalation"], p + "/escalation", unit);
  if (body.contains("step_down") && unit.kind == UnitKind::kAcute)
    read_step_down(body["step_down"], p + "/step_down", unit);
  if (body.contains("staff") && unit.kind == UnitKind::kVirtualWard)
    read_staff(body["staff"], p + "/staff", unit);
  if (body.contains("pull") && unit.kind == UnitKind::kVirtualWard) {
    if (!body["pull"].is_boolean())
      check_.error(p + "/pull",
                   "is true (fill free places from eligible ward patients) or "
                   "false (wait for referrals) (got " +
                       shown(body["pull"]) + ")");
    else
      unit.pull = body["pull"].get<bool>();
  }
  if (body.contains("cost")) {
    const json& c = body["cost"];
    const std::string cp = p + "/cost";
    if (check_.object(c, cp, {"per_day", "per_patient"}, {}, "a unit's cost")) {
      if (c.contains("per_day"))
        check_.number(c["per_day"], cp + "/per_day", unit.cost_per_day, 0, 1e7,
                      "a cost in pounds per occupied place-day");
      if (c.contains("per_patient"))
        check_.number(c["per_patient"], cp + "/per_patient", unit.cost_per_entry, 0, 1e7,
                      "a cost in pounds per patient");
    }
  }
  if (body.contains("initial") && !assessment) read_initial(body["initial"], p + "/initial", unit);
}

// A service time: a distribution, or {"by_acuity": {...}}; either may sit inside by_cohort.
void Builder::read_service(const json& j, const std::string& p, Unit& unit) {
  bool any_acuity = false;
  std::vector<std::vector<sim::Distribution>> table = by_cohort<std::vector<sim::Distribution>>(
      j, p,
      [this, &any_acuity](const json& v, const std::string& pp,
                          std::vector<sim::Distribution>& out) {
        if (v.is_object() && v.contains("by_acuity")) {
          any_acuity = true;
          return read_by_acuity(v, pp, out);
        }
        sim::Distribution d;
        if (!read_distribution(v, pp, d)) return false;
        out.assign(kAcuityLevels, d);
        return true;
      });
  unit.service.clear();
  for (auto& row : table) unit.service.push_back(row.empty() ? sim::Distribution() : row[0]);
  if (any_acuity) unit.service_by_acuity = std::move(table);
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

void Builder::read_initial(const json& j, const std::string& p, Unit& unit) {
  InitialState& init = unit.initial;
  if (!check_.object(j, p, {"patients", "ready_to_leave", "queued", "cohorts", "remaining"}, {},
                     "today's patients"))
    return;
  if (j.contains("patients"))
    check_.whole(j["patients"], p + "/patients", init.patients, 0, 10000000, "patients");
  if (j.contains("ready_to_leave") &&
      check_.whole(j["ready_to_leave"], p + "/ready_to_leave", init.ready_to_leave, 0, 10000000,
                   "patients") &&
      init.ready_to_leave > init.patients) {
    check_.error(p + "/ready_to_leave",
                 "more patients ready to leave than \"patients\" in the unit (" +
                     std::to_string(init.patients) + ")");
  }
  if (j.contains("queued"))
    check_.whole(j["queued"], p + "/queued", init.queued, 0, 10000000, "patients");
  if (init.queued > 0 && init.queued > unit.queue_limit) {
    // Acute, community and virtual-ward units have no queue unless the file gives one.
    const bool no_queue_by_default = unit.queue_limit == 0 && (unit.kind == UnitKind::kAcute ||
                                                               unit.kind == UnitKind::kCommunity ||
                                                               unit.kind == UnitKind::kVirtualWard);
    check_.error(
        p + "/queued",
        "more patients queued than the queue's limit (" + std::to_string(unit.queue_limit) + ")" +
            (no_queue_by_default ? std::string("; a unit of kind \"") + kind_name(unit.kind) +
                                       "\" has no queue unless \"queue\" gives a "
                                       "\"limit\""
                                 : std::string()));
  }
  // The places at the start: the beds (a schedule's vary, and may close as patients leave)
  // and the places the staff can look after, whichever are fewer.
  const int64_t beds = unit.capacity.schedule.empty() ? unit.capacity.fixed : sim::kUnlimited;
  const int64_t places = std::min(beds, unit.staffed_limit);
  if (places != sim::kUnlimited && init.patients > places) {
    check_.error(p + "/patients",
                 "more patients than the unit has places (" + std::to_string(places) +
                     (places < beds ? ", as many as its staff can look after" : "") + ")");
  }
  if (init.patients + init.queued > 0)
    init.cohort_share = read_cohort_shares(j, p, "today's patients need");
  if (j.contains("remaining"))
    init.has_remaining = read_distribution(j["remaining"], p + "/remaining", init.remaining);
  if (init.ready_to_leave > 0) {
    // Patients ready to leave are of the cohorts of today's patients that have a route to a
    // unit (the model draws them from those alone): at least one must have one.
    bool any_unit_route = false, present_unit_route = false;
    std::vector<std::string> exit_only;
    for (size_t c = 0; c < unit.routes.size(); ++c) {
      bool to_unit = false;
      for (const auto& r : unit.routes[c]) to_unit |= r.to >= 0 && r.p > 0;
      any_unit_route |= to_unit;
      if (unit.routes[c].empty() || c >= init.cohort_share.size() || !(init.cohort_share[c] > 0))
        continue;
      present_unit_route |= to_unit;
      if (!to_unit) exit_only.push_back("\"" + s_.cohorts[c].name + "\"");
    }
    if (!present_unit_route && !exit_only.empty()) {
      std::string cohorts;
      for (size_t i = 0; i < exit_only.size(); ++i)
        cohorts += (i == 0 ? "" : i + 1 == exit_only.size() ? " and " : ", ") + exit_only[i];
      check_.error(p + "/ready_to_leave",
                   any_unit_route
                       ? "patients ready to leave wait for another unit, but every route of "
                         "today's patients' cohort" +
                             std::string(exit_only.size() > 1 ? "s " : " ") + cohorts +
                             " from this unit goes to \"exit\""
                       : "patients ready to leave wait for another unit, but every route from "
                         "this unit goes to \"exit\"");
    }
  }
}

}  // namespace flowsim::models::loading
