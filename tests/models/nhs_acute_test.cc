// Tests for the NHS mechanisms of models/flow_model.h around A&E and the acute wards, as the
// scenario reference documents them: ambulance handover, triage acuity, priority by acuity,
// patience, boarding, the 4- and 12-hour measures, when_full instead, the two-stage acute stay
// and NCTR, stays by route, assessments held in place, discharge hours, weekend discharge, bank
// holidays, escalation beds, outliers, discharge pathways and the occupancy measures; and the
// loader's errors for their keys.
//
// Two kinds of test:
//  - exact: "gate" units open for one minute at a set time of day (a capacity schedule), so that
//    the patients waiting at the gate all start then; with fixed stays every later instant is
//    known, and so is every metric. Gate arrival streams are fast (60/h), so a gate always has a
//    full queue when it opens.
//  - statistical: against queueing theory (Erlang A, B and C, Cobham's priority queue, small
//    Markov chains, Little's law), with pinned seeds. Each passes when |simulated mean - theory|
//    <= max(kCiFactor x the 95% confidence interval's half-width over the replications, a small
//    epsilon stated beside it), as in validation_test.cc. To check that they also pass on other
//    seeds, set FLOWSIM_VALIDATION_SEED.
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
using testing::erlang_c;
using testing::Metrics;
using testing::Problems;
using testing::problems;

// --- running ------------------------------------------------------------------------------------

// The seed of the statistical tests: the scenario's own, or FLOWSIM_VALIDATION_SEED.
void reseed(Scenario& s) {
  if (const char* seed = std::getenv("FLOWSIM_VALIDATION_SEED"))
    s.seed = std::strtoull(seed, nullptr, 10);
}

Scenario load(const std::string& text, const std::vector<Override>& overrides = {}) {
  Scenario s = load_scenario_text("nhs_acute_test.json", text, overrides).variants.front().scenario;
  reseed(s);
  return s;
}

Metrics run_one(const std::string& text, const std::vector<Override>& overrides = {}) {
  const Scenario s = load(text, overrides);
  return Metrics{metric_names(s), run_replication(s, 0)};
}

ExperimentResult run(const std::string& text, int replications) {
  RunOptions options;
  options.replications = replications;
  options.threads = 2;
  if (const char* seed = std::getenv("FLOWSIM_VALIDATION_SEED"))
    options.seed = std::strtoull(seed, nullptr, 10);
  return run_experiment(load_scenario_text("nhs_acute_test.json", text), options);
}

const VariantResult& variant(const ExperimentResult& r, const std::string& name) {
  for (const auto& v : r.variants)
    if (v.name == name) return v;
  FAIL("no variant " << name);
  throw std::logic_error("unreachable");
}

// The metric's value in each replication.
std::vector<double> column(const VariantResult& v, const std::string& name) {
  const auto it = std::find(v.metric_names.begin(), v.metric_names.end(), name);
  if (it == v.metric_names.end()) FAIL("no metric " << name);
  std::vector<double> out;
  for (const auto& row : v.values) out.push_back(row[size_t(it - v.metric_names.begin())]);
  return out;
}

void check_metric(const VariantResult& v, const std::string& name, double theory, double epsilon) {
  check_mean(v.name + " " + name, column(v, name), theory, epsilon);
}

// A gate: closed but for the minute from `at`, when `n` places open for the n patients waiting in
// its queue; they all start then and leave `service` later by `next`.
std::string gate(int n, const std::string& at, const std::string& until, const std::string& service,
                 const std::string& next) {
  const std::string cap = std::to_string(n);
  return R"({ "capacity": { "schedule": [ { "capacity": 0 }, { "from": ")" + at + R"(", "to": ")" +
         until + R"(", "capacity": )" + cap + R"( } ] }, "queue": { "limit": )" + cap +
         R"( }, "service": { "fixed": ")" + service + R"(" }, "next": )" + next + " }";
}

// --- queueing theory, written out here independently of models/ -------------------------------

// The stationary distribution of a continuous-time Markov chain with generator q (rows add to 0):
// pi q = 0 and sum pi = 1, by Gaussian elimination on the transposed system with one balance
// equation replaced by the normalisation.
std::vector<double> stationary(std::vector<std::vector<double>> q) {
  const size_t n = q.size();
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) a[i][j] = q[j][i];
  for (size_t j = 0; j < n; ++j) a[n - 1][j] = 1.0;
  a[n - 1][n] = 1.0;
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < n; ++r)
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    std::swap(a[col], a[pivot]);
    for (size_t r = 0; r < n; ++r) {
      if (r == col) continue;
      const double f = a[r][col] / a[col][col];
      for (size_t k = col; k <= n; ++k) a[r][k] -= f * a[col][k];
    }
  }
  std::vector<double> pi(n);
  for (size_t i = 0; i < n; ++i) pi[i] = a[i][n] / a[i][i];
  return pi;
}

// M/M/c/c: the truncated Poisson distribution of the places occupied, P(n) ~ a^n / n!.
std::vector<double> truncated_poisson(int c, double a) {
  std::vector<double> p(size_t(c) + 1);
  double term = 1.0, total = 0.0;
  for (int n = 0; n <= c; ++n) {
    if (n > 0) term *= a / n;
    p[size_t(n)] = term;
    total += term;
  }
  for (double& x : p) x /= total;
  return p;
}

// Erlang A (M/M/c+M): c servers at rate mu, exponential patience at rate theta, an unlimited
// queue. A birth-death chain, truncated where its probabilities vanish. Returns {mean queue
// length, probability of abandoning}.
struct ErlangA {
  double queue_mean, p_abandon;
};
ErlangA erlang_a(int c, double lambda, double mu, double theta) {
  std::vector<double> p = {1.0};
  for (int n = 1; n < 2000; ++n) {
    const double death = std::min(n, c) * mu + std::max(n - c, 0) * theta;
    p.push_back(p.back() * lambda / death);
  }
  double total = 0, queue = 0;
  for (size_t n = 0; n < p.size(); ++n) {
    total += p[n];
    queue += double(std::max(int(n) - c, 0)) * p[n];
  }
  queue /= total;
  return {queue, theta * queue / lambda};
}

// --- loader problems ----------------------------------------------------------------------------

}  // namespace

// ================================================================================================
// A&E
// ================================================================================================

TEST_CASE("an ambulance patient who finds a free cubicle is handed over at once", "[nhs][ed]") {
  const char* const text = R"({
    "schema": "flowsim/1", "name": "handover", "start": "2026-10-05T00:00",
    "warmup": "1d", "horizon": "11d",
    "arrivals": { "ambulance": { "to": "ed", "rate": "3/h", "ambulance": true } },
    "units": { "ed": { "kind": "ed", "capacity": "unlimited",
                       "service": { "exponential": { "mean": "2h" } }, "next": { "exit": 1 } } }
  })";
  const Metrics free = run_one(text);
  CHECK(free["ed.attendances"] > 600);
  CHECK(free["ed.handover_mean_min"] == 0);
  CHECK(free["ed.handover_over_60min"] == 0);

  // With too few cubicles every ambulance patient's handover is their wait for one, to the
  // millisecond: the same figure as the unit's wait, in minutes.
  const Metrics busy = run_one(text, {{"/units/ed/capacity", "7"}});
  CHECK(busy["unit.ed.wait_mean_h"] > 0.1);
  CHECK(busy["ed.handover_mean_min"] == Approx(60 * busy["unit.ed.wait_mean_h"]).epsilon(1e-9));
  CHECK(busy["ed.handover_over_60min"] > 0);
}

TEST_CASE("ambulance handover counts ambulance patients only, and waits by acuity as Cobham says",
          "[nhs][ed]") {
  // 3 cubicles, exponential treatment of mean 1h, a priority queue. Walk-ins (0.9/h) are acuity
  // 1, ambulances (1.5/h) acuity 5: load 2.4 erlangs. Non-preemptive priority in M/M/c with one
  // service rate (Cobham): the class-k wait is C(c, a) / (c mu (1 - s_{k-1}) (1 - s_k)), s_k the
  // load share of classes 1..k. The handover is the ambulances' wait alone; all patients together
  // wait as under fifo, C / (c mu - lambda) (the conservation law).
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "Cobham", "start": "2026-10-05T00:00",
    "warmup": "5d", "horizon": "205d", "seed": 31,
    "arrivals": {
      "walk_in": { "to": "ed", "rate": "0.9/h", "acuity": { "1": 1 } },
      "ambulance": { "to": "ed", "rate": "1.5/h", "ambulance": true, "acuity": { "5": 1 } } },
    "units": { "ed": { "kind": "ed", "capacity": 3, "queue": { "discipline": "priority" },
                       "service": { "exponential": { "mean": "1h" } }, "next": { "exit": 1 } } },
    "interventions": {
      "ambulances_urgent": { "patch": { "arrivals": {
        "walk_in": { "acuity": { "1": null, "5": 1 } },
        "ambulance": { "acuity": { "1": 1, "5": null } } } } },
      "fifo": { "patch": { "units": { "ed": { "queue": { "discipline": "fifo" } } } } }
    }
  })",
                                 40);
  const int c = 3;
  const double mu = 1.0, lambda = 2.4, C = erlang_c(c, lambda / mu);
  auto wait = [&](double s_before, double s_upto) {
    return C / (c * mu * (1 - s_before) * (1 - s_upto));
  };
  const double fifo_wait = C / (c * mu - lambda);
  // Ambulances last: s_1 = 0.9/3, s_5 = 2.4/3. Ambulances first: s_1 = 1.5/3.
  check_metric(variant(r, "baseline"), "ed.handover_mean_min", 60 * wait(0.3, 0.8), 0.0);
  check_metric(variant(r, "ambulances_urgent"), "ed.handover_mean_min", 60 * wait(0.0, 0.5), 0.0);
  check_metric(variant(r, "fifo"), "ed.handover_mean_min", 60 * fifo_wait, 0.0);
  // Under fifo an ambulance waits more than an hour with probability C exp(-(c mu - lambda) 1h),
  // and ambulances come at 1.5/h over the 4,800 measured hours.
  check_metric(variant(r, "fifo"), "ed.handover_over_60min",
               1.5 * (r.horizon_h - r.warmup_h) * C * std::exp(-(c * mu - lambda)), 0.0);
  for (const auto& v : r.variants) check_metric(v, "unit.ed.wait_mean_h", fifo_wait, 0.0);
}

