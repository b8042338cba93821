// Tests for the NHS services of the patient-flow model (docs/scenario-reference.md): virtual
// wards, electives, today's patients (`initial`), costs and bank holidays, and the loader's
// messages for their keys.
//
// Deterministic scenarios pin exact values. Statistical checks run a few replications with
// pinned seeds and pass when |simulated mean - theory| <= max(kCiFactor x the 95% confidence
// interval's half-width over the replications, a tiny epsilon): the tolerance comes from the
// spread of the results, never from a hand-picked number. To check that they pass on other
// seeds, set FLOWSIM_SERVICES_SEED.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "model/flow_model.h"
#include "scenario/diagnostics.h"
#include "scenario/scenario.h"
#include "tests/models/test_support.h"

namespace flowsim::models {
namespace {

using testing::check_mean;
using testing::erlang_b;
using testing::Metrics;
using testing::Problems;
using testing::problems;

constexpr double kHoursPerWeek = 168.0;

// --- running scenarios ------------------------------------------------------------------------

// FLOWSIM_SERVICES_SEED=S runs every scenario with seed S instead of its own, to see that the
// statistical checks pass on other seeds too (each has a false-alarm rate of about 0.2%, and
// there are about fifty of them).
Scenario load(const std::string& text, const std::vector<Override>& overrides = {}) {
  Scenario s =
      load_scenario_text("nhs_services_test.json", text, overrides).variants.front().scenario;
  const char* seed = std::getenv("FLOWSIM_SERVICES_SEED");
  if (seed != nullptr && *seed != 0) s.seed = std::strtoull(seed, nullptr, 10);
  return s;
}

Metrics run_one(const Scenario& s, uint64_t replication = 0) {
  return Metrics{metric_names(s), run_replication(s, replication)};
}

Metrics run_one(const std::string& text, const std::vector<Override>& overrides = {},
                uint64_t replication = 0) {
  return run_one(load(text, overrides), replication);
}

// Several replications of one scenario.
struct Runs {
  std::vector<Metrics> reps;
  const Metrics& operator[](size_t r) const { return reps[r]; }
  size_t size() const { return reps.size(); }
  std::vector<double> column(const std::string& name) const {
    std::vector<double> out;
    for (const auto& m : reps) out.push_back(m[name]);
    return out;
  }
};

Runs run_many(const Scenario& s, int replications) {
  Runs runs;
  for (int r = 0; r < replications; ++r) runs.reps.push_back(run_one(s, uint64_t(r)));
  return runs;
}

Runs run_many(const std::string& text, int replications,
              const std::vector<Override>& overrides = {}) {
  return run_many(load(text, overrides), replications);
}

// The index of a daily series.
size_t daily_index(const Scenario& s, const std::string& name) {
  const std::vector<std::string> names = daily_series_names(s);
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) FAIL("no daily series " << name);
  return size_t(it - names.begin());
}

}  // namespace

// --- virtual wards: places --------------------------------------------------------------------

// Step-up referrals far beyond what the ward can take: it is full from the first days.
const char* const kStaffedVw = R"({
  "schema": "flowsim/1", "name": "staffed virtual ward", "start": "2026-10-05T00:00",
  "warmup": "7d", "horizon": "21d", "population": 200000,
  "arrivals": { "community": { "to": "vw", "rate": "60/d" } },
  "units": {
    "vw": { "kind": "virtual_ward", "capacity": 40, "staff": { "wte": 7.5, "patients_per_wte": 4 },
            "service": { "exponential": { "mean": "5d" } }, "next": { "exit": 1 } }
  }
})";

TEST_CASE("a virtual ward has the places its staff can look after, when fewer than its beds",
          "[services][vw]") {
  auto check_full_at = [](const Scenario& s, double places) {
    const ReplicationResult r = simulate(s, 0);
    const Metrics m{metric_names(s), r.metrics};
    CHECK(m["vw.places"] == places);
    CHECK(m["unit.vw.occupancy_p95"] == places);
    CHECK(m["unit.vw.occupancy_mean"] <= places);
    CHECK(m["unit.vw.occupancy_mean"] > 0.95 * places);  // offered 300 erlangs: always full
    CHECK(m["unit.vw.lost"] > 0);
    // Never a patient more than the places: no time at all is spent above them.
    REQUIRE(r.occupancy.size() == 1);
    for (size_t level = size_t(places) + 1; level < r.occupancy[0].size(); ++level)
      CHECK(r.occupancy[0][level] == 0);
  };
  SECTION("7.5 whole-time equivalents of 4 patients each: 30 of 40 places") {
    check_full_at(load(kStaffedVw), 30);
  }
  SECTION("the beds are the limit when the staff could look after more") {
    check_full_at(load(kStaffedVw, {{"/units/vw/capacity", R"({"per_100k": 10})"}}), 20);
  }
  SECTION("an unlimited ward is limited by its staff alone") {
    check_full_at(load(kStaffedVw, {{"/units/vw/capacity", R"("unlimited")"}}), 30);
  }
  SECTION("a fraction of a patient per team is no place: the product is rounded down") {
    check_full_at(load(kStaffedVw, {{"/units/vw/staff/wte", "7.3"}}), 29);  // 29.2
  }
}

TEST_CASE("vw.places is the time-average of the smaller of the schedule and the staffing",
          "[services][vw]") {
  // 40 places on weekdays (the staff limit of 30 binds), 20 at weekends (the schedule binds),
  // over two whole weeks from a Monday: (10 x 30 + 4 x 20) / 14.
  const Metrics m = run_one(
      kStaffedVw, {{"/warmup", "0d"}, {"/horizon", "14d"}, {"/units/vw/capacity", R"({"schedule": [
                                           {"capacity": 40}, {"days": "weekends", "capacity": 20}]})"}});
  CHECK(m["vw.places"] == Approx((10 * 30 + 4 * 20) / 14.0).epsilon(1e-12));
}

// --- virtual wards: step-up -------------------------------------------------------------------

// Community step-up referrals straight into a virtual ward of 10 places: no queue, so a referral
// that finds it full is refused. 8 referrals an hour of 1h: 8 erlangs.
const char* const kStepUp = R"({
  "schema": "flowsim/1", "name": "step-up", "start": "2026-10-05T00:00",
  "warmup": "20h", "horizon": "1520h", "seed": 5,
  "arrivals": { "community": { "to": "vw", "rate": "8/h" } },
  "units": {
    "vw": { "kind": "virtual_ward", "capacity": 10,
            "service": { "exponential": { "mean": "1h" } }, "next": { "exit": 1 } }
  }
})";

TEST_CASE("a virtual ward fed by step-up referrals refuses them as Erlang B says",
          "[services][vw]") {
  const double b = erlang_b(10, 8.0);
  auto check = [b](const Runs& runs) {
    check_mean("p_lost", runs.column("unit.vw.p_lost"), b);
    check_mean("occupancy", runs.column("vw.occupancy_mean_pct"), 100 * 8 * (1 - b) / 10);
    for (size_t r = 0; r < runs.size(); ++r) {
      CHECK(runs[r]["vw.referrals_refused"] == runs[r]["unit.vw.lost"]);
      CHECK(runs[r]["vw.step_up"] == runs[r]["unit.vw.entered"]);
      CHECK(runs[r]["vw.step_down"] == 0);
      CHECK(runs[r]["vw.places"] == 10);
    }
  };
  SECTION("exponential stays") {
    check(run_many(kStepUp, 10));
  }
  SECTION("lognormal stays of the same mean: a loss system is insensitive to the stay's shape") {
    check(run_many(kStepUp, 10,
                   {{"/units/vw/service", R"({"lognormal": {"mean": "1h", "sd": "2h"}})"}}));
  }
  SECTION("fixed stays") {
    check(run_many(kStepUp, 10, {{"/units/vw/service", R"({"fixed": "1h"})"}}));
  }
  SECTION("10 places from the staff, not the beds") {
    check(run_many(kStepUp, 10,
                   {{"/units/vw/capacity", "25"},
                    {"/units/vw/staff", R"({"wte": 4, "patients_per_wte": 2.5})"}}));
  }
}

// --- virtual wards: step-down -----------------------------------------------------------------

// Patients of two cohorts in an acute ward; frail patients are eligible for early supported
// discharge into a virtual ward with room for everyone. A patient of another cohort who reached
// the virtual ward would go on to the unit "wrong_cohort".
const char* const kStepDown = R"({
  "schema": "flowsim/1", "name": "step-down", "start": "2026-10-05T00:00",
  "horizon": "200d", "seed": 9,
  "cohorts": { "frailty": {}, "general": {} },
  "arrivals": { "in": { "to": "medical", "rate": "20/d",
                        "cohorts": { "frailty": 0.5, "general": 0.5 } } },
  "units": {
    "medical": { "kind": "acute", "capacity": 1000,
                 "service": { "exponential": { "mean": "5d" } },
                 "step_down": [ { "to": "vw", "eligible": { "frailty": 0.4 }, "after": 0.5 } ],
                 "next": { "exit": 1 } },
    "vw": { "kind": "virtual_ward", "capacity": 1000, "service": { "exponential": { "mean": "3d" } },
            "next": { "by_cohort": { "frailty": { "exit": 1 }, "general": { "wrong_cohort": 1 } } } },
    "wrong_cohort": { "capacity": "unlimited", "service": { "fixed": "1h" }, "next": { "exit": 1 } }
  }
})";

TEST_CASE("step-down takes the eligible share of each cohort, and no other cohort",
          "[services][vw]") {
  SECTION("cohorts not named, with no \"*\", are never eligible") {
    const Runs runs = run_many(kStepDown, 10);
    std::vector<double> share;
    for (size_t r = 0; r < runs.size(); ++r) {
      CHECK(runs[r]["unit.wrong_cohort.arrivals"] == 0);
      CHECK(runs[r]["vw.referrals_refused"] == 0);
      CHECK(runs[r]["vw.step_down"] == runs[r]["unit.vw.entered"]);
      share.push_back(runs[r]["vw.step_down"] / runs[r]["acute.admissions"]);
    }
    CHECK(runs[0]["vw.step_down"] > 100);
    check_mean("stepped-down share of admissions", share, 0.5 * 0.4);
  }
  SECTION("\"*\" gives every other cohort its share") {
    const Runs runs = run_many(kStepDown, 10, {{"/units/medical/step_down/0/eligible/*", "0.1"}});
    std::vector<double> share, general;
    for (size_t r = 0; r < runs.size(); ++r) {
      share.push_back(runs[r]["vw.step_down"] / runs[r]["acute.admissions"]);
      general.push_back(runs[r]["unit.wrong_cohort.arrivals"] / runs[r]["unit.vw.entered"]);
    }
    check_mean("stepped-down share of admissions", share, 0.5 * 0.4 + 0.5 * 0.1);
    check_mean("general patients' share of step-downs", general, 0.05 / 0.25);
  }
}

