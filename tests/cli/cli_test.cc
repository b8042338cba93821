// End-to-end tests of the flowsim command: arguments, exit status, messages and the results it
// writes. Each test runs the real binary (FLOWSIM_EXE) in a fresh temporary folder, capturing
// stdout, stderr and the exit status.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using namespace flowsim::cli_test;
using nlohmann::ordered_json;

// Two units: A&E sends 30% of its patients to a ward. Small enough to run in a blink.
const std::string kSmall = R"({
  "schema": "flowsim/1",
  "name": "Small",
  "start": "2026-01-05T00:00",
  "warmup": "2d",
  "horizon": "20d",
  "replications": 5,
  "seed": 42,
  "arrivals": { "walk_in": { "to": "ae", "rate": "3/h" } },
  "units": {
    "ae": { "capacity": 4, "service": { "exponential": { "mean": "1h" } },
            "next": { "ward": 0.3, "exit": 0.7 } },
    "ward": { "capacity": 50, "service": { "lognormal": { "mean": "2d", "sd": "1d" } },
              "next": { "exit": 1 } }
  }
}
)";

// kSmall with two interventions, named out of alphabetical order.
const std::string kWithInterventions = R"({
  "schema": "flowsim/1",
  "name": "Small with interventions",
  "start": "2026-01-05T00:00",
  "warmup": "2d",
  "horizon": "20d",
  "arrivals": { "walk_in": { "to": "ae", "rate": "3/h" } },
  "units": {
    "ae": { "capacity": 4, "service": { "exponential": { "mean": "1h" } },
            "next": { "ward": 0.3, "exit": 0.7 } },
    "ward": { "capacity": 50, "service": { "lognormal": { "mean": "2d", "sd": "1d" } },
              "next": { "exit": 1 } }
  },
  "interventions": {
    "more_cubicles": { "description": "Two more A&E cubicles",
                       "patch": { "units": { "ae": { "capacity": 6 } } } },
    "fewer_beds": { "patch": { "units": { "ward": { "capacity": 40 } } } }
  }
}
)";

// kSmall with a ward of -2 beds (line 13, column 27).
const std::string kInvalid = R"({
  "schema": "flowsim/1",
  "name": "Small",
  "start": "2026-01-05T00:00",
  "warmup": "2d",
  "horizon": "20d",
  "replications": 5,
  "seed": 42,
  "arrivals": { "walk_in": { "to": "ae", "rate": "3/h" } },
  "units": {
    "ae": { "capacity": 4, "service": { "exponential": { "mean": "1h" } },
            "next": { "ward": 0.3, "exit": 0.7 } },
    "ward": { "capacity": -2, "service": { "lognormal": { "mean": "2d", "sd": "1d" } },
              "next": { "exit": 1 } }
  }
}
)";

const std::string kInvalidReport =
    "bad.json:13:27: /units/ward/capacity: must be a whole number of places (at least 1), "
    "\"unlimited\" or {\"per_100k\": 45} (got -2)\n"
    "flowsim: 1 problem found; nothing was run\n";

// --- help and version ---------------------------------------------------------------------

TEST_CASE("flowsim --help prints the usage on stdout and exits 0", "[cli]") {
  Sandbox box;
  for (const char* flag : {"--help", "-h", "help"}) {
    INFO(flag);
    const Result r = box.run({flag});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(starts_with(r.out, "flowsim: a discrete-event simulator of patient flow"));
    CHECK(r.out.find("  flowsim run SCENARIO [options]") != std::string::npos);
    CHECK(r.out.find("  flowsim validate SCENARIO") != std::string::npos);
    CHECK(r.out.find("  flowsim graph SCENARIO [options]") != std::string::npos);
    CHECK(r.out.find("  flowsim estimate SCENARIO") != std::string::npos);
    CHECK(r.out.find("Exit status: 0 success, 2 the scenario or") != std::string::npos);
  }
}

