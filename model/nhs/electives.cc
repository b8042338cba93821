// Planned care: the waiting list, referrals, theatre sessions, removals and mutual aid.
#include "model/nhs/electives.h"

#include <algorithm>

#include "model/flow.h"

namespace flowsim::models::nhs {

using sim::Duration;
using sim::Time;

Electives::Electives(const Scenario& s, uint64_t replication) {
  if (!s.electives.present) return;
  list_.resize(s.electives.priorities.size());
  cohort_ = ShareTable(s.electives.cohort_share);
  priority_ = ShareTable(s.electives.priority_share);
  referral_process_.start(s.electives.referral_rate_per_hour, s.electives.profile);
  referral_process_.rng.reseed({s.seed, replication, sim::purpose_hash("elective/referrals"), 0});
}

void Electives::start(Simulation& flow, Time end) {
  const Scenario& s = flow.scenario();
  const models::Electives& e = s.electives;
  const sim::StreamFamily backlog(s.seed, flow.replication(),
                                  sim::purpose_hash("elective/backlog"));
  for (int64_t k = 0; k < e.backlog; ++k) {
    const uint32_t id = flow.new_patient();
    Patient& p = flow.patient(id);
    backlog.seed(p.rng, uint64_t(k));
    const double waited = e.backlog_waited.sample(p.rng);
    flow.count_initial();
    put_on_list(flow, id, flow.now() - Duration::hours(waited));
  }
  referral_patients_ = {s.seed, flow.replication(), sim::purpose_hash("elective/patient")};
  schedule_next_referral(flow);
  // Theatre sessions, day by day; bank holidays run as Sundays and cancelled dates have none.
  for (int64_t day = 0;; ++day) {
    const Time day_start = flow.days().first_midnight() + Duration::days(double(day));
    if (day_start >= end) break;
    const sim::CivilDate date = flow.calendar().date(day_start);
    bool cancelled = false;
    for (const auto& r : e.sessions_cancelled)
      if (!(date < r.from) && !(r.to < date)) cancelled = true;
    if (cancelled) continue;
    const int weekday = flow.days().day_of_week(day_start);
    for (size_t i = 0; i < e.sessions.size(); ++i) {
      const TheatreSession& session = e.sessions[i];
      const Time t = day_start + Duration::minutes(session.minute);
      if ((session.weekdays & (1u << weekday)) && t >= Time() && t < end)
        flow.schedule(t, kSession, Payload{uint32_t(i), 0, EventKind::kSession});
    }
  }
  if (e.mutual_aid_per_week > 0) {
    for (Time t = Duration::days(7); t < end; t = t + Duration::days(7))
      flow.schedule(t, kFirst, Payload{0, 0, EventKind::kMutualAid});
  }
}

void Electives::schedule_next_referral(Simulation& flow) {
  const Time next = flow.next_poisson(referral_process_);
  if (next < flow.scenario().horizon)
    flow.schedule(next, kArrival, Payload{0, 0, EventKind::kReferral});
}

void Electives::on_referral(Simulation& flow) {
  if (flow.turn_away_at_limit()) {
    ++referral_count_;
    schedule_next_referral(flow);
    return;
  }
  const uint32_t id = flow.new_patient();
  Patient& p = flow.patient(id);
  referral_patients_.seed(p.rng, referral_count_++);
  flow.count_arrival();
  if (flow.measuring()) ++stats_.referrals;
  schedule_next_referral(flow);
  put_on_list(flow, id, flow.now());
}

// What belongs to the patient (cohort, clinical priority, day case or not) is drawn from their
// own stream, so every variant lists the same patients.
void Electives::put_on_list(Simulation& flow, uint32_t id, Time listed) {
  const models::Electives& e = flow.scenario().electives;
  const Time now = flow.now();
  Patient& p = flow.patient(id);
  p.cohort = cohort_.draw(p.rng);
  p.elective_priority = uint8_t(priority_.draw(p.rng));
  p.day_case = p.rng.uniform() < e.day_case[p.cohort];
  p.arrived = now;
  p.listed = listed;
  p.state = PatientState::kListed;
  ++p.token;
  list_[p.elective_priority].add(listed.ticks(), id);
  ++list_size_;
  if (e.has_removal) {
    // A backlog patient's removal is drawn afresh from today, as if removals were memoryless.
    const Time removal = std::max(listed, now) + Duration::hours(e.removal.sample(p.rng));
    if (removal < flow.scenario().horizon)
      flow.push_patient_event(removal, kTransfer, id, EventKind::kListRemoval);
  }
}

void Electives::take_off_list(Simulation& flow, uint32_t id) {
  Patient& p = flow.patient(id);
  list_[p.elective_priority].remove(p.listed.ticks(), id);
  --list_size_;
  ++p.token;
}

void Electives::on_list_removal(Simulation& flow, uint32_t id) {
  take_off_list(flow, id);
  if (flow.measuring()) ++stats_.removed;
  flow.depart(id);
}

// By clinical priority, then the longest wait. An inpatient case with no free bed is cancelled
// on the day and stays on the list where it was; its slot in the session is lost.
void Electives::on_session(Simulation& flow, uint32_t session) {
  const models::Electives& e = flow.scenario().electives;
  const Time now = flow.now();
  const bool measuring = flow.measuring();
  auto ward = [&]() -> UnitState& { return flow.unit_state(e.inpatient_to); };
  int64_t slots = e.sessions[session].cases;
  for (auto& by_priority : list_) {
    by_priority.each([&](uint32_t id) {
      if (slots == 0) return false;
      --slots;
      Patient& p = flow.patient(id);
      if (!p.day_case && !ward().pool.has_free_place()) {
        // The ward turned the case away: an arrival that found it full, and lost to it.
        if (measuring) {
          ++stats_.cancelled_no_bed;
          ++ward().arrivals;
          ++ward().full_on_arrival;
          ++ward().lost;
        }
        return true;
      }
      take_off_list(flow, id);
      if (measuring) {
        ++stats_.treated;
        stats_.wait_treated_weeks.add((now - p.listed).to_days() / 7.0);
        if (now - p.listed <= e.priorities[p.elective_priority].target)
          ++stats_.treated_within_target;
        if (p.day_case) ++stats_.treated_day_case;
      }
      if (p.day_case) {
        flow.depart(id);
      } else {
        if (measuring) ++ward().arrivals;
        flow.start_service(id, e.inpatient_to, Duration(), -1);
      }
      return true;
    });
  }
}

// Mutual aid: the longest waiters beyond the threshold go to another provider with room.
void Electives::on_mutual_aid(Simulation& flow) {
  const models::Electives& e = flow.scenario().electives;
  for (int64_t n = 0; n < e.mutual_aid_per_week; ++n) {
    int best = -1;
    for (size_t i = 0; i < list_.size(); ++i) {
      if (list_[i].empty()) continue;
      if (best < 0 || list_[i].first().first < list_[size_t(best)].first().first) best = int(i);
    }
    if (best < 0) return;
    const auto [listed, id] = list_[size_t(best)].first();
    if (flow.now() - Duration::ticks(listed) <= e.mutual_aid_after) return;
    take_off_list(flow, id);
    if (flow.measuring()) ++stats_.transferred;
    flow.depart(id);
  }
}

// Patients on the list who have waited longer than their clinical priority's target.
int64_t Electives::waiting_over_target(const Scenario& s, Time now) const {
  int64_t n = 0;
  for (size_t i = 0; i < list_.size(); ++i) {
    n += list_[i].listed_before((now - s.electives.priorities[i].target).ticks());
  }
  return n;
}

// Patients on the list who have waited longer than `weeks` now.
int64_t Electives::waiting_longer_than(Time now, double weeks) const {
  const int64_t cutoff = (now - Duration::weeks(weeks)).ticks();
  int64_t n = 0;
  for (const auto& by_priority : list_) n += by_priority.listed_before(cutoff);
  return n;
}

void Electives::define_daily_series(const Scenario& s, std::vector<DailySeries>& series) {
  if (s.electives.present)
    series.push_back({"elective.list_size", {}, DailySeries::Special::kListSize});
}

void Electives::report(sim::MetricReport& r, const Scenario& s, Time end) const {
  if (!s.electives.present) return;
  const double size = double(list_size_);
  r.add("elective.referrals", double(stats_.referrals));
  r.add("elective.treated", double(stats_.treated));
  r.add("elective.treated_day_case", double(stats_.treated_day_case));
  r.add("elective.cancelled_no_bed", double(stats_.cancelled_no_bed));
  r.add("elective.removed", double(stats_.removed));
  r.add("elective.transferred_out", double(stats_.transferred));
  r.add("elective.list_size_end", size);
  r.add("elective.within_18w_pct_end",
        size > 0 ? 100.0 - pct(double(waiting_longer_than(end, 18)), size) : 100.0);
  r.add("elective.over_52w_end", double(waiting_longer_than(end, 52)));
  r.add("elective.over_65w_end", double(waiting_longer_than(end, 65)));
  r.add("elective.over_78w_end", double(waiting_longer_than(end, 78)));
  r.add("elective.over_104w_end", double(waiting_longer_than(end, 104)));
  r.add("elective.wait_treated_mean_w", stats_.wait_treated_weeks.mean());
  r.add("elective.treated_within_target_pct",
        pct(double(stats_.treated_within_target), double(stats_.treated)));
  r.add("elective.over_target_end", double(waiting_over_target(s, end)));
}

}  // namespace flowsim::models::nhs
