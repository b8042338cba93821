// The emergency department's metrics and daily series (the hooks are inline in ed.h).
#include "model/nhs/ed.h"

#include <cmath>

#include "model/units.h"

namespace flowsim::models::nhs {

double Ed::take_day_within_4h_pct() {
  const double value = stats.day_departures > 0
                           ? pct(double(stats.day_within_4h), double(stats.day_departures))
                           : std::nan("");
  stats.day_departures = stats.day_within_4h = 0;
  return value;
}

void Ed::define_daily_series(const Scenario& s, std::vector<DailySeries>& series) const {
  if (!has_kind(s, UnitKind::kEd)) return;
  series.push_back({"ed.within_4h_pct", {}, DailySeries::Special::kEdWithin4h});
  series.push_back({"ed.boarding", {&stats.boarding}});
}

void Ed::report(sim::MetricReport& r, const Scenario& s, sim::Time end) const {
  if (!has_kind(s, UnitKind::kEd)) return;
  const double departures = double(stats.departures);
  r.add("ed.attendances", double(stats.attendances));
  r.add("ed.within_4h_pct", pct(double(stats.within_4h), departures));
  r.add("ed.over_12h_pct", pct(double(stats.over_12h), departures));
  r.add("ed.time_in_department_mean_h", stats.time_in_department.mean());
  r.add("ed.time_in_department_p95_h", stats.time_in_department_quantiles.quantile(0.95));
  r.add("ed.admitted_pct", pct(double(stats.admitted), departures));
  r.add("ed.dta_over_12h", double(stats.dta_over_12h));
  r.add("ed.boarding_mean", stats.boarding.mean(end));
  r.add("ed.handover_mean_min", stats.handover.mean());
  r.add("ed.handover_over_60min", double(stats.handover_over_60min));
  r.add("ed.left_without_being_seen", double(stats.left_unseen));
}

}  // namespace flowsim::models::nhs
