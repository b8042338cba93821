// A unit's places: a number, per 100,000 population or a schedule by day, hour and date; the
// hours in which it discharges; its escalation beds.
#include <cmath>
#include <cstdio>

#include "scenario/builder.h"

namespace flowsim::models::loading {

// `min_places`: 1, or 0 for a virtual ward, so that a sweep of its places can start from none
// (its step-ups say what happens instead when it is full, and step-downs wait for a place).
void Builder::read_capacity(const json& j, const std::string& p, Capacity& cap,
                            int64_t min_places) {
  if (j.is_string() && j.get<std::string>() == "unlimited") {
    cap.fixed = sim::kUnlimited;
    return;
  }
  if (j.is_object() && j.contains("schedule")) {
    if (!check_.object(j, p, {"schedule"}, {"schedule"}, "a capacity schedule")) return;
    const json& s = j["schedule"];
    const std::string sp = p + "/schedule";
    if (!s.is_array() || s.empty()) {
      check_.error(
          sp,
          "must be a list of lines, the first with only \"capacity\" (the default), later ones "
          "with \"days\", \"from\"/\"to\" times or \"from_date\"/\"to_date\"");
      return;
    }
    for (size_t i = 0; i < s.size(); ++i) {
      const std::string lp = sp + "/" + std::to_string(i);
      CapacityRule rule;
      if (!check_.object(s[i], lp, {"capacity", "days", "from", "to", "from_date", "to_date"},
                         {"capacity"}, "a capacity schedule line")) {
        continue;
      }
      const json& line = s[i];
      if (line.contains("capacity"))
        read_capacity_number(line["capacity"], lp + "/capacity", rule.capacity, 0);
      if (line.contains("days")) read_days(line["days"], lp + "/days", rule.weekdays);
      if (line.contains("from") || line.contains("to")) {
        // Each time where it is written, so that an error points at the one that is wrong.
        auto time_of_day = [&](const char* key, int& minute) {
          return line.contains(key) &&
                 check_.string_as(line[key], lp + "/" + key, sim::parse_time_of_day, minute);
        };
        const bool from_ok = time_of_day("from", rule.from_minute) || !line.contains("from");
        const bool to_ok = time_of_day("to", rule.to_minute) || !line.contains("to");
        if (from_ok && to_ok && rule.from_minute == rule.to_minute) {
          check_.error(lp, "\"from\" and \"to\" are the same time");
        }
      }
      if (line.contains("from_date") || line.contains("to_date")) {
        rule.dated = true;
        if (!line.contains("from_date") || !line.contains("to_date")) {
          check_.error(lp, "a dated line needs both \"from_date\" and \"to_date\" (inclusive)");
        } else if (check_.date(line["from_date"], lp + "/from_date", rule.from_date) &
                       check_.date(line["to_date"], lp + "/to_date", rule.to_date) &&
                   rule.to_date < rule.from_date) {
          check_.error(lp + "/to_date", "the dates end before they begin");
        }
      }
      const bool conditional = line.size() > 1;
      if (i == 0 && conditional) {
        check_.error(lp, "the first line of a schedule is the default: give it only \"capacity\"");
      }
      if (i > 0 && !conditional) {
        check_.error(
            lp, "only the first line may be unconditional; add \"days\", \"from\"/\"to\" or dates");
      }
      cap.schedule.push_back(rule);
    }
    return;
  }
  read_capacity_number(j, p, cap.fixed, min_places);
}

bool Builder::read_capacity_number(const json& j, const std::string& p, int64_t& out, int64_t min) {
  if (j.is_object() && j.contains("per_100k")) {
    if (!check_.object(j, p, {"per_100k"}, {"per_100k"}, "a capacity per 100,000")) return false;
    double per = 0;
    if (!check_.number(j["per_100k"], p + "/per_100k", per, 0, 1e5,
                       "places per 100,000 population"))
      return false;
    if (s_.population <= 0) {
      check_.error(p + "/per_100k",
                   "a capacity per 100,000 needs \"population\" at the top of the scenario");
      return false;
    }
    out = int64_t(std::llround(per * s_.population / 1e5));
    if (out < min) {
      // A unit with no places would strand every patient bound for it (found in review).
      check_.error(p + "/per_100k", num(per) + " per 100,000 of a population of " +
                                        num(s_.population) +
                                        " rounds to no places; a unit needs at least 1 (a "
                                        "virtual ward may have none)");
      return false;
    }
    return true;
  }
  if (j.is_number_integer() || j.is_number_unsigned() || j.is_number_float()) {
    if (!(j.is_number_float() && std::floor(j.get<double>()) != j.get<double>()) &&
        !(j.is_number_unsigned() && j.get<uint64_t>() > 10000000) &&
        j.get<double>() >= double(min) && j.get<double>() <= 1e7) {
      out = j.get<int64_t>();
      return true;
    }
  }
  // A schedule line (min 0) cannot be unlimited: its capacity must change by a number of places.
  check_.error(p, std::string("must be a whole number of places") +
                      (min > 0 ? " (at least 1), \"unlimited\"" : " (0 or more)") +
                      " or {\"per_100k\": 45} (got " + shown(j) + ")");
  return false;
}

void Builder::read_days(const json& j, const std::string& p, uint8_t& mask) {
  if (j.is_string() && (j == "weekdays" || j == "weekends")) {
    mask = j == "weekdays" ? 0x1f : 0x60;
    return;
  }
  if (!j.is_array() || j.empty()) {
    check_.error(p, "days is a list such as [\"sat\", \"sun\"], or \"weekdays\" or \"weekends\"");
    return;
  }
  mask = 0;
  for (size_t i = 0; i < j.size(); ++i) {
    std::string d;
    if (!check_.string(j[i], p + "/" + std::to_string(i), d)) continue;
    bool found = false;
    for (int w = 0; w < 7; ++w) {
      if (sim::kWeekdayNames[w] == d) {
        mask |= uint8_t(1u << w);
        found = true;
      }
    }
    if (!found)
      check_.error(p + "/" + std::to_string(i),
                   "a day is one of mon, tue, wed, thu, fri, sat, sun (got \"" + d + "\")");
  }
}

void Builder::read_discharge(const json& j, const std::string& p, DischargeRules& d) {
  if (!check_.object(j, p, {"from", "to", "weekend"}, {},
                     "discharge rules, e.g. {\"from\": \"08:00\", \"to\": \"20:00\", "
                     "\"weekend\": 0.5}"))
    return;
  d.active = true;
  const bool from_ok =
      !j.contains("from") ||
      check_.string_as(j["from"], p + "/from", sim::parse_time_of_day, d.from_minute);
  const bool to_ok = !j.contains("to") ||
                     check_.string_as(j["to"], p + "/to", sim::parse_time_of_day, d.to_minute);
  if (from_ok && to_ok && d.from_minute >= d.to_minute) {
    auto hhmm = [](int minute) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
      return std::string(buf);
    };
    check_.error(p, "\"to\" (" + hhmm(d.to_minute) + ") must be later than \"from\" (" +
                        hhmm(d.from_minute) + "): discharges happen between them, within one day");
  }
  if (j.contains("weekend"))
    check_.number(j["weekend"], p + "/weekend", d.weekend, 0, 1,
                  "the weekend discharge rate (a share of the weekday rate, 0 to 1)");
}

