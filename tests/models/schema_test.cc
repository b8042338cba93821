// The JSON Schema of the scenario format, scenarios/flowsim-1.schema.json, that editors use to
// autocomplete and flag scenario files. Every shipped scenario must validate against it, and every
// structural mistake in tests/corpus must be rejected by it. Semantic mistakes (shares that do not
// add up, names that do not exist, dates that do not exist, absurd sizes) are the loader's alone:
// they are listed below with a reason each, so that a new corpus case has to be classified.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace flowsim::models {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kRoot = fs::path(FLOWSIM_SOURCE_DIR);

// Corpus cases that parse as JSON and that the schema accepts: semantic mistakes, which only the
// loader can find. Every other corpus case that parses must be rejected by the schema.
const std::map<std::string, std::string> kSemanticCases = {
    {"absurd-duration", "\"1e12h\" is a well-formed duration; its size is the loader's limit"},
    {"cohort-shares-missing", "\"cohorts\" is needed only when there are several cohorts"},
    {"cohort-shares-under-one", "shares are each 0 to 1; their sum is the loader's check"},
    {"cohort-shares-unknown-cohort", "which cohorts exist is the loader's check"},
    {"date-february-29-not-leap", "the pattern cannot know which years are leap years"},
    {"date-february-30", "the pattern allows day 30 in any month"},
    {"fuzz-set-not-utf8", "the file is valid; the mistake is in its --set argument (.args)"},
    {"fuzz-set-number-overflow", "the file is valid; the mistake is in its --set argument (.args)"},
    {"intervention-bad-patch", "a patch is a merge patch, checked by the loader once applied"},
    {"probabilities-over-one", "probabilities are each 0 to 1; their sum is the loader's check"},
    {"probabilities-under-one", "probabilities are each 0 to 1; their sum is the loader's check"},
    {"route-loop-without-exit", "whether routes reach exit is a property of the network"},
    {"route-self-loop", "whether routes reach exit is a property of the network"},
    {"route-unreachable-unit", "whether a unit is reached is a property of the network"},
    {"set-bad-value", "the file is valid; the mistake is in its --set argument (.args)"},
    {"set-into-a-number", "the file is valid; the mistake is in its --set argument (.args)"},
    {"set-not-a-pointer", "the file is valid; the mistake is in its --set argument (.args)"},
    {"set-pointer-to-nowhere", "the file is valid; the mistake is in its --set argument (.args)"},
    {"syntax-duplicate-key", "the JSON library keeps one of the keys; the loader's parser objects"},
    {"unknown-arrival-unit", "which units exist is the loader's check"},
    {"unknown-destination", "which units exist is the loader's check"},
    {"warmup-longer-than-horizon", "comparing two durations is the loader's check"},
    {"zero-capacity",
     "a virtual ward may have 0 places; other kinds need 1 (the unit kind decides)"},
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Parsed once, on first use (valijson's Schema can be neither copied nor moved).
const valijson::Schema& scenario_schema() {
  static valijson::Schema schema;
  static const bool parsed = [] {
    const json doc = json::parse(read_bytes(kRoot / "scenarios" / "flowsim-1.schema.json"));
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, schema);
    return true;
  }();
  (void)parsed;
  return schema;
}

// The schema's complaints about doc, one a line, or "" when it validates.
std::string problems(const json& doc) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  if (validator.validate(scenario_schema(), target, &results)) return "";
  std::string out;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    std::string where;
    for (const auto& part : error.context) where += part;
    out += where + ": " + error.description + "\n";
  }
  return out;
}

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".json" &&
        !name.ends_with("schema.json"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("the schema is a draft-07 schema that valijson can read", "[schema]") {
  const json doc = json::parse(read_bytes(kRoot / "scenarios" / "flowsim-1.schema.json"));
  CHECK(doc.at("$schema") == "http://json-schema.org/draft-07/schema#");
  REQUIRE_NOTHROW(scenario_schema());
}

TEST_CASE("every shipped scenario validates against the schema", "[schema]") {
  std::vector<fs::path> files = json_files(kRoot / "scenarios");
  const std::vector<fs::path> tutorial = json_files(kRoot / "scenarios" / "tutorial");
  files.insert(files.end(), tutorial.begin(), tutorial.end());
  REQUIRE(files.size() >= 10);
  for (const auto& file : files) {
    INFO(file.string());
    CHECK(problems(json::parse(read_bytes(file))) == "");
  }
}

TEST_CASE("the schema rejects a \"$schema\" key, as the loader does", "[schema]") {
  json doc = json::parse(read_bytes(kRoot / "scenarios" / "tutorial" / "single_queue.json"));
  doc["$schema"] = "../flowsim-1.schema.json";
  CHECK(problems(doc) != "");
}

TEST_CASE("every structural mistake in the corpus is rejected and every semantic one accepted",
          "[schema]") {
  const std::vector<fs::path> files = json_files(kRoot / "tests" / "corpus");
  REQUIRE(!files.empty());
  std::set<std::string> seen;
  int checked = 0;
  for (const auto& file : files) {
    const std::string name = file.stem().string();
    seen.insert(name);
    const json doc = json::parse(read_bytes(file), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) continue;  // not JSON at all: nothing for a schema to check
    ++checked;
    const std::string found = problems(doc);
    INFO(name << ".json; the schema says:\n" << found);
    if (kSemanticCases.contains(name)) {
      INFO("listed as semantic: " << kSemanticCases.at(name));
      CHECK(found == "");
    } else {
      INFO("not listed as semantic, so it must be rejected; classify a new case in kSemanticCases");
      CHECK(found != "");
    }
  }
  CHECK(checked > int(kSemanticCases.size()));
  for (const auto& [name, why] : kSemanticCases) {
    INFO("kSemanticCases names " << name << ", which is not in tests/corpus");
    CHECK(seen.contains(name));
  }
}

}  // namespace
}  // namespace flowsim::models