TEST_CASE("ambulance patients never leave unseen; walk-ins do", "[nhs][ed]") {
  // Fixed patience of 2.5h, one cubicle, five patients handed in at 02:00 (see the gate):
  // the fourth and fifth would wait 3h and 4h, so walk-ins leave at 04:30 and ambulances stay.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "patience", "start": "2026-10-05T00:00", "horizon": "8h",
    "arrivals": { "in": { "to": "gate", "rate": "60/h" } },
    "units": {
      "gate": )" + gate(5, "01:00", "01:01", "1h", R"({ "ed": 1 })") +
                           R"(,
      "ed": { "kind": "ed", "capacity": 1, "service": { "fixed": "1h" },
              "patience": { "fixed": "2.5h" }, "next": { "exit": 1 } }
    }
  })";
  const Metrics walk_in = run_one(text);
  CHECK(walk_in["ed.left_without_being_seen"] == 2);
  const Metrics ambulance = run_one(text, {{"/arrivals/in/ambulance", "true"}});
  CHECK(ambulance["ed.left_without_being_seen"] == 0);
  CHECK(ambulance["unit.ed.left_unseen"] == 0);
  CHECK(ambulance["unit.ed.entered"] == 5);  // 02:00 to 07:00

  // Straight from an ambulance stream: a patience of 10 minutes, waits of over an hour, and
  // still nobody leaves.
  const Metrics stream = run_one(R"({
    "schema": "flowsim/1", "name": "ambulances", "start": "2026-10-05T00:00",
    "warmup": "1d", "horizon": "31d",
    "arrivals": { "ambulance": { "to": "ed", "rate": "0.9/h", "ambulance": true } },
    "units": { "ed": { "kind": "ed", "capacity": 1, "service": { "exponential": { "mean": "1h" } },
                       "patience": { "fixed": "10min" }, "next": { "exit": 1 } } }
  })");
  CHECK(stream["ed.handover_mean_min"] > 60);
  CHECK(stream["ed.handover_over_60min"] > 100);
  CHECK(stream["ed.left_without_being_seen"] == 0);
}

TEST_CASE("patients leave unseen when a fixed patience runs out, counted exactly", "[nhs][ed]") {
  // Five patients reach A&E (one cubicle, 1h each) at 02:00. With a patience of 2.5h the first
  // three are seen at 02:00, 03:00 and 04:00; the last two leave unseen at 04:30.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "patience", "start": "2026-10-05T00:00", "horizon": "7h",
    "arrivals": { "in": { "to": "gate", "rate": "60/h" } },
    "units": {
      "gate": )" + gate(5, "01:00", "01:01", "1h", R"({ "ed": 1 })") +
                           R"(,
      "ed": { "kind": "ed", "capacity": 1, "service": { "fixed": "1h" },
              "patience": { "fixed": "2.5h" }, "next": { "exit": 1 } }
    }
  })";
  const Metrics m = run_one(text);
  CHECK(m["ed.attendances"] == 5);
  CHECK(m["ed.left_without_being_seen"] == 2);
  CHECK(m["unit.ed.left_unseen"] == 2);
  CHECK(m["unit.ed.entered"] == 3);
  CHECK(m["unit.ed.wait_mean_h"] == Approx(1.0));  // 0, 1 and 2h for those seen
  // Patients who leave unseen leave A&E: 1, 2 and 3h for those seen, 2.5h for the other two.
  CHECK(m["ed.time_in_department_mean_h"] == Approx((1 + 2 + 3 + 2.5 + 2.5) / 5));
  CHECK(m["ed.within_4h_pct"] == 100);

  // With a patience of exactly 3h, the fourth patient's patience ends at 05:00, the instant the
  // cubicle frees: the cubicle goes to the patient already waiting (departures come before
  // patience running out), and only the fifth leaves. The fourth leaves A&E at 06:00, exactly 4h
  // after arriving, which is within 4 hours.
  const Metrics at_instant = run_one(text, {{"/units/ed/patience/fixed", "3h"}});
  CHECK(at_instant["ed.left_without_being_seen"] == 1);
  CHECK(at_instant["unit.ed.entered"] == 4);
  CHECK(at_instant["ed.time_in_department_mean_h"] == Approx((1 + 2 + 3 + 4 + 3) / 5.0));
  CHECK(at_instant["ed.within_4h_pct"] == 100);
}

TEST_CASE("leaving unseen matches the Erlang A model (M/M/c+M)", "[nhs][ed]") {
  // 2 cubicles, 3 arrivals an hour, treatment of mean 1h, patience of mean 30min: overloaded,
  // held in check by the patients who leave.
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "Erlang A", "start": "2026-10-05T00:00",
    "warmup": "2d", "horizon": "102d", "seed": 32,
    "arrivals": { "in": { "to": "ed", "rate": "3/h" } },
    "units": { "ed": { "kind": "ed", "capacity": 2, "service": { "exponential": { "mean": "1h" } },
                       "patience": { "exponential": { "mean": "30min" } }, "next": { "exit": 1 } } }
  })",
                                 30);
  const VariantResult& v = variant(r, "baseline");
  const ErlangA theory = erlang_a(2, 3.0, 1.0, 2.0);
  const auto left = column(v, "unit.ed.left_unseen"), arrivals = column(v, "unit.ed.arrivals"),
             lwbs = column(v, "ed.left_without_being_seen");
  std::vector<double> share;
  for (size_t i = 0; i < left.size(); ++i) {
    share.push_back(left[i] / arrivals[i]);
    CHECK(lwbs[i] == left[i]);
  }
  check_mean("share leaving unseen", share, theory.p_abandon, 0.0);
  check_metric(v, "unit.ed.queue_mean", theory.queue_mean, 0.0);
}

TEST_CASE("triage acuity is drawn from the stream's shares", "[nhs][ed]") {
  // Treatment is 5h, except 1h for one acuity level per variant: the share leaving within 4 hours
  // is then that level's share of patients.
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "acuity", "start": "2026-10-05T00:00",
    "warmup": "1d", "horizon": "15d", "seed": 33,
    "arrivals": { "in": { "to": "ed", "rate": "20/h",
                          "acuity": { "1": 0.05, "2": 0.15, "3": 0.4, "4": 0.3, "5": 0.1 } } },
    "units": { "ed": { "kind": "ed", "capacity": "unlimited",
                       "service": { "by_acuity": { "*": { "fixed": "5h" } } }, "next": { "exit": 1 } } },
    "interventions": {
      "level1": { "patch": { "units": { "ed": { "service": { "by_acuity": { "1": { "fixed": "1h" } } } } } } },
      "level2": { "patch": { "units": { "ed": { "service": { "by_acuity": { "2": { "fixed": "1h" } } } } } } },
      "level3": { "patch": { "units": { "ed": { "service": { "by_acuity": { "3": { "fixed": "1h" } } } } } } },
      "level4": { "patch": { "units": { "ed": { "service": { "by_acuity": { "4": { "fixed": "1h" } } } } } } },
      "level5": { "patch": { "units": { "ed": { "service": { "by_acuity": { "5": { "fixed": "1h" } } } } } } }
    }
  })",
                                 20);
  CHECK(column(variant(r, "baseline"), "ed.within_4h_pct") == std::vector<double>(20, 0.0));
  const double shares[] = {0.05, 0.15, 0.4, 0.3, 0.1};
  for (int level = 1; level <= 5; ++level) {
    check_metric(variant(r, "level" + std::to_string(level)), "ed.within_4h_pct",
                 100 * shares[level - 1], 0.0);
  }
}

TEST_CASE("treatment time depends on acuity; patients not triaged take * or level 3", "[nhs][ed]") {
  const char* const text = R"({
    "schema": "flowsim/1", "name": "service by acuity", "start": "2026-10-05T00:00",
    "horizon": "5d",
    "arrivals": { "in": { "to": "ed", "rate": "2/h", "acuity": { "2": 1 } } },
    "units": { "ed": { "kind": "ed", "capacity": "unlimited",
                       "service": { "by_acuity": { "1": { "fixed": "1h" }, "2": { "fixed": "2h" },
                                                   "3": { "fixed": "3h" }, "4": { "fixed": "4h" },
                                                   "5": { "fixed": "5h" } } },
                       "next": { "exit": 1 } } }
  })";
  CHECK(run_one(text)["unit.ed.service_mean_h"] == Approx(2.0));
  CHECK(run_one(text, {{"/arrivals/in/acuity", R"({"5": 1})"}})["unit.ed.service_mean_h"] ==
        Approx(5.0));
  // Not triaged (a second stream with no acuity, alone in the measured period): level 3's time
  // without a "*", the "*" time with one.
  const std::vector<Override> untriaged_only = {
      {"/arrivals/in/profile",
       R"({"periods": [{"from": "2026-10-05", "to": "2026-10-20", "factor": 0}]})"},
      {"/arrivals/untriaged", R"({"to": "ed", "rate": "2/h"})"}};
  const Metrics untriaged = run_one(text, untriaged_only);
  CHECK(untriaged["unit.ed.entered"] > 100);
  CHECK(untriaged["unit.ed.service_mean_h"] == Approx(3.0));
  std::vector<Override> with_rest = untriaged_only;
  with_rest.push_back({"/units/ed/service/by_acuity/*", R"({"fixed": "7h"})"});
  CHECK(run_one(text, with_rest)["unit.ed.service_mean_h"] == Approx(7.0));
}

// A&E opens at 05:00 with one cubicle; urgent (acuity 1) and routine (acuity 5) patients have
// queued since midnight, and each cohort leaves A&E for a unit of its own. The routine cohort has
// the better cohort priority, which acuity overrides.
const char* const kAcuityQueue = R"({
  "schema": "flowsim/1", "name": "priority by acuity", "start": "2026-10-05T00:00", "horizon": "10h",
  "cohorts": { "urgent": { "priority": 5 }, "routine": { "priority": -5 } },
  "arrivals": {
    "urgent": { "to": "ed", "rate": "60/h", "cohorts": { "urgent": 1 }, "acuity": { "1": 1 } },
    "routine": { "to": "ed", "rate": "60/h", "cohorts": { "routine": 1 }, "acuity": { "5": 1 } } },
  "units": {
    "ed": { "kind": "ed", "queue": { "discipline": "priority" },
            "capacity": { "schedule": [ { "capacity": 0 }, { "from": "05:00", "to": "24:00", "capacity": 1 } ] },
            "service": { "fixed": "30min" },
            "next": { "by_cohort": { "urgent": { "after_urgent": 1 }, "routine": { "after_routine": 1 } } } },
    "after_urgent": { "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 } },
    "after_routine": { "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 } }
  }
})";

