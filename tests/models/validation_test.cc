// The simulation against queueing theory: wherever theory has an answer (Erlang B and C,
// M/G/infinity, Jackson networks, Little's law, saturated tandems, exact arrival integrals),
// the simulated mean over the replications must agree with it.
//
// Each check passes when |simulated mean - theory| <= max(kCiFactor x the 95% confidence
// interval's half-width, a small absolute epsilon). The seeds are pinned, so the tests are
// deterministic; the tolerance is wide enough that they also pass on other seeds. To check
// that, set FLOWSIM_VALIDATION_SEED to another seed. Set FLOWSIM_VALIDATION_REPORT=1 to print
// every comparison (theory, simulated mean and half-width).
//
// The theory is written out here, independently of models/ (which has its own estimates).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "experiment/experiment.h"
#include "scenario/scenario.h"
#include "tests/models/test_support.h"

namespace {

using flowsim::models::ExperimentResult;
using flowsim::models::LoadedScenario;
using flowsim::models::MetricSummary;
using flowsim::models::RunOptions;
using flowsim::models::VariantResult;
using flowsim::models::testing::erlang_b;
using flowsim::models::testing::erlang_c;

// How many CI half-widths a simulated mean may stand from theory. 2 x 1.96 standard errors:
// tight enough to catch a bias of a few per cent, loose enough to pass on any seed.
constexpr double kCiFactor = 2.0;

// --- queueing theory ----------------------------------------------------------------------------

struct MMc {
  double lambda, mu;  // per hour
  int c;
  double load() const { return lambda / mu; }
  double utilisation() const { return lambda / (c * mu); }
  double p_wait() const { return erlang_c(c, load()); }
  double wq() const { return p_wait() / (c * mu - lambda); }  // mean wait in queue, hours
  double lq() const { return lambda * wq(); }
  double l() const { return lambda * (wq() + 1 / mu); }
  // P(Wq > t) = C exp(-(c mu - lambda) t), so the q-quantile of the wait is:
  double wq_quantile(double q) const {
    const double tail = 1 - q;
    return p_wait() <= tail ? 0.0 : std::log(p_wait() / tail) / (c * mu - lambda);
  }
};

// --- a calendar of our own, to integrate arrival rates ------------------------------------------

// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t days_from_iso(const std::string& s) {  // "2026-10-05"
  return days_from_civil(std::stoll(s.substr(0, 4)), std::stoi(s.substr(5, 2)),
                         std::stoi(s.substr(8, 2)));
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// The expected number of arrivals of a stream over [start + from_h, start + to_h]: the integral
// of base x hour[h] x weekday[d] x (product of the dated periods covering the day), exactly,
// minute by minute of whole hours. `stream` is the arrival's JSON; `start` is "YYYY-MM-DDTHH:MM".
double expected_arrivals(const nlohmann::json& stream, double base_per_hour,
                         const std::string& start, double from_h, double to_h) {
  const int64_t start_min = days_from_iso(start) * 1440 + std::stoi(start.substr(11, 2)) * 60 +
                            std::stoi(start.substr(14, 2));
  std::array<double, 24> hour;
  std::array<double, 7> weekday;
  hour.fill(1.0);
  weekday.fill(1.0);
  struct Period {
    int64_t from, to;
    double factor;
  };
  std::vector<Period> periods;
  if (stream.contains("profile")) {
    const auto& p = stream["profile"];
    if (p.contains("hour"))
      for (size_t i = 0; i < 24; ++i) hour[i] = p["hour"][i].get<double>();
    if (p.contains("weekday"))
      for (size_t i = 0; i < 7; ++i) weekday[i] = p["weekday"][i].get<double>();
    if (p.contains("periods"))
      for (const auto& q : p["periods"])
        periods.push_back({days_from_iso(q["from"]), days_from_iso(q["to"]), q["factor"]});
  }
  // Work in whole minutes: every boundary in these scenarios falls on a minute.
  const int64_t begin = start_min + int64_t(std::llround(from_h * 60));
  const int64_t end = start_min + int64_t(std::llround(to_h * 60));
  double total = 0;
  for (int64_t t = begin; t < end;) {
    const int64_t next = std::min(end, (floor_div(t, 60) + 1) * 60);
    const int64_t day = floor_div(t, 1440);
    const int h = int((t - day * 1440) / 60);
    const int wd = int(((day % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday; Monday = 0
    double rate = base_per_hour * hour[size_t(h)] * weekday[size_t(wd)];
    for (const auto& p : periods)
      if (day >= p.from && day <= p.to) rate *= p.factor;
    total += rate * double(next - t) / 60.0;
    t = next;
  }
  return total;
}

// --- running and comparing ----------------------------------------------------------------------

ExperimentResult run(const std::string& text, int replications) {
  const LoadedScenario loaded = flowsim::models::load_scenario_text("validation.json", text);
  RunOptions options;
  options.replications = replications;
  options.threads = 2;
  if (const char* seed = std::getenv("FLOWSIM_VALIDATION_SEED")) {
    options.seed = std::strtoull(seed, nullptr, 10);
  }
  return flowsim::models::run_experiment(loaded, options);
}

bool reporting() {
  return std::getenv("FLOWSIM_VALIDATION_REPORT") != nullptr;
}

const VariantResult& variant(const ExperimentResult& r, const std::string& name) {
  for (const auto& v : r.variants)
    if (v.name == name) return v;
  FAIL("no variant " << name);
  throw std::logic_error("unreachable");
}

const MetricSummary& metric(const VariantResult& v, const std::string& name) {
  const MetricSummary* m = v.find(name);
  if (m == nullptr) FAIL("no metric " << name);
  return *m;
}

// The metric's value in each replication.
std::vector<double> column(const VariantResult& v, const std::string& name) {
  const auto it = std::find(v.metric_names.begin(), v.metric_names.end(), name);
  if (it == v.metric_names.end()) FAIL("no metric " << name);
  const size_t i = size_t(it - v.metric_names.begin());
  std::vector<double> out;
  for (const auto& row : v.values) out.push_back(row[i]);
  return out;
}

double half_width(const MetricSummary& m) {
  return (m.ci95_high - m.ci95_low) / 2;
}

// Checks a summary against theory: within kCiFactor half-widths, or within `epsilon`.
void check_summary(const std::string& what, const MetricSummary& m, double theory, double epsilon) {
  const double tolerance = std::max(kCiFactor * half_width(m), epsilon);
  if (reporting()) {
    std::printf("%-52s theory %10.4f  sim %10.4f +- %.4f (n=%d)  |diff|/tolerance %.2f\n",
                what.c_str(), theory, m.mean, half_width(m), m.n,
                tolerance > 0 ? std::abs(m.mean - theory) / tolerance : 0.0);
  }
  INFO(what << ": theory " << theory << ", simulated " << m.mean << " +- " << half_width(m)
            << " (95% CI over " << m.n << " replications), tolerance " << tolerance);
  CHECK(std::abs(m.mean - theory) <= tolerance);
}

void check_metric(const VariantResult& v, const std::string& name, double theory, double epsilon) {
  check_summary(v.name + " " + name, metric(v, name), theory, epsilon);
}

// Checks a count per measured hour against a theoretical rate.
void check_per_hour(const VariantResult& v, const std::string& name, double hours, double theory) {
  std::vector<double> values = column(v, name);
  for (double& x : values) x /= hours;
  check_summary(v.name + " " + name + " per hour", flowsim::models::summarise(values), theory, 0.0);
}

double measured_hours(const ExperimentResult& r) {
  return r.horizon_h - r.warmup_h;
}

// Checks that n replications of a Poisson(mean) count have variance near their mean: (n - 1)
// s^2 / mean is then chi-square with n - 1 degrees of freedom (near enough for a large mean),
// and must lie between its 0.05% and 99.95% points.
void check_poisson_dispersion(const std::string& what, const MetricSummary& m, double mean) {
  const double dof = m.n - 1;
  const boost::math::chi_squared chi2(dof);
  const double statistic = dof * m.sd * m.sd / mean;
  const double lo = boost::math::quantile(chi2, 0.0005), hi = boost::math::quantile(chi2, 0.9995);
  if (reporting()) {
    std::printf("%-52s theory %10.4f  sim %10.4f in [%.4f, %.4f]\n", (what + " var/mean").c_str(),
                1.0, statistic / dof, lo / dof, hi / dof);
  }
  INFO(what << ": variance / mean = " << statistic / dof << ", expected within [" << lo / dof
            << ", " << hi / dof << "]");
  CHECK(statistic > lo);
  CHECK(statistic < hi);
}

}  // namespace

TEST_CASE("the theory helpers reproduce textbook values", "[validation]") {
  // Erlang B and C tables: B(10, 8) = 0.1217, C(10, 8) = 0.4092; M/M/1 waits rho/(mu - lambda).
  CHECK(erlang_b(1, 1.0) == Approx(0.5));
  CHECK(erlang_b(10, 8.0) == Approx(0.12166).epsilon(1e-4));
  CHECK(erlang_c(10, 8.0) == Approx(0.40918).epsilon(1e-4));
  CHECK(MMc{0.5, 1.0, 1}.wq() == Approx(1.0));
  CHECK(MMc{0.5, 1.0, 1}.wq_quantile(0.95) == Approx(std::log(10.0) / 0.5));
  // 2026-10-05 is a Monday.
  CHECK(((days_from_civil(2026, 10, 5) % 7) + 7 + 3) % 7 == 0);
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
}

TEST_CASE("an M/M/c unit waits as Erlang C says", "[validation]") {
  // c = 10 places, 8 arrivals an hour, exponential stays of mean 1h: 8 erlangs, rho = 0.8.
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "M/M/10", "start": "2026-10-05T00:00",
    "warmup": "5d", "horizon": "405d", "seed": 11,
    "arrivals": { "in": { "to": "unit", "rate": "8/h" } },
    "units": {
      "unit": { "capacity": 10, "service": { "exponential": { "mean": "1h" } },
                "next": { "exit": 1.0 } }
    }
  })",
                                 100);
  const VariantResult& v = variant(r, "baseline");
  const MMc q{8.0, 1.0, 10};
  check_per_hour(v, "unit.unit.arrivals", measured_hours(r), q.lambda);
  check_metric(v, "unit.unit.wait_mean_h", q.wq(), 0.005);
  check_metric(v, "unit.unit.queue_mean", q.lq(), 0.04);
  check_metric(v, "unit.unit.wait_p95_h", q.wq_quantile(0.95), 0.02);
  check_metric(v, "unit.unit.utilisation", q.utilisation(), 0.002);
  check_metric(v, "unit.unit.occupancy_mean", q.load(), 0.02);
  check_metric(v, "unit.unit.service_mean_h", 1.0, 0.002);
  check_metric(v, "unit.unit.p_lost", 0.0, 0.0);
}

