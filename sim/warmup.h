// Choosing how much of the start of a run to discard.
#pragma once

#include <cstddef>
#include <vector>

namespace flowsim::sim {

// MSER-k (White 1997; Franklin & White 2008): groups the series into batch means of `batch`
// observations and returns the number of leading observations (a multiple of `batch`) whose
// removal minimises the squared standard error of the mean of what remains,
//   MSER(d) = sum over j > d of (Z_j - mean(Z_{d+1..m}))^2 / (m - d)^2,
// searching only the first half of the batches, as is usual: a minimum later than that says the
// series has not settled at all. Returns 0 for a series shorter than two batches.
size_t mser_truncation(const std::vector<double>& series, size_t batch = 5);

}  // namespace flowsim::sim