TEST_CASE(
    "with room in the virtual ward, an eligible patient moves at exactly `after` of the "
    "acute stage",
    "[services][vw]") {
  const std::vector<Override> everyone_fixed = {
      {"/units/medical/service", R"({"fixed": "10d"})"},
      {"/units/medical/step_down/0/eligible", R"({"*": 1})"},
      {"/horizon", "60d"}};
  SECTION("after 0.3 of a 10-day stage: on day 3") {
    std::vector<Override> o = everyone_fixed;
    o.push_back({"/units/medical/step_down/0/after", "0.3"});
    const Metrics m = run_one(kStepDown, o);
    CHECK(m["vw.step_down"] > 500);
    CHECK(m["unit.medical.service_mean_h"] == Approx(72).epsilon(1e-12));
    CHECK(m["acute.los_mean_d"] == Approx(3).epsilon(1e-12));
    CHECK(m["unit.medical.blocked_mean_h"] == 0);
    CHECK(m["unit.vw.transfer_wait_mean_h"] == 0);
  }
  SECTION("`after` is a half by default") {
    std::vector<Override> o = everyone_fixed;
    o.push_back({"/units/medical/step_down/0", R"({"to": "vw", "eligible": {"*": 1}})"});
    const Metrics m = run_one(kStepDown, o);
    CHECK(m["unit.medical.service_mean_h"] == Approx(120).epsilon(1e-12));
  }
  SECTION("the same share of each patient's own stage, whatever its length") {
    // Every patient steps down at 0.3 of an exponential stage of mean 5 days.
    const Runs runs = run_many(kStepDown, 10,
                               {{"/units/medical/step_down/0/eligible", R"({"*": 1})"},
                                {"/units/medical/step_down/0/after", "0.3"}});
    check_mean("acute service", runs.column("unit.medical.service_mean_h"), 0.3 * 5 * 24);
  }
}

// A virtual ward of 15 places for eligible frail patients part-way through their acute stay:
// 2.4 eligible a day for 5 days each is 12 erlangs, so a referral often finds it full.
const char* const kPull = R"({
  "schema": "flowsim/1", "name": "pull", "start": "2026-10-05T00:00",
  "warmup": "20d", "horizon": "140d", "seed": 3,
  "cohorts": { "frailty": {}, "general": {} },
  "arrivals": { "in": { "to": "medical", "rate": "30/d",
                        "cohorts": { "frailty": 0.4, "general": 0.6 } } },
  "units": {
    "medical": { "kind": "acute", "capacity": 400,
                 "service": { "lognormal": { "mean": "8d", "sd": "5d" } },
                 "step_down": [ { "to": "vw", "eligible": { "frailty": 0.2 }, "after": 0.3 } ],
                 "next": { "exit": 1 } },
    "vw": { "kind": "virtual_ward", "capacity": 15, "pull": false,
            "service": { "exponential": { "mean": "5d" } }, "next": { "exit": 1 } }
  }
})";

TEST_CASE("a referral-only virtual ward runs emptier than one that pulls from the wards",
          "[services][vw]") {
  // Common random numbers: the same patients in both, so the paired difference is the policy's.
  const Runs referral = run_many(kPull, 10);
  const Runs pulled = run_many(kPull, 10, {{"/units/vw/pull", "true"}});
  std::vector<double> occupancy, step_down, acute_bed_days;
  for (size_t r = 0; r < referral.size(); ++r) {
    CHECK(pulled[r]["acute.admissions"] == referral[r]["acute.admissions"]);
    occupancy.push_back(pulled[r]["vw.occupancy_mean_pct"] - referral[r]["vw.occupancy_mean_pct"]);
    step_down.push_back(pulled[r]["vw.step_down"] - referral[r]["vw.step_down"]);
    acute_bed_days.push_back(pulled[r]["unit.medical.occupancy_mean"] -
                             referral[r]["unit.medical.occupancy_mean"]);
    CHECK(referral[r]["vw.referrals_refused"] > 0);
  }
  const MetricSummary occ = summarise(occupancy), sd = summarise(step_down),
                      acute = summarise(acute_bed_days);
  INFO("pulled minus referral-only: occupancy " << occ.mean << " [" << occ.ci95_low << ", "
                                                << occ.ci95_high << "] points");
  CHECK(occ.ci95_low > 0);
  CHECK(sd.ci95_low > 0);
  CHECK(acute.ci95_high < 0);  // the pull releases acute beds
}

// Two eligible patients wait in the ward while the virtual ward's one place is taken until 23:00.
// "early" is admitted at 02:00 for 40h and becomes eligible at 22:00 (after 0.5); "late" is
// admitted at 04:00 for 30h and becomes eligible at 07:00 (after 0.1), so it was refused first.
// Each spends 1h in the virtual ward, then goes to a unit of its own.
const char* const kPullOrder = R"({
  "schema": "flowsim/1", "name": "pull order", "start": "2026-10-05T00:00", "horizon": "24.5h",
  "cohorts": { "early": {}, "late": {}, "resident": {} },
  "arrivals": { "early": { "to": "gate_early", "rate": "60/h", "cohorts": { "early": 1 } },
                "late": { "to": "gate_late", "rate": "60/h", "cohorts": { "late": 1 } } },
  "units": {
    "gate_early": { "capacity": { "schedule": [ { "capacity": 0 },
                                                { "from": "01:00", "to": "01:01", "capacity": 1 } ] },
                    "queue": { "limit": 1 }, "service": { "fixed": "1h" }, "next": { "medical": 1 } },
    "gate_late": { "capacity": { "schedule": [ { "capacity": 0 },
                                               { "from": "03:00", "to": "03:01", "capacity": 1 } ] },
                   "queue": { "limit": 1 }, "service": { "fixed": "1h" }, "next": { "medical": 1 } },
    "medical": { "kind": "acute", "capacity": 10,
                 "service": { "by_cohort": { "early": { "fixed": "40h" }, "*": { "fixed": "30h" } } },
                 "step_down": [ { "to": "vw", "eligible": { "early": 1 }, "after": 0.5 },
                                { "to": "vw", "eligible": { "late": 1 }, "after": 0.1 } ],
                 "next": { "exit": 1 } },
    "vw": { "kind": "virtual_ward", "capacity": 1, "pull": true,
            "initial": { "patients": 1, "cohorts": { "resident": 1 }, "remaining": { "fixed": "23h" } },
            "service": { "fixed": "1h" },
            "next": { "by_cohort": { "early": { "after_early": 1 }, "late": { "after_late": 1 },
                                     "resident": { "exit": 1 } } } },
    "after_early": { "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 } },
    "after_late": { "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 } }
  }
})";

TEST_CASE("a pulling virtual ward takes the longest-staying eligible patient first",
          "[services][vw]") {
  SECTION("at 23:00 it takes the patient admitted at 02:00, not the one refused first") {
    const Metrics m = run_one(kPullOrder, {{"/horizon", "23.5h"}});
    CHECK(m["vw.referrals_refused"] == 2);
    CHECK(m["vw.step_down"] == 1);
    CHECK(m["unit.vw.transfer_wait_mean_h"] == 1);  // eligible at 22:00
    const Metrics after = run_one(kPullOrder);
    CHECK(after["unit.after_early.entered"] == 1);  // 23:00-24:00 in the virtual ward
    CHECK(after["unit.after_late.entered"] == 0);
  }
  SECTION("at 24:00 it takes the other") {
    const Metrics m = run_one(kPullOrder, {{"/horizon", "25.5h"}});
    CHECK(m["vw.step_down"] == 2);
    CHECK(m["unit.after_early.entered"] == 1);
    CHECK(m["unit.after_late.entered"] == 1);
    CHECK(m["unit.vw.transfer_wait_mean_h"] == Approx((1.0 + 17.0) / 2));  // from 22:00, 07:00
  }
  SECTION("without the pull, a free place waits for a referral") {
    const Metrics m = run_one(kPullOrder, {{"/horizon", "25.5h"}, {"/units/vw/pull", "false"}});
    CHECK(m["vw.referrals_refused"] == 2);
    CHECK(m["vw.step_down"] == 0);
    CHECK(m["unit.vw.occupancy_mean"] == Approx(23 / 25.5));
  }
}

// --- virtual wards: escalation and bed-days ---------------------------------------------------

// Step-up referrals for the first 80 days; 15% of virtual-ward patients go back to hospital.
// Everyone has left by day 120.
const char* const kEscalation = R"({
  "schema": "flowsim/1", "name": "escalation", "start": "2026-10-05T00:00",
  "horizon": "120d", "seed": 21,
  "arrivals": { "community": { "to": "vw", "rate": "10/d",
                               "profile": { "periods": [ { "from": "2026-12-24", "to": "2027-12-31",
                                                           "factor": 0 } ] } } },
  "units": {
    "vw": { "kind": "virtual_ward", "capacity": 1000,
            "service": { "exponential": { "mean": "3d" } },
            "next": { "medical": 0.15, "exit": 0.85 } },
    "medical": { "kind": "acute", "capacity": 1000, "service": { "fixed": "2d" },
                 "next": { "exit": 1 } }
  }
})";

TEST_CASE(
    "a move between virtual wards is neither a step-up nor a step-down, and step-down "
    "referrals arrive at the virtual ward",
    "[services][vw]") {
  // Every patient comes from the acute ward by step-down into the hub, then moves to a spoke.
  const Metrics m = run_one(R"({
    "schema": "flowsim/1", "name": "hub and spoke", "start": "2026-10-05T00:00", "horizon": "30d",
    "arrivals": { "in": { "to": "ward", "rate": "0.5/h" } },
    "units": {
      "ward": { "kind": "acute", "capacity": "unlimited", "service": { "fixed": "2d" },
                "next": { "exit": 1 },
                "step_down": [ { "to": "hub", "eligible": { "*": 1 }, "after": 0.5 } ] },
      "hub": { "kind": "virtual_ward", "capacity": 8, "service": { "fixed": "1d" },
               "next": { "spoke": 1 } },
      "spoke": { "kind": "virtual_ward", "capacity": "unlimited", "staff": { "wte": 100, "patients_per_wte": 1 },
                 "service": { "fixed": "1d" }, "next": { "exit": 1 } }
    }
  })");
  CHECK(m["vw.step_up"] == 0);
  CHECK(m["vw.step_down"] == m["unit.hub.entered"]);
  CHECK(m["unit.spoke.entered"] > 0);
  // Every eligibility check is an arrival at the hub: those who found it full were refused.
  CHECK(m["unit.hub.arrivals"] == m["unit.hub.entered"] + m["vw.referrals_refused"]);
  CHECK(m["unit.hub.p_full_on_arrival"] ==
        Approx(m["vw.referrals_refused"] / m["unit.hub.arrivals"]));
}

TEST_CASE("vw.escalated_to_hospital counts the virtual ward's discharges back to hospital",
          "[services][vw]") {
  const Runs runs = run_many(kEscalation, 20);
  std::vector<double> share, stay;
  for (size_t r = 0; r < runs.size(); ++r) {
    const Metrics& m = runs[r];
    CHECK(m["system.in_system_end"] == 0);
    CHECK(m["vw.escalated_to_hospital"] == m["unit.medical.entered"]);
    CHECK(m["vw.escalated_to_hospital"] == m["acute.admissions"]);
    CHECK(m["vw.bed_days"] == Approx(m["unit.vw.occupancy_mean"] * 120).epsilon(1e-12));
    CHECK(m["vw.referrals_refused"] == 0);
    share.push_back(m["vw.escalated_to_hospital"] / m["vw.step_up"]);
    stay.push_back(m["vw.bed_days"] / m["vw.step_up"]);
  }
  check_mean("escalated share of discharges", share, 0.15);
  // Every patient has gone: the place-days are the sum of the stays.
  check_mean("bed-days per patient", stay, 3.0);
}

// --- electives --------------------------------------------------------------------------------

