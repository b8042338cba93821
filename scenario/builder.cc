// The top level of a scenario document: its name, its period, its runs and its costs; the parts
// are read in the order the format lists them, each by the file of its own.
#include "scenario/builder.h"

namespace flowsim::models::loading {

Scenario Builder::build() {
  static const std::vector<std::string> kTop = {
      "schema",  "name",          "description",   "notes",      "start",   "warmup",
      "horizon", "replications",  "seed",          "population", "cohorts", "arrivals",
      "units",   "interventions", "bank_holidays", "electives",  "costs"};
  if (!check_.object(doc_, "", kTop, {"schema", "name", "start", "horizon", "arrivals", "units"},
                     "a scenario")) {
    return s_;
  }
  if (doc_.contains("schema")) {
    std::string schema;
    if (check_.string(doc_["schema"], "/schema", schema) && schema != "flowsim/1") {
      check_.error("/schema",
                   "this version of flowsim reads \"flowsim/1\" (got \"" + schema + "\")");
    }
  }
  if (doc_.contains("name")) check_.string(doc_["name"], "/name", s_.name);
  if (doc_.contains("description"))
    check_.string(doc_["description"], "/description", s_.description);
  if (doc_.contains("start")) {
    check_.string_as(doc_["start"], "/start", sim::parse_datetime_minutes, s_.start_minutes);
  }
  if (doc_.contains("warmup")) check_.duration(doc_["warmup"], "/warmup", s_.warmup);
  if (doc_.contains("horizon") && check_.duration(doc_["horizon"], "/horizon", s_.horizon)) {
    if (s_.horizon <= s_.warmup) {
      check_.error("/horizon",
                   "the horizon (" + sim::format_duration(s_.horizon) +
                       ") must be longer than the warm-up (" + sim::format_duration(s_.warmup) +
                       "): the run lasts the horizon and the warm-up is discarded from it");
    }
  }
  int64_t v = 0;
  if (doc_.contains("replications") &&
      check_.whole(doc_["replications"], "/replications", v, 1, 100000, "replications")) {
    s_.replications = int(v);
  }
  if (doc_.contains("seed") && check_.whole(doc_["seed"], "/seed", v, 0, INT64_MAX, "seed")) {
    s_.seed = uint64_t(v);
  }
  if (doc_.contains("population")) {
    check_.number(doc_["population"], "/population", s_.population, 1, 1e9, "population");
  }
  if (doc_.contains("bank_holidays")) read_bank_holidays(doc_["bank_holidays"]);
  read_cohorts();
  read_unit_names();
  if (doc_.contains("arrivals")) read_arrivals();
  if (doc_.contains("units") && doc_["units"].is_object()) {
    for (size_t i = 0; i < unit_keys_.size(); ++i) read_unit(i);
  }
  if (doc_.contains("electives")) read_electives(doc_["electives"], "/electives");
  if (doc_.contains("costs")) {
    const json& c = doc_["costs"];
    if (check_.object(c, "/costs", {"cancelled_operation"}, {}, "costs") &&
        c.contains("cancelled_operation")) {
      check_.number(c["cancelled_operation"], "/costs/cancelled_operation",
                    s_.cost_cancelled_operation, 0, 1e9, "a cost in pounds");
    }
  }
  return s_;
}

}  // namespace flowsim::models::loading