TEST_CASE("a loss system turns patients away as Erlang B says, whatever the stay distribution",
          "[validation]") {
  // Queue limit 0: a loss system. Erlang B is insensitive to the service distribution beyond
  // its mean, so exponential, lognormal and fixed stays of mean 1h all lose B(10, 8) = 12.2%.
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "M/G/10/10", "start": "2026-10-05T00:00",
    "warmup": "2d", "horizon": "202d", "seed": 12,
    "arrivals": { "in": { "to": "unit", "rate": "8/h" } },
    "units": {
      "unit": { "capacity": 10, "queue": { "limit": 0 },
                "service": { "exponential": { "mean": "1h" } }, "next": { "exit": 1.0 } }
    },
    "interventions": {
      "lognormal": { "patch": { "units": { "unit": { "service": {
        "exponential": null, "lognormal": { "mean": "1h", "sd": "2h" } } } } } },
      "fixed": { "patch": { "units": { "unit": { "service": { "exponential": null, "fixed": "1h" } } } } }
    }
  })",
                                 100);
  const double b = erlang_b(10, 8.0);
  for (const auto& v : r.variants) {
    check_metric(v, "unit.unit.p_lost", b, 0.002);
    check_metric(v, "unit.unit.occupancy_mean", 8.0 * (1 - b), 0.02);
    check_metric(v, "unit.unit.wait_mean_h", 0.0, 0.0);
    check_metric(v, "unit.unit.queue_mean", 0.0, 0.0);
  }
}

