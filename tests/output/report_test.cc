// report.html: every section present and filled from the run, every scenario string escaped, and
// nothing loaded from outside the file. The page is read as text: its sections are found by their
// ids, its tags by their angle brackets (every '<' outside a tag is escaped).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "output/report.h"
#include "output/tables.h"
#include "scenario/scenario.h"

namespace flowsim::models {
namespace {

// An acute ward feeding a rehabilitation ward, with an intervention and a two-axis sweep, and
// strings a page must not take as markup.
const char* kScenario = R"({
  "schema": "flowsim/1",
  "name": "Wards <b>&</b> \"rehab\" <script>alert(1)</script>",
  "description": "A <i>test</i> of escaping & drawing",
  "notes": ["Sources: <img src=x onerror=alert(1)> & see https://example.org/beds"],
  "start": "2026-12-01T00:00", "warmup": "7d", "horizon": "70d", "replications": 3, "seed": 9,
  "cohorts": { "frail": {}, "other": {} },
  "arrivals": { "admissions": { "to": "acute", "rate": "12/d",
                                "cohorts": { "frail": 0.4, "other": 0.6 } } },
  "units": {
    "acute": { "kind": "acute", "capacity": 30,
               "service": { "lognormal": { "mean": "2d", "sd": "1d" } },
               "next": { "rehab": 0.3, "exit": 0.7 } },
    "rehab": { "capacity": 10, "queue": { "limit": 0 },
               "service": { "gamma": { "mean": "4d", "sd": "2d" } },
               "next": { "exit": 1 } }
  },
  "interventions": {
    "more_rehab": { "description": "4 more <rehab> beds & \"staff\"",
                    "patch": { "units": { "rehab": { "capacity": 14 } } } }
  },
  "sweeps": {
    "rehab_beds": { "description": "Rehab beds against acute beds",
                    "vary": [ { "pointer": "/units/rehab/capacity", "values": [8, 10, 12] },
                              { "pointer": "/units/acute/capacity", "values": [28, 32] } ] }
  }
})";

struct Run {
  LoadedScenario loaded;
  ExperimentResult result;
  std::string html;
};

Run report_of(const std::string& text, const std::vector<std::string>& warnings = {}) {
  Run run;
  run.loaded = load_scenario_text("wards.json", text);
  RunOptions options;
  options.threads = 2;
  run.result = run_experiment(run.loaded, options);
  for (const auto& w : warnings) run.result.warnings.push_back(w);
  run.html = report_html(run.loaded, run.result);
  return run;
}

const Run& full_run() {
  static const Run run =
      report_of(kScenario, {"The warm-up looks short for <acute> & \"rehab\": try 21 days"});
  return run;
}

// The page's HTML escaping, as the oracle for what a string from the scenario must become.
std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else if (c == '\'')
      out += "&#39;";
    else
      out += c;
  }
  return out;
}

