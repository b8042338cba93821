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

#include "analysis/estimate.h"
#include "analysis/network.h"
#include "output/text_table.h"

namespace flowsim::models::report {

// --- the STRESS-DES table ---------------------------------------------------------------------

namespace {

std::string compiler() {
#if defined(__clang__)
  return std::string("Clang ") + __clang_version__;
#elif defined(__GNUC__)
  return std::string("GCC ") + __VERSION__;
#else
  return "an unknown compiler";
#endif
}

// The distributions of a unit's service, in a phrase: "lognormal, mean 2.34d to 10.3d by cohort".
std::string service_text(const Scenario& s, const Unit& u) {
  std::vector<const sim::Distribution*> all;
  if (!u.service_by_acuity.empty()) {
    for (const auto& by : u.service_by_acuity)
      for (size_t a = 1; a < by.size(); ++a) all.push_back(&by[a]);
  } else {
    for (const auto& d : u.service) all.push_back(&d);
  }
  if (all.empty()) return "";
  std::vector<std::string> kinds;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto* d : all) {
    const std::string described = d->describe();
    const std::string kind = described.substr(0, described.find_first_of("( "));
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
    lo = std::min(lo, d->mean());
    hi = std::max(hi, d->mean());
  }
  std::string out = join(kinds, " or ") + ", mean " + short_duration(lo);
  if (hi > lo * 1.0001) {
    out += " to " + short_duration(hi);
    out += !u.service_by_acuity.empty() ? " by acuity" : s.cohorts.size() > 1 ? " by cohort" : "";
  }
  return out;
}

std::string queue_text(const Unit& u) {
  std::string limit = u.queue_limit == sim::kUnlimited ? "unlimited"
                      : u.queue_limit == 0 ? "none (patients moving in wait where they are)"
                                           : "at most " + std::to_string(u.queue_limit);
  return std::string(u.discipline == sim::QueueDiscipline::kPriority ? "by priority"
                                                                     : "first come, first served") +
         ", queue " + limit;
}

// The notes of the scenario file: a string or a list of strings.
std::vector<std::string> notes(const nlohmann::json& document) {
  std::vector<std::string> out;
  const auto it = document.find("notes");
  if (it == document.end()) return out;
  if (it->is_string()) out.push_back(it->get<std::string>());
  if (it->is_array())
    for (const auto& n : *it)
      if (n.is_string()) out.push_back(n.get<std::string>());
  return out;
}

std::string list_html(const std::vector<std::string>& escaped_items) {
  if (escaped_items.empty()) return "";
  std::string out = "<ul>";
  for (const auto& i : escaped_items) out += "<li>" + i + "</li>";
  return out + "</ul>";
}

}  // namespace

