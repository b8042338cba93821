// Whether a run's warm-up looks long enough: MSER-5 on each unit's daily occupancy.
#include "experiment/warmup.h"

#include <cmath>
#include <numeric>

#include "sim/stats.h"
#include "sim/warmup.h"

namespace flowsim::models {

bool has_dated_changes(const Scenario& s) {
  for (const auto& a : s.arrivals)
    if (!a.profile.periods.empty()) return true;
  for (const auto& u : s.units)
    for (const auto& rule : u.capacity.schedule)
      if (rule.dated) return true;
  return false;
}

void check_warmup(const ExperimentResult& r, const std::vector<bool>& dated,
                  std::vector<std::string>& warnings) {
  const auto warmup_days = size_t(std::llround(r.warmup_h / 24));
  for (size_t vi = 0; vi < r.variants.size(); ++vi) {
    const VariantResult& v = r.variants[vi];
    if (dated[vi]) continue;
    size_t worst = 0;
    std::string worst_unit;
    for (size_t k = 0; k < v.daily_names.size(); ++k) {
      const std::string& name = v.daily_names[k];
      const std::string suffix = ".occupancy";
      if (name.rfind("unit.", 0) != 0 || name.size() <= 5 + suffix.size() ||
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      std::vector<double> path;
      for (const auto& day : v.daily) path.push_back(day[k].median);
      const size_t settle = sim::mser_truncation(path, 5);
      if (settle <= warmup_days + 5 || settle <= worst || warmup_days + 5 > path.size()) continue;
      sim::Tally batches;
      for (size_t d = settle; d + 5 <= path.size(); d += 5)
        batches.add(std::accumulate(path.begin() + long(d), path.begin() + long(d + 5), 0.0) / 5);
      const double first = std::accumulate(path.begin() + long(warmup_days),
                                           path.begin() + long(warmup_days + 5), 0.0) /
                           5;
      if (std::abs(first - batches.mean()) > 0.05 * std::abs(batches.mean()) + 2 * batches.sd()) {
        worst = settle;
        worst_unit = name.substr(5, name.size() - 5 - suffix.size());
      }
    }
    if (worst > 0) {
      warnings.push_back(v.name + ": the warm-up looks too short: the daily occupancy of " +
                         worst_unit + " settles only after about " + std::to_string(worst) +
                         " days (MSER-5), but the warm-up discards " + std::to_string(warmup_days) +
                         "; consider \"warmup\": \"" + std::to_string(worst) +
                         "d\", or start from today's patients " + "(\"initial\")");
    }
  }
}

}  // namespace flowsim::models
