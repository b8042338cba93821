// End-to-end tests of what keeps a planner's work safe: malformed files refused with a message
// that says where and how to fix them, results that appear only when complete, Ctrl-C, runs too
// large to finish, and scenarios whose queues grow without bound.
#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using namespace flowsim::cli_test;

// --- the corpus of malformed scenarios ------------------------------------------------------

// tests/corpus/NAME.json, with what `flowsim validate NAME.json` must print on stderr in
// NAME.expected and any further arguments, one a line, in NAME.args.
struct CorpusCase {
  std::string name;
  std::string file;  // NAME.json
  std::vector<std::string> args;
  std::string expected;
};

std::vector<CorpusCase> corpus() {
  const fs::path dir = fs::path(FLOWSIM_SOURCE_DIR) / "tests" / "corpus";
  std::vector<CorpusCase> cases;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    CorpusCase c;
    c.name = entry.path().stem().string();
    c.file = entry.path().filename().string();
    c.expected = read_file(dir / (c.name + ".expected"));
    if (fs::exists(dir / (c.name + ".args")))
      c.args = lines_of(read_file(dir / (c.name + ".args")));
    cases.push_back(c);
  }
  std::sort(cases.begin(), cases.end(),
            [](const CorpusCase& a, const CorpusCase& b) { return a.name < b.name; });
  return cases;
}

TEST_CASE("every malformed scenario of the corpus exits 2, says where and what, and writes nothing",
          "[cli][corpus]") {
  const fs::path dir = fs::path(FLOWSIM_SOURCE_DIR) / "tests" / "corpus";
  const std::vector<CorpusCase> cases = corpus();
  CHECK(cases.size() >= 50);
  for (const CorpusCase& c : cases) {
    INFO(c.file);
    Sandbox box;
    fs::copy_file(dir / c.file, box / c.file);
    // Each problem on a line of its own: the file, line and column (or --set, for a problem in
    // an argument), the JSON pointer where the document has a structure to point into, and
    // what is wrong; then the count.
    const std::regex problem("(" + std::regex_replace(c.file, std::regex("[.]"), "[.]") +
                             ":[0-9]+:[0-9]+|--set): .+");
    const std::vector<std::string> lines = lines_of(c.expected);
    REQUIRE(lines.size() >= 2);
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
      INFO(lines[i]);
      CHECK(std::regex_match(lines[i], problem));
    }
    CHECK(std::regex_match(lines.back(),
                           std::regex("flowsim: [0-9]+ problems? found; nothing was run")));

    std::vector<std::string> validate = {"validate", c.file};
    validate.insert(validate.end(), c.args.begin(), c.args.end());
    const Result v = box.run(validate);
    CHECK(v.status == 2);
    CHECK(v.out.empty());
    CHECK(v.err == c.expected);

    // run says the same and writes nothing: neither the results/ folder nor a partial one.
    std::vector<std::string> run = {"run", c.file, "--quiet"};
    run.insert(run.end(), c.args.begin(), c.args.end());
    const Result r = box.run(run);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err == c.expected);
    CHECK(box.listing() == std::set<std::string>{c.file});
  }
}

// --- runs that go wrong --------------------------------------------------------------------

TEST_CASE("run --help says what --force does and how Ctrl-C ends a run", "[cli]") {
  Sandbox box;
  const Result r = box.run({"run", "--help"});
  CHECK(r.status == 0);
  CHECK(r.out.find("\n  --force             replace an existing results folder") !=
        std::string::npos);
  CHECK(r.out.find("renamed to DIR only when\ncomplete") != std::string::npos);
  CHECK(r.out.find("Ctrl-C (SIGINT) or SIGTERM stops the run within a second") !=
        std::string::npos);
  CHECK(r.out.find("exit status 130 (SIGINT)") != std::string::npos);
}

// A replication that takes seconds: ten years of 100 arrivals an hour, 30% of them on to a ward.
const std::string kLong = R"({
  "schema": "flowsim/1",
  "name": "Ten busy years",
  "start": "2026-01-05T00:00",
  "horizon": "3650d",
  "replications": 2,
  "arrivals": { "walk_in": { "to": "ae", "rate": "100/h" } },
  "units": {
    "ae": { "capacity": 140, "service": { "exponential": { "mean": "1h" } },
            "next": { "ward": 0.3, "exit": 0.7 } },
    "ward": { "capacity": "unlimited", "service": { "exponential": { "mean": "2d" } },
              "next": { "exit": 1 } }
  }
}
)";

