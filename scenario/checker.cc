// The typed readers of a scenario document and the way messages show values.
#include "scenario/checker.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <tuple>

namespace flowsim::models::loading {

std::string type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "true/false";
    case json::value_t::string:
      return "a string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "a list";
    default:
      return "something else";
  }
}

std::string shown(const json& j) {
  // Text that is not UTF-8 (from --set: a file's text is checked when read) is shown, not thrown.
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool is_name(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

void Checker::error(const std::string& pointer, const std::string& message, bool at_key) {
  Diagnostic d = locate_(pointer, at_key);
  d.message = message;
  problems_.push_back(std::move(d));
}

bool Checker::object(const json& j, const std::string& p, const std::vector<std::string>& allowed,
                     const std::vector<std::string>& required, const std::string& what) {
  if (!j.is_object()) {
    error(p, what + " must be an object {...} (got " + type_name(j) + " " + shown(j) + ")");
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string msg = "unknown key \"" + key + "\" in " + what;
    const std::string guess = did_you_mean(key, allowed);
    if (!guess.empty()) {
      msg += "; did you mean \"" + guess + "\"?";
    } else {
      msg += "; expected one of:";
      for (size_t i = 0; i < allowed.size(); ++i) msg += (i ? ", " : " ") + allowed[i];
    }
    error(p + "/" + pointer_token(key), msg, true);
  }
  for (const auto& key : required) {
    if (!j.contains(key)) error(p, what + " needs \"" + key + "\"");
  }
  return true;
}

bool Checker::map(const json& j, const std::string& p, const std::string& what) {
  if (!j.is_object()) {
    error(p, what + " must be an object of named entries {\"name\": {...}} (got " + type_name(j) +
                 ")");
    return false;
  }
  return true;
}

std::vector<std::string> Checker::keys_in_order(const json& obj, const std::string& p) {
  std::vector<std::pair<std::tuple<bool, int, int>, std::string>> keyed;
  for (const auto& [key, v] : obj.items()) {
    (void)v;
    const std::string pointer = p + "/" + pointer_token(key);
    const bool in_file = file_.contains(pointer);
    const SourceLocation at = in_file ? file_.key_location(pointer) : locate_(pointer, true).where;
    keyed.push_back({{!in_file, at.line, at.column}, key});
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> keys;
  for (auto& k : keyed) keys.push_back(k.second);
  return keys;
}

bool Checker::string(const json& j, const std::string& p, std::string& out) {
  if (!j.is_string()) {
    error(p, "must be a string (got " + type_name(j) + " " + shown(j) + ")");
    return false;
  }
  out = j.get<std::string>();
  return true;
}

bool Checker::duration(const json& j, const std::string& p, sim::Duration& out) {
  if (j.is_number()) {
    error(p, "a bare number is not a duration; write it with a unit, e.g. \"" + shown(j) +
                 "h\" or \"" + shown(j) + "d\" (units s, min, h, d, w)");
    return false;
  }
  if (!j.is_string()) {
    error(p, "must be a duration such as \"4h\" or \"2.5d\" (got " + type_name(j) + ")");
    return false;
  }
  return parsed(j.get<std::string>(), p, sim::parse_duration, out);
}

bool Checker::hours(const json& j, const std::string& p, double& out) {
  sim::Duration d;
  if (!duration(j, p, d)) return false;
  out = d.to_hours();
  return true;
}

bool Checker::rate(const json& j, const std::string& p, double& per_hour) {
  if (j.is_number()) {
    error(p, "a bare number is not a rate; write it per unit of time, e.g. \"" + shown(j) +
                 "/h\" or \"" + shown(j) + "/d\"");
    return false;
  }
  if (!j.is_string()) {
    error(p, "must be a rate such as \"9.5/h\" or \"600/d\" (got " + type_name(j) + ")");
    return false;
  }
  return parsed(
      j.get<std::string>(), p, [](const std::string& t) { return sim::parse_rate(t).per_hour; },
      per_hour);
}

bool Checker::number(const json& j, const std::string& p, double& out, double min, double max,
                     const std::string& what) {
  if (!j.is_number()) {
    error(p, what + " must be a number (got " + type_name(j) + " " + shown(j) + ")");
    return false;
  }
  out = j.get<double>();
  if (!(out >= min && out <= max)) {
    error(p,
          what + " must be between " + num(min) + " and " + num(max) + " (got " + shown(j) + ")");
    return false;
  }
  return true;
}

bool Checker::whole(const json& j, const std::string& p, int64_t& out, int64_t min, int64_t max,
                    const std::string& what) {
  if (!j.is_number_integer() &&
      !(j.is_number_float() && std::floor(j.get<double>()) == j.get<double>() &&
        std::abs(j.get<double>()) < 9e15)) {
    error(p, what + " must be a whole number (got " + type_name(j) + " " + shown(j) + ")");
    return false;
  }
  if (j.is_number_unsigned() && j.get<uint64_t>() > uint64_t(INT64_MAX)) {
    error(p, what + " must be at most " + std::to_string(max) + " (got " + shown(j) + ")");
    return false;
  }
  out = j.is_number_float() ? int64_t(j.get<double>()) : j.get<int64_t>();
  if (out < min || out > max) {
    error(p, what + " must be between " + std::to_string(min) + " and " + std::to_string(max) +
                 " (got " + shown(j) + ")");
    return false;
  }
  return true;
}

bool Checker::date(const json& j, const std::string& p, sim::CivilDate& out) {
  return string_as(j, p, sim::parse_date, out);
}

}  // namespace flowsim::models::loading