TEST_CASE("under a priority queue the most urgent acuity is seen first, before cohort priority",
          "[nhs][ed]") {
  // 10 patients are seen between 05:00 and 10:00, every one of them urgent.
  const Metrics m = run_one(kAcuityQueue);
  CHECK(m["unit.after_urgent.entered"] == 10);
  CHECK(m["unit.after_routine.entered"] == 0);
  // First come first served mixes them.
  const Metrics fifo = run_one(kAcuityQueue, {{"/units/ed/queue/discipline", "fifo"}});
  CHECK(fifo["unit.after_urgent.entered"] + fifo["unit.after_routine.entered"] == 10);
  CHECK(fifo["unit.after_routine.entered"] > 0);
  CHECK(fifo["unit.after_urgent.entered"] > 0);
  // With one acuity for everyone, cohort priority decides.
  const Metrics same = run_one(kAcuityQueue, {{"/arrivals/urgent/acuity", R"({"3": 1})"},
                                              {"/arrivals/routine/acuity", R"({"3": 1})"}});
  CHECK(same["unit.after_routine.entered"] == 10);
}

// Three patients reach A&E (3 cubicles, 1h) at 02:00 and are all admitted at 03:00; the medical
// ward has one bed, for 13h.
std::string boarding_text(const std::string& ed_next, bool virtual_ward) {
  const std::string vw = R"(
      "vw": { "kind": "virtual_ward", "capacity": 1, "service": { "fixed": "20h" },
              "next": { "exit": 1 } },)";
  return R"({
    "schema": "flowsim/1", "name": "boarding", "start": "2026-10-05T00:00", "horizon": "20h",
    "arrivals": { "in": { "to": "gate", "rate": "60/h" } },
    "units": {
      "gate": )" +
         gate(3, "01:00", "01:01", "1h", R"({ "ed": 1 })") + R"(,
      "ed": { "kind": "ed", "capacity": 3, "service": { "fixed": "1h" }, "next": )" +
         ed_next + " }," + (virtual_ward ? vw : "") + R"(
      "medical": { "kind": "acute", "capacity": 1, "service": { "fixed": "13h" }, "next": { "exit": 1 } }
    }
  })";
}

TEST_CASE("an admitted patient keeps the cubicle until a ward bed is free (boarding)",
          "[nhs][ed]") {
  // Decision to admit at 03:00 for all three. P1 takes the bed at once; P2 boards until the bed
  // frees at 16:00 (13h from the decision); P3 is still boarding at the end (20:00).
  const std::string text = boarding_text(R"({ "medical": 1 })", false);
  const Metrics m = run_one(text);
  CHECK(m["ed.attendances"] == 3);
  CHECK(m["ed.admitted_pct"] == 100);           // P1 and P2 left, both admitted
  CHECK(m["ed.dta_over_12h"] == 1);             // P2 waited 13h from the decision
  CHECK(m["ed.boarding_mean"] == Approx(1.5));  // (0 + 13 + 17)h over 20h
  CHECK(m["ed.within_4h_pct"] == 50);           // P1 in 1h, P2 in 14h
  CHECK(m["ed.over_12h_pct"] == 50);
  CHECK(m["ed.time_in_department_mean_h"] == Approx(7.5));
  CHECK(m["unit.ed.occupancy_mean"] == Approx((1 + 14 + 18) / 20.0));  // cubicles held throughout
  CHECK(m["unit.ed.blocked_mean_h"] == Approx(6.5));
  CHECK(m["unit.medical.arrivals"] == 3);
  CHECK(m["unit.medical.entered"] == 2);
  CHECK(m["unit.medical.p_full_on_arrival"] == Approx(2.0 / 3));
  CHECK(m["unit.medical.transfer_wait_mean_h"] == Approx(6.5));
  CHECK(m["acute.admissions"] == 2);

  // A trolley wait is over 12 hours: exactly 12 is not.
  const Metrics twelve = run_one(text, {{"/units/medical/service/fixed", "12h"}});
  CHECK(twelve["ed.dta_over_12h"] == 0);
  CHECK(twelve["ed.boarding_mean"] == Approx((0 + 12 + 17) / 20.0));
}

TEST_CASE("a virtual-ward step-up becomes an admission when the virtual ward is full (instead)",
          "[nhs][ed]") {
  // At 03:00: P1 takes the only virtual-ward place; P2 finds it full and is admitted instead,
  // to the free bed; P3 finds both full and boards in A&E for the bed, until 16:00.
  const Metrics m = run_one(
      boarding_text(R"([ { "to": "vw", "p": 1, "when_full": { "instead": "medical" } } ])", true));
  CHECK(m["unit.vw.arrivals"] == 3);
  CHECK(m["unit.vw.entered"] == 1);
  CHECK(m["unit.vw.overflowed"] == 2);
  CHECK(m["unit.vw.p_full_on_arrival"] == Approx(2.0 / 3));
  CHECK(m["vw.step_up"] == 1);
  CHECK(m["vw.referrals_refused"] == 2);
  CHECK(m["unit.medical.arrivals"] == 2);
  CHECK(m["unit.medical.entered"] == 2);
  CHECK(m["unit.medical.p_full_on_arrival"] == Approx(0.5));  // P3 found the bed taken
  CHECK(m["unit.medical.transfer_wait_mean_h"] == Approx(6.5));
  CHECK(m["acute.admissions"] == 2);
  CHECK(m["ed.admitted_pct"] == Approx(200.0 / 3));  // P2 and P3; P1 went to the virtual ward
  CHECK(m["ed.dta_over_12h"] == 1);
  CHECK(m["ed.boarding_mean"] == Approx(13 / 20.0));  // only P3 waited
  CHECK(m["ed.time_in_department_mean_h"] == Approx((1 + 1 + 14) / 3.0));
}

TEST_CASE("the 4-hour and 12-hour measures are exact on fixed times, their boundaries included",
          "[nhs][ed]") {
  // Cohort a spends exactly 4h in A&E (within 4 hours), cohort b 12h01 (over 12 hours); each then
  // goes to a unit of its own, which counts them as they leave A&E.
  const char* const text = R"({
    "schema": "flowsim/1", "name": "4 and 12 hours", "start": "2026-10-05T00:00",
    "warmup": "2d", "horizon": "12d",
    "cohorts": { "a": {}, "b": {} },
    "arrivals": { "in": { "to": "ed", "rate": "3/h", "cohorts": { "a": 0.6, "b": 0.4 } } },
    "units": {
      "ed": { "kind": "ed", "capacity": "unlimited",
              "service": { "by_cohort": { "a": { "fixed": "4h" }, "b": { "fixed": "721min" } } },
              "next": { "by_cohort": { "a": { "a_out": 1 }, "b": { "b_out": 1 } } } },
      "a_out": { "capacity": "unlimited", "service": { "fixed": "30d" }, "next": { "exit": 1 } },
      "b_out": { "capacity": "unlimited", "service": { "fixed": "30d" }, "next": { "exit": 1 } }
    }
  })";
  const Metrics m = run_one(text);
  const double a = m["unit.a_out.entered"], b = m["unit.b_out.entered"];
  CHECK(a > 300);
  CHECK(b > 200);
  CHECK(m["ed.within_4h_pct"] == Approx(100 * a / (a + b)));
  CHECK(m["ed.over_12h_pct"] == Approx(100 * b / (a + b)));
  CHECK(m["ed.time_in_department_mean_h"] == Approx((4 * a + 721.0 / 60 * b) / (a + b)));
  CHECK(m["ed.time_in_department_p95_h"] == Approx(721.0 / 60).epsilon(0.01));  // within 1%
  CHECK(m["ed.admitted_pct"] == 0);
  // A minute either side of each boundary.
  CHECK(run_one(text, {{"/units/ed/service/by_cohort/a/fixed", "241min"}})["ed.within_4h_pct"] ==
        0);
  CHECK(run_one(text, {{"/units/ed/service/by_cohort/b/fixed", "12h"}})["ed.over_12h_pct"] == 0);
}

TEST_CASE("a patient moving into A&E from another unit is an attendance timed from that moment",
          "[nhs][ed]") {
  // Virtual-ward patients (2h) all escalate to A&E (3h): every one of them is an attendance that
  // lasts 3h.
  const Metrics m = run_one(R"({
    "schema": "flowsim/1", "name": "escalation to A&E", "start": "2026-10-05T00:00",
    "warmup": "1d", "horizon": "11d",
    "arrivals": { "community": { "to": "vw", "rate": "1/h" } },
    "units": {
      "vw": { "kind": "virtual_ward", "capacity": 100, "service": { "fixed": "2h" }, "next": { "ed": 1 } },
      "ed": { "kind": "ed", "capacity": "unlimited", "service": { "fixed": "3h" }, "next": { "exit": 1 } }
    }
  })");
  CHECK(m["unit.ed.entered"] > 200);
  CHECK(m["vw.escalated_to_hospital"] == m["unit.ed.entered"]);
  CHECK(m["ed.attendances"] == m["unit.ed.arrivals"]);
  CHECK(m["ed.time_in_department_mean_h"] == Approx(3.0));
  CHECK(m["ed.within_4h_pct"] == 100);
}

// ================================================================================================
// Acute wards and discharge
// ================================================================================================

TEST_CASE("unlimited downstream capacity gives zero NCTR", "[nhs][acute]") {
  const char* const text = R"({
    "schema": "flowsim/1", "name": "no NCTR", "start": "2026-10-05T00:00",
    "warmup": "5d", "horizon": "35d",
    "arrivals": { "in": { "to": "ward", "rate": "0.5/h" } },
    "units": {
      "ward": { "kind": "acute", "capacity": 30, "service": { "lognormal": { "mean": "2d", "sd": "1d" } },
                "next": [ { "to": "exit", "p": 0.5, "pathway": 0 },
                          { "to": "reablement", "p": 0.3, "pathway": 1 },
                          { "to": "care_home", "p": 0.2, "pathway": 3 } ] },
      "reablement": { "kind": "community", "capacity": "unlimited", "service": { "fixed": "5d" },
                      "next": { "exit": 1 } },
      "care_home": { "kind": "community", "capacity": "unlimited", "service": { "fixed": "20d" },
                     "next": { "exit": 1 } }
    }
  })";
  const Metrics m = run_one(text);
  CHECK(m["acute.discharges_p1"] > 50);
  CHECK(m["acute.nctr_mean"] == 0);
  CHECK(m["acute.nctr_bed_days"] == 0);
  CHECK(m["unit.ward.blocked_mean_h"] == 0);
  CHECK(m["unit.reablement.transfer_wait_mean_h"] == 0);
  CHECK(m["unit.care_home.transfer_wait_mean_h"] == 0);
}

