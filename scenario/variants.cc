// Variants of the scenario: --set overrides onto the file, and interventions, each the baseline
// with a JSON merge patch applied, from the file's "interventions" or a file of their own.
#include <cstdio>
#include <filesystem>

#include "scenario/variants.h"

namespace flowsim::models {
namespace loading {

// A problem when text from the command line (a --set or --sweep argument) is not UTF-8: found
// by the fuzzer, a Latin-1 byte from a terminal reached the JSON library, which threw.
std::string not_utf8(const std::string& written) {
  const size_t bad = first_bad_byte(written);
  if (bad == std::string::npos) return "";
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(written[bad]));
  return "not UTF-8 text (byte " + std::string(byte) +
         "); set your terminal to UTF-8, or write the character as JSON, e.g. \"caf\\u00e9\"";
}

json parse_override_value(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception&) {
    // Not JSON, or a number too large for a double (1e999, which the library reports as out of
    // range: found by the fuzzer): the text itself, which the checks then report.
    return json(text);
  }
}

// Sets the value at a JSON pointer, as --set and sweeps do: the parent must already exist (an
// object, or a list holding that element). Returns what is wrong, or "" once set.
std::string set_at_pointer(json& doc, const std::string& pointer, const json& value) {
  try {
    if (pointer.empty()) return "the pointer must name a value, e.g. /units/ward/capacity";
    const json::json_pointer ptr(pointer);
    const json::json_pointer parent = ptr.parent_pointer();
    if (!doc.contains(parent))
      return "there is nothing at " + parent.to_string() + " in the scenario to set a value in";
    if (!(doc[parent].is_object() || doc[parent].is_array())) {
      return parent.to_string() + " is " + type_name(doc[parent]) +
             ", not an object or a list, so it has no \"" + ptr.back() + "\" to set";
    }
    if (doc[parent].is_array() && !doc.contains(ptr))
      return "the list at " + parent.to_string() + " has no such element";
    doc[ptr] = value;
    return "";
  } catch (const json::exception& e) {
    // The library's words without its "[json.exception.parse_error.108] parse error: " prefix.
    std::string what = e.what();
    if (const size_t id_end = what.find("] "); id_end != std::string::npos)
      what = what.substr(id_end + 2);
    const size_t colon = what.find(": ");
    if (what.rfind("parse error", 0) == 0 && colon != std::string::npos)
      what = what.substr(colon + 2);
    return "not a JSON pointer: " + what;
  }
}

const Variant* find_variant(const LoadedScenario& loaded, const std::string& name) {
  for (const auto& v : loaded.variants)
    if (v.name == name) return &v;
  return nullptr;
}

std::vector<std::string> apply_overrides(json& doc, const std::vector<Override>& overrides,
                                         std::vector<Diagnostic>& problems) {
  std::vector<std::string> overridden;
  for (const auto& o : overrides) {
    if (const std::string wrong = not_utf8(o.pointer + "=" + o.value); !wrong.empty()) {
      problems.push_back({"--set", {}, o.pointer, wrong});
      continue;
    }
    const std::string wrong = set_at_pointer(doc, o.pointer, parse_override_value(o.value));
    if (wrong.empty()) {
      overridden.push_back(o.pointer);
    } else {
      problems.push_back({"--set", {}, o.pointer, wrong});
    }
  }
  return overridden;
}

Locator baseline_locator(const LoadedScenario& loaded, const JsonSource& src) {
  return [&loaded, &src](const std::string& pointer, bool at_key) {
    for (const auto& o : loaded.overridden)
      if (pointer == o || pointer.rfind(o + "/", 0) == 0)
        return Diagnostic{"--set", {}, pointer, ""};
    return Diagnostic{loaded.path, at_key ? src.key_location(pointer) : src.value_location(pointer),
                      pointer, ""};
  };
}

std::vector<std::pair<std::string, json>> read_interventions(const json& base, Checker& check) {
  std::vector<std::pair<std::string, json>> interventions;
  if (!(base.is_object() && base.contains("interventions"))) return interventions;
  const json& iv = base["interventions"];
  if (!check.map(iv, "/interventions", "interventions")) return interventions;
  for (const auto& name : check.keys_in_order(iv, "/interventions")) {
    const std::string p = "/interventions/" + pointer_token(name);
    if (!is_name(name) || name == "baseline") {
      check.error(p,
                  name == "baseline"
                      ? "\"baseline\" is the scenario itself; name the intervention otherwise"
                      : "an intervention's name is letters, digits, '_' and '-'",
                  true);
    }
    if (check.object(iv[name], p, {"description", "patch"}, {"patch"}, "an intervention") &&
        iv[name].contains("patch")) {
      if (!iv[name]["patch"].is_object()) {
        check.error(p + "/patch",
                    "a patch is an object (a JSON merge patch) with the keys to change");
      } else {
        interventions.push_back({name, iv[name]});
      }
    }
  }
  return interventions;
}

