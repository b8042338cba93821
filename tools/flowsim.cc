// The flowsim command line: run, validate, draw and estimate scenarios.
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "analysis/estimate.h"
#include "analysis/network.h"
#include "analysis/run_size.h"
#include "experiment/experiment.h"
#include "model/flow_model.h"
#include "output/estimate_table.h"
#include "output/results_files.h"
#include "output/tables.h"
#include "scenario/scenario.h"

namespace fs = std::filesystem;
using namespace flowsim;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitInvalid = 2;

const char* kMainHelp =
    R"(flowsim: a discrete-event simulator of patient flow through an integrated care system.

Usage:
  flowsim run SCENARIO [options]     simulate the baseline and every intervention
  flowsim validate SCENARIO          check a scenario file and report every problem
  flowsim graph SCENARIO [--out FILE]
                                     write the pathway network as Graphviz DOT
  flowsim estimate SCENARIO          expected arrivals and load of every unit, at once, from
                                     the traffic equations (no simulation)
  flowsim --help | --version

Every command takes --set /json/pointer=VALUE; run 'flowsim COMMAND --help' for its options.
Exit status: 0 success, 2 the scenario or the arguments are invalid, or the run is refused as too
large (nothing is written), 1 anything else; a run stopped by Ctrl-C ends by SIGINT (status 130
in a shell).
)";

const char* kRunHelp = R"(Usage: flowsim run SCENARIO [options]

Simulates the scenario's baseline, each of its interventions and every point of its sweeps over
independent replications with common random numbers (replication r of every variant sees the same
patients), prints the headline metrics (mean and 95% confidence interval over replications) and
each intervention's paired difference from the baseline, and writes into the results folder:
  summary.json       every metric of every variant: mean, sd, 95% CI, min, max, p10, p90
  replications.csv   every metric of every replication
  comparison.csv     each intervention against the baseline: the paired difference and its CI
  sweep.csv          each sweep point's headline metrics with their CIs (when there are sweeps)
  daily.csv          per variant and day, the median and 10th/90th percentiles across
                     replications of occupancy, 4-hour performance, NCTR, waiting list
  occupancy.csv      the share of time each unit spent at each occupancy level
  run.json           timings and threads (the only output that varies between identical runs)
  report.html        the results as one page to open in a browser, offline: the tables, the
                     interventions, daily fan charts, sweep curves and the pathway network

Options:
  --reps N            replications per variant (default: the scenario's "replications")
  --precision P       keep adding replications until every headline metric's 95% interval is
                      within P of its mean (e.g. 0.05 for 5%), up to --max-reps
  --max-reps N        the most replications --precision may run (default 1000)
  --seed S            the random seed (default: the scenario's "seed")
  --threads T         threads to run replications on (default: every core); the results are
                      identical for any thread count
  --intervention F    add the intervention in file F: {"name": ..., "description": ...,
                      "patch": {JSON merge patch}} (name defaults to the file's stem). Repeatable.
  --sweep /ptr=SPEC   vary one value of the baseline over SPEC, FROM:TO:STEP or V1,V2,...;
                      give it twice for a grid of two values, e.g.
                        --sweep /units/vw/capacity/per_100k=0:60:5
  --out DIR           the results folder, which must not exist yet, unless --force
                      (default: a new folder under results/)
  --set /ptr=VALUE    change one value before validation, by JSON pointer; VALUE is read as
                      JSON when it is JSON and as a string otherwise. Repeatable. Examples:
                        --set /units/ward/capacity=45
                        --set /units/ward/service/exponential/mean=4d
  --quiet             no progress on stderr
  --force             replace an existing results folder (one flowsim wrote: it holds a
                      summary.json), and run even a scenario whose size estimate says it
                      would take over half an hour, or whose horizon is over 100 years
                      (without --force such a run is refused with its estimate, exit 2)

The results are written into a temporary folder beside DIR and renamed to DIR only when
complete, so a folder named DIR is always a whole set of results.

Ctrl-C (SIGINT) or SIGTERM stops the run within a second: flowsim says how many replications
had finished, removes the unfinished results, and ends by the same signal, which a shell reports
as exit status 130 (SIGINT) or 143 (SIGTERM). Ending by the signal rather than exiting lets a
shell loop over several runs stop at Ctrl-C too. A second Ctrl-C stops flowsim at once.
)";

const char* kValidateHelp = R"(Usage: flowsim validate SCENARIO [--set /ptr=VALUE ...]
                        [--intervention FILE ...] [--sweep /ptr=SPEC ...]

Reads the scenario, each intervention and every sweep point, checks every rule of the scenario format and the
pathway network, and reports every problem as file:line:column: /json/pointer: message.
Exit status 0 when valid, 2 when not.
)";

const char* kGraphHelp = R"(Usage: flowsim graph SCENARIO [--set /ptr=VALUE ...] [--out FILE]

Writes the baseline's pathway network as a Graphviz DOT digraph: a box per unit with its
capacity, an oval per arrival stream with its mean rate per day over the measured period, and
an edge per route with its probability (per cohort where the routes differ by cohort; overflow
routes dashed). Render it with Graphviz, e.g. 'flowsim graph s.json | dot -Tsvg > s.svg'.

Options:
  --out FILE          write the DOT to FILE instead of stdout
  --set /ptr=VALUE    change one value before validation, by JSON pointer (see 'run --help')
)";

