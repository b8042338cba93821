#include "analysis/estimate.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include "sim/calendar.h"

namespace flowsim::models {
namespace {

using sim::Duration;
using sim::Time;

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The marked units and every unit reachable from them along `next`.
std::vector<bool> closure(std::vector<bool> marked, const std::vector<std::vector<int>>& next) {
  std::vector<int> stack;
  for (size_t u = 0; u < marked.size(); ++u)
    if (marked[u]) stack.push_back(int(u));
  while (!stack.empty()) {
    const int u = stack.back();
    stack.pop_back();
    for (int v : next[size_t(u)]) {
      if (marked[size_t(v)]) continue;
      marked[size_t(v)] = true;
      stack.push_back(v);
    }
  }
  return marked;
}

}  // namespace

double mean_rate_per_hour(const Scenario& s, const ArrivalStream& stream, Time from, Time to) {
  if (!(from < to)) throw std::invalid_argument("mean_rate_per_hour needs from < to");
  if (stream.profile.is_flat()) return stream.rate_per_hour;
  const sim::Calendar calendar = s.calendar();
  double factor_hours = 0;
  for (Time t = from; t < to;) {
    const Time next = std::min(calendar.next_hour(t), to);
    factor_hours += s.profile_factor(stream.profile, t) * (next - t).to_hours();
    t = next;
  }
  return stream.rate_per_hour * factor_hours / (to - from).to_hours();
}

CapacityOverTime capacity_over(const Scenario& s, const Capacity& capacity, Time from, Time to) {
  if (!(from < to)) throw std::invalid_argument("capacity_over needs from < to");
  CapacityOverTime out;
  if (capacity.unlimited()) {
    out.unlimited = true;
    return out;
  }
  if (capacity.schedule.empty()) {
    out.mean = double(capacity.fixed);
    out.min = out.max = capacity.fixed;
    return out;
  }
  // A schedule changes only at midnight and at the times of day its lines name, so it is
  // constant between those minutes.
  std::set<int> changes = {0};
  for (const auto& rule : capacity.schedule) {
    changes.insert(rule.from_minute % 1440);
    changes.insert(rule.to_minute % 1440);
  }
  const int64_t start_ticks = s.start_minutes * Duration::kTicksPerMinute;
  double place_hours = 0;
  out.min = std::numeric_limits<int64_t>::max();
  out.max = std::numeric_limits<int64_t>::min();
  for (Time t = from; t < to;) {
    const int64_t absolute_minute =
        sim::floor_div(start_ticks + t.ticks(), Duration::kTicksPerMinute);
    const int minute = int(absolute_minute - sim::floor_div(absolute_minute, 1440) * 1440);
    const auto later = changes.upper_bound(minute);
    const int next_minute = later == changes.end() ? 1440 : *later;
    const Time next = std::min(
        Duration::ticks((absolute_minute + next_minute - minute) * Duration::kTicksPerMinute -
                        start_ticks),
        to);
    const int64_t places = s.capacity_at(capacity, t);
    place_hours += double(places) * (next - t).to_hours();
    out.min = std::min(out.min, places);
    out.max = std::max(out.max, places);
    t = next;
  }
  out.mean = place_hours / (to - from).to_hours();
  return out;
}

std::vector<std::vector<double>> solve_traffic_equations(
    size_t units, const std::vector<std::vector<double>>& external,
    const std::vector<PathwayEdge>& edges) {
  const size_t cohorts = external.size();
  for (const auto& a : external)
    if (a.size() != units) throw std::invalid_argument("external arrivals need one rate per unit");
  for (const auto& e : edges) {
    const bool ok = e.from >= 0 && size_t(e.from) < units && e.cohort >= 0 &&
                    size_t(e.cohort) < cohorts &&
                    (e.to == kExit || (e.to >= 0 && size_t(e.to) < units));
    if (!ok) throw std::invalid_argument("an edge names a unit or cohort that does not exist");
  }
  std::vector<std::vector<double>> lambda(cohorts, std::vector<double>(units, 0.0));
  for (size_t c = 0; c < cohorts; ++c) {
    // q(i, j): the probability that a patient leaving unit i goes to unit j.
    Eigen::MatrixXd q = Eigen::MatrixXd::Zero(Eigen::Index(units), Eigen::Index(units));
    std::vector<std::vector<int>> next(units), prev(units);
    std::vector<bool> leaves(units, false), arrives(units, false);
    for (const auto& e : edges) {
      if (e.kind != EdgeKind::kRoute || size_t(e.cohort) != c || !(e.p > 0)) continue;
      if (e.to == kExit) {
        leaves[size_t(e.from)] = true;
      } else {
        q(e.from, e.to) += e.p;
        next[size_t(e.from)].push_back(e.to);
        prev[size_t(e.to)].push_back(e.from);
      }
    }
    for (size_t u = 0; u < units; ++u) arrives[u] = external[c][u] > 0;
    const std::vector<bool> reached = closure(arrives, next);
    const std::vector<bool> can_leave = closure(leaves, prev);

    // Among units from which exit can be reached every patient leaves in the end, so I - Q^T is
    // invertible there; the others keep whoever reaches them.
    std::vector<Eigen::Index> index(units, -1);
    Eigen::Index n = 0;
    for (size_t u = 0; u < units; ++u)
      if (can_leave[u]) index[u] = n++;
    Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n);
    Eigen::VectorXd b(n);
    for (size_t i = 0; i < units; ++i) {
      if (index[i] < 0) continue;
      b(index[i]) = external[c][i];
      for (size_t j = 0; j < units; ++j)
        if (index[j] >= 0) a(index[j], index[i]) -= q(Eigen::Index(i), Eigen::Index(j));
    }
    const Eigen::VectorXd x = a.partialPivLu().solve(b);
    for (size_t u = 0; u < units; ++u) {
      if (index[u] >= 0)
        lambda[c][u] = std::max(0.0, x(index[u]));  // rounding may leave -1e-17
      else if (reached[u])
        lambda[c][u] = kInfinity;
    }
  }
  return lambda;
}

