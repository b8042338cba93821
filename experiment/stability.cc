// Whether a run's system is stable: its patients inside settling, or growing without bound or
// reaching flowsim's limit, and the warnings that say so beside the results.
#include "experiment/stability.h"

#include <algorithm>
#include <cmath>

#include "analysis/estimate.h"
#include "analysis/run_size.h"

namespace flowsim::models {

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
                (std::isfinite(u.load_ratio) ? format_fixed(100 * u.load_ratio, 0) + "%"
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
        format_whole(double(max_patients_inside)) + " in " + format_whole(health.turned_away_in) +
        " of " + format_whole(n) + " replications, and " + format_count(health.turned_away / n) +
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
                       format_whole(first) + " on average in its first half to " +
                       format_whole(second) +
                       " in its second: arrivals look to exceed what the units can treat, so "
                       "queues grow without bound and waits depend on the horizon rather than "
                       "settling" +
                       cause);
  }
  return warnings;
}

std::vector<std::string> stability_warnings(const ExperimentResult& result,
                                            const std::vector<Scenario>& scenarios,
                                            const std::vector<RunHealth>& health,
                                            int64_t max_patients_inside) {
  std::vector<std::string> warnings;
  size_t run = 0;
  for (const auto& v : result.variants) {
    for (auto& w : stability_warnings(v.name, scenarios[run], health[run], max_patients_inside))
      warnings.push_back(std::move(w));
    ++run;
  }
  for (const auto& sweep : result.sweeps) {
    std::string unstable;
    size_t count = 0;
    for (const auto& point : sweep.points) {
      if (health[run].unstable()) {
        std::string label;
        for (size_t a = 0; a < sweep.axes.size() && a < point.coordinates.size(); ++a)
          label += (label.empty() ? "" : " ") + sweep.axes[a] + "=" + point.coordinates[a];
        unstable += (unstable.empty() ? "" : "; ") + label;
        ++count;
      }
      ++run;
    }
    if (count > 0)
      warnings.push_back(
          "sweep " + sweep.name + ": unstable at " + std::to_string(count) + " of " +
          std::to_string(sweep.points.size()) + " points (" + unstable +
          "): patients inside grew through the measured period or reached flowsim's limit, so "
          "waits there depend on the horizon rather than settling");
  }
  return warnings;
}

}  // namespace flowsim::models