void Builder::read_escalation(const json& j, const std::string& p, Unit& unit) {
  Escalation& e = unit.escalation;
  if (!check_.object(j, p, {"beds", "open_above", "close_below"},
                     {"beds", "open_above", "close_below"}, "escalation"))
    return;
  if (j.contains("beds")) check_.whole(j["beds"], p + "/beds", e.beds, 1, 100000, "beds");
  const bool open_ok = j.contains("open_above") &&
                       check_.number(j["open_above"], p + "/open_above", e.open_above, 0.01, 1,
                                     "an occupancy (a share of the unit's own beds, e.g. 0.95; "
                                     "occupancy never passes 1 before the beds open)");
  const bool close_ok = j.contains("close_below") &&
                        check_.number(j["close_below"], p + "/close_below", e.close_below, 0, 1,
                                      "an occupancy (a share of the unit's own beds, e.g. 0.90)");
  if (open_ok && close_ok && e.close_below >= e.open_above) {
    check_.error(p + "/close_below",
                 "close_below (" + num(e.close_below) + ") must be lower than open_above (" +
                     num(e.open_above) +
                     "): escalation beds open at one occupancy and close once it falls below a "
                     "lower one");
  }
  if (unit.capacity.unlimited()) {
    check_.error(p, "escalation beds need a finite capacity to escalate from");
  }
}

}  // namespace flowsim::models::loading
