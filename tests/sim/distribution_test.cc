// Tests for sim/distribution.h: the normal quantile function and the distributions of
// non-negative quantities.
//
// Statistical checks use a fixed stream, so each is deterministic; tolerances are five standard
// errors of the estimate, so a correct sampler passes with a wide margin and a wrong mean or
// spread fails.
#include "sim/distribution.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/random.h"

namespace flowsim::sim {
namespace {

constexpr int kDraws = 200'000;

struct SampleMoments {
  double mean = 0;
  double variance = 0;  // n - 1 in the denominator
  double m4 = 0;        // fourth central moment
  double min = 0;
};

SampleMoments moments_of(const Distribution& d, uint64_t index) {
  RandomStream rng(StreamKey{2026, 0, purpose_hash("distribution test"), index});
  std::vector<double> x(kDraws);
  for (double& v : x) v = d.sample(rng);
  SampleMoments m;
  double sum = 0;
  for (double v : x) sum += v;
  m.mean = sum / kDraws;
  double s2 = 0, s4 = 0;
  for (double v : x) {
    const double dev = (v - m.mean) * (v - m.mean);
    s2 += dev;
    s4 += dev * dev;
  }
  m.variance = s2 / (kDraws - 1);
  m.m4 = s4 / kDraws;
  m.min = *std::min_element(x.begin(), x.end());
  return m;
}

// Checks the sample mean and variance of d against the true ones, within five standard errors:
// sd / sqrt(n) for the mean, sqrt((mu4 - sigma^4) / n) for the variance (mu4 estimated from the
// sample). Also checks that d reports those true moments itself.
void check_moments(const Distribution& d, double true_mean, double true_variance, uint64_t index) {
  INFO(d.describe());
  CHECK(d.mean() == Approx(true_mean).epsilon(1e-12));
  CHECK(d.variance() == Approx(true_variance).epsilon(1e-12));
  const SampleMoments m = moments_of(d, index);
  const double se_mean = std::sqrt(true_variance / kDraws);
  const double se_variance = std::sqrt((m.m4 - m.variance * m.variance) / kDraws);
  INFO("sample mean " << m.mean << ", sample variance " << m.variance);
  CHECK(std::abs(m.mean - true_mean) < 5 * se_mean);
  CHECK(std::abs(m.variance - true_variance) < 5 * se_variance);
  CHECK(m.min >= 0.0);
}

// ---------------------------------------------------------------------------------------------
// normal_quantile

TEST_CASE("normal_quantile matches known quantiles to full precision", "[distribution]") {
  // Reference values computed with 50-digit arithmetic.
  CHECK(std::abs(normal_quantile(0.5)) < 1e-16);
  CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-15));
  CHECK(normal_quantile(0.025) == Approx(-1.959963984540054).epsilon(1e-15));
  CHECK(normal_quantile(0.3) == Approx(-0.5244005127080408).epsilon(1e-15));
  CHECK(normal_quantile(0.02425) == Approx(-1.972961051311885).epsilon(1e-15));
  CHECK(normal_quantile(0.001) == Approx(-3.090232306167814).epsilon(1e-15));
  CHECK(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-15));
  CHECK(normal_quantile(1e-300) == Approx(-37.0470962993612).epsilon(1e-14));
}

TEST_CASE("normal_quantile is infinite at and beyond 0 and 1", "[distribution]") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  CHECK(normal_quantile(0.0) == -inf);
  CHECK(normal_quantile(-0.5) == -inf);
  CHECK(normal_quantile(1.0) == inf);
  CHECK(normal_quantile(1.5) == inf);
}

TEST_CASE("normal_quantile of a subnormal probability is a finite far-tail value",
          "[distribution]") {
  // Regression: below p of about 1e-310 the polishing step overflowed and returned NaN.
  const double x = normal_quantile(1e-320);
  CHECK(std::isfinite(x));
  CHECK(x < -37.5);
  CHECK(normal_quantile(std::numeric_limits<double>::denorm_min()) < x);
}

