// Loading a scenario file: parse, apply overrides and interventions, validate, build.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include <openssl/sha.h>

#include "scenario/builder.h"
#include "scenario/checker.h"
#include "scenario/pathways.h"
#include "scenario/scenario.h"
#include "scenario/variants.h"

namespace flowsim::models {
namespace {

using namespace loading;

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

}  // namespace

namespace loading {

// Problems in the order they stand in the file, which is how a person fixes them.
[[noreturn]] void throw_sorted(std::vector<Diagnostic> problems) {
  // Problems with no place in the file (those of --set) come first. The key must be a strict
  // weak ordering: comparing only within a file is not one, and sorting with it is undefined.
  auto key = [](const Diagnostic& d) {
    return std::tuple(d.where.line > 0, d.where.line, d.where.column);
  };
  std::stable_sort(problems.begin(), problems.end(),
                   [&key](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  throw InvalidInput(std::move(problems));
}

std::string read_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidInput({Diagnostic{path, {}, "", "cannot open " + what}});
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Builds one variant's document, checks it and its network, and adds it to `loaded`; problems
// are prefixed with `context` and collected.
void add_checked_variant(LoadedScenario& loaded, const JsonSource& src, Variant variant,
                         const Locator& locate, const std::string& context,
                         std::vector<Diagnostic>& problems) {
  std::vector<Diagnostic> local;
  Checker check(locate, local, src);
  Builder builder(variant.document, check);
  variant.scenario = builder.build();
  if (local.empty())
    check_network(variant.scenario,
                  [&check](const std::string& p, const std::string& m) { check.error(p, m); });
  for (auto& d : local) d.message = context + d.message;
  problems.insert(problems.end(), local.begin(), local.end());
  loaded.variants.push_back(std::move(variant));
}

}  // namespace loading

LoadedScenario load_scenario_text(const std::string& path, const std::string& text,
                                  const std::vector<Override>& overrides) {
  JsonSource src(path, text);
  if (!src.ok()) {
    // The message already carries file, line and column.
    throw InvalidInput({Diagnostic{"", {}, "", src.error()}});
  }
  std::vector<Diagnostic> problems;
  json base = src.document();

  // Stage 2: --set overrides, by JSON pointer, onto the file as written.
  const std::vector<std::string> overridden = apply_overrides(base, overrides, problems);
  if (!problems.empty()) throw_sorted(std::move(problems));

  LoadedScenario loaded;
  loaded.path = path;
  loaded.sha256 = sha256_hex(text);
  loaded.text = text;
  loaded.overridden = overridden;
  // Where a pointer came from: an override, or a place in the file.
  const Locator base_locator = baseline_locator(loaded, src);

  // The interventions and sweeps blocks are read here; each variant's document has them removed.
  std::vector<std::pair<std::string, json>> interventions;
  {
    Checker check(base_locator, problems, src);
    interventions = read_interventions(base, check);

    if (base.is_object() && base.contains("sweeps")) check.map(base["sweeps"], "/sweeps", "sweeps");
    json doc = base;
    if (doc.is_object()) {
      doc.erase("interventions");
      doc.erase("sweeps");
    }
    Builder builder(doc, check);
    const size_t before = problems.size();
    Scenario scenario = builder.build();
    if (problems.size() == before)
      check_network(scenario,
                    [&check](const std::string& p, const std::string& m) { check.error(p, m); });
    Variant v{"baseline", "", doc, std::move(scenario), {}};
    v.description = v.scenario.description;
    loaded.variants.push_back(std::move(v));
  }
  if (!problems.empty()) throw_sorted(std::move(problems));

  add_interventions(loaded, src, interventions, base_locator, problems);
  if (!problems.empty()) throw_sorted(std::move(problems));

  add_sweeps(loaded, src, base, base_locator, problems);
  if (!problems.empty()) throw_sorted(std::move(problems));
  return loaded;
}

LoadedScenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides) {
  return load_scenario_text(path, read_file(path, "the scenario file"), overrides);
}

}  // namespace flowsim::models
