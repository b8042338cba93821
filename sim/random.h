// Random streams keyed by (seed, replication, purpose, index).
//
// Every random draw in a run comes from a stream named by what it is for, never from a shared
// generator, so results do not depend on thread scheduling and two variants of a scenario can
// give the same patient the same draws (common random numbers). The generator is
// xoshiro256** seeded through SplitMix64; the derived distributions in distribution.h use only
// these bits and the C math library, never the std:: distributions, whose algorithms differ
// between standard libraries.
#pragma once

#include <array>
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

// A stream's key is folded in one word at a time, each through SplitMix64; the first three words
// (seed, replication, purpose) make the prefix shared by a family of streams, the index comes last
// and the stream's four state words are drawn from the result.
constexpr uint64_t family_prefix(uint64_t seed, uint64_t replication, uint64_t purpose) {
  uint64_t sm = seed;
  uint64_t h = splitmix64(sm);
  sm = h ^ replication;
  h = splitmix64(sm);
  sm = h ^ purpose;
  return splitmix64(sm);
}
constexpr std::array<uint64_t, 4> stream_state(uint64_t prefix, uint64_t index) {
  std::array<uint64_t, 4> state{};
  uint64_t sm = prefix ^ index;
  for (auto& word : state) word = splitmix64(sm);
  return state;
}
inline constexpr std::array<uint64_t, 4> kZeroKey = stream_state(family_prefix(0, 0, 0), 0);

class RandomStream {
 public:
  using result_type = uint64_t;
  // The stream of the all-zero key, from a state worked out at compile time: a model makes a
  // default stream with every patient record.
  constexpr RandomStream() : s_(kZeroKey) {}
  explicit RandomStream(const StreamKey& key) { reseed(key); }

  void reseed(const StreamKey& key) {
    seed_within(family_prefix(key.seed, key.replication, key.purpose), key.index);
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
  friend class StreamFamily;
  // Word by word into the state, as stream_state() does: building the array apart and copying
  // it stalled every patient's arrival on the copy's loads (store forwarding).
  void seed_within(uint64_t prefix, uint64_t index) {
    uint64_t sm = prefix ^ index;
    for (auto& word : s_) word = splitmix64(sm);
  }
  static constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<uint64_t, 4> s_;
};

// The streams of one purpose in one replication, told apart by their index (a patient's number
// within an arrival stream). seed(rng, i) gives exactly RandomStream(StreamKey{seed,
// replication, purpose, i}), but folds in the part of the key shared by the family only once:
// a model seeds a stream for every patient.
class StreamFamily {
 public:
  StreamFamily() = default;
  StreamFamily(uint64_t seed, uint64_t replication, uint64_t purpose)
      : prefix_(family_prefix(seed, replication, purpose)) {}
  void seed(RandomStream& rng, uint64_t index) const { rng.seed_within(prefix_, index); }

 private:
  uint64_t prefix_ = family_prefix(0, 0, 0);
};

}  // namespace flowsim::sim
