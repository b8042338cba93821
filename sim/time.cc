#include "sim/time.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace flowsim::sim {
namespace {

struct Unit {
  std::string_view name;
  double hours;
};
constexpr Unit kUnits[] = {
    {"s", 1.0 / 3600}, {"min", 1.0 / 60}, {"h", 1.0}, {"d", 24.0}, {"w", 168.0}};

bool parse_number(std::string_view s, double& out) {
  if (s.empty()) return false;
  // from_chars accepts neither a leading '+' nor spaces, which suits a strict format.
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out);
}

const Unit* find_unit(std::string_view u) {
  for (const Unit& unit : kUnits)
    if (unit.name == u) return &unit;
  return nullptr;
}

std::string quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

}  // namespace

Duration parse_duration(std::string_view text) {
  const std::string hint =
      "write a duration as a number and a unit: \"30min\", \"4h\", \"2.5d\", \"2w\" (units s, "
      "min, h, d, w)";
  size_t split = text.size();
  while (split > 0 && std::isalpha(static_cast<unsigned char>(text[split - 1]))) --split;
  const std::string_view number = text.substr(0, split);
  const std::string_view unit_text = text.substr(split);
  if (unit_text.empty()) {
    throw std::invalid_argument(quoted(text) + " has no unit; " + hint);
  }
  const Unit* unit = find_unit(unit_text);
  if (unit == nullptr) {
    throw std::invalid_argument("unknown time unit " + quoted(unit_text) + " in " + quoted(text) +
                                "; " + hint);
  }
  double value = 0;
  if (!parse_number(number, value)) {
    throw std::invalid_argument(quoted(text) + " is not a duration; " + hint);
  }
  if (value < 0) throw std::invalid_argument(quoted(text) + " is negative; a duration is >= 0");
  // About 114,000 years: far beyond any scenario, well inside what a Duration can hold.
  if (value * unit->hours > 1e9) {
    throw std::invalid_argument(quoted(text) + " is longer than flowsim can simulate (1e9 hours)");
  }
  return Duration::hours(value * unit->hours);
}

std::string format_duration(Duration d) {
  const int64_t t = d.ticks();
  auto fmt = [](double v, const char* u) {
    char buf[64];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    return std::string(buf, p) + u;
  };
  if (t != 0 && t % Duration::kTicksPerWeek == 0)
    return fmt(double(t / Duration::kTicksPerWeek), "w");
  if (t != 0 && t % Duration::kTicksPerDay == 0)
    return fmt(double(t / Duration::kTicksPerDay), "d");
  if (t != 0 && t % Duration::kTicksPerHour == 0)
    return fmt(double(t / Duration::kTicksPerHour), "h");
  if (t % Duration::kTicksPerMinute == 0) return fmt(double(t / Duration::kTicksPerMinute), "min");
  return fmt(double(t) / Duration::kTicksPerSecond, "s");
}

Rate parse_rate(std::string_view text) {
  const std::string hint =
      "write a rate as a number per unit of time: \"9.5/h\", \"600/d\", \"900/w\"";
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    throw std::invalid_argument(quoted(text) + " has no time unit; " + hint);
  }
  const std::string_view number = text.substr(0, slash);
  const std::string_view unit_text = text.substr(slash + 1);
  const Unit* unit = find_unit(unit_text);
  if (unit == nullptr) {
    throw std::invalid_argument("unknown time unit " + quoted(unit_text) + " in rate " +
                                quoted(text) + "; " + hint);
  }
  double value = 0;
  if (!parse_number(number, value)) {
    throw std::invalid_argument(quoted(text) + " is not a rate; " + hint);
  }
  if (value < 0) throw std::invalid_argument(quoted(text) + " is negative; a rate is >= 0");
  const double per_hour = value / unit->hours;
  if (!std::isfinite(per_hour))
    throw std::invalid_argument(quoted(text) + " is not a rate; " + hint);
  return Rate{per_hour};
}

}  // namespace flowsim::sim