TEST_CASE("an unlimited unit holds lambda x E[S] patients, Poisson distributed (M/G/infinity)",
          "[validation]") {
  // 5 arrivals an hour, lognormal stays of mean 10h and sd 8h: 50 patients inside on average,
  // and at any instant the number inside is Poisson(50), so its variance is 50 too.
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "M/G/inf", "start": "2026-10-05T00:00",
    "warmup": "10d", "horizon": "210d", "seed": 13,
    "arrivals": { "in": { "to": "ward", "rate": "5/h" } },
    "units": {
      "ward": { "capacity": "unlimited", "service": { "lognormal": { "mean": "10h", "sd": "8h" } },
                "next": { "exit": 1.0 } }
    }
  })",
                                 100);
  const VariantResult& v = variant(r, "baseline");
  check_metric(v, "unit.ward.occupancy_mean", 50.0, 0.2);
  check_metric(v, "system.in_system_mean", 50.0, 0.2);
  check_metric(v, "unit.ward.service_mean_h", 10.0, 0.02);
  check_metric(v, "unit.ward.wait_mean_h", 0.0, 0.0);
  CHECK(v.find("unit.ward.utilisation") == nullptr);  // no utilisation without a capacity

  // The number inside at the end of each replication is a sample from Poisson(50).
  const MetricSummary& end = metric(v, "system.in_system_end");
  check_summary("in_system_end (Poisson 50)", end, 50.0, 0.0);
  check_poisson_dispersion("in_system_end", end, 50.0);
}