TEST_CASE("run --help lists every option of a run", "[cli]") {
  Sandbox box;
  const Result r = box.run({"run", "--help"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(starts_with(r.out, "Usage: flowsim run SCENARIO [options]\n"));
  for (const char* option :
       {"--reps N", "--seed S", "--threads T", "--out DIR", "--set /ptr=VALUE", "--quiet"}) {
    INFO(option);
    CHECK(r.out.find("\n  " + std::string(option)) != std::string::npos);
  }
  const Result v = box.run({"validate", "--help"});
  CHECK(v.status == 0);
  CHECK(starts_with(v.out, "Usage: flowsim validate SCENARIO"));
  const Result g = box.run({"graph", "--help"});
  CHECK(g.status == 0);
  CHECK(starts_with(g.out, "Usage: flowsim graph SCENARIO [--set /ptr=VALUE ...] [--out FILE]\n"));
  const Result e = box.run({"estimate", "--help"});
  CHECK(e.status == 0);
  CHECK(starts_with(
      e.out, "Usage: flowsim estimate SCENARIO [--set /ptr=VALUE ...] [--intervention F ...]\n"));
  CHECK(e.out.find("ignores blocking, queue limits") != std::string::npos);
  CHECK(box.listing().empty());
}

TEST_CASE("flowsim --version prints the name and version, the same as the results record",
          "[cli]") {
  Sandbox box;
  const Result r = box.run({"--version"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(std::regex_match(r.out, std::regex("flowsim [0-9]+\\.[0-9]+\\.[0-9]+\n")));

  box.write("small.json", kSmall);
  REQUIRE(box.run({"run", "small.json", "--out", "out", "--reps", "2", "--quiet"}).status == 0);
  const ordered_json summary = ordered_json::parse(read_file(box / "out/summary.json"));
  CHECK(r.out == "flowsim " + summary["tool"]["version"].get<std::string>() + "\n");
}

TEST_CASE("flowsim with no arguments prints the usage on stderr and exits 2", "[cli]") {
  Sandbox box;
  const Result r = box.run({});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(starts_with(r.err, "flowsim: a discrete-event simulator of patient flow"));
}

// --- a run ---------------------------------------------------------------------------------

TEST_CASE("run simulates, prints a table and writes summary.json and replications.csv", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r = box.run({"run", "small.json", "--out", "out", "--reps", "4", "--seed", "7",
                            "--threads", "1", "--quiet"});
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());

  // The table's layout is free; what it must say is not: the scenario, the replications and
  // seed, a row for each unit, and where the results are.
  const std::vector<std::string> lines = lines_of(r.out);
  REQUIRE(lines.size() >= 4);
  CHECK(starts_with(r.out, "Small"));
  CHECK(r.out.find("4 replications, seed 7") != std::string::npos);
  CHECK(r.out.find("baseline") != std::string::npos);
  for (const char* unit : {"ae ", "ward "}) {
    INFO(unit);
    CHECK(std::count_if(lines.begin(), lines.end(),
                        [&](const std::string& line) { return starts_with(line, unit); }) == 1);
  }
  CHECK(starts_with(lines.back(), "Results in out/ ("));

  CHECK(fs::is_directory(box / "out"));
  CHECK_FALSE(fs::exists(box / "out.partial"));

  // summary.json: the fixed core of DESIGN.md.
  const ordered_json s = ordered_json::parse(read_file(box / "out/summary.json"));
  CHECK(s["tool"]["name"] == "flowsim");
  CHECK(s["tool"]["version"].is_string());
  CHECK(s["scenario"]["name"] == "Small");
  const std::string sha256 = s["scenario"]["sha256"].get<std::string>();
  CHECK(std::regex_match(sha256, std::regex("[0-9a-f]{64}")));
  {
    // The hash is of the file's bytes, as sha256sum computes it.
    const std::string command = "sha256sum " + shell_quoted((box / "small.json").string()) + " > " +
                                shell_quoted((box / "small.sha256").string());
    if (std::system(command.c_str()) == 0) {
      CHECK(read_file(box / "small.sha256").substr(0, 64) == sha256);
      fs::remove(box / "small.sha256");
    } else {
      WARN("sha256sum is not available; the scenario hash was not compared");
    }
  }
  CHECK(s["seed"] == 7);
  CHECK(s["replications"] == 4);
  CHECK(s["warmup_h"] == 48.0);
  CHECK(s["horizon_h"] == 480.0);
  REQUIRE(s["variants"].size() == 1);
  const ordered_json& metrics = s["variants"]["baseline"]["metrics"];
  for (const char* name : {"unit.ae.wait_mean_h", "unit.ward.wait_mean_h", "unit.ae.arrivals",
                           "unit.ward.occupancy_mean", "system.arrivals"}) {
    INFO(name);
    REQUIRE(metrics.contains(name));
    const ordered_json& m = metrics[name];
    for (const char* key : {"mean", "sd", "ci95_low", "ci95_high", "min", "max"}) {
      INFO(key);
      CHECK(m[key].is_number());
    }
    CHECK(m["n"] == 4);
    CHECK(m["min"].get<double>() <= m["mean"].get<double>());
    CHECK(m["mean"].get<double>() <= m["max"].get<double>());
    CHECK(m["ci95_low"].get<double>() <= m["mean"].get<double>());
    CHECK(m["mean"].get<double>() <= m["ci95_high"].get<double>());
  }
  CHECK(metrics["unit.ae.arrivals"]["mean"].get<double>() > 1000);  // about 3/h over 18 days

  // replications.csv: one row per variant x replication x metric, agreeing with the summary.
  const std::vector<std::string> rows = lines_of(read_file(box / "out/replications.csv"));
  REQUIRE(!rows.empty());
  CHECK(rows[0] == "variant,replication,metric,value");
  CHECK(rows.size() == 1 + 4 * metrics.size());
  std::set<std::string> replications, names;
  double wait_sum = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    std::smatch m;
    REQUIRE(std::regex_match(rows[i], m, std::regex("baseline,([1-4]),([a-z0-9_.]+),(.*)")));
    replications.insert(m[1]);
    names.insert(m[2]);
    if (m[2] == "unit.ae.wait_mean_h") wait_sum += std::stod(m[3]);
  }
  CHECK(replications == std::set<std::string>{"1", "2", "3", "4"});
  CHECK(names.size() == metrics.size());
  CHECK(wait_sum / 4 == Approx(metrics["unit.ae.wait_mean_h"]["mean"].get<double>()));

  // occupancy.csv: for each finite unit, the share of time at each level, adding to 1, and its
  // mean agreeing with the occupancy metric.
  const std::vector<std::string> occ = lines_of(read_file(box / "out/occupancy.csv"));
  REQUIRE(!occ.empty());
  CHECK(occ[0] == "variant,unit,occupied,time_share,time_share_at_or_below");
  std::map<std::string, double> total, mean;
  int expected_level = 0;
  std::string last_unit;
  for (size_t i = 1; i < occ.size(); ++i) {
    std::smatch m;
    REQUIRE(std::regex_match(occ[i], m, std::regex("baseline,(ae|ward),([0-9]+),([^,]+),([^,]+)")));
    if (m[1] != last_unit) expected_level = 0;
    last_unit = m[1];
    CHECK(std::stoi(m[2]) == expected_level++);
    total[m[1]] += std::stod(m[3]);
    mean[m[1]] += std::stod(m[2]) * std::stod(m[3]);
    CHECK(std::stod(m[4]) == Approx(total[m[1]]).margin(1e-12));
  }
  for (const char* unit : {"ae", "ward"}) {
    INFO(unit);
    CHECK(total[unit] == Approx(1.0).margin(1e-9));
    CHECK(mean[unit] ==
          Approx(metrics["unit." + std::string(unit) + ".occupancy_mean"]["mean"].get<double>())
              .epsilon(1e-9));
  }
}

TEST_CASE("results are byte-identical whatever the number of threads", "[cli]") {
  Sandbox box;
  box.write("small.json", kWithInterventions);
  for (const char* threads : {"1", "2", "3"}) {
    INFO("--threads " << threads);
    REQUIRE(box.run({"run", "small.json", "--out", std::string("t") + threads, "--reps", "6",
                     "--threads", threads, "--quiet"})
                .status == 0);
  }
  const std::string summary = read_file(box / "t1/summary.json");
  const std::string csv = read_file(box / "t1/replications.csv");
  CHECK(read_file(box / "t2/summary.json") == summary);
  CHECK(read_file(box / "t3/summary.json") == summary);
  CHECK(read_file(box / "t2/replications.csv") == csv);
  CHECK(read_file(box / "t3/replications.csv") == csv);
  const std::string occupancy = read_file(box / "t1/occupancy.csv");
  CHECK(read_file(box / "t2/occupancy.csv") == occupancy);
  CHECK(read_file(box / "t3/occupancy.csv") == occupancy);
}

TEST_CASE("the seed decides the results: the same seed repeats them, another changes them",
          "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  for (const char* out : {"a", "b"}) {
    REQUIRE(box.run({"run", "small.json", "--out", out, "--reps", "3", "--seed", "11", "--quiet"})
                .status == 0);
  }
  REQUIRE(box.run({"run", "small.json", "--out", "c", "--reps", "3", "--seed", "12", "--quiet"})
              .status == 0);
  CHECK(read_file(box / "a/replications.csv") == read_file(box / "b/replications.csv"));
  CHECK(read_file(box / "a/replications.csv") != read_file(box / "c/replications.csv"));
}

TEST_CASE("every intervention is run as a variant beside the baseline, in file order", "[cli]") {
  Sandbox box;
  box.write("iv.json", kWithInterventions);
  const Result r = box.run({"run", "iv.json", "--out", "out", "--reps", "3", "--quiet"});
  REQUIRE(r.status == 0);
  const ordered_json s = ordered_json::parse(read_file(box / "out/summary.json"));
  std::vector<std::string> variants;
  for (const auto& [name, body] : s["variants"].items()) variants.push_back(name);
  CHECK(variants == std::vector<std::string>{"baseline", "more_cubicles", "fewer_beds"});
  CHECK(s["variants"]["more_cubicles"]["description"] == "Two more A&E cubicles");
  for (const auto& name : variants) {
    INFO(name);
    CHECK(s["variants"][name]["metrics"]["unit.ae.wait_mean_h"]["n"] == 3);
  }
  // Two more cubicles can only shorten the wait for one.
  CHECK(s["variants"]["more_cubicles"]["metrics"]["unit.ae.wait_mean_h"]["mean"].get<double>() <
        s["variants"]["baseline"]["metrics"]["unit.ae.wait_mean_h"]["mean"].get<double>());

  std::set<std::string> in_csv;
  for (const auto& row : lines_of(read_file(box / "out/replications.csv")))
    in_csv.insert(row.substr(0, row.find(',')));
  CHECK(in_csv == std::set<std::string>{"variant", "baseline", "more_cubicles", "fewer_beds"});
  for (const auto& name : variants) {
    INFO(name);
    CHECK(r.out.find(" " + name + " ") != std::string::npos);
  }
}

TEST_CASE("run with --set changes the scenario for one run", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r =
      box.run({"run", "small.json", "--out", "out", "--quiet", "--set", "/replications=3", "--set",
               "/name=Renamed by set", "--set", "/units/ae/service/exponential/mean=30min"});
  REQUIRE(r.status == 0);
  const ordered_json s = ordered_json::parse(read_file(box / "out/summary.json"));
  CHECK(s["replications"] == 3);
  CHECK(s["scenario"]["name"] == "Renamed by set");
  CHECK(s["variants"]["baseline"]["metrics"]["unit.ae.wait_mean_h"]["n"] == 3);
  CHECK(starts_with(r.out, "Renamed by set"));
  CHECK(r.out.find("3 replications, seed 42") != std::string::npos);
  // --reps wins over the scenario's replications, set or not.
  REQUIRE(box.run({"run", "small.json", "--out", "out2", "--quiet", "--reps", "2", "--set",
                   "/replications=3"})
              .status == 0);
  CHECK(ordered_json::parse(read_file(box / "out2/summary.json"))["replications"] == 2);
}

TEST_CASE("without --out, results go to a new folder under results/", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r = box.run({"run", "small.json", "--reps", "2", "--quiet"});
  REQUIRE(r.status == 0);
  REQUIRE(fs::is_directory(box / "results"));
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(box / "results")) folders.push_back(entry.path());
  REQUIRE(folders.size() == 1);
  const std::string name = folders[0].filename().string();
  CHECK(std::regex_match(name, std::regex("small-[0-9]{8}-[0-9]{6}")));
  CHECK(fs::exists(folders[0] / "summary.json"));
  CHECK(fs::exists(folders[0] / "replications.csv"));
  CHECK(r.out.find("Results in results/" + name + "/ (") != std::string::npos);
}

