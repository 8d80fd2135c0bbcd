// The toolkit's portable seeded generator. Same seed, same numbers on every machine and standard
// library: the engine is xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64, and bounded
// draws use Lemire's (2019) multiply-and-reject method, which is unbiased. Nothing here uses
// std::uniform_int_distribution or std::normal_distribution, whose output differs between libraries.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace audit {

class Random {
public:
    explicit Random(std::uint64_t seed);

    static constexpr const char* algorithm() { return "xoshiro256** seeded by splitmix64; Lemire bounded draw"; }

    std::uint64_t next();                      // 64 uniform bits
    std::uint64_t below(std::uint64_t bound);  // uniform in [0, bound); bound > 0
    std::int64_t between(std::int64_t lo, std::int64_t hi);  // uniform in [lo, hi], inclusive
    double uniform();                          // uniform in [0, 1), 53 bits
    double normal(double mean = 0.0, double sd = 1.0);  // Box–Muller (cosine branch only)
    bool chance(double p);                     // true with probability p

    // Fisher–Yates shuffle of the whole range.
    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }
    // A simple random sample without replacement of k indices from [0, n), in draw order.
    std::vector<std::size_t> sampleIndices(std::size_t n, std::size_t k);
    // Index drawn with probability proportional to weights (all >= 0, sum > 0).
    std::size_t weighted(const std::vector<double>& weights);

private:
    std::uint64_t s_[4];
};

// A fresh seed from the operating system, for when the user gives none (it is then printed and recorded).
std::uint64_t freshSeed();

}  // namespace audit
