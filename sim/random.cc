#include "sim/random.h"

namespace flowsim::sim {

__extension__ typedef unsigned __int128 uint128;

uint64_t RandomStream::below(uint64_t n) {
  if (n <= 1) return 0;
  uint128 m = static_cast<uint128>((*this)()) * n;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<uint128>((*this)()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

}  // namespace flowsim::sim
