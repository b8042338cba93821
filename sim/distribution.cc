#include "sim/distribution.h"

#include <cmath>
#include <cstdio>
#include <numbers>
#include <stdexcept>

namespace flowsim::sim {
namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

bool finite_nonneg(double v) {
  return std::isfinite(v) && v >= 0;
}

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0.0)) return -INFINITY;
  if (!(p < 1.0)) return INFINITY;
  // Wichura's algorithm AS 241 (PPND16, Applied Statistics 37:477-484, 1988): three rational
  // functions of degree 7, accurate to about 1e-16 wherever random draws fall, with no polishing
  // step. The central one needs no logarithm and serves 85% of draws, which matters because every
  // lognormal length of stay comes through here.
  static constexpr double kCentral[2][8] = {
      {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
       1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
       3.3430575583588128105e+4, 2.5090809287301226727e+3},
      {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
       2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
       5.2264952788528545610e+3}};
  static constexpr double kNear[2][8] = {
      {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
       3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
       2.27238449892691845833e-2, 7.74545014278341407640e-4},
      {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
       1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
       1.05075007164441684324e-9}};
  static constexpr double kFar[2][8] = {
      {6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
       2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
       2.71155556874348757815e-5, 2.01033439929228813265e-7},
      {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
       7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
       2.04426310338993978564e-15}};
  const auto ratio = [](const double(&c)[2][8], double x) {
    double num = c[0][7], den = c[1][7];
    for (int i = 6; i >= 0; --i) {
      num = num * x + c[0][i];
      den = den * x + c[1][i];
    }
    return num / den;
  };
  const double q = p - 0.5;
  if (std::abs(q) <= 0.425) return q * ratio(kCentral, 0.180625 - q * q);
  // Tails: in terms of the smaller of p and 1 - p (1 - p is exact here, by Sterbenz's lemma).
  const double r = std::sqrt(-std::log(q < 0 ? p : 1.0 - p));
  if (r <= 5.0) {
    const double x = ratio(kNear, r - 1.6);
    return q < 0 ? -x : x;
  }
  // Beyond about 1e-11 (one draw in tens of billions) AS 241 drifts to a few ulps out by 1e-200;
  // there one Halley step on the exact distribution function restores full precision.
  const double far = ratio(kFar, r - 5.0);
  const double x = q < 0 ? -far : far;
  const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  if (!std::isfinite(u)) return x;  // p below about 1e-300: exp overflows; keep AS 241's value
  return x - u / (1 + x * u / 2);
}

Distribution Distribution::fixed(double value) {
  require(finite_nonneg(value), "a fixed value must be >= 0 (got " + num(value) + ")");
  Distribution d;
  d.kind_ = Kind::kFixed;
  d.p_[0] = value;
  return d;
}

Distribution Distribution::exponential(double mean) {
  require(finite_nonneg(mean), "exponential mean must be >= 0 (got " + num(mean) + ")");
  Distribution d;
  d.kind_ = Kind::kExponential;
  d.p_[0] = mean;
  return d;
}

Distribution Distribution::lognormal(double mean, double sd) {
  require(std::isfinite(mean) && mean > 0, "lognormal mean must be > 0 (got " + num(mean) + ")");
  require(finite_nonneg(sd), "lognormal sd must be >= 0 (got " + num(sd) + ")");
  Distribution d;
  d.kind_ = Kind::kLognormal;
  const double sigma2 = std::log1p((sd / mean) * (sd / mean));
  d.p_[0] = std::log(mean) - sigma2 / 2;  // mu
  d.p_[1] = std::sqrt(sigma2);            // sigma
  d.p_[2] = mean;
  d.p_[3] = sd;
  return d;
}

Distribution Distribution::gamma(double mean, double sd) {
  require(std::isfinite(mean) && mean > 0, "gamma mean must be > 0 (got " + num(mean) + ")");
  require(std::isfinite(sd) && sd > 0, "gamma sd must be > 0 (got " + num(sd) + ")");
  Distribution d;
  d.kind_ = Kind::kGamma;
  d.p_[0] = (mean * mean) / (sd * sd);  // shape k
  d.p_[1] = (sd * sd) / mean;           // scale theta
  d.p_[2] = mean;
  d.p_[3] = sd;
  return d;
}

