// Sweeps: one or two values of the scenario, each set by JSON pointer, varied over a grid whose
// every point is built and checked as a variant, from the file's "sweeps" or from --sweep.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "scenario/variants.h"

namespace flowsim::models {
namespace loading {
namespace {

// A value of a sweep axis as the results show it.
std::string coordinate_text(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// The values from `from` to `to` (inclusive) in steps of `step`: whole numbers stay whole, and
// others are rounded to 12 significant figures so 0.1 + 0.2 reads as 0.3.
std::vector<json> range_values(double from, double to, double step) {
  std::vector<json> out;
  const bool whole = std::floor(from) == from && std::floor(step) == step;
  const auto n = int64_t(std::floor((to - from) / step + 1e-9));
  for (int64_t i = 0; i <= n; ++i) {
    const double v = from + double(i) * step;
    if (whole) {
      out.push_back(json(int64_t(std::llround(v))));
    } else {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.12g", v);
      out.push_back(json(std::strtod(buf, nullptr)));
    }
  }
  return out;
}

constexpr size_t kMaxSweepPoints = 400;

// Checks that a sweep may vary this pointer in the document it starts from.
void check_sweep_pointer(const std::string& pointer, const json& doc, const std::string& p,
                         Checker& check) {
  json probe = doc;
  const std::string wrong = set_at_pointer(probe, pointer, json(nullptr));
  if (!wrong.empty()) {
    check.error(p, wrong);
    return;
  }
  const std::string top = pointer.substr(1, pointer.find('/', 1) - 1);
  for (const char* key : kSharedByVariants)
    if (top == key) check.error(p, std::string("a sweep cannot vary \"") + key + "\"" + kSharedWhy);
}

// Reads one axis of a file's sweep: {"pointer": ..., "values": [...]} or from/to/step.
void read_sweep_axis(const json& j, const std::string& p, const json& doc, Checker& check,
                     Sweep& sweep) {
  if (!check.object(j, p, {"pointer", "values", "from", "to", "step"}, {"pointer"}, "a sweep axis"))
    return;
  const size_t before = check.problem_count();
  std::vector<std::string> pointers;
  if (j.contains("pointer")) {
    const json& ptr = j["pointer"];
    if (ptr.is_string()) {
      pointers.push_back(ptr.get<std::string>());
    } else if (ptr.is_array() && !ptr.empty() &&
               std::all_of(ptr.begin(), ptr.end(), [](const json& x) { return x.is_string(); })) {
      for (const auto& x : ptr) pointers.push_back(x.get<std::string>());
    } else {
      check.error(p + "/pointer",
                  "a JSON pointer such as \"/units/ward/capacity\", or a list of pointers that all "
                  "take the axis's value");
    }
  }
  for (size_t i = 0; i < pointers.size(); ++i)
    check_sweep_pointer(
        pointers[i], doc,
        j["pointer"].is_array() ? p + "/pointer/" + std::to_string(i) : p + "/pointer", check);
  std::vector<json> values;
  const bool listed = j.contains("values");
  const bool ranged = j.contains("from") || j.contains("to") || j.contains("step");
  if (listed == ranged) {
    check.error(p, "give an axis either \"values\": [...] or \"from\", \"to\" and \"step\"");
  } else if (listed) {
    if (!j["values"].is_array() || j["values"].empty()) {
      check.error(p + "/values", "\"values\" is a non-empty list of the values to try");
    } else {
      for (const auto& v : j["values"]) values.push_back(v);
    }
  } else {
    double from = 0, to = 0, step = 0;
    for (const char* key : {"from", "to", "step"})
      if (!j.contains(key)) check.error(p, std::string("a ranged axis needs \"") + key + "\"");
    if (j.contains("from") && j.contains("to") && j.contains("step") &&
        check.number(j["from"], p + "/from", from, -1e12, 1e12, "\"from\"") &
            check.number(j["to"], p + "/to", to, -1e12, 1e12, "\"to\"") &
            check.number(j["step"], p + "/step", step, 1e-12, 1e12, "\"step\"")) {
      if (to < from) {
        check.error(p + "/to", "\"to\" is below \"from\"");
      } else if ((to - from) / step > double(kMaxSweepPoints)) {
        check.error(p + "/step", "the axis would have more than " +
                                     std::to_string(kMaxSweepPoints) +
                                     " values; take a larger step");
      } else {
        values = range_values(from, to, step);
      }
    }
  }
  if (check.problem_count() != before) return;
  sweep.axes.push_back({pointers, values});
}

// Builds every point of a sweep's grid as a variant; problems are reported at `where` (the
// sweep in the file, or --sweep), naming the point.
void build_sweep_points(LoadedScenario& loaded, const JsonSource& src, Sweep sweep,
                        const Diagnostic& where, std::vector<Diagnostic>& problems) {
  size_t count = 1;
  for (const auto& axis : sweep.axes) count *= axis.values.size();
  if (count > kMaxSweepPoints) {
    Diagnostic d = where;
    d.message = "sweep \"" + sweep.name + "\" has " + std::to_string(count) + " points; at most " +
                std::to_string(kMaxSweepPoints) + " are allowed";
    problems.push_back(d);
    return;
  }
  const Variant* from = find_variant(loaded, sweep.variant);
  LoadedScenario points;  // built apart, then moved into the sweep
  for (size_t i = 0; i < count; ++i) {
    Variant v{sweep.name, sweep.description, from->document, {}, {}};
    std::string label;
    size_t rest = i;
    for (size_t a = sweep.axes.size(); a-- > 0;) {
      const SweepAxis& axis = sweep.axes[a];
      const json& value = axis.values[rest % axis.values.size()];
      rest /= axis.values.size();
      for (const auto& pointer : axis.pointers) set_at_pointer(v.document, pointer, value);
      v.coordinates.insert(v.coordinates.begin(), coordinate_text(value));
      label = axis.label() + "=" + coordinate_text(value) + (label.empty() ? "" : ", " + label);
    }
    Locator locate = [&where](const std::string& pointer, bool) {
      Diagnostic d = where;
      d.pointer = pointer;
      return d;
    };
    add_checked_variant(points, src, std::move(v), locate,
                        "in sweep \"" + sweep.name + "\" at " + label + ": ", problems);
  }
  sweep.points = std::move(points.variants);
  loaded.sweeps.push_back(std::move(sweep));
}

}  // namespace

void add_sweeps(LoadedScenario& loaded, const JsonSource& src, const json& base,
                const Locator& in_base, std::vector<Diagnostic>& problems) {
  if (!(base.is_object() && base.contains("sweeps") && base["sweeps"].is_object())) return;
  const std::string& path = src.path();
  Checker check(in_base, problems, src);
  for (const auto& name : check.keys_in_order(base["sweeps"], "/sweeps")) {
    const std::string p = "/sweeps/" + pointer_token(name);
    const json& body = base["sweeps"][name];
    if (!is_name(name)) check.error(p, "a sweep's name is letters, digits, '_' and '-'", true);
    if (!check.object(body, p, {"description", "variant", "vary"}, {"vary"}, "a sweep")) continue;
    Sweep sweep;
    sweep.name = name;
    if (body.contains("description"))
      check.string(body["description"], p + "/description", sweep.description);
    if (body.contains("variant")) check.string(body["variant"], p + "/variant", sweep.variant);
    const Variant* from = find_variant(loaded, sweep.variant);
    if (from == nullptr) {
      check.error(p + "/variant", "no intervention is called \"" + sweep.variant +
                                      "\"; a sweep varies \"baseline\" or an intervention");
      continue;
    }
    if (!body.contains("vary")) continue;
    const json& vary = body["vary"];
    if (!vary.is_array() || vary.empty() || vary.size() > 2) {
      check.error(p + "/vary",
                  "\"vary\" is a list of one or two axes, each {\"pointer\": "
                  "\"/json/pointer\", \"values\": [...]} or with \"from\", \"to\" "
                  "and \"step\"");
      continue;
    }
    for (size_t a = 0; a < vary.size(); ++a)
      read_sweep_axis(vary[a], p + "/vary/" + std::to_string(a), from->document, check, sweep);
    if (!problems.empty()) continue;
    build_sweep_points(loaded, src, std::move(sweep), Diagnostic{path, src.key_location(p), p, ""},
                       problems);
  }
}

}  // namespace loading

using namespace loading;

std::string SweepAxis::label() const {
  std::string out;
  for (const auto& p : pointers) out += (out.empty() ? "" : " & ") + p;
  return out;
}

void add_command_line_sweep(LoadedScenario& loaded, const std::vector<std::string>& axes) {
  std::vector<Diagnostic> problems;
  const JsonSource base(loaded.path, loaded.text);
  Sweep sweep;
  sweep.name = "command_line";
  sweep.description = "--sweep";
  auto problem = [&](const std::string& pointer, const std::string& message) {
    problems.push_back(Diagnostic{"--sweep", {}, pointer, message});
  };
  if (axes.size() > 2) problem("", "a sweep varies one or two values; give --sweep at most twice");
  for (const auto& arg : axes) {
    const size_t eq = arg.find('=');
    const std::string pointer = arg.substr(0, eq);
    const std::string spec = eq == std::string::npos ? "" : arg.substr(eq + 1);
    if (const std::string wrong = not_utf8(arg); !wrong.empty()) {
      problem(pointer, wrong);
      continue;
    }
    if (eq == std::string::npos || spec.empty()) {
      problem(pointer,
              "--sweep takes /json/pointer=FROM:TO:STEP or /json/pointer=V1,V2,... (got \"" + arg +
                  "\")");
      continue;
    }
    json probe = loaded.variants.front().document;
    if (const std::string wrong = set_at_pointer(probe, pointer, json(nullptr)); !wrong.empty()) {
      problem(pointer, wrong);
      continue;
    }
    const std::string top = pointer.substr(1, pointer.find('/', 1) - 1);
    if (std::find(std::begin(kSharedByVariants), std::end(kSharedByVariants), top) !=
        std::end(kSharedByVariants)) {
      problem(pointer, "a sweep cannot vary \"" + top + "\"" + kSharedWhy);
      continue;
    }
    SweepAxis axis{{pointer}, {}};
    if (std::count(spec.begin(), spec.end(), ':') == 2 && spec.find(',') == std::string::npos) {
      double range[3];
      bool ok = true;
      size_t at = 0;
      for (double& x : range) {
        const size_t colon = spec.find(':', at);
        const std::string part = spec.substr(at, colon == std::string::npos ? colon : colon - at);
        char* end = nullptr;
        x = std::strtod(part.c_str(), &end);
        ok &= !part.empty() && end == part.c_str() + part.size() && std::isfinite(x);
        at = colon + 1;
      }
      if (!ok || !(range[2] > 0) || range[1] < range[0]) {
        problem(pointer,
                "FROM:TO:STEP needs numbers with FROM <= TO and STEP > 0 (got \"" + spec + "\")");
        continue;
      }
      if ((range[1] - range[0]) / range[2] > double(kMaxSweepPoints)) {
        problem(pointer, "the axis would have more than " + std::to_string(kMaxSweepPoints) +
                             " values; take a larger step");
        continue;
      }
      axis.values = range_values(range[0], range[1], range[2]);
    } else {
      for (size_t at = 0; at <= spec.size();) {
        const size_t comma = std::min(spec.find(',', at), spec.size());
        axis.values.push_back(parse_override_value(spec.substr(at, comma - at)));
        at = comma + 1;
      }
    }
    sweep.axes.push_back(std::move(axis));
  }
  if (problems.empty())
    build_sweep_points(loaded, base, std::move(sweep), Diagnostic{"--sweep", {}, "", ""}, problems);
  if (!problems.empty()) throw_sorted(std::move(problems));
}

}  // namespace flowsim::models
