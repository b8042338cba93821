// Probability distributions of non-negative quantities (the model uses them for durations in
// hours). Parameters are the ones planners know: lognormal and gamma take a mean and a standard
// deviation, not their internal parameters.
//
// Every algorithm here is written out, so the same stream gives the same numbers on every
// standard library. Where it can, a draw uses exactly one uniform number (inverse transform),
// which keeps common random numbers aligned between variants; gamma uses rejection.
#pragma once

#include <string>
#include <vector>

#include "sim/random.h"

namespace flowsim::sim {

// The standard normal quantile function (inverse CDF), accurate to about 1e-16 (AS 241).
double normal_quantile(double p);

class Distribution {
 public:
  enum class Kind {
    kFixed,
    kExponential,
    kLognormal,
    kGamma,
    kWeibull,
    kUniform,
    kTriangular,
    kEmpirical
  };

  // Each factory throws std::invalid_argument when the parameters do not describe a
  // distribution of non-negative values (for example a negative mean or min > max).
  static Distribution fixed(double value);
  static Distribution exponential(double mean);
  static Distribution lognormal(double mean, double sd);
  static Distribution gamma(double mean, double sd);
  static Distribution weibull(double shape, double scale);
  static Distribution uniform(double min, double max);
  static Distribution triangular(double min, double mode, double max);
  // Draws one of the values with equal probability (resampling observed data).
  static Distribution empirical(std::vector<double> values);

  Distribution() = default;

  double sample(RandomStream& rng) const;
  // A draw from the length-biased (size-biased) distribution, density x f(x) / mean: the stay
  // of someone found at a census, where long stays are met more often than short ones. Exact
  // for every kind. Times a uniform share, it is the time still to go (the renewal residual,
  // of mean E[X^2] / (2 E[X])). 0 when the mean is 0.
  double sample_length_biased(RandomStream& rng) const;
  double mean() const;
  double variance() const;
  Kind kind() const { return kind_; }
  // "lognormal(mean 5, sd 4)": for reports and error messages.
  std::string describe() const;

 private:
  double sample_gamma(RandomStream& rng) const;

  Kind kind_ = Kind::kFixed;
  double p_[4] = {0, 0, 0, 0};  // kind-specific working parameters, set by the factories
  std::vector<double> values_;
};

}  // namespace flowsim::sim