TEST_CASE("an open Jackson network with feedback matches its traffic equations and M/M/c waits",
          "[validation]") {
  // 3 an hour arrive at A (5 places, mean 1h); 60% go on to B (3 places, mean 1.2h), 20% of
  // B's patients come back to A. Traffic equations: lA = 3 + 0.2 lB, lB = 0.6 lA, so
  // lA = 3 / 0.88 and lB = 0.6 lA. Each unit then behaves as an independent M/M/c queue.
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "Jackson", "start": "2026-10-05T00:00",
    "warmup": "5d", "horizon": "405d", "seed": 14,
    "arrivals": { "in": { "to": "a", "rate": "3/h" } },
    "units": {
      "a": { "capacity": 5, "service": { "exponential": { "mean": "1h" } },
             "next": { "b": 0.6, "exit": 0.4 } },
      "b": { "capacity": 3, "service": { "exponential": { "mean": "1.2h" } },
             "next": { "a": 0.2, "exit": 0.8 } }
    }
  })",
                                 100);
  const VariantResult& v = variant(r, "baseline");
  const double la = 3.0 / (1 - 0.6 * 0.2), lb = 0.6 * la;
  const MMc a{la, 1.0, 5}, b{lb, 1 / 1.2, 3};
  const double hours = measured_hours(r);
  check_per_hour(v, "unit.a.arrivals", hours, la);
  check_per_hour(v, "unit.b.arrivals", hours, lb);
  check_metric(v, "unit.a.wait_mean_h", a.wq(), 0.003);
  check_metric(v, "unit.b.wait_mean_h", b.wq(), 0.01);
  check_metric(v, "unit.a.utilisation", a.utilisation(), 0.002);
  check_metric(v, "unit.b.utilisation", b.utilisation(), 0.002);
  check_metric(v, "unit.b.queue_mean", b.lq(), 0.02);
  // The whole network: L = LA + LB, and by Little's law the mean time in the system is L / 3.
  check_metric(v, "system.in_system_mean", a.l() + b.l(), 0.05);
  check_metric(v, "system.time_in_system_mean_h", (a.l() + b.l()) / 3.0, 0.02);
  check_per_hour(v, "system.departures", hours, 3.0);
  check_metric(v, "unit.a.blocked_mean_h", 0.0, 0.0);  // unlimited queues: nobody is blocked
}

