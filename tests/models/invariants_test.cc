// Tests of the books every replication is checked against at its end (Census): each way they
// can fail to balance is reported, and random networks of every mechanism keep them.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>

#include "model/flow_model.h"
#include "scenario/scenario.h"

namespace {

using namespace flowsim::models;

// The books of two patients in a ward (one of them waiting for a care home), one in its queue,
// one being assessed while keeping their bed, and one on the waiting list.
Census balanced() {
  Census c;
  c.initial = 3;
  c.arrived = 10;
  c.departed = 7;
  c.lost = 1;
  c.inside = 5;
  c.tracked = 5;
  c.listed = c.list_size = 1;
  Census::Unit ward{"ward", false, 3, 3, 3, 1, 1, 0, 0};
  Census::Unit care_home{"care_home", false, 0, 0, 0, 0, 0, 1, 1};
  Census::Unit assessors{"assessors", true, 1, 1, 1, 0, 0, 0, 0};
  c.units = {ward, care_home, assessors};
  return c;
}

TEST_CASE("books that balance have no problems", "[invariants]") {
  CHECK(census_problems(Census{}).empty());
  CHECK(census_problems(balanced()).empty());
}

TEST_CASE("each way the books can fail to balance is named", "[invariants]") {
  Census c = balanced();
  c.departed = 8;
  CHECK(census_problems(c) ==
        "patients are not conserved: present at the start 3 + arrived 10 != departed 8 + lost 1 "
        "+ inside 5");

  c = balanced();
  c.units[0].occupancy = -1;
  CHECK(census_problems(c) == "unit ward: occupancy below zero (-1, places in use 3)");

  c = balanced();
  c.units[0].occupancy = 2;
  CHECK(census_problems(c) == "unit ward: occupancy 2 disagrees with its places in use 3");

  c = balanced();
  c.units[0].holding = 4;  // a patient counted here and somewhere else
  CHECK(census_problems(c) ==
        "unit ward: 3 places in use but 4 patients hold one (a patient in two places, or a "
        "place nobody holds)");

  c = balanced();
  c.units[0].queued = 2;
  CHECK(census_problems(c) == "unit ward: a queue of 1 but 2 patients queued in it");

  c = balanced();
  c.units[1].waiting = 0;
  CHECK(census_problems(c) == "unit care_home: 1 waiting to move in but 0 patients waiting for it");

  c = balanced();
  c.listed = 0;
  CHECK(census_problems(c) == "a waiting list of 1 but 0 patients listed");

  c = balanced();
  c.tracked = 6;
  CHECK(census_problems(c) ==
        "5 patients inside but 3 hold places, 2 are waiting and 6 are tracked");

  c = balanced();
  c.nctr = -1;
  CHECK(census_problems(c) ==
        "a count of patients went below zero (no criteria to reside -1, boarding 0)");

  // Every problem at once, in that order.
  c = balanced();
  c.departed = 8;
  c.listed = 0;
  CHECK(census_problems(c) ==
        "patients are not conserved: present at the start 3 + arrived 10 != departed 8 + lost 1 "
        "+ inside 5; a waiting list of 1 but 0 patients listed");
}

// A random network of two to four units using every way of moving between them: queues with
// and without limits, blocking, loss, overflow, route delays, patience and priorities. Drawn
// with a fixed generator, so that a failure can be reproduced from its number.
std::string random_network(uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](uint32_t n) { return uint32_t(rng() % n); };
  const uint32_t units = 2 + pick(3);
  auto name = [](uint32_t u) { return "u" + std::to_string(u); };
  std::string s = R"({ "schema": "flowsim/1", "name": "Random", "start": "2026-01-05",
    "warmup": "2d", "horizon": "30d", "replications": 1, "seed": )" +
                  std::to_string(seed) + R"(,
    "cohorts": { "a": { "priority": 1 }, "b": {} },
    "arrivals": { "in": { "to": "u0", "rate": ")" +
                  std::to_string(1 + pick(6)) + R"(/h", "cohorts": { "a": 0.3, "b": 0.7 } } },
    "units": {)";
  for (uint32_t u = 0; u < units; ++u) {
    s += (u ? ",\n" : "\n") + std::string("\"") + name(u) +
         "\": { \"capacity\": " + std::to_string(1 + pick(6));
    const uint32_t limit = pick(3);
    s += ", \"queue\": { \"discipline\": \"" + std::string(pick(2) ? "fifo" : "priority") +
         "\", \"limit\": " + (limit == 0 ? "\"unlimited\"" : std::to_string(limit - 1)) + " }";
    s += ", \"service\": { \"exponential\": { \"mean\": \"" + std::to_string(1 + pick(4)) +
         "h\" } }";
    if (pick(3) == 0) s += ", \"patience\": { \"exponential\": { \"mean\": \"3h\" } }";
    // Onward to the next unit (so that every unit is reached and can reach exit), or out.
    s += ", \"next\": [";
    if (u + 1 < units) {
      const uint32_t to = u + 1;
      s += "{ \"to\": \"" + name(to) + "\", \"p\": 0.6";
      if (pick(2)) s += ", \"delay\": { \"fixed\": \"30min\" }";
      const uint32_t full = pick(3);
      if (full == 1) s += ", \"when_full\": \"lose\"";
      if (full == 2 && to + 1 < units)
        s += ", \"when_full\": { \"overflow\": \"" + name(to + 1) + "\" }";
      s += " }, { \"to\": \"exit\", \"p\": 0.4 }";
    } else {
      s += "{ \"to\": \"exit\", \"p\": 1 }";
    }
    s += "] }";
  }
  return s + "\n} }";
}

TEST_CASE("random networks of every way of moving keep their books", "[invariants]") {
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    const std::string text = random_network(seed);
    INFO("network " << seed << ":\n" << text);
    LoadedScenario loaded;
    REQUIRE_NOTHROW(loaded = load_scenario_text("random.json", text));
    CHECK_NOTHROW(simulate(loaded.variants.front().scenario, 0));
  }
}

}  // namespace