// Many replications of a few days each.
const std::string kShort = R"({
  "schema": "flowsim/1",
  "name": "Many short replications",
  "start": "2026-01-05T00:00",
  "horizon": "20d",
  "replications": 100000,
  "arrivals": { "walk_in": { "to": "ae", "rate": "3/h" } },
  "units": {
    "ae": { "capacity": 4, "service": { "exponential": { "mean": "1h" } }, "next": { "exit": 1 } }
  }
}
)";

using Clock = std::chrono::steady_clock;

bool has_partial_folder(const Sandbox& box, const std::string& out) {
  for (const auto& name : box.listing())
    if (starts_with(name, out + ".partial-")) return true;
  return false;
}

// Starts `flowsim ARGS` (which must write to --out out), waits until it has made its partial
// results folder, which it does just before it simulates, and a little longer, so that it is
// inside a replication, then sends the signal. Returns how flowsim ended, and how many seconds
// after the signal in `seconds`.
Result stopped_run(const Sandbox& box, const std::vector<std::string>& args, int signal,
                   double& seconds) {
  const pid_t pid = box.start(args);
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (!has_partial_folder(box, "out") && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const bool simulating = has_partial_folder(box, "out");
  if (simulating) std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto sent = Clock::now();
  kill(pid, simulating ? signal : SIGKILL);
  Result r = box.finish(pid);
  seconds = std::chrono::duration<double>(Clock::now() - sent).count();
  REQUIRE(simulating);
  return r;
}

TEST_CASE("Ctrl-C in the middle of a long replication stops the run within a second",
          "[cli][interrupt]") {
  Sandbox box;
  box.write("long.json", kLong);
  double seconds = 0;
  const Result r = stopped_run(
      box, {"run", "long.json", "--out", "out", "--threads", "1", "--quiet"}, SIGINT, seconds);
  CHECK(seconds < 1.0);
  // Ended by the signal itself, which a shell reports as 130, so that a loop of runs stops too.
  CHECK(r.signal == SIGINT);
  CHECK(r.out.empty());
  CHECK(std::regex_match(r.err, std::regex("flowsim: interrupted with 0 of 2 replications "
                                           "finished, after [0-9.]+ s; no results were "
                                           "written\n")));
  CHECK(box.listing() == std::set<std::string>{"long.json"});
}

TEST_CASE("SIGTERM between short replications stops the run and says how many had finished",
          "[cli][interrupt]") {
  Sandbox box;
  box.write("short.json", kShort);
  double seconds = 0;
  const Result r = stopped_run(
      box, {"run", "short.json", "--out", "out", "--threads", "2", "--quiet"}, SIGTERM, seconds);
  CHECK(seconds < 1.0);
  CHECK(r.signal == SIGTERM);
  std::smatch m;
  REQUIRE(std::regex_match(r.err, m,
                           std::regex("flowsim: interrupted with ([0-9]+) of 100000 replications "
                                      "finished, after [0-9.]+ s; no results were written\n")));
  CHECK(std::stoi(m[1]) > 0);
  CHECK(box.listing() == std::set<std::string>{"short.json"});
}

TEST_CASE("a killed run leaves no folder that looks finished, and the next run is not hindered",
          "[cli][interrupt]") {
  Sandbox box;
  box.write("long.json", kLong);
  double seconds = 0;
  CHECK(stopped_run(box, {"run", "long.json", "--out", "out", "--threads", "1", "--quiet"}, SIGKILL,
                    seconds)
            .signal == SIGKILL);
  // Only the partial folder, which says what it is, and nothing in it.
  CHECK_FALSE(fs::exists(box / "out"));
  CHECK(has_partial_folder(box, "out"));
  for (const auto& name : box.listing())
    if (name != "long.json") CHECK(fs::is_empty(box / name));

  box.write("small.json", R"({ "schema": "flowsim/1", "name": "Small", "start": "2026-01-05",
    "horizon": "5d", "replications": 2,
    "arrivals": { "in": { "to": "a", "rate": "2/h" } },
    "units": { "a": { "capacity": 3, "service": { "fixed": "1h" }, "next": { "exit": 1 } } } })");
  const Result again = box.run({"run", "small.json", "--out", "out", "--quiet"});
  CHECK(again.status == 0);
  CHECK(fs::is_regular_file(box / "out/summary.json"));
}

