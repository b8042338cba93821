// A run's size from the traffic equations, and the words that refuse a run too large.
#include "analysis/run_size.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/estimate.h"
#include "sim/replication.h"

namespace flowsim::models {
namespace {

std::string printed(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

std::string format_whole(double v) {
  std::string digits = printed("%.0f", std::round(v));
  const size_t sign = digits[0] == '-' ? 1 : 0;
  for (size_t i = digits.size(); i > sign + 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

std::string format_count(double v) {
  if (!std::isfinite(v)) return "unbounded";
  if (v < 1e6) return format_whole(v);
  if (v < 1e9) return printed("%.1f million", v / 1e6);
  if (v < 1e12) return printed("%.1f billion", v / 1e9);
  if (v < 1e15) return printed("%.1f trillion", v / 1e12);
  return printed("%.1e", v);
}

std::string format_seconds(double s) {
  if (!std::isfinite(s)) return "forever";
  if (s < 90) return printed("%.0f seconds", s);
  if (s < 90 * 60) return printed("%.0f minutes", s / 60);
  if (s < 48 * 3600) return printed("%.1f hours", s / 3600);
  if (s < 730 * 86400) return printed("%.0f days", s / 86400);
  return format_whole(s / (365.25 * 86400)) + " years";
}

RunSize estimate_run_size(const LoadedScenario& loaded, const RunRequest& request) {
  RunSize size;
  std::vector<const Variant*> variants;
  for (const auto& v : loaded.variants) variants.push_back(&v);
  for (const auto& sweep : loaded.sweeps)
    for (const auto& point : sweep.points) variants.push_back(&point);
  size.variants = variants.size();
  for (const Variant* v : variants) {
    const Scenario& s = v->scenario;
    // --precision starts as run_experiment does, and adds replications up to a cap of the
    // user's own (--max-reps): only its first round is certain.
    int first_round = request.replications.value_or(s.replications);
    if (request.precision_cap)
      first_round = std::min(std::max(first_round, 3), *request.precision_cap);
    const double replications = double(first_round);
    // The traffic equations over at most the first year: rates averaged hour by hour over a
    // thousand years would make the estimate itself slow.
    Scenario first_year = s;
    first_year.warmup = sim::Duration();
    first_year.horizon = std::min(s.horizon, sim::Duration::days(365));
    const NetworkEstimate estimate = estimate_network(first_year);
    const double days = s.horizon.to_days();
    double per_day = 0;
    for (const auto& u : estimate.units) {
      // A unit a cohort can never leave has an infinite rate in the equations; the simulation
      // keeps its patients inside instead, so it adds no visits.
      if (!std::isfinite(u.arrivals_per_day)) continue;
      per_day += u.arrivals_per_day;
      if (u.arrivals_per_day > size.busiest_per_day) {
        size.busiest_per_day = u.arrivals_per_day;
        size.busiest_unit = u.name;
      }
    }
    if (s.electives.present) per_day += s.electives.referral_rate_per_hour * 24;
    size.horizon_days = std::max(size.horizon_days, days);
    size.replications += replications;
    size.visits_per_replication = std::max(size.visits_per_replication, per_day * days);
    size.visits += per_day * days * replications;
  }
  const unsigned threads = request.threads == 0 ? sim::default_thread_count() : request.threads;
  // No more threads work than there are replications to share among them.
  size.threads = unsigned(std::max(1.0, std::min(double(threads), size.replications)));
  size.seconds = size.visits / kVisitsPerSecond / double(size.threads);
  return size;
}

bool too_large(const RunSize& size) {
  return size.seconds > kLongestRunSeconds || size.horizon_days > kLongestHorizonDays;
}

std::string refusal_message(const RunSize& size) {
  std::string m = "this run would take about " + format_seconds(size.seconds) + ": " +
                  format_count(size.visits) + " patient visits to units (" +
                  format_count(size.visits_per_replication) + " in each of " +
                  format_whole(size.replications) + " replications";
  if (size.variants > 1) m += " over " + format_whole(double(size.variants)) + " variants";
  m += ", each " +
       (size.horizon_days > 730 ? format_whole(size.horizon_days / 365.25) + " years"
                                : format_whole(size.horizon_days) + " days") +
       " long), at about " + format_count(kVisitsPerSecond) + " a second on each of " +
       format_whole(size.threads) + (size.threads == 1 ? " thread" : " threads");
  if (!size.busiest_unit.empty())
    m += "; the busiest unit, " + size.busiest_unit + ", receives " +
         format_count(size.busiest_per_day) + " patients a day";
  m += ". flowsim refuses runs estimated to take over " + format_seconds(kLongestRunSeconds) +
       " or to simulate over " + format_whole(kLongestHorizonDays / 365.25) +
       " years: check the scenario's rates and horizon, run fewer replications (--reps), or add "
       "--force to run it anyway";
  return m;
}

}  // namespace flowsim::models
