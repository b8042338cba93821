// Planned care: the waiting list, referrals, theatre sessions, removals and mutual aid.
#include "model/nhs/electives.h"

#include <algorithm>

#include "model/flow.h"

namespace flowsim::models {

using sim::Duration;
using sim::Time;

void Simulation::start_electives(Time end) {
  const Electives& e = s_.electives;
  const sim::StreamFamily backlog(s_.seed, replication_, sim::purpose_hash("elective/backlog"));
  for (int64_t k = 0; k < e.backlog; ++k) {
    const uint32_t id = new_patient();
    Patient& p = patients_[id];
    backlog.seed(p.rng, uint64_t(k));
    const double waited = e.backlog_waited.sample(p.rng);
    ++initial_total_;
    put_on_list(id, now_ - Duration::hours(waited));
  }
  referral_patients_ = {s_.seed, replication_, sim::purpose_hash("elective/patient")};
  schedule_next_referral();
  // Theatre sessions, day by day; bank holidays run as Sundays and cancelled dates have none.
  for (int64_t day = 0;; ++day) {
    const Time day_start = days_.first_midnight() + Duration::days(double(day));
    if (day_start >= end) break;
    const sim::CivilDate date = calendar_.date(day_start);
    bool cancelled = false;
    for (const auto& r : e.sessions_cancelled)
      if (!(date < r.from) && !(r.to < date)) cancelled = true;
    if (cancelled) continue;
    const int weekday = days_.day_of_week(day_start);
    for (size_t i = 0; i < e.sessions.size(); ++i) {
      const TheatreSession& session = e.sessions[i];
      const Time t = day_start + Duration::minutes(session.minute);
      if ((session.weekdays & (1u << weekday)) && t >= Time() && t < end)
        events_.push(t, kSession, Payload{uint32_t(i), 0, EventKind::kSession});
    }
  }
  if (e.mutual_aid_per_week > 0) {
    for (Time t = Duration::days(7); t < end; t = t + Duration::days(7))
      events_.push(t, kFirst, Payload{0, 0, EventKind::kMutualAid});
  }
}

void Simulation::schedule_next_referral() {
  const Time next = next_poisson(referral_process_);
  if (next < s_.horizon) events_.push(next, kArrival, Payload{0, 0, EventKind::kReferral});
}

void Simulation::on_referral() {
  if (turn_away_at_limit()) {
    ++referral_count_;
    schedule_next_referral();
    return;
  }
  const uint32_t id = new_patient();
  Patient& p = patients_[id];
  referral_patients_.seed(p.rng, referral_count_++);
  ++arrived_total_;
  if (measuring()) {
    ++system_arrivals_;
    ++elective_.referrals;
  }
  schedule_next_referral();
  put_on_list(id, now_);
}

// What belongs to the patient (cohort, clinical priority, day case or not) is drawn from their
// own stream, so every variant lists the same patients.
void Simulation::put_on_list(uint32_t id, Time listed) {
  const Electives& e = s_.electives;
  Patient& p = patients_[id];
  p.cohort = elective_cohort_.draw(p.rng);
  p.elective_priority = uint8_t(elective_priority_.draw(p.rng));
  p.day_case = p.rng.uniform() < e.day_case[p.cohort];
  p.arrived = now_;
  p.listed = listed;
  p.state = PatientState::kListed;
  ++p.token;
  list_[p.elective_priority].add(listed.ticks(), id);
  ++list_size_;
  if (e.has_removal) {
    // A backlog patient's removal is drawn afresh from today, as if removals were memoryless.
    const Time removal = std::max(listed, now_) + Duration::hours(e.removal.sample(p.rng));
    if (removal < s_.horizon) push_patient_event(removal, kTransfer, id, EventKind::kListRemoval);
  }
}

void Simulation::take_off_list(uint32_t id) {
  Patient& p = patients_[id];
  list_[p.elective_priority].remove(p.listed.ticks(), id);
  --list_size_;
  ++p.token;
}

void Simulation::on_list_removal(uint32_t id) {
  take_off_list(id);
  if (measuring()) ++elective_.removed;
  depart(id);
}

// By clinical priority, then the longest wait. An inpatient case with no free bed is cancelled
// on the day and stays on the list where it was; its slot in the session is lost.
void Simulation::on_session(uint32_t session) {
  const Electives& e = s_.electives;
  int64_t slots = e.sessions[session].cases;
  for (auto& by_priority : list_) {
    by_priority.each([&](uint32_t id) {
      if (slots == 0) return false;
      --slots;
      Patient& p = patients_[id];
      if (!p.day_case && !units_[size_t(e.inpatient_to)].pool.has_free_place()) {
        // The ward turned the case away: an arrival that found it full, and lost to it.
        if (measuring()) {
          ++elective_.cancelled_no_bed;
          UnitState& ward = units_[size_t(e.inpatient_to)];
          ++ward.arrivals;
          ++ward.full_on_arrival;
          ++ward.lost;
        }
        return true;
      }
      take_off_list(id);
      if (measuring()) {
        ++elective_.treated;
        elective_.wait_treated_weeks.add((now_ - p.listed).to_days() / 7.0);
        if (now_ - p.listed <= e.priorities[p.elective_priority].target)
          ++elective_.treated_within_target;
        if (p.day_case) ++elective_.treated_day_case;
      }
      if (p.day_case) {
        depart(id);
      } else {
        if (measuring()) ++units_[size_t(e.inpatient_to)].arrivals;
        start_service(id, e.inpatient_to, Duration(), -1);
      }
      return true;
    });
  }
}

// Mutual aid: the longest waiters beyond the threshold go to another provider with room.
void Simulation::on_mutual_aid() {
  const Electives& e = s_.electives;
  for (int64_t n = 0; n < e.mutual_aid_per_week; ++n) {
    int best = -1;
    for (size_t i = 0; i < list_.size(); ++i) {
      if (list_[i].empty()) continue;
      if (best < 0 || list_[i].first().first < list_[size_t(best)].first().first) best = int(i);
    }
    if (best < 0) return;
    const auto [listed, id] = list_[size_t(best)].first();
    if (now_ - Duration::ticks(listed) <= e.mutual_aid_after) return;
    take_off_list(id);
    if (measuring()) ++elective_.transferred;
    depart(id);
  }
}

// Patients on the list who have waited longer than their clinical priority's target.
int64_t Simulation::waiting_over_target() const {
  int64_t n = 0;
  for (size_t i = 0; i < list_.size(); ++i) {
    n += list_[i].listed_before((now_ - s_.electives.priorities[i].target).ticks());
  }
  return n;
}

// Patients on the list who have waited longer than `weeks` now.
int64_t Simulation::waiting_longer_than(double weeks) const {
  const int64_t cutoff = (now_ - Duration::weeks(weeks)).ticks();
  int64_t n = 0;
  for (const auto& by_priority : list_) n += by_priority.listed_before(cutoff);
  return n;
}

}  // namespace flowsim::models
