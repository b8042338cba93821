// End-to-end tests of what keeps a planner's work safe: malformed files refused with a message
// that says where and how to fix them, results that appear only when complete, Ctrl-C, runs too
// large to finish, and scenarios whose queues grow without bound.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
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

}  // namespace