TEST_CASE("normal_quantile inverts the normal distribution function across its range",
          "[distribution]") {
  // From 1e-300 to one half, on a logarithmic grid. Moving x by one unit in the last place
  // changes Phi(x) by a relative |x| ulp(x), so "exact to a few ulps" means Phi(quantile(p))
  // matches p to a few times that (plus the error of erfc itself).
  for (double lg = -300; lg <= std::log10(0.5); lg += 0.25) {
    const double p = std::pow(10.0, lg);
    const double x = normal_quantile(p);
    const double back = 0.5 * std::erfc(-x / std::numbers::sqrt2);
    const double ulp = std::nextafter(std::abs(x), INFINITY) - std::abs(x);
    INFO("p = " << p << ", x = " << x << ", Phi(x) / p - 1 = " << back / p - 1);
    REQUIRE(std::abs(back / p - 1) < 1e-14 + 4 * std::abs(x) * ulp);
  }
}

TEST_CASE("normal_quantile is antisymmetric about one half and increasing", "[distribution]") {
  double previous = -std::numeric_limits<double>::infinity();
  for (int i = 1; i < 100'000; ++i) {
    const double p = i / 100'000.0;
    const double x = normal_quantile(p);
    REQUIRE(x > previous);
    previous = x;
    // 1 - p is rounded, so compare with the quantile of exactly the rounded value.
    if (p >= 0.001 && p <= 0.5) REQUIRE(normal_quantile(1 - p) == Approx(-x).margin(1e-12));
  }
}

// ---------------------------------------------------------------------------------------------
// Moments of each kind

TEST_CASE("a fixed distribution always gives its value", "[distribution]") {
  const Distribution d = Distribution::fixed(3.5);
  CHECK(d.kind() == Distribution::Kind::kFixed);
  CHECK(d.mean() == 3.5);
  CHECK(d.variance() == 0.0);
  RandomStream rng(StreamKey{1, 0, 0, 0});
  for (int i = 0; i < 100; ++i) REQUIRE(d.sample(rng) == 3.5);
}

TEST_CASE("a default distribution is fixed at zero", "[distribution]") {
  const Distribution d;
  CHECK(d.kind() == Distribution::Kind::kFixed);
  RandomStream rng;
  CHECK(d.sample(rng) == 0.0);
  CHECK(d.describe() == "fixed 0");
}

TEST_CASE("exponential samples have the requested mean and a variance of its square",
          "[distribution]") {
  const Distribution d = Distribution::exponential(2);
  CHECK(d.kind() == Distribution::Kind::kExponential);
  check_moments(d, 2, 4, 1);
}

TEST_CASE("lognormal samples have the requested mean and sd", "[distribution]") {
  SECTION("mean 5, sd 4") {
    const Distribution d = Distribution::lognormal(5, 4);
    CHECK(d.kind() == Distribution::Kind::kLognormal);
    check_moments(d, 5, 16, 2);
  }
  SECTION("mean 0.5, sd 0.1") {
    check_moments(Distribution::lognormal(0.5, 0.1), 0.5, 0.01, 3);
  }
  SECTION("mean 72, sd 96 (a length of stay in hours)") {
    check_moments(Distribution::lognormal(72, 96), 72, 96.0 * 96, 4);
  }
}

TEST_CASE("a lognormal with zero sd always gives its mean", "[distribution]") {
  const Distribution d = Distribution::lognormal(6, 0);
  RandomStream rng(StreamKey{1, 0, 0, 0});
  for (int i = 0; i < 100; ++i) REQUIRE(d.sample(rng) == Approx(6.0).epsilon(1e-14));
}

TEST_CASE("gamma samples have the requested mean and sd", "[distribution]") {
  SECTION("shape above one (mean 5, sd 4)") {
    const Distribution d = Distribution::gamma(5, 4);
    CHECK(d.kind() == Distribution::Kind::kGamma);
    check_moments(d, 5, 16, 5);
  }
  SECTION("shape below one (mean 2, sd 3)") {
    check_moments(Distribution::gamma(2, 3), 2, 9, 6);
  }
  SECTION("shape one tenth (mean 1, sd sqrt 10)") {
    check_moments(Distribution::gamma(1, std::sqrt(10.0)), 1, 10, 7);
  }
  SECTION("shape one hundred (mean 100, sd 10)") {
    check_moments(Distribution::gamma(100, 10), 100, 100, 8);
  }
}