TEST_CASE("a patient waiting for a bed in another acute ward is not NCTR", "[nhs][acute]") {
  // The acute medical unit (AMU) sends everyone to a medical ward with too few beds: they wait in
  // the AMU, still needing acute care. They have criteria to reside; nobody else waits.
  const Metrics m = run_one(R"({
    "schema": "flowsim/1", "name": "AMU", "start": "2026-10-05T00:00",
    "warmup": "5d", "horizon": "35d",
    "arrivals": { "in": { "to": "amu", "rate": "1/h" } },
    "units": {
      "amu": { "kind": "acute", "capacity": "unlimited", "service": { "fixed": "12h" },
               "next": { "medical": 1 } },
      "medical": { "kind": "acute", "capacity": 20, "service": { "exponential": { "mean": "1d" } },
                   "next": [ { "to": "exit", "p": 1, "pathway": 0 } ] }
    }
  })");
  CHECK(m["unit.amu.blocked_mean_h"] > 1);
  CHECK(m["acute.nctr_mean"] == 0);
}

TEST_CASE("NCTR equals the time from fit to leave to leaving, by Little's law", "[nhs][acute]") {
  // Every way of waiting after the acute stage at once: a route delay, an assessment (2
  // assessors), discharge hours with a weekend rate, and full community services. Every patient
  // leaves by a pathway, so the discharges count the leavers: NCTR = (leavers per hour) x (mean
  // time from the end of the acute stage to leaving).
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "NCTR", "start": "2026-10-05T00:00",
    "warmup": "20d", "horizon": "220d", "seed": 34,
    "arrivals": { "in": { "to": "ward", "rate": "0.6/h" } },
    "units": {
      "ward": { "kind": "acute", "capacity": 40,
                "service": { "lognormal": { "mean": "2d", "sd": "1.5d" } },
                "discharge": { "from": "08:00", "to": "20:00", "weekend": 0.5 },
                "next": [ { "to": "exit", "p": 0.6, "pathway": 0, "delay": { "exponential": { "mean": "4h" } } },
                          { "to": "reablement", "p": 0.25, "pathway": 1, "assessment": "social_work" },
                          { "to": "care_home", "p": 0.15, "pathway": 3, "assessment": "social_work" } ] },
      "social_work": { "kind": "assessment", "capacity": 2, "service": { "exponential": { "mean": "6h" } } },
      "reablement": { "kind": "community", "capacity": 5, "service": { "exponential": { "mean": "1d" } },
                      "next": { "exit": 1 } },
      "care_home": { "kind": "community", "capacity": 6, "service": { "exponential": { "mean": "2d" } },
                     "next": { "exit": 1 } }
    }
  })",
                                 20);
  const VariantResult& v = variant(r, "baseline");
  const double hours = r.horizon_h - r.warmup_h;
  const auto nctr = column(v, "acute.nctr_mean"), blocked = column(v, "unit.ward.blocked_mean_h"),
             p0 = column(v, "acute.discharges_p0"), p1 = column(v, "acute.discharges_p1"),
             p3 = column(v, "acute.discharges_p3");
  std::vector<double> gap;
  for (size_t i = 0; i < nctr.size(); ++i)
    gap.push_back(nctr[i] - (p0[i] + p1[i] + p3[i]) / hours * blocked[i]);
  // A relative epsilon of 1% allows for patients waiting across the ends of the measured period.
  const double l = summarise(nctr).mean;
  CHECK(l > 2);
  check_mean("NCTR - Little", gap, 0.0, 0.01 * l);
  CHECK(summarise(column(v, "acute.nctr_bed_days")).mean == Approx(l * (hours / 24)).epsilon(1e-9));
}

TEST_CASE("a route's stay replaces the unit's service for patients bound that way",
          "[nhs][acute]") {
  // 2 days for those going home, 10 for those going to a care home; the unit's 5 days for none.
  const Metrics m = run_one(R"({
    "schema": "flowsim/1", "name": "stay by route", "start": "2026-10-05T00:00", "horizon": "60d",
    "arrivals": { "in": { "to": "ward", "rate": "1/h" } },
    "units": {
      "ward": { "kind": "acute", "capacity": "unlimited", "service": { "fixed": "5d" },
                "next": [ { "to": "exit", "p": 0.7, "pathway": 0, "stay": { "fixed": "2d" } },
                          { "to": "care_home", "p": 0.3, "pathway": 3, "stay": { "fixed": "10d" } } ] },
      "care_home": { "kind": "community", "capacity": "unlimited", "service": { "fixed": "400d" },
                     "next": { "exit": 1 } }
    }
  })");
  const double home = m["acute.discharges_p0"], care = m["acute.discharges_p3"];
  CHECK(home > 500);
  CHECK(care > 100);
  CHECK(care == m["unit.care_home.entered"]);
  CHECK(home == m["system.departures"]);
  CHECK(m["unit.ward.service_mean_h"] == Approx((48 * home + 240 * care) / (home + care)));
  CHECK(m["acute.los_mean_d"] == Approx((2 * home + 10 * care) / (home + care)));
}

TEST_CASE("an assessment holds an assessor and the bed: one assessor gives an exact queue",
          "[nhs][acute]") {
  // Three patients reach the ward at 02:00 and are fit to leave at 04:00; each needs a 1h
  // assessment from the one social worker: 04:00-05:00, 05:00-06:00, 06:00-07:00, in their beds.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "assessment", "start": "2026-10-05T00:00", "horizon": "8h",
    "arrivals": { "in": { "to": "gate", "rate": "60/h" } },
    "units": {
      "gate": )" + gate(3, "01:00", "01:01", "1h", R"({ "ward": 1 })") +
                           R"(,
      "ward": { "kind": "acute", "capacity": 3, "service": { "fixed": "2h" },
                "next": [ { "to": "exit", "p": 1, "pathway": 0, "assessment": "social_work" } ] },
      "social_work": { "kind": "assessment", "capacity": 1, "service": { "fixed": "1h" } }
    }
  })";
  const Metrics m = run_one(text);
  CHECK(m["unit.social_work.arrivals"] == 3);
  CHECK(m["unit.social_work.entered"] == 3);
  CHECK(m["unit.social_work.wait_mean_h"] == Approx(1.0));  // 0, 1 and 2h
  CHECK(m["unit.social_work.service_mean_h"] == Approx(1.0));
  CHECK(m["unit.social_work.occupancy_mean"] == Approx(3 / 8.0));
  CHECK(m["unit.social_work.p_full_on_arrival"] == Approx(2.0 / 3));
  // The beds are held until each assessment ends: 02:00 to 05:00, 06:00 and 07:00.
  CHECK(m["unit.ward.occupancy_mean"] == Approx((3 + 4 + 5) / 8.0));
  CHECK(m["unit.ward.blocked_mean_h"] == Approx(2.0));  // 1, 2 and 3h after being fit to leave
  CHECK(m["acute.nctr_mean"] == Approx((1 + 2 + 3) / 8.0));
  CHECK(m["acute.discharges_p0"] == 3);
  CHECK(m["acute.los_mean_d"] == Approx(4.0 / 24));  // 3, 4 and 5h
}

TEST_CASE("a transfer wait runs from being fit to leave to getting a place downstream",
          "[nhs][acute]") {
  // Two patients are fit to leave the ward at 03:00 for a single reablement package of 5h: the
  // first takes it then, the second at 08:00.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "transfer wait", "start": "2026-10-05T00:00", "horizon": "14h",
    "arrivals": { "in": { "to": "gate", "rate": "60/h" } },
    "units": {
      "gate": )" + gate(2, "01:00", "01:01", "1h", R"({ "ward": 1 })") +
                           R"(,
      "ward": { "kind": "acute", "capacity": 2, "service": { "fixed": "1h" },
                "next": [ { "to": "reablement", "p": 1, "pathway": 1 } ] },
      "reablement": { "kind": "community", "capacity": 1, "service": { "fixed": "5h" },
                      "next": { "exit": 1 } }
    }
  })";
  const Metrics m = run_one(text);
  CHECK(m["unit.reablement.arrivals"] == 2);
  CHECK(m["unit.reablement.entered"] == 2);
  CHECK(m["unit.reablement.transfer_wait_mean_h"] == Approx(2.5));
  CHECK(m["unit.reablement.p_full_on_arrival"] == Approx(0.5));
  CHECK(m["unit.reablement.wait_mean_h"] == 0);  // nobody waited in a queue of its own
  CHECK(m["unit.ward.blocked_mean_h"] == Approx(2.5));
  CHECK(m["unit.ward.occupancy_mean"] == Approx((1 + 6) / 14.0));
  CHECK(m["acute.nctr_mean"] == Approx(5 / 14.0));
  CHECK(m["acute.discharges_p1"] == 2);
  CHECK(m["acute.los_mean_d"] == Approx((1 + 6) / 2.0 / 24));
}

// A ward whose patients go home with a reablement package. The package service accepts patients
// only on weekdays between 08:00 and 20:00 (a schedule), and the route loses anyone who arrives
// outside them: `lost` counts every discharge outside the hours. Wednesday 14 October is a bank
// holiday.
const char* const kDischargeHours = R"({
  "schema": "flowsim/1", "name": "discharge hours", "start": "2026-10-05T00:00",
  "warmup": "2d", "horizon": "30d", "bank_holidays": ["2026-10-14"],
  "arrivals": { "in": { "to": "ward", "rate": "3/h" } },
  "units": {
    "ward": { "kind": "acute", "capacity": "unlimited",
              "service": { "lognormal": { "mean": "2d", "sd": "1d" } },
              "discharge": { "from": "08:00", "to": "20:00", "weekend": 0 },
              "next": [ { "to": "reablement", "p": 1, "pathway": 1, "when_full": "lose" } ] },
    "reablement": { "kind": "community",
                    "capacity": { "schedule": [ { "capacity": 0 },
                                                { "days": "weekdays", "from": "08:00", "to": "20:00", "capacity": 100000 } ] },
                    "service": { "fixed": "1h" }, "next": { "exit": 1 } }
  }
})";