namespace {

// An intervention: the baseline with a merge patch applied.
void add_intervention(LoadedScenario& loaded, const JsonSource& src, const std::string& name,
                      const std::string& description, const json& patch, const Locator& locate,
                      std::vector<Diagnostic>& problems) {
  std::vector<Diagnostic> local;
  Checker check(locate, local, src);
  if (find_variant(loaded, name) != nullptr)
    check.error("", "there is already a variant called \"" + name + "\"");
  for (const char* key : kSharedByVariants)
    if (patch.contains(key))
      check.error(std::string("/") + key,
                  std::string("an intervention cannot change \"") + key + "\"" + kSharedWhy);
  for (const char* key : {"interventions", "sweeps"})
    if (patch.contains(key))
      check.error(std::string("/") + key, std::string("a patch cannot add ") + key);
  const std::string context = "in intervention \"" + name + "\": ";
  for (auto& d : local) d.message = context + d.message;
  problems.insert(problems.end(), local.begin(), local.end());
  if (!local.empty()) return;
  json doc = loaded.variants.front().document;
  doc.merge_patch(patch);
  add_checked_variant(loaded, src, Variant{name, description, std::move(doc), {}, {}}, locate,
                      context, problems);
}

}  // namespace

void add_interventions(LoadedScenario& loaded, const JsonSource& src,
                       const std::vector<std::pair<std::string, json>>& interventions,
                       const Locator& in_base, std::vector<Diagnostic>& problems) {
  const std::string& path = src.path();
  for (auto& [name, body] : interventions) {
    const std::string prefix = "/interventions/" + pointer_token(name) + "/patch";
    auto locator = [&, prefix](const std::string& pointer, bool at_key) {
      if (src.contains(prefix + pointer)) {
        const std::string full = prefix + pointer;
        return Diagnostic{path, at_key ? src.key_location(full) : src.value_location(full), pointer,
                          ""};
      }
      Diagnostic d = in_base(pointer, at_key);
      d.pointer = pointer;
      return d;
    };
    add_intervention(loaded, src, name, body.value("description", std::string()), body["patch"],
                     locator, problems);
  }
}

}  // namespace loading

using namespace loading;

void add_intervention_text(LoadedScenario& loaded, const std::string& path,
                           const std::string& text) {
  JsonSource file(path, text);
  if (!file.ok()) throw InvalidInput({Diagnostic{"", {}, "", file.error()}});
  const JsonSource base(loaded.path, loaded.text);
  const Locator in_base = baseline_locator(loaded, base);
  // A pointer the patch sets is found in this file; any other in the scenario's.
  const Locator locate = [&](const std::string& pointer, bool at_key) {
    const std::string full = "/patch" + pointer;
    if (file.contains(full))
      return Diagnostic{path, at_key ? file.key_location(full) : file.value_location(full), pointer,
                        ""};
    return in_base(pointer, at_key);
  };
  const Locator in_file = [&](const std::string& pointer, bool at_key) {
    return Diagnostic{path, at_key ? file.key_location(pointer) : file.value_location(pointer),
                      pointer, ""};
  };
  std::vector<Diagnostic> problems;
  Checker check(in_file, problems, file);
  const json& doc = file.document();
  std::string name = std::filesystem::path(path).stem().string();
  std::string description;
  if (check.object(
          doc, "", {"name", "description", "patch"}, {"patch"},
          "an intervention file, {\"name\": ..., \"description\": ..., \"patch\": {...}},")) {
    if (doc.contains("name") && check.string(doc["name"], "/name", name) && !is_name(name))
      check.error("/name", "an intervention's name is letters, digits, '_' and '-'");
    if (!doc.contains("name") && !is_name(name)) {
      check.error("", "the file's name \"" + name +
                          "\" cannot name an intervention (letters, digits, '_' and '-'); give "
                          "\"name\"");
    }
    if (name == "baseline")
      check.error(doc.contains("name") ? "/name" : "",
                  "\"baseline\" is the scenario itself; name the intervention otherwise");
    if (doc.contains("description")) check.string(doc["description"], "/description", description);
    if (doc.contains("patch") && !doc["patch"].is_object())
      check.error("/patch", "a patch is an object (a JSON merge patch) with the keys to change");
  }
  if (problems.empty()) {
    add_intervention(loaded, base, name, description, doc["patch"], locate, problems);
  }
  if (!problems.empty()) throw_sorted(std::move(problems));
}

void add_intervention_file(LoadedScenario& loaded, const std::string& path) {
  add_intervention_text(loaded, path, read_file(path, "the intervention file"));
}

}  // namespace flowsim::models
