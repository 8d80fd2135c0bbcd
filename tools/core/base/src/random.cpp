#include "audit/base/random.h"

#include <cmath>
#include <random>
#include <stdexcept>
#include <unordered_map>

namespace audit {

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
__extension__ typedef unsigned __int128 uint128;
inline std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Random::Random(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& s : s_) s = splitmix64(x);
}

std::uint64_t Random::next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

std::uint64_t Random::below(std::uint64_t bound) {
    if (bound == 0) throw std::invalid_argument("Random::below: bound must be positive");
    // Lemire, "Fast random integer generation in an interval", ACM TOMACS 2019.
    uint128 m = static_cast<uint128>(next()) * bound;
    auto low = static_cast<std::uint64_t>(m);
    if (low < bound) {
        const std::uint64_t threshold = (0 - bound) % bound;
        while (low < threshold) {
            m = static_cast<uint128>(next()) * bound;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t Random::between(std::int64_t lo, std::int64_t hi) {
    if (hi < lo) throw std::invalid_argument("Random::between: hi < lo");
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    if (span == 0) return static_cast<std::int64_t>(next());  // the whole 64-bit range
    return lo + static_cast<std::int64_t>(below(span));
}

double Random::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Random::normal(double mean, double sd) {
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

bool Random::chance(double p) { return uniform() < p; }

std::vector<std::size_t> Random::sampleIndices(std::size_t n, std::size_t k) {
    if (k > n) throw std::invalid_argument("Random::sampleIndices: k > n");
    // Partial Fisher–Yates over a sparse map: O(k) memory and time however large n is.
    std::unordered_map<std::size_t, std::size_t> moved;
    auto at = [&](std::size_t i) {
        auto it = moved.find(i);
        return it == moved.end() ? i : it->second;
    };
    std::vector<std::size_t> out;
    out.reserve(k);
    for (std::size_t i = 0; i < k; ++i) {
        const std::size_t j = i + below(n - i);
        const std::size_t vi = at(i), vj = at(j);
        out.push_back(vj);
        moved[j] = vi;
        moved[i] = vj;
    }
    return out;
}

std::size_t Random::weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    if (!(total > 0)) throw std::invalid_argument("Random::weighted: weights must sum to more than zero");
    double r = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (r < weights[i]) return i;
        r -= weights[i];
    }
    for (std::size_t i = weights.size(); i > 0; --i)
        if (weights[i - 1] > 0) return i - 1;
    return 0;
}

std::uint64_t freshSeed() {
    std::random_device rd;
    std::uint64_t s = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    return s % 1000000000ULL;  // short enough to read out and type back
}

}  // namespace audit
