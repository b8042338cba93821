// Random streams keyed by (seed, replication, purpose, index).
//
// Every random draw in a run comes from a stream named by what it is for, never from a shared
// generator, so results do not depend on thread scheduling and two variants of a scenario can
// give the same patient the same draws (common random numbers). The generator is
// xoshiro256** seeded through SplitMix64; the derived distributions in distribution.h use only
// these bits and the C math library, never the std:: distributions, whose algorithms differ
// between standard libraries.
#pragma once

#include <cstdint>
#include <string_view>

namespace flowsim::sim {

// SplitMix64 step: a strong 64-bit mixer, used to derive stream states from keys.
constexpr uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A stable 64-bit hash of a purpose name (FNV-1a), so streams are keyed by words, not by the
// order in which a model happens to create them.
constexpr uint64_t purpose_hash(std::string_view purpose) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : purpose) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Identifies one stream: the run's seed, the replication, what the stream is for, and an index
// within that purpose (for example a patient's number within an arrival stream).
struct StreamKey {
  uint64_t seed = 0;
  uint64_t replication = 0;
  uint64_t purpose = 0;
  uint64_t index = 0;
};

class RandomStream {
 public:
  using result_type = uint64_t;
  RandomStream() : RandomStream(StreamKey{}) {}
  explicit RandomStream(const StreamKey& key) { reseed(key); }

  void reseed(const StreamKey& key) {
    uint64_t sm = key.seed;
    uint64_t h = splitmix64(sm);
    sm = h ^ key.replication;
    h = splitmix64(sm);
    sm = h ^ key.purpose;
    h = splitmix64(sm);
    sm = h ^ key.index;
    for (auto& word : s_) word = splitmix64(sm);
  }

  static constexpr uint64_t min() { return 0; }
  static constexpr uint64_t max() { return UINT64_MAX; }

  uint64_t operator()() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform on [0, 1), 53 bits.
  double uniform() { return double((*this)() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_pos() { return double(((*this)() >> 11) + 1) * 0x1.0p-53; }
  // A whole number uniform on [0, n), by Lemire's multiply-shift with rejection (unbiased).
  uint64_t below(uint64_t n);

 private:
  static constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace flowsim::sim
