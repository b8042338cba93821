// The daily series (ReplicationResult::daily), and the end of the warm-up, where the statistics
// restart but the days carry on.
#include <string>
#include <utility>
#include <vector>

#include "model/flow.h"

namespace flowsim::models {

using sim::Duration;
using sim::Time;

std::vector<std::string> Simulation::daily_names() const {
  std::vector<std::string> names;
  for (const auto& d : daily_series_) names.push_back(d.name);
  return names;
}

void Simulation::define_daily_series() {
  for (size_t u = 0; u < s_.units.size(); ++u)
    daily_series_.push_back({"unit." + s_.units[u].name + ".occupancy", {&units_[u].occupancy}});
  ed_.define_daily_series(s_, daily_series_);
  acute_.define_daily_series(s_, daily_series_);
  nhs::VirtualWard::define_daily_series(s_, units_, daily_series_);
  nhs::Electives::define_daily_series(s_, daily_series_);
}

double Simulation::integral(const DailySeries& d) const {
  double sum = 0;
  for (const auto* tw : d.parts) sum += tw->integral_hours(now());
  return sum;
}

void Simulation::record_day() {
  if (now() <= last_day_end_) return;
  const double span_h = hours(now() - last_day_end_);
  std::vector<double> row;
  for (auto& d : daily_series_) {
    switch (d.special) {
      case DailySeries::Special::kNone: {
        const double now_integral = integral(d);
        row.push_back((now_integral - d.mark) / span_h);
        d.mark = now_integral;
        break;
      }
      case DailySeries::Special::kEdWithin4h:
        row.push_back(ed_.take_day_within_4h_pct());
        break;
      case DailySeries::Special::kListSize:
        row.push_back(double(electives_.list_size()));
        break;
    }
  }
  daily_.push_back(std::move(row));
  last_day_end_ = now();
}

void Simulation::on_warmup_end() {
  // Daily means must span the reset: carry the part of today already accumulated.
  for (auto& d : daily_series_)
    if (d.special == DailySeries::Special::kNone) d.mark -= integral(d);
  for (auto& u : units_) {
    u.occupancy.reset(now());
    u.queue_length.reset(now());
    u.capacity.reset(now());
    u.escalation_open.reset(now());
    u.levels.reset(now());
  }
  in_system_.reset(now());
  ed_.on_warmup_end(now());
  acute_.on_warmup_end(now());
}

}  // namespace flowsim::models