Distribution Distribution::weibull(double shape, double scale) {
  require(std::isfinite(shape) && shape > 0, "weibull shape must be > 0 (got " + num(shape) + ")");
  require(std::isfinite(scale) && scale > 0, "weibull scale must be > 0 (got " + num(scale) + ")");
  Distribution d;
  d.kind_ = Kind::kWeibull;
  d.p_[0] = shape;
  d.p_[1] = scale;
  return d;
}

Distribution Distribution::uniform(double min, double max) {
  require(finite_nonneg(min) && std::isfinite(max), "uniform bounds must be >= 0");
  require(min <= max, "uniform min must be <= max (got " + num(min) + " > " + num(max) + ")");
  Distribution d;
  d.kind_ = Kind::kUniform;
  d.p_[0] = min;
  d.p_[1] = max;
  return d;
}

Distribution Distribution::triangular(double min, double mode, double max) {
  require(finite_nonneg(min) && std::isfinite(mode) && std::isfinite(max),
          "triangular bounds must be >= 0");
  require(min <= mode && mode <= max, "triangular needs min <= mode <= max (got " + num(min) +
                                          ", " + num(mode) + ", " + num(max) + ")");
  Distribution d;
  d.kind_ = Kind::kTriangular;
  d.p_[0] = min;
  d.p_[1] = mode;
  d.p_[2] = max;
  return d;
}

Distribution Distribution::empirical(std::vector<double> values) {
  require(!values.empty(), "empirical needs at least one value");
  for (double v : values)
    require(finite_nonneg(v), "empirical values must be >= 0 (got " + num(v) + ")");
  Distribution d;
  d.kind_ = Kind::kEmpirical;
  d.values_ = std::move(values);
  return d;
}

double Distribution::sample(RandomStream& rng) const {
  switch (kind_) {
    case Kind::kFixed:
      return p_[0];
    case Kind::kExponential:
      return -p_[0] * std::log(rng.uniform_pos());
    case Kind::kLognormal:
      return std::exp(p_[0] + p_[1] * normal_quantile(rng.uniform_pos() * (1 - 0x1.0p-54)));
    case Kind::kGamma:
      return sample_gamma(rng);
    case Kind::kWeibull:
      return p_[1] * std::pow(-std::log(rng.uniform_pos()), 1 / p_[0]);
    case Kind::kUniform:
      return p_[0] + (p_[1] - p_[0]) * rng.uniform();
    case Kind::kTriangular: {
      const double u = rng.uniform();
      const double lo = p_[0], mode = p_[1], hi = p_[2];
      if (hi == lo) return lo;
      const double f = (mode - lo) / (hi - lo);
      if (u < f) return lo + std::sqrt(u * (hi - lo) * (mode - lo));
      return hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
    case Kind::kEmpirical:
      return values_[rng.below(values_.size())];
  }
  return 0;
}

// Each kind's length-biased version is a distribution of a known kind: x f(x) / mean.
double Distribution::sample_length_biased(RandomStream& rng) const {
  switch (kind_) {
    case Kind::kFixed:
      return p_[0];
    case Kind::kExponential:  // gamma of shape 2
      return -p_[0] * (std::log(rng.uniform_pos()) + std::log(rng.uniform_pos()));
    case Kind::kLognormal:  // lognormal(mu + sigma^2, sigma)
      return std::exp(p_[0] + p_[1] * p_[1] +
                      p_[1] * normal_quantile(rng.uniform_pos() * (1 - 0x1.0p-54)));
    case Kind::kGamma: {  // gamma of shape k + 1, the same scale
      const double k = p_[0] + 1, theta = p_[1];
      return gamma(k * theta, std::sqrt(k) * theta).sample(rng);
    }
    case Kind::kWeibull: {  // scale x G^(1/shape), G gamma of shape 1 + 1/shape and scale 1
      const double k = 1 + 1 / p_[0];
      return p_[1] * std::pow(gamma(k, std::sqrt(k)).sample(rng), 1 / p_[0]);
    }
    case Kind::kUniform: {  // density proportional to x on [min, max]: invert x^2
      const double lo = p_[0], hi = p_[1];
      return std::sqrt(lo * lo + (hi * hi - lo * lo) * rng.uniform());
    }
    case Kind::kTriangular: {  // rejection: accept a draw x with probability x / max
      if (p_[2] <= 0) return 0;
      for (;;) {
        const double x = sample(rng);
        if (rng.uniform() * p_[2] < x) return x;
      }
    }
    case Kind::kEmpirical: {  // each value in proportion to itself
      double total = 0;
      for (double v : values_) total += v;
      if (total <= 0) return 0;
      double pick = rng.uniform() * total;
      for (double v : values_) {
        if (pick < v) return v;
        pick -= v;
      }
      return values_.back();
    }
  }
  return 0;
}

// Marsaglia and Tsang (2000), with the shape < 1 boost u^(1/k).
double Distribution::sample_gamma(RandomStream& rng) const {
  const double k = p_[0];
  const double theta = p_[1];
  const bool boost = k < 1;
  const double shape = boost ? k + 1 : k;
  const double dd = shape - 1.0 / 3;
  const double cc = 1 / std::sqrt(9 * dd);
  double x;
  for (;;) {
    double z, v;
    do {
      z = normal_quantile(rng.uniform_pos() * (1 - 0x1.0p-54));
      v = 1 + cc * z;
    } while (v <= 0);
    v = v * v * v;
    const double u = rng.uniform_pos();
    if (u < 1 - 0.0331 * z * z * z * z || std::log(u) < 0.5 * z * z + dd * (1 - v + std::log(v))) {
      x = dd * v;
      break;
    }
  }
  if (boost) x *= std::pow(rng.uniform_pos(), 1 / k);
  return x * theta;
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::kFixed:
    case Kind::kExponential:
      return p_[0];
    case Kind::kLognormal:
    case Kind::kGamma:
      return p_[2];
    case Kind::kWeibull:
      return p_[1] * std::tgamma(1 + 1 / p_[0]);
    case Kind::kUniform:
      return (p_[0] + p_[1]) / 2;
    case Kind::kTriangular:
      return (p_[0] + p_[1] + p_[2]) / 3;
    case Kind::kEmpirical: {
      double s = 0;
      for (double v : values_) s += v;
      return s / double(values_.size());
    }
  }
  return 0;
}