size_t occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The section with this id, from its opening tag to its closing one; "" when there is none.
std::string section(const std::string& html, const std::string& id) {
  const size_t from = html.find("<section id=\"" + id + "\"");
  if (from == std::string::npos) return "";
  const size_t to = html.find("</section>", from);
  return html.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

// Every tag of the page ("<svg class=...>"), <style>'s content left out.
std::vector<std::string> tags(const std::string& html) {
  std::vector<std::string> out;
  for (size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    const size_t end = html.find('>', at);
    if (end == std::string::npos) break;
    out.push_back(html.substr(at, end - at + 1));
    if (out.back().rfind("<style", 0) == 0) at = html.find("</style>", end);
  }
  return out;
}

// The x coordinate of a network node's name.
double node_x(const std::string& network, const std::string& name) {
  const std::string end = "\" text-anchor=\"middle\">" + name + "</text>";
  const size_t at = network.find(end);
  if (at == std::string::npos) FAIL("no node " << name << " in the network");
  const size_t x = network.rfind("x=\"", at);
  return std::stod(network.substr(x + 3));
}

TEST_CASE("the report opens with the scenario, its run settings and the warnings", "[report]") {
  const Run& run = full_run();
  const ExperimentResult& r = run.result;
  const std::string header = run.html.substr(0, run.html.find("<section id=\"headlines\""));
  CHECK(header.find("<h1>" + escaped(r.scenario_name) + "</h1>") != std::string::npos);
  CHECK(header.find(escaped("A <i>test</i> of escaping & drawing")) != std::string::npos);
  for (const std::string& setting :
       {std::string("3 per variant"), std::string("Tue 1 Dec 2026"),
        std::string("7 days, discarded"), std::string("63 days: Tue 8 Dec 2026 to Tue 9 Feb 2027"),
        std::string("wards.json"), r.scenario_sha256, std::string("version ") + FLOWSIM_VERSION,
        std::string("on 2 threads")})
    CHECK(header.find(setting) != std::string::npos);
  CHECK(header.find(">9</dd>") != std::string::npos);  // the seed
  const std::string warnings = section(run.html, "warnings");
  CHECK(warnings.find(escaped(r.warnings.back())) != std::string::npos);
}

TEST_CASE("the headline and unit tables show each variant as the terminal table does", "[report]") {
  const Run& run = full_run();
  const ExperimentResult& r = run.result;
  REQUIRE(r.variants.size() == 2);
  const std::string headlines = section(run.html, "headlines");
  const auto metrics = headline_metrics(r.variants.front());
  REQUIRE(metrics.size() >= 3);
  for (const auto& h : metrics) {
    INFO(h.label);
    // The intervention's cell ends with its paired difference, bold where it excludes zero.
    const std::string row =
        "<tr><td>" + escaped(h.label) + "</td><td>" +
        escaped(format_cell(r.variants[0].find(h.metric), h.decimals, h.scale)) + "</td><td>" +
        escaped(format_cell(r.variants[1].find(h.metric), h.decimals, h.scale)) +
        " <span class=\"relative";
    CHECK(headlines.find(row) != std::string::npos);
  }
  size_t excluding_zero = 0;
  for (const auto& c : r.comparisons) excluding_zero += c.excludes_zero;
  CHECK(occurrences(headlines, "<span class=\"relative") == metrics.size());
  CHECK(occurrences(headlines, "<span class=\"relative yes\">") == excluding_zero);
  const std::string units = section(run.html, "units");
  for (const std::string unit : {"acute", "rehab"}) {
    CHECK(units.find("<b>" + unit + "</b>") != std::string::npos);
    for (const auto& v : r.variants) {
      for (const auto& c : unit_metrics()) {
        INFO(unit << " " << v.name << " " << c.metric);
        const std::string cell =
            "<td>" +
            escaped(format_cell(v.find("unit." + unit + "." + c.metric), c.decimals, c.scale)) +
            "</td>";
        CHECK(units.find(cell) != std::string::npos);
      }
    }
  }
  CHECK(occurrences(units, "<tr><td>") == 2 * r.variants.size());
}

TEST_CASE("each intervention is compared with the baseline in a table and a forest plot",
          "[report]") {
  const Run& run = full_run();
  const ExperimentResult& r = run.result;
  REQUIRE(!r.comparisons.empty());
  const std::string comparisons = section(run.html, "comparisons");
  CHECK(comparisons.find(escaped("4 more <rehab> beds & \"staff\"")) != std::string::npos);
  const auto metrics = headline_metrics(r.variants.front());
  size_t plotted = 0, excluding_zero = 0;
  for (const auto& c : r.comparisons) {
    const HeadlineMetric* h = nullptr;
    for (const auto& m : metrics)
      if (m.metric == c.metric) h = &m;
    REQUIRE(h != nullptr);
    const ComparisonCells cells = format_comparison(c, *h);
    INFO(c.metric);
    CHECK(comparisons.find("<td>" + escaped(h->label) + "</td><td>" + cells.baseline + "</td><td>" +
                           cells.intervention + "</td><td>" + cells.difference + "</td>") !=
          std::string::npos);
    plotted += c.baseline.mean != 0;
    excluding_zero += c.excludes_zero;
  }
  CHECK(occurrences(comparisons, "<svg class=\"forest\"") == 1);
  CHECK(occurrences(comparisons, "<rect class=\"estimate") == plotted);
  CHECK(occurrences(comparisons, "<rect class=\"estimate excludes-zero\"") == excluding_zero);
  CHECK(occurrences(comparisons, "<td class=\"text yes\">") == excluding_zero);
}

TEST_CASE("a fan chart per daily series shows each variant by date with the warm-up shaded",
          "[report]") {
  const Run& run = full_run();
  const VariantResult& baseline = run.result.variants.front();
  REQUIRE(baseline.daily_names.size() >= 2);
  REQUIRE(baseline.daily.size() == 70);
  const std::string daily = section(run.html, "daily");
  const size_t series = baseline.daily_names.size();
  CHECK(occurrences(daily, "<svg class=\"chart\"") == series);
  CHECK(occurrences(daily, "<path class=\"median\"") == series * run.result.variants.size());
  CHECK(occurrences(daily, "<path class=\"band\"") == series * run.result.variants.size());
  CHECK(occurrences(daily, "<rect class=\"warmup\"") == series);
  // Months along the axis, the year on the first and in January; the capacity marked.
  CHECK(occurrences(daily, ">Dec 2026</text>") == series);
  CHECK(occurrences(daily, ">Jan 2027</text>") == series);
  CHECK(daily.find(">capacity 30</text>") != std::string::npos);
  CHECK(daily.find("<figcaption>acute: places occupied</figcaption>") != std::string::npos);
}

TEST_CASE("a sweep draws each headline metric against its first axis, a line per second value",
          "[report]") {
  const Run& run = full_run();
  REQUIRE(run.result.sweeps.size() == 1);
  const SweepResult& s = run.result.sweeps.front();
  REQUIRE(s.points.size() == 6);
  const std::string sweeps = section(run.html, "sweeps");
  const size_t charts = headline_metrics(s.points.front()).size();
  CHECK(occurrences(sweeps, "<svg class=\"chart\"") == charts);
  // Two lines (acute capacity 28 and 32) of three points each, per chart.
  CHECK(occurrences(sweeps, "<path class=\"median\"") == 2 * charts);
  CHECK(occurrences(sweeps, "<circle class=\"point\"") == 6 * charts);
  CHECK(occurrences(sweeps, ">capacity 28</span>") == charts);
  CHECK(occurrences(sweeps, ">capacity 32</span>") == charts);
  CHECK(occurrences(sweeps, ">/units/rehab/capacity</text>") == charts);
  CHECK(sweeps.find("Rehab beds against acute beds.") != std::string::npos);
}

TEST_CASE("the pathway network is drawn left to right along its routes with their probabilities",
          "[report]") {
  const std::string network = section(full_run().html, "network");
  CHECK(occurrences(network, "<svg class=\"network\"") == 1);
  const double admissions = node_x(network, "admissions");
  const double acute = node_x(network, "acute");
  const double rehab = node_x(network, "rehab");
  CHECK(admissions < acute);
  CHECK(acute < rehab);
  CHECK(network.find("acute, 30 places</text>") != std::string::npos);
  CHECK(network.find("12/d</text>") != std::string::npos);
  CHECK(network.find(">0.30<title>") != std::string::npos);
  CHECK(network.find(">0.70<title>") != std::string::npos);
  CHECK(network.find(">exit</text>") != std::string::npos);
}

TEST_CASE("the STRESS-DES table describes this scenario and this run", "[report]") {
  const Run& run = full_run();
  const std::string stress = section(run.html, "stress");
  for (const std::string item :
       {"1.1 Purpose of the model", "1.2 Model outputs", "1.3 Experimentation aims",
        "2.2 Base model logic", "2.3 Scenario logic", "2.5 Components", "3.1 Data sources",
        "3.3 Input parameters", "4.1 Initialisation", "4.2 Run length", "4.3 Estimation approach",
        "5.1 Software", "5.2 Random sampling", "5.4 System specification", "6 Code access"})
    CHECK(stress.find("<tr><td>" + item + "</td>") != std::string::npos);
  for (const std::string fact :
       {"<b>more_rehab</b>: <code>/units/rehab/capacity</code> 10 \u2192 14",
        "sweep <b>rehab_beds</b>", "frail 40%, other 60%", "<b>acute</b> acute, 30 places",
        "<b>rehab</b> 10 places", "<b>acute</b> lognormal, mean 2d",
        "<b>admissions</b> into acute, 12.0 a day", "A warm-up of 7 days",
        "63 days, from Tue 8 Dec 2026", "3 independent replications", "Seed 9.", "xoshiro256**"})
    CHECK(stress.find(fact) != std::string::npos);
  CHECK(stress.find(
            escaped("Sources: <img src=x onerror=alert(1)> & see https://example.org/beds")) !=
        std::string::npos);
  CHECK(stress.find(run.result.scenario_sha256) != std::string::npos);
  CHECK(stress.find(std::string("flowsim ") + FLOWSIM_VERSION + ", C++20, compiled with ") !=
        std::string::npos);
}

TEST_CASE("every string from the scenario is escaped", "[report]") {
  const std::string& html = full_run().html;
  for (const std::string raw :
       {"<b>&</b>", "<script>alert(1)</script>", "<i>test</i>", "<img src=x", "<rehab>", "<acute>"})
    CHECK(html.find(raw) == std::string::npos);
  CHECK(html.find(escaped("Wards <b>&</b> \"rehab\" <script>alert(1)</script>")) !=
        std::string::npos);
  for (const auto& tag : tags(html)) {
    INFO(tag);
    CHECK(tag.find("<script") != 0);
    CHECK(tag.find("onerror") == std::string::npos);
  }
}

TEST_CASE("the report loads nothing from outside the file", "[report]") {
  const std::string& html = full_run().html;
  for (const auto& tag : tags(html)) {
    INFO(tag);
    for (const std::string element : {"<script", "<link", "<img", "<iframe", "<object", "<embed"})
      CHECK(tag.find(element) != 0);
    CHECK(tag.find("src=") == std::string::npos);
    CHECK(tag.find("http:") == std::string::npos);
    CHECK(tag.find("https:") == std::string::npos);
    // Links and references stay within the page: "#network", url(#flowsim-arrow).
    for (size_t at = tag.find("href=\""); at != std::string::npos; at = tag.find("href=\"", at + 1))
      CHECK(tag.compare(at, 7, "href=\"#") == 0);
    for (size_t at = tag.find("url("); at != std::string::npos; at = tag.find("url(", at + 1))
      CHECK(tag.compare(at, 5, "url(#") == 0);
  }
  const size_t style = html.find("<style>");
  REQUIRE(style != std::string::npos);
  const std::string css = html.substr(style, html.find("</style>") - style);
  CHECK(css.find("url(") == std::string::npos);
  CHECK(css.find("@import") == std::string::npos);
  CHECK(css.find("@font-face") == std::string::npos);
}

TEST_CASE("a run without interventions or sweeps says so where they would be", "[report]") {
  const Run run = report_of(R"({
    "schema": "flowsim/1", "name": "one queue", "start": "2026-01-05T00:00", "horizon": "3d",
    "replications": 2,
    "arrivals": { "walk_in": { "to": "desk", "rate": "4/h" } },
    "units": { "desk": { "capacity": 2, "service": { "exponential": { "mean": "20min" } },
                         "next": { "exit": 1 } } }
  })");
  CHECK(section(run.html, "warnings").empty());
  CHECK(section(run.html, "comparisons").find("no interventions") != std::string::npos);
  CHECK(section(run.html, "sweeps").find("no sweeps") != std::string::npos);
  CHECK(occurrences(section(run.html, "daily"), "<svg class=\"chart\"") == 1);
  CHECK(section(run.html, "daily").find(">5 Jan</text>") != std::string::npos);
  CHECK(section(run.html, "stress").find("No warm-up") != std::string::npos);
}

}  // namespace
}  // namespace flowsim::models
