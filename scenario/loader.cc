// Loading a scenario file, in stages; after any stage that found problems, all of them are thrown
// at once, in the order they stand in the file.
//   1. Parse: the text into a JsonSource, which knows where every value and key stands
//      (diagnostics.cc); a syntax error stops here.
//   2. --set: overrides set by JSON pointer onto the parsed document (variants.cc).
//   3. The baseline: the Builder (builder.h) reads the document part by part, each part in the
//      file of its own (units.cc, arrivals.cc, ...). For each part it fills the defaults (those
//      of the declarations in scenario.h, and of a unit's kind from unit_kinds.cc), reads over
//      them what the file gives, validates and builds the typed Scenario; then the pathway
//      network is checked (pathways.cc). Filling, validating and building stay one pass per part
//      because problems at the same place (and those of --set, which have none) are reported in
//      the order they are found, and tests pin that order.
//   4. Interventions: the baseline's document with each merge patch, read as in 3 (variants.cc).
//   5. Sweeps: every point of each grid, read as in 3 (sweeps.cc).
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
  // Stage 1: parse, keeping where each value and key stands.
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

  // Stage 3: the baseline. The interventions and sweeps blocks are checked and set aside (each
  // variant's document has them removed); the rest is read, checked and built.
  std::vector<std::pair<std::string, json>> interventions;
  {
    Checker check(base_locator, problems, src);
    interventions = read_interventions(base, check);
    if (base.is_object() && base.contains("sweeps")) check.map(base["sweeps"], "/sweeps", "sweeps");
  }
  json doc = base;
  if (doc.is_object()) {
    doc.erase("interventions");
    doc.erase("sweeps");
  }
  add_checked_variant(loaded, src, Variant{"baseline", "", std::move(doc), {}, {}}, base_locator,
                      "", problems);
  loaded.variants.front().description = loaded.variants.front().scenario.description;
  if (!problems.empty()) throw_sorted(std::move(problems));

  // Stage 4: the interventions, each the baseline with its patch, read as the baseline is.
  add_interventions(loaded, src, interventions, base_locator, problems);
  if (!problems.empty()) throw_sorted(std::move(problems));

  // Stage 5: the sweeps, every point of each grid read as the baseline is.
  add_sweeps(loaded, src, base, base_locator, problems);
  if (!problems.empty()) throw_sorted(std::move(problems));
  return loaded;
}

LoadedScenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides) {
  return load_scenario_text(path, read_file(path, "the scenario file"), overrides);
}

}  // namespace flowsim::models