// A waiting list that never empties, with an inpatient ward; no referrals and no arrivals.
// Two weeks from a Monday: 10 session days of 10 cases.
const char* const kElective = R"({
  "schema": "flowsim/1", "name": "electives", "start": "2026-10-05T00:00", "horizon": "14d",
  "seed": 13,
  "arrivals": { "none": { "to": "surgical", "rate": "0/h" } },
  "units": {
    "surgical": { "kind": "acute", "capacity": 1000, "service": { "fixed": "2d" },
                  "next": { "exit": 1 } }
  },
  "electives": {
    "priorities": { "P2": { "target": "4w", "share": 1 } },
    "referrals": { "rate": "0/w" },
    "backlog": { "patients": 2000, "waited": { "uniform": { "min": "0w", "max": "40w" } } },
    "sessions": [ { "days": "weekdays", "at": "08:30", "cases": 10 } ],
    "day_case": 0.6,
    "inpatient_ward": "surgical"
  },
  "costs": { "cancelled_operation": 1250 }
})";

TEST_CASE("with no free bed every inpatient case is cancelled, and only day cases are treated",
          "[services][electives]") {
  auto check = [](const Metrics& m) {
    CHECK(m["elective.cancelled_no_bed"] > 0);
    CHECK(m["elective.treated"] + m["elective.cancelled_no_bed"] == 10 * 10);
    CHECK(m["elective.treated"] == m["elective.treated_day_case"]);
    CHECK(m["cost.cancelled_operations_gbp"] == 1250 * m["elective.cancelled_no_bed"]);
    CHECK(m["elective.list_size_end"] == 2000 - m["elective.treated"]);
  };
  SECTION("a ward of no beds") {
    const Metrics m =
        run_one(kElective, {{"/units/surgical/capacity", R"({"schedule": [{"capacity": 0}]})"}});
    check(m);
    CHECK(m["unit.surgical.entered"] == 0);
  }
  SECTION("a ward kept full by today's patients") {
    const Metrics m = run_one(kElective, {{"/units/surgical/capacity", "5"},
                                          {"/units/surgical/initial",
                                           R"({"patients": 5, "remaining": {"fixed": "100d"}})"}});
    check(m);
    CHECK(m["unit.surgical.entered"] == 0);
    CHECK(m["unit.surgical.occupancy_mean"] == 5);
  }
  SECTION("with beds to spare nobody is cancelled") {
    const Metrics m = run_one(kElective);
    CHECK(m["elective.cancelled_no_bed"] == 0);
    CHECK(m["elective.treated"] == 100);
    CHECK(m["unit.surgical.entered"] == 100 - m["elective.treated_day_case"]);
    CHECK(m["acute.admissions"] == m["unit.surgical.entered"]);
  }
}

TEST_CASE("the day-case share of treated patients is `day_case`", "[services][electives]") {
  const Runs runs = run_many(kElective, 10, {{"/electives/sessions/0/cases", "40"}});
  std::vector<double> share;
  for (size_t r = 0; r < runs.size(); ++r) {
    CHECK(runs[r]["elective.treated"] == 400);
    share.push_back(runs[r]["elective.treated_day_case"] / runs[r]["elective.treated"]);
  }
  check_mean("day-case share", share, 0.6);
}

// Today's list: 1,200 patients who have waited either 10 weeks or 80 weeks, half each; a quarter
// are P1. One session on the Monday at 08:30 treats 220 of them (fewer than the P1 patients, about
// 300, and more than the P1 long waiters, about 150); the run ends at 12:00.
const char* const kScarce = R"({
  "schema": "flowsim/1", "name": "scarce sessions", "start": "2026-10-05T00:00", "horizon": "12h",
  "seed": 17,
  "arrivals": { "none": { "to": "ward", "rate": "0/h" } },
  "units": { "ward": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } } },
  "electives": {
    "priorities": { "P1": { "target": "72h", "share": 0.25 }, "P4": { "target": "52w", "share": 0.75 } },
    "referrals": { "rate": "0/w" },
    "backlog": { "patients": 1200, "waited": { "empirical": { "values": ["10w", "80w"] } } },
    "sessions": [ { "days": ["mon"], "at": "08:30", "cases": 220 } ],
    "day_case": 1
  }
})";

TEST_CASE("sessions treat by clinical priority first, then the longest wait",
          "[services][electives]") {
  const double session_w = 8.5 / kHoursPerWeek;  // waits grow until the session at 08:30
  // The list before the session (the same patients: each draws from their own stream).
  auto long_waiters_at_start = [](const Scenario& s, uint64_t rep) {
    Scenario before = s;
    before.horizon = sim::Duration::hours(1);
    return run_one(before, rep)["elective.over_52w_end"];
  };
  SECTION("within one priority, the longest waiters are treated first") {
    const Scenario s = load(kScarce, {{"/electives/priorities/P1/share", "1"},
                                      {"/electives/priorities/P4/share", "0"}});
    const double long_waiters = long_waiters_at_start(s, 0);
    REQUIRE(long_waiters > 220);
    const Metrics m = run_one(s);
    CHECK(m["elective.treated"] == 220);
    CHECK(m["elective.over_52w_end"] == long_waiters - 220);
    CHECK(m["elective.wait_treated_mean_w"] == Approx(80 + session_w).epsilon(1e-12));
  }
  SECTION("a P1 patient who has waited 10 weeks goes before a P4 patient who has waited 80") {
    const Scenario s = load(kScarce);
    std::vector<double> long_treated;
    for (uint64_t rep = 0; rep < 20; ++rep) {
      const double long_waiters = long_waiters_at_start(s, rep);
      const Metrics m = run_one(s, rep);
      CHECK(m["elective.treated"] == 220);
      // The treated long waiters are the P1 ones alone: P4 long waiters remain untreated while
      // P1 patients of 10 weeks are treated.
      const double treated_long = long_waiters - m["elective.over_52w_end"];
      const double treated_short = 220 - treated_long;
      CHECK(treated_short > 0);
      CHECK(m["elective.over_52w_end"] > 0);
      CHECK(m["elective.wait_treated_mean_w"] ==
            Approx((treated_long * (80 + session_w) + treated_short * (10 + session_w)) / 220)
                .epsilon(1e-12));
      long_treated.push_back(treated_long);
    }
    // Treated long waiters are the P1 long waiters: 1,200 x 0.25 x 0.5 on average.
    check_mean("long waiters treated", long_treated, 1200 * 0.25 * 0.5);
  }
}

// All day cases, a list that never empties: from Monday 5 October 2026 for four weeks, 7 cases
// each weekday at 08:30 and 3 each Saturday at 10:00.
const char* const kSessions = R"({
  "schema": "flowsim/1", "name": "sessions", "start": "2026-10-05T00:00", "horizon": "28d",
  "arrivals": { "none": { "to": "ward", "rate": "0/h" } },
  "units": { "ward": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } } },
  "electives": {
    "priorities": { "P3": { "target": "13w", "share": 1 } },
    "referrals": { "rate": "0/w" },
    "backlog": { "patients": 1000, "waited": { "fixed": "5w" } },
    "sessions": [ { "days": "weekdays", "at": "08:30", "cases": 7 },
                  { "days": ["sat"], "at": "10:00", "cases": 3 } ],
    "day_case": 1
  }
})";

TEST_CASE("theatre sessions run on their days at their times, and on no other",
          "[services][electives]") {
  auto treated = [](const std::vector<Override>& o) {
    return run_one(kSessions, o)["elective.treated"];
  };
  CHECK(treated({}) == 20 * 7 + 4 * 3);
  // Without "days", a session runs on weekdays.
  CHECK(treated({{"/electives/sessions/0", R"({"at": "08:30", "cases": 7})"}}) == 20 * 7 + 4 * 3);
  // The first session starts at 08:30 exactly.
  CHECK(treated({{"/horizon", "510min"}}) == 0);
  CHECK(treated({{"/horizon", "511min"}}) == 7);
  // A bank holiday runs as a Sunday: no weekday list on Wednesday 7 October ...
  CHECK(treated({{"/bank_holidays", R"(["2026-10-07"])"}}) == 20 * 7 + 4 * 3 - 7);
  // ... nor a Saturday list on a Saturday that is a bank holiday ...
  CHECK(treated({{"/bank_holidays", R"(["2026-10-10"])"}}) == 20 * 7 + 4 * 3 - 3);
  // ... while a Sunday list runs on it as on a Sunday.
  CHECK(treated({{"/bank_holidays", R"(["2026-10-07"])"},
                 {"/electives/sessions/1/days", R"(["sun"])"}}) == 19 * 7 + 5 * 3);
  // No sessions on cancelled dates (here a whole week, Monday to Sunday).
  CHECK(treated({{"/electives/cancelled", R"([{"from": "2026-10-12", "to": "2026-10-18"}])"}}) ==
        15 * 7 + 3 * 3);
  // A list that never empties treats sessions x cases, whatever the wait.
  const Metrics m = run_one(kSessions);
  CHECK(m["elective.list_size_end"] == 1000 - (20 * 7 + 4 * 3));
}

// Today's list only, seen at the start: a run of one minute has no session and no removal.
const char* const kBacklog = R"({
  "schema": "flowsim/1", "name": "backlog", "start": "2026-10-05T00:00", "horizon": "1min",
  "seed": 31,
  "arrivals": { "none": { "to": "ward", "rate": "0/h" } },
  "units": { "ward": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } } },
  "electives": {
    "priorities": { "P1": { "target": "72h", "share": 0.1 }, "P4": { "target": "52w", "share": 0.9 } },
    "referrals": { "rate": "0/w" },
    "backlog": { "patients": 4000, "waited": { "uniform": { "min": "0w", "max": "104w" } } },
    "sessions": [ { "days": "weekdays", "at": "08:30", "cases": 10 } ],
    "day_case": 1
  }
})";

TEST_CASE("today's waiting list starts with the waits of its `waited` distribution",
          "[services][electives]") {
  SECTION("uniform waits of up to two years") {
    const Runs runs = run_many(kBacklog, 10);
    for (size_t r = 0; r < runs.size(); ++r) {
      CHECK(runs[r]["elective.list_size_end"] == 4000);
      CHECK(runs[r]["elective.referrals"] == 0);
    }
    auto share = [&](const std::string& name) {
      std::vector<double> v = runs.column(name);
      for (double& x : v) x /= 4000;
      return v;
    };
    check_mean("over 52w", share("elective.over_52w_end"), (104 - 52) / 104.0);
    check_mean("over 65w", share("elective.over_65w_end"), (104 - 65) / 104.0);
    check_mean("over 78w", share("elective.over_78w_end"), (104 - 78) / 104.0);
    check_mean("over 104w", share("elective.over_104w_end"), 0);
    check_mean("within 18w", runs.column("elective.within_18w_pct_end"), 100 * 18 / 104.0);
  }
  SECTION("exponential waits") {
    const Runs runs = run_many(
        kBacklog, 10, {{"/electives/backlog/waited", R"({"exponential": {"mean": "25w"}})"}});
    std::vector<double> over52 = runs.column("elective.over_52w_end");
    for (double& x : over52) x /= 4000;
    check_mean("over 52w", over52, std::exp(-52.0 / 25));
    check_mean("within 18w", runs.column("elective.within_18w_pct_end"),
               100 * (1 - std::exp(-18.0 / 25)));
  }
  SECTION("everyone has waited 60 weeks") {
    const Metrics m = run_one(kBacklog, {{"/electives/backlog/waited", R"({"fixed": "60w"})"}});
    CHECK(m["elective.list_size_end"] == 4000);
    CHECK(m["elective.over_52w_end"] == 4000);
    CHECK(m["elective.over_65w_end"] == 0);
    CHECK(m["elective.within_18w_pct_end"] == 0);
  }
  SECTION("everyone has waited 10 weeks") {
    const Metrics m = run_one(kBacklog, {{"/electives/backlog/waited", R"({"fixed": "10w"})"}});
    CHECK(m["elective.over_52w_end"] == 0);
    CHECK(m["elective.within_18w_pct_end"] == 100);
  }
  SECTION("an empty list is all within 18 weeks") {
    const Metrics m = run_one(kBacklog, {{"/electives/backlog/patients", "0"}});
    CHECK(m["elective.list_size_end"] == 0);
    CHECK(m["elective.within_18w_pct_end"] == 100);
  }
}

