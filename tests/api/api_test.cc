// The installed API (include/flowsim/flowsim.h), used as a program linking flowsim would: only
// through its header.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "flowsim/flowsim.h"

namespace {

const std::string kSource = FLOWSIM_SOURCE_DIR;

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("the API runs a tutorial's baseline and intervention with paired comparisons", "[api]") {
  const flowsim::Scenario scenario =
      flowsim::Scenario::load(kSource + "/scenarios/tutorial/pooling.json");
  REQUIRE(scenario.variants() == std::vector<std::string>{"baseline", "pooled"});

  const flowsim::Results results = flowsim::run(scenario, {.replications = 5, .seed = 7});
  REQUIRE(results.variants() == scenario.variants());
  REQUIRE_FALSE(results.metrics("baseline").empty());
  REQUIRE(results.metrics("no such variant").empty());
  REQUIRE_FALSE(results.estimate("baseline", "no.such.metric"));

  const auto wait = results.estimate("baseline", "unit.ward_a.wait_mean_h");
  REQUIRE(wait);
  CHECK(wait->replications == 5);
  CHECK(wait->ci95_low <= wait->mean);
  CHECK(wait->mean <= wait->ci95_high);

  // Pooling two wards cuts the wait at ward A, the tutorial's point, beyond doubt.
  bool found = false;
  for (const flowsim::Comparison& c : results.comparisons()) {
    if (c.metric != "unit.ward_a.wait_mean_h") continue;
    found = true;
    CHECK(c.intervention == "pooled");
    CHECK(c.baseline.mean == Approx(wait->mean));
    CHECK(c.difference.mean == Approx(c.with_intervention.mean - c.baseline.mean));
    CHECK(c.difference.ci95_high < 0);
    CHECK(c.excludes_zero);
  }
  CHECK(found);
  CHECK(results.table().find("pooled") != std::string::npos);
}

TEST_CASE("the API's results depend on the seed, not on the thread count", "[api]") {
  const auto scenario = flowsim::Scenario::load(kSource + "/scenarios/tutorial/blocking.json");
  const auto one = flowsim::run(scenario, {.replications = 4, .seed = 3, .threads = 1});
  const auto two = flowsim::run(scenario, {.replications = 4, .seed = 3, .threads = 2});
  for (const std::string& variant : one.variants()) {
    for (const std::string& metric : one.metrics(variant)) {
      const auto a = one.estimate(variant, metric), b = two.estimate(variant, metric);
      REQUIRE(b);
      if (std::isnan(a->mean)) {
        CHECK(std::isnan(b->mean));
      } else {
        CHECK(a->mean == b->mean);
      }
    }
  }
}

TEST_CASE("the API writes the results files the command line writes", "[api]") {
  const auto dir = std::filesystem::temp_directory_path() / "flowsim_api_test_results";
  std::filesystem::remove_all(dir);
  const auto scenario = flowsim::Scenario::load(kSource + "/scenarios/tutorial/single_queue.json",
                                                {"/units/assessment/capacity=12"});
  flowsim::run(scenario, {.replications = 2, .seed = 1}).write((dir / "out").string());
  for (const char* file : {"summary.json", "replications.csv", "occupancy.csv", "report.html"}) {
    CHECK(std::filesystem::file_size(dir / "out" / file) > 0);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("the API reports every problem of a bad scenario as the command line does", "[api]") {
  // Each corpus case without extra arguments: the problems are the lines flowsim validate prints,
  // less its closing count, with the file named as it was given.
  const std::string dir = kSource + "/tests/corpus/";
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto path = entry.path();
    if (path.extension() != ".json") continue;
    auto args = path;
    if (std::filesystem::exists(args.replace_extension(".args"))) continue;
    auto expected_path = path;
    std::vector<std::string> expected = lines_of(expected_path.replace_extension(".expected"));
    REQUIRE(expected.size() >= 2);
    expected.pop_back();  // "flowsim: N problems found; nothing was run"
    for (auto& line : expected) {
      if (line.rfind(path.filename().string(), 0) == 0) line = dir + line;
    }
    INFO(path.filename().string());
    try {
      flowsim::Scenario::load(path.string());
      FAIL("loaded without a problem");
    } catch (const flowsim::InvalidScenario& e) {
      CHECK(e.problems() == expected);
      CHECK(std::string(e.what()) == expected.front());
    }
    ++cases;
  }
  CHECK(cases > 40);
}

TEST_CASE("the API refuses a setting that is not /pointer=value", "[api]") {
  CHECK_THROWS_AS(
      flowsim::Scenario::load(kSource + "/scenarios/tutorial/pooling.json", {"capacity=3"}),
      flowsim::InvalidScenario);
  CHECK_THROWS_WITH(flowsim::Scenario::load(kSource + "/scenarios/tutorial/pooling.json",
                                            {"/units/no_such_unit/capacity=3"}),
                    Catch::Contains("/units/no_such_unit"));
}
