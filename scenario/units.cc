// Units: their names and kinds, the keys every unit takes and those its kind adds (by the rules
// in unit_kinds.cc), their queues, services, costs and today's patients.
#include <algorithm>
#include <cmath>

#include "scenario/builder.h"

namespace flowsim::models::loading {

namespace {

// Keys every unit takes; those that belong to one kind are in its rules (unit_kinds.cc).
const std::vector<std::string>& common_unit_keys() {
  static const std::vector<std::string> keys = {"description", "kind",      "capacity",  "service",
                                                "queue",       "next",      "patience",  "initial",
                                                "cost",        "discharge", "escalation"};
  return keys;
}
// What a unit whose patients are seen in place takes none of.
constexpr const char* kNotInPlace[] = {"next",    "queue",     "patience",
                                       "initial", "discharge", "escalation"};

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
        for (const UnitKindRules& candidate : unit_kinds()) {
          if (k == candidate.name) {
            unit.kind = candidate.kind;
            found = true;
          }
        }
        if (!found) {
          std::vector<std::string> names;
          for (const UnitKindRules& candidate : unit_kinds()) names.push_back(candidate.name);
          std::string listed;  // "general, ed, ... and assessment"
          for (size_t i = 0; i < names.size(); ++i)
            listed += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
          const std::string guess = did_you_mean(k, names);
          check_.error(kp, "unknown kind \"" + k + "\"" +
                               (guess.empty() ? "; kinds are " + listed
                                              : "; did you mean \"" + guess + "\"?"));
        }
      }
    }
    // The defaults of its kind, which what the file gives then overrides.
    const UnitKindRules& kind = kind_rules(unit.kind);
    if (!kind.queues) unit.queue_limit = 0;
    if (kind.in_place) unit.routes.assign(s_.cohorts.size(), {});
    s_.units.push_back(std::move(unit));
  }
}

void Builder::read_unit(size_t index) {
  const std::string& name = unit_keys_[index];
  const std::string p = "/units/" + pointer_token(name);
  const json& body = doc_["units"][name];
  Unit& unit = s_.units[index];
  current_unit_ = int(index);
  const UnitKindRules& kind = kind_rules(unit.kind);
  std::vector<std::string> allowed = common_unit_keys();
  for (const UnitKindRules& other : unit_kinds())
    for (const KindKey& kk : other.keys) allowed.push_back(kk.key);
  const std::vector<std::string> required =
      kind.in_place ? std::vector<std::string>{"capacity", "service"}
                    : std::vector<std::string>{"capacity", "service", "next"};
  if (!check_.object(body, p, allowed, required, "a unit")) return;
  for (const UnitKindRules& other : unit_kinds()) {
    for (const KindKey& kk : other.keys) {
      if (body.contains(kk.key) && unit.kind != other.kind) {
        check_.error(p + "/" + kk.key,
                     std::string("\"") + kk.key + "\" belongs to units of kind \"" +
                         kind_name(other.kind) + "\"; this unit's kind is \"" +
                         kind_name(unit.kind) + "\"",
                     true);
      }
    }
  }
  if (kind.in_place) {
    for (const char* key : kNotInPlace) {
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
    read_capacity(body["capacity"], p + "/capacity", unit.capacity, kind.min_places);
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
  if (body.contains("next") && !kind.in_place) {
    unit.routes = by_cohort<std::vector<Route>>(
        body["next"], p + "/next",
        [this](const json& j, const std::string& pp, std::vector<Route>& r) {
          return read_routes(j, pp, r);
        });
  }
  if (body.contains("patience") && !kind.in_place) {
    std::vector<sim::Distribution> patience;
    if (read_by_acuity(body["patience"], p + "/patience", patience, &unit.never_leaves))
      unit.patience = patience;
  }
  if (body.contains("discharge") && !kind.in_place)
    read_discharge(body["discharge"], p + "/discharge", unit.discharge);
  if (body.contains("escalation") && !kind.in_place)
    read_escalation(body["escalation"], p + "/escalation", unit);
  for (const KindKey& kk : kind.keys)
    if (body.contains(kk.key)) (this->*kk.read)(body[kk.key], p + "/" + kk.key, unit);
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
  if (body.contains("initial") && !kind.in_place)
    read_initial(body["initial"], p + "/initial", unit);
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
    const bool no_queue_by_default = unit.queue_limit == 0 && !kind_rules(unit.kind).queues;
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