TEST_CASE(
    "nobody leaves outside the discharge hours, nor at weekends or on bank holidays at a "
    "weekend rate of 0",
    "[nhs][acute]") {
  const Metrics m = run_one(kDischargeHours);
  CHECK(m["unit.reablement.entered"] > 1000);
  CHECK(m["unit.reablement.lost"] == 0);
  CHECK(m["unit.ward.blocked_mean_h"] > 10);  // overnight and weekend waits
  // The detector works: without discharge hours, patients arrive at all hours and are lost.
  const Metrics any_time =
      run_one(kDischargeHours, {{"/units/ward/discharge", R"({"from": "00:00", "to": "24:00"})"}});
  CHECK(any_time["unit.reablement.lost"] > 500);
  CHECK(any_time["unit.ward.blocked_mean_h"] == 0);
  // A weekend rate above 0 lets some leave at weekends: lost now, as the service is closed then.
  const Metrics weekend = run_one(kDischargeHours, {{"/units/ward/discharge/weekend", "0.5"}});
  CHECK(weekend["unit.reablement.lost"] > 100);
}

TEST_CASE(
    "a patient fit to leave outside the hours leaves at the next day's opening; bank "
    "holidays run as Sundays",
    "[nhs][acute]") {
  // Thursday 24 December 2026: one patient (patients arrive only before 01:00 on the first
  // day) reaches the ward at 02:00 and is fit to leave 24h later, at 02:00 on Friday 25 December
  // (a bank holiday). With a weekend rate of 0 the next discharge day is Tuesday 29 December
  // (Monday 28 is a bank holiday too), from 08:00.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "bank holidays", "start": "2026-12-24T00:00", "horizon": "7d",
    "bank_holidays": ["2026-12-25", "2026-12-28"],
    "arrivals": { "in": { "to": "gate", "rate": "60/h", "profile": {
      "hour": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      "periods": [ { "from": "2026-12-25", "to": "2027-12-31", "factor": 0 } ] } } },
    "units": {
      "gate": )" + gate(1, "01:00", "01:01", "1h", R"({ "ward": 1 })") +
                           R"(,
      "ward": { "kind": "acute", "capacity": 1, "service": { "fixed": "1d" },
                "discharge": { "from": "08:00", "to": "20:00", "weekend": 0 },
                "next": [ { "to": "exit", "p": 1, "pathway": 0 } ] }
    }
  })";
  const Metrics m = run_one(text);
  CHECK(m["unit.ward.entered"] == 1);
  CHECK(m["unit.ward.blocked_mean_h"] == Approx(4 * 24 + 6));  // Fri 02:00 to Tue 08:00
  CHECK(m["acute.los_mean_d"] == Approx(5 + 6 / 24.0));
  CHECK(m["acute.nctr_bed_days"] == Approx(4 + 6 / 24.0));
  // Without the bank holidays, Friday is a working day: 6h, to 08:00.
  const Metrics working = run_one(text, {{"/bank_holidays", "[]"}});
  CHECK(working["unit.ward.blocked_mean_h"] == Approx(6.0));
  // At a weekend rate of 1, weekends and bank holidays are like any other day.
  const Metrics any_day = run_one(text, {{"/units/ward/discharge/weekend", "1"}});
  CHECK(any_day["unit.ward.blocked_mean_h"] == Approx(6.0));
  // A move into another acute ward is not a discharge: not held.
  const Metrics transfer = run_one(
      text,
      {{"/units/ward/next", R"([{"to": "medical", "p": 1}])"},
       {"/units/medical",
        R"({"kind": "acute", "capacity": 1, "service": {"fixed": "1d"}, "next": {"exit": 1}})"}});
  CHECK(transfer["unit.medical.entered"] == 1);
  CHECK(transfer["unit.ward.blocked_mean_h"] == 0);
  // Fit to leave at 20:00 exactly is after the hours ([from, to)); the next day's 08:00 it is.
  const Metrics evening =
      run_one(text, {{"/bank_holidays", "[]"}, {"/units/ward/service/fixed", "18h"}});
  CHECK(evening["unit.ward.blocked_mean_h"] == Approx(12.0));  // Thu 20:00 to Fri 08:00
}

TEST_CASE(
    "at a weekend rate of one half, a patient fit on Saturday leaves that day, on Sunday or "
    "on Monday with probabilities 1/2, 1/4 and 1/4",
    "[nhs][acute]") {
  // Saturday 10 October: 200 patients (arriving only before 01:00) reach the ward at 02:00 and
  // are fit to leave at 09:00. Each leaves then with probability 1/2, else at 08:00 on Sunday
  // (23h later) with probability 1/2, else at 08:00 on Monday (47h): a mean wait of
  // 23/4 + 47/4 = 17.5h.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "weekend rate", "start": "2026-10-10T00:00", "horizon": "3d",
    "seed": 39,
    "arrivals": { "in": { "to": "gate", "rate": "600/h", "profile": {
      "hour": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      "periods": [ { "from": "2026-10-11", "to": "2026-12-31", "factor": 0 } ] } } },
    "units": {
      "gate": )" + gate(200, "01:00", "01:01", "1h", R"({ "ward": 1 })") +
                           R"(,
      "ward": { "kind": "acute", "capacity": 200, "service": { "fixed": "7h" },
                "discharge": { "from": "08:00", "to": "20:00", "weekend": 0.5 },
                "next": [ { "to": "exit", "p": 1, "pathway": 0 } ] }
    }
  })";
  const ExperimentResult r = run(text, 20);
  const VariantResult& v = variant(r, "baseline");
  CHECK(column(v, "acute.discharges_p0") == std::vector<double>(20, 200.0));
  check_metric(v, "unit.ward.blocked_mean_h", 0.5 * 0 + 0.25 * 23 + 0.25 * 47, 0.0);
}

TEST_CASE("bank holidays run as Sundays for arrival profiles and capacity schedules",
          "[nhs][acute]") {
  // Wednesday 7 October is a bank holiday: the Sunday factor (0) applies to arrivals, and the
  // clinic's weekend line (closed) to its capacity. Measured: that Wednesday alone.
  const char* const text = R"({
    "schema": "flowsim/1", "name": "bank holiday", "start": "2026-10-05T00:00",
    "warmup": "2d", "horizon": "3d", "bank_holidays": ["2026-10-07"],
    "arrivals": {
      "sunday_off": { "to": "ward", "rate": "5/h", "profile": { "weekday": [1, 1, 1, 1, 1, 1, 0] } },
      "every_day": { "to": "clinic", "rate": "5/h" } },
    "units": {
      "ward": { "capacity": "unlimited", "service": { "fixed": "1h" }, "next": { "exit": 1 } },
      "clinic": { "capacity": { "schedule": [ { "capacity": 5 }, { "days": "weekends", "capacity": 0 } ] },
                  "queue": { "limit": 0 }, "service": { "fixed": "1h" }, "next": { "exit": 1 } }
    }
  })";
  const Metrics holiday = run_one(text);
  CHECK(holiday["unit.ward.arrivals"] == 0);
  CHECK(holiday["unit.clinic.arrivals"] > 50);
  CHECK(holiday["unit.clinic.entered"] == 0);
  const Metrics working = run_one(text, {{"/bank_holidays", "[]"}});
  CHECK(working["unit.ward.arrivals"] > 50);
  CHECK(working["unit.clinic.entered"] > 50);
}

TEST_CASE("weekday-only discharge raises weekend and Monday occupancy by what theory says",
          "[nhs][acute]") {
  // Unlimited beds, 1 arrival an hour: patients become fit to leave as a Poisson process of rate
  // lambda = 1/h (M/G/infinity), and leave between 08:00 and 20:00. At a weekend rate of 0,
  // everyone fit from Friday 20:00 waits for Monday 08:00; at a rate of 1, only the night's. The
  // daily mean occupancy above Wednesday's (a day with no weekend backlog) is then, by
  // integrating the extra patients over each day: Saturday 13 lambda, Sunday 37 lambda, Monday
  // 16 lambda (48 lambda for 8 hours); and 0 on every day at a weekend rate of 1.
  const char* const text = R"({
    "schema": "flowsim/1", "name": "weekend discharge", "start": "2026-10-05T00:00",
    "warmup": "28d", "horizon": "112d", "seed": 35,
    "arrivals": { "in": { "to": "ward", "rate": "1/h" } },
    "units": {
      "ward": { "kind": "acute", "capacity": "unlimited",
                "service": { "lognormal": { "mean": "3d", "sd": "2d" } },
                "discharge": { "from": "08:00", "to": "20:00", "weekend": 0 },
                "next": [ { "to": "exit", "p": 1, "pathway": 0 } ] }
    }
  })";
  struct Expected {
    int weekday;  // Monday = 0
    double excess;
  };
  for (const double weekend : {0.0, 1.0}) {
    const Scenario s = load(text, {{"/units/ward/discharge/weekend", std::to_string(weekend)}});
    const std::vector<std::string> series = daily_series_names(s);
    const size_t ward =
        size_t(std::find(series.begin(), series.end(), "unit.ward.occupancy") - series.begin());
    REQUIRE(ward < series.size());
    for (const Expected e : {Expected{0, 16}, Expected{5, 13}, Expected{6, 37}}) {
      std::vector<double> excess;  // per replication, the mean over the measured weeks
      for (uint64_t rep = 0; rep < 20; ++rep) {
        const ReplicationResult result = simulate(s, rep);
        double sum = 0;
        int weeks = 0;
        for (size_t monday = 28; monday + 7 <= result.daily.size(); monday += 7, ++weeks)
          sum += result.daily[monday + size_t(e.weekday)][ward] - result.daily[monday + 2][ward];
        excess.push_back(sum / weeks);
      }
      check_mean("weekend rate " + std::to_string(weekend) + ", weekday " +
                     std::to_string(e.weekday) + " above Wednesday",
                 excess, weekend == 0 ? e.excess : 0.0, 0.0);
    }
  }
}

// A ward of 2 beds and 1 escalation bed, loss system, lambda = 1.5/h, stays of mean 1h.
const char* const kEscalation = R"({
  "schema": "flowsim/1", "name": "escalation", "start": "2026-10-05T00:00",
  "warmup": "2d", "horizon": "102d", "seed": 36,
  "arrivals": { "in": { "to": "ward", "rate": "1.5/h" } },
  "units": {
    "ward": { "kind": "acute", "capacity": 2, "service": { "exponential": { "mean": "1h" } },
              "escalation": { "beds": 1, "open_above": 1.0, "close_below": 0.5 },
              "next": { "exit": 1 } }
  },
  "interventions": {
    "no_hysteresis": { "patch": { "units": { "ward": { "escalation": { "close_below": 0.99 } } } } }
  }
})";

