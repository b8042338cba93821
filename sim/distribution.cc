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
  // Acklam's rational approximation (relative error 1.2e-9) ...
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  double x;
  if (p < p_low) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - p_low) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // ... polished by one Halley step on the exact CDF to full double precision.
  const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  if (!std::isfinite(u)) return x;  // far tails (p < 1e-300): exp overflows; keep the approximation
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
