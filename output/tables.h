// The text tables printed after a run, and the cells of a summary and of a comparison that the
// report (output/report.h) shows alike.
#pragma once

#include <string>

#include "experiment/experiment.h"

namespace flowsim::models {

// A summary as a table cell: its mean times `scale` and the half-width of its 95% interval
// ("53.0 ± 1.1", the mean alone over one replication), or for scale 0 the mean probability as
// "1 in n"; "-" when the metric is absent (null).
std::string format_cell(const MetricSummary* summary, int decimals, double scale);
// A comparison as the terminal table shows it: the baseline's and the intervention's means and the
// paired difference with its 95% interval ("+1.2 (-0.3 to 2.7)"), at the metric's scale (a
// probability in percentage points), with decimals enough for the difference not to read as zero.
struct ComparisonCells {
  std::string baseline, intervention, difference;
};
ComparisonCells format_comparison(const Comparison& comparison, const HeadlineMetric& metric);

// The short table printed after a run: headline metrics by unit and variant with 95% CIs.
std::string format_table(const ExperimentResult& result);

}  // namespace flowsim::models