TEST_CASE("weibull samples have the textbook mean and variance", "[distribution]") {
  SECTION("shape 1.5, scale 3") {
    const Distribution d = Distribution::weibull(1.5, 3);
    CHECK(d.kind() == Distribution::Kind::kWeibull);
    check_moments(d, 2.708235878852801, 3.3812125633253856, 9);
  }
  SECTION("shape 0.8, scale 2") {
    check_moments(Distribution::weibull(0.8, 2), 2.2660061926386925, 8.158619816714465, 10);
  }
  SECTION("shape 1 is the exponential") {
    check_moments(Distribution::weibull(1, 3), 3, 9, 11);
  }
  SECTION("shape 2, scale 1 (Rayleigh)") {
    check_moments(Distribution::weibull(2, 1), std::sqrt(std::numbers::pi) / 2,
                  1 - std::numbers::pi / 4, 12);
  }
}

TEST_CASE("uniform samples lie between the bounds with the textbook moments", "[distribution]") {
  const Distribution d = Distribution::uniform(2, 6);
  CHECK(d.kind() == Distribution::Kind::kUniform);
  check_moments(d, 4, 16.0 / 12, 13);
  RandomStream rng(StreamKey{1, 0, 0, 0});
  for (int i = 0; i < 10'000; ++i) {
    const double x = d.sample(rng);
    REQUIRE(x >= 2.0);
    REQUIRE(x < 6.0);
  }
  CHECK(Distribution::uniform(3, 3).sample(rng) == 3.0);
}

TEST_CASE("triangular samples lie between the bounds with the textbook moments", "[distribution]") {
  SECTION("mode inside") {
    const Distribution d = Distribution::triangular(1, 2, 6);
    CHECK(d.kind() == Distribution::Kind::kTriangular);
    check_moments(d, 3, 21.0 / 18, 14);
  }
  SECTION("mode at the minimum") {
    check_moments(Distribution::triangular(0, 0, 1), 1.0 / 3, 1.0 / 18, 15);
  }
  SECTION("mode at the maximum") {
    check_moments(Distribution::triangular(2, 5, 5), 4, 0.5, 16);
  }
  SECTION("all three equal") {
    RandomStream rng;
    CHECK(Distribution::triangular(2, 2, 2).sample(rng) == 2.0);
  }
  SECTION("never outside the bounds") {
    const Distribution d = Distribution::triangular(1, 2, 6);
    RandomStream rng(StreamKey{1, 0, 0, 0});
    for (int i = 0; i < 10'000; ++i) {
      const double x = d.sample(rng);
      REQUIRE(x >= 1.0);
      REQUIRE(x <= 6.0);
    }
  }
}

TEST_CASE("empirical draws each value with equal probability", "[distribution]") {
  const Distribution d = Distribution::empirical({1, 2, 2, 7});
  CHECK(d.kind() == Distribution::Kind::kEmpirical);
  // Resampling: the population mean and population variance of the values.
  check_moments(d, 3, 5.5, 17);
  RandomStream rng(StreamKey{1, 0, 0, 0});
  int ones = 0, twos = 0, sevens = 0;
  constexpr int kN = 100'000;
  for (int i = 0; i < kN; ++i) {
    const double x = d.sample(rng);
    ones += x == 1;
    twos += x == 2;
    sevens += x == 7;
  }
  CHECK(ones + twos + sevens == kN);
  // Binomial standard error of a proportion of 1/4 is sqrt(3/16 / n).
  const double se = std::sqrt(3.0 / 16 / kN);
  CHECK(std::abs(ones / double(kN) - 0.25) < 5 * se);
  CHECK(std::abs(sevens / double(kN) - 0.25) < 5 * se);
}

TEST_CASE("a zero mean exponential always gives zero", "[distribution]") {
  const Distribution d = Distribution::exponential(0);
  RandomStream rng(StreamKey{1, 0, 0, 0});
  for (int i = 0; i < 100; ++i) REQUIRE(d.sample(rng) == 0.0);
}

// ---------------------------------------------------------------------------------------------
// Use of the stream