TEST_CASE("Little's law holds on every unit of a network with blocking, delays and losses",
          "[validation]") {
  // A&E (6 cubicles, queue limit 20) sends 40% to a ward with no queue of its own (limit 0):
  // they board in A&E when it is full. The ward discharges home after a fixed 30min delay or,
  // for 30%, to rehab after an exponential 1h delay; rehab (3 places, no queue) is overloaded,
  // so ward patients wait in their beds for it. Everyone in a unit is in service or past it (in a
  // route delay or waiting for the next unit, which blocked_mean_h measures together):
  // L = (entered per hour) x (service + blocked), per unit; and the queues obey
  // Lq = (entered per hour) x (mean wait).
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "Little", "start": "2026-10-05T00:00",
    "warmup": "10d", "horizon": "410d", "seed": 15,
    "arrivals": { "in": { "to": "ae", "rate": "4/h" } },
    "units": {
      "ae": { "capacity": 6, "queue": { "limit": 20 },
              "service": { "exponential": { "mean": "1h" } }, "next": { "ward": 0.4, "exit": 0.6 } },
      "ward": { "capacity": 12, "queue": { "limit": 0 },
                "service": { "lognormal": { "mean": "6h", "sd": "4h" } },
                "next": [ { "to": "rehab", "p": 0.3, "delay": { "exponential": { "mean": "1h" } } },
                          { "to": "exit", "p": 0.7, "delay": { "fixed": "30min" } } ] },
      "rehab": { "capacity": 3, "queue": { "limit": 0 },
                 "service": { "gamma": { "mean": "8h", "sd": "4h" } }, "next": { "exit": 1.0 } }
    }
  })",
                                 50);
  const VariantResult& v = variant(r, "baseline");
  const double hours = measured_hours(r);
  for (const char* name : {"ae", "ward", "rehab"}) {
    const std::string p = std::string("unit.") + name + ".";
    const auto occ = column(v, p + "occupancy_mean"), entered = column(v, p + "entered"),
               service = column(v, p + "service_mean_h"), blocked = column(v, p + "blocked_mean_h"),
               queue = column(v, p + "queue_mean"), wait = column(v, p + "wait_mean_h");
    std::vector<double> place_gap, queue_gap;
    for (size_t i = 0; i < occ.size(); ++i) {
      const double rate = entered[i] / hours;
      place_gap.push_back(occ[i] - rate * (service[i] + blocked[i]));
      queue_gap.push_back(queue[i] - rate * wait[i]);
    }
    // Relative epsilons allow for patients in flight at the ends of the measured period.
    const double l = metric(v, p + "occupancy_mean").mean;
    check_summary(p + "occupancy - L(Little)", flowsim::models::summarise(place_gap), 0.0,
                  0.003 * l);
    check_summary(p + "queue_mean - Lq(Little)", flowsim::models::summarise(queue_gap), 0.0,
                  0.003 * metric(v, p + "queue_mean").mean + 1e-9);
  }
  // Blocking really happens here, or this test would prove little: beyond the mean delay of
  // 0.3 x 1h + 0.7 x 30min.
  CHECK(metric(v, "unit.ward.blocked_mean_h").mean > 0.65 + 0.5);
  CHECK(metric(v, "unit.ae.blocked_mean_h").mean > 0.05);
  CHECK(metric(v, "unit.ae.lost").mean > 0);
  // The whole system: patients lost at the door spend no time inside, so
  // in_system_mean = (departures per hour) x time_in_system_mean_h.
  const auto in_system = column(v, "system.in_system_mean"),
             departures = column(v, "system.departures"),
             time_in = column(v, "system.time_in_system_mean_h");
  std::vector<double> gap;
  for (size_t i = 0; i < in_system.size(); ++i) {
    gap.push_back(in_system[i] - departures[i] / hours * time_in[i]);
  }
  check_summary("system in_system_mean - L(Little)", flowsim::models::summarise(gap), 0.0,
                0.003 * metric(v, "system.in_system_mean").mean);
}

