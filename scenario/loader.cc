// Loading a scenario file: parse, apply overrides and interventions, validate, build.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <tuple>

#include <openssl/sha.h>

#include "scenario/checker.h"
#include "scenario/pathways.h"
#include "scenario/scenario.h"
#include "scenario/variants.h"

namespace flowsim::models {
namespace {

using namespace loading;

constexpr UnitKind kAllKinds[] = {UnitKind::kGeneral,   UnitKind::kEd,
                                  UnitKind::kAcute,     UnitKind::kVirtualWard,
                                  UnitKind::kCommunity, UnitKind::kAssessment};

// Builds a Scenario from a document, reporting every problem to the checker.
class Builder {
 public:
  Builder(const json& doc, Checker& check) : doc_(doc), check_(check) {}

  Scenario build() {
    static const std::vector<std::string> kTop = {
        "schema",  "name",          "description",   "notes",      "start",   "warmup",
        "horizon", "replications",  "seed",          "population", "cohorts", "arrivals",
        "units",   "interventions", "bank_holidays", "electives",  "costs"};
    if (!check_.object(doc_, "", kTop, {"schema", "name", "start", "horizon", "arrivals", "units"},
                       "a scenario")) {
      return s_;
    }
    if (doc_.contains("schema")) {
      std::string schema;
      if (check_.string(doc_["schema"], "/schema", schema) && schema != "flowsim/1") {
        check_.error("/schema",
                     "this version of flowsim reads \"flowsim/1\" (got \"" + schema + "\")");
      }
    }
    if (doc_.contains("name")) check_.string(doc_["name"], "/name", s_.name);
    if (doc_.contains("description"))
      check_.string(doc_["description"], "/description", s_.description);
    if (doc_.contains("start")) {
      check_.string_as(doc_["start"], "/start", sim::parse_datetime_minutes, s_.start_minutes);
    }
    if (doc_.contains("warmup")) check_.duration(doc_["warmup"], "/warmup", s_.warmup);
    if (doc_.contains("horizon") && check_.duration(doc_["horizon"], "/horizon", s_.horizon)) {
      if (s_.horizon <= s_.warmup) {
        check_.error("/horizon",
                     "the horizon (" + sim::format_duration(s_.horizon) +
                         ") must be longer than the warm-up (" + sim::format_duration(s_.warmup) +
                         "): the run lasts the horizon and the warm-up is discarded from it");
      }
    }
    int64_t v = 0;
    if (doc_.contains("replications") &&
        check_.whole(doc_["replications"], "/replications", v, 1, 100000, "replications")) {
      s_.replications = int(v);
    }
    if (doc_.contains("seed") && check_.whole(doc_["seed"], "/seed", v, 0, INT64_MAX, "seed")) {
      s_.seed = uint64_t(v);
    }
    if (doc_.contains("population")) {
      check_.number(doc_["population"], "/population", s_.population, 1, 1e9, "population");
    }
    if (doc_.contains("bank_holidays")) read_bank_holidays(doc_["bank_holidays"]);
    read_cohorts();
    read_unit_names();
    if (doc_.contains("arrivals")) read_arrivals();
    if (doc_.contains("units") && doc_["units"].is_object()) {
      for (size_t i = 0; i < unit_keys_.size(); ++i) read_unit(i);
    }
    if (doc_.contains("electives")) read_electives(doc_["electives"], "/electives");
    if (doc_.contains("costs")) {
      const json& c = doc_["costs"];
      if (check_.object(c, "/costs", {"cancelled_operation"}, {}, "costs") &&
          c.contains("cancelled_operation")) {
        check_.number(c["cancelled_operation"], "/costs/cancelled_operation",
                      s_.cost_cancelled_operation, 0, 1e9, "a cost in pounds");
      }
    }
    return s_;
  }

 private:
  void read_cohorts() {
    if (!doc_.contains("cohorts")) {
      s_.cohorts.push_back(Cohort{"all", 0});
      return;
    }
    const json& c = doc_["cohorts"];
    if (!check_.map(c, "/cohorts", "cohorts")) return;
    for (const auto& name : check_.keys_in_order(c, "/cohorts")) {
      const json& body = c[name];
      const std::string p = "/cohorts/" + pointer_token(name);
      Cohort cohort{name, 0};
      if (!is_name(name) || name == "*") {
        check_.error(p, "a cohort name is letters, digits, '_' and '-' (got \"" + name + "\")",
                     true);
      }
      if (check_.object(body, p, {"description", "priority"}, {}, "a cohort") &&
          body.contains("priority")) {
        int64_t pr = 0;
        if (check_.whole(body["priority"], p + "/priority", pr, -1000, 1000, "priority"))
          cohort.priority = int(pr);
      }
      s_.cohorts.push_back(cohort);
    }
    if (s_.cohorts.empty())
      check_.error("/cohorts", "name at least one cohort, or leave \"cohorts\" out");
  }