std::vector<StressRow> stress_rows(const LoadedScenario& loaded, const ExperimentResult& r) {
  const Variant& base_variant = loaded.variants.front();
  const Scenario& s = base_variant.scenario;
  const std::vector<HeadlineMetric> headlines =
      r.variants.empty() ? std::vector<HeadlineMetric>{} : headline_metrics(r.variants.front());
  std::vector<StressRow> rows;

  // 1 Objectives.
  {
    std::string html = "<p>" + esc(s.description.empty() ? s.name : s.description) + "</p>";
    if (loaded.variants.size() > 1) {
      std::vector<std::string> items;
      for (size_t v = 1; v < loaded.variants.size(); ++v)
        items.push_back("<b>" + esc(loaded.variants[v].name) + "</b>" +
                        (loaded.variants[v].description.empty()
                             ? ""
                             : ": " + esc(loaded.variants[v].description)));
      html += "<p>It compares the baseline with " +
              count(loaded.variants.size() - 1, "intervention") + ":</p>" + list_html(items);
    } else {
      html += "<p>It simulates the baseline alone.</p>";
    }
    rows.push_back({"1.1", "Purpose of the model", html});
  }
  {
    std::vector<std::string> labels;
    for (const auto& h : headlines) labels.push_back(esc(h.label));
    std::vector<std::string> series;
    bool units_occupied = false;
    for (const auto& n : daily_series(r)) {
      if (series_text(n).unit == "places" && n.rfind("unit.", 0) == 0)
        units_occupied = true;
      else
        series.push_back(esc(series_text(n).title));
    }
    if (units_occupied) series.push_back("the places occupied in each unit");
    std::string html =
        "<p>Headline metrics over the measured period, each the mean across "
        "replications with its 95% confidence interval: " +
        join(labels, "; ") + ".</p>";
    html += "<p>For each of the " + count(s.units.size(), "unit") +
            ": arrivals, the wait for a place (mean and 95th percentile), the time blocked when "
            "ready to leave, the places occupied and the share of capacity, the chance of finding "
            "it full, and the patients lost.</p>";
    if (!series.empty())
      html +=
          "<p>Day by day, the median and the 10th and 90th percentiles across replications "
          "of: " +
          join(series, "; ") + ".</p>";
    html +=
        "<p>Files: summary.json (every metric's mean, sd, 95% interval, min, max, p10, p90), "
        "replications.csv (every replication's value) and this report.</p>";
    rows.push_back({"1.2", "Model outputs", html});
  }
  {
    std::vector<std::string> items;
    for (size_t v = 1; v < loaded.variants.size(); ++v)
      items.push_back("<b>" + esc(loaded.variants[v].name) +
                      "</b> against the baseline, by paired differences with their 95% "
                      "confidence intervals");
    for (const auto& sweep : loaded.sweeps) {
      std::vector<std::string> axes;
      for (const auto& axis : sweep.axes) {
        std::vector<std::string> values;
        for (const auto& v : axis.values) values.push_back(v.dump());
        axes.push_back("<code>" + esc(axis.label()) + "</code> over " + esc(join(values, ", ")));
      }
      items.push_back("sweep <b>" + esc(sweep.name) + "</b> of the " + esc(sweep.variant) + ": " +
                      join(axes, ", against ") + " (" + count(sweep.points.size(), "point") + ")" +
                      (sweep.description.empty() ? "" : ": " + esc(sweep.description)));
    }
    rows.push_back(
        {"1.3", "Experimentation aims",
         items.empty() ? "<p>A single configuration, the baseline.</p>" : list_html(items)});
  }

  // 2 Logic.
  {
    size_t routes = 0;
    for (const auto& d : drawn_edges(s)) routes += d.kind == EdgeKind::kRoute;
    rows.push_back({"2.1", "Base model overview diagram",
                    "<p>The <a href=\"#network\">pathway network</a> above: " +
                        count(s.arrivals.size(), "arrival stream") + ", " +
                        count(s.units.size(), "unit") + " and " + count(routes, "route") +
                        ".</p>"});
  }
  {
    std::vector<std::string> items;
    items.push_back(
        "Patients arrive in " + count(s.arrivals.size(), "stream") +
        " (non-homogeneous Poisson processes), take a place in a unit or wait in its queue, and "
        "when their time there ends follow a route drawn for their cohort. A patient whose next "
        "unit is full waits where they are, keeping their place (blocking), unless the route "
        "says to overflow elsewhere or be lost.");
    for (const auto& u : s.units) {
      std::vector<std::string> rules;
      if (u.discharge.active) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "discharges between %02d:%02d and %02d:%02d",
                      u.discharge.from_minute / 60, u.discharge.from_minute % 60,
                      u.discharge.to_minute / 60, u.discharge.to_minute % 60);
        rules.push_back(
            std::string(buf) +
            (u.discharge.weekend < 1
                 ? ", at weekends " + format_fixed(u.discharge.weekend, 2) + " of the weekday rate"
                 : ""));
      }
      if (u.escalation.beds > 0)
        rules.push_back(std::to_string(u.escalation.beds) + " escalation beds open at " +
                        percent(u.escalation.open_above) + " occupancy and close below " +
                        percent(u.escalation.close_below));
      for (const auto& sd : u.step_down) {
        std::vector<std::string> who;
        for (size_t c = 0; c < sd.eligible.size(); ++c)
          if (sd.eligible[c] > 0)
            who.push_back(percent(sd.eligible[c]) + " of " + s.cohorts[c].name);
        rules.push_back("early supported discharge to " + s.units[size_t(sd.to)].name + " (" +
                        join(who, ", ") + " eligible)");
      }
      if (u.pull) rules.push_back("pulls eligible ward patients into free places");
      if (!u.patience.empty()) rules.push_back("patients may leave the queue unseen");
      if (u.staffed_limit != sim::kUnlimited)
        rules.push_back("staff look after at most " + std::to_string(u.staffed_limit));
      if (!rules.empty()) items.push_back("<b>" + esc(u.name) + "</b>: " + esc(join(rules, "; ")));
    }
    if (s.electives.present) {
      const Electives& e = s.electives;
      int64_t cases = 0;
      for (const auto& t : e.sessions) cases += t.cases;
      items.push_back(
          "Electives: a waiting list (" + esc(std::to_string(e.priorities.size())) +
          " clinical priorities with target times) served by priority then longest wait, " +
          grouped(double(cases), 0) + " operations per session day" +
          (e.inpatient_to >= 0
               ? "; inpatient cases need a bed in " + esc(s.units[size_t(e.inpatient_to)].name) +
                     " and are cancelled when none is free"
               : "") +
          (e.mutual_aid_per_week > 0 ? "; " + std::to_string(e.mutual_aid_per_week) +
                                           " long waiters a week transfer to another provider"
                                     : "") +
          ".");
    }
    rows.push_back({"2.2", "Base model logic", list_html(items)});
  }
  {
    std::vector<std::string> items;
    for (size_t v = 1; v < loaded.variants.size(); ++v) {
      const nlohmann::json patch =
          nlohmann::json::diff(base_variant.document, loaded.variants[v].document);
      std::vector<std::string> changes;
      for (const auto& op : patch) {
        const std::string path = op.value("path", "");
        const std::string what = op.value("op", "");
        std::string text = "<code>" + esc(path) + "</code> ";
        if (what == "replace") {
          const nlohmann::json::json_pointer ptr(path);
          text += esc(json_text(base_variant.document.at(ptr))) + " \u2192 " +
                  esc(json_text(op["value"]));
        } else if (what == "add") {
          text += "set to " + esc(json_text(op["value"]));
        } else {
          text += "removed";
        }
        changes.push_back(text);
      }
      items.push_back("<b>" + esc(loaded.variants[v].name) + "</b>: " +
                      (changes.empty() ? "no change to the baseline" : join(changes, "; ")));
    }
    for (const auto& sweep : loaded.sweeps) {
      std::vector<std::string> pointers;
      for (const auto& a : sweep.axes) pointers.push_back("<code>" + esc(a.label()) + "</code>");
      items.push_back("sweep <b>" + esc(sweep.name) + "</b>: each point sets " +
                      join(pointers, " and ") + " in the " + esc(sweep.variant));
    }
    rows.push_back({"2.3", "Scenario logic",
                    items.empty() ? "<p>No interventions or sweeps: the baseline only.</p>"
                                  : "<p>Each intervention is a JSON merge patch of the baseline; "
                                    "what it changes:</p>" +
                                        list_html(items)});
  }
  rows.push_back(
      {"2.4", "Algorithms",
       "<p>Discrete-event simulation with a total event order: time, then a named same-instant "
       "class (capacity changes; departures; transfers that found their next unit full; "
       "arrivals; theatre sessions), then the order of scheduling. Routes are drawn by one "
       "weighted pick; distributions are sampled by flowsim's own code (inverse transform where "
       "possible), so results do not depend on the standard library.</p>"});
  {
    // Cohort shares over every arrival stream, weighted by the streams' mean rates.
    std::vector<double> share(s.cohorts.size(), 0.0);
    double total = 0;
    for (const auto& a : s.arrivals) {
      const double rate = mean_rate_per_hour(s, a, s.warmup, s.horizon);
      total += rate;
      for (size_t c = 0; c < share.size(); ++c) share[c] += rate * a.cohort_share[c];
    }
    std::vector<std::string> cohorts;
    for (size_t c = 0; c < s.cohorts.size(); ++c) {
      const bool elective = s.electives.present && c < s.electives.cohort_share.size() &&
                            s.electives.cohort_share[c] > 0;
      if (total > 0 && share[c] > 0)
        cohorts.push_back(esc(s.cohorts[c].name) + " " + percent(share[c] / total));
      else if (elective)
        cohorts.push_back(esc(s.cohorts[c].name) + " (from the elective list)");
      else
        cohorts.push_back(esc(s.cohorts[c].name) + (total > 0 ? " (none arriving)" : ""));
    }
    std::vector<std::string> activities, resources;
    std::vector<std::pair<std::string, std::vector<std::string>>> queues;
    for (size_t u = 0; u < s.units.size(); ++u) {
      const Unit& unit = s.units[u];
      const std::string service = service_text(s, unit);
      if (!service.empty()) activities.push_back("<b>" + esc(unit.name) + "</b> " + esc(service));
      const std::string label = unit_label(s, u);
      resources.push_back("<b>" + esc(unit.name) + "</b> " +
                          esc(label.substr(label.find('\n') + 1)));
      if (unit.kind == UnitKind::kAssessment) continue;
      // Units with the same queue share a line.
      const std::string q = esc(queue_text(unit));
      auto it =
          std::find_if(queues.begin(), queues.end(), [&](const auto& g) { return g.first == q; });
      if (it == queues.end()) {
        queues.push_back({q, {}});
        it = queues.end() - 1;
      }
      it->second.push_back("<b>" + esc(unit.name) + "</b>");
    }
    std::vector<std::string> queue_lines;
    for (const auto& [q, names] : queues) queue_lines.push_back(join(names, ", ") + ": " + q);
    std::vector<std::string> entries;
    for (const auto& a : s.arrivals)
      entries.push_back("<b>" + esc(a.name) + "</b> into " + esc(s.units[size_t(a.to)].name) +
                        ", " + format_fixed(mean_rate_per_hour(s, a, s.warmup, s.horizon) * 24, 1) +
                        " a day");
    if (s.electives.present)
      entries.push_back("elective referrals, " +
                        format_fixed(s.electives.referral_rate_per_hour * 24, 1) + " a day");
    rows.push_back({"2.5", "Components",
                    "<p><b>Entities</b>: patients in " + count(s.cohorts.size(), "cohort") +
                        " (their share of arrivals): " + join(cohorts, ", ") +
                        ".</p><p><b>Activities</b> (time in each unit before being ready to "
                        "leave): " +
                        join(activities, "; ") +
                        ".</p><p><b>Resources</b> (places): " + join(resources, "; ") +
                        ".</p><p><b>Queues</b>: " + join(queue_lines, "; ") +
                        ".</p><p><b>Entry and exit points</b>: " + join(entries, "; ") +
                        "; patients leave by <i>exit</i>.</p>"});
  }

  // 3 Data.
  {
    std::vector<std::string> items;
    for (const auto& n : notes(base_variant.document)) items.push_back(esc(n));
    rows.push_back({"3.1", "Data sources",
                    items.empty() ? "<p>The scenario file gives no notes on its sources.</p>"
                                  : "<p>From the scenario's notes:</p>" + list_html(items)});
  }
  {
    std::vector<std::string> items;
    if (s.population > 0)
      items.push_back("population served: " + grouped(s.population, 0) +
                      " (capacities given per 100,000 are scaled by it)");
    for (const auto& a : s.arrivals) {
      std::vector<std::string> shape;
      if (!a.profile.is_flat()) {
        bool hour = false, weekday = false;
        for (double f : a.profile.hour) hour |= f != 1.0;
        for (double f : a.profile.weekday) weekday |= f != 1.0;
        if (hour) shape.push_back("hour of day");
        if (weekday) shape.push_back("day of week");
        if (!a.profile.periods.empty())
          shape.push_back(count(a.profile.periods.size(), "dated period"));
      }
      items.push_back("<b>" + esc(a.name) + "</b>: base rate " +
                      format_fixed(a.rate_per_hour * 24, 1) + " a day" +
                      (shape.empty() ? "" : ", shaped by " + esc(join(shape, ", "))) + "; mean " +
                      format_fixed(mean_rate_per_hour(s, a, s.warmup, s.horizon) * 24, 1) +
                      " a day over the measured period" + (a.ambulance ? "; by ambulance" : ""));
    }
    for (const auto& u : s.units)
      if (u.initial.patients + u.initial.queued > 0)
        items.push_back(
            "<b>" + esc(u.name) + "</b> starts with " + grouped(double(u.initial.patients), 0) +
            " patients" +
            (u.initial.ready_to_leave > 0
                 ? " (" + grouped(double(u.initial.ready_to_leave), 0) + " ready to leave)"
                 : "") +
            (u.initial.queued > 0 ? " and " + grouped(double(u.initial.queued), 0) + " queued"
                                  : ""));
    if (s.electives.present)
      items.push_back(
          "elective list: " + grouped(double(s.electives.backlog), 0) + " waiting at the start, " +
          format_fixed(s.electives.referral_rate_per_hour * 24 * 7, 0) + " referrals a week");
    rows.push_back({"3.3", "Input parameters",
                    list_html(items) + "<p>Service times and routes are in 2.5 and the pathway "
                                       "network; every value is in the scenario file.</p>"});
  }

  // 4 Experimentation.
  {
    std::vector<std::string> items;
    if (r.warmup_h > 0)
      items.push_back("A warm-up of " + days_text(r.warmup_h) + ", from " +
                      date_text(s.start_minutes) + " to " +
                      date_text(s.start_minutes + int64_t(std::llround(r.warmup_h * 60))) +
                      ", is discarded from every statistic.");
    else
      items.push_back("No warm-up: statistics start with the run.");
    int64_t today = 0;
    for (const auto& u : s.units) today += u.initial.patients + u.initial.queued;
    items.push_back(today > 0 ? "The run starts from today's patients (" +
                                    grouped(double(today), 0) + " in units, see 3.3)."
                              : "The run starts empty.");
    for (const auto& w : r.warnings)
      if (w.find("warm") != std::string::npos) items.push_back("Check: " + w);
    std::vector<std::string> escaped;
    for (const auto& i : items) escaped.push_back(esc(i));
    rows.push_back({"4.1", "Initialisation", "<p>" + join(escaped, " ") + "</p>"});
  }
  rows.push_back(
      {"4.2", "Run length",
       "<p>" + esc(days_text(r.horizon_h)) + " from " + esc(date_text(s.start_minutes)) +
           "; measured " + esc(days_text(r.horizon_h - r.warmup_h)) + ", from " +
           esc(date_text(s.start_minutes + int64_t(std::llround(r.warmup_h * 60)))) + " to " +
           esc(date_text(s.start_minutes + int64_t(std::llround(r.horizon_h * 60)))) + ".</p>"});
  {
    std::string html =
        "<p>" + std::to_string(r.replications) + " independent replications of each variant";
    if (r.precision) {
      const PrecisionResult& p = *r.precision;
      html += ", chosen by <code>--precision " + format_fixed(p.target, 3) +
              "</code>: replications were added until every headline metric's 95% interval was "
              "within " +
              format_fixed(p.target * 100, 1) + "% of its mean (at most " + std::to_string(p.cap) +
              ")";
      html += p.reached ? "; reached with " + std::to_string(p.replications)
                        : "; not reached at the cap for " + esc(join(p.unmet, ", "));
    }
    html +=
        ". Each metric is the mean across replications with a 95% confidence interval from "
        "Student's t (n &minus; 1 degrees of freedom); interventions are compared with the "
        "baseline by paired differences, replication by replication.</p>";
    rows.push_back({"4.3", "Estimation approach", html});
  }

  // 5 Implementation.
  rows.push_back({"5.1", "Software",
                  "<p>flowsim " + esc(FLOWSIM_VERSION) + ", C++20, compiled with " +
                      esc(compiler()) + ".</p>"});
  rows.push_back(
      {"5.2", "Random sampling",
       "<p>Seed " + std::to_string(r.seed) +
           ". xoshiro256** generators seeded through SplitMix64; every draw comes from a stream "
           "keyed by (seed, replication, purpose, index), never a shared generator: arrival "
           "times from one stream per arrival stream, and each patient's characteristics "
           "(cohort, acuity, lengths of stay, routes) from that patient's own stream. So every "
           "variant sees the same arrivals and the same patients in replication r (common random "
           "numbers), and a difference between variants is the intervention's, not noise.</p>"});
  rows.push_back({"5.3", "Model execution",
                  "<p>Replications of every variant run in parallel on " +
                      count(r.threads, "thread") +
                      "; each is a pure function of the scenario, seed and replication, so "
                      "the results are identical for any thread count.</p>"});
  rows.push_back({"5.4", "System specification",
                  "<p>Run time " + format_fixed(r.wall_seconds, 1) + " s on " +
                      count(r.threads, "thread") + " (" +
                      count(std::thread::hardware_concurrency(), "hardware thread") +
                      " on the machine that wrote this report).</p>"});
  rows.push_back({"6", "Code access",
                  "<p>flowsim " + esc(FLOWSIM_VERSION) + "; scenario file <code>" +
                      esc(r.scenario_path) + "</code>, SHA-256 <code>" + esc(r.scenario_sha256) +
                      "</code>. The same file, seed and version reproduce these results "
                      "exactly.</p>"});
  return rows;
}

}  // namespace flowsim::models::report
