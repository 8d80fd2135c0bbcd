#include "audit/sampling/allocation.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "audit/base/error.h"

namespace audit {

const char* methodName(AllocationMethod m) {
    switch (m) {
        case AllocationMethod::Proportional: return "proportional";
        case AllocationMethod::Equal: return "equal";
        case AllocationMethod::Neyman: return "neyman";
    }
    return "?";
}

AllocationMethod parseAllocationMethod(const std::string& text) {
    if (text == "proportional") return AllocationMethod::Proportional;
    if (text == "equal") return AllocationMethod::Equal;
    if (text == "neyman") return AllocationMethod::Neyman;
    throwUsage("allocation '" + text + "' is not known (expected proportional, equal or neyman)");
}

double sdFromPrior(double prior) {
    if (!(prior >= 0.0 && prior <= 1.0)) {
        std::ostringstream os;
        os << "prior rate " << prior << " is not a proportion between 0 and 1";
        throw Error(ErrorKind::Data, os.str());
    }
    return std::sqrt(prior * (1.0 - prior));
}

std::vector<std::size_t> largestRemainder(const std::vector<double>& targets, std::size_t total,
                                          const std::vector<std::size_t>& sizes, const std::vector<std::string>& keys) {
    const std::size_t H = targets.size();
    std::vector<std::size_t> out(H);
    std::vector<double> frac(H);
    std::size_t assigned = 0;
    for (std::size_t h = 0; h < H; ++h) {
        // A target a hair below an integer (floating error) counts as that integer.
        double f = std::floor(targets[h] + 1e-9);
        if (f < 0) f = 0;
        out[h] = static_cast<std::size_t>(f);
        frac[h] = std::max(0.0, targets[h] - f);
        assigned += out[h];
    }
    std::vector<std::size_t> order(H);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        // Fractional parts that differ only by floating error are ties.
        if (std::abs(frac[a] - frac[b]) > 1e-9) return frac[a] > frac[b];
        if (sizes[a] != sizes[b]) return sizes[a] > sizes[b];
        return keys[a] < keys[b];
    });
    for (std::size_t i = 0; assigned < total && i < H; ++i) {
        out[order[i]] += 1;
        ++assigned;
    }
    return out;
}