TEST_CASE("arrivals follow the hour-of-day profile exactly", "[validation]") {
  // Every hour's factor is 0 but 10:00-11:00's, so 6 patients a day arrive, all within that
  // hour: the desk is open (1000 places, no queue) only then, so nobody is ever lost. The run
  // starts and the measured period begins mid-morning, part-way through a day.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "hour profile", "start": "2026-10-05T07:30",
    "warmup": "26.75h", "horizon": "60d", "seed": 16,
    "arrivals": { "in": { "to": "desk", "rate": "6/h", "profile": {
      "hour": [0,0,0,0,0,0,0,0,0,0, 1, 0,0,0,0,0,0,0,0,0,0,0,0,0] } } },
    "units": {
      "desk": { "capacity": { "schedule": [ { "capacity": 0 },
                                            { "from": "10:00", "to": "11:00", "capacity": 1000 } ] },
                "queue": { "limit": 0 }, "service": { "fixed": "1min" }, "next": { "exit": 1.0 } }
    }
  })";
  const ExperimentResult r = run(text, 200);
  const VariantResult& v = variant(r, "baseline");
  const nlohmann::json doc = nlohmann::json::parse(text);
  const double expected =
      expected_arrivals(doc["arrivals"]["in"], 6.0, "2026-10-05T07:30", r.warmup_h, r.horizon_h);
  // Measured from Tuesday 10:15 to 07:30 on day 60: 45 minutes of Tuesday's window, then 58
  // whole windows.
  CHECK(expected == Approx(6.0 * 58.75).epsilon(1e-12));
  check_metric(v, "system.arrivals", expected, 0.0);
  CHECK(metric(v, "unit.desk.lost").max == 0);
  CHECK(metric(v, "unit.desk.entered").min == metric(v, "unit.desk.arrivals").min);
}

TEST_CASE("arrivals follow the day-of-week profile exactly", "[validation]") {
  // Only Mondays (factor 1) and Sundays (factor 2.5) have arrivals; the desk is open only on
  // those days, so nobody is lost.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "weekday profile", "start": "2026-10-07T13:00",
    "warmup": "3d", "horizon": "120d", "seed": 17,
    "arrivals": { "in": { "to": "desk", "rate": "2/h", "profile": {
      "weekday": [1, 0, 0, 0, 0, 0, 2.5] } } },
    "units": {
      "desk": { "capacity": { "schedule": [ { "capacity": 0 },
                                            { "days": ["mon", "sun"], "capacity": 1000 } ] },
                "queue": { "limit": 0 }, "service": { "fixed": "1min" }, "next": { "exit": 1.0 } }
    }
  })";
  const ExperimentResult r = run(text, 200);
  const VariantResult& v = variant(r, "baseline");
  const nlohmann::json doc = nlohmann::json::parse(text);
  const double expected =
      expected_arrivals(doc["arrivals"]["in"], 2.0, "2026-10-07T13:00", r.warmup_h, r.horizon_h);
  // Saturday 2026-10-10T13:00 to Thursday 2027-02-04T13:00: 17 Mondays and 17 Sundays.
  CHECK(expected == Approx(2.0 * 24 * (17 + 2.5 * 17)).epsilon(1e-12));
  check_metric(v, "system.arrivals", expected, 0.0);
  CHECK(metric(v, "unit.desk.lost").max == 0);
}

