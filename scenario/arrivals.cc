// Cohorts, and the arrival streams that bring patients of each: their rates, profiles, cohort
// shares and triage acuity.
#include <cmath>

#include "scenario/builder.h"

namespace flowsim::models::loading {

void Builder::read_cohorts() {
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
      check_.error(p, "a cohort name is letters, digits, '_' and '-' (got \"" + name + "\")", true);
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

int Builder::cohort_index(const std::string& name) const {
  for (size_t i = 0; i < s_.cohorts.size(); ++i)
    if (s_.cohorts[i].name == name) return int(i);
  return -1;
}

std::vector<std::string> Builder::cohort_names() const {
  std::vector<std::string> names;
  for (const auto& c : s_.cohorts) names.push_back(c.name);
  return names;
}

void Builder::read_arrivals() {
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
std::vector<double> Builder::read_cohort_shares(const json& body, const std::string& p,
                                                const std::string& who_needs) {
  std::vector<double> share(s_.cohorts.size(), 0.0);
  if (!body.contains("cohorts")) {
    if (s_.cohorts.size() == 1) {
      share[0] = 1.0;
    } else {
      check_.error(
          p, "with several cohorts, " + who_needs + " \"cohorts\": the share of each, adding to 1");
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
      check_.error(
          cp + "/" + pointer_token(name),
          "no cohort is called \"" + name + "\"" +
              (guess.empty() ? "; declare it in \"cohorts\"" : "; did you mean \"" + guess + "\"?"),
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

bool Builder::read_acuity_shares(const json& j, const std::string& p,
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

}  // namespace flowsim::models::loading