// No sessions at all (every date cancelled): patients leave the list only by removal.
const char* const kRemoval = R"({
  "schema": "flowsim/1", "name": "removal", "start": "2026-10-05T00:00", "horizon": "10w",
  "seed": 37,
  "arrivals": { "none": { "to": "ward", "rate": "0/h" } },
  "units": { "ward": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } } },
  "electives": {
    "priorities": { "P3": { "target": "13w", "share": 1 } },
    "referrals": { "rate": "100/w" },
    "backlog": { "patients": 3000, "waited": { "fixed": "10w" } },
    "removal": { "exponential": { "mean": "20w" } },
    "sessions": [ { "days": "weekdays", "at": "08:30", "cases": 10 } ],
    "cancelled": [ { "from": "2026-10-01", "to": "2027-12-31" } ],
    "day_case": 1
  }
})";

TEST_CASE("clinical priority targets count the treated within them and the list beyond them",
          "[services][electives]") {
  // Today's list: 200 patients who have all waited 10 weeks, one session of 50 on Monday.
  const char* const text = R"({
    "schema": "flowsim/1", "name": "targets", "start": "2026-10-05T00:00", "horizon": "2d",
    "arrivals": { "none": { "to": "ward", "rate": "0/h" } },
    "units": { "ward": { "kind": "acute", "capacity": 100, "service": { "fixed": "1d" },
                         "next": { "exit": 1 } } },
    "electives": {
      "priorities": { "P1": { "target": "4w", "share": 1 }, "P2": { "target": "52w", "share": 0 } },
      "referrals": { "rate": "0/w" },
      "backlog": { "patients": 200, "waited": { "fixed": "10w" } },
      "sessions": [ { "days": ["mon"], "at": "09:00", "cases": 50 } ],
      "day_case": 1
    }
  })";
  const Metrics late = run_one(text);
  CHECK(late["elective.treated"] == 50);
  CHECK(late["elective.treated_within_target_pct"] == 0);
  CHECK(late["elective.over_target_end"] == 150);
  const Metrics in_time = run_one(text, {{"/electives/priorities/P1/target", "\"12w\""}});
  CHECK(in_time["elective.treated_within_target_pct"] == 100);
  CHECK(in_time["elective.over_target_end"] == 0);
}

TEST_CASE("exponential removal takes patients off the list at its rate", "[services][electives]") {
  const Runs runs = run_many(kRemoval, 10);
  for (size_t r = 0; r < runs.size(); ++r) {
    const Metrics& m = runs[r];
    CHECK(m["elective.treated"] == 0);
    CHECK(m["elective.list_size_end"] == 3000 + m["elective.referrals"] - m["elective.removed"]);
  }
  // Today's list: each patient is removed within T = 10 weeks with probability 1 - exp(-T/R)
  // (removal is drawn from today). A referral at time s: 1 - exp(-(T - s)/R); over a Poisson
  // stream of rate r, r (T - R (1 - exp(-T/R))).
  const double T = 10, R = 20, rate = 100;
  check_mean("removed", runs.column("elective.removed"),
             3000 * (1 - std::exp(-T / R)) + rate * (T - R * (1 - std::exp(-T / R))));
  check_mean("referrals", runs.column("elective.referrals"), rate * T);
}

// Mutual aid every 7 days from the start; no sessions.
const char* const kMutualAid = R"({
  "schema": "flowsim/1", "name": "mutual aid", "start": "2026-10-05T00:00", "horizon": "35d",
  "seed": 41,
  "arrivals": { "none": { "to": "ward", "rate": "0/h" } },
  "units": { "ward": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } } },
  "electives": {
    "priorities": { "P4": { "target": "52w", "share": 1 } },
    "referrals": { "rate": "0/w" },
    "backlog": { "patients": 1000, "waited": { "fixed": "60w" } },
    "sessions": [ { "days": "weekdays", "at": "08:30", "cases": 10 } ],
    "cancelled": [ { "from": "2026-10-01", "to": "2027-12-31" } ],
    "day_case": 1,
    "mutual_aid": { "per_week": 10, "after": "52w" }
  }
})";

TEST_CASE("mutual aid transfers per_week long waiters each week, and none who waited less",
          "[services][electives]") {
  auto transferred = [](const std::vector<Override>& o) {
    return run_one(kMutualAid, o)["elective.transferred_out"];
  };
  CHECK(transferred({}) == 4 * 10);  // on days 7, 14, 21 and 28
  CHECK(transferred({{"/horizon", "35.01d"}}) == 5 * 10);
  CHECK(transferred({{"/electives/backlog/waited", R"({"fixed": "10w"})"}}) == 0);
  // 50 weeks today: on day 14 they have waited exactly 52 weeks, which is not beyond `after`.
  CHECK(transferred({{"/electives/backlog/waited", R"({"fixed": "50w"})"}}) == 2 * 10);
  SECTION("with room for all, every long waiter and nobody else goes") {
    const std::vector<Override> o = {
        {"/electives/backlog/waited", R"({"empirical": {"values": ["10w", "60w"]}})"},
        {"/electives/mutual_aid/per_week", "100000"},
        {"/horizon", "8d"}};
    Scenario start = load(kMutualAid, o);
    start.horizon = sim::Duration::hours(1);
    const double long_waiters = run_one(start)["elective.over_52w_end"];
    REQUIRE(long_waiters > 0);
    const Metrics m = run_one(kMutualAid, o);
    CHECK(m["elective.transferred_out"] == long_waiters);
    CHECK(m["elective.over_52w_end"] == 0);
    CHECK(m["elective.list_size_end"] == 1000 - long_waiters);
  }
}

// Everything that adds to or takes from the list at once: referrals, today's list, sessions with
// cancellations for want of a bed, removals and mutual aid.
const char* const kBusyList = R"({
  "schema": "flowsim/1", "name": "busy list", "start": "2026-10-05T00:00", "horizon": "26w",
  "seed": 43,
  "cohorts": { "ortho": {}, "general": {} },
  "arrivals": { "emergency": { "to": "surgical", "rate": "3/d", "cohorts": { "general": 1 } } },
  "units": { "surgical": { "kind": "acute", "capacity": 25,
                           "service": { "lognormal": { "mean": "4d", "sd": "3d" } },
                           "next": { "exit": 1 } } },
  "electives": {
    "priorities": { "P1": { "target": "72h", "share": 0.05 }, "P2": { "target": "4w", "share": 0.25 },
                    "P3": { "target": "13w", "share": 0.4 }, "P4": { "target": "52w", "share": 0.3 } },
    "referrals": { "rate": "60/w", "cohorts": { "ortho": 0.6, "general": 0.4 } },
    "backlog": { "patients": 800, "waited": { "lognormal": { "mean": "20w", "sd": "15w" } } },
    "removal": { "exponential": { "mean": "50w" } },
    "sessions": [ { "days": "weekdays", "at": "08:30", "cases": 11 } ],
    "cancelled": [ { "from": "2026-12-24", "to": "2027-01-01" } ],
    "day_case": { "by_cohort": { "ortho": 0.5, "*": 0.8 } },
    "inpatient_ward": "surgical",
    "mutual_aid": { "per_week": 5, "after": "40w" }
  }
})";

TEST_CASE("every patient on the waiting list is accounted for", "[services][electives]") {
  const Scenario s = load(kBusyList);
  const size_t list = daily_index(s, "elective.list_size");
  for (uint64_t rep = 0; rep < 4; ++rep) {
    const ReplicationResult r = simulate(s, rep);
    const Metrics m{metric_names(s), r.metrics};
    INFO("replication " << rep);
    CHECK(m["elective.treated"] > 0);
    CHECK(m["elective.cancelled_no_bed"] > 0);
    CHECK(m["elective.removed"] > 0);
    CHECK(m["elective.transferred_out"] > 0);
    CHECK(m["elective.list_size_end"] == 800 + m["elective.referrals"] - m["elective.treated"] -
                                             m["elective.removed"] - m["elective.transferred_out"]);
    CHECK(r.daily.back()[list] == m["elective.list_size_end"]);
    // The waits at the end are nested: over 104 weeks <= ... <= over 52 <= over 18 weeks.
    const double size = m["elective.list_size_end"];
    const double over18 = size * (1 - m["elective.within_18w_pct_end"] / 100);
    CHECK(m["elective.over_52w_end"] <= over18 + 1e-9);
    CHECK(m["elective.over_65w_end"] <= m["elective.over_52w_end"]);
    CHECK(m["elective.over_78w_end"] <= m["elective.over_65w_end"]);
    CHECK(m["elective.over_104w_end"] <= m["elective.over_78w_end"]);
    CHECK(std::abs(over18 - std::round(over18)) < 1e-6);
  }
}

TEST_CASE("wait_treated_mean_w is the wait from referral to treatment, today's wait included",
          "[services][electives]") {
  // Everyone has waited 30 weeks; the Monday session at 08:30 treats 7 of them.
  const Metrics m = run_one(
      kSessions, {{"/horizon", "1d"}, {"/electives/backlog/waited", R"({"fixed": "30w"})"}});
  CHECK(m["elective.treated"] == 7);
  CHECK(m["elective.wait_treated_mean_w"] == Approx(30 + 8.5 / kHoursPerWeek).epsilon(1e-12));
}

// --- today's patients (`initial`) -------------------------------------------------------------

// A ward of 50 beds with 30 of today's patients, each with 10 days to go; nobody arrives.
const char* const kToday = R"({
  "schema": "flowsim/1", "name": "today", "start": "2026-10-05T00:00", "horizon": "2d",
  "arrivals": { "none": { "to": "ward", "rate": "0/h" } },
  "units": {
    "ward": { "capacity": 50, "initial": { "patients": 30, "remaining": { "fixed": "10d" } },
              "service": { "fixed": "10d" }, "next": { "exit": 1 } }
  }
})";

TEST_CASE("today's patients hold their places from time zero", "[services][initial]") {
  const Scenario s = load(kToday);
  const ReplicationResult r = simulate(s, 0);
  const Metrics m{metric_names(s), r.metrics};
  REQUIRE(r.daily.size() == 2);
  CHECK(r.daily[0][daily_index(s, "unit.ward.occupancy")] == 30);
  CHECK(m["unit.ward.occupancy_mean"] == 30);
  CHECK(m["system.in_system_end"] == 30);
  CHECK(m["system.arrivals"] == 0);
  CHECK(m["unit.ward.entered"] == 0);  // they were there before the run
  // And they leave when their remaining stay is over.
  const Metrics later = run_one(kToday, {{"/horizon", "12d"}});
  CHECK(later["system.in_system_end"] == 0);
  CHECK(later["system.departures"] == 30);
  CHECK(later["unit.ward.occupancy_mean"] == Approx(30 * 10 / 12.0));
}

