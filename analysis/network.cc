#include "analysis/network.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "analysis/estimate.h"

namespace flowsim::models {
namespace {

std::string places(int64_t n) {
  return std::to_string(n) + (n == 1 ? " place" : " places");
}

std::string unit_id(const Scenario& s, int unit) {
  return unit == kExit ? dot_quoted("exit") : dot_quoted("unit/" + s.units[size_t(unit)].name);
}

// The edges of one unit with the same kind and destination, whatever their cohort, while they are
// merged. `text` holds, by cohort, what the label says of that cohort ("" where it never goes).
struct EdgeGroup {
  EdgeKind kind;
  int to;
  int overflow_of;
  std::vector<double> p;        // by cohort
  std::vector<double> delay_h;  // by cohort, weighted by p
  std::vector<bool> lose;       // by cohort
  std::vector<std::string> text;
};

std::string cohort_text(const Scenario& s, const EdgeGroup& e, size_t c) {
  if (e.p[c] <= 0) return "";
  if (e.kind == EdgeKind::kOverflow)
    return "overflow when " + s.units[size_t(e.overflow_of)].name + " is full";
  if (e.kind == EdgeKind::kStepDown) return "step-down, " + short_number(e.p[c]) + " eligible";
  std::string t = short_number(e.p[c]);
  if (e.delay_h[c] > 0) t += ", delay " + short_duration(e.delay_h[c] / e.p[c]);
  if (e.lose[c]) t += ", lost when full";
  return t;
}

// The label of one edge: its text alone when every cohort shares it, otherwise a line per
// distinct text naming the cohorts it holds for ("general 0.22", "frailty 0.55").
std::string edge_label(const Scenario& s, const EdgeGroup& e) {
  const size_t n = s.cohorts.size();
  if (std::all_of(e.text.begin(), e.text.end(),
                  [&](const std::string& t) { return t == e.text.front(); }))
    return e.text.front();
  std::string label;
  std::vector<bool> done(n, false);
  for (size_t c = 0; c < n; ++c) {
    if (done[c] || e.text[c].empty()) continue;
    std::string names;
    for (size_t d = c; d < n; ++d) {
      if (e.text[d] != e.text[c]) continue;
      done[d] = true;
      names += (names.empty() ? "" : ", ") + s.cohorts[d].name;
    }
    label += (label.empty() ? "" : "\n") + names + " " + e.text[c];
  }
  return label;
}

}  // namespace

// A probability or a rate, short: at most four significant digits, no trailing zeros.
std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// A rate per day: whole patients from 100 a day up, otherwise three significant digits.
std::string per_day(double per_hour) {
  char buf[32];
  const double d = per_hour * 24;
  std::snprintf(buf, sizeof buf, d >= 100 ? "%.0f/d" : "%.3g/d", d);
  return buf;
}

std::string short_duration(double hours) {
  char buf[32];
  if (hours >= 48)
    std::snprintf(buf, sizeof buf, "%.3gd", hours / 24);
  else if (hours >= 1)
    std::snprintf(buf, sizeof buf, "%.3gh", hours);
  else
    std::snprintf(buf, sizeof buf, "%.3gmin", hours * 60);
  return buf;
}

std::vector<DrawnEdge> drawn_edges(const Scenario& s) {
  const size_t cohorts = s.cohorts.size();
  const std::vector<PathwayEdge> edges = pathway_edges(s);
  std::vector<DrawnEdge> out;
  for (size_t u = 0; u < s.units.size(); ++u) {
    std::vector<EdgeGroup> groups;
    for (const PathwayEdge& e : edges) {
      if (e.from != int(u)) continue;
      auto it = std::find_if(groups.begin(), groups.end(), [&](const EdgeGroup& d) {
        return d.kind == e.kind && d.to == e.to && d.overflow_of == e.overflow_of;
      });
      if (it == groups.end()) {
        groups.push_back({e.kind,
                          e.to,
                          e.overflow_of,
                          std::vector<double>(cohorts, 0.0),
                          std::vector<double>(cohorts, 0.0),
                          std::vector<bool>(cohorts, false),
                          {}});
        it = groups.end() - 1;
      }
      const size_t c = size_t(e.cohort);
      it->p[c] += e.p;
      it->delay_h[c] += e.p * e.delay_mean_h;
      if (e.kind == EdgeKind::kRoute && e.when_full == WhenFull::kLose && e.p > 0)
        it->lose[c] = true;
    }
    for (EdgeGroup& g : groups)
      for (size_t c = 0; c < cohorts; ++c) g.text.push_back(cohort_text(s, g, c));
    for (const EdgeGroup& g : groups) {
      if (std::all_of(g.text.begin(), g.text.end(), [](const std::string& t) { return t.empty(); }))
        continue;  // no cohort ever takes it
      out.push_back({int(u), g.to, g.kind, g.overflow_of, g.p, edge_label(s, g)});
    }
  }
  return out;
}

std::string dot_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

std::string unit_label(const Scenario& s, size_t unit) {
  const Unit& u = s.units[unit];
  const CapacityOverTime cap = capacity_over(s, u.capacity, sim::Time(), s.horizon);
  std::string capacity;
  const int64_t staffed = u.staffed_limit;
  if (cap.unlimited && staffed == sim::kUnlimited)
    capacity = "unlimited";
  else if (cap.unlimited)
    capacity = places(staffed);
  else if (std::min(cap.min, staffed) == std::min(cap.max, staffed))
    capacity = places(std::min(cap.max, staffed));
  else
    capacity = std::to_string(std::min(cap.min, staffed)) + "\u2013" +
               places(std::min(cap.max, staffed));  // an en dash
  if (u.escalation.beds > 0) capacity += " + " + std::to_string(u.escalation.beds) + " escalation";
  const std::string kind =
      u.kind == UnitKind::kGeneral ? "" : std::string(kind_name(u.kind)) + ", ";
  return u.name + "\n" + kind + capacity;
}

void write_dot(const Scenario& s, std::ostream& out) {
  const size_t cohorts = s.cohorts.size();
  out << "digraph " << dot_quoted(s.name) << " {\n"
      << "  label=" << dot_quoted(s.name) << ";\n"
      << "  labelloc=t;\n"
      << "  rankdir=LR;\n"
      << "  node [shape=box];\n";
  for (size_t a = 0; a < s.arrivals.size(); ++a) {
    const ArrivalStream& stream = s.arrivals[a];
    const double rate = mean_rate_per_hour(s, stream, s.warmup, s.horizon);
    out << "  " << dot_quoted("arrival/" + stream.name)
        << " [shape=oval, label=" << dot_quoted(stream.name + "\n" + per_day(rate)) << "];\n";
  }
  for (size_t u = 0; u < s.units.size(); ++u)
    out << "  " << unit_id(s, int(u)) << " [label=" << dot_quoted(unit_label(s, u)) << "];\n";
  out << "  " << unit_id(s, kExit) << " [shape=doublecircle, label=\"exit\"];\n";

  for (const ArrivalStream& stream : s.arrivals) {
    out << "  " << dot_quoted("arrival/" + stream.name) << " -> " << unit_id(s, stream.to);
    if (cohorts > 1) {
      std::string shares;
      for (size_t c = 0; c < cohorts; ++c) {
        if (stream.cohort_share[c] <= 0) continue;
        shares += (shares.empty() ? "" : "\n") + s.cohorts[c].name + " " +
                  short_number(stream.cohort_share[c]);
      }
      out << " [label=" << dot_quoted(shares) << "]";
    }
    out << ";\n";
  }

  for (const DrawnEdge& d : drawn_edges(s)) {
    out << "  " << unit_id(s, d.from) << " -> " << unit_id(s, d.to)
        << " [label=" << dot_quoted(d.label);
    if (d.kind == EdgeKind::kOverflow) out << ", style=dashed";
    if (d.kind == EdgeKind::kStepDown) out << ", style=dotted";
    out << "];\n";
  }
  out << "}\n";
}

}  // namespace flowsim::models