const char* kEstimateHelp = R"(Usage: flowsim estimate SCENARIO [--set /ptr=VALUE ...]

Solves the traffic equations of the baseline and each intervention, without simulating, and
prints for every unit its expected arrivals per day over the measured period, its mean stay
(service plus route delays), its offered load (arrivals x mean stay: the places it would keep
busy if nobody waited), its mean capacity, the load as a percentage of capacity, and a flag
where the load is over 85% or over 100% of capacity. Arrival profiles and capacity schedules
are averaged over the measured period.

The estimate assumes low load: it ignores blocking, queue limits and each route's when_full.
Near or above capacity, run the simulation.

Options:
  --set /ptr=VALUE    change one value before validation, by JSON pointer (see 'run --help')
)";

struct UsageError {
  std::string message;
};

bool parse_number(const std::string& s, int64_t min, int64_t max, int64_t& out) {
  try {
    size_t used = 0;
    const long long v = std::stoll(s, &used);
    if (used != s.size() || v < min || v > max) return false;
    out = v;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

struct Args {
  std::string scenario;
  std::optional<int> reps;
  std::optional<uint64_t> seed;
  unsigned threads = 0;
  std::string out;
  std::vector<models::Override> overrides;
  std::vector<std::string> interventions;  // --intervention files
  std::vector<std::string> sweep;          // --sweep axes
  std::optional<double> precision;
  std::optional<int> max_reps;
  bool quiet = false;
  bool force = false;
  bool help = false;
};

Args parse_args(const std::string& command, const std::vector<std::string>& argv) {
  Args a;
  auto value = [&](size_t& i) -> const std::string& {
    if (i + 1 >= argv.size()) throw UsageError{argv[i] + " needs a value"};
    return argv[++i];
  };
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    int64_t n = 0;
    if (arg == "--help" || arg == "-h") {
      a.help = true;
    } else if (arg == "--set") {
      const std::string& v = value(i);
      const size_t eq = v.find('=');
      if (eq == std::string::npos || v.empty() || v[0] != '/') {
        throw UsageError{
            "--set takes /json/pointer=VALUE, e.g. --set /units/ward/capacity=45 (got \"" + v +
            "\")"};
      }
      a.overrides.push_back({v.substr(0, eq), v.substr(eq + 1)});
    } else if (command != "graph" && arg == "--intervention") {
      a.interventions.push_back(value(i));
    } else if ((command == "run" || command == "validate") && arg == "--sweep") {
      const std::string& v = value(i);
      if (v.empty() || v[0] != '/' || v.find('=') == std::string::npos) {
        throw UsageError{
            "--sweep takes /json/pointer=FROM:TO:STEP or /json/pointer=V1,V2,..., e.g. "
            "--sweep /units/ward/capacity=20:40:5 (got \"" +
            v + "\")"};
      }
      a.sweep.push_back(v);
    } else if (command == "run" && arg == "--precision") {
      const std::string& v = value(i);
      char* end = nullptr;
      const double x = std::strtod(v.c_str(), &end);
      if (v.empty() || end != v.c_str() + v.size() || !(x > 0 && x < 1))
        throw UsageError{"--precision takes a relative half-width between 0 and 1, e.g. 0.05"};
      a.precision = x;
    } else if (command == "run" && arg == "--max-reps") {
      if (!parse_number(value(i), 2, 100000, n))
        throw UsageError{"--max-reps takes a whole number from 2 to 100000"};
      a.max_reps = int(n);
    } else if (command == "run" && arg == "--reps") {
      if (!parse_number(value(i), 1, 100000, n))
        throw UsageError{"--reps takes a whole number from 1 to 100000"};
      a.reps = int(n);
    } else if (command == "run" && arg == "--seed") {
      if (!parse_number(value(i), 0, INT64_MAX, n))
        throw UsageError{"--seed takes a whole number, 0 or more"};
      a.seed = uint64_t(n);
    } else if (command == "run" && arg == "--threads") {
      if (!parse_number(value(i), 1, 1024, n))
        throw UsageError{"--threads takes a whole number from 1 to 1024"};
      a.threads = unsigned(n);
    } else if (command == "run" && arg == "--out") {
      a.out = value(i);
      if (a.out.empty()) throw UsageError{"--out needs a folder name"};
    } else if (command == "graph" && arg == "--out") {
      a.out = value(i);
      if (a.out.empty()) throw UsageError{"--out needs a file name"};
    } else if (command == "run" && arg == "--quiet") {
      a.quiet = true;
    } else if (command == "run" && arg == "--force") {
      a.force = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw UsageError{"unknown option " + arg + " (see 'flowsim " + command + " --help')"};
    } else if (a.scenario.empty()) {
      a.scenario = arg;
    } else {
      throw UsageError{"one scenario at a time (got \"" + a.scenario + "\" and \"" + arg + "\")"};
    }
  }
  if (a.scenario.empty() && !a.help)
    throw UsageError{"name a scenario file (see 'flowsim " + command + " --help')"};
  return a;
}

int report_invalid(const models::InvalidInput& e) {
  for (const auto& d : e.problems()) std::cerr << d.format() << "\n";
  const size_t n = e.problems().size();
  std::cerr << "flowsim: " << n << (n == 1 ? " problem" : " problems")
            << " found; nothing was run\n";
  return kExitInvalid;
}

std::string default_out_dir(const std::string& scenario) {
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  const std::string base = "results/" + fs::path(scenario).stem().string() + "-" + stamp;
  std::string dir = base;
  for (int i = 2; fs::exists(dir); ++i) dir = base + "-" + std::to_string(i);
  return dir;
}

// The scenario with --set applied, then any --intervention files, then the --sweep.
models::LoadedScenario load(const Args& a) {
  models::LoadedScenario loaded = models::load_scenario_file(a.scenario, a.overrides);
  for (const auto& file : a.interventions) models::add_intervention_file(loaded, file);
  if (!a.sweep.empty()) models::add_command_line_sweep(loaded, a.sweep);
  return loaded;
}

int cmd_validate(const Args& a) {
  const models::LoadedScenario loaded = load(a);
  const models::Scenario& s = loaded.variants.front().scenario;
  auto count = [](size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
  };
  std::cout << a.scenario << ": valid: \"" << s.name << "\", " << count(s.units.size(), "unit")
            << ", " << count(s.arrivals.size(), "arrival stream") << ", "
            << count(s.cohorts.size(), "cohort") << ", "
            << count(loaded.variants.size() - 1, "intervention");
  size_t points = 0;
  for (const auto& sw : loaded.sweeps) points += sw.points.size();
  if (!loaded.sweeps.empty())
    std::cout << ", " << count(loaded.sweeps.size(), "sweep") << " of " << count(points, "point");
  std::cout << "\n";
  return kExitOk;
}

int cmd_graph(const Args& a) {
  const models::LoadedScenario loaded = models::load_scenario_file(a.scenario, a.overrides);
  const models::Scenario& s = loaded.variants.front().scenario;
  if (a.out.empty()) {
    models::write_dot(s, std::cout);
    return kExitOk;
  }
  std::ofstream out(a.out, std::ios::binary);
  if (out) models::write_dot(s, out);
  if (!out) {
    std::cerr << "flowsim: cannot write " << a.out << "\n";
    return kExitError;
  }
  return kExitOk;
}

int cmd_estimate(const Args& a) {
  const models::LoadedScenario loaded = load(a);
  std::vector<models::NamedEstimate> estimates;
  for (const auto& v : loaded.variants)
    estimates.push_back({v.name, models::estimate_network(v.scenario)});
  std::cout << models::format_estimate_table(loaded.variants.front().scenario.name, estimates);
  return kExitOk;
}

// Ctrl-C and SIGTERM during a run: the handler only raises the flag, which the simulation polls.
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_stop_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag is set in a signal handler");

extern "C" void on_stop_signal(int signal) {
  g_stop_signal = signal;
  g_stop.store(true);
}

// Catches SIGINT and SIGTERM while it lives, except where they were ignored when flowsim started
// (a background job of a script, nohup): those stay ignored.
class StopSignals {
 public:
  StopSignals() {
    for (int signal : {SIGINT, SIGTERM}) {
      struct sigaction action {};
      action.sa_handler = on_stop_signal;
      action.sa_flags = SA_RESETHAND;  // a second Ctrl-C ends flowsim at once
      sigemptyset(&action.sa_mask);
      struct sigaction old {};
      sigaction(signal, nullptr, &old);
      if (old.sa_handler == SIG_IGN) continue;
      sigaction(signal, &action, nullptr);
      caught_.push_back(signal);
    }
  }
  ~StopSignals() {
    for (int signal : caught_) std::signal(signal, SIG_DFL);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Ends flowsim by the signal that stopped it, now that its work is undone: the convention that
  // lets the shell (and a script's loop) know the user stopped it. Returns only if that failed.
  [[noreturn]] static void end_by_signal() {
    const int signal = g_stop_signal != 0 ? int(g_stop_signal) : SIGINT;
    std::cerr.flush();
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    std::_Exit(128 + signal);
  }

 private:
  std::vector<int> caught_;
};

// A folder `flowsim run` wrote, which --force may replace; never anything else.
bool is_results_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  return fs::is_empty(dir, ec) || fs::is_regular_file(dir / "summary.json", ec);
}

// A new, empty folder beside `dir` (so that renaming it to `dir` is atomic): dir.TAG-XXXXXX.
fs::path make_folder_beside(const fs::path& dir, const std::string& tag) {
  const fs::path parent = dir.parent_path();
  std::error_code ec;
  if (!parent.empty()) fs::create_directories(parent, ec);
  std::string name = dir.string() + "." + tag + "-XXXXXX";
  if (mkdtemp(name.data()) == nullptr) {
    throw std::runtime_error("cannot create the results folder " + dir.string() + ": " +
                             std::strerror(errno));
  }
  return name;
}

int cmd_run(const Args& a) {
  const models::LoadedScenario loaded = load(a);
  const std::string dir = a.out.empty() ? default_out_dir(a.scenario) : a.out;
  const fs::path final_dir(dir);
  std::error_code ec;
  if (fs::exists(final_dir, ec)) {
    if (!a.force) {
      std::cerr << "flowsim: the results folder " << dir
                << " already exists; choose another --out, remove it, or add --force to "
                   "replace it\n";
      return kExitInvalid;
    }
    if (!is_results_folder(final_dir)) {
      std::cerr << "flowsim: " << dir
                << " exists and is not a flowsim results folder (it has no summary.json); "
                   "flowsim replaces only its own results, even with --force\n";
      return kExitInvalid;
    }
  }
  models::RunOptions options;
  options.replications = a.reps;
  options.seed = a.seed;
  options.threads = a.threads;
  options.precision = a.precision;
  if (a.max_reps) options.max_replications = *a.max_reps;
  if (!a.force) {
    const models::RunSize size = models::estimate_run_size(loaded, options);
    if (models::too_large(size)) {
      std::cerr << "flowsim: " << models::refusal_message(size) << "\n";
      return kExitInvalid;
    }
  }

  // The folder is made before simulating, so that one that cannot be made fails at once, and
  // results appear under their final name only once complete.
  StopSignals signals;
  options.stop = &g_stop;
  const fs::path parent = final_dir.parent_path();
  const bool parent_existed = parent.empty() || fs::exists(parent, ec);
  const fs::path partial = make_folder_beside(final_dir, "partial");
  // Unless the run finishes: no partial folder, nor the results/ folder made for it.
  auto clean_up = [&] {
    fs::remove_all(partial, ec);
    if (!parent_existed) fs::remove(parent, ec);  // only if still empty
  };
  const bool show_progress = !a.quiet && isatty(STDERR_FILENO);
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  if (show_progress) {
    // Shown once a run has lasted a moment, so quick runs print nothing but their table.
    options.progress = [&, shown = false](size_t done, size_t total) mutable {
      if (elapsed() < 0.5 && !shown) return;
      shown = true;
      const double left = done > 0 ? elapsed() * double(total - done) / double(done) : 0;
      std::fprintf(stderr, "\rflowsim: %zu/%zu replications, %.0f s left   ", done, total, left);
      if (done == total) std::fprintf(stderr, "\r%60s\r", "");
    };
  }
  auto stopped = [&](const std::string& how_far) -> int {
    clean_up();
    if (show_progress) std::fprintf(stderr, "\r%60s\r", "");
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", elapsed());
    std::cerr << "flowsim: interrupted " << how_far << ", after " << seconds
              << " s; no results were written\n";
    StopSignals::end_by_signal();
  };
  models::ExperimentResult result;
  try {
    result = models::run_experiment(loaded, options);
  } catch (const models::Interrupted& e) {
    return stopped("with " + std::to_string(e.replications_done) + " of " +
                   std::to_string(e.replications_total) + " replications finished");
  } catch (...) {
    clean_up();
    throw;
  }
  try {
    models::write_results(loaded, result, partial.string());
  } catch (...) {
    clean_up();
    throw;
  }
  if (g_stop.load()) return stopped("while writing the results");

  // Into place: an existing folder (--force) is moved aside first, and removed once the new one
  // is in place (should that fail, the old results are still there, renamed).
  try {
    if (fs::exists(final_dir, ec)) {
      const fs::path old = make_folder_beside(final_dir, "replaced");
      fs::rename(final_dir, old);
      fs::rename(partial, final_dir);
      fs::remove_all(old, ec);
    } else {
      fs::rename(partial, final_dir);
    }
  } catch (...) {
    clean_up();
    throw;
  }

  std::cout << models::format_table(result);
  std::cout << "Results in " << dir << "/ (" << result.wall_seconds << " s on " << result.threads
            << " threads)\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kMainHelp;
    return kExitInvalid;
  }
  const std::string command = args.front();
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kMainHelp;
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "flowsim " << FLOWSIM_VERSION << "\n";
    return kExitOk;
  }
  try {
    struct Command {
      const char* name;
      const char* help;
      int (*action)(const Args&);
    };
    static const Command kCommands[] = {{"run", kRunHelp, cmd_run},
                                        {"validate", kValidateHelp, cmd_validate},
                                        {"graph", kGraphHelp, cmd_graph},
                                        {"estimate", kEstimateHelp, cmd_estimate}};
    const Command* chosen = nullptr;
    for (const auto& c : kCommands)
      if (command == c.name) chosen = &c;
    if (chosen == nullptr) {
      throw UsageError{"unknown command \"" + command +
                       "\"; the commands are run, validate, graph and estimate (see 'flowsim "
                       "--help')"};
    }
    const Args a = parse_args(command, std::vector<std::string>(args.begin() + 1, args.end()));
    if (a.help) {
      std::cout << chosen->help;
      return kExitOk;
    }
    return chosen->action(a);
  } catch (const UsageError& e) {
    std::cerr << "flowsim: " << e.message << "\n";
    return kExitInvalid;
  } catch (const models::InvalidInput& e) {
    return report_invalid(e);
  } catch (const models::InternalError& e) {
    std::cerr << "flowsim: " << e.what()
              << "\nThis is a bug in flowsim; please report it with the scenario file.\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "flowsim: " << e.what() << "\n";
    return kExitError;
  }
}
