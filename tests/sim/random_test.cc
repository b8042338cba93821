// Tests for sim/random.h: keyed random streams (xoshiro256** seeded through SplitMix64).
#include "sim/random.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <set>
#include <vector>

namespace flowsim::sim {
namespace {

std::vector<uint64_t> draws(const StreamKey& key, int n) {
  RandomStream rng(key);
  std::vector<uint64_t> out(size_t(n), 0);
  for (auto& x : out) x = rng();
  return out;
}

// Pearson's chi-square statistic of counts against equal expected frequencies.
double chi_square(const std::vector<int64_t>& counts, int64_t total) {
  const double expected = double(total) / double(counts.size());
  double chi2 = 0;
  for (int64_t c : counts) chi2 += (double(c) - expected) * (double(c) - expected) / expected;
  return chi2;
}

TEST_CASE("RandomStream is a standard uniform random bit generator", "[random]") {
  STATIC_REQUIRE(std::uniform_random_bit_generator<RandomStream>);
  STATIC_REQUIRE(RandomStream::min() == 0);
  STATIC_REQUIRE(RandomStream::max() == UINT64_MAX);
}

TEST_CASE("splitmix64 matches the reference generator", "[random]") {
  uint64_t state = 0;
  CHECK(splitmix64(state) == 0xe220a8397b1dcdafULL);
  CHECK(state == 0x9e3779b97f4a7c15ULL);
}

TEST_CASE("purpose_hash is the 64-bit FNV-1a hash, pinned so stream keys never drift", "[random]") {
  STATIC_REQUIRE(purpose_hash("") == 0xcbf29ce484222325ULL);
  STATIC_REQUIRE(purpose_hash("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(purpose_hash("arrivals") == 0xb10bc22ca203cc53ULL);
  CHECK(purpose_hash("length of stay") == 0x0dde5a4e008cdfcbULL);
  CHECK(purpose_hash("arrivals") != purpose_hash("Arrivals"));
}

TEST_CASE("streams give pinned values, so results reproduce across builds and machines",
          "[random]") {
  // Computed independently from the published xoshiro256** and SplitMix64 algorithms and the
  // key derivation documented in random.h.
  CHECK(draws(StreamKey{}, 3) ==
        std::vector<uint64_t>{0x8a21cd34a214a917ULL, 0x9c507e12243e64d0ULL, 0xc3763b828e49dc84ULL});
  CHECK(draws(StreamKey{42, 3, purpose_hash("arrivals"), 17}, 3) ==
        std::vector<uint64_t>{0x017baf58e849ce66ULL, 0x1021220da4e10505ULL, 0xa8a5e177428c3c17ULL});
}

TEST_CASE("the same key gives the same sequence", "[random]") {
  const StreamKey key{7, 2, purpose_hash("length of stay"), 123};
  CHECK(draws(key, 10'000) == draws(key, 10'000));
}

TEST_CASE("reseeding restarts the sequence of the new key", "[random]") {
  const StreamKey key{7, 2, purpose_hash("triage"), 5};
  RandomStream rng(StreamKey{1, 1, 1, 1});
  for (int i = 0; i < 10; ++i) rng();
  rng.reseed(key);
  std::vector<uint64_t> after(100, 0);
  for (auto& x : after) x = rng();
  CHECK(after == draws(key, 100));
}

TEST_CASE("a stream family seeds exactly the streams of its keys", "[random]") {
  const StreamFamily family(42, 3, purpose_hash("arrivals"));
  for (uint64_t index : {uint64_t(0), uint64_t(1), uint64_t(17), UINT64_MAX}) {
    RandomStream rng(StreamKey{1, 1, 1, 1});
    rng();
    family.seed(rng, index);
    std::vector<uint64_t> got(100, 0);
    for (auto& x : got) x = rng();
    CHECK(got == draws(StreamKey{42, 3, purpose_hash("arrivals"), index}, 100));
  }
  RandomStream zero(StreamKey{9, 9, 9, 9});
  StreamFamily().seed(zero, 0);
  CHECK(zero() == draws(StreamKey{}, 1).front());
}

TEST_CASE("a default-constructed stream is the stream of the all-zero key", "[random]") {
  RandomStream a;
  RandomStream b(StreamKey{0, 0, 0, 0});
  for (int i = 0; i < 100; ++i) REQUIRE(a() == b());
}

TEST_CASE("changing any one part of the key gives a different sequence", "[random]") {
  const StreamKey base{7, 2, purpose_hash("arrivals"), 10};
  const auto reference = draws(base, 8);
  StreamKey k = base;
  SECTION("seed") {
    k.seed += 1;
  }
  SECTION("replication") {
    k.replication += 1;
  }
  SECTION("purpose") {
    k.purpose = purpose_hash("discharges");
  }
  SECTION("index") {
    k.index += 1;
  }
  const auto other = draws(k, 8);
  int equal_positions = 0;
  for (size_t i = 0; i < other.size(); ++i) equal_positions += other[i] == reference[i];
  CHECK(equal_positions == 0);
}

TEST_CASE("thousands of neighbouring keys give distinct streams", "[random]") {
  // Neighbouring keys are what models use (replication r, patient i): none may share a start.
  std::set<uint64_t> firsts;
  int keys = 0;
  for (uint64_t rep = 0; rep < 20; ++rep) {
    for (uint64_t purpose :
         {purpose_hash("arrivals"), purpose_hash("los"), uint64_t(0), uint64_t(1)}) {
      for (uint64_t index = 0; index < 200; ++index) {
        RandomStream rng(StreamKey{1, rep, purpose, index});
        firsts.insert(rng());
        ++keys;
      }
    }
  }
  CHECK(firsts.size() == size_t(keys));
}

TEST_CASE("uniform lies in [0, 1) and uniform_pos in (0, 1], both with mean one half", "[random]") {
  RandomStream rng(StreamKey{11, 0, purpose_hash("uniform"), 0});
  constexpr int kN = 1'000'000;
  double sum = 0, sum_pos = 0;
  double lo = 1, hi = 0, lo_pos = 1, hi_pos = 0;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.uniform();
    const double v = rng.uniform_pos();
    sum += u;
    sum_pos += v;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    lo_pos = std::min(lo_pos, v);
    hi_pos = std::max(hi_pos, v);
  }
  CHECK(lo >= 0.0);
  CHECK(hi < 1.0);
  CHECK(lo_pos > 0.0);
  CHECK(hi_pos <= 1.0);
  // Standard error of the mean of a uniform is sqrt(1/12 / n); allow five of them.
  const double se = std::sqrt(1.0 / 12 / kN);
  CHECK(std::abs(sum / kN - 0.5) < 5 * se);
  CHECK(std::abs(sum_pos / kN - 0.5) < 5 * se);
}

TEST_CASE("uniform uses the top 53 bits of one draw", "[random]") {
  RandomStream a(StreamKey{3, 0, 0, 0});
  RandomStream b(StreamKey{3, 0, 0, 0});
  for (int i = 0; i < 1000; ++i) {
    const uint64_t bits = b() >> 11;
    REQUIRE(a.uniform() == std::ldexp(double(bits), -53));
  }
}

TEST_CASE("below(n) stays below n, and below(0) and below(1) are zero", "[random]") {
  RandomStream rng(StreamKey{5, 0, purpose_hash("below"), 0});
  CHECK(rng.below(0) == 0);
  CHECK(rng.below(1) == 0);
  for (uint64_t n : {uint64_t(2), uint64_t(3), uint64_t(7), uint64_t(1000), uint64_t(1) << 40,
                     (uint64_t(1) << 63) + 1, UINT64_MAX}) {
    for (int i = 0; i < 10'000; ++i) REQUIRE(rng.below(n) < n);
  }
}

TEST_CASE("below(n) is uniform by a chi-square test", "[random]") {
  RandomStream rng(StreamKey{5, 1, purpose_hash("chi-square"), 0});
  // With a fixed seed the statistic is fixed; the bounds sit far out in the chi-square tail
  // (p below 1e-6 for a correct generator), so only a real bias fails them.
  SECTION("ten outcomes") {
    std::vector<int64_t> counts(10, 0);
    constexpr int64_t kN = 1'000'000;
    for (int64_t i = 0; i < kN; ++i) ++counts[rng.below(10)];
    CHECK(chi_square(counts, kN) < 45.0);  // 9 degrees of freedom, mean 9
  }
  SECTION("a thousand outcomes") {
    std::vector<int64_t> counts(1000, 0);
    constexpr int64_t kN = 2'000'000;
    for (int64_t i = 0; i < kN; ++i) ++counts[rng.below(1000)];
    CHECK(chi_square(counts, kN) < 1250.0);  // 999 degrees of freedom, sd about 45
  }
  SECTION("a range so large that taking a remainder would favour its lower half") {
    // n = 3 * 2^62: "x % n" would put half the draws in the first third.
    const uint64_t n = 3 * (uint64_t(1) << 62);
    std::vector<int64_t> counts(3, 0);
    constexpr int64_t kN = 600'000;
    for (int64_t i = 0; i < kN; ++i) ++counts[rng.below(n) / (uint64_t(1) << 62)];
    CHECK(chi_square(counts, kN) < 30.0);  // 2 degrees of freedom
  }
}

}  // namespace
}  // namespace flowsim::sim