TEST_CASE("a run whose stderr is not a terminal shows no progress, even without --quiet", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r = box.run({"run", "small.json", "--out", "out", "--reps", "2"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
}

// --- exit status 2: invalid scenario or arguments, and nothing written ----------------------

TEST_CASE("an invalid scenario exits 2, reports file:line:column and pointer, writes nothing",
          "[cli]") {
  Sandbox box;
  box.write("bad.json", kInvalid);
  const Result r = box.run({"run", "bad.json", "--out", "out", "--quiet"});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == kInvalidReport);
  CHECK(box.listing() == std::set<std::string>{"bad.json"});

  // Nor without --out: no results/ folder appears.
  const Result again = box.run({"run", "bad.json"});
  CHECK(again.status == 2);
  CHECK(again.err == kInvalidReport);
  CHECK(box.listing() == std::set<std::string>{"bad.json"});
}

TEST_CASE("every problem in a scenario is listed, then counted", "[cli]") {
  Sandbox box;
  box.write("bad.json", R"({
  "schema": "flowsim/1", "name": "t", "start": "2026-01-05", "horizon": 7,
  "arrivals": { "in": { "to": "a", "rate": "2/h" } },
  "units": { "a": { "capacity": 1, "service": { "fixed": "1h" }, "next": { "exti": 1 } } }
})");
  const Result r = box.run({"validate", "bad.json"});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "bad.json:2:73: /horizon: a bare number is not a duration; write it with a unit, e.g. "
        "\"7h\" or \"7d\" (units s, min, h, d, w)\n"
        "bad.json:4:76: /units/a/next/exti: no unit is called \"exti\"; did you mean \"exit\"?\n"
        "flowsim: 2 problems found; nothing was run\n");
}