// An acute ward of 20 of today's patients, 5 of them fit to leave, for a care home whose 2 places
// are taken until 36h. The others have 3 days to go.
std::string ready_to_leave(bool care_home_first) {
  const std::string medical = R"(
    "medical": { "kind": "acute", "capacity": 30,
                 "initial": { "patients": 20, "ready_to_leave": 5, "remaining": { "fixed": "3d" } },
                 "service": { "fixed": "3d" },
                 "next": [ { "to": "care_home", "p": 0.3, "pathway": 3 },
                           { "to": "exit", "p": 0.7, "pathway": 0 } ] })";
  const std::string care_home = R"(
    "care_home": { "kind": "community", "capacity": 2,
                   "initial": { "patients": 2, "remaining": { "fixed": "36h" } },
                   "service": { "fixed": "20d" }, "next": { "exit": 1 } })";
  return R"({
  "schema": "flowsim/1", "name": "ready to leave", "start": "2026-10-05T00:00", "horizon": "1d",
  "arrivals": { "none": { "to": "medical", "rate": "0/h" } },
  "units": {)" +
         (care_home_first ? care_home + "," + medical : medical + "," + care_home) + "\n} }";
}

TEST_CASE("today's patients ready to leave have no criteria to reside and wait for their place",
          "[services][initial]") {
  for (bool care_home_first : {true, false}) {
    INFO("the care home is declared " << (care_home_first ? "before" : "after") << " the ward");
    const Metrics day = run_one(ready_to_leave(care_home_first));
    CHECK(day["acute.nctr_mean"] == 5);
    CHECK(day["unit.medical.occupancy_mean"] == 20);
    CHECK(day["unit.care_home.occupancy_mean"] == 2);
    CHECK(day["unit.care_home.entered"] == 0);
    // At 36h the care home's two places go to two of them.
    const Metrics two = run_one(ready_to_leave(care_home_first), {{"/horizon", "2d"}});
    CHECK(two["unit.care_home.entered"] == 2);
    CHECK(two["unit.care_home.transfer_wait_mean_h"] == 36);
    CHECK(two["acute.nctr_mean"] == Approx((5 * 36 + 3 * 12) / 48.0));
    CHECK(two["acute.discharges_p3"] == 2);
    CHECK(two["unit.care_home.occupancy_mean"] == 2);
  }
}

TEST_CASE("today's patients ready to leave are of the cohorts that have a unit to wait for",
          "[services][initial]") {
  // Half of today's patients are minor cases who only ever go home; all 40 who are fit to leave
  // are frail patients waiting for the care home (full for the whole run).
  const Metrics m =
      run_one(ready_to_leave(true),
              {{"/cohorts", R"({"frailty": {}, "minor": {}})"},
               {"/arrivals/none/cohorts", R"({"frailty": 1})"},
               {"/units/medical/initial",
                R"({"patients": 200, "ready_to_leave": 40, "remaining": {"fixed": "3d"},
                                  "cohorts": {"frailty": 0.5, "minor": 0.5}})"},
               {"/units/medical/capacity", "300"},
               {"/units/medical/next",
                R"({"by_cohort": {"frailty": [{"to": "care_home", "p": 0.3, "pathway": 3},
                                                            {"to": "exit", "p": 0.7, "pathway": 0}],
                                                "minor": [{"to": "exit", "p": 1, "pathway": 0}]}})"},
               {"/units/care_home/initial",
                R"({"patients": 2, "remaining": {"fixed": "36h"}, "cohorts": {"frailty": 1}})"}});
  CHECK(m["acute.nctr_mean"] == 40);
  CHECK(m["system.departures"] == 0);
  CHECK(m["unit.medical.occupancy_mean"] == 200);
}

// A clinic of 3 places, full with today's patients for 10 more hours, and 4 more waiting.
const char* const kQueuedToday = R"({
  "schema": "flowsim/1", "name": "queued today", "start": "2026-10-05T00:00", "horizon": "5h",
  "arrivals": { "none": { "to": "clinic", "rate": "0/h" } },
  "units": {
    "clinic": { "capacity": 3,
                "initial": { "patients": 3, "queued": 4, "remaining": { "fixed": "10h" } },
                "service": { "fixed": "10h" }, "next": { "exit": 1 } }
  }
})";

TEST_CASE("today's queued patients wait in the queue for a place", "[services][initial]") {
  const Metrics m = run_one(kQueuedToday);
  CHECK(m["unit.clinic.queue_mean"] == 4);
  CHECK(m["unit.clinic.occupancy_mean"] == 3);
  const Metrics later = run_one(kQueuedToday, {{"/horizon", "11h"}});
  CHECK(later["unit.clinic.entered"] == 3);  // at 10h, when today's patients leave
  CHECK(later["unit.clinic.wait_mean_h"] == 10);
  CHECK(later["unit.clinic.queue_mean"] == Approx((4 * 10 + 1 * 1) / 11.0));
  SECTION("a queued patient takes a place that is free") {
    const Metrics free = run_one(kQueuedToday, {{"/units/clinic/capacity", "5"}});
    CHECK(free["unit.clinic.occupancy_mean"] == 5);
    CHECK(free["unit.clinic.queue_mean"] == 2);
    CHECK(free["unit.clinic.entered"] == 2);
    CHECK(free["unit.clinic.wait_mean_h"] == 0);
  }
}

// 5,000 of today's patients in a unit nobody else enters: each one's service time is their
// remaining stay, and they have all left by the horizon.
const char* const kResidual = R"({
  "schema": "flowsim/1", "name": "residual", "start": "2026-10-05T00:00", "horizon": "8000d",
  "seed": 7,
  "arrivals": { "none": { "to": "ward", "rate": "0/h" } },
  "units": {
    "ward": { "capacity": "unlimited", "initial": { "patients": 5000 },
              "service": { "exponential": { "mean": "10d" } }, "next": { "exit": 1 } }
  }
})";

TEST_CASE("today's patients are part-way through a stay picked in proportion to its length",
          "[services][initial]") {
  // A census finds a stay S with probability proportional to S, part-way through it: the mean
  // remaining stay is E[S^2] / (2 E[S]) = (mean^2 + sd^2) / (2 mean).
  struct Case {
    const char* what;
    const char* service;
    double mean_d, var_d2;
  };
  const double w_shape = 0.8, w_scale = 5;
  const double w_mean = w_scale * std::tgamma(1 + 1 / w_shape);
  const double w_var = w_scale * w_scale * std::tgamma(1 + 2 / w_shape) - w_mean * w_mean;
  const Case cases[] = {
      {"exponential: as long to go as a new patient", R"({"exponential": {"mean": "10d"}})", 10,
       100},
      {"fixed: half the stay to go", R"({"fixed": "10d"})", 10, 0},
      {"lognormal", R"({"lognormal": {"mean": "4d", "sd": "8d"}})", 4, 64},
      {"gamma", R"({"gamma": {"mean": "5d", "sd": "2d"}})", 5, 4},
      {"weibull", R"({"weibull": {"shape": 0.8, "scale": "5d"}})", w_mean, w_var},
      {"uniform", R"({"uniform": {"min": "2d", "max": "6d"}})", 4, 16.0 / 12},
      {"triangular", R"({"triangular": {"min": "1d", "mode": "2d", "max": "9d"}})", 4,
       (1 + 4 + 81 - 2 - 9 - 18) / 18.0},
      {"empirical", R"({"empirical": {"values": ["1d", "9d"]}})", 5, 16},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const Runs runs = run_many(kResidual, 8, {{"/units/ward/service", c.service}});
    for (size_t r = 0; r < runs.size(); ++r) CHECK(runs[r]["system.in_system_end"] == 0);
    check_mean(std::string(c.what) + " remaining stay", runs.column("unit.ward.service_mean_h"),
               24 * (c.mean_d * c.mean_d + c.var_d2) / (2 * c.mean_d));
  }
}

TEST_CASE("a fixed stay leaves today's patients a remaining stay uniform over it",
          "[services][initial]") {
  // 10-day stays: a tenth of today's patients leave each day, and all of them within 10 days.
  const Scenario s =
      load(kResidual, {{"/units/ward/service", R"({"fixed": "10d"})"}, {"/horizon", "10d"}});
  const size_t ward = daily_index(s, "unit.ward.occupancy");
  std::vector<std::vector<double>> by_day(10);
  for (uint64_t rep = 0; rep < 8; ++rep) {
    const ReplicationResult r = simulate(s, rep);
    CHECK(Metrics{metric_names(s), r.metrics}["system.in_system_end"] == 0);
    for (size_t d = 0; d < 10; ++d) by_day[d].push_back(r.daily[d][ward]);
  }
  for (size_t d = 0; d < 10; ++d) {
    INFO("day " << d);
    check_mean("mean occupancy", by_day[d], 5000 * (1 - (double(d) + 0.5) / 10));
  }
  CHECK(run_one(s)["system.in_system_end"] == 0);
  Scenario shorter = s;
  shorter.horizon = sim::Duration::days(9.9);
  CHECK(run_one(shorter)["system.in_system_end"] > 0);
}

TEST_CASE("today's ward patients step down once past the rule's share of their stay",
          "[services][initial]") {
  // 10-day stays, so today's patients have 0 to 10 days to go, uniformly; all are eligible at
  // half their stay. Those with 5 days or less to go are past it and step down at once, the
  // others when they reach it: nobody finishes their stay on the ward, the ward empties
  // linearly over 5 days, and day 0 averages 500 x (1 - 0.5 / 5) = 450 patients.
  const char* const text = R"({
    "schema": "flowsim/1", "name": "step down today", "start": "2026-10-05T00:00",
    "horizon": "6d", "seed": 5,
    "arrivals": { "none": { "to": "medical", "rate": "0/h" } },
    "units": {
      "medical": { "kind": "acute", "capacity": 1000, "initial": { "patients": 1000 },
                   "service": { "fixed": "10d" }, "next": { "exit": 1 },
                   "step_down": [ { "to": "vw", "eligible": { "*": 1 }, "after": 0.5 } ] },
      "vw": { "kind": "virtual_ward", "capacity": 2000, "service": { "fixed": "30d" },
              "next": { "exit": 1 } }
    }
  })";
  const Scenario s = load(text);
  const size_t ward = daily_index(s, "unit.medical.occupancy");
  std::vector<double> day0;
  for (uint64_t rep = 0; rep < 6; ++rep) {
    const ReplicationResult r = simulate(s, rep);
    const Metrics m{metric_names(s), r.metrics};
    CHECK(m["vw.step_down"] == 1000);
    CHECK(m["unit.medical.occupancy_mean"] < 500);
    CHECK(r.daily[5][ward] == 0);
    day0.push_back(r.daily[0][ward]);
  }
  check_mean("day 0's mean ward occupancy", day0, 450);
  // With `remaining` given, eligible patients are taken to be past the point: all go at once.
  const Metrics given = run_one(text, {{"/units/medical/initial/remaining", R"({"fixed": "3d"})"}});
  CHECK(given["vw.step_down"] == 1000);
  CHECK(given["unit.medical.occupancy_mean"] == 0);
}

TEST_CASE("a unit whose only patients are today's is reachable", "[services][initial]") {
  // No arrival stream or route leads to the care home; today's residents are its way in.
  const Scenario s = load(R"({
    "schema": "flowsim/1", "name": "residents", "start": "2026-10-05T00:00", "horizon": "10d",
    "arrivals": { "in": { "to": "ward", "rate": "1/h" } },
    "units": {
      "ward": { "capacity": 50, "service": { "fixed": "1h" }, "next": { "exit": 1 } },
      "care_home": { "kind": "community", "capacity": 20, "initial": { "patients": 15 },
                     "service": { "fixed": "5d" }, "next": { "exit": 1 } }
    }
  })");
  // 15 residents with 0 to 5 days to go: 3.75 on average over 10 days.
  const Metrics m = run_one(s);
  CHECK(m["unit.care_home.occupancy_mean"] > 0);
  CHECK(m["unit.care_home.occupancy_mean"] < 7.5);
}