TEST_CASE("escalation beds open and close with hysteresis as a Markov chain says", "[nhs][acute]") {
  // The bed opens when both beds are taken (2 >= 1.0 x 2) and closes when occupancy falls below
  // 0.5 x 2, i.e. when the ward empties: states (occupied, open) 0-, 1-, 1+, 2+, 3+. Without the
  // hysteresis (close below 0.99 x 2) it closes as soon as one bed is free: 0-, 1-, 2+, 3+.
  const double l = 1.5, mu = 1.0;
  // 0- 1- 1+ 2+ 3+
  const std::vector<double> with = stationary({{-l, l, 0, 0, 0},
                                               {mu, -(l + mu), 0, l, 0},
                                               {mu, 0, -(l + mu), l, 0},
                                               {0, 0, 2 * mu, -(l + 2 * mu), l},
                                               {0, 0, 0, 3 * mu, -3 * mu}});
  // 0- 1- 2+ 3+
  const std::vector<double> without = stationary({{-l, l, 0, 0},
                                                  {mu, -(l + mu), l, 0},
                                                  {0, 2 * mu, -(l + 2 * mu), l},
                                                  {0, 0, 3 * mu, -3 * mu}});
  struct Theory {
    double open, lost, occupied;
  };
  const Theory hysteresis{with[2] + with[3] + with[4], with[4],
                          with[1] + with[2] + 2 * with[3] + 3 * with[4]};
  const Theory plain{without[2] + without[3], without[3],
                     without[1] + 2 * without[2] + 3 * without[3]};
  CHECK(hysteresis.open > plain.open + 0.05);  // the two really differ

  const ExperimentResult r = run(kEscalation, 20);
  const double days = (r.horizon_h - r.warmup_h) / 24;
  for (const auto& [name, t] :
       {std::pair{"baseline", hysteresis}, std::pair{"no_hysteresis", plain}}) {
    const VariantResult& v = variant(r, name);
    check_metric(v, "acute.escalation_bed_days", t.open * days, 0.0);
    check_metric(v, "acute.beds_mean", 2 + t.open, 0.0);
    check_metric(v, "unit.ward.p_lost", t.lost, 0.0);
    check_metric(v, "unit.ward.occupancy_mean", t.occupied, 0.0);
    // The arrival that finds every open bed taken is lost: the same count, each replication.
    CHECK(column(v, "unit.ward.p_full_on_arrival") == column(v, "unit.ward.p_lost"));
  }
}

TEST_CASE("escalation bed-days are at most beds x days, and a ward below the threshold opens none",
          "[nhs][acute]") {
  // Always full: the escalation beds are open every measured day.
  const Metrics full = run_one(
      kEscalation, {{"/units/ward/escalation/beds", "4"}, {"/arrivals/in/rate", "\"100/h\""}});
  CHECK(full["acute.escalation_bed_days"] == Approx(4 * 100.0));
  CHECK(full["acute.beds_mean"] == Approx(6.0));
  // Never near 95% of 50 beds (1.5 erlangs): none open, ever.
  const Metrics quiet = run_one(kEscalation, {{"/interventions", "{}"},
                                              {"/units/ward/capacity", "50"},
                                              {"/units/ward/escalation/open_above", "0.95"},
                                              {"/units/ward/escalation/close_below", "0.9"}});
  CHECK(quiet["acute.escalation_bed_days"] == 0);
  CHECK(quiet["acute.beds_mean"] == 50);
}

TEST_CASE("a ward closed by its schedule opens no escalation beds, and closes those it had",
          "[nhs][acute]") {
  // Ten beds on weekdays, none at weekends; measured: Saturday and Sunday. Quiet, the ward never
  // nears 95% of its beds; busy (100 arrivals an hour), its escalation beds are open on Friday.
  // Either way, at the weekend it has no beds of its own to escalate from.
  const char* const text = R"({
    "schema": "flowsim/1", "name": "closed ward", "start": "2026-10-05T00:00",
    "warmup": "5d", "horizon": "7d",
    "arrivals": { "in": { "to": "ward", "rate": "1/h" } },
    "units": {
      "ward": { "kind": "acute",
                "capacity": { "schedule": [ { "capacity": 10 }, { "days": "weekends", "capacity": 0 } ] },
                "service": { "exponential": { "mean": "2h" } },
                "escalation": { "beds": 3, "open_above": 0.95, "close_below": 0.9 },
                "next": { "exit": 1 } }
    }
  })";
  for (const char* rate : {"\"1/h\"", "\"100/h\""}) {
    INFO("arrivals " << rate);
    const Metrics m = run_one(text, {{"/arrivals/in/rate", rate}});
    CHECK(m["acute.escalation_bed_days"] == 0);
    CHECK(m["acute.beds_mean"] == 0);
    CHECK(m["unit.ward.entered"] == 0);
  }
  // The busy ward's beds were open on Friday.
  const Metrics friday =
      run_one(text, {{"/arrivals/in/rate", "\"100/h\""}, {"/warmup", "4d"}, {"/horizon", "5d"}});
  CHECK(friday["acute.escalation_bed_days"] == Approx(3.0));
}

TEST_CASE("outliers and transfers between acute wards make one spell and one admission",
          "[nhs][acute]") {
  // Everyone spends 10h in the AMU, then 2d in a medical bed, or outlies on the surgical ward when
  // medicine is full: every spell lasts exactly 58h, and only the AMU admits.
  const char* const text = R"({
    "schema": "flowsim/1", "name": "outliers", "start": "2026-10-05T00:00",
    "warmup": "10d", "horizon": "60d",
    "arrivals": { "in": { "to": "amu", "rate": "0.8/h" } },
    "units": {
      "amu": { "kind": "acute", "capacity": "unlimited", "service": { "fixed": "10h" },
               "next": [ { "to": "medical", "p": 1, "when_full": { "overflow": "surgical" } } ] },
      "medical": { "kind": "acute", "capacity": 40, "service": { "fixed": "2d" },
                   "next": [ { "to": "exit", "p": 1, "pathway": 0 } ] },
      "surgical": { "kind": "acute", "capacity": "unlimited", "service": { "fixed": "2d" },
                    "next": [ { "to": "exit", "p": 1, "pathway": 0 } ] }
    }
  })";
  const Metrics m = run_one(text);
  CHECK(m["unit.surgical.entered"] > 10);
  CHECK(m["unit.medical.overflowed"] == m["unit.surgical.arrivals"]);
  CHECK(m["acute.admissions"] == m["unit.amu.entered"]);
  CHECK(m["acute.los_mean_d"] == Approx(58 / 24.0));
  CHECK(m["acute.discharges_p0"] == m["system.departures"]);
  CHECK(m["acute.nctr_mean"] == 0);  // nobody waits to leave the acute wards
  // Through a queue in front of the medical ward instead (with room in it, the ward is never
  // full, so nobody outlies): still one admission per patient, and the spell includes the wait.
  const Metrics queued = run_one(text, {{"/units/medical/queue", R"({"limit": 1000})"}});
  CHECK(queued["unit.surgical.entered"] == 0);
  CHECK(queued["unit.medical.wait_mean_h"] > 1);
  CHECK(queued["acute.admissions"] == queued["unit.amu.entered"]);
  CHECK(queued["unit.medical.transfer_wait_mean_h"] == Approx(queued["unit.medical.wait_mean_h"]));
  CHECK(queued["acute.los_mean_d"] > 58 / 24.0 + 1 / 24.0);
}

TEST_CASE("discharges follow the pathway shares", "[nhs][acute]") {
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "pathways", "start": "2026-10-05T00:00",
    "warmup": "10d", "horizon": "110d", "seed": 37,
    "arrivals": { "in": { "to": "ward", "rate": "2/h" } },
    "units": {
      "ward": { "kind": "acute", "capacity": "unlimited", "service": { "exponential": { "mean": "2d" } },
                "next": [ { "to": "exit", "p": 0.55, "pathway": 0 },
                          { "to": "home_care", "p": 0.25, "pathway": 1 },
                          { "to": "rehab", "p": 0.12, "pathway": 2 },
                          { "to": "care_home", "p": 0.08, "pathway": 3 } ] },
      "home_care": { "kind": "community", "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 } },
      "rehab": { "kind": "community", "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 } },
      "care_home": { "kind": "community", "capacity": "unlimited", "service": { "fixed": "1d" }, "next": { "exit": 1 } }
    }
  })",
                                 20);
  const VariantResult& v = variant(r, "baseline");
  std::vector<std::vector<double>> counts;
  for (int p = 0; p < 4; ++p) counts.push_back(column(v, "acute.discharges_p" + std::to_string(p)));
  const auto home_care = column(v, "unit.home_care.entered");
  const double shares[] = {0.55, 0.25, 0.12, 0.08};
  for (int p = 0; p < 4; ++p) {
    std::vector<double> share;
    for (size_t i = 0; i < home_care.size(); ++i) {
      const double total = counts[0][i] + counts[1][i] + counts[2][i] + counts[3][i];
      share.push_back(counts[size_t(p)][i] / total);
    }
    check_mean("share of pathway " + std::to_string(p), share, shares[p], 0.0);
  }
  CHECK(counts[1] == home_care);
}

