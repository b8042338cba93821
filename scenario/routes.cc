// Where patients go next: destinations, routes by probability or as a list, and what a route
// does when the unit it leads to is full.
#include <cmath>

#include "scenario/builder.h"

namespace flowsim::models::loading {

// A unit name or "exit"; returns false (having reported) when it is neither.
bool Builder::destination(const std::string& name, const std::string& p, int& out, bool at_key) {
  if (name == "exit") {
    out = kExit;
    return true;
  }
  out = s_.unit_index(name);
  if (out >= 0 && kind_rules(s_.units[size_t(out)].kind).in_place) {
    check_.error(p,
                 "\"" + name +
                     "\" is an assessment unit: patients are assessed in place, on the way out "
                     "of another unit; name it in a route's \"assessment\" instead",
                 at_key);
    return false;
  }
  if (out >= 0) return true;
  std::vector<std::string> names = unit_keys_;
  names.push_back("exit");
  std::string msg = "no unit is called \"" + name + "\"";
  const std::string guess = did_you_mean(name, names);
  msg += guess.empty() ? "; routes go to a unit in \"units\" or to \"exit\""
                       : "; did you mean \"" + guess + "\"?";
  check_.error(p, msg, at_key);
  return false;
}

bool Builder::read_routes(const json& j, const std::string& p, std::vector<Route>& routes) {
  const size_t before = check_.problem_count();
  if (j.is_object()) {
    if (j.empty()) check_.error(p, "name at least one destination, e.g. {\"exit\": 1.0}");
    for (const auto& [dest, prob] : j.items()) {
      Route r;
      const std::string rp = p + "/" + pointer_token(dest);
      destination(dest, rp, r.to, true);
      check_.number(prob, rp, r.p, 0, 1, "a route probability");
      routes.push_back(std::move(r));
    }
  } else if (j.is_array()) {
    if (j.empty())
      check_.error(p, "name at least one route, e.g. [{\"to\": \"exit\", \"p\": 1.0}]");
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string rp = p + "/" + std::to_string(i);
      Route r;
      if (!check_.object(j[i], rp,
                         {"to", "p", "delay", "when_full", "pathway", "assessment", "stay"},
                         {"to", "p"}, "a route"))
        continue;
      std::string to;
      if (j[i].contains("to") && check_.string(j[i]["to"], rp + "/to", to))
        destination(to, rp + "/to", r.to, false);
      if (j[i].contains("p")) check_.number(j[i]["p"], rp + "/p", r.p, 0, 1, "a route probability");
      if (j[i].contains("delay"))
        r.has_delay = read_distribution(j[i]["delay"], rp + "/delay", r.delay);
      if (j[i].contains("when_full")) read_when_full(j[i]["when_full"], rp + "/when_full", r);
      if (j[i].contains("pathway")) {
        int64_t pathway = 0;
        if (check_.whole(j[i]["pathway"], rp + "/pathway", pathway, 0, 3, "a discharge pathway"))
          r.pathway = int(pathway);
        // Only discharges from acute units are counted by pathway: elsewhere it would be
        // silently ignored.
        const UnitKind from = s_.units[size_t(current_unit_)].kind;
        if (!kind_rules(from).pathways) {
          check_.error(rp + "/pathway",
                       "a discharge pathway belongs to a route out of an acute unit; this "
                       "unit's kind is \"" +
                           std::string(kind_name(from)) + "\"");
        }
      }
      if (j[i].contains("assessment")) {
        std::string a;
        if (check_.string(j[i]["assessment"], rp + "/assessment", a)) {
          r.assessment = s_.unit_index(a);
          if (r.assessment < 0 || s_.units[size_t(r.assessment)].kind != UnitKind::kAssessment) {
            const std::string guess = did_you_mean(a, unit_keys_);
            check_.error(rp + "/assessment", "an assessment names a unit of kind \"assessment\"" +
                                                 (r.assessment < 0 && !guess.empty()
                                                      ? "; did you mean \"" + guess + "\"?"
                                                      : " (\"" + a + "\" is not one)"));
            r.assessment = -1;
          }
        }
      }
      if (j[i].contains("stay")) r.has_stay = read_distribution(j[i]["stay"], rp + "/stay", r.stay);
      routes.push_back(std::move(r));
    }
  } else {
    check_.error(p,
                 "\"next\" is an object of destination to probability, e.g. {\"ward\": 0.3, "
                 "\"exit\": 0.7}, "
                 "or a list of routes (got " +
                     type_name(j) + ")");
    return false;
  }
  if (check_.problem_count() != before) return false;
  double total = 0;
  for (const auto& r : routes) total += r.p;
  if (std::abs(total - 1.0) > 1e-6) {
    check_.error(p, "route probabilities must add up to 1 (they add up to " + num(total) + ")");
    return false;
  }
  return true;
}

bool Builder::read_when_full(const json& j, const std::string& p, Route& r) {
  if (j.is_string()) {
    const std::string w = j.get<std::string>();
    if (w == "wait")
      r.when_full = WhenFull::kWait;
    else if (w == "lose")
      r.when_full = WhenFull::kLose;
    else {
      check_.error(p,
                   "when_full is \"wait\", \"lose\", {\"overflow\": \"unit\"} or "
                   "{\"instead\": \"unit\"} (got \"" +
                       w + "\")");
      return false;
    }
    return true;
  }
  if (!check_.object(j, p, {"overflow", "instead"}, {}, "when_full")) return false;
  if (j.contains("overflow") == j.contains("instead")) {
    check_.error(p,
                 "when_full is \"wait\", \"lose\", {\"overflow\": \"unit\"} or "
                 "{\"instead\": \"unit\"}: one of them");
    return false;
  }
  const std::string key = j.contains("overflow") ? "overflow" : "instead";
  const std::string kp = p + "/" + key;
  std::string to;
  if (!check_.string(j[key], kp, to)) return false;
  r.when_full = key == "overflow" ? WhenFull::kOverflow : WhenFull::kInstead;
  if (to == "exit") {
    check_.error(kp, key + " goes to another unit; use \"lose\" to send patients away");
    return false;
  }
  if (!destination(to, kp, r.overflow_to, false)) return false;
  if (r.overflow_to == current_unit_) {
    check_.error(kp, "a route cannot " +
                         std::string(key == "overflow" ? "overflow into" : "go instead to") +
                         " the unit it leaves");
    return false;
  }
  return true;
}

}  // namespace flowsim::models::loading