TEST_CASE("an invalid --set value exits 2 and is reported at --set", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r = box.run({"run", "small.json", "--out", "out", "--set", "/units/ae/capacity=-1"});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "--set: /units/ae/capacity: must be a whole number of places (at least 1), \"unlimited\" "
        "or {\"per_100k\": 45} (got -1)\n"
        "flowsim: 1 problem found; nothing was run\n");
  const Result nowhere = box.run({"validate", "small.json", "--set", "/units/icu/capacity=4"});
  CHECK(nowhere.status == 2);
  CHECK(nowhere.err ==
        "--set: /units/icu/capacity: there is nothing at /units/icu in the scenario to set a value "
        "in\n"
        "flowsim: 1 problem found; nothing was run\n");
  CHECK(box.listing() == std::set<std::string>{"small.json"});
}

TEST_CASE("bad arguments exit 2 with a message that says what to do", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const Case cases[] = {
      {{"run", "small.json", "--frobnicate"},
       "flowsim: unknown option --frobnicate (see 'flowsim run --help')\n"},
      {{"run"}, "flowsim: name a scenario file (see 'flowsim run --help')\n"},
      {{"validate"}, "flowsim: name a scenario file (see 'flowsim validate --help')\n"},
      {{"run", "small.json", "--reps", "0"},
       "flowsim: --reps takes a whole number from 1 to 100000\n"},
      {{"run", "small.json", "--reps", "many"},
       "flowsim: --reps takes a whole number from 1 to 100000\n"},
      {{"run", "small.json", "--reps", "4x"},
       "flowsim: --reps takes a whole number from 1 to 100000\n"},
      {{"run", "small.json", "--reps"}, "flowsim: --reps needs a value\n"},
      {{"run", "small.json", "--seed", "-1"}, "flowsim: --seed takes a whole number, 0 or more\n"},
      {{"run", "small.json", "--threads", "0"},
       "flowsim: --threads takes a whole number from 1 to 1024\n"},
      {{"run", "small.json", "--out", ""}, "flowsim: --out needs a folder name\n"},
      {{"run", "small.json", "--set", "units/ae/capacity=4"},
       "flowsim: --set takes /json/pointer=VALUE, e.g. --set /units/ward/capacity=45 (got "
       "\"units/ae/capacity=4\")\n"},
      {{"run", "small.json", "--set", "/units/ae/capacity"},
       "flowsim: --set takes /json/pointer=VALUE, e.g. --set /units/ward/capacity=45 (got "
       "\"/units/ae/capacity\")\n"},
      {{"run", "small.json", "other.json"},
       "flowsim: one scenario at a time (got \"small.json\" and \"other.json\")\n"},
      {{"validate", "small.json", "--reps", "3"},
       "flowsim: unknown option --reps (see 'flowsim validate --help')\n"},
      {{"simulate", "small.json"},
       "flowsim: unknown command \"simulate\"; the commands are run, validate, graph and estimate "
       "(see 'flowsim --help')\n"},
      {{"graph", "small.json", "--reps", "3"},
       "flowsim: unknown option --reps (see 'flowsim graph --help')\n"},
      {{"graph", "small.json", "--out", ""}, "flowsim: --out needs a file name\n"},
      {{"estimate", "small.json", "--out", "x"},
       "flowsim: unknown option --out (see 'flowsim estimate --help')\n"},
      {{"estimate"}, "flowsim: name a scenario file (see 'flowsim estimate --help')\n"},
  };
  for (const Case& c : cases) {
    std::string shown;
    for (const auto& a : c.args) shown += " " + a;
    INFO("flowsim" << shown);
    const Result r = box.run(c.args);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err == c.err);
  }
  CHECK(box.listing() == std::set<std::string>{"small.json"});
}

