// The seam through which a model's mechanisms report their metrics: each adds (name, value)
// pairs in one pass, so that names and values cannot drift apart. The same pass with names only
// lists a scenario's metrics before anything has run, for the results' columns and for checking
// a precision target's metric name.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace flowsim::sim {

class MetricReport {
 public:
  // A report that keeps only the names: values passed to add() are not read.
  static MetricReport names_only() {
    MetricReport r;
    r.names_only_ = true;
    return r;
  }

  void add(std::string name, double value) {
    names_.push_back(std::move(name));
    if (!names_only_) values_.push_back(value);
  }

  bool keeps_values() const { return !names_only_; }
  const std::vector<std::string>& names() const { return names_; }
  std::vector<std::string> take_names() { return std::move(names_); }
  std::vector<double> take_values() { return std::move(values_); }

 private:
  bool names_only_ = false;
  std::vector<std::string> names_;
  std::vector<double> values_;
};

}  // namespace flowsim::sim
