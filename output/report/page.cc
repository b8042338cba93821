#include "output/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

#include "analysis/estimate.h"
#include "analysis/network.h"
#include "output/report/parts.h"
#include "output/tables.h"
#include "output/text_table.h"
#include "sim/calendar.h"

namespace flowsim::models {
namespace {

using namespace report;

// --- the page ---------------------------------------------------------------------------------

constexpr const char* kStyle = R"(
:root { --ink: #1d2530; --muted: #5b6573; --rule: #d9dee5; --soft: #f4f6f9; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 28px 32px 48px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 18px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 11.5px; color: var(--muted); margin: 0; }
h1 { font-size: 26px; line-height: 1.25; margin: 4px 0 8px; }
h2 { font-size: 19px; margin: 34px 0 6px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p { margin: 6px 0; }
.lead { color: #33404f; max-width: 900px; }
.note { color: var(--muted); font-size: 13px; }
code { font: 12.5px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: var(--soft);
  padding: 0 3px; border-radius: 3px; word-break: break-all; }
nav { font-size: 13px; color: var(--muted); margin: 10px 0 0; }
nav a { color: var(--accent); text-decoration: none; margin-right: 14px; white-space: nowrap; }
a { color: var(--accent); }
dl.settings { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
  gap: 8px 18px; margin: 14px 0 0; }
dl.settings div.long { grid-column: span 2; }
dl.settings div { border-left: 3px solid var(--rule); padding-left: 8px; }
dl.settings dt { font-size: 11.5px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
dl.settings dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.warnings { border: 1px solid #e0b252; border-left: 6px solid #d08b1c; background: #fff8e8;
  padding: 10px 16px; margin: 18px 0; border-radius: 4px; }
.warnings h2 { border: 0; margin: 0 0 4px; font-size: 16px; color: #7a4b00; }
.warnings ul { margin: 4px 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 10px; text-align: right; vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--rule); }
td { border-bottom: 1px solid #eceff3; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
tr.group td { background: var(--soft); font-weight: 600; }
td.yes { font-weight: 600; } td.no { color: var(--muted); }
.swatch-head { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
table.units td { white-space: nowrap; padding: 4px 7px; font-size: 12.5px; }
table.units th { padding: 4px 7px; }
table.units td:first-child { white-space: normal; min-width: 120px; }
table.units td .note { font-size: .92em; }
.wide { overflow-x: auto; }
table.headline { width: auto; min-width: 66%; }
table.headline td:not(:first-child) { padding-left: 22px; white-space: nowrap; }
table.headline td:first-child { min-width: 220px; }
table.headline .relative { color: var(--muted); font-size: 12px; display: inline-block;
  min-width: 52px; }
table.headline .relative.yes { color: var(--ink); font-weight: 600; }
table.headline th { vertical-align: bottom; }
table.stress p:first-child, table.stress ul:first-child { margin-top: 0; }
table.stress td:first-child { width: 210px; color: var(--muted); }
table.stress td { text-align: left; }
table.stress td ul { margin: 2px 0; padding-left: 18px; }
table.stress b { font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 14px 22px; }
figure { margin: 0; }
figure.chart-box { border: 1px solid #e6e9ee; border-radius: 6px; padding: 10px 12px 4px; }
figcaption { font-weight: 600; font-size: 13.5px; }
.legend { font-size: 11.5px; color: var(--muted); margin: 2px 0 0; }
.legend .key { margin-right: 12px; white-space: nowrap; }
.swatch { display: inline-block; width: 16px; height: 9px; margin-right: 5px; vertical-align: middle; }
.swatch.line { height: 0; border-top: 2.5px solid var(--c); }
.swatch.band { background: var(--c); opacity: .28; }
.swatch.shade { background: #eceef1; border: 1px solid #d5d9df; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; }
svg .tick { font-size: 10.5px; fill: #5b6573; }
svg .unit { font-size: 10.5px; fill: #5b6573; }
svg .grid { stroke: #e8ebef; stroke-width: 1; }
svg .zero { stroke: #8a94a3; stroke-width: 1.2; }
svg .axis { stroke: #9aa3af; stroke-width: 1; }
svg .warmup { fill: #eceef1; }
svg .band { opacity: .2; stroke: none; }
svg .median { fill: none; stroke-width: 1.7; stroke-linejoin: round; }
svg .halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .reference { stroke: #6b7280; stroke-width: 1; stroke-dasharray: 4 3; }
svg .reference-label { font-size: 10px; fill: #4b5563; }
svg .ci { stroke-width: 2; }
svg .estimate { stroke-width: 1.6; }
svg .row-label, svg .row-value { font-size: 12px; fill: var(--ink); }
svg .group { font-size: 12px; font-weight: 600; fill: var(--ink); }
svg.forest { max-width: 820px; }
svg.network { border: 1px solid #e6e9ee; border-radius: 6px; background: #fcfcfd; }
.network .link { fill: none; stroke: #9aa3af; opacity: .8; }
.network .link.arrival { stroke: #b5bcc6; }
.network .link.unused { opacity: .35; }
.network .link.overflow { stroke-dasharray: 6 4; }
.network .link.step-down { stroke: #4f7f3a; stroke-dasharray: 2 3; }
.network .link.assessment { stroke: #7f5fa0; stroke-dasharray: 1 3; stroke-width: 1.4; }
.network .link-label { font-size: 10.5px; fill: #374151; paint-order: stroke; stroke: #fcfcfd;
  stroke-width: 3px; stroke-linejoin: round; }
.network .node rect { fill: #f3f4f6; stroke: #9ca3af; stroke-width: 1; }
.network .node .name { font-size: 12px; font-weight: 600; fill: #111827; }
.network .node .detail { font-size: 10.5px; fill: #4b5563; }
.network .node.arrival rect { fill: #fff; stroke: #9ca3af; stroke-dasharray: 3 2; }
.network .node.exit rect { fill: #e5e7eb; }
.network .unit.ed rect, .kind.ed { fill: #fbe3dc; background: #fbe3dc; }
.network .unit.acute rect, .kind.acute { fill: #dfe9f5; background: #dfe9f5; }
.network .unit.virtual_ward rect, .kind.virtual_ward { fill: #e2f0de; background: #e2f0de; }
.network .unit.community rect, .kind.community { fill: #f4ecdc; background: #f4ecdc; }
.network .unit.assessment rect, .kind.assessment { fill: #ece6f3; background: #ece6f3; }
.kinds { font-size: 12px; color: var(--muted); margin-top: 6px; }
.kinds span { margin-right: 14px; white-space: nowrap; }
.kinds i { display: inline-block; width: 12px; height: 12px; border: 1px solid #9ca3af; border-radius: 2px;
  vertical-align: -2px; margin-right: 4px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 8px; }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, tr, .warnings { break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
  .wide { overflow: visible; }
  table.units th, table.units td { font-size: 8.5px; padding: 2px 4px; }
  @page { size: A4; margin: 14mm; }
}
)";

void section_settings(std::ostream& o, const LoadedScenario& loaded, const ExperimentResult& r) {
  const Scenario& s = loaded.variants.front().scenario;
  const int64_t measured_from = s.start_minutes + int64_t(std::llround(r.warmup_h * 60));
  const int64_t end = s.start_minutes + int64_t(std::llround(r.horizon_h * 60));
  const std::vector<std::pair<std::string, std::string>> items = {
      {"replications", std::to_string(r.replications) + " per variant"},
      {"seed", std::to_string(r.seed)},
      {"start", date_text(s.start_minutes)},
      {"warm-up", days_text(r.warmup_h) + ", discarded"},
      {"measured period", days_text(r.horizon_h - r.warmup_h) + ": " + date_text(measured_from) +
                              " to " + date_text(end)},
      {"variants", count(r.variants.size(), "variant") + " (baseline and " +
                       count(r.variants.empty() ? 0 : r.variants.size() - 1, "intervention") + ")"},
      {"scenario file", r.scenario_path},
      {"scenario SHA-256", r.scenario_sha256},
      {"flowsim", std::string("version ") + FLOWSIM_VERSION},
      {"run time", format_fixed(r.wall_seconds, 1) + " s on " + count(r.threads, "thread")},
  };
  o << "<dl class=\"settings\">";
  for (const auto& [k, v] : items) {
    const bool code = k == "scenario SHA-256" || k == "scenario file";
    o << (code ? "<div class=\"long\">" : "<div>") << "<dt>" << esc(k) << "</dt><dd>";
    if (code)
      o << "<code>" << esc(v) << "</code>";
    else
      o << esc(v);
    o << "</dd></div>";
  }
  o << "</dl>";
}

void section_headlines(std::ostream& o, const ExperimentResult& r,
                       const std::vector<HeadlineMetric>& headlines) {
  o << "<section id=\"headlines\"><h2>Headline results</h2>";
  o << "<p class=\"note\">Each cell: the mean over " << r.replications
    << " replications &plusmn; the half-width of its 95% confidence interval, over the measured "
       "period.";
  // The variants' own intervals overlap even where an intervention makes a real difference:
  // common random numbers make the paired difference far more precise, so it stands beside them.
  if (!r.comparisons.empty())
    o << " After each intervention's, its paired difference from the baseline relative to the "
         "baseline's mean, <b>bold</b> where its 95% interval excludes zero (the variants' own "
         "intervals may overlap even then: see <a href=\"#comparisons\">the comparisons</a>).";
  o << "</p>";
  if (headlines.empty()) {
    o << "<p>No headline metrics.</p></section>\n";
    return;
  }
  o << "<div class=\"wide\"><table class=\"headline\"><thead><tr><th>metric</th>";
  for (size_t v = 0; v < r.variants.size(); ++v)
    o << "<th><span class=\"swatch-head\" style=\"background:" << colour(v) << "\"></span>"
      << esc(r.variants[v].name) << "</th>";
  o << "</tr></thead><tbody>";
  for (const auto& h : headlines) {
    o << "<tr><td>" << esc(h.label) << "</td>";
    for (const auto& v : r.variants) {
      o << "<td>" << esc(format_cell(v.find(h.metric), h.decimals, h.scale));
      const auto c = std::find_if(r.comparisons.begin(), r.comparisons.end(), [&](const auto& x) {
        return x.intervention == v.name && x.metric == h.metric;
      });
      if (c != r.comparisons.end())
        o << " <span class=\"relative" << (c->excludes_zero ? " yes" : "") << "\">"
          << esc(relative_text(relative(*c), false)) << "</span>";
      o << "</td>";
    }
    o << "</tr>";
  }
  o << "</tbody></table></div></section>\n";
}

void section_comparisons(std::ostream& o, const ExperimentResult& r,
                         const std::vector<HeadlineMetric>& headlines) {
  o << "<section id=\"comparisons\"><h2>Interventions against the baseline</h2>";
  if (r.comparisons.empty()) {
    o << "<p class=\"note\">"
      << (r.variants.size() > 1 ? "No comparisons were computed for this run."
                                : "The scenario has no interventions: the baseline alone.")
      << "</p></section>\n";
    return;
  }
  o << "<p class=\"note\">Replication r of each variant saw the same arrivals and the same "
       "patients (common random numbers), so each difference is paired: its 95% interval is that "
       "of the per-replication differences. Where it excludes zero, the intervention changed the "
       "metric beyond the noise of "
    << r.replications << " replications.</p>";
  o << "<table class=\"comparisons\"><thead><tr><th>metric</th><th>baseline</th>"
       "<th>intervention</th><th>difference (95% CI)</th><th>relative</th>"
       "<th class=\"text\">interval excludes zero</th></tr></thead><tbody>";
  std::string current;
  for (const auto& c : r.comparisons) {
    if (c.intervention != current) {
      current = c.intervention;
      std::string description;
      for (const auto& v : r.variants)
        if (v.name == current) description = v.description;
      o << "<tr class=\"group\"><td colspan=\"6\">" << esc(current)
        << (description.empty() ? "" : " <span class=\"note\">" + esc(description) + "</span>")
        << "</td></tr>";
    }
    const HeadlineMetric* found = headline_for(headlines, c.metric);
    const HeadlineMetric h = found ? *found : HeadlineMetric{c.metric, c.metric, 2, 1};
    const ComparisonCells cells = format_comparison(c, h);
    o << "<tr><td>" << esc(h.label) << "</td><td>" << esc(cells.baseline) << "</td><td>"
      << esc(cells.intervention) << "</td><td>" << esc(cells.difference) << "</td><td>"
      << esc(relative_text(relative(c), false)) << "</td>";
    if (c.excludes_zero)
      o << "<td class=\"text yes\">yes: " << (c.difference.mean < 0 ? "lower" : "higher")
        << "</td>";
    else
      o << "<td class=\"text no\">no</td>";
    o << "</tr>";
  }
  o << "</tbody></table>";
  o << "<h3>Relative differences</h3><p class=\"note\">Each intervention's difference from the "
       "baseline as a percentage of the baseline's mean, with its 95% interval; a filled square "
       "marks an interval that excludes zero.</p>";
  forest_plot(o, r, headlines);
  o << "</section>\n";
}

void section_daily(std::ostream& o, const ExperimentResult& r, const Scenario& base) {
  o << "<section id=\"daily\"><h2>Day by day</h2>";
  const std::vector<std::string> series = daily_series(r);
  bool any = false;
  for (const auto& v : r.variants) any |= !v.daily.empty();
  if (series.empty() || !any) {
    o << "<p class=\"note\">No daily series were recorded for this run.</p></section>\n";
    return;
  }
  o << "<p class=\"note\">Each line is the median across replications of the day's value; the "
       "band spans the 10th to 90th percentiles, the range a planner should expect on that day. "
       "The shaded start is the warm-up, left out of every statistic. Dashed lines mark a unit's "
       "capacity. Each variant sees the same patients (common random numbers), so where an "
       "intervention changes nothing its line covers the baseline's.</p>";
  o << "<div class=\"charts\">";
  for (const auto& name : series) fan_chart(o, r, base, name);
  o << "</div></section>\n";
}

void section_sweeps(std::ostream& o, const ExperimentResult& r) {
  o << "<section id=\"sweeps\"><h2>Sweeps</h2>";
  if (r.sweeps.empty()) {
    o << "<p class=\"note\">The run has no sweeps.</p></section>\n";
    return;
  }
  for (const auto& s : r.sweeps) {
    o << "<h3>" << esc(s.name) << "</h3><p class=\"note\">";
    if (!s.description.empty())
      o << esc(s.description) << (s.description.back() == '.' ? " " : ". ");
    std::vector<std::string> pointers;
    for (const auto& p : s.axes) pointers.push_back("<code>" + esc(p) + "</code>");
    o << "Varies " << join(pointers, " and ") << " in the " << esc(s.variant) << " over "
      << count(s.points.size(), "point")
      << ", each simulated with common random numbers; lines are the mean across replications, "
         "bands its 95% confidence interval.</p>";
    if (s.points.empty()) continue;
    o << "<div class=\"charts\">";
    for (const auto& h : headline_metrics(s.points.front())) sweep_chart(o, s, h);
    o << "</div>";
  }
  o << "</section>\n";
}

void section_network(std::ostream& o, const Scenario& base) {
  o << "<section id=\"network\"><h2>Pathway network</h2>";
  o << "<p class=\"note\">Units with their kind and places; arrival streams with their mean rate "
       "over the measured period. A label is the share of a unit's patients who take that route "
       "(its cohorts weighted by their expected arrivals; hover for each cohort's probability); "
       "a line's width grows with the patients expected along it each day.</p>";
  draw_network(o, base);
  o << "<div class=\"kinds\">";
  const std::pair<UnitKind, const char*> kinds[] = {{UnitKind::kEd, "A&E"},
                                                    {UnitKind::kAcute, "acute"},
                                                    {UnitKind::kVirtualWard, "virtual ward"},
                                                    {UnitKind::kCommunity, "community"},
                                                    {UnitKind::kAssessment, "assessment"},
                                                    {UnitKind::kGeneral, "other"}};
  for (const auto& [kind, label] : kinds) {
    bool present = false;
    for (const auto& u : base.units) present |= u.kind == kind;
    if (present)
      o << "<span><i class=\"kind " << kind_name(kind) << "\"></i>" << label << "</span>";
  }
  o << "<span>- - - when full</span><span>&middot;&middot;&middot; step-down or assessment in "
       "place</span></div></section>\n";
}

void section_units(std::ostream& o, const ExperimentResult& r, const Scenario& base) {
  o << "<section id=\"units\"><h2>Units</h2>";
  o << "<p class=\"note\">Over the measured period: wait for a place and its 95th percentile "
       "(hours), time blocked when ready to leave (hours), places occupied on average, the "
       "share of capacity occupied, how often a patient found the unit full, and the share "
       "lost. Each cell: mean &plusmn; 95% CI half-width.</p>";
  o << "<div class=\"wide\"><table class=\"units\"><thead><tr><th>unit</th><th "
       "class=\"text\">variant</th>";
  for (const auto& c : unit_metrics()) o << "<th>" << esc(c.label) << "</th>";
  o << "</tr></thead><tbody>";
  for (const auto& unit : result_units(r)) {
    bool first = true;
    const int u = base.unit_index(unit);
    for (size_t v = 0; v < r.variants.size(); ++v) {
      const VariantResult& vr = r.variants[v];
      if (vr.find("unit." + unit + ".arrivals") == nullptr) continue;
      o << "<tr><td>";
      if (first) {
        o << "<b>" << esc(unit) << "</b>";
        if (u >= 0) {
          const std::string label = unit_label(base, size_t(u));
          o << "<br><span class=\"note\">" << esc(label.substr(label.find('\n') + 1)) << "</span>";
        }
      }
      first = false;
      o << "</td><td class=\"text\"><span class=\"swatch-head\" style=\"background:" << colour(v)
        << "\"></span>" << esc(vr.name) << "</td>";
      for (const auto& c : unit_metrics())
        o << "<td>"
          << esc(format_cell(vr.find("unit." + unit + "." + c.metric), c.decimals, c.scale))
          << "</td>";
      o << "</tr>";
    }
  }
  o << "</tbody></table></div></section>\n";
}

void section_stress(std::ostream& o, const LoadedScenario& loaded, const ExperimentResult& r) {
  o << "<section id=\"stress\"><h2>How these results were produced (STRESS-DES)</h2>";
  o << "<p class=\"note\">The Strengthening the Reporting of Empirical Simulation Studies "
       "checklist for discrete-event simulation (Monks et al., 2019), filled from the scenario "
       "and this run.</p>";
  o << "<table class=\"stress\"><tbody>";
  for (const auto& row : stress_rows(loaded, r))
    o << "<tr><td>" << esc(row.item) << " " << esc(row.title) << "</td><td>" << row.html
      << "</td></tr>";
  o << "</tbody></table></section>\n";
}

}  // namespace

std::string report_html(const LoadedScenario& loaded, const ExperimentResult& r) {
  const Scenario& base = loaded.variants.front().scenario;
  const std::vector<HeadlineMetric> headlines =
      r.variants.empty() ? std::vector<HeadlineMetric>{} : headline_metrics(r.variants.front());
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<meta name=\"generator\" content=\"flowsim "
    << esc(FLOWSIM_VERSION) << "\"><title>" << esc(r.scenario_name)
    << " \u2014 flowsim report</title><style>" << kStyle << "</style></head><body><main>\n";
  o << "<header id=\"scenario\"><p class=\"kicker\">flowsim report</p><h1>" << esc(r.scenario_name)
    << "</h1>";
  if (!base.description.empty()) o << "<p class=\"lead\">" << esc(base.description) << "</p>";
  section_settings(o, loaded, r);
  o << "<nav><a href=\"#headlines\">Headlines</a><a href=\"#comparisons\">Interventions</a>"
       "<a href=\"#daily\">Day by day</a><a href=\"#sweeps\">Sweeps</a>"
       "<a href=\"#network\">Pathway network</a><a href=\"#units\">Units</a>"
       "<a href=\"#stress\">How it was produced</a></nav></header>\n";
  if (!r.warnings.empty()) {
    o << "<section id=\"warnings\" class=\"warnings\"><h2>Read before trusting these "
         "numbers</h2><ul>";
    for (const auto& w : r.warnings) o << "<li>" << esc(w) << "</li>";
    o << "</ul></section>\n";
  }
  section_headlines(o, r, headlines);
  section_comparisons(o, r, headlines);
  section_daily(o, r, base);
  section_sweeps(o, r);
  section_network(o, base);
  section_units(o, r, base);
  section_stress(o, loaded, r);
  o << "<footer>Written by flowsim " << esc(FLOWSIM_VERSION) << " from <code>"
    << esc(r.scenario_path)
    << "</code>. Everything on this page is in this one file; it loads "
       "nothing else.</footer>\n</main></body></html>\n";
  return o.str();
}

}  // namespace flowsim::models