TEST_CASE("a results folder that already exists exits 2 and is left as it was", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  fs::create_directory(box / "out");
  write_file(box / "out/notes.txt", "mine");
  const Result r = box.run({"run", "small.json", "--out", "out", "--reps", "2", "--quiet"});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "flowsim: the results folder out already exists; choose another --out, remove it, or "
        "add --force to replace it\n");
  CHECK(read_file(box / "out/notes.txt") == "mine");
  CHECK(box.listing() == std::set<std::string>{"out", "small.json"});
  std::set<std::string> inside;
  for (const auto& entry : fs::directory_iterator(box / "out"))
    inside.insert(entry.path().filename().string());
  CHECK(inside == std::set<std::string>{"notes.txt"});
}

TEST_CASE("a scenario file that does not exist exits 2", "[cli]") {
  Sandbox box;
  for (const char* command : {"run", "validate", "graph", "estimate"}) {
    INFO(command);
    const Result r = box.run({command, "missing.json"});
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err ==
          "missing.json: cannot open the scenario file\n"
          "flowsim: 1 problem found; nothing was run\n");
  }
  CHECK(box.listing().empty());
}

// --- exit status 1: anything else ------------------------------------------------------------

TEST_CASE("a results folder that cannot be made exits 1", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r =
      box.run({"run", "small.json", "--out", "/dev/null/results", "--reps", "2", "--quiet"});
  CHECK(r.status == 1);
  CHECK(starts_with(r.err, "flowsim: "));
  CHECK(box.listing() == std::set<std::string>{"small.json"});
}

