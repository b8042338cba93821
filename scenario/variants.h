// Variants of a scenario and the stages that make them: --set overrides, interventions (merge
// patches onto the baseline) and sweeps (a grid of values set by JSON pointer). Shared by
// loader.cc, variants.cc and sweeps.cc; internal to scenario/: not installed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/checker.h"
#include "scenario/scenario.h"

namespace flowsim::models::loading {

// Throws InvalidInput with the problems in the order they stand in the file (loader.cc).
[[noreturn]] void throw_sorted(std::vector<Diagnostic> problems);
// A file's bytes; InvalidInput "cannot open <what>" when it cannot be read (loader.cc).
std::string read_file(const std::string& path, const std::string& what);
// Builds one variant's document, checks it and its network, and adds it to `loaded`; problems
// are prefixed with `context` and collected (loader.cc).
void add_checked_variant(LoadedScenario& loaded, const JsonSource& src, Variant variant,
                         const Locator& locate, const std::string& context,
                         std::vector<Diagnostic>& problems);

// variants.cc
// A problem when text from the command line (a --set or --sweep argument) is not UTF-8: found
// by the fuzzer, a Latin-1 byte from a terminal reached the JSON library, which threw.
std::string not_utf8(const std::string& written);
// The text of a --set or --sweep value as JSON, or as a string when it is not JSON.
json parse_override_value(const std::string& text);
// Sets the value at a JSON pointer, as --set and sweeps do: the parent must already exist (an
// object, or a list holding that element). Returns what is wrong, or "" once set.
std::string set_at_pointer(json& doc, const std::string& pointer, const json& value);

// What every variant shares with the baseline: a comparison pairs replication r of each, so they
// must draw the same random numbers over the same period.
inline constexpr const char* kSharedByVariants[] = {"seed", "replications", "start", "warmup",
                                                    "horizon"};
inline const std::string kSharedWhy =
    ": every variant runs the baseline's replications over the same period with the same random "
    "numbers, so that each is compared with the baseline replication by replication";

const Variant* find_variant(const LoadedScenario& loaded, const std::string& name);

// Stage 2: applies --set overrides, by JSON pointer, onto the file as written; returns the
// pointers set, or reports why one could not be.
std::vector<std::string> apply_overrides(json& doc, const std::vector<Override>& overrides,
                                         std::vector<Diagnostic>& problems);
// Where a pointer of the baseline came from: --set or the file.
Locator baseline_locator(const LoadedScenario& loaded, const JsonSource& src);
// The file's "interventions" block, checked: each intervention's name and body.
std::vector<std::pair<std::string, json>> read_interventions(const json& base, Checker& check);
// Builds each of the file's interventions as a variant after the baseline.
void add_interventions(LoadedScenario& loaded, const JsonSource& src,
                       const std::vector<std::pair<std::string, json>>& interventions,
                       const Locator& in_base, std::vector<Diagnostic>& problems);

// sweeps.cc: reads the file's "sweeps" block and builds every point of each.
void add_sweeps(LoadedScenario& loaded, const JsonSource& src, const json& base,
                const Locator& in_base, std::vector<Diagnostic>& problems);

}  // namespace flowsim::models::loading