TEST_CASE("an M/M/c/c ward is full on arrival as Erlang B says, its occupancy truncated Poisson",
          "[nhs][acute]") {
  // 10 beds, 8 arrivals an hour, stays of mean 1h; acute units have no queue: a loss system. By
  // PASTA, the share of arrivals finding it full is P(10) of the truncated Poisson distribution,
  // Erlang B(10, 8) = 0.1217.
  const Scenario s = load(R"({
    "schema": "flowsim/1", "name": "M/M/10/10", "start": "2026-10-05T00:00",
    "warmup": "2d", "horizon": "202d", "seed": 38,
    "arrivals": { "in": { "to": "ward", "rate": "8/h" } },
    "units": { "ward": { "kind": "acute", "capacity": 10, "service": { "exponential": { "mean": "1h" } },
                         "next": { "exit": 1 } } }
  })");
  const std::vector<double> p = truncated_poisson(10, 8.0);
  REQUIRE(occupancy_units(s) == std::vector<int>{0});
  const std::vector<std::string> names = metric_names(s);
  auto index = [&](const std::string& n) {
    return size_t(std::find(names.begin(), names.end(), n) - names.begin());
  };
  std::vector<double> full, lost, p50, p95;
  std::vector<std::vector<double>> shares(11);
  for (uint64_t rep = 0; rep < 20; ++rep) {
    const ReplicationResult r = simulate(s, rep);
    full.push_back(r.metrics[index("unit.ward.p_full_on_arrival")]);
    lost.push_back(r.metrics[index("unit.ward.p_lost")]);
    p50.push_back(r.metrics[index("unit.ward.occupancy_p50")]);
    p95.push_back(r.metrics[index("unit.ward.occupancy_p95")]);
    const std::vector<double>& occ = r.occupancy.at(0);
    REQUIRE(occ.size() == 11);
    double total = 0;
    for (size_t n = 0; n < occ.size(); ++n) {
      total += occ[n];
      shares[n].push_back(occ[n]);
    }
    CHECK(total == Approx(1.0).epsilon(1e-12));
  }
  check_mean("p_full_on_arrival", full, p[10], 0.0);
  CHECK(full == lost);
  for (size_t n = 0; n <= 10; ++n)
    check_mean("P(" + std::to_string(n) + " occupied)", shares[n], p[n], 0.0);
  // The truncated Poisson CDF passes 0.5 at 7 (0.384 at 6, 0.555 at 7) and 0.95 only at 10 (0.878
  // at 9), far from the thresholds, so every replication finds those levels.
  CHECK(p50 == std::vector<double>(20, 7.0));
  CHECK(p95 == std::vector<double>(20, 10.0));
}

// ================================================================================================
// Loader: the keys of these mechanisms, each mistake pinned by its words
// ================================================================================================

namespace {

// Units "ward" (acute), "vw" (virtual ward), "sw" (assessment) and "ae", whose body `ae` is
// written at the start of line 9; arrivals go to "ae", with `arrival_extra` on line 3.
std::string nhs_units(const std::string& ae, const std::string& arrival_extra = "") {
  return R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "10d",
  "arrivals": { "in": { "to": "ae", "rate": "2/h")" +
         arrival_extra + R"( } },
  "units": {
    "ward": { "kind": "acute", "capacity": 10, "service": { "fixed": "1d" }, "next": { "exit": 1 } },
    "vw": { "kind": "virtual_ward", "capacity": 5, "service": { "fixed": "1d" }, "next": { "exit": 1 } },
    "sw": { "kind": "assessment", "capacity": 1, "service": { "fixed": "1h" } },
    "ae":
)" + ae + R"(
} }
)";
}

}  // namespace

