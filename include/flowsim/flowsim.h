// flowsim's installed API: load a scenario, run its experiment (the baseline and every
// intervention over common random numbers), read the results and write them as the command line
// does. These headers use only the standard library; the JSON library and the model stay inside.
//
//   flowsim::Scenario scenario = flowsim::Scenario::load("scenarios/tutorial/01-one-ward.json");
//   flowsim::Results results = flowsim::run(scenario, {.replications = 20, .seed = 1});
//   std::cout << results.table();
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace flowsim {

// The version of the library, as `flowsim --version` prints it.
const char* version();

// A scenario, an intervention file or a setting that cannot be used. what() is the first problem;
// problems() lists every one found, each as "file:line:column: /pointer: what is wrong".
class InvalidScenario : public std::runtime_error {
 public:
  explicit InvalidScenario(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

class Results;
struct RunOptions;

// A scenario file read, checked and built, with its interventions and sweeps.
class Scenario {
 public:
  // Reads path. Each setting is "/json/pointer=value", as `flowsim run --set` takes it.
  // Throws InvalidScenario.
  static Scenario load(const std::string& path, const std::vector<std::string>& settings = {});
  // Adds the intervention in a file of its own ({"name", "description", "patch"}) after the
  // scenario's own. Throws InvalidScenario.
  void add_intervention(const std::string& path);

  const std::string& path() const;
  // The baseline first, then the interventions in file order.
  std::vector<std::string> variants() const;

  Scenario(Scenario&&) noexcept;
  Scenario& operator=(Scenario&&) noexcept;
  ~Scenario();

  struct Loaded;  // the built scenario, private to the library

 private:
  explicit Scenario(std::unique_ptr<Loaded> loaded);
  std::unique_ptr<Loaded> loaded_;
  friend class Results;
  friend Results run(const Scenario&, const RunOptions&);
};

struct RunOptions {
  std::optional<int> replications;  // instead of the scenario's
  std::optional<uint64_t> seed;     // instead of the scenario's
  unsigned threads = 0;             // 0: every core; the results do not depend on it
};

// A metric over the replications: its mean, the 95% confidence interval of the mean (Student's
// t; NaN with one replication) and how many replications it is taken over.
struct Estimate {
  double mean = 0, ci95_low = 0, ci95_high = 0;
  int replications = 0;
};

// An intervention against the baseline on one headline metric, paired replication by
// replication (the same random streams drove both).
struct Comparison {
  std::string intervention;
  std::string metric;
  Estimate baseline, with_intervention, difference;
  bool excludes_zero = false;  // the difference's interval lies wholly above or below zero
};

class Results {
 public:
  // The baseline first, then the interventions.
  std::vector<std::string> variants() const;
  // Every metric name a variant reports (e.g. "ed.within_4h", "unit.ward.mean_wait_h").
  std::vector<std::string> metrics(const std::string& variant) const;
  // A metric of a variant; nullopt when that variant does not report it.
  std::optional<Estimate> estimate(const std::string& variant, const std::string& metric) const;
  // The headline metrics of every intervention against the baseline.
  std::vector<Comparison> comparisons() const;
  // Things to know before trusting the numbers (a warm-up that looks too short, an unstable
  // unit).
  std::vector<std::string> warnings() const;

  // The table `flowsim run` prints.
  std::string table() const;
  // Writes summary.json, the CSVs and report.html into dir (made if missing), as
  // `flowsim run --out dir` does.
  void write(const std::string& dir) const;

  Results(Results&&) noexcept;
  Results& operator=(Results&&) noexcept;
  ~Results();

  struct Run;  // the experiment's result, private to the library

 private:
  explicit Results(std::unique_ptr<Run> run);
  std::unique_ptr<Run> run_;
  friend Results run(const Scenario&, const RunOptions&);
};

// Runs the baseline and every intervention over their replications. Throws InvalidScenario
// when the run cannot start.
Results run(const Scenario& scenario, const RunOptions& options = {});

}  // namespace flowsim
