// The metrics a replication reports (unit.*, the mechanisms' in turn, system.*) and the public
// functions of flow_model.h.
#include "model/flow_model.h"

#include <string>
#include <vector>

#include "model/flow.h"
#include "sim/memory.h"

namespace flowsim::models {
namespace {

using sim::Duration;
using sim::Time;

// Every unit metric, in the order results list them: metric_names() and the values a
// replication returns are both read off this one table.
enum class UnitMetric {
  kArrivals,
  kLost,
  kPLost,
  kEntered,
  kWaitMean,
  kWaitP95,
  kServiceMean,
  kBlockedMean,
  kTransferWaitMean,
  kOccupancyMean,
  kOccupancyP50,
  kOccupancyP95,
  kUtilisation,
  kPFullOnArrival,
  kQueueMean,
  kOverflowed,
  kLeftUnseen,
  kEscalationBedDays,
};
struct UnitMetricName {
  UnitMetric id;
  const char* name;
};
constexpr UnitMetricName kUnitMetrics[] = {
    {UnitMetric::kArrivals, "arrivals"},
    {UnitMetric::kLost, "lost"},
    {UnitMetric::kPLost, "p_lost"},
    {UnitMetric::kEntered, "entered"},
    {UnitMetric::kWaitMean, "wait_mean_h"},
    {UnitMetric::kWaitP95, "wait_p95_h"},
    {UnitMetric::kServiceMean, "service_mean_h"},
    {UnitMetric::kBlockedMean, "blocked_mean_h"},
    {UnitMetric::kTransferWaitMean, "transfer_wait_mean_h"},
    {UnitMetric::kOccupancyMean, "occupancy_mean"},
    {UnitMetric::kOccupancyP50, "occupancy_p50"},
    {UnitMetric::kOccupancyP95, "occupancy_p95"},
    {UnitMetric::kUtilisation, "utilisation"},
    {UnitMetric::kPFullOnArrival, "p_full_on_arrival"},
    {UnitMetric::kQueueMean, "queue_mean"},
    {UnitMetric::kOverflowed, "overflowed"},
    {UnitMetric::kLeftUnseen, "left_unseen"},
    {UnitMetric::kEscalationBedDays, "escalation_bed_days"},
};

// Whether some route into `unit` sends patients elsewhere when it is full.
bool has_redirect_away(const Scenario& s, size_t unit) {
  for (const auto& u : s.units)
    for (const auto& routes : u.routes)
      for (const auto& r : routes)
        if ((r.when_full == WhenFull::kOverflow || r.when_full == WhenFull::kInstead) &&
            r.to == int(unit))
          return true;
  return false;
}

// Whether patients come into `unit` from another unit (so that a transfer wait means something).
bool receives_transfers(const Scenario& s, size_t unit) {
  for (const auto& u : s.units) {
    for (const auto& routes : u.routes)
      for (const auto& r : routes)
        if (r.to == int(unit) || (r.when_full != WhenFull::kWait &&
                                  r.when_full != WhenFull::kLose && r.overflow_to == int(unit)))
          return true;
    for (const auto& sd : u.step_down)
      if (sd.to == int(unit)) return true;
  }
  return s.electives.present && s.electives.inpatient_to == int(unit);
}

bool unit_reports(const Scenario& s, size_t unit, UnitMetric id) {
  const bool finite =
      !s.units[unit].capacity.unlimited() || s.units[unit].staffed_limit != sim::kUnlimited;
  switch (id) {
    case UnitMetric::kOccupancyP50:
    case UnitMetric::kOccupancyP95:
    case UnitMetric::kUtilisation:
    case UnitMetric::kPFullOnArrival:
      return finite;
    case UnitMetric::kOverflowed:
      return has_redirect_away(s, unit);
    case UnitMetric::kTransferWaitMean:
      return receives_transfers(s, unit);
    case UnitMetric::kLeftUnseen:
      return !s.units[unit].patience.empty();
    case UnitMetric::kEscalationBedDays:
      return s.units[unit].escalation.beds > 0;
    default:
      return true;
  }
}

double unit_value(const UnitState& u, UnitMetric id, Time end, double measured_days) {
  switch (id) {
    case UnitMetric::kArrivals:
      return double(u.arrivals);
    case UnitMetric::kLost:
      return double(u.lost);
    case UnitMetric::kPLost:
      return u.arrivals > 0 ? double(u.lost) / double(u.arrivals) : 0.0;
    case UnitMetric::kEntered:
      return double(u.entered);
    case UnitMetric::kWaitMean:
      return u.wait.mean();
    case UnitMetric::kWaitP95:
      return u.wait_quantiles.quantile(0.95);
    case UnitMetric::kServiceMean:
      return u.service.mean();
    case UnitMetric::kBlockedMean:
      return u.blocked.mean();
    case UnitMetric::kTransferWaitMean:
      return u.transfer_wait.mean();
    case UnitMetric::kOccupancyMean:
      return u.occupancy.mean(end);
    case UnitMetric::kOccupancyP50:
      return double(u.levels.quantile(end, 0.50));
    case UnitMetric::kOccupancyP95:
      return double(u.levels.quantile(end, 0.95));
    case UnitMetric::kUtilisation: {
      const double cap = u.capacity.mean(end);
      return cap > 0 ? u.occupancy.mean(end) / cap : 0.0;
    }
    case UnitMetric::kPFullOnArrival:
      return u.arrivals > 0 ? double(u.full_on_arrival) / double(u.arrivals) : 0.0;
    case UnitMetric::kQueueMean:
      return u.queue_length.mean(end);
    case UnitMetric::kOverflowed:
      return double(u.overflowed);
    case UnitMetric::kLeftUnseen:
      return double(u.reneged);
    case UnitMetric::kEscalationBedDays:
      return u.escalation_open.mean(end) * measured_days;
  }
  return 0;
}

}  // namespace

void Simulation::report(sim::MetricReport& r) const {
  const Time end = now();
  const double measured_days = (s_.horizon - s_.warmup).to_days();
  for (size_t i = 0; i < units_.size(); ++i) {
    for (const auto& metric : kUnitMetrics) {
      if (!unit_reports(s_, i, metric.id)) continue;
      r.add("unit." + s_.units[i].name + "." + metric.name,
            unit_value(units_[i], metric.id, end, measured_days));
    }
  }

  // Each mechanism's metrics, when the scenario has it.
  ed_.report(r, s_, end);
  acute_.report(r, s_, units_, end, measured_days);
  vw_.report(r, s_, units_, end, measured_days);
  electives_.report(r, s_, end);
  costs_.report(r, s_, units_, end, measured_days, electives_.cancelled_no_bed());

  r.add("system.arrivals", double(system_arrivals_));
  r.add("system.departures", double(system_departures_));
  r.add("system.lost", double(system_lost_));
  r.add("system.in_system_end", double(in_system_.value()));
  r.add("system.in_system_mean", in_system_.mean(end));
  r.add("system.time_in_system_mean_h", time_in_system_.mean());
}

std::vector<std::string> metric_names(const Scenario& s) {
  Simulation sim(s, 0);
  sim::MetricReport r = sim::MetricReport::names_only();
  sim.report(r);
  return r.take_names();
}

std::vector<std::string> daily_series_names(const Scenario& s) {
  return Simulation(s, 0).daily_names();
}

std::vector<int> occupancy_units(const Scenario& s) {
  std::vector<int> out;
  for (size_t u = 0; u < s.units.size(); ++u)
    if (!s.units[u].capacity.unlimited() || s.units[u].staffed_limit != sim::kUnlimited)
      out.push_back(int(u));
  return out;
}

ReplicationResult simulate(const Scenario& scenario, uint64_t replication,
                           const SimulationLimits& limits) {
  sim::retain_freed_memory();
  Simulation sim(scenario, replication, limits);
  return sim.run();
}

}  // namespace flowsim::models