TEST_CASE("a unit's kind must be one of the kinds, with a did-you-mean", "[nhs][loader]") {
  CHECK(
      problems(nhs_units(
          R"({ "kind": "acut", "capacity": 1, "service": { "fixed": "1h" }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:11: /units/ae/kind: unknown kind \"acut\"; did you mean \"acute\"?"});
  CHECK(
      problems(nhs_units(
          R"({ "kind": "emergency", "capacity": 1, "service": { "fixed": "1h" }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:11: /units/ae/kind: unknown kind \"emergency\"; kinds are general, ed, "
               "acute, virtual_ward, community and assessment"});
}

TEST_CASE("by_acuity names every level or a *, and only levels 1 to 5", "[nhs][loader]") {
  CHECK(
      problems(nhs_units(
          R"({ "kind": "ed", "capacity": 1, "service": { "by_acuity": { "1": { "fixed": "1h" } } }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:58: /units/ae/service/by_acuity: no value for acuity 2; give every "
               "level 1 to 5 or a \"*\" for the rest"});
  CHECK(
      problems(nhs_units(
          R"({ "kind": "ed", "capacity": 1, "service": { "by_acuity": { "0": { "fixed": "1h" }, "*": { "fixed": "1h" } } }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:60: /units/ae/service/by_acuity/0: unknown key \"0\" in values by "
               "triage acuity; expected one of: 1, 2, 3, 4, 5, *"});
  CHECK(
      problems(nhs_units(
          R"({ "kind": "ed", "capacity": 1, "service": { "by_acuity": { "*": { "fixed": "1h" } }, "fixed": "1h" }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:43: /units/ae/service: \"by_acuity\" stands alone in its object"});
}

TEST_CASE("patience is a distribution or by_acuity, and assessment units have none",
          "[nhs][loader]") {
  CHECK(
      problems(nhs_units(
          R"({ "kind": "ed", "capacity": 1, "service": { "fixed": "1h" }, "patience": "2h", "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:74: /units/ae/patience: a distribution is an object with one key, "
               "e.g. {\"exponential\": {\"mean\": \"1h\"}} (kinds: exponential, lognormal, gamma, "
               "weibull, uniform, triangular, fixed, empirical)"});
  CHECK(
      problems(nhs_units(
          R"({ "kind": "ed", "capacity": 1, "service": { "fixed": "1h" }, "patience": { "by_acuity": { "1": { "fixed": 2 }, "*": { "fixed": "2h" } } }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:107: /units/ae/patience/by_acuity/1/fixed: a bare number is not a "
               "duration; write it with a unit, e.g. \"2h\" or \"2d\" (units s, min, h, d, w)"});
  CHECK(problems(R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05T00:00", "horizon": "10d",
  "arrivals": { "in": { "to": "ward", "rate": "2/h" } },
  "units": {
    "ward": { "kind": "acute", "capacity": 10, "service": { "fixed": "1d" },
              "next": [ { "to": "exit", "p": 1, "assessment": "sw" } ] },
    "sw": { "kind": "assessment", "capacity": 1, "service": { "fixed": "1h" }, "patience": { "fixed": "1h" } }
} })") == Problems{"test.json:7:80: /units/sw/patience: an assessment unit takes no \"patience\": "
                   "its patients stay in their bed, and leave by the route that named the "
                   "assessment"});
}

TEST_CASE("acuity shares add up to 1, by cohort or not", "[nhs][loader]") {
  const std::string ed =
      R"({ "kind": "ed", "capacity": 1, "service": { "fixed": "1h" }, "next": { "ward": 1 } })";
  CHECK(problems(nhs_units(ed, R"(, "acuity": { "1": 0.5, "2": 0.4 })")) ==
        Problems{"test.json:3:62: /arrivals/in/acuity: acuity shares must add up to 1 (they add "
                 "up to 0.9)"});
  CHECK(
      problems(nhs_units(ed, R"(, "acuity": { "1": 0.5, "6": 0.5 })")) ==
      Problems{"test.json:3:74: /arrivals/in/acuity/6: unknown key \"6\" in acuity shares, e.g. "
               "{\"1\": 0.01, \"2\": 0.2, \"3\": 0.5, \"4\": 0.25, \"5\": 0.04}; expected one of: "
               "1, 2, 3, 4, 5"});
  CHECK(problems(nhs_units(ed, R"(, "acuity": { "by_cohort": { "*": { "3": 1.5 } } })")) ==
        Problems{"test.json:3:91: /arrivals/in/acuity/by_cohort/*/3: an acuity share must be "
                 "between 0 and 1 (got 1.5)"});
  CHECK(problems(nhs_units(ed, R"(, "ambulance": "yes")")) ==
        Problems{"test.json:3:65: /arrivals/in/ambulance: is true or false (got \"yes\")"});
}

TEST_CASE("discharge hours run forwards within a day", "[nhs][loader]") {
  CHECK(
      problems(nhs_units(
          R"({ "capacity": 1, "service": { "fixed": "1h" }, "discharge": { "from": "20:00", "to": "08:00" }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:61: /units/ae/discharge: \"to\" (08:00) must be later than "
               "\"from\" (20:00): discharges happen between them, within one day"});
  CHECK(
      problems(nhs_units(
          R"({ "capacity": 1, "service": { "fixed": "1h" }, "discharge": { "to": "00:00" }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:61: /units/ae/discharge: \"to\" (00:00) must be later than "
               "\"from\" (00:00): discharges happen between them, within one day"});
  CHECK(
      problems(nhs_units(
          R"({ "capacity": 1, "service": { "fixed": "1h" }, "discharge": { "weekend": 2 }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:74: /units/ae/discharge/weekend: the weekend discharge rate (a "
               "share of the weekday rate, 0 to 1) must be between 0 and 1 (got 2)"});
}

TEST_CASE("escalation beds close below a lower occupancy than they open at, from a finite capacity",
          "[nhs][loader]") {
  CHECK(
      problems(nhs_units(
          R"({ "capacity": 1, "service": { "fixed": "1h" }, "escalation": { "beds": 2, "open_above": 0.9, "close_below": 0.95 }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:109: /units/ae/escalation/close_below: close_below (0.95) must be "
               "lower than open_above (0.9): escalation beds open at one occupancy and close "
               "once it falls below a lower one"});
  CHECK(
      problems(nhs_units(
          R"({ "capacity": "unlimited", "service": { "fixed": "1h" }, "escalation": { "beds": 2, "open_above": 0.9, "close_below": 0.8 }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:72: /units/ae/escalation: escalation beds need a finite capacity to "
               "escalate from"});
  CHECK(
      problems(nhs_units(
          R"({ "capacity": 1, "service": { "fixed": "1h" }, "escalation": { "beds": 2 }, "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:62: /units/ae/escalation: escalation needs \"open_above\"",
               "test.json:9:62: /units/ae/escalation: escalation needs \"close_below\""});
}

TEST_CASE("step-down goes from an acute unit to a virtual ward", "[nhs][loader]") {
  CHECK(
      problems(nhs_units(
          R"({ "kind": "acute", "capacity": 1, "service": { "fixed": "1h" }, "step_down": [ { "to": "ward", "eligible": { "*": 0.5 } } ], "next": { "exit": 1 } })")) ==
      Problems{"test.json:9:88: /units/ae/step_down/0/to: step-down goes to a unit of kind "
               "\"virtual_ward\" (\"ward\" is \"acute\")"});
  CHECK(
      problems(nhs_units(
          R"({ "kind": "ed", "capacity": 1, "service": { "fixed": "1h" }, "step_down": [ { "to": "vw", "eligible": { "*": 0.5 } } ], "next": { "ward": 1 } })")) ==
      Problems{"test.json:9:62: /units/ae/step_down: \"step_down\" belongs to units of kind "
               "\"acute\"; this unit's kind is \"ed\""});
}

TEST_CASE("a route's pathway, assessment and instead are checked", "[nhs][loader]") {
  const std::string acute =
      R"({ "kind": "acute", "capacity": 1, "service": { "fixed": "1h" }, "next": )";
  CHECK(problems(nhs_units(acute + R"([ { "to": "exit", "p": 1, "pathway": 4 } ] })")) ==
        Problems{"test.json:9:110: /units/ae/next/0/pathway: a discharge pathway must be between 0 "
                 "and 3 (got 4)"});
  CHECK(problems(nhs_units(acute + R"([ { "to": "exit", "p": 1, "assessment": "ward" } ] })")) ==
        Problems{"test.json:9:113: /units/ae/next/0/assessment: an assessment names a unit of kind "
                 "\"assessment\" (\"ward\" is not one)"});
  CHECK(problems(nhs_units(acute + R"([ { "to": "exit", "p": 1, "assessment": "sww" } ] })")) ==
        Problems{"test.json:9:113: /units/ae/next/0/assessment: an assessment names a unit of kind "
                 "\"assessment\"; did you mean \"sw\"?"});
  CHECK(problems(nhs_units(acute + R"([ { "to": "sw", "p": 1 } ] })")) ==
        Problems{"test.json:9:83: /units/ae/next/0/to: \"sw\" is an assessment unit: patients are "
                 "assessed in place, on the way out of another unit; name it in a route's "
                 "\"assessment\" instead"});
  CHECK(problems(nhs_units(acute + R"({ "sw": 1 } })")) ==
        Problems{"test.json:9:75: /units/ae/next/sw: \"sw\" is an assessment unit: patients are "
                 "assessed in place, on the way out of another unit; name it in a route's "
                 "\"assessment\" instead"});
  CHECK(problems(nhs_units(
            acute + R"([ { "to": "vw", "p": 1, "when_full": { "instead": "exit" } } ] })")) ==
        Problems{"test.json:9:123: /units/ae/next/0/when_full/instead: instead goes to another "
                 "unit; use \"lose\" to send patients away"});
  // A pathway is a way out of an acute ward; anywhere else it would count nothing.
  CHECK(
      problems(nhs_units(
          R"({ "kind": "ed", "capacity": 1, "service": { "fixed": "1h" }, "next": [ { "to": "ward", "p": 1, "pathway": 1 } ] })")) ==
      Problems{"test.json:9:107: /units/ae/next/0/pathway: a discharge pathway belongs to a route "
               "out of an acute unit; this unit's kind is \"ed\""});
}

// ================================================================================================
// Found in review
// ================================================================================================

TEST_CASE("moving between A&E's own units is one attendance on one clock", "[nhs][ed][review]") {
  // Triage (1h) then majors (3.5h) then a ward: 4.5h in the department, every one admitted.
  const Metrics m = run_one(R"({
    "schema": "flowsim/1", "name": "two ed units", "start": "2026-10-05T00:00", "horizon": "20d",
    "arrivals": { "in": { "to": "triage", "rate": "3/h" } },
    "units": {
      "triage": { "kind": "ed", "capacity": "unlimited", "service": { "fixed": "1h" },
                  "next": { "majors": 1 } },
      "majors": { "kind": "ed", "capacity": "unlimited", "service": { "fixed": "3.5h" },
                  "next": { "ward": 1 } },
      "ward": { "kind": "acute", "capacity": "unlimited", "service": { "fixed": "1h" },
                "next": { "exit": 1 } }
    }
  })");
  CHECK(m["ed.attendances"] == m["unit.triage.arrivals"]);
  CHECK(m["ed.within_4h_pct"] == 0);
  CHECK(m["ed.time_in_department_mean_h"] == Approx(4.5));
  CHECK(m["ed.admitted_pct"] == Approx(100));
}

TEST_CASE("an overflow counts only patients who go to the other unit", "[nhs][acute][review]") {
  // Both wards are full for good: nobody overflows, nobody arrives at the other ward.
  const Metrics m = run_one(R"({
    "schema": "flowsim/1", "name": "both full", "start": "2026-10-05T00:00", "horizon": "10d",
    "arrivals": { "in": { "to": "ae", "rate": "1/h" } },
    "units": {
      "ae": { "capacity": "unlimited", "service": { "fixed": "1h" },
              "next": [ { "to": "ward", "p": 1, "when_full": { "overflow": "other" } } ] },
      "ward": { "kind": "acute", "capacity": 2, "initial": { "patients": 2 },
                "service": { "fixed": "100d" }, "next": { "exit": 1 } },
      "other": { "kind": "acute", "capacity": 2, "initial": { "patients": 2 },
                 "service": { "fixed": "100d" }, "next": { "exit": 1 } }
    }
  })");
  CHECK(m["unit.ward.arrivals"] > 200);
  CHECK(m["unit.ward.overflowed"] == 0);
  CHECK(m["unit.other.arrivals"] == 0);
  CHECK(m["unit.other.entered"] == 0);
}

TEST_CASE("an ambulance is never turned away by A&E's queue limit", "[nhs][ed][review]") {
  // One cubicle held for good and a queue limit of 0: walk-ins are lost, ambulances wait.
  const Metrics m = run_one(R"({
    "schema": "flowsim/1", "name": "crews wait", "start": "2026-10-05T00:00", "horizon": "2d",
    "arrivals": { "walk": { "to": "ae", "rate": "2/h" },
                  "crew": { "to": "ae", "rate": "1/h", "ambulance": true } },
    "units": {
      "ae": { "kind": "ed", "capacity": 1, "queue": { "limit": 0 }, "initial": { "patients": 1 },
              "service": { "fixed": "100d" }, "next": { "exit": 1 } }
    }
  })");
  CHECK(m["unit.ae.lost"] > 0);
  // Walk-ins are two thirds of arrivals; were crews turned away too, all would be lost.
  CHECK(m["unit.ae.lost"] > 0.5 * m["unit.ae.arrivals"]);
  CHECK(m["unit.ae.lost"] < 0.8 * m["unit.ae.arrivals"]);
  CHECK(m["system.lost"] == m["unit.ae.lost"]);
  CHECK(m["system.in_system_end"] > 30);  // the crews, still waiting after two days
}

TEST_CASE(
    "today's A&E patients waiting for a bed are boarding, and waiting for another acute "
    "ward is not NCTR",
    "[nhs][initial][review]") {
  const Metrics m = run_one(R"({
    "schema": "flowsim/1", "name": "today waits", "start": "2026-10-05T00:00", "horizon": "1d",
    "arrivals": { "none": { "to": "ae", "rate": "0/h" } },
    "units": {
      "ae": { "kind": "ed", "capacity": 10, "initial": { "patients": 4, "ready_to_leave": 4 },
              "service": { "fixed": "2h" }, "next": { "amu": 1 } },
      "amu": { "kind": "acute", "capacity": 5, "initial": { "patients": 5, "ready_to_leave": 3 },
               "service": { "fixed": "100d" }, "next": { "ward": 1 } },
      "ward": { "kind": "acute", "capacity": 1, "initial": { "patients": 1 },
                "service": { "fixed": "100d" }, "next": { "exit": 1 } }
    }
  })");
  CHECK(m["ed.boarding_mean"] == Approx(4));
  CHECK(m["acute.nctr_mean"] == 0);
}

TEST_CASE("escalation opens at an occupancy of at most the unit's own beds",
          "[nhs][loader][review]") {
  CHECK(problems(R"({
    "schema": "flowsim/1", "name": "x", "start": "2026-10-05T00:00", "horizon": "1d",
    "arrivals": { "in": { "to": "ward", "rate": "1/h" } },
    "units": { "ward": { "kind": "acute", "capacity": 10, "service": { "fixed": "1h" },
                         "escalation": { "beds": 2, "open_above": 1.2, "close_below": 0.9 },
                         "next": { "exit": 1 } } }
  })")
            .front()
            .find("/units/ward/escalation/open_above: ") != std::string::npos);
}

TEST_CASE("a unit that would have no places is an error", "[nhs][loader][review]") {
  const Problems p = problems(R"({
    "schema": "flowsim/1", "name": "x", "start": "2026-10-05T00:00", "horizon": "1d",
    "population": 1000,
    "arrivals": { "in": { "to": "ward", "rate": "1/h" } },
    "units": {
      "ward": { "kind": "acute", "capacity": { "per_100k": 20 }, "service": { "fixed": "1h" },
              "next": { "vw2": 1 } },
      "vw2": { "kind": "virtual_ward", "capacity": 5, "staff": { "wte": 0, "patients_per_wte": 3 },
               "service": { "fixed": "1h" }, "next": { "exit": 1 } }
    }
  })");
  REQUIRE(p.size() >= 2);
  CHECK(p[0] ==
        "test.json:6:60: /units/ward/capacity/per_100k: 20 per 100,000 of a population of 1000 "
        "rounds to no places; a unit needs at least 1 (a virtual ward may have none)");
  CHECK(p[1].find("/units/vw2/staff: the staff can look after no patients") != std::string::npos);
}

TEST_CASE("a virtual ward may have no places: a sweep of places starts from none",
          "[nhs][loader]") {
  // Step-ups from A&E go to the ward instead; nobody is stranded waiting for the virtual ward.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "x", "start": "2026-10-05T00:00", "horizon": "20d",
    "population": 100000, "replications": 2,
    "arrivals": { "in": { "to": "ed", "rate": "2/h" } },
    "units": {
      "ed": { "kind": "ed", "capacity": "unlimited", "service": { "fixed": "1h" },
              "next": [ { "to": "vw", "p": 0.5, "when_full": { "instead": "ward" } },
                        { "to": "exit", "p": 0.5 } ] },
      "ward": { "kind": "acute", "capacity": 500, "service": { "fixed": "1d" },
                "next": { "exit": 1 } },
      "vw": { "kind": "virtual_ward", "capacity": { "per_100k": 0 },
              "service": { "fixed": "2d" }, "next": { "exit": 1 } }
    }
  })";
  const LoadedScenario loaded = load_scenario_text("test.json", text);
  const Scenario& s = loaded.variants.front().scenario;
  REQUIRE(s.units[size_t(s.unit_index("vw"))].capacity.fixed == 0);
  const auto names = metric_names(s);
  const auto values = run_replication(s, 0);
  auto metric = [&](const std::string& name) {
    const auto at = std::find(names.begin(), names.end(), name);
    REQUIRE(at != names.end());
    return values[size_t(at - names.begin())];
  };
  CHECK(metric("unit.vw.entered") == 0);
  CHECK(metric("unit.ward.entered") > 150);
  for (double v : values) CHECK(std::isfinite(v));
}

}  // namespace flowsim::models