Allocation allocate(const std::vector<StratumSpec>& strata, const AllocationRequest& request) {
    if (strata.empty()) throwUsage("there are no strata to allocate a sample over");
    if (request.total == 0) throwUsage("the sample size must be at least 1");
    const std::size_t H = strata.size();
    const std::size_t n = request.total, m = request.minPerStratum;

    Allocation a;
    a.method = request.method;
    a.total = n;
    a.minPerStratum = m;
    std::size_t sumMin = 0, sumN = 0;
    std::vector<double> lo(H), hi(H), w(H);
    for (std::size_t h = 0; h < H; ++h) {
        const auto& s = strata[h];
        StratumAllocation sa;
        sa.key = s.key;
        sa.size = s.size;
        switch (request.method) {
            case AllocationMethod::Proportional: sa.weight = static_cast<double>(s.size); break;
            case AllocationMethod::Equal: sa.weight = s.size > 0 ? 1.0 : 0.0; break;
            case AllocationMethod::Neyman:
                if (!(s.sd >= 0.0) || !std::isfinite(s.sd))
                    throw Error(ErrorKind::Data, "stratum '" + s.key + "': the standard deviation S_h must be >= 0");
                sa.weight = static_cast<double>(s.size) * s.sd;
                break;
        }
        w[h] = sa.weight;
        lo[h] = static_cast<double>(std::min(m, s.size));
        hi[h] = static_cast<double>(s.size);
        sumMin += std::min(m, s.size);
        sumN += s.size;
        a.strata.push_back(sa);
    }
    if (n > sumN) {
        std::ostringstream os;
        os << "a sample of " << n << " is larger than the frame: the " << H << " strata hold " << sumN
           << " cases in all (Σ N_h = " << sumN << ")";
        throw Error(ErrorKind::Data, os.str());
    }
    if (sumMin > n) {
        std::ostringstream os;
        os << "a sample of " << n << " cannot give every stratum its minimum of " << m << ": the " << H
           << " strata need Σ min(m, N_h) = " << sumMin << " cases (raise the size to at least " << sumMin
           << " or lower --min-per-stratum)";
        throw Error(ErrorKind::Data, os.str());
    }

    // Iterative re-allocation with bounds. state: 0 free, 1 fixed at lo, 2 fixed at hi.
    std::vector<int> state(H, 0);
    std::vector<double> target(H, 0.0);
    for (std::size_t h = 0; h < H; ++h)
        if (hi[h] == lo[h]) state[h] = 2;  // nothing to decide: N_h <= m (or N_h = 0)
    for (std::size_t round = 0; round < 4 * H + 8; ++round) {
        double fixedSum = 0, freeWeight = 0, freeSize = 0;
        std::size_t freeCount = 0;
        for (std::size_t h = 0; h < H; ++h) {
            if (state[h] == 1) fixedSum += lo[h];
            else if (state[h] == 2) fixedSum += hi[h];
            else {
                freeWeight += w[h];
                freeSize += hi[h];
                ++freeCount;
            }
        }
        const double rest = static_cast<double>(n) - fixedSum;
        // Free strata get the rest in proportion to their weights; if all their weights are zero
        // (Neyman with S_h = 0 everywhere left), in proportion to their sizes.
        const bool bySize = freeWeight <= 0.0;
        const double lambda = freeCount == 0 ? 0.0 : rest / (bySize ? freeSize : freeWeight);
        bool changed = false;
        for (std::size_t h = 0; h < H; ++h) {
            const double share = lambda * (bySize ? hi[h] : w[h]);
            if (state[h] == 0) {
                target[h] = share;
                if (share < lo[h] - 1e-12) {
                    state[h] = 1;
                    changed = true;
                } else if (share > hi[h] + 1e-12) {
                    state[h] = 2;
                    changed = true;
                }
            }
        }
        if (changed) continue;
        // Stable for the free strata: free again any fixed stratum that the share no longer pushes past
        // its bound (only possible when strata were fixed at both bounds in the same round).
        if (freeCount > 0) {
            for (std::size_t h = 0; h < H; ++h) {
                if (hi[h] == lo[h]) continue;
                const double share = lambda * (bySize ? hi[h] : w[h]);
                if ((state[h] == 1 && share > lo[h] + 1e-9) || (state[h] == 2 && share < hi[h] - 1e-9)) {
                    state[h] = 0;
                    changed = true;
                }
            }
        } else if (std::abs(rest) > 1e-9) {
            // Everything fixed but the total is not met: free the strata fixed at their minimum.
            for (std::size_t h = 0; h < H; ++h)
                if (state[h] == 1) {
                    state[h] = 0;
                    changed = true;
                }
        }
        if (!changed) break;
    }
    for (std::size_t h = 0; h < H; ++h) {
        if (state[h] == 1) target[h] = lo[h];
        if (state[h] == 2) target[h] = hi[h];
    }
    std::vector<std::size_t> sizes(H);
    std::vector<std::string> keys(H);
    for (std::size_t h = 0; h < H; ++h) {
        sizes[h] = strata[h].size;
        keys[h] = strata[h].key;
    }
    const auto rounded = largestRemainder(target, n, sizes, keys);
    std::size_t sum = 0;
    for (std::size_t h = 0; h < H; ++h) {
        auto& sa = a.strata[h];
        sa.target = target[h];
        sa.sample = std::min(rounded[h], strata[h].size);
        sa.bound = state[h] == 1 ? StratumAllocation::Bound::Minimum
                   : state[h] == 2 ? StratumAllocation::Bound::Full
                                   : StratumAllocation::Bound::Free;
        sum += sa.sample;
    }
    if (sum != n) throw Error(ErrorKind::Internal, "allocation: the rounded sizes do not add up to the total");
    return a;
}

}  // namespace audit