TEST_CASE("`remaining` replaces the length-biased residual", "[services][initial]") {
  const Runs runs = run_many(
      kResidual, 8, {{"/units/ward/initial/remaining", R"({"exponential": {"mean": "2d"}})"}});
  check_mean("remaining stay", runs.column("unit.ward.service_mean_h"), 48);
}

TEST_CASE("today's patients are bound for each route in proportion to its stay",
          "[services][initial]") {
  // Admissions go home after 2 days or to a care home after 18, half each; but a census finds
  // the care-home-bound nine times as often: 0.5 x 18 / (0.5 x 18 + 0.5 x 2) = 0.9.
  const Runs runs = run_many(R"({
    "schema": "flowsim/1", "name": "census", "start": "2026-10-05T00:00", "horizon": "20d",
    "seed": 53,
    "arrivals": { "none": { "to": "medical", "rate": "0/h" } },
    "units": {
      "medical": { "kind": "acute", "capacity": 3000, "initial": { "patients": 2000 },
                   "service": { "fixed": "2d" },
                   "next": [ { "to": "care_home", "p": 0.5, "stay": { "fixed": "18d" } },
                             { "to": "exit", "p": 0.5, "stay": { "fixed": "2d" } } ] },
      "care_home": { "kind": "community", "capacity": "unlimited", "service": { "fixed": "1h" },
                     "next": { "exit": 1 } }
    }
  })",
                             8);
  std::vector<double> share;
  for (size_t r = 0; r < runs.size(); ++r)
    share.push_back(runs[r]["unit.care_home.arrivals"] / 2000);
  check_mean("care-home-bound share of today's patients", share, 0.9);
  // The mixture's residual: (0.5 x 2^2 + 0.5 x 18^2) / (2 x 10) days.
  check_mean("remaining stay", runs.column("unit.medical.service_mean_h"),
             24 * (0.5 * 4 + 0.5 * 324) / 20);
}

TEST_CASE("today's patients in every unit are accounted for", "[services][initial]") {
  // Today's patients everywhere (in beds, queued, fit to leave), today's waiting list, and new
  // arrivals: the model checks conservation itself and throws InternalError if it fails.
  const Scenario s = load(R"({
    "schema": "flowsim/1", "name": "census everywhere", "start": "2026-10-05T00:00",
    "horizon": "30d", "seed": 59,
    "cohorts": { "frailty": {}, "general": {} },
    "arrivals": { "walk_in": { "to": "ed", "rate": "3/h", "cohorts": { "frailty": 0.3, "general": 0.7 } } },
    "units": {
      "ed": { "kind": "ed", "capacity": 8, "initial": { "patients": 8, "queued": 5, "cohorts": { "general": 1 } },
              "service": { "exponential": { "mean": "2h" } },
              "next": { "by_cohort": { "frailty": { "medical": 0.5, "vw": 0.2, "exit": 0.3 },
                                       "general": { "medical": 0.2, "exit": 0.8 } } } },
      "medical": { "kind": "acute", "capacity": 60,
                   "initial": { "patients": 55, "ready_to_leave": 8,
                                "cohorts": { "frailty": 0.4, "general": 0.6 } },
                   "service": { "lognormal": { "mean": "5d", "sd": "4d" } },
                   "step_down": [ { "to": "vw", "eligible": { "frailty": 0.5 } } ],
                   "next": [ { "to": "reablement", "p": 0.2, "pathway": 1 },
                             { "to": "exit", "p": 0.8, "pathway": 0 } ] },
      "reablement": { "kind": "community", "capacity": 12,
                      "initial": { "patients": 12, "cohorts": { "frailty": 1 } },
                      "service": { "exponential": { "mean": "10d" } }, "next": { "exit": 1 } },
      "vw": { "kind": "virtual_ward", "capacity": 10, "pull": true,
              "initial": { "patients": 6, "ready_to_leave": 1, "cohorts": { "frailty": 1 } },
              "service": { "exponential": { "mean": "4d" } },
              "next": { "medical": 0.1, "exit": 0.9 } }
    },
    "electives": {
      "priorities": { "P3": { "target": "13w", "share": 1 } },
      "referrals": { "rate": "20/w", "cohorts": { "general": 1 } },
      "backlog": { "patients": 300, "waited": { "exponential": { "mean": "20w" } } },
      "sessions": [ { "days": "weekdays", "at": "08:30", "cases": 4 } ],
      "day_case": 0.5, "inpatient_ward": "medical"
    }
  })");
  const double today = 8 + 5 + 55 + 12 + 6 + 300;
  for (uint64_t rep = 0; rep < 4; ++rep) {
    INFO("replication " << rep);
    Metrics m;
    REQUIRE_NOTHROW(m = run_one(s, rep));
    CHECK(m["system.arrivals"] + today ==
          m["system.departures"] + m["system.lost"] + m["system.in_system_end"]);
  }
}

// --- costs ------------------------------------------------------------------------------------

// Every kind of unit with a cost, and cancelled operations.
const char* const kCosts = R"({
  "schema": "flowsim/1", "name": "costs", "start": "2026-10-05T00:00",
  "warmup": "5d", "horizon": "40d", "seed": 61,
  "arrivals": { "walk_in": { "to": "ed", "rate": "4/h" } },
  "units": {
    "ed": { "kind": "ed", "capacity": 12, "cost": { "per_patient": 250 },
            "service": { "exponential": { "mean": "2h" } },
            "next": { "medical": 0.15, "vw": 0.05, "sdec": 0.05, "exit": 0.75 } },
    "sdec": { "capacity": "unlimited", "cost": { "per_day": 40, "per_patient": 5 },
              "service": { "exponential": { "mean": "6h" } }, "next": { "exit": 1 } },
    "medical": { "kind": "acute", "capacity": 80, "cost": { "per_day": 415 },
                 "service": { "lognormal": { "mean": "4d", "sd": "3d" } },
                 "next": [ { "to": "reablement", "p": 0.2, "pathway": 1, "assessment": "social_work" },
                           { "to": "exit", "p": 0.8, "pathway": 0 } ] },
    "social_work": { "kind": "assessment", "capacity": 3, "cost": { "per_day": 100 },
                     "service": { "exponential": { "mean": "1d" } } },
    "reablement": { "kind": "community", "capacity": 20, "cost": { "per_day": 60, "per_patient": 100 },
                    "service": { "exponential": { "mean": "10d" } }, "next": { "exit": 1 } },
    "vw": { "kind": "virtual_ward", "capacity": 8, "cost": { "per_day": 86 },
            "service": { "exponential": { "mean": "5d" } }, "next": { "exit": 1 } }
  },
  "electives": {
    "priorities": { "P3": { "target": "13w", "share": 1 } },
    "referrals": { "rate": "40/w" },
    "backlog": { "patients": 500, "waited": { "exponential": { "mean": "20w" } } },
    "sessions": [ { "days": "weekdays", "at": "08:30", "cases": 8 } ],
    "day_case": 0.5, "inpatient_ward": "medical"
  },
  "costs": { "cancelled_operation": 1250 }
})";

TEST_CASE("costs are place-days and patients at their prices, and add up to the total",
          "[services][costs]") {
  const Scenario s = load(kCosts);
  const double days = 35;  // measured
  for (uint64_t rep = 0; rep < 3; ++rep) {
    INFO("replication " << rep);
    const Metrics m = run_one(s, rep);
    auto place_days = [&](const std::string& unit) {
      return m["unit." + unit + ".occupancy_mean"] * days;
    };
    auto entered = [&](const std::string& unit) { return m["unit." + unit + ".entered"]; };
    CHECK(m["cost.ed_gbp"] == Approx(250 * entered("ed")).epsilon(1e-12));
    CHECK(m["cost.acute_gbp"] == Approx(415 * place_days("medical")).epsilon(1e-12));
    CHECK(m["cost.virtual_ward_gbp"] == Approx(86 * place_days("vw")).epsilon(1e-12));
    CHECK(m["cost.virtual_ward_gbp"] == Approx(86 * m["vw.bed_days"]).epsilon(1e-12));
    CHECK(m["cost.community_gbp"] ==
          Approx(60 * place_days("reablement") + 100 * entered("reablement")).epsilon(1e-12));
    CHECK(m["cost.other_gbp"] ==
          Approx(40 * place_days("sdec") + 5 * entered("sdec") + 100 * place_days("social_work"))
              .epsilon(1e-12));
    CHECK(m["cost.cancelled_operations_gbp"] == 1250 * m["elective.cancelled_no_bed"]);
    CHECK(m["cost.total_gbp"] ==
          Approx(m["cost.ed_gbp"] + m["cost.acute_gbp"] + m["cost.virtual_ward_gbp"] +
                 m["cost.community_gbp"] + m["cost.other_gbp"] + m["cost.cancelled_operations_gbp"])
              .epsilon(1e-12));
    CHECK(m["cost.acute_gbp"] > 0);
    CHECK(m["cost.other_gbp"] > 0);
  }
}

TEST_CASE("cost metrics appear only when some cost is given", "[services][costs]") {
  const Metrics none = run_one(kStepUp);
  CHECK_FALSE(none.has("cost.total_gbp"));
  const Metrics one = run_one(kStepUp, {{"/units/vw/cost", R"({"per_patient": 10})"}});
  CHECK(one["cost.total_gbp"] == 10 * one["unit.vw.entered"]);
  CHECK(one["cost.virtual_ward_gbp"] == one["cost.total_gbp"]);
  CHECK(one["cost.cancelled_operations_gbp"] == 0);
}

// --- bank holidays ----------------------------------------------------------------------------

// Arrivals on weekdays and Saturdays only; Wednesday 7 October 2026 is measured.
const char* const kBankHoliday = R"({
  "schema": "flowsim/1", "name": "bank holiday", "start": "2026-10-05T00:00",
  "warmup": "2d", "horizon": "3d", "seed": 67,
  "arrivals": { "in": { "to": "u", "rate": "10/h", "profile": { "weekday": [1, 1, 1, 1, 1, 1, 0] } } },
  "units": { "u": { "capacity": "unlimited", "service": { "fixed": "1h" }, "next": { "exit": 1 } } }
})";

TEST_CASE("a bank holiday takes Sunday's factor of an arrival profile",
          "[services][bank-holidays]") {
  CHECK(run_one(kBankHoliday)["unit.u.arrivals"] > 150);
  CHECK(run_one(kBankHoliday, {{"/bank_holidays", R"(["2026-10-07"])"}})["unit.u.arrivals"] == 0);
  // Sunday's factor of 3 on the bank holiday, with an hour-of-day profile too.
  const Runs runs = run_many(kBankHoliday, 10,
                             {{"/bank_holidays", R"(["2026-12-25", "2026-10-07"])"},
                              {"/arrivals/in/profile/weekday", "[1, 1, 1, 1, 1, 1, 3]"},
                              {"/arrivals/in/profile/hour",
                               "[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, "
                               "1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]"}});
  check_mean("arrivals on the bank holiday", runs.column("unit.u.arrivals"), 10 * 24 * 3);
  // The day after is an ordinary Thursday.
  const Runs thursday =
      run_many(kBankHoliday, 10,
               {{"/bank_holidays", R"(["2026-10-07"])"}, {"/warmup", "3d"}, {"/horizon", "4d"}});
  check_mean("arrivals on the Thursday", thursday.column("unit.u.arrivals"), 10 * 24);
}