double Distribution::variance() const {
  switch (kind_) {
    case Kind::kFixed:
      return 0;
    case Kind::kExponential:
      return p_[0] * p_[0];
    case Kind::kLognormal:
    case Kind::kGamma:
      return p_[3] * p_[3];
    case Kind::kWeibull: {
      const double g1 = std::tgamma(1 + 1 / p_[0]);
      const double g2 = std::tgamma(1 + 2 / p_[0]);
      return p_[1] * p_[1] * (g2 - g1 * g1);
    }
    case Kind::kUniform:
      return (p_[1] - p_[0]) * (p_[1] - p_[0]) / 12;
    case Kind::kTriangular: {
      const double a = p_[0], c = p_[1], b = p_[2];
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    }
    case Kind::kEmpirical: {
      const double m = mean();
      double s = 0;
      for (double v : values_) s += (v - m) * (v - m);
      return s / double(values_.size());
    }
  }
  return 0;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case Kind::kFixed:
      return "fixed " + num(p_[0]);
    case Kind::kExponential:
      return "exponential(mean " + num(p_[0]) + ")";
    case Kind::kLognormal:
      return "lognormal(mean " + num(p_[2]) + ", sd " + num(p_[3]) + ")";
    case Kind::kGamma:
      return "gamma(mean " + num(p_[2]) + ", sd " + num(p_[3]) + ")";
    case Kind::kWeibull:
      return "weibull(shape " + num(p_[0]) + ", scale " + num(p_[1]) + ")";
    case Kind::kUniform:
      return "uniform(" + num(p_[0]) + ", " + num(p_[1]) + ")";
    case Kind::kTriangular:
      return "triangular(" + num(p_[0]) + ", " + num(p_[1]) + ", " + num(p_[2]) + ")";
    case Kind::kEmpirical:
      return "empirical(" + std::to_string(values_.size()) + " values)";
  }
  return "?";
}

}  // namespace flowsim::sim