TEST_CASE("a results folder that cannot be made fails at once, before simulating", "[cli]") {
  Sandbox box;
  box.write("long.json", kLong);
  const auto started = Clock::now();
  const Result r = box.run({"run", "long.json", "--out", "/dev/null/results", "--quiet"});
  CHECK(std::chrono::duration<double>(Clock::now() - started).count() < 1.0);
  CHECK(r.status == 1);
  CHECK(starts_with(r.err, "flowsim: cannot create the results folder /dev/null/results: "));
  CHECK(box.listing() == std::set<std::string>{"long.json"});
}

// --- replacing results ------------------------------------------------------------------------

const std::string kSmall = R"({ "schema": "flowsim/1", "name": "Small", "start": "2026-01-05",
  "horizon": "5d", "replications": 2, "seed": 1,
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": { "a": { "capacity": 3, "service": { "fixed": "1h" }, "next": { "exit": 1 } } } })";

TEST_CASE("run --force replaces a results folder flowsim wrote, and leaves nothing beside it",
          "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  REQUIRE(box.run({"run", "small.json", "--out", "out", "--quiet"}).status == 0);
  write_file(box / "out/old.txt", "from the first run");
  const std::string first = read_file(box / "out/summary.json");

  const Result refused = box.run({"run", "small.json", "--out", "out", "--seed", "2", "--quiet"});
  CHECK(refused.status == 2);
  CHECK(refused.err ==
        "flowsim: the results folder out already exists; choose another --out, remove it, or "
        "add --force to replace it\n");
  CHECK(read_file(box / "out/summary.json") == first);

  const Result forced =
      box.run({"run", "small.json", "--out", "out", "--seed", "2", "--force", "--quiet"});
  CHECK(forced.status == 0);
  CHECK(forced.err.empty());
  CHECK(read_file(box / "out/summary.json") != first);
  CHECK(read_file(box / "out/summary.json").find("\"seed\": 2") != std::string::npos);
  CHECK_FALSE(fs::exists(box / "out/old.txt"));
  CHECK(box.listing() == std::set<std::string>{"out", "small.json"});
}

TEST_CASE("run --force never replaces a folder that is not flowsim's results", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  fs::create_directory(box / "papers");
  write_file(box / "papers/board.txt", "mine");
  write_file(box / "notes.txt", "mine too");
  for (const char* out : {"papers", "notes.txt"}) {
    INFO(out);
    const Result r = box.run({"run", "small.json", "--out", out, "--force", "--quiet"});
    CHECK(r.status == 2);
    CHECK(r.err == "flowsim: " + std::string(out) +
                       " exists and is not a flowsim results folder (it has no summary.json); "
                       "flowsim replaces only its own results, even with --force\n");
  }
  CHECK(read_file(box / "papers/board.txt") == "mine");
  CHECK(read_file(box / "notes.txt") == "mine too");
  CHECK(box.listing() == std::set<std::string>{"notes.txt", "papers", "small.json"});
  // An empty folder holds nothing to lose.
  fs::create_directory(box / "empty");
  CHECK(box.run({"run", "small.json", "--out", "empty", "--force", "--quiet"}).status == 0);
  CHECK(fs::is_regular_file(box / "empty/summary.json"));
}