TEST_CASE("arrivals follow dated periods exactly, overlapping periods multiplying",
          "[validation]") {
  // A surge (x3) from 20 to 31 December overlaps a closure (x0) from 24 December to
  // 2 January: no arrivals at all from the 24th to the 2nd, when the desk is closed.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "dated periods", "start": "2026-12-01T00:00",
    "warmup": "1d", "horizon": "45d", "seed": 18,
    "arrivals": { "in": { "to": "desk", "rate": "3/h", "profile": { "periods": [
      { "name": "surge", "from": "2026-12-20", "to": "2026-12-31", "factor": 3 },
      { "name": "closed", "from": "2026-12-24", "to": "2027-01-02", "factor": 0 } ] } } },
    "units": {
      "desk": { "capacity": { "schedule": [
                  { "capacity": 1000 },
                  { "from_date": "2026-12-24", "to_date": "2027-01-02", "capacity": 0 } ] },
                "queue": { "limit": 0 }, "service": { "fixed": "1min" }, "next": { "exit": 1.0 } }
    }
  })";
  const ExperimentResult r = run(text, 200);
  const VariantResult& v = variant(r, "baseline");
  const nlohmann::json doc = nlohmann::json::parse(text);
  const double expected =
      expected_arrivals(doc["arrivals"]["in"], 3.0, "2026-12-01T00:00", r.warmup_h, r.horizon_h);
  // 2 to 19 Dec (18 days) x1, 20 to 23 Dec (4 days) x3, 24 Dec to 2 Jan x0, 3 to 14 Jan (12
  // days) x1.
  CHECK(expected == Approx(3.0 * 24 * (18 + 4 * 3 + 12)).epsilon(1e-12));
  check_metric(v, "system.arrivals", expected, 0.0);
  CHECK(metric(v, "unit.desk.lost").max == 0);
}

TEST_CASE("arrivals under a full profile match the exact integral of the rate over the calendar",
          "[validation]") {
  // Hour, weekday and dated factors together, a start at 07:45 and a warm-up ending at 19:45:
  // the count over the measured period is Poisson with mean the integral of the rate.
  const std::string text = R"({
    "schema": "flowsim/1", "name": "full profile", "start": "2026-11-11T07:45",
    "warmup": "1.5d", "horizon": "91.5d", "seed": 19,
    "arrivals": { "in": { "to": "desk", "rate": "4/h", "profile": {
      "hour": [0.3, 0.2, 0.2, 0.1, 0.1, 0.2, 0.4, 0.8, 1.3, 1.8, 2.0, 1.9,
               1.7, 1.6, 1.5, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.8, 0.6, 0.4],
      "weekday": [1.25, 1.05, 1.0, 0.95, 1.0, 0.75, 0.7],
      "periods": [ { "from": "2026-12-01", "to": "2027-01-31", "factor": 1.3 },
                   { "from": "2026-12-25", "to": "2026-12-26", "factor": 0.5 } ] } } },
    "units": {
      "desk": { "capacity": "unlimited", "service": { "fixed": "1min" }, "next": { "exit": 1.0 } }
    }
  })";
  const ExperimentResult r = run(text, 200);
  const VariantResult& v = variant(r, "baseline");
  const nlohmann::json doc = nlohmann::json::parse(text);
  const double expected =
      expected_arrivals(doc["arrivals"]["in"], 4.0, "2026-11-11T07:45", r.warmup_h, r.horizon_h);
  check_metric(v, "system.arrivals", expected, 0.0);
  // A Poisson count: its variance equals its mean.
  check_poisson_dispersion("arrivals", metric(v, "system.arrivals"), expected);
}