TEST_CASE("a bank holiday takes the weekend lines of a capacity schedule",
          "[services][bank-holidays]") {
  const std::vector<Override> closed_at_weekends = {
      {"/units/u/capacity",
       R"({"schedule": [{"capacity": 5}, {"days": "weekends", "capacity": 0}]})"},
      {"/units/u/queue", R"({"limit": 0})"}};
  CHECK(run_one(kBankHoliday, closed_at_weekends)["unit.u.entered"] > 0);
  std::vector<Override> o = closed_at_weekends;
  o.push_back({"/bank_holidays", R"(["2026-10-07"])"});
  o.push_back({"/arrivals/in/profile/weekday", "[1, 1, 1, 1, 1, 1, 1]"});
  const Metrics m = run_one(kBankHoliday, o);
  CHECK(m["unit.u.arrivals"] > 150);
  CHECK(m["unit.u.entered"] == 0);
}

// --- the loader's messages for these keys -----------------------------------------------------
//
// Pinned word for word, as the user sees them: file:line:column: /json/pointer: what is wrong.

namespace {

// Unit "a" beside a virtual ward "vw", in two cohorts: `body` is unit a's object, from line 7,
// column 1.
std::string unit_a(const std::string& body) {
  return R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "10d",
  "population": 200000, "cohorts": { "frailty": {}, "general": {} },
  "arrivals": { "in": { "to": "a", "rate": "2/h", "cohorts": { "frailty": 0.5, "general": 0.5 } }, "community": { "to": "vw", "rate": "1/d", "cohorts": { "frailty": 1 } } },
  "units": { "vw": { "kind": "virtual_ward", "capacity": 5, "service": { "fixed": "1d" }, "next": { "exit": 1 } },
  "a":
)" + body +
         "\n} }";
}

// The start of a virtual ward's object: capacity 10, routes to exit only.
const std::string kVw =
    R"({ "kind": "virtual_ward", "capacity": 10, "service": { "fixed": "1d" }, "next": { "exit": 1 })";
const std::string kAcute =
    R"({ "kind": "acute", "capacity": 10, "service": { "fixed": "1d" }, "next": { "exit": 1 })";

// Electives in two cohorts beside an acute ward "surgical": `body` is the electives object, from
// line 7, column 1.
std::string electives(const std::string& body) {
  return R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "10d",
  "cohorts": { "ortho": {}, "general": {} },
  "arrivals": { "in": { "to": "surgical", "rate": "2/h", "cohorts": { "ortho": 0.5, "general": 0.5 } } },
  "units": { "surgical": { "kind": "acute", "capacity": 5, "service": { "fixed": "1d" }, "next": { "exit": 1 } } },
  "electives":
)" + body +
         "\n}";
}

// A valid electives object's keys, to which a test adds one (they end at column 234).
const std::string kElectiveKeys =
    R"("priorities": { "P1": { "target": "72h", "share": 0.2 }, "P4": { "target": "52w", "share": 0.8 } }, "referrals": { "rate": "10/w", "cohorts": { "ortho": 1 } }, "sessions": [ { "at": "08:30", "cases": 4 } ], "day_case": 1)";

// One unit "a" and the top-level member `member` on line 5.
std::string top_level(const std::string& member) {
  return R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "10d",
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": { "a": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exit": 1 } } },
)" + member +
         "\n}";
}

}  // namespace

TEST_CASE("the virtual-ward keys load as written", "[services][loader]") {
  const Scenario s =
      load(unit_a(kVw + R"(, "pull": true, "staff": { "wte": 2.5, "patients_per_wte": 2.2 } })"));
  const Unit& a = s.units[size_t(s.unit_index("a"))];
  CHECK(a.kind == UnitKind::kVirtualWard);
  CHECK(a.pull);
  CHECK(a.staffed_limit == 5);  // 5.5, rounded down
  CHECK(a.queue_limit == 0);
  CHECK_FALSE(s.units[size_t(s.unit_index("vw"))].pull);
  CHECK(s.units[size_t(s.unit_index("vw"))].staffed_limit == sim::kUnlimited);
}

TEST_CASE("staff and pull belong to virtual wards, and say how to write them",
          "[services][loader]") {
  CHECK(problems(unit_a(kVw + R"(, "staff": { "wte": -1, "patients_per_wte": 5 } })")) ==
        Problems{"test.json:7:114: /units/a/staff/wte: whole-time equivalents must be between 0 "
                 "and 1e+06 (got -1)"});
  CHECK(problems(unit_a(kVw + R"(, "staff": { "wte": 3, "patients_per_wte": 0 } })")) ==
        Problems{"test.json:7:137: /units/a/staff/patients_per_wte: patients per whole-time "
                 "equivalent must be between 0.01 and 10000 (got 0)"});
  // A missing key is one problem, not two (reading it anyway was undefined behaviour).
  CHECK(problems(unit_a(kVw + R"(, "staff": { "wte": 3 } })")) ==
        Problems{"test.json:7:105: /units/a/staff: staffing, e.g. {\"wte\": 30, "
                 "\"patients_per_wte\": 5} needs \"patients_per_wte\""});
  CHECK(problems(unit_a(kVw + R"(, "staff": { "wte": 3, "patients_per_wt": 2 } })")) ==
        Problems{"test.json:7:105: /units/a/staff: staffing, e.g. {\"wte\": 30, "
                 "\"patients_per_wte\": 5} needs \"patients_per_wte\"",
                 "test.json:7:117: /units/a/staff/patients_per_wt: unknown key \"patients_per_wt\" "
                 "in staffing, e.g. {\"wte\": 30, \"patients_per_wte\": 5}; did you mean "
                 "\"patients_per_wte\"?"});
  CHECK(problems(unit_a(kVw + R"(, "staff": 5 })")) ==
        Problems{"test.json:7:105: /units/a/staff: staffing, e.g. {\"wte\": 30, "
                 "\"patients_per_wte\": 5} must be an object {...} (got a number 5)"});
  CHECK(problems(unit_a(kAcute + R"(, "staff": { "wte": 3, "patients_per_wte": 2 } })")) ==
        Problems{"test.json:7:89: /units/a/staff: \"staff\" belongs to units of kind "
                 "\"virtual_ward\"; this unit's kind is \"acute\""});
  CHECK(problems(unit_a(kAcute + R"(, "pull": true })")) ==
        Problems{"test.json:7:89: /units/a/pull: \"pull\" belongs to units of kind "
                 "\"virtual_ward\"; this unit's kind is \"acute\""});
  CHECK(
      problems(unit_a(
          R"({ "capacity": 10, "service": { "fixed": "1d" }, "next": { "exit": 1 }, "pull": true })")) ==
      Problems{"test.json:7:72: /units/a/pull: \"pull\" belongs to units of kind "
               "\"virtual_ward\"; this unit's kind is \"general\""});
  CHECK(problems(unit_a(kVw + R"(, "pull": "yes" })")) ==
        Problems{"test.json:7:104: /units/a/pull: is true (fill free places from eligible ward "
                 "patients) or false (wait for referrals) (got \"yes\")"});
}

TEST_CASE("step-down rules are checked, one message for each problem", "[services][loader]") {
  CHECK(problems(unit_a(kAcute + R"(, "step_down": [ { "eligible": { "frailty": 0.5 } } ] })")) ==
        Problems{"test.json:7:104: /units/a/step_down/0: a step-down rule needs \"to\""});
  CHECK(problems(unit_a(kAcute + R"(, "step_down": [ { "to": "vw" } ] })")) ==
        Problems{"test.json:7:104: /units/a/step_down/0: a step-down rule needs \"eligible\""});
  CHECK(
      problems(unit_a(
          kAcute +
          R"(, "step_down": [ { "to": "vw", "eligible": { "frail": 0.5 }, "after": 1.5 } ] })")) ==
      Problems{"test.json:7:132: /units/a/step_down/0/eligible/frail: no cohort is called "
               "\"frail\"; did you mean \"frailty\"?",
               "test.json:7:157: /units/a/step_down/0/after: the share of the acute stage spent "
               "before step-down (0 to 1) must be between 0 and 1 (got 1.5)"});
  CHECK(problems(unit_a(
            kVw + R"(, "step_down": [ { "to": "vw", "eligible": { "frailty": 0.5 } } ] })")) ==
        Problems{"test.json:7:96: /units/a/step_down: \"step_down\" belongs to units of kind "
                 "\"acute\"; this unit's kind is \"virtual_ward\""});
}

TEST_CASE("today's patients must fit the unit and have somewhere to wait for",
          "[services][loader]") {
  const std::string frail = R"("cohorts": { "frailty": 1 })";
  CHECK(problems(unit_a(kVw + R"(, "initial": { "patients": 11, )" + frail + " } }")) ==
        Problems{"test.json:7:121: /units/a/initial/patients: more patients than the unit has "
                 "places (10)"});
  CHECK(
      problems(unit_a(
          R"({ "kind": "virtual_ward", "capacity": { "per_100k": 2 }, "service": { "fixed": "1d" }, "next": { "exit": 1 }, "initial": { "patients": 6, )" +
          frail + " } }")) ==
      Problems{"test.json:7:136: /units/a/initial/patients: more patients than the unit has "
               "places (4)"});
  // The places are what the staff can look after, when fewer than the beds: the message said
  // the beds (10), and an unlimited ward with a staff limit was not checked at all.
  CHECK(
      problems(unit_a(
          kVw + R"(, "staff": { "wte": 2, "patients_per_wte": 2 }, "initial": { "patients": 6, )" +
          frail + " } }")) ==
      Problems{"test.json:7:167: /units/a/initial/patients: more patients than the unit has "
               "places (4, as many as its staff can look after)"});
  CHECK(
      problems(unit_a(
          R"({ "kind": "virtual_ward", "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 }, "staff": { "wte": 2, "patients_per_wte": 2 }, "initial": { "patients": 6, )" +
          frail + " } }")) ==
      Problems{"test.json:7:176: /units/a/initial/patients: more patients than the unit has "
               "places (4, as many as its staff can look after)"});
  CHECK(
      problems(unit_a(
          R"({ "capacity": 10, "service": { "fixed": "1d" }, "next": { "vw": 1 }, "initial": { "patients": 3, "ready_to_leave": 4, )" +
          frail + " } }")) ==
      Problems{"test.json:7:116: /units/a/initial/ready_to_leave: more patients ready to leave "
               "than \"patients\" in the unit (3)"});
  CHECK(problems(unit_a(kVw + R"(, "initial": { "patients": 3, "ready_to_leave": 2, )" + frail +
                        " } }")) ==
        Problems{"test.json:7:142: /units/a/initial/ready_to_leave: patients ready to leave wait "
                 "for another unit, but every route from this unit goes to \"exit\""});
  // Those ready to leave are of today's cohorts with a route to a unit: there must be one. It
  // used to pass when a cohort not among today's patients had such a route.
  const std::string by_cohort =
      R"({ "capacity": 10, "service": { "fixed": "1d" }, "next": { "by_cohort": { "frailty": { "exit": 1 }, "general": { "vw": 1 } } }, "initial": { "patients": 3, "ready_to_leave": 2, )";
  CHECK(problems(unit_a(by_cohort + frail + " } }")) ==
        Problems{"test.json:7:174: /units/a/initial/ready_to_leave: patients ready to leave wait "
                 "for another unit, but every route of today's patients' cohort \"frailty\" from "
                 "this unit goes to \"exit\""});
  CHECK(problems(unit_a(by_cohort + R"("cohorts": { "frailty": 0.5, "general": 0.5 } } })")) ==
        Problems{"(none: the scenario loaded)"});
  CHECK(problems(
            unit_a(kAcute + R"(, "initial": { "patients": 3, "queued": 2, )" + frail + " } }")) ==
        Problems{"test.json:7:127: /units/a/initial/queued: more patients queued than the queue's "
                 "limit (0); a unit of kind \"acute\" has no queue unless \"queue\" gives a "
                 "\"limit\""});
  CHECK(
      problems(unit_a(
          R"({ "capacity": 10, "queue": { "limit": 1 }, "service": { "fixed": "1d" }, "next": { "exit": 1 }, "initial": { "patients": 3, "queued": 2, )" +
          frail + " } }")) ==
      Problems{"test.json:7:135: /units/a/initial/queued: more patients queued than the queue's "
               "limit (1)"});
  // It said "an arrival stream needs \"cohorts\"".
  CHECK(problems(unit_a(kVw + R"(, "initial": { "patients": 3 } })")) ==
        Problems{"test.json:7:107: /units/a/initial: with several cohorts, today's patients need "
                 "\"cohorts\": the share of each, adding to 1"});
  CHECK(problems(unit_a(kVw + R"(, "initial": { "patient": 3, )" + frail + " } }")) ==
        Problems{"test.json:7:109: /units/a/initial/patient: unknown key \"patient\" in today's "
                 "patients; did you mean \"patients\"?"});
}

