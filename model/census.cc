// The books of a replication: every patient accounted for, every place and line held by exactly
// one patient, checked at the end of the run.
#include <string>

#include "model/flow.h"

namespace flowsim::models {

using sim::Duration;
using sim::Time;

// Every patient who arrived has left, been lost, or is in exactly one place; every place and
// every entry in a line is one patient's.
void Simulation::check_census() const {
  Census c;
  c.initial = initial_total_;
  c.arrived = arrived_total_;
  c.departed = departed_total_;
  c.lost = lost_total_;
  c.inside = in_system_.value();
  c.list_size = electives_.list_size();
  c.nctr = acute_.nctr();
  c.boarding = ed_.boarding();
  c.units.resize(units_.size());
  for (size_t i = 0; i < units_.size(); ++i) {
    Census::Unit& u = c.units[i];
    u.name = s_.units[i].name;
    u.assessment = s_.units[i].kind == UnitKind::kAssessment;
    u.in_use = units_[i].pool.in_use();
    u.occupancy = units_[i].occupancy.value();
    u.queue = int64_t(units_[i].pool.queue().size());
    u.blocked = int64_t(units_[i].pool.blocked().size());
  }
  auto unit = [&](int32_t index) -> Census::Unit* {
    return index >= 0 && size_t(index) < c.units.size() ? &c.units[size_t(index)] : nullptr;
  };
  for (const auto& p : patients_) {
    if (p.state == PatientState::kFree) continue;
    ++c.tracked;
    switch (p.state) {
      case PatientState::kQueued:
        if (Census::Unit* u = unit(p.waiting_for)) ++u->queued;
        break;
      case PatientState::kListed:
        ++c.listed;
        break;
      default:  // holding a place, and perhaps an assessor or a place in a line besides
        if (Census::Unit* u = unit(p.unit)) ++u->holding;
        if (Census::Unit* u = unit(p.waiting_for))
          ++(p.state == PatientState::kAssessing ? u->holding : u->waiting);
        break;
    }
  }
  const std::string problems = census_problems(c);
  if (!problems.empty())
    throw InternalError("internal error at the end of replication " +
                        std::to_string(clock_.replication() + 1) + " (simulated time " +
                        sim::format_duration(now()) + "): " + problems);
}

std::string census_problems(const Census& c) {
  std::vector<std::string> problems;
  auto n = [](int64_t v) { return std::to_string(v); };
  if (c.initial + c.arrived != c.departed + c.lost + c.inside)
    problems.push_back("patients are not conserved: present at the start " + n(c.initial) +
                       " + arrived " + n(c.arrived) + " != departed " + n(c.departed) + " + lost " +
                       n(c.lost) + " + inside " + n(c.inside));
  int64_t placed = 0, queued = 0;
  for (const auto& u : c.units) {
    const std::string unit = "unit " + u.name + ": ";
    if (u.in_use < 0 || u.occupancy < 0)
      problems.push_back(unit + "occupancy below zero (" + n(u.occupancy) + ", places in use " +
                         n(u.in_use) + ")");
    else if (u.occupancy != u.in_use)
      problems.push_back(unit + "occupancy " + n(u.occupancy) +
                         " disagrees with its places in use " + n(u.in_use));
    if (u.holding != u.in_use)
      problems.push_back(unit + n(u.in_use) + " places in use but " + n(u.holding) +
                         " patients hold one (a patient in two places, or a place nobody holds)");
    if (u.queued != u.queue)
      problems.push_back(unit + "a queue of " + n(u.queue) + " but " + n(u.queued) +
                         " patients queued in it");
    if (u.waiting != u.blocked)
      problems.push_back(unit + n(u.blocked) + " waiting to move in but " + n(u.waiting) +
                         " patients waiting for it");
    if (!u.assessment) placed += u.in_use;
    queued += u.queue;
  }
  if (c.listed != c.list_size)
    problems.push_back("a waiting list of " + n(c.list_size) + " but " + n(c.listed) +
                       " patients listed");
  if (placed + queued + c.list_size != c.inside || c.tracked != c.inside)
    problems.push_back(n(c.inside) + " patients inside but " + n(placed) + " hold places, " +
                       n(queued + c.list_size) + " are waiting and " + n(c.tracked) +
                       " are tracked");
  if (c.nctr < 0 || c.boarding < 0)
    problems.push_back("a count of patients went below zero (no criteria to reside " + n(c.nctr) +
                       ", boarding " + n(c.boarding) + ")");
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace flowsim::models