TEST_CASE("a scenario file whose name is not UTF-8 runs and writes its results", "[cli]") {
  // Found in review: a Latin-1 file name reached the JSON library when run.json was written,
  // after the whole run, which then failed (exit 1) and kept nothing.
  Sandbox box;
  box.write("caf\xe9.json", kSmall);
  const Result r = box.run({"run", "caf\xe9.json", "--out", "out", "--quiet"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(read_file(box / "out/run.json").find("\"caf\xef\xbf\xbd.json\"") != std::string::npos);
}

// --- runs too large to finish -----------------------------------------------------------------

TEST_CASE("a run that would take absurdly long is refused with an estimate of its size",
          "[cli][refuse]") {
  Sandbox box;
  // A billion an hour: a slip for a billion a year, or a rate per day written per hour.
  box.write("billion.json", R"({ "schema": "flowsim/1", "name": "Billion", "start": "2026-01-05",
    "horizon": "10d", "replications": 20,
    "arrivals": { "in": { "to": "ae", "rate": "1000000000/h" } },
    "units": { "ae": { "capacity": 4, "service": { "fixed": "1h" }, "next": { "exit": 1 } } } })");
  // A thousand years of a large emergency department.
  box.write("millennium.json", R"({ "schema": "flowsim/1", "name": "Millennium",
    "start": "2026-01-05", "horizon": "365250d", "replications": 20,
    "arrivals": { "in": { "to": "ae", "rate": "600/d" } },
    "units": { "ae": { "capacity": 40, "service": { "fixed": "1h" },
                       "next": { "ward": 0.3, "exit": 0.7 } },
               "ward": { "capacity": "unlimited", "service": { "fixed": "1d" },
                         "next": { "exit": 1 } } } })");
  const Result billion = box.run({"run", "billion.json", "--threads", "2"});
  CHECK(billion.status == 2);
  CHECK(billion.out.empty());
  CHECK(billion.err ==
        "flowsim: this run would take about 14 days: 4.8 trillion patient visits to units (240.0 "
        "billion in each of 20 replications, each 10 days long), at about 2.0 million a second on "
        "each of 2 threads; the busiest unit, ae, receives 24.0 billion patients a day. flowsim "
        "refuses runs estimated to take over 30 minutes or to simulate over 100 years: check the "
        "scenario's rates and horizon, run fewer replications (--reps), or add --force to run it "
        "anyway\n");
  // Quick enough on two threads, but no planning question needs a thousand years.
  const Result millennium = box.run({"run", "millennium.json", "--threads", "2"});
  CHECK(millennium.status == 2);
  CHECK(millennium.err ==
        "flowsim: this run would take about 24 minutes: 5.7 billion patient visits to units (284.9 "
        "million in each of 20 replications, each 1,000 years long), at about 2.0 million a second "
        "on each of 2 threads; the busiest unit, ae, receives 600 patients a day. flowsim refuses "
        "runs estimated to take over 30 minutes or to simulate over 100 years: check the "
        "scenario's rates and horizon, run fewer replications (--reps), or add --force to run it "
        "anyway\n");
  CHECK(box.listing() == std::set<std::string>{"billion.json", "millennium.json"});
}

TEST_CASE("run --force runs a refused scenario anyway, in bounded memory, until it is stopped",
          "[cli][refuse][interrupt]") {
  Sandbox box;
  box.write("billion.json", R"({ "schema": "flowsim/1", "name": "Billion", "start": "2026-01-05",
    "horizon": "10d", "replications": 1,
    "arrivals": { "in": { "to": "ae", "rate": "1000000000/h" } },
    "units": { "ae": { "capacity": 4, "service": { "fixed": "1h" }, "next": { "exit": 1 } } } })");
  double seconds = 0;
  const Result r = stopped_run(box, {"run", "billion.json", "--out", "out", "--force", "--quiet"},
                               SIGINT, seconds);
  CHECK(seconds < 1.0);
  CHECK(r.signal == SIGINT);
  CHECK(starts_with(r.err, "flowsim: interrupted with 0 of 1 replications finished"));
  CHECK(box.listing() == std::set<std::string>{"billion.json"});
}

// --- unstable scenarios -----------------------------------------------------------------------

TEST_CASE("a scenario whose queue grows without bound ends with a warning in the table",
          "[cli][unstable]") {
  Sandbox box;
  // Three an hour at two places of an hour each: the queue grows by an hour's arrival an hour.
  box.write("unstable.json", R"({ "schema": "flowsim/1", "name": "Unstable",
    "start": "2026-01-05", "warmup": "1d", "horizon": "30d", "replications": 3,
    "arrivals": { "in": { "to": "clinic", "rate": "3/h" } },
    "units": { "clinic": { "capacity": 2, "service": { "exponential": { "mean": "1h" } },
                           "next": { "exit": 1 } } } })");
  const Result r = box.run({"run", "unstable.json", "--out", "out", "--quiet"});
  CHECK(r.status == 0);
  CHECK(std::regex_search(
      r.out, std::regex("\nwarning: baseline: unstable: the patients inside grew through the "
                        "measured period, from [0-9,]+ on average in its first half to [0-9,]+ "
                        "in its second: .*; units offered more than their capacity \\(flowsim "
                        "estimate\\): clinic \\(150%\\)\n")));

  // A stable one says nothing of the kind.
  box.write("stable.json", kSmall);
  const Result stable = box.run({"run", "stable.json", "--out", "stable", "--quiet"});
  CHECK(stable.status == 0);
  CHECK(stable.out.find("unstable") == std::string::npos);
}

}  // namespace
