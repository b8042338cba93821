// Reading a scenario document while collecting every problem: the typed readers (Checker) and
// how values are shown in messages. Internal to scenario/: not installed.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/diagnostics.h"
#include "sim/calendar.h"
#include "sim/time.h"

namespace flowsim::models::loading {

using nlohmann::json;

// A value's type as a message names it: "a string", "a number", "a list", ...
std::string type_name(const json& j);
// A value as a message shows it, cut to 40 characters.
std::string shown(const json& j);
// A number as a message shows it (%g).
std::string num(double v);
// Letters, digits, '_' and '-', 1 to 64 of them: what may name a unit, a cohort, a stream.
bool is_name(const std::string& s);

// Maps a pointer in a variant's document back to the place the user wrote it.
using Locator = std::function<Diagnostic(const std::string& pointer, bool at_key)>;

// Reads one document, checking as it goes; collects every problem rather than stopping.
class Checker {
 public:
  // `file` gives the order of named entries: those written in the file keep its order, and any
  // an intervention's patch adds follow in the order of the patch.
  Checker(Locator locate, std::vector<Diagnostic>& problems, const JsonSource& file)
      : locate_(std::move(locate)), problems_(problems), file_(file) {}

  void error(const std::string& pointer, const std::string& message, bool at_key = false);
  size_t problem_count() const { return problems_.size(); }

  // Checks that j is an object whose keys are all allowed and required ones present.
  bool object(const json& j, const std::string& p, const std::vector<std::string>& allowed,
              const std::vector<std::string>& required, const std::string& what);
  // Checks that j is an object of named entries (any keys).
  bool map(const json& j, const std::string& p, const std::string& what);
  // The keys of an object in the order the user wrote them (the JSON library sorts them).
  std::vector<std::string> keys_in_order(const json& obj, const std::string& p);

  bool string(const json& j, const std::string& p, std::string& out);

  // Runs one of the kernel's text parsers on text; its message becomes the problem at p.
  template <typename T, typename Parse>
  bool parsed(const std::string& text, const std::string& p, Parse parse, T& out) {
    try {
      out = parse(text);
      return true;
    } catch (const std::invalid_argument& e) {
      error(p, e.what());
      return false;
    }
  }

  // A string at p, read by one of the kernel's text parsers.
  template <typename T, typename Parse>
  bool string_as(const json& j, const std::string& p, Parse parse, T& out) {
    std::string text;
    return string(j, p, text) && parsed(text, p, parse, out);
  }

  bool duration(const json& j, const std::string& p, sim::Duration& out);
  bool hours(const json& j, const std::string& p, double& out);
  bool rate(const json& j, const std::string& p, double& per_hour);
  bool number(const json& j, const std::string& p, double& out, double min, double max,
              const std::string& what);
  bool whole(const json& j, const std::string& p, int64_t& out, int64_t min, int64_t max,
             const std::string& what);
  bool date(const json& j, const std::string& p, sim::CivilDate& out);

 private:
  Locator locate_;
  std::vector<Diagnostic>& problems_;
  const JsonSource& file_;
};

}  // namespace flowsim::models::loading
