// Tests for sim/metrics.h: names and values come out in the order they were added, and a
// names-only report keeps no values.
#include "sim/metrics.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace flowsim::sim {
namespace {

TEST_CASE("a metric report keeps names and values in the order they were added", "[metrics]") {
  MetricReport r;
  r.add("ed.attendances", 120);
  r.add("acute.mean_los_days", 4.5);
  CHECK(r.keeps_values());
  CHECK(r.names() == std::vector<std::string>{"ed.attendances", "acute.mean_los_days"});
  CHECK(r.take_values() == std::vector<double>{120, 4.5});
}

TEST_CASE("a names-only report lists the names and keeps no values", "[metrics]") {
  MetricReport r = MetricReport::names_only();
  r.add("ed.attendances", 120);
  CHECK_FALSE(r.keeps_values());
  CHECK(r.take_names() == std::vector<std::string>{"ed.attendances"});
  CHECK(r.take_values().empty());
}

}  // namespace
}  // namespace flowsim::sim
