#include "experiment/safety.h"

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

// A whole number with thousands separators: 1,000,000.
std::string whole(double v) {
  std::string digits = printed("%.0f", std::round(v));
  const size_t sign = digits[0] == '-' ? 1 : 0;
  for (size_t i = digits.size(); i > sign + 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

// A count as large as a run's: "850,000", "4.8 million", "2.4 billion", "3.1e+15".
std::string count(double v) {
  if (!std::isfinite(v)) return "unbounded";
  if (v < 1e6) return whole(v);
  if (v < 1e9) return printed("%.1f million", v / 1e6);
  if (v < 1e12) return printed("%.1f billion", v / 1e9);
  if (v < 1e15) return printed("%.1f trillion", v / 1e12);
  return printed("%.1e", v);
}

}  // namespace

std::string format_seconds(double s) {
  if (!std::isfinite(s)) return "forever";
  if (s < 90) return printed("%.0f seconds", s);
  if (s < 90 * 60) return printed("%.0f minutes", s / 60);
  if (s < 48 * 3600) return printed("%.1f hours", s / 3600);
  if (s < 730 * 86400) return printed("%.0f days", s / 86400);
  return whole(s / (365.25 * 86400)) + " years";
}

RunSize estimate_run_size(const LoadedScenario& loaded, const RunOptions& options) {
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
    int first_round = options.replications.value_or(s.replications);
    if (options.precision)
      first_round = std::min(std::max(first_round, 3), options.max_replications);
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
  const unsigned threads = options.threads == 0 ? sim::default_thread_count() : options.threads;
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
                  count(size.visits) + " patient visits to units (" +
                  count(size.visits_per_replication) + " in each of " + whole(size.replications) +
                  " replications";
  if (size.variants > 1) m += " over " + whole(double(size.variants)) + " variants";
  m += ", each " +
       (size.horizon_days > 730 ? whole(size.horizon_days / 365.25) + " years"
                                : whole(size.horizon_days) + " days") +
       " long), at about " + count(kVisitsPerSecond) + " a second on each of " +
       whole(size.threads) + (size.threads == 1 ? " thread" : " threads");
  if (!size.busiest_unit.empty())
    m += "; the busiest unit, " + size.busiest_unit + ", receives " + count(size.busiest_per_day) +
         " patients a day";
  m += ". flowsim refuses runs estimated to take over " + format_seconds(kLongestRunSeconds) +
       " or to simulate over " + whole(kLongestHorizonDays / 365.25) +
       " years: check the scenario's rates and horizon, run fewer replications (--reps), or add "
       "--force to run it anyway";
  return m;
}

void RunHealth::add(const ReplicationResult& r) {
  ++replications;
  if (r.turned_away > 0) ++turned_away_in;
  turned_away += double(r.turned_away);
  peak_inside = std::max(peak_inside, r.peak_inside);
  first_half.push_back(r.inside_first_half);
  second_half.push_back(r.inside_second_half);
}

bool RunHealth::growing() const {
  const size_t n = first_half.size();
  if (n == 0) return false;
  double first = 0, rise = 0;
  for (size_t i = 0; i < n; ++i) {
    first += first_half[i];
    rise += second_half[i] - first_half[i];
  }
  first /= double(n);
  rise /= double(n);
  if (rise < 20 || rise < 0.25 * first) return false;
  // Too few replications to judge the spread: each must have doubled.
  if (n < 5) {
    for (size_t i = 0; i < n; ++i)
      if (second_half[i] < 2 * first_half[i]) return false;
    return true;
  }
  double squares = 0;
  for (size_t i = 0; i < n; ++i) {
    const double d = second_half[i] - first_half[i] - rise;
    squares += d * d;
  }
  const double se = std::sqrt(squares / double(n - 1) / double(n));
  return se == 0 || rise / se > 3;
}

std::vector<std::string> stability_warnings(const std::string& variant, const Scenario& scenario,
                                            const RunHealth& health, int64_t max_patients_inside) {
  std::vector<std::string> warnings;
  if (health.replications == 0) return warnings;
  if (!health.unstable()) return warnings;
  const bool turned_away = health.turned_away_in > 0;
  const double n = double(health.replications);
  std::string cause;
  {
    std::string over;
    for (const auto& u : estimate_network(scenario).units)
      if (u.flag == LoadFlag::kOver100)
        over += (over.empty() ? "" : ", ") + u.name + " (" +
                (std::isfinite(u.load_ratio) ? printed("%.0f%%", 100 * u.load_ratio)
                                             : std::string("no capacity")) +
                ")";
    cause = over.empty() ? "; the traffic equations find no unit offered more than its capacity, "
                           "so look for blocking between units or a waiting list that outgrows "
                           "its theatres"
                         : "; units offered more than their capacity (flowsim estimate): " + over;
  }
  if (turned_away) {
    warnings.push_back(
        variant + ": unstable: the patients inside reached flowsim's limit of " +
        whole(double(max_patients_inside)) + " in " + whole(health.turned_away_in) + " of " +
        whole(n) + " replications, and " + count(health.turned_away / n) +
        " arrivals a replication were turned away then, counted as lost by system.* and in no "
        "unit's figures. Arrivals exceed what the units can treat" +
        cause);
  } else {
    double first = 0, second = 0;
    for (int i = 0; i < health.replications; ++i) {
      first += health.first_half[size_t(i)] / n;
      second += health.second_half[size_t(i)] / n;
    }
    warnings.push_back(variant +
                       ": unstable: the patients inside grew through the measured "
                       "period, from " +
                       whole(first) + " on average in its first half to " + whole(second) +
                       " in its second: arrivals look to exceed what the units can treat, so "
                       "queues grow without bound and waits depend on the horizon rather than "
                       "settling" +
                       cause);
  }
  return warnings;
}

}  // namespace flowsim::models
