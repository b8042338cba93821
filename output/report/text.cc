#include "output/report/parts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>
#include <thread>

#include "sim/calendar.h"

namespace flowsim::models::report {

// --- text -------------------------------------------------------------------------------------

std::string esc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// An SVG coordinate: one decimal, without a trailing ".0", so the charts stay small.
std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

// A number with its thousands separated ("14,500"), for axes and prose.
std::string grouped(double v, int decimals) {
  std::string s = format_fixed(v, decimals);
  const size_t start = s[0] == '-' ? 1 : 0;
  size_t end = s.find('.');
  if (end == std::string::npos) end = s.size();
  for (size_t i = end; i > start + 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

std::string percent(double share) {
  return format_fixed(share * 100, share < 0.1 ? 1 : 0) + "%";
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string count(size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// The 64 first characters of a JSON value, for a sentence.
std::string json_text(const nlohmann::json& value) {
  std::string s = value.dump();
  if (s.size() > 64) s = s.substr(0, 61) + "...";
  return s;
}

// --- dates ------------------------------------------------------------------------------------

// "Mon 5 Oct 2026", with the time when it is not midnight ("Mon 5 Oct 2026 08:30").
std::string date_text(int64_t minutes) {
  const int64_t days = sim::floor_div(minutes, 1440);
  const int64_t minute = minutes - days * 1440;
  const sim::CivilDate d = sim::civil_from_days(days);
  std::string out = std::string(kWeekdays[((days % 7) + 7 + 3) % 7]) + " " + std::to_string(d.day) +
                    " " + kMonths[d.month - 1] + " " + std::to_string(d.year);
  if (minute != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, " %02d:%02d", int(minute / 60), int(minute % 60));
    out += buf;
  }
  return out;
}

std::string days_text(double hours) {
  const double d = hours / 24;
  return format_fixed(d, d == std::floor(d) ? 0 : 1) + (d == 1 ? " day" : " days");
}

}  // namespace flowsim::models::report