TEST_CASE("each inverse-transform draw uses exactly one number from the stream", "[distribution]") {
  // This is what keeps common random numbers aligned between two variants of a scenario.
  const Distribution kinds[] = {
      Distribution::exponential(2),      Distribution::lognormal(5, 4),
      Distribution::weibull(1.5, 3),     Distribution::uniform(2, 6),
      Distribution::triangular(1, 2, 6), Distribution::empirical({1, 2, 2, 7})};
  for (const Distribution& d : kinds) {
    INFO(d.describe());
    RandomStream drawn(StreamKey{4, 0, 0, 0});
    RandomStream skipped(StreamKey{4, 0, 0, 0});
    for (int i = 0; i < 1000; ++i) {
      d.sample(drawn);
      skipped();
      REQUIRE(drawn() == skipped());
    }
  }
}

TEST_CASE("the same stream gives the same samples of every kind", "[distribution]") {
  const Distribution kinds[] = {Distribution::gamma(2, 3), Distribution::gamma(5, 1),
                                Distribution::lognormal(5, 4), Distribution::empirical({1, 3})};
  for (const Distribution& d : kinds) {
    RandomStream a(StreamKey{8, 1, 2, 3});
    RandomStream b(StreamKey{8, 1, 2, 3});
    for (int i = 0; i < 1000; ++i) REQUIRE(d.sample(a) == d.sample(b));
  }
}

// ---------------------------------------------------------------------------------------------
// Invalid parameters

TEST_CASE("length-biased draws have the mean E(X^2) / E(X) and stay within the support",
          "[distribution]") {
  // The size-biased version of X (density x f(x) / E[X]) has mean E[X^2] / E[X], and its
  // sample mean's standard error is sqrt(Var_b / n) with Var_b = E[X^3] / E[X] - that mean^2,
  // here estimated from the draws. Five standard errors, as above.
  const Distribution cases[] = {
      Distribution::exponential(2.0),          Distribution::lognormal(4.0, 8.0),
      Distribution::gamma(5.0, 2.0),           Distribution::gamma(0.5, 1.0),
      Distribution::weibull(0.8, 5.0),         Distribution::weibull(3.0, 2.0),
      Distribution::uniform(2.0, 6.0),         Distribution::uniform(0.0, 1.0),
      Distribution::triangular(1.0, 2.0, 9.0), Distribution::empirical({1.0, 9.0, 0.0}),
  };
  uint64_t index = 100;
  for (const Distribution& d : cases) {
    INFO(d.describe());
    RandomStream rng(StreamKey{2026, 0, purpose_hash("length-biased test"), index++});
    std::vector<double> x(kDraws);
    for (double& v : x) v = d.sample_length_biased(rng);
    double sum = 0, sum2 = 0;
    for (double v : x) {
      sum += v;
      sum2 += v * v;
    }
    const double mean = sum / kDraws, var = sum2 / kDraws - mean * mean;
    const double expected = (d.variance() + d.mean() * d.mean()) / d.mean();
    CHECK(std::abs(mean - expected) <= 5 * std::sqrt(var / kDraws));
    CHECK(*std::min_element(x.begin(), x.end()) >= 0);
  }
  // Empirical values are picked in proportion to themselves: 9 nine times as often as 1.
  RandomStream rng(StreamKey{2026, 0, purpose_hash("length-biased test"), 0});
  const Distribution two = Distribution::empirical({1.0, 9.0});
  int nines = 0;
  for (int i = 0; i < kDraws; ++i) nines += two.sample_length_biased(rng) == 9.0;
  CHECK(std::abs(nines - 0.9 * kDraws) <= 5 * std::sqrt(kDraws * 0.9 * 0.1));
  // A fixed value, and anything of mean zero, is itself.
  CHECK(Distribution::fixed(3.0).sample_length_biased(rng) == 3.0);
  CHECK(Distribution::exponential(0.0).sample_length_biased(rng) == 0.0);
  CHECK(Distribution::triangular(0.0, 0.0, 0.0).sample_length_biased(rng) == 0.0);
  CHECK(Distribution::empirical({0.0, 0.0}).sample_length_biased(rng) == 0.0);
}