TEST_CASE("a saturated tandem with fixed times blocks for exactly the difference of the stays",
          "[validation]") {
  // A (1 place, fixed 1h, always a queue) feeds B (1 place, fixed 3h, no queue). B takes a
  // patient every 3h; A's patient finishes 1h after starting and then waits 2h in place. So A
  // and B are always full, A's throughput is B's, 1 every 3h. A patient joins A's queue (limit
  // 3) when an arrival (30/h) first finds room there, on average 1/30h after a slot frees, and
  // then waits three cycles of 3h.
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "saturated tandem", "start": "2026-10-05T00:00",
    "warmup": "1d", "horizon": "11d", "seed": 20,
    "arrivals": { "in": { "to": "a", "rate": "30/h" } },
    "units": {
      "a": { "capacity": 1, "queue": { "limit": 3 }, "service": { "fixed": "1h" },
             "next": { "b": 1.0 } },
      "b": { "capacity": 1, "queue": { "limit": 0 }, "service": { "fixed": "3h" },
             "next": { "exit": 1.0 } }
    }
  })",
                                 40);
  const VariantResult& v = variant(r, "baseline");
  const double eps = 1e-9;
  CHECK(metric(v, "unit.a.service_mean_h").min == Approx(1.0).margin(eps));
  CHECK(metric(v, "unit.a.service_mean_h").max == Approx(1.0).margin(eps));
  CHECK(metric(v, "unit.a.blocked_mean_h").min == Approx(2.0).margin(eps));
  CHECK(metric(v, "unit.a.blocked_mean_h").max == Approx(2.0).margin(eps));
  CHECK(metric(v, "unit.b.blocked_mean_h").max == 0);
  CHECK(metric(v, "unit.b.wait_mean_h").max == 0);
  CHECK(metric(v, "unit.a.utilisation").min == Approx(1.0).margin(eps));
  CHECK(metric(v, "unit.b.utilisation").min == Approx(1.0).margin(eps));
  // 240 measured hours: 80 patients enter B and leave, give or take one at either end.
  CHECK(metric(v, "unit.b.entered").min >= 79);
  CHECK(metric(v, "unit.b.entered").max <= 81);
  CHECK(metric(v, "system.departures").min >= 79);
  CHECK(metric(v, "system.departures").max <= 81);
  check_metric(v, "unit.a.wait_mean_h", 9.0 - 1.0 / 30, 0.002);
}

TEST_CASE("a saturated tandem with exponential stays and no buffer matches its Markov chain",
          "[validation]") {
  // A (1 place, mean 1h, always a queue) feeds B (1 place, mean 0.8h, no queue). With A never
  // idle, the states are: B idle (0), both working (1), A blocked by B (2). Balance:
  // p1 = p0 m1/m2, p2 = p1 m1/m2. Throughput = m2 (p1 + p2); A's blocked time per patient =
  // p2 / throughput; B's utilisation = p1 + p2.
  const ExperimentResult r = run(R"({
    "schema": "flowsim/1", "name": "Markov tandem", "start": "2026-10-05T00:00",
    "warmup": "2d", "horizon": "402d", "seed": 21,
    "arrivals": { "in": { "to": "a", "rate": "30/h" } },
    "units": {
      "a": { "capacity": 1, "queue": { "limit": 3 }, "service": { "exponential": { "mean": "1h" } },
             "next": { "b": 1.0 } },
      "b": { "capacity": 1, "queue": { "limit": 0 }, "service": { "exponential": { "mean": "0.8h" } },
             "next": { "exit": 1.0 } }
    }
  })",
                                 100);
  const VariantResult& v = variant(r, "baseline");
  const double m1 = 1.0, m2 = 1 / 0.8, q = m1 / m2;
  const double p0 = 1 / (1 + q + q * q), p1 = p0 * q, p2 = p1 * q;
  const double throughput = m2 * (p1 + p2);
  check_per_hour(v, "unit.b.entered", measured_hours(r), throughput);
  check_per_hour(v, "system.departures", measured_hours(r), throughput);
  check_metric(v, "unit.a.blocked_mean_h", p2 / throughput, 0.002);
  check_metric(v, "unit.b.utilisation", p1 + p2, 0.002);
  check_metric(v, "unit.a.utilisation", 1.0, 1e-3);
}
