// The cost.* metrics.
#include "model/nhs/costs.h"

namespace flowsim::models::nhs {
namespace {

bool has_costs(const Scenario& s) {
  if (s.cost_cancelled_operation > 0) return true;
  for (const auto& u : s.units)
    if (u.cost_per_day > 0 || u.cost_per_entry > 0) return true;
  return false;
}

}  // namespace

void Costs::report(sim::MetricReport& r, const Scenario& s, const std::vector<UnitState>& units,
                   sim::Time end, double measured_days, int64_t cancelled_operations) const {
  if (!has_costs(s)) return;
  // By kind of unit: occupied place-days at the daily cost, plus a cost per patient.
  double by_kind[6] = {0, 0, 0, 0, 0, 0};
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit& u = s.units[i];
    by_kind[size_t(u.kind)] += units[i].occupancy.mean(end) * measured_days * u.cost_per_day +
                               double(units[i].entered) * u.cost_per_entry;
  }
  const double cancelled = double(cancelled_operations) * s.cost_cancelled_operation;
  const double other = by_kind[size_t(UnitKind::kGeneral)] + by_kind[size_t(UnitKind::kAssessment)];
  double total = cancelled;
  for (double c : by_kind) total += c;
  r.add("cost.total_gbp", total);
  r.add("cost.ed_gbp", by_kind[size_t(UnitKind::kEd)]);
  r.add("cost.acute_gbp", by_kind[size_t(UnitKind::kAcute)]);
  r.add("cost.virtual_ward_gbp", by_kind[size_t(UnitKind::kVirtualWard)]);
  r.add("cost.community_gbp", by_kind[size_t(UnitKind::kCommunity)]);
  r.add("cost.other_gbp", other);
  r.add("cost.cancelled_operations_gbp", cancelled);
}

}  // namespace flowsim::models::nhs