TEST_CASE("each factory rejects parameters that do not describe non-negative values",
          "[distribution][errors]") {
  using D = Distribution;
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  using Catch::Message;
  using E = std::invalid_argument;

  CHECK_THROWS_MATCHES(D::fixed(-1), E, Message("a fixed value must be >= 0 (got -1)"));
  CHECK_THROWS_MATCHES(D::fixed(inf), E, Message("a fixed value must be >= 0 (got inf)"));
  CHECK_THROWS_AS(D::fixed(nan), E);

  CHECK_THROWS_MATCHES(D::exponential(-2), E, Message("exponential mean must be >= 0 (got -2)"));
  CHECK_THROWS_AS(D::exponential(nan), E);

  CHECK_THROWS_MATCHES(D::lognormal(0, 1), E, Message("lognormal mean must be > 0 (got 0)"));
  CHECK_THROWS_MATCHES(D::lognormal(-3, 1), E, Message("lognormal mean must be > 0 (got -3)"));
  CHECK_THROWS_MATCHES(D::lognormal(5, -1), E, Message("lognormal sd must be >= 0 (got -1)"));
  CHECK_THROWS_MATCHES(D::lognormal(5, inf), E, Message("lognormal sd must be >= 0 (got inf)"));

  CHECK_THROWS_MATCHES(D::gamma(0, 1), E, Message("gamma mean must be > 0 (got 0)"));
  CHECK_THROWS_MATCHES(D::gamma(1, 0), E, Message("gamma sd must be > 0 (got 0)"));
  CHECK_THROWS_MATCHES(D::gamma(1, -0.5), E, Message("gamma sd must be > 0 (got -0.5)"));

  CHECK_THROWS_MATCHES(D::weibull(0, 1), E, Message("weibull shape must be > 0 (got 0)"));
  CHECK_THROWS_MATCHES(D::weibull(1, -1), E, Message("weibull scale must be > 0 (got -1)"));

  CHECK_THROWS_MATCHES(D::uniform(-1, 1), E, Message("uniform bounds must be >= 0"));
  CHECK_THROWS_MATCHES(D::uniform(1, inf), E, Message("uniform bounds must be >= 0"));
  CHECK_THROWS_MATCHES(D::uniform(3, 2), E, Message("uniform min must be <= max (got 3 > 2)"));

  CHECK_THROWS_MATCHES(D::triangular(-1, 0, 1), E, Message("triangular bounds must be >= 0"));
  CHECK_THROWS_MATCHES(D::triangular(1, 0, 2), E,
                       Message("triangular needs min <= mode <= max (got 1, 0, 2)"));
  CHECK_THROWS_MATCHES(D::triangular(1, 3, 2), E,
                       Message("triangular needs min <= mode <= max (got 1, 3, 2)"));

  CHECK_THROWS_MATCHES(D::empirical({}), E, Message("empirical needs at least one value"));
  CHECK_THROWS_MATCHES(D::empirical({1, -2}), E, Message("empirical values must be >= 0 (got -2)"));
  CHECK_THROWS_MATCHES(D::empirical({1, inf}), E,
                       Message("empirical values must be >= 0 (got inf)"));
}

TEST_CASE("boundary parameters that still describe a distribution are accepted",
          "[distribution][errors]") {
  CHECK_NOTHROW(Distribution::fixed(0));
  CHECK_NOTHROW(Distribution::exponential(0));
  CHECK_NOTHROW(Distribution::lognormal(1, 0));
  CHECK_NOTHROW(Distribution::uniform(0, 0));
  CHECK_NOTHROW(Distribution::triangular(0, 0, 0));
  CHECK_NOTHROW(Distribution::empirical({0}));
}

// ---------------------------------------------------------------------------------------------
// describe()

TEST_CASE("describe names the kind and the parameters the planner gave", "[distribution]") {
  CHECK(Distribution::fixed(3.5).describe() == "fixed 3.5");
  CHECK(Distribution::exponential(2).describe() == "exponential(mean 2)");
  CHECK(Distribution::lognormal(5, 4).describe() == "lognormal(mean 5, sd 4)");
  CHECK(Distribution::gamma(0.5, 0.25).describe() == "gamma(mean 0.5, sd 0.25)");
  CHECK(Distribution::weibull(1.5, 3).describe() == "weibull(shape 1.5, scale 3)");
  CHECK(Distribution::uniform(2, 6).describe() == "uniform(2, 6)");
  CHECK(Distribution::triangular(1, 2, 6).describe() == "triangular(1, 2, 6)");
  CHECK(Distribution::empirical({1, 2, 2, 7}).describe() == "empirical(4 values)");
}

}  // namespace
}  // namespace flowsim::sim