TEST_CASE("the electives' keys are checked, one message for each problem", "[services][loader]") {
  CHECK(problems(electives("{}")) ==
        Problems{"test.json:7:1: /electives: the elective waiting list needs \"priorities\"",
                 "test.json:7:1: /electives: the elective waiting list needs \"referrals\"",
                 "test.json:7:1: /electives: the elective waiting list needs \"sessions\"",
                 "test.json:7:1: /electives: inpatient cases need \"inpatient_ward\": the unit "
                 "whose bed they take (or make every case a day case with \"day_case\": 1)"});
  CHECK(problems(electives("{ " + kElectiveKeys + " }")) ==
        Problems{"(none: the scenario loaded)"});
  CHECK(
      problems(electives(
          R"({ "priorities": { "P1": { "target": "72h", "share": 0.2 }, "P4": { "target": "52w", "share": 0.7 } }, "referrals": { "rate": "10/w", "cohorts": { "ortho": 1 } }, "sessions": [ { "at": "08:30", "cases": 4 } ], "day_case": 1 })")) ==
      Problems{"test.json:7:17: /electives/priorities: priority shares must add up to 1 (they "
               "add up to 0.9)"});
  // One message for a missing key (reading it anyway was undefined behaviour and said "got
  // something else"), and no total of shares that could not all be read.
  CHECK(
      problems(electives(
          R"({ "priorities": { "P1": { "share": 1 }, "P2": { "target": "4w" } }, "referrals": { "rate": "10/w", "cohorts": { "ortho": 1 } }, "sessions": [ { "at": "08:30", "cases": 4 } ], "day_case": 1 })")) ==
      Problems{"test.json:7:25: /electives/priorities/P1: a clinical priority, e.g. {\"target\": "
               "\"4w\", \"share\": 0.1} needs \"target\"",
               "test.json:7:47: /electives/priorities/P2: a clinical priority, e.g. {\"target\": "
               "\"4w\", \"share\": 0.1} needs \"share\""});
  CHECK(
      problems(electives(
          R"({ "priorities": {}, "referrals": { "rate": "10/w", "cohorts": { "ortho": 1 } }, "sessions": [ { "at": "08:30", "cases": 4 } ], "day_case": 1 })")) ==
      Problems{"test.json:7:17: /electives/priorities: name at least one priority, e.g. "
               "{\"P2\": {\"target\": \"4w\", \"share\": 1}}"});
  CHECK(
      problems(electives(
          R"({ "priorities": { "P1": { "target": "72h", "share": 1 } }, "referrals": { "rate": "10/w", "cohorts": { "ortho": 1 } }, "sessions": [ { "at": "08:30", "cases": 4 } ], "day_case": 0.8 })")) ==
      Problems{"test.json:7:1: /electives: inpatient cases need \"inpatient_ward\": the unit "
               "whose bed they take (or make every case a day case with \"day_case\": 1)"});
  // A day_case that could not be read says nothing of inpatients.
  CHECK(
      problems(electives(
          R"({ "priorities": { "P1": { "target": "72h", "share": 1 } }, "referrals": { "rate": "10/w", "cohorts": { "ortho": 1 } }, "sessions": [ { "at": "08:30", "cases": 4 } ], "day_case": 1.5 })")) ==
      Problems{"test.json:7:179: /electives/day_case: the share treated as day cases must be "
               "between 0 and 1 (got 1.5)"});
  CHECK(problems(electives("{ " + kElectiveKeys + R"(, "inpatient_ward": "exit" })")) ==
        Problems{"test.json:7:243: /electives/inpatient_ward: inpatient cases need a ward, not "
                 "\"exit\""});
  CHECK(problems(electives("{ " + kElectiveKeys + R"(, "inpatient_ward": "surgcal" })")) ==
        Problems{"test.json:7:243: /electives/inpatient_ward: no unit is called \"surgcal\"; did "
                 "you mean \"surgical\"?"});
  // It said "an arrival stream needs \"cohorts\"".
  CHECK(
      problems(electives(
          R"({ "priorities": { "P1": { "target": "72h", "share": 1 } }, "referrals": { "rate": "10/w" }, "sessions": [ { "at": "08:30", "cases": 4 } ], "day_case": 1 })")) ==
      Problems{"test.json:7:73: /electives/referrals: with several cohorts, elective referrals "
               "need \"cohorts\": the share of each, adding to 1"});
  CHECK(problems(electives("{ " + kElectiveKeys + R"(, "backlog": { "patients": -5 } })")) ==
        Problems{"test.json:7:236: /electives/backlog: today's waiting list, e.g. {\"patients\": "
                 "9000, \"waited\": {\"exponential\": {\"mean\": \"20w\"}}} needs \"waited\"",
                 "test.json:7:250: /electives/backlog/patients: patients must be between 0 and "
                 "10000000 (got -5)"});
  CHECK(
      problems(electives("{ " + kElectiveKeys +
                         R"(, "cancelled": [ { "from": "2026-12-24", "to": "2026-12-01" } ] })")) ==
      Problems{"test.json:7:270: /electives/cancelled/0/to: the dates end before they begin"});
}

TEST_CASE("theatre sessions need a time within the day and a number of cases",
          "[services][loader]") {
  auto sessions = [](const std::string& list) {
    return electives(
        R"({ "priorities": { "P1": { "target": "72h", "share": 1 } }, "referrals": { "rate": "10/w", "cohorts": { "ortho": 1 } }, "sessions": )" +
        list + R"(, "day_case": 1 })");
  };
  CHECK(problems(sessions(R"([ { "at": "25:00", "cases": 4 } ])")) ==
        Problems{"test.json:7:142: /electives/sessions/0/at: \"25:00\" is not a time of day; "
                 "write it as HH:MM, e.g. \"08:30\""});
  // It said "a session starts before midnight".
  CHECK(problems(sessions(R"([ { "at": "24:00", "cases": 4 } ])")) ==
        Problems{"test.json:7:142: /electives/sessions/0/at: a session starts within its day, "
                 "from \"00:00\" to \"23:59\" (got \"24:00\", the end of the day)"});
  CHECK(problems(sessions(R"([ { "at": "8:30", "cases": 0, "days": ["mon", "funday"] } ])")) ==
        Problems{"test.json:7:142: /electives/sessions/0/at: \"8:30\" is not a time of day; write "
                 "it as HH:MM, e.g. \"08:30\"",
                 "test.json:7:159: /electives/sessions/0/cases: cases (operations across the "
                 "day's theatres) must be between 1 and 100000 (got 0)",
                 "test.json:7:178: /electives/sessions/0/days/1: a day is one of mon, tue, wed, "
                 "thu, fri, sat, sun (got \"funday\")"});
  CHECK(problems(sessions("[]")) ==
        Problems{"test.json:7:132: /electives/sessions: is a list of theatre sessions, e.g. "
                 "[{\"days\": \"weekdays\", \"at\": \"08:30\", \"cases\": 12}]"});
  CHECK(problems(sessions(R"([ { "cases": 3 } ])")) ==
        Problems{"test.json:7:134: /electives/sessions/0: a theatre session needs \"at\""});
}

TEST_CASE("mutual aid needs a number a week and a wait", "[services][loader]") {
  CHECK(problems(electives("{ " + kElectiveKeys + R"(, "mutual_aid": { "per_week": 10 } })")) ==
        Problems{"test.json:7:239: /electives/mutual_aid: mutual aid, e.g. {\"per_week\": 10, "
                 "\"after\": \"52w\"} needs \"after\""});
  CHECK(problems(electives("{ " + kElectiveKeys +
                           R"(, "mutual_aid": { "per_week": -1, "after": 52 } })")) ==
        Problems{"test.json:7:253: /electives/mutual_aid/per_week: patients a week must be "
                 "between 0 and 1000000 (got -1)",
                 "test.json:7:266: /electives/mutual_aid/after: a bare number is not a duration; "
                 "write it with a unit, e.g. \"52h\" or \"52d\" (units s, min, h, d, w)"});
}

TEST_CASE("costs are pounds, under the keys the reference names", "[services][loader]") {
  CHECK(problems(unit_a(kVw + R"(, "cost": { "per_bed_day": 10 } })")) ==
        Problems{"test.json:7:106: /units/a/cost/per_bed_day: unknown key \"per_bed_day\" in a "
                 "unit's cost; expected one of: per_day, per_patient"});
  CHECK(problems(unit_a(kVw + R"(, "cost": { "per_day": -10, "per_patient": "5" } })")) ==
        Problems{"test.json:7:117: /units/a/cost/per_day: a cost in pounds per occupied place-day "
                 "must be between 0 and 1e+07 (got -10)",
                 "test.json:7:137: /units/a/cost/per_patient: a cost in pounds per patient must be "
                 "a number (got a string \"5\")"});
  CHECK(problems(top_level(R"(  "costs": { "cancelled_operations": 1250 })")) ==
        Problems{"test.json:5:14: /costs/cancelled_operations: unknown key "
                 "\"cancelled_operations\" in costs; did you mean \"cancelled_operation\"?"});
  CHECK(problems(top_level(R"(  "costs": { "cancelled_operation": -1 })")) ==
        Problems{"test.json:5:37: /costs/cancelled_operation: a cost in pounds must be between 0 "
                 "and 1e+09 (got -1)"});
  CHECK(problems(top_level(R"(  "costs": 1250)")) ==
        Problems{"test.json:5:12: /costs: costs must be an object {...} (got a number 1250)"});
}

TEST_CASE("bank holidays are a list of dates that exist", "[services][loader]") {
  CHECK(problems(top_level(R"(  "bank_holidays": [ "2026-02-30", "25/12/2026", 20261225 ])")) ==
        Problems{"test.json:5:22: /bank_holidays/0: \"2026-02-30\" is not a date that exists",
                 "test.json:5:36: /bank_holidays/1: \"25/12/2026\" is not a date; write it as "
                 "YYYY-MM-DD, e.g. \"2026-10-05\"",
                 "test.json:5:50: /bank_holidays/2: must be a string (got a number 20261225)"});
  CHECK(problems(top_level(R"(  "bank_holidays": "2026-12-25")")) ==
        Problems{"test.json:5:20: /bank_holidays: is a list of dates, e.g. [\"2026-12-25\", "
                 "\"2026-12-28\"]"});
  const Scenario s = load(top_level(R"(  "bank_holidays": [ "2026-12-28", "2026-12-25" ])"));
  REQUIRE(s.bank_holidays.size() == 2);
  CHECK(s.bank_holidays[0] == sim::parse_date("2026-12-25"));  // sorted
}

}  // namespace flowsim::models