// --- validate -----------------------------------------------------------------------------

TEST_CASE("validate exits 0 and summarises a valid scenario", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  box.write("iv.json", kWithInterventions);
  const Result r = box.run({"validate", "small.json"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(r.out ==
        "small.json: valid: \"Small\", 2 units, 1 arrival stream, 1 cohort, 0 interventions\n");
  const Result iv = box.run({"validate", "iv.json", "--set", "/units/ward/capacity=45"});
  CHECK(iv.status == 0);
  CHECK(iv.out ==
        "iv.json: valid: \"Small with interventions\", 2 units, 1 arrival stream, 1 cohort, 2 "
        "interventions\n");
  CHECK(box.listing() == std::set<std::string>{"iv.json", "small.json"});
}

TEST_CASE("validate exits 2 and lists the problems of an invalid scenario", "[cli]") {
  Sandbox box;
  box.write("bad.json", kInvalid);
  const Result r = box.run({"validate", "bad.json"});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == kInvalidReport);
}

TEST_CASE("every scenario shipped in scenarios/ validates", "[cli]") {
  const fs::path shipped = fs::path(FLOWSIM_SOURCE_DIR) / "scenarios";
  std::vector<fs::path> files;
  if (fs::is_directory(shipped)) {
    for (const auto& entry : fs::recursive_directory_iterator(shipped)) {
      const std::string name = entry.path().filename().string();
      // The JSON Schema of the format lives beside the scenarios; it is not one.
      const bool schema =
          name.size() >= 11 && name.compare(name.size() - 11, 11, "schema.json") == 0;
      if (entry.is_regular_file() && entry.path().extension() == ".json" && !schema)
        files.push_back(entry.path());
    }
  }
  if (files.empty()) {
    WARN("no scenarios shipped in " + shipped.string() + " yet; nothing to check");
    return;
  }
  std::sort(files.begin(), files.end());
  Sandbox box;
  for (const auto& file : files) {
    INFO(file.string());
    const Result r = box.run({"validate", file.string()});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(starts_with(r.out, file.string() + ": valid: "));
  }
}

// --- graph and estimate ---------------------------------------------------------------------

TEST_CASE("graph writes the pathway network as DOT on stdout", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r = box.run({"graph", "small.json"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(starts_with(r.out, "digraph \"Small\" {\n"));
  CHECK(r.out.find("  \"arrival/walk_in\" [shape=oval, label=\"walk_in\\n72/d\"];\n") !=
        std::string::npos);
  CHECK(r.out.find("  \"unit/ward\" [label=\"ward\\n50 places\"];\n") != std::string::npos);
  CHECK(r.out.find("  \"unit/ae\" -> \"unit/ward\" [label=\"0.3\"];\n") != std::string::npos);
  CHECK(r.out.find("  \"unit/ae\" -> \"exit\" [label=\"0.7\"];\n") != std::string::npos);
  CHECK(box.listing() == std::set<std::string>{"small.json"});
}

TEST_CASE("graph --out writes the DOT to a file, after --set", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r =
      box.run({"graph", "small.json", "--set", "/units/ward/capacity=45", "--out", "small.dot"});
  CHECK(r.status == 0);
  CHECK(r.out.empty());
  CHECK(r.err.empty());
  const std::string dot = read_file(box / "small.dot");
  CHECK(starts_with(dot, "digraph \"Small\" {\n"));
  CHECK(dot.find("\"unit/ward\" [label=\"ward\\n45 places\"];") != std::string::npos);
  // The same as on stdout.
  CHECK(box.run({"graph", "small.json", "--set", "/units/ward/capacity=45"}).out == dot);
}

TEST_CASE("graph --out to a folder that does not exist exits 1", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r = box.run({"graph", "small.json", "--out", "no/such/folder/small.dot"});
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "flowsim: cannot write no/such/folder/small.dot\n");
}

TEST_CASE("estimate prints each unit's expected load for the baseline and each intervention",
          "[cli]") {
  Sandbox box;
  box.write("iv.json", kWithInterventions);
  const Result r = box.run({"estimate", "iv.json"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  // A&E: 3 an hour for 1 hour; the ward: 0.9 an hour for 2 days.
  const std::vector<std::string> lines = lines_of(r.out);
  REQUIRE(lines.size() == 18);
  CHECK(lines[0] == "Small with interventions");
  CHECK(lines[4] ==
        "unit  variant        arrivals/d  mean stay h  offered load  capacity  load %  flag");
  CHECK(lines[6] ==
        "ae    baseline             72.0          1.0           3.0         4    75.0  ok");
  CHECK(lines[7] ==
        "      more_cubicles        72.0          1.0           3.0         6    50.0  ok");
  CHECK(lines[8] ==
        "      fewer_beds           72.0          1.0           3.0         4    75.0  ok");
  CHECK(lines[9] ==
        "ward  baseline             21.6         48.0          43.2        50    86.4  over 85%");
  CHECK(lines[11] ==
        "      fewer_beds           21.6         48.0          43.2        40   108.0  over 100%");
  CHECK(lines[13] ==
        "baseline: 72.0 patients a day through the system, 46.2 inside on average, 15.4 h each");
  CHECK(lines[17] ==
        "Note: a low-load estimate; it ignores blocking, queue limits and when_full (overflow, "
        "loss).");
  CHECK(box.listing() == std::set<std::string>{"iv.json"});
}

TEST_CASE("estimate with --set estimates the changed scenario", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r = box.run({"estimate", "small.json", "--set", "/units/ward/capacity=40"});
  CHECK(r.status == 0);
  CHECK(r.out.find("ward  baseline        21.6         48.0          43.2        40   108.0  "
                   "over 100%\n") != std::string::npos);
}

TEST_CASE("graph and estimate exit 2 on an invalid scenario, with the diagnostics of validate",
          "[cli]") {
  Sandbox box;
  box.write("bad.json", kInvalid);
  for (const char* command : {"graph", "estimate"}) {
    INFO(command);
    const Result r = box.run({command, "bad.json"});
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err == kInvalidReport);
  }
  const Result g = box.run({"graph", "bad.json", "--out", "bad.dot"});
  CHECK(g.status == 2);
  CHECK(box.listing() == std::set<std::string>{"bad.json"});
}

TEST_CASE("every scenario shipped in scenarios/ can be drawn and estimated", "[cli]") {
  const fs::path shipped = fs::path(FLOWSIM_SOURCE_DIR) / "scenarios";
  std::vector<fs::path> files;
  if (fs::is_directory(shipped)) {
    for (const auto& entry : fs::recursive_directory_iterator(shipped)) {
      const std::string name = entry.path().filename().string();
      const bool schema =
          name.size() >= 11 && name.compare(name.size() - 11, 11, "schema.json") == 0;
      if (entry.is_regular_file() && entry.path().extension() == ".json" && !schema)
        files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  Sandbox box;
  for (const auto& file : files) {
    INFO(file.string());
    const Result g = box.run({"graph", file.string()});
    CHECK(g.status == 0);
    CHECK(starts_with(g.out, "digraph "));
    const Result e = box.run({"estimate", file.string()});
    CHECK(e.status == 0);
    CHECK(e.err.empty());
    CHECK(e.out.find("\nNote: a low-load estimate") != std::string::npos);
  }
}

}  // namespace

// --- comparisons, sweeps and daily results ------------------------------------------------

// Splits one CSV line (no quoted commas in these tests' fields unless quoted).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

TEST_CASE("run writes comparison.csv and prints each intervention's paired difference", "[cli]") {
  Sandbox box;
  box.write("iv.json", kWithInterventions);
  box.write("beds.json", R"({"name": "more_beds", "description": "Ten more ward beds",
                            "patch": {"units": {"ward": {"capacity": 60}}}})");
  const Result r = box.run(
      {"run", "iv.json", "--intervention", "beds.json", "--out", "out", "--reps", "4", "--quiet"});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Interventions against the baseline, paired by replication") !=
        std::string::npos);
  const auto rows = lines_of(read_file(box / "out/comparison.csv"));
  REQUIRE(rows.size() > 1);
  const auto header = csv_fields(rows[0]);
  CHECK(header.front() == "intervention");
  CHECK(header.back() == "excludes_zero");
  std::set<std::string> interventions;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto fields = csv_fields(rows[i]);
    REQUIRE(fields.size() == header.size());
    interventions.insert(fields[0]);
    CHECK(fields[3] == "4");  // replications paired
  }
  CHECK(interventions == std::set<std::string>{"more_cubicles", "fewer_beds", "more_beds"});
  const ordered_json s = ordered_json::parse(read_file(box / "out/summary.json"));
  CHECK(s["variants"]["more_beds"]["description"] == "Ten more ward beds");
}

TEST_CASE("run --sweep runs every point and writes one row per point and headline metric",
          "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r = box.run({"run", "small.json", "--sweep", "/units/ae/capacity=3:6:1", "--out",
                            "out", "--reps", "3", "--quiet"});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Sweep command_line") != std::string::npos);
  const auto rows = lines_of(read_file(box / "out/sweep.csv"));
  REQUIRE(rows.size() > 1);
  CHECK(rows[0] ==
        "sweep,variant,point,axis_1,value_1,axis_2,value_2,metric,mean,ci95_low,ci95_high,p10,p90,"
        "replications");
  std::map<std::string, double> wait;  // A&E capacity -> mean wait
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto f = csv_fields(rows[i]);
    REQUIRE(f.size() == 14);
    CHECK(f[3] == "/units/ae/capacity");
    if (f[7] == "unit.ae.wait_mean_h") wait[f[4]] = std::stod(f[8]);
  }
  REQUIRE(wait.size() == 4);
  // More cubicles, shorter waits: with common random numbers the curve falls at every step.
  CHECK(wait["3"] > wait["4"]);
  CHECK(wait["4"] > wait["5"]);
  CHECK(wait["5"] > wait["6"]);

  const Result bad = box.run(
      {"run", "small.json", "--sweep", "/units/ae/capacity=3:x:1", "--out", "out2", "--quiet"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--sweep: /units/ae/capacity: FROM:TO:STEP needs numbers") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(box / "out2"));
}

TEST_CASE("daily.csv holds the median and 10th and 90th percentiles by variant and day", "[cli]") {
  Sandbox box;
  box.write("iv.json", kWithInterventions);
  const Result r = box.run({"run", "iv.json", "--out", "out", "--reps", "5", "--quiet"});
  REQUIRE(r.status == 0);
  const auto rows = lines_of(read_file(box / "out/daily.csv"));
  REQUIRE(rows[0] == "variant,day,date,in_warmup,series,p10,median,p90");
  // 3 variants x 20 days x 2 series (the occupancy of each unit).
  CHECK(rows.size() == 1 + 3 * 20 * 2);
  const auto first = csv_fields(rows[1]);
  CHECK(first[0] == "baseline");
  CHECK(first[2] == "2026-01-05");
  CHECK(first[3] == "1");  // day 0 is in the two-day warm-up
  const auto day2 = csv_fields(rows[1 + 2 * 2]);
  CHECK(day2[1] == "2");
  CHECK(day2[3] == "0");
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto f = csv_fields(rows[i]);
    REQUIRE(f.size() == 8);
    CHECK(std::stod(f[5]) <= std::stod(f[6]));
    CHECK(std::stod(f[6]) <= std::stod(f[7]));
  }
}

TEST_CASE("run --precision reports how many replications it took", "[cli]") {
  Sandbox box;
  box.write("small.json", kSmall);
  const Result r = box.run(
      {"run", "small.json", "--precision", "0.05", "--max-reps", "40", "--out", "out", "--quiet"});
  REQUIRE(r.status == 0);
  CHECK(std::regex_search(
      r.out,
      std::regex(
          R"(--precision 0\.050: (reached|not reached) with \d+ replications per variant)")));
  const Result bad = box.run({"run", "small.json", "--precision", "5%", "--out", "out2"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--precision takes a relative half-width") != std::string::npos);
}