const char* flag_text(LoadFlag flag) {
  switch (flag) {
    case LoadFlag::kOk:
      return "ok";
    case LoadFlag::kOver85:
      return "over 85%";
    case LoadFlag::kOver100:
      return "over 100%";
  }
  return "?";
}

NetworkEstimate estimate_network(const Scenario& s) {
  NetworkEstimate est;
  const Time from = s.warmup, to = s.horizon;
  est.measured_from_h = from.to_hours();
  est.measured_to_h = to.to_hours();
  const size_t cohorts = s.cohorts.size(), units = s.units.size();

  std::vector<std::vector<double>> external(cohorts, std::vector<double>(units, 0.0));
  double outside_per_hour = 0;
  for (const ArrivalStream& a : s.arrivals) {
    const double rate = mean_rate_per_hour(s, a, from, to);
    outside_per_hour += rate;
    for (size_t c = 0; c < cohorts; ++c) external[c][size_t(a.to)] += rate * a.cohort_share[c];
  }
  // Elective inpatients come into their ward from the waiting list: at the referral rate, as if
  // the theatres kept up with it.
  if (s.electives.present && s.electives.inpatient_to >= 0) {
    ArrivalStream referrals;
    referrals.rate_per_hour = s.electives.referral_rate_per_hour;
    referrals.profile = s.electives.profile;
    const double rate = mean_rate_per_hour(s, referrals, from, to);
    for (size_t c = 0; c < cohorts; ++c)
      external[c][size_t(s.electives.inpatient_to)] +=
          rate * s.electives.cohort_share[c] * (1.0 - s.electives.day_case[c]);
  }
  const std::vector<PathwayEdge> edges = pathway_edges(s);
  const std::vector<std::vector<double>> lambda = solve_traffic_equations(units, external, edges);

  // Time holding a place in each unit, by cohort: service, then any route delay spent in place.
  std::vector<std::vector<double>> stay(cohorts, std::vector<double>(units, 0.0));
  // A route's own `stay` replaces the service of patients bound that way, and an assessment on
  // the way out is time in the bed too; the assessors' own load is the flow through them.
  std::vector<double> assessment_load(units, 0.0);      // place-hours per hour
  std::vector<double> assessment_arrivals(units, 0.0);  // per hour
  for (size_t u = 0; u < units; ++u) {
    for (size_t c = 0; c < cohorts; ++c) {
      const Unit& unit = s.units[u];
      const auto& routes = unit.routes[c];
      double h = routes.empty() ? unit.service[c].mean() : 0.0;
      for (const Route& r : routes) {
        h += r.p * (r.has_stay ? r.stay.mean() : unit.service[c].mean());
        if (r.assessment >= 0) {
          const double assessed = s.units[size_t(r.assessment)].service[c].mean();
          h += r.p * assessed;
          if (!std::isinf(lambda[c][u])) {
            assessment_arrivals[size_t(r.assessment)] += lambda[c][u] * r.p;
            assessment_load[size_t(r.assessment)] += lambda[c][u] * r.p * assessed;
          }
        }
      }
      stay[c][u] = h;
    }
  }
  for (const auto& e : edges)
    if (e.kind == EdgeKind::kRoute) stay[size_t(e.cohort)][size_t(e.from)] += e.p * e.delay_mean_h;

  for (size_t u = 0; u < units; ++u) {
    UnitEstimate ue;
    ue.name = s.units[u].name;
    double per_hour = 0, weighted = 0, plain = 0, unbounded = 0;
    int n_unbounded = 0;
    for (size_t c = 0; c < cohorts; ++c) {
      const double l = lambda[c][u];
      ue.arrivals_per_day_by_cohort.push_back(l * 24);
      per_hour += l;
      plain += stay[c][u];
      if (std::isinf(l)) {
        unbounded += stay[c][u];
        ++n_unbounded;
      } else {
        weighted += l * stay[c][u];
      }
    }
    ue.arrivals_per_day = per_hour * 24;
    if (n_unbounded > 0) {
      ue.mean_stay_h = unbounded / n_unbounded;
      ue.offered_load = kInfinity;
    } else if (per_hour > 0) {
      ue.mean_stay_h = weighted / per_hour;
      ue.offered_load = weighted;
    } else {
      ue.mean_stay_h = plain / double(cohorts);
      ue.offered_load = 0;
    }
    if (s.units[u].kind == UnitKind::kAssessment) {
      ue.arrivals_per_day = assessment_arrivals[u] * 24;
      ue.offered_load = assessment_load[u];
      ue.mean_stay_h =
          assessment_arrivals[u] > 0 ? assessment_load[u] / assessment_arrivals[u] : ue.mean_stay_h;
    }
    ue.capacity = capacity_over(s, s.units[u].capacity, from, to);
    if (s.units[u].staffed_limit != sim::kUnlimited) {
      const auto staffed = s.units[u].staffed_limit;
      if (ue.capacity.unlimited)
        ue.capacity.mean = ue.capacity.min = ue.capacity.max = double(staffed);
      ue.capacity.unlimited = false;
      ue.capacity.mean = std::min(ue.capacity.mean, double(staffed));
      ue.capacity.min = std::min(ue.capacity.min, staffed);
      ue.capacity.max = std::min(ue.capacity.max, staffed);
    }
    if (ue.capacity.unlimited)
      ue.load_ratio = 0;
    else if (ue.capacity.mean > 0)
      ue.load_ratio = ue.offered_load / ue.capacity.mean;
    else
      ue.load_ratio = ue.offered_load > 0 ? kInfinity : 0;
    ue.flag = ue.load_ratio > 1.0    ? LoadFlag::kOver100
              : ue.load_ratio > 0.85 ? LoadFlag::kOver85
                                     : LoadFlag::kOk;
    // Patients being assessed are in their beds already.
    if (s.units[u].kind != UnitKind::kAssessment) est.mean_inside += ue.offered_load;
    est.units.push_back(std::move(ue));
  }
  est.patients_per_day = outside_per_hour * 24;
  est.mean_time_in_system_h = outside_per_hour > 0 ? est.mean_inside / outside_per_hour : 0;

  for (size_t c = 0; c < cohorts; ++c) {
    std::string trapped;
    for (size_t u = 0; u < units; ++u)
      if (std::isinf(lambda[c][u])) trapped += (trapped.empty() ? "" : ", ") + s.units[u].name;
    if (trapped.empty()) continue;
    est.notes.push_back("patients of cohort " + s.cohorts[c].name + " who reach " + trapped +
                        " have no route out with a probability above 0 (only an overflow, or "
                        "another cohort's route, leads to exit), so at low load they would "
                        "gather there without bound");
  }
  return est;
}

}  // namespace flowsim::models
