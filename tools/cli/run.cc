// flowsim run: simulate the baseline, every intervention and every sweep point, and write the
// results folder whole or not at all; Ctrl-C and SIGTERM stop it cleanly.
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analysis/run_size.h"
#include "experiment/experiment.h"
#include "model/flow_model.h"
#include "output/results_files.h"
#include "output/tables.h"
#include "tools/cli/command.h"

namespace fs = std::filesystem;

namespace flowsim::cli {

namespace {

struct RunArgs {
  std::optional<int> reps;
  std::optional<uint64_t> seed;
  unsigned threads = 0;
  std::string out;
  std::optional<double> precision;
  std::optional<int> max_reps;
  bool quiet = false;
  bool force = false;
};

// A whole number from `min` to `max`, or the usage error `takes`.
int64_t whole_number(const std::string& s, int64_t min, int64_t max, const std::string& takes) {
  try {
    size_t used = 0;
    const long long v = std::stoll(s, &used);
    if (used == s.size() && v >= min && v <= max) return v;
  } catch (const std::exception&) {
  }
  throw UsageError{takes};
}

std::string default_out_dir(const std::string& scenario) {
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  const std::string base = "results/" + fs::path(scenario).stem().string() + "-" + stamp;
  std::string dir = base;
  for (int i = 2; fs::exists(dir); ++i) dir = fmt::format("{}-{}", base, i);
  return dir;
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

int run(const ScenarioInputs& in, const RunArgs& a) {
  const models::LoadedScenario loaded = load(in);
  const std::string dir = a.out.empty() ? default_out_dir(in.scenario) : a.out;
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
      fmt::print(stderr, "\rflowsim: {}/{} replications, {:.0f} s left   ", done, total, left);
      if (done == total) fmt::print(stderr, "\r{:60}\r", "");
    };
  }
  auto stopped = [&](const std::string& how_far) -> int {
    clean_up();
    if (show_progress) fmt::print(stderr, "\r{:60}\r", "");
    std::cerr << fmt::format("flowsim: interrupted {}, after {:.1f} s; no results were written\n",
                             how_far, elapsed());
    StopSignals::end_by_signal();
  };
  models::ExperimentResult result;
  try {
    result = models::run_experiment(loaded, options);
  } catch (const models::Interrupted& e) {
    return stopped(fmt::format("with {} of {} replications finished", e.replications_done,
                               e.replications_total));
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
  // {:g}: six significant digits, as the stream printed them.
  std::cout << fmt::format("Results in {}/ ({:g} s on {} threads)\n", dir, result.wall_seconds,
                           result.threads);
  return kExitOk;
}

}  // namespace

Command add_run(CLI::App& flowsim) {
  auto in = std::make_shared<ScenarioInputs>();
  auto a = std::make_shared<RunArgs>();
  CLI::App* command = flowsim.add_subcommand("run", "simulate the baseline and every intervention");
  command->footer(
      R"(Simulates the scenario's baseline, each of its interventions and every point of its sweeps over
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

The results are written into a temporary folder beside DIR and renamed to DIR only when
complete, so a folder named DIR is always a whole set of results.

Ctrl-C (SIGINT) or SIGTERM stops the run within a second: flowsim says how many replications
had finished, removes the unfinished results, and ends by the same signal, which a shell reports
as exit status 130 (SIGINT) or 143 (SIGTERM). Ending by the signal rather than exiting lets a
shell loop over several runs stop at Ctrl-C too. A second Ctrl-C stops flowsim at once.)");
  add_scenario(*command, *in);
  // An option with a value, checked and stored by `store` as CLI11 meets it.
  auto value = [&](const std::string& name, const std::string& value_name, const std::string& help,
                   auto store) {
    once(command->add_option_function<std::string>(name, store, help))->type_name(value_name);
  };
  value("--reps", "N", R"(replications per variant (default: the scenario's "replications"))",
        [&a = *a](const std::string& v) {
          a.reps = int(whole_number(v, 1, 100000, "--reps takes a whole number from 1 to 100000"));
        });
  value("--precision", "P",
        "keep adding replications until every headline metric's 95% interval is\n"
        "within P of its mean (e.g. 0.05 for 5%), up to --max-reps",
        [&a = *a](const std::string& v) {
          char* end = nullptr;
          const double x = std::strtod(v.c_str(), &end);
          if (v.empty() || end != v.c_str() + v.size() || !(x > 0 && x < 1))
            throw UsageError{"--precision takes a relative half-width between 0 and 1, e.g. 0.05"};
          a.precision = x;
        });
  value("--max-reps", "N", "the most replications --precision may run (default 1000)",
        [&a = *a](const std::string& v) {
          a.max_reps =
              int(whole_number(v, 2, 100000, "--max-reps takes a whole number from 2 to 100000"));
        });
  value("--seed", "S", R"(the random seed (default: the scenario's "seed"))",
        [&a = *a](const std::string& v) {
          a.seed =
              uint64_t(whole_number(v, 0, INT64_MAX, "--seed takes a whole number, 0 or more"));
        });
  value("--threads", "T",
        "threads to run replications on (default: every core); the results are\n"
        "identical for any thread count",
        [&a = *a](const std::string& v) {
          a.threads =
              unsigned(whole_number(v, 1, 1024, "--threads takes a whole number from 1 to 1024"));
        });
  add_intervention(*command, *in,
                   R"(add the intervention in file F: {"name": ..., "description": ...,
"patch": {JSON merge patch}} (name defaults to the file's stem). Repeatable.)");
  add_sweep(*command, *in,
            "vary one value of the baseline over SPEC, FROM:TO:STEP or V1,V2,...;\n"
            "give it twice for a grid of two values, e.g.\n"
            "  --sweep /units/vw/capacity/per_100k=0:60:5");
  value("--out", "DIR",
        "the results folder, which must not exist yet, unless --force\n"
        "(default: a new folder under results/)",
        [&a = *a](const std::string& v) {
          if (v.empty()) throw UsageError{"--out needs a folder name"};
          a.out = v;
        });
  add_set(*command, *in,
          "change one value before validation, by JSON pointer; VALUE is read as\n"
          "JSON when it is JSON and as a string otherwise. Repeatable. Examples:\n"
          "  --set /units/ward/capacity=45\n"
          "  --set /units/ward/service/exponential/mean=4d");
  command->add_flag("--quiet", a->quiet, "no progress on stderr");
  command->add_flag("--force", a->force,
                    "replace an existing results folder (one flowsim wrote: it holds a\n"
                    "summary.json), and run even a scenario whose size estimate says it\n"
                    "would take over half an hour, or whose horizon is over 100 years\n"
                    "(without --force such a run is refused with its estimate, exit 2)");
  return {command, in, [in, a] { return run(*in, *a); }};
}

}  // namespace flowsim::cli