  // Unit names first, so that routes can refer to units declared later in the file.
  void read_unit_names() {
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

  int cohort_index(const std::string& name) const {
    for (size_t i = 0; i < s_.cohorts.size(); ++i)
      if (s_.cohorts[i].name == name) return int(i);
    return -1;
  }

  std::vector<std::string> cohort_names() const {
    std::vector<std::string> names;
    for (const auto& c : s_.cohorts) names.push_back(c.name);
    return names;
  }

  // A unit name or "exit"; returns false (having reported) when it is neither.
  bool destination(const std::string& name, const std::string& p, int& out, bool at_key) {
    if (name == "exit") {
      out = kExit;
      return true;
    }
    out = s_.unit_index(name);
    if (out >= 0 && s_.units[size_t(out)].kind == UnitKind::kAssessment) {
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

  void read_arrivals() {
    const json& a = doc_["arrivals"];
    if (!a.is_object()) {
      check_.error("/arrivals",
                   "arrivals must be an object of named streams (got " + type_name(a) + ")");
      return;
    }
    if (a.empty()) check_.error("/arrivals", "a scenario needs at least one arrival stream");
    for (const auto& name : check_.keys_in_order(a, "/arrivals")) {
      const json& body = a[name];
      const std::string p = "/arrivals/" + pointer_token(name);
      ArrivalStream stream;
      stream.name = name;
      if (!is_name(name)) {
        check_.error(
            p, "an arrival stream's name is letters, digits, '_' and '-' (got \"" + name + "\")",
            true);
      }
      if (!check_.object(body, p,
                         {"description", "to", "rate", "cohorts", "profile", "ambulance", "acuity"},
                         {"to", "rate"}, "an arrival stream")) {
        continue;
      }
      if (body.contains("to")) {
        std::string to;
        if (check_.string(body["to"], p + "/to", to)) {
          if (to == "exit") {
            check_.error(p + "/to", "arrivals go to a unit, not straight to \"exit\"");
          } else {
            destination(to, p + "/to", stream.to, false);
          }
        }
      }
      if (body.contains("rate")) check_.rate(body["rate"], p + "/rate", stream.rate_per_hour);
      stream.cohort_share = read_cohort_shares(body, p);
      if (body.contains("profile")) read_profile(body["profile"], p + "/profile", stream.profile);
      if (body.contains("ambulance")) {
        if (!body["ambulance"].is_boolean())
          check_.error(p + "/ambulance", "is true or false (got " + shown(body["ambulance"]) + ")");
        else
          stream.ambulance = body["ambulance"].get<bool>();
      }
      if (body.contains("acuity")) {
        stream.acuity_share = by_cohort<std::array<double, kAcuityLevels>>(
            body["acuity"], p + "/acuity",
            [this](const json& j, const std::string& pp, std::array<double, kAcuityLevels>& out) {
              return read_acuity_shares(j, pp, out);
            });
      }
      s_.arrivals.push_back(std::move(stream));
    }
  }

  // `who_needs` names the owner of the shares in the message when they are missing.
  std::vector<double> read_cohort_shares(const json& body, const std::string& p,
                                         const std::string& who_needs = "an arrival stream needs") {
    std::vector<double> share(s_.cohorts.size(), 0.0);
    if (!body.contains("cohorts")) {
      if (s_.cohorts.size() == 1) {
        share[0] = 1.0;
      } else {
        check_.error(p, "with several cohorts, " + who_needs +
                            " \"cohorts\": the share of each, adding to 1");
      }
      return share;
    }
    const std::string cp = p + "/cohorts";
    const json& c = body["cohorts"];
    if (!c.is_object()) {
      check_.error(cp,
                   "must be an object of cohort shares, e.g. {\"general\": 0.8, \"frailty\": 0.2}");
      return share;
    }
    double total = 0;
    bool ok = true;
    for (const auto& [name, value] : c.items()) {
      const int ci = cohort_index(name);
      if (ci < 0) {
        const std::string guess = did_you_mean(name, cohort_names());
        check_.error(cp + "/" + pointer_token(name),
                     "no cohort is called \"" + name + "\"" +
                         (guess.empty() ? "; declare it in \"cohorts\""
                                        : "; did you mean \"" + guess + "\"?"),
                     true);
        ok = false;
        continue;
      }
      double v = 0;
      if (!check_.number(value, cp + "/" + pointer_token(name), v, 0, 1, "a cohort share")) {
        ok = false;
        continue;
      }
      share[size_t(ci)] = v;
      total += v;
    }
    if (ok && std::abs(total - 1.0) > 1e-6) {
      check_.error(cp, "cohort shares must add up to 1 (they add up to " + num(total) + ")");
    }
    return share;
  }

  void read_factor_list(const json& j, const std::string& p, double* out, size_t n,
                        const std::string& what) {
    if (!j.is_array() || j.size() != n) {
      check_.error(p, what + " must be a list of " + std::to_string(n) + " factors (got " +
                          (j.is_array() ? std::to_string(j.size()) + " values" : type_name(j)) +
                          ")");
      return;
    }
    for (size_t i = 0; i < n; ++i) {
      check_.number(j[i], p + "/" + std::to_string(i), out[i], 0, 1e6, "a rate factor");
    }
  }

  void read_profile(const json& j, const std::string& p, Profile& profile) {
    if (!check_.object(j, p, {"hour", "weekday", "periods"}, {}, "a profile")) return;
    if (j.contains("hour")) {
      read_factor_list(j["hour"], p + "/hour", profile.hour.data(), 24,
                       "\"hour\" (00:00 to 23:00)");
    }
    if (j.contains("weekday")) {
      read_factor_list(j["weekday"], p + "/weekday", profile.weekday.data(), 7,
                       "\"weekday\" (Monday to Sunday)");
    }
    if (j.contains("periods")) {
      const json& periods = j["periods"];
      if (!periods.is_array()) {
        check_.error(p + "/periods",
                     "must be a list of {\"from\": date, \"to\": date, \"factor\": x}");
        return;
      }
      for (size_t i = 0; i < periods.size(); ++i) {
        const std::string pp = p + "/periods/" + std::to_string(i);
        DatedFactor f;
        if (!check_.object(periods[i], pp, {"name", "from", "to", "factor"},
                           {"from", "to", "factor"}, "a dated period")) {
          continue;
        }
        bool ok =
            periods[i].contains("from") && check_.date(periods[i]["from"], pp + "/from", f.from);
        ok = periods[i].contains("to") && check_.date(periods[i]["to"], pp + "/to", f.to) && ok;
        if (ok && f.to < f.from) check_.error(pp + "/to", "the period ends before it begins");
        if (periods[i].contains("factor"))
          check_.number(periods[i]["factor"], pp + "/factor", f.factor, 0, 1e6, "a rate factor");
        profile.periods.push_back(f);
      }
    }
  }

  bool read_distribution(const json& j, const std::string& p, sim::Distribution& out) {
    static const std::vector<std::string> kKinds = {"exponential", "lognormal", "gamma",
                                                    "weibull",     "uniform",   "triangular",
                                                    "fixed",       "empirical"};
    if (!j.is_object() || j.size() != 1) {
      check_.error(
          p,
          "a distribution is an object with one key, e.g. {\"exponential\": {\"mean\": \"1h\"}} "
          "(kinds: exponential, lognormal, gamma, weibull, uniform, triangular, fixed, empirical)");
      return false;
    }
    const std::string kind = j.begin().key();
    const json& a = j.begin().value();
    const std::string ap = p + "/" + pointer_token(kind);
    const size_t before = check_.problem_count();
    auto param = [&](const char* key, double& v) {
      return a.contains(key) && check_.hours(a[key], ap + "/" + key, v);
    };
    try {
      if (kind == "fixed") {
        double v = 0;
        if (check_.hours(a, ap, v)) out = sim::Distribution::fixed(v);
      } else if (kind == "exponential") {
        double mean = 0;
        if (check_.object(a, ap, {"mean"}, {"mean"}, "exponential") && param("mean", mean)) {
          out = sim::Distribution::exponential(mean);
        }
      } else if (kind == "lognormal" || kind == "gamma") {
        double mean = 0, sd = 0;
        if (check_.object(a, ap, {"mean", "sd"}, {"mean", "sd"}, kind) & param("mean", mean) &
            param("sd", sd)) {
          if (mean <= 0) {
            check_.error(ap + "/mean", "the mean of a " + kind + " must be more than zero");
          } else if (kind == "gamma" && sd <= 0) {
            check_.error(ap + "/sd",
                         "the sd of a gamma must be more than zero; use \"fixed\" for a constant");
          } else {
            out = kind == "lognormal" ? sim::Distribution::lognormal(mean, sd)
                                      : sim::Distribution::gamma(mean, sd);
          }
        }
      } else if (kind == "weibull") {
        double shape = 0, scale = 0;
        if (check_.object(a, ap, {"shape", "scale"}, {"shape", "scale"}, "weibull") &&
            a.contains("shape") &&
            check_.number(a["shape"], ap + "/shape", shape, 1e-3, 1e3, "the weibull shape") &
                param("scale", scale)) {
          if (scale <= 0) {
            check_.error(ap + "/scale", "the weibull scale must be more than zero");
          } else {
            out = sim::Distribution::weibull(shape, scale);
          }
        }
      } else if (kind == "uniform") {
        double lo = 0, hi = 0;
        if (check_.object(a, ap, {"min", "max"}, {"min", "max"}, "uniform") & param("min", lo) &
            param("max", hi)) {
          if (lo > hi) {
            check_.error(ap, "min must not be more than max");
          } else {
            out = sim::Distribution::uniform(lo, hi);
          }
        }
      } else if (kind == "triangular") {
        double lo = 0, mode = 0, hi = 0;
        if (check_.object(a, ap, {"min", "mode", "max"}, {"min", "mode", "max"}, "triangular") &
            param("min", lo) & param("mode", mode) & param("max", hi)) {
          if (!(lo <= mode && mode <= hi)) {
            check_.error(ap, "needs min <= mode <= max");
          } else {
            out = sim::Distribution::triangular(lo, mode, hi);
          }
        }
      } else if (kind == "empirical") {
        if (check_.object(a, ap, {"values"}, {"values"}, "empirical") && a.contains("values")) {
          const json& vals = a["values"];
          if (!vals.is_array() || vals.empty()) {
            check_.error(ap + "/values",
                         "must be a non-empty list of durations, e.g. [\"2h\", \"3.5h\"]");
          } else {
            std::vector<double> values;
            for (size_t i = 0; i < vals.size(); ++i) {
              double v = 0;
              if (check_.hours(vals[i], ap + "/values/" + std::to_string(i), v))
                values.push_back(v);
            }
            if (values.size() == vals.size()) out = sim::Distribution::empirical(std::move(values));
          }
        }
      } else {
        const std::string guess = did_you_mean(kind, kKinds);
        check_.error(
            ap,
            "unknown distribution \"" + kind + "\"" +
                (guess.empty() ? "; kinds are exponential, lognormal, gamma, weibull, uniform, "
                                 "triangular, fixed, empirical"
                               : "; did you mean \"" + guess + "\"?"),
            true);
      }
    } catch (const std::invalid_argument& e) {
      check_.error(ap, e.what());
    }
    return check_.problem_count() == before;
  }

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

  bool read_when_full(const json& j, const std::string& p, Route& r) {
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

  bool read_routes(const json& j, const std::string& p, std::vector<Route>& routes) {
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
        if (j[i].contains("p"))
          check_.number(j[i]["p"], rp + "/p", r.p, 0, 1, "a route probability");
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
          if (from != UnitKind::kAcute) {
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
        if (j[i].contains("stay"))
          r.has_stay = read_distribution(j[i]["stay"], rp + "/stay", r.stay);
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

  bool read_capacity_number(const json& j, const std::string& p, int64_t& out, int64_t min) {
    if (j.is_object() && j.contains("per_100k")) {
      if (!check_.object(j, p, {"per_100k"}, {"per_100k"}, "a capacity per 100,000")) return false;
      double per = 0;
      if (!check_.number(j["per_100k"], p + "/per_100k", per, 0, 1e5,
                         "places per 100,000 population"))
        return false;
      if (s_.population <= 0) {
        check_.error(p + "/per_100k",
                     "a capacity per 100,000 needs \"population\" at the top of the scenario");
        return false;
      }
      out = int64_t(std::llround(per * s_.population / 1e5));
      if (out < min) {
        // A unit with no places would strand every patient bound for it (found in review).
        check_.error(p + "/per_100k", num(per) + " per 100,000 of a population of " +
                                          num(s_.population) +
                                          " rounds to no places; a unit needs at least 1 (a "
                                          "virtual ward may have none)");
        return false;
      }
      return true;
    }
    if (j.is_number_integer() || j.is_number_unsigned() || j.is_number_float()) {
      if (!(j.is_number_float() && std::floor(j.get<double>()) != j.get<double>()) &&
          !(j.is_number_unsigned() && j.get<uint64_t>() > 10000000) &&
          j.get<double>() >= double(min) && j.get<double>() <= 1e7) {
        out = j.get<int64_t>();
        return true;
      }
    }
    // A schedule line (min 0) cannot be unlimited: its capacity must change by a number of places.
    check_.error(p, std::string("must be a whole number of places") +
                        (min > 0 ? " (at least 1), \"unlimited\"" : " (0 or more)") +
                        " or {\"per_100k\": 45} (got " + shown(j) + ")");
    return false;
  }

  // `min_places`: 1, or 0 for a virtual ward, so that a sweep of its places can start from none
  // (its step-ups say what happens instead when it is full, and step-downs wait for a place).
  void read_capacity(const json& j, const std::string& p, Capacity& cap, int64_t min_places) {
    if (j.is_string() && j.get<std::string>() == "unlimited") {
      cap.fixed = sim::kUnlimited;
      return;
    }
    if (j.is_object() && j.contains("schedule")) {
      if (!check_.object(j, p, {"schedule"}, {"schedule"}, "a capacity schedule")) return;
      const json& s = j["schedule"];
      const std::string sp = p + "/schedule";
      if (!s.is_array() || s.empty()) {
        check_.error(
            sp,
            "must be a list of lines, the first with only \"capacity\" (the default), later ones "
            "with \"days\", \"from\"/\"to\" times or \"from_date\"/\"to_date\"");
        return;
      }
      for (size_t i = 0; i < s.size(); ++i) {
        const std::string lp = sp + "/" + std::to_string(i);
        CapacityRule rule;
        if (!check_.object(s[i], lp, {"capacity", "days", "from", "to", "from_date", "to_date"},
                           {"capacity"}, "a capacity schedule line")) {
          continue;
        }
        const json& line = s[i];
        if (line.contains("capacity"))
          read_capacity_number(line["capacity"], lp + "/capacity", rule.capacity, 0);
        if (line.contains("days")) read_days(line["days"], lp + "/days", rule.weekdays);
        if (line.contains("from") || line.contains("to")) {
          // Each time where it is written, so that an error points at the one that is wrong.
          auto time_of_day = [&](const char* key, int& minute) {
            return line.contains(key) &&
                   check_.string_as(line[key], lp + "/" + key, sim::parse_time_of_day, minute);
          };
          const bool from_ok = time_of_day("from", rule.from_minute) || !line.contains("from");
          const bool to_ok = time_of_day("to", rule.to_minute) || !line.contains("to");
          if (from_ok && to_ok && rule.from_minute == rule.to_minute) {
            check_.error(lp, "\"from\" and \"to\" are the same time");
          }
        }
        if (line.contains("from_date") || line.contains("to_date")) {
          rule.dated = true;
          if (!line.contains("from_date") || !line.contains("to_date")) {
            check_.error(lp, "a dated line needs both \"from_date\" and \"to_date\" (inclusive)");
          } else if (check_.date(line["from_date"], lp + "/from_date", rule.from_date) &
                         check_.date(line["to_date"], lp + "/to_date", rule.to_date) &&
                     rule.to_date < rule.from_date) {
            check_.error(lp + "/to_date", "the dates end before they begin");
          }
        }
        const bool conditional = line.size() > 1;
        if (i == 0 && conditional) {
          check_.error(lp,
                       "the first line of a schedule is the default: give it only \"capacity\"");
        }
        if (i > 0 && !conditional) {
          check_.error(
              lp,
              "only the first line may be unconditional; add \"days\", \"from\"/\"to\" or dates");
        }
        cap.schedule.push_back(rule);
      }
      return;
    }
    read_capacity_number(j, p, cap.fixed, min_places);
  }

  void read_days(const json& j, const std::string& p, uint8_t& mask) {
    if (j.is_string() && (j == "weekdays" || j == "weekends")) {
      mask = j == "weekdays" ? 0x1f : 0x60;
      return;
    }
    if (!j.is_array() || j.empty()) {
      check_.error(p, "days is a list such as [\"sat\", \"sun\"], or \"weekdays\" or \"weekends\"");
      return;
    }
    mask = 0;
    for (size_t i = 0; i < j.size(); ++i) {
      std::string d;
      if (!check_.string(j[i], p + "/" + std::to_string(i), d)) continue;
      bool found = false;
      for (int w = 0; w < 7; ++w) {
        if (sim::kWeekdayNames[w] == d) {
          mask |= uint8_t(1u << w);
          found = true;
        }
      }
      if (!found)
        check_.error(p + "/" + std::to_string(i),
                     "a day is one of mon, tue, wed, thu, fri, sat, sun (got \"" + d + "\")");
    }
  }

  // Keys every unit takes, and those that belong to one kind.
  static const std::vector<std::string>& common_unit_keys() {
    static const std::vector<std::string> keys = {
        "description", "kind",    "capacity", "service",   "queue",     "next",
        "patience",    "initial", "cost",     "discharge", "escalation"};
    return keys;
  }
  struct KindKey {
    const char* key;
    UnitKind kind;
  };
  static constexpr KindKey kKindKeys[] = {{"step_down", UnitKind::kAcute},
                                          {"staff", UnitKind::kVirtualWard},
                                          {"pull", UnitKind::kVirtualWard}};

  void read_unit(size_t index) {
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
            check_.error(qp + "/limit", "the queue limit is a whole number or \"unlimited\" (got " +
                                            shown(l) + ")");
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
    if (body.contains("initial") && !assessment)
      read_initial(body["initial"], p + "/initial", unit);
  }

  // A service time: a distribution, or {"by_acuity": {...}}; either may sit inside by_cohort.
  void read_service(const json& j, const std::string& p, Unit& unit) {
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

  // A distribution for every acuity 0..5: one distribution, or {"by_acuity": {"1": D, ...,
  // "*": D}}. Patients who were not triaged take "*", or level 3 without it.
  // `never`, for patience: a level may be "never" (those patients wait however long it takes).
  bool read_by_acuity(const json& j, const std::string& p, std::vector<sim::Distribution>& out,
                      std::array<bool, kAcuityLevels>* never = nullptr) {
    if (!(j.is_object() && j.contains("by_acuity"))) {
      sim::Distribution d;
      if (!read_distribution(j, p, d)) return false;
      out.assign(kAcuityLevels, d);
      return true;
    }
    const std::string bp = p + "/by_acuity";
    if (j.size() != 1) check_.error(p, "\"by_acuity\" stands alone in its object");
    const json& b = j["by_acuity"];
    if (!check_.object(b, bp, {"1", "2", "3", "4", "5", "*"}, {}, "values by triage acuity"))
      return false;
    const size_t before = check_.problem_count();
    out.assign(kAcuityLevels, sim::Distribution());
    std::vector<bool> set(kAcuityLevels, false);
    auto is_never = [&](const json& v) { return never && v.is_string() && v == "never"; };
    for (int a = 1; a < kAcuityLevels; ++a) {
      const std::string key = std::to_string(a);
      if (b.contains(key) && is_never(b[key])) {
        (*never)[size_t(a)] = true;
        set[size_t(a)] = true;
      } else if (b.contains(key) && read_distribution(b[key], bp + "/" + key, out[size_t(a)])) {
        set[size_t(a)] = true;
      }
    }
    sim::Distribution rest;
    const bool rest_never = b.contains("*") && is_never(b["*"]);
    const bool has_rest =
        b.contains("*") && (rest_never || read_distribution(b["*"], bp + "/*", rest));
    if (rest_never) (*never)[0] = true;
    for (int a = 1; a < kAcuityLevels; ++a) {
      if (set[size_t(a)]) continue;
      if (has_rest) {
        out[size_t(a)] = rest;
        if (rest_never) (*never)[size_t(a)] = true;
      } else if (!b.contains("*")) {
        check_.error(bp, "no value for acuity " + std::to_string(a) +
                             "; give every level 1 to 5 or a \"*\" for the rest");
        break;
      }
    }
    out[0] = has_rest ? rest : out[3];
    if (never && !has_rest) (*never)[0] = (*never)[3];
    return check_.problem_count() == before;
  }

  bool read_acuity_shares(const json& j, const std::string& p,
                          std::array<double, kAcuityLevels>& out) {
    out.fill(0.0);
    const size_t before = check_.problem_count();
    if (!check_.object(j, p, {"1", "2", "3", "4", "5"}, {},
                       "acuity shares, e.g. {\"1\": 0.01, \"2\": 0.2, \"3\": 0.5, \"4\": 0.25, "
                       "\"5\": 0.04}"))
      return false;
    double total = 0;
    for (int a = 1; a < kAcuityLevels; ++a) {
      const std::string key = std::to_string(a);
      if (j.contains(key) &&
          check_.number(j[key], p + "/" + key, out[size_t(a)], 0, 1, "an acuity share"))
        total += out[size_t(a)];
    }
    // A total is only worth reporting when every share was read and no key was unknown: one
    // problem, one message.
    if (check_.problem_count() != before) return false;
    if (std::abs(total - 1.0) > 1e-6) {
      check_.error(p, "acuity shares must add up to 1 (they add up to " + num(total) + ")");
      return false;
    }
    return true;
  }

  void read_discharge(const json& j, const std::string& p, DischargeRules& d) {
    if (!check_.object(j, p, {"from", "to", "weekend"}, {},
                       "discharge rules, e.g. {\"from\": \"08:00\", \"to\": \"20:00\", "
                       "\"weekend\": 0.5}"))
      return;
    d.active = true;
    const bool from_ok =
        !j.contains("from") ||
        check_.string_as(j["from"], p + "/from", sim::parse_time_of_day, d.from_minute);
    const bool to_ok = !j.contains("to") ||
                       check_.string_as(j["to"], p + "/to", sim::parse_time_of_day, d.to_minute);
    if (from_ok && to_ok && d.from_minute >= d.to_minute) {
      auto hhmm = [](int minute) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
        return std::string(buf);
      };
      check_.error(p, "\"to\" (" + hhmm(d.to_minute) + ") must be later than \"from\" (" +
                          hhmm(d.from_minute) +
                          "): discharges happen between them, within one day");
    }
    if (j.contains("weekend"))
      check_.number(j["weekend"], p + "/weekend", d.weekend, 0, 1,
                    "the weekend discharge rate (a share of the weekday rate, 0 to 1)");
  }

  void read_escalation(const json& j, const std::string& p, Unit& unit) {
    Escalation& e = unit.escalation;
    if (!check_.object(j, p, {"beds", "open_above", "close_below"},
                       {"beds", "open_above", "close_below"}, "escalation"))
      return;
    if (j.contains("beds")) check_.whole(j["beds"], p + "/beds", e.beds, 1, 100000, "beds");
    const bool open_ok = j.contains("open_above") &&
                         check_.number(j["open_above"], p + "/open_above", e.open_above, 0.01, 1,
                                       "an occupancy (a share of the unit's own beds, e.g. 0.95; "
                                       "occupancy never passes 1 before the beds open)");
    const bool close_ok = j.contains("close_below") &&
                          check_.number(j["close_below"], p + "/close_below", e.close_below, 0, 1,
                                        "an occupancy (a share of the unit's own beds, e.g. 0.90)");
    if (open_ok && close_ok && e.close_below >= e.open_above) {
      check_.error(p + "/close_below",
                   "close_below (" + num(e.close_below) + ") must be lower than open_above (" +
                       num(e.open_above) +
                       "): escalation beds open at one occupancy and close once it falls below a "
                       "lower one");
    }
    if (unit.capacity.unlimited()) {
      check_.error(p, "escalation beds need a finite capacity to escalate from");
    }
  }

  void read_step_down(const json& j, const std::string& p, Unit& unit) {
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

  // A probability by cohort: {"frailty": 0.3, "*": 0.1}; cohorts not named (and no "*") get 0.
  std::vector<double> read_cohort_probabilities(const json& j, const std::string& p) {
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

  void read_staff(const json& j, const std::string& p, Unit& unit) {
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

  void read_initial(const json& j, const std::string& p, Unit& unit) {
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
      const bool no_queue_by_default =
          unit.queue_limit == 0 &&
          (unit.kind == UnitKind::kAcute || unit.kind == UnitKind::kCommunity ||
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

  void read_bank_holidays(const json& j) {
    if (!j.is_array()) {
      check_.error("/bank_holidays", "is a list of dates, e.g. [\"2026-12-25\", \"2026-12-28\"]");
      return;
    }
    for (size_t i = 0; i < j.size(); ++i) {
      sim::CivilDate d;
      if (check_.date(j[i], "/bank_holidays/" + std::to_string(i), d))
        s_.bank_holidays.push_back(d);
    }
    std::sort(s_.bank_holidays.begin(), s_.bank_holidays.end());
  }

  void read_electives(const json& j, const std::string& p) {
    Electives& e = s_.electives;
    if (!check_.object(j, p,
                       {"description", "priorities", "referrals", "backlog", "removal", "sessions",
                        "cancelled", "day_case", "inpatient_ward", "mutual_aid"},
                       {"priorities", "referrals", "sessions"}, "the elective waiting list"))
      return;
    e.present = true;
    if (j.contains("priorities") && check_.map(j["priorities"], p + "/priorities", "priorities")) {
      const std::string pp = p + "/priorities";
      const size_t before = check_.problem_count();
      double total = 0;
      for (const auto& name : check_.keys_in_order(j["priorities"], pp)) {
        const json& body = j["priorities"][name];
        const std::string bp = pp + "/" + pointer_token(name);
        ElectivePriority priority{name, {}};
        double share = 0;
        if (check_.object(body, bp, {"target", "share"}, {"target", "share"},
                          "a clinical priority, e.g. {\"target\": \"4w\", \"share\": 0.1}")) {
          if (body.contains("target"))
            check_.duration(body["target"], bp + "/target", priority.target);
          if (body.contains("share") &&
              check_.number(body["share"], bp + "/share", share, 0, 1, "a share"))
            total += share;
        }
        e.priorities.push_back(priority);
        e.priority_share.push_back(share);
      }
      if (e.priorities.empty())
        check_.error(pp,
                     "name at least one priority, e.g. {\"P2\": {\"target\": \"4w\", "
                     "\"share\": 1}}");
      else if (check_.problem_count() == before && std::abs(total - 1.0) > 1e-6)
        check_.error(pp, "priority shares must add up to 1 (they add up to " + num(total) + ")");
    }
    if (j.contains("referrals")) {
      const json& r = j["referrals"];
      const std::string rp = p + "/referrals";
      if (check_.object(r, rp, {"rate", "cohorts", "profile"}, {"rate"}, "elective referrals")) {
        if (r.contains("rate")) check_.rate(r["rate"], rp + "/rate", e.referral_rate_per_hour);
        e.cohort_share = read_cohort_shares(r, rp, "elective referrals need");
        if (r.contains("profile")) read_profile(r["profile"], rp + "/profile", e.profile);
      }
    }
    if (e.cohort_share.empty())
      e.cohort_share.assign(s_.cohorts.size(), 1.0 / double(s_.cohorts.size()));
    if (j.contains("backlog")) {
      const json& b = j["backlog"];
      const std::string bp = p + "/backlog";
      if (check_.object(b, bp, {"patients", "waited"}, {"patients", "waited"},
                        "today's waiting list, e.g. {\"patients\": 9000, \"waited\": "
                        "{\"exponential\": {\"mean\": \"20w\"}}}")) {
        if (b.contains("patients"))
          check_.whole(b["patients"], bp + "/patients", e.backlog, 0, 10000000, "patients");
        if (b.contains("waited")) read_distribution(b["waited"], bp + "/waited", e.backlog_waited);
      }
    }
    if (j.contains("removal"))
      e.has_removal = read_distribution(j["removal"], p + "/removal", e.removal);
    if (j.contains("sessions")) read_sessions(j["sessions"], p + "/sessions");
    if (j.contains("cancelled")) {
      const json& c = j["cancelled"];
      const std::string cp = p + "/cancelled";
      if (!c.is_array()) {
        check_.error(cp, "is a list of {\"from\": date, \"to\": date} with no theatre sessions");
      } else {
        for (size_t i = 0; i < c.size(); ++i) {
          const std::string ip = cp + "/" + std::to_string(i);
          DateRange range;
          if (!check_.object(c[i], ip, {"from", "to", "why"}, {"from", "to"}, "a date range"))
            continue;
          if (c[i].contains("from") && c[i].contains("to") &&
              (check_.date(c[i]["from"], ip + "/from", range.from) &
               check_.date(c[i]["to"], ip + "/to", range.to)) &&
              range.to < range.from) {
            check_.error(ip + "/to", "the dates end before they begin");
          }
          e.sessions_cancelled.push_back(range);
        }
      }
    }
    e.day_case.assign(s_.cohorts.size(), 0.0);
    const size_t before_day_case = check_.problem_count();
    if (j.contains("day_case")) {
      e.day_case = by_cohort<double>(j["day_case"], p + "/day_case",
                                     [this](const json& v, const std::string& vp, double& out) {
                                       return check_.number(v, vp, out, 0, 1,
                                                            "the share treated as day cases");
                                     });
    }
    bool any_inpatient = false;
    for (size_t c = 0; c < e.day_case.size(); ++c)
      any_inpatient |= e.day_case[c] < 1.0 && e.cohort_share[c] > 0;
    if (j.contains("inpatient_ward")) {
      std::string ward;
      if (check_.string(j["inpatient_ward"], p + "/inpatient_ward", ward) &&
          destination(ward, p + "/inpatient_ward", e.inpatient_to, false) && e.inpatient_to < 0) {
        check_.error(p + "/inpatient_ward", "inpatient cases need a ward, not \"exit\"");
      }
    } else if (any_inpatient && check_.problem_count() == before_day_case) {
      // (A day_case that could not be read says nothing of inpatients: one problem, one message.)
      check_.error(p,
                   "inpatient cases need \"inpatient_ward\": the unit whose bed they take "
                   "(or make every case a day case with \"day_case\": 1)");
    }
    if (j.contains("mutual_aid")) {
      const json& m = j["mutual_aid"];
      const std::string mp = p + "/mutual_aid";
      if (check_.object(m, mp, {"per_week", "after"}, {"per_week", "after"},
                        "mutual aid, e.g. {\"per_week\": 10, \"after\": \"52w\"}")) {
        if (m.contains("per_week"))
          check_.whole(m["per_week"], mp + "/per_week", e.mutual_aid_per_week, 0, 1000000,
                       "patients a week");
        if (m.contains("after")) check_.duration(m["after"], mp + "/after", e.mutual_aid_after);
      }
    }
  }

  void read_sessions(const json& j, const std::string& p) {
    if (!j.is_array() || j.empty()) {
      check_.error(p,
                   "is a list of theatre sessions, e.g. [{\"days\": \"weekdays\", \"at\": "
                   "\"08:30\", \"cases\": 12}]");
      return;
    }
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string sp = p + "/" + std::to_string(i);
      TheatreSession session;
      if (!check_.object(j[i], sp, {"days", "at", "cases"}, {"at", "cases"}, "a theatre session"))
        continue;
      if (j[i].contains("days")) read_days(j[i]["days"], sp + "/days", session.weekdays);
      if (j[i].contains("at") &&
          check_.string_as(j[i]["at"], sp + "/at", sim::parse_time_of_day, session.minute) &&
          session.minute >= 1440) {
        check_.error(sp + "/at",
                     "a session starts within its day, from \"00:00\" to \"23:59\" (got "
                     "\"24:00\", the end of the day)");
      }
      if (j[i].contains("cases"))
        check_.whole(j[i]["cases"], sp + "/cases", session.cases, 1, 100000,
                     "cases (operations across the day's theatres)");
      s_.electives.sessions.push_back(session);
    }
  }

  const json& doc_;
  Checker& check_;
  Scenario s_;
  std::vector<std::string> unit_keys_;
  int current_unit_ = -1;  // the unit being read
};

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

}  // namespace

namespace loading {

// Problems in the order they stand in the file, which is how a person fixes them.
[[noreturn]] void throw_sorted(std::vector<Diagnostic> problems) {
  // Problems with no place in the file (those of --set) come first. The key must be a strict
  // weak ordering: comparing only within a file is not one, and sorting with it is undefined.
  auto key = [](const Diagnostic& d) {
    return std::tuple(d.where.line > 0, d.where.line, d.where.column);
  };
  std::stable_sort(problems.begin(), problems.end(),
                   [&key](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  throw InvalidInput(std::move(problems));
}

std::string read_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidInput({Diagnostic{path, {}, "", "cannot open " + what}});
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Builds one variant's document, checks it and its network, and adds it to `loaded`; problems
// are prefixed with `context` and collected.
void add_checked_variant(LoadedScenario& loaded, const JsonSource& src, Variant variant,
                         const Locator& locate, const std::string& context,
                         std::vector<Diagnostic>& problems) {
  std::vector<Diagnostic> local;
  Checker check(locate, local, src);
  Builder builder(variant.document, check);
  variant.scenario = builder.build();
  if (local.empty())
    check_network(variant.scenario,
                  [&check](const std::string& p, const std::string& m) { check.error(p, m); });
  for (auto& d : local) d.message = context + d.message;
  problems.insert(problems.end(), local.begin(), local.end());
  loaded.variants.push_back(std::move(variant));
}

}  // namespace loading

LoadedScenario load_scenario_text(const std::string& path, const std::string& text,
                                  const std::vector<Override>& overrides) {
  JsonSource src(path, text);
  if (!src.ok()) {
    // The message already carries file, line and column.
    throw InvalidInput({Diagnostic{"", {}, "", src.error()}});
  }
  std::vector<Diagnostic> problems;
  json base = src.document();

  // Stage 2: --set overrides, by JSON pointer, onto the file as written.
  const std::vector<std::string> overridden = apply_overrides(base, overrides, problems);
  if (!problems.empty()) throw_sorted(std::move(problems));

  LoadedScenario loaded;
  loaded.path = path;
  loaded.sha256 = sha256_hex(text);
  loaded.text = text;
  loaded.overridden = overridden;
  // Where a pointer came from: an override, or a place in the file.
  const Locator base_locator = baseline_locator(loaded, src);

  // The interventions and sweeps blocks are read here; each variant's document has them removed.
  std::vector<std::pair<std::string, json>> interventions;
  {
    Checker check(base_locator, problems, src);
    interventions = read_interventions(base, check);

    if (base.is_object() && base.contains("sweeps")) check.map(base["sweeps"], "/sweeps", "sweeps");
    json doc = base;
    if (doc.is_object()) {
      doc.erase("interventions");
      doc.erase("sweeps");
    }
    Builder builder(doc, check);
    const size_t before = problems.size();
    Scenario scenario = builder.build();
    if (problems.size() == before)
      check_network(scenario,
                    [&check](const std::string& p, const std::string& m) { check.error(p, m); });
    Variant v{"baseline", "", doc, std::move(scenario), {}};
    v.description = v.scenario.description;
    loaded.variants.push_back(std::move(v));
  }
  if (!problems.empty()) throw_sorted(std::move(problems));

  add_interventions(loaded, src, interventions, base_locator, problems);
  if (!problems.empty()) throw_sorted(std::move(problems));

  add_sweeps(loaded, src, base, base_locator, problems);
  if (!problems.empty()) throw_sorted(std::move(problems));
  return loaded;
}

LoadedScenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides) {
  return load_scenario_text(path, read_file(path, "the scenario file"), overrides);
}

}  // namespace flowsim::models
