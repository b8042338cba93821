// Distributions of time (a service, a delay, a stay, patience), by triage acuity where they
// depend on it, and the profiles that shape an arrival rate over the day, the week and dated
// periods.
#include "scenario/builder.h"

namespace flowsim::models::loading {

bool Builder::read_distribution(const json& j, const std::string& p, sim::Distribution& out) {
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
            if (check_.hours(vals[i], ap + "/values/" + std::to_string(i), v)) values.push_back(v);
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

// A distribution for every acuity 0..5: one distribution, or {"by_acuity": {"1": D, ...,
// "*": D}}. Patients who were not triaged take "*", or level 3 without it.
// `never`, for patience: a level may be "never" (those patients wait however long it takes).
bool Builder::read_by_acuity(const json& j, const std::string& p,
                             std::vector<sim::Distribution>& out,
                             std::array<bool, kAcuityLevels>* never) {
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

void Builder::read_factor_list(const json& j, const std::string& p, double* out, size_t n,
                               const std::string& what) {
  if (!j.is_array() || j.size() != n) {
    check_.error(p, what + " must be a list of " + std::to_string(n) + " factors (got " +
                        (j.is_array() ? std::to_string(j.size()) + " values" : type_name(j)) + ")");
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    check_.number(j[i], p + "/" + std::to_string(i), out[i], 0, 1e6, "a rate factor");
  }
}

void Builder::read_profile(const json& j, const std::string& p, Profile& profile) {
  if (!check_.object(j, p, {"hour", "weekday", "periods"}, {}, "a profile")) return;
  if (j.contains("hour")) {
    read_factor_list(j["hour"], p + "/hour", profile.hour.data(), 24, "\"hour\" (00:00 to 23:00)");
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
      if (!check_.object(periods[i], pp, {"name", "from", "to", "factor"}, {"from", "to", "factor"},
                         "a dated period")) {
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

}  // namespace flowsim::models::loading
