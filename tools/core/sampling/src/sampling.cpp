#include "audit/sampling/sampling.h"

#include "audit/sampling/case_list.h"

#include <Poco/Crypto/DigestEngine.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <future>
#include <numeric>
#include <thread>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "audit/base/error.h"
#include "audit/sampling/max_flow.h"
#include "audit/base/random.h"

namespace audit {

ExclusionResult applyExclusions(std::size_t rows, const std::vector<ExclusionRule>& rules) {
    ExclusionResult r;
    r.before = rows;
    if (rows > std::numeric_limits<std::uint32_t>::max()) throw Error(ErrorKind::Data, "the case list has too many rows");
    for (const auto& rule : rules) r.counts.push_back({rule.name, 0});
    r.kept.reserve(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        bool out = false;
        for (std::size_t k = 0; k < rules.size() && !out; ++k)
            if (rules[k].excludes && rules[k].excludes(i)) {
                ++r.counts[k].removed;
                out = true;
            }
        if (!out) r.kept.push_back(static_cast<std::uint32_t>(i));
    }
    return r;
}

namespace {

constexpr std::uint32_t kNoWorker = std::numeric_limits<std::uint32_t>::max();

struct Prepared {
    std::vector<std::string> keys;               // sorted
    std::vector<std::vector<std::uint32_t>> units;  // per stratum: frame indices in case-reference order
    std::vector<std::size_t> n;                  // n_h
    std::vector<bool> equal;                     // all size measures equal in the stratum
    std::vector<std::uint32_t> workerOf;         // per frame unit (only with a worker cap)
    std::size_t workers = 0;
    std::vector<bool> affected;                  // drawn jointly under a binding worker cap
    bool anyAffected = false;
};

// One unit in the canonical order: what sorting and the frame hash look at, side by side in memory (the
// frame's columns are read in order once; a stratum's units are spread all over them).
// 24 bytes: a million-case frame holds 24 MB of them while it is sorted.
struct Entry {  // trivial, so that an array of them is not cleared before it is filled
    std::uint64_t prefix, prefix2;  // the case reference's first 16 bytes, big-endian, zero-padded
    std::uint32_t unit;
    std::uint32_t refSize : 8;      // the reference's length, kLongRef when longer than 16
    std::uint32_t worker : 24;      // the worker's id (kFarWorkers: read from the frame)
};
constexpr std::uint32_t kLongRef = 255;
constexpr std::size_t kFarWorkers = (std::size_t(1) << 24) - 1;  // this many workers or more: ids not in entries

// Bytes from..from+7 of s as a big-endian number, zero-padded.
std::uint64_t bigEndian(std::string_view s, std::size_t from) {
    if constexpr (std::endian::native == std::endian::little) {
        if (from >= s.size()) return 0;
        const std::size_t n = std::min<std::size_t>(8, s.size() - from);
        std::uint64_t w = 0;
        if (n == 8) std::memcpy(&w, s.data() + from, 8);
        else
            for (std::size_t i = 0; i < n; ++i) w |= std::uint64_t(static_cast<unsigned char>(s[from + i])) << (8 * i);
        return __builtin_bswap64(w);
    } else {
        std::uint64_t k = 0;
        for (std::size_t b = from; b < from + 8; ++b) k = (k << 8) | (b < s.size() ? static_cast<unsigned char>(s[b]) : 0u);
        return k;
    }
}

// The inverse: the 8 bytes of a big-endian number written to `out`.
void putBigEndian(char* out, std::uint64_t v) {
    if constexpr (std::endian::native == std::endian::little) {
        v = __builtin_bswap64(v);
        std::memcpy(out, &v, 8);
    } else {
        std::memcpy(out, &v, 8);
    }
}

// SHA-256 of the canonical frame: per stratum (key order), per unit (case-reference order), the line
// "case_ref \t stratum \t worker \t size \n" (the size in its shortest round-trip form, std::to_chars), fed
// to the digest in blocks of about 64 KiB, one stratum's sorted entries at a time.
class FrameHasher {
public:
    FrameHasher(const FrameColumns& F, const std::vector<std::string>& keys)
        : F_(F), sha_("SHA256"), farWorkers_(F.workerNames.size() >= kFarWorkers) {
        // The pieces that repeat ("\t stratum \t" per stratum; "worker" and, when every size is 1, "\t1\n" per
        // worker) are stored with kStep spare bytes and copied in fixed kStep-byte steps (short copies done
        // inline); the block has room for a whole line beyond kBlock and for the spare bytes.
        std::size_t longest = 0;
        auto piece = [&](std::string p) {
            longest = std::max(longest, p.size());
            const std::size_t n = p.size();
            p.append(kStep, '\0');
            return Piece{std::move(p), n};
        };
        for (const auto& k : keys) keyPiece_.push_back(piece("\t" + k + "\t"));
        for (auto w : F.workerNames) workerPiece_.push_back(piece(std::string(w) + (F.size.empty() ? "\t1\n" : "")));
        block_.resize(kBlock + 2 * longest + 256 + kStep);
    }

    // The lines of stratum h's units, in the order of `entries`.
    void add(std::size_t h, const Entry* entries, std::size_t count) {
        const Piece& key = keyPiece_[h];
        char* const block = block_.data();
        char num[64];
        for (std::size_t k = 0; k < count; ++k) {
            const Entry& e = entries[k];
            if (used_ >= kBlock) flush();
            if (e.refSize <= 16) {  // the text is in the entry: no trip to the frame's memory
                putBigEndian(block + used_, e.prefix);
                putBigEndian(block + used_ + 8, e.prefix2);
                used_ += e.refSize;
            } else {
                const std::string_view ref = F_.caseRef[e.unit];
                if (used_ + ref.size() > kBlock) flush();
                if (ref.size() > kBlock) {
                    sha_.update(ref.data(), ref.size());
                } else {
                    std::memcpy(block + used_, ref.data(), ref.size());
                    used_ += ref.size();
                }
            }
            copy(key);
            copy(workerPiece_[farWorkers_ ? F_.worker[e.unit] : e.worker]);
            if (!F_.size.empty()) {
                num[0] = '\t';
                auto r = std::to_chars(num + 1, num + sizeof num - 1, F_.size[e.unit]);
                *r.ptr++ = '\n';
                const auto n = static_cast<std::size_t>(r.ptr - num);
                std::memcpy(block + used_, num, n);
                used_ += n;
            }
        }
    }

    std::string finish() {
        flush();
        return Poco::DigestEngine::digestToHex(sha_.digest());
    }

private:
    static constexpr std::size_t kBlock = 1 << 16, kStep = 32;
    struct Piece {
        std::string text;  // the piece and kStep spare bytes
        std::size_t size;
    };
    void copy(const Piece& p) {
        for (std::size_t i = 0; i < p.size; i += kStep) std::memcpy(block_.data() + used_ + i, p.text.data() + i, kStep);
        used_ += p.size;
    }
    void flush() {
        sha_.update(block_.data(), used_);
        used_ = 0;
    }

    const FrameColumns& F_;
    Poco::Crypto::DigestEngine sha_;
    const bool farWorkers_;
    std::vector<Piece> keyPiece_, workerPiece_;
    std::vector<char> block_;
    std::size_t used_ = 0;
};

// Groups the frame by stratum (key order) and each stratum by case reference; with `hash`, also the frame hash.
Prepared prepare(const FrameColumns& F, const DrawSpec* spec, std::string* hash = nullptr) {
    Prepared P;
    const std::size_t N = F.units();
    if (F.stratum.size() != N || F.worker.size() != N || (!F.size.empty() && F.size.size() != N))
        throw Error(ErrorKind::Internal, "the frame's columns have different lengths");
    if (N > std::numeric_limits<std::uint32_t>::max()) throw Error(ErrorKind::Data, "the frame has too many cases");
    for (std::uint32_t w : F.worker)
        if (w >= F.workerNames.size()) throw Error(ErrorKind::Internal, "a frame unit names no worker");
    const std::size_t K = F.stratumKeys.size();
    for (std::size_t i = 0; i < F.size.size(); ++i)
        if (!(F.size[i] > 0) || !std::isfinite(F.size[i])) {
            std::ostringstream os;
            os << "case '" << F.caseRef[i] << "': the size measure must be a positive number (got " << F.size[i] << ")";
            throw Error(ErrorKind::Data, os.str());
        }
    std::vector<std::size_t> count(K, 0);
    for (std::size_t i = 0; i < N; ++i) {
        if (F.stratum[i] >= K) throw Error(ErrorKind::Internal, "a frame unit names no stratum key");
        ++count[F.stratum[i]];
    }
    // The strata that hold units, in key order; begin[h] is where stratum h starts in `entries`.
    std::vector<std::uint32_t> ids;
    for (std::uint32_t k = 0; k < K; ++k)
        if (count[k] > 0) ids.push_back(k);
    std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) { return F.stratumKeys[a] < F.stratumKeys[b]; });
    // The strata in key order, a batch of them at a time (at most kBatch units, or one larger stratum): one
    // pass over the frame in row order gathers each unit of the batch into its stratum's sort entries (24 bytes
    // a unit: a million-case frame never holds entries for every unit at once, and a pass reads the case
    // references in the order they lie in memory), then each stratum is put in case-reference order. The
    // hash of a batch is taken on a second thread while the next batch is gathered and sorted (two buffers of
    // entries; the batches reach the hash in order), when there is a second core and the frame is large.
    constexpr std::size_t kBatch = std::size_t(1) << 18;
    std::vector<std::size_t> slotOf(K, 0);
    P.units.resize(ids.size());
    for (std::size_t h = 0; h < ids.size(); ++h) {
        if (h > 0 && F.stratumKeys[ids[h]] == F.stratumKeys[ids[h - 1]])
            throw Error(ErrorKind::Internal, "stratum key '" + F.stratumKeys[ids[h]] + "' is given twice");
        P.keys.push_back(F.stratumKeys[ids[h]]);
        slotOf[ids[h]] = h;
    }
    std::optional<FrameHasher> hasher;
    if (hash) hasher.emplace(F, P.keys);
    const bool overlap = hasher && N > kBatch && std::thread::hardware_concurrency() > 1;
    const bool farWorkers = F.workerNames.size() >= kFarWorkers;
    std::vector<Entry> buffers[2];
    // The previous batch's hash, when overlapped. Declared after the buffers it reads: on an error (a repeated case)
    // its destructor waits for the hash thread (std::async's future does) before the buffers are freed.
    std::future<void> hashing;
    std::vector<std::size_t> fill(ids.size() + 1, 0);  // per stratum of the batch: where its next entry goes
    std::size_t batch = 0;
    for (std::size_t first = 0; first < ids.size(); ++batch) {
        std::size_t last = first, total = 0;
        while (last < ids.size() && (last == first || total + count[ids[last]] <= kBatch)) total += count[ids[last++]];
        for (std::size_t h = first, at = 0; h < last; ++h) {
            fill[h] = at;
            at += count[ids[h]];
        }
        std::vector<Entry>& entries = buffers[overlap ? batch % 2 : 0];
        entries.resize(total);
        for (std::size_t i = 0; i < N; ++i) {
            const std::size_t h = slotOf[F.stratum[i]];
            if (h < first || h >= last) continue;
            const std::string_view ref = F.caseRef[i];
            Entry& e = entries[fill[h]++];
            e.prefix = bigEndian(ref, 0);
            e.prefix2 = bigEndian(ref, 8);
            e.unit = static_cast<std::uint32_t>(i);
            e.refSize = ref.size() <= 16 ? static_cast<std::uint32_t>(ref.size()) : kLongRef;
            e.worker = farWorkers ? 0 : F.worker[i];
        }
        // Case-reference order: compare the 16-byte prefix first (cheap), the whole text on a tie.
        auto less = [&F](const Entry& a, const Entry& b) {
            if (a.prefix != b.prefix) return a.prefix < b.prefix;
            if (a.prefix2 != b.prefix2) return a.prefix2 < b.prefix2;
            const int c = F.caseRef[a.unit].compare(F.caseRef[b.unit]);
            return c != 0 ? c < 0 : a.unit < b.unit;
        };
        for (std::size_t h = first, at = 0; h < last; ++h) {
            Entry* const begin = entries.data() + at;
            Entry* const end = begin + count[ids[h]];
            at += count[ids[h]];
            bool sorted = true;
            for (const Entry* it = begin + 1; it < end && sorted; ++it) sorted = less(*(it - 1), *it);
            if (!sorted) std::sort(begin, end, less);
            auto& units = P.units[h];
            units.reserve(static_cast<std::size_t>(end - begin));
            for (const Entry* it = begin; it < end; ++it) {
                if (it != begin && it->prefix == (it - 1)->prefix && it->prefix2 == (it - 1)->prefix2 &&
                    F.caseRef[it->unit] == F.caseRef[(it - 1)->unit])
                    throw Error(ErrorKind::Data, "case '" + std::string(F.caseRef[it->unit]) + "' appears twice in stratum '" +
                                                     P.keys[h] + "': a case can be in the frame once");
                units.push_back(it->unit);
            }
        }
        if (hasher) {
            auto hashBatch = [&hasher, &entries, &count, &ids, first, last] {
                for (std::size_t h = first, at = 0; h < last; ++h) {
                    hasher->add(h, entries.data() + at, count[ids[h]]);
                    at += count[ids[h]];
                }
            };
            if (hashing.valid()) hashing.get();  // the batch before, whose buffer the one after will use
            if (overlap) hashing = std::async(std::launch::async, hashBatch);
            else hashBatch();
        }
        first = last;
    }
    if (hashing.valid()) hashing.get();
    if (hasher) *hash = hasher->finish();
    if (spec && spec->maxPerWorker > 0) {
        P.workerOf.resize(N, kNoWorker);
        // Workers numbered in order of first appearance in the frame; an unnamed one is never capped.
        std::vector<std::uint32_t> id(F.workerNames.size(), kNoWorker);
        for (std::size_t i = 0; i < N; ++i) {
            const std::uint32_t w = F.worker[i];
            if (F.workerNames[w].empty() || F.workerNames[w] == kUnallocated) continue;  // never one worker
            if (id[w] == kNoWorker) id[w] = static_cast<std::uint32_t>(P.workers++);
            P.workerOf[i] = id[w];
        }
    }
    const std::size_t H = P.keys.size();
    P.n.assign(H, 0);
    P.equal.assign(H, true);
    P.affected.assign(H, false);
    if (!F.size.empty())
        for (std::size_t h = 0; h < H; ++h)
            for (std::size_t i : P.units[h])
                if (F.size[i] != F.size[P.units[h].front()]) {
                    P.equal[h] = false;
                    break;
                }
    if (!spec) return P;
    for (const auto& [key, n] : spec->sampleSizes) {
        auto it = std::lower_bound(P.keys.begin(), P.keys.end(), key);
        if (it == P.keys.end() || *it != key) {
            if (n == 0) continue;
            throw Error(ErrorKind::Data, "stratum '" + key + "' is not in the frame (no case left in it)");
        }
        const std::size_t h = static_cast<std::size_t>(it - P.keys.begin());
        if (n > P.units[h].size()) {
            std::ostringstream os;
            os << "stratum '" << key << "' has " << P.units[h].size() << " cases but a sample of " << n
               << " was asked of it";
            throw Error(ErrorKind::Data, os.str());
        }
        P.n[h] = n;
    }
    if (spec->maxPerWorker > 0) {
        // A worker binds if they hold more than K cases in the strata that are sampled at all.
        std::vector<std::size_t> held(P.workers, 0);
        for (std::size_t h = 0; h < H; ++h)
            if (P.n[h] > 0)
                for (std::size_t i : P.units[h])
                    if (P.workerOf[i] != kNoWorker) ++held[P.workerOf[i]];
        for (std::size_t h = 0; h < H; ++h) {
            if (P.n[h] == 0) continue;
            for (std::size_t i : P.units[h])
                if (P.workerOf[i] != kNoWorker && held[P.workerOf[i]] > spec->maxPerWorker) {
                    P.affected[h] = true;
                    P.anyAffected = true;
                    break;
                }
        }
    }
    return P;
}

// π for systematic PPS: n·x_i/Σx with certainty units (π = 1) taken out and the rest re-scaled.
std::vector<double> ppsPi(const std::vector<double>& x, std::size_t n) {
    const std::size_t N = x.size();
    std::vector<double> pi(N, 0.0);
    if (n == 0) return pi;
    if (n >= N) return std::vector<double>(N, 1.0);
    std::vector<bool> certain(N, false);
    std::size_t left = n;
    for (;;) {
        double X = 0;
        for (std::size_t i = 0; i < N; ++i)
            if (!certain[i]) X += x[i];
        bool changed = false;
        for (std::size_t i = 0; i < N; ++i)
            if (!certain[i] && static_cast<double>(left) * x[i] / X >= 1.0) {
                certain[i] = true;
                --left;
                changed = true;
            }
        if (!changed || left == 0) {
            for (std::size_t i = 0; i < N; ++i)
                pi[i] = certain[i] ? 1.0 : (left == 0 ? 0.0 : static_cast<double>(left) * x[i] / X);
            return pi;
        }
    }
}

// The joint sequential draw of the strata affected by a binding worker cap.
class JointDraw {
public:
    JointDraw(const FrameColumns& frame, const Prepared& P, std::size_t cap) : frame_(frame), P_(P), cap_(cap) {
        for (std::size_t h = 0; h < P.keys.size(); ++h)
            if (P.affected[h]) strata_.push_back(h);
        perm_.resize(strata_.size());
        for (std::size_t s = 0; s < strata_.size(); ++s) {
            perm_[s].resize(P.units[strata_[s]].size());
            std::iota(perm_[s].begin(), perm_[s].end(), 0);
        }
        count_.assign(P.workers, 0);
        pos_.assign(strata_.size(), 0);
        need_.assign(strata_.size(), 0);
        keys_.resize(strata_.size());
    }

    const std::vector<std::size_t>& strata() const { return strata_; }

    // One attempt; on success `chosen` holds the frame indices in draw order.
    bool attempt(Random& rng, std::vector<std::size_t>& chosen) {
        chosen.clear();
        std::size_t total = 0;
        for (std::size_t s = 0; s < strata_.size(); ++s) {
            const std::size_t h = strata_[s];
            need_[s] = P_.n[h];
            pos_[s] = 0;
            total += need_[s];
            if (!P_.equal[h]) {
                // Efraimidis–Spirakis: key −ln(U)/x, ascending = successive sampling with P ∝ x.
                const auto& units = P_.units[h];
                auto& order = keys_[s];
                order.resize(units.size());
                std::vector<double> key(units.size());
                for (std::size_t k = 0; k < units.size(); ++k) {
                    key[k] = -std::log(1.0 - rng.uniform()) / frame_.size[units[k]];
                    order[k] = k;
                }
                std::sort(order.begin(), order.end(),
                          [&](std::size_t a, std::size_t b) { return key[a] != key[b] ? key[a] < key[b] : a < b; });
            }
        }
        bool ok = true;
        while (total > 0 && ok) {
            std::uint64_t r = rng.below(total);
            std::size_t s = 0;
            while (r >= need_[s]) r -= need_[s++];
            const std::size_t h = strata_[s];
            const auto& units = P_.units[h];
            for (;;) {
                if (pos_[s] >= units.size()) {
                    ok = false;
                    break;
                }
                std::size_t k;
                if (P_.equal[h]) {
                    const std::size_t i = pos_[s];
                    const std::size_t j = i + rng.below(units.size() - i);
                    std::swap(perm_[s][i], perm_[s][j]);
                    undo_.push_back({s, i, j});
                    k = perm_[s][i];
                } else {
                    k = keys_[s][pos_[s]];
                }
                ++pos_[s];
                const std::size_t u = units[k];
                const std::uint32_t w = P_.workerOf[u];
                if (w != kNoWorker && count_[w] >= cap_) continue;
                if (w != kNoWorker) {
                    if (count_[w] == 0) touched_.push_back(w);
                    ++count_[w];
                }
                chosen.push_back(u);
                --need_[s];
                --total;
                break;
            }
        }
        for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) std::swap(perm_[it->s][it->i], perm_[it->s][it->j]);
        undo_.clear();
        for (std::uint32_t w : touched_) count_[w] = 0;
        touched_.clear();
        return ok;
    }

private:
    struct Swap {
        std::size_t s, i, j;
    };
    const FrameColumns& frame_;
    const Prepared& P_;
    std::size_t cap_;
    std::vector<std::size_t> strata_;
    std::vector<std::vector<std::size_t>> perm_;
    std::vector<std::vector<std::size_t>> keys_;
    std::vector<std::size_t> pos_, need_;
    std::vector<std::uint32_t> count_, touched_;
    std::vector<Swap> undo_;
};

// Refuses a cap that no draw can meet, with the numbers (a minimum cut of strata → workers → sink).
void checkCapFeasible(const FrameColumns& frame, const Prepared& P, std::size_t cap) {
    std::vector<std::size_t> strata;
    for (std::size_t h = 0; h < P.keys.size(); ++h)
        if (P.affected[h]) strata.push_back(h);
    const std::size_t source = 0, sink = 1, firstStratum = 2, firstWorker = 2 + strata.size();
    // Cases without a worker supply their stratum directly.
    MaxFlow flow(firstWorker + P.workers);
    std::int64_t need = 0;
    std::vector<std::size_t> workerEdge(P.workers, SIZE_MAX);
    for (std::uint32_t w = 0; w < P.workers; ++w) workerEdge[w] = flow.addEdge(firstWorker + w, sink, static_cast<std::int64_t>(cap));
    for (std::size_t s = 0; s < strata.size(); ++s) {
        const std::size_t h = strata[s];
        flow.addEdge(source, firstStratum + s, static_cast<std::int64_t>(P.n[h]));
        need += static_cast<std::int64_t>(P.n[h]);
        std::map<std::uint32_t, std::int64_t> per;
        std::int64_t free = 0;
        for (std::size_t i : P.units[h]) {
            if (P.workerOf[i] == kNoWorker) ++free;
            else ++per[P.workerOf[i]];
        }
        if (free > 0) flow.addEdge(firstStratum + s, sink, free);
        for (auto [w, c] : per) flow.addEdge(firstStratum + s, firstWorker + w, c);
    }
    const std::int64_t got = flow.run(source, sink);
    if (got >= need) return;
    const auto side = flow.minCutSource(source);
    std::vector<std::size_t> blocked;
    std::int64_t blockedNeed = 0;
    for (std::size_t s = 0; s < strata.size(); ++s)
        if (side[firstStratum + s]) {
            blocked.push_back(strata[s]);
            blockedNeed += static_cast<std::int64_t>(P.n[strata[s]]);
        }
    std::map<std::uint32_t, std::int64_t> held;
    std::int64_t free = 0;
    for (std::size_t h : blocked)
        for (std::size_t i : P.units[h]) {
            if (P.workerOf[i] == kNoWorker) ++free;
            else ++held[P.workerOf[i]];
        }
    std::int64_t supply = free;
    for (auto [w, c] : held) supply += std::min<std::int64_t>(c, static_cast<std::int64_t>(cap));
    std::ostringstream os;
    os << "--max-per-worker " << cap << " cannot be met: ";
    if (blocked.size() == 1) os << "stratum '" << P.keys[blocked[0]] << "' needs ";
    else {
        os << "strata ";
        for (std::size_t k = 0; k < blocked.size() && k < 6; ++k) os << (k ? ", " : "") << "'" << P.keys[blocked[k]] << "'";
        if (blocked.size() > 6) os << " and " << blocked.size() - 6 << " more";
        os << " need ";
    }
    os << blockedNeed << " cases but their " << held.size() << " worker(s) can supply at most " << supply
       << " with at most " << cap << " each (the cap allows " << got << " of the " << need
       << " cases these strata need); raise the cap or lower the sample size";
    (void)frame;
    throw Error(ErrorKind::Data, os.str());
}

std::uint64_t replicateSeed(std::uint64_t seed, std::size_t r) {
    std::uint64_t z = seed ^ 0x5851f42d4c957f2dULL;
    z += 0x9e3779b97f4a7c15ULL * (static_cast<std::uint64_t>(r) + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// π of every unit. A stratum drawn by SRS has one π for all its units (stratumPi[h]); the per-unit arrays
// are made only when some stratum needs them (unequal chances, or a binding worker cap). π is exact except
// in the strata drawn under the cap (Monte Carlo, with its standard error).
struct PiResult {
    std::vector<double> stratumPi;  // per stratum: n_h/N_h under SRS; NaN where π varies by unit
    std::vector<double> pi, se;     // per unit, for the other strata
    std::size_t replicates = 0;
    double acceptance = 1.0;
    double piOf(std::size_t h, std::size_t i) const { return std::isnan(stratumPi[h]) ? pi[i] : stratumPi[h]; }
    double seOf(std::size_t h, std::size_t i) const { return std::isnan(stratumPi[h]) ? se[i] : 0.0; }
};

PiResult computePi(const FrameColumns& frame, const Prepared& P, const DrawSpec& spec) {
    PiResult r;
    const std::size_t H = P.keys.size();
    r.stratumPi.assign(H, std::numeric_limits<double>::quiet_NaN());
    bool perUnit = P.anyAffected;
    for (std::size_t h = 0; h < H; ++h) perUnit |= !P.affected[h] && !P.equal[h];
    if (perUnit) {
        r.pi.assign(frame.units(), 0.0);
        r.se.assign(frame.units(), 0.0);
    }
    for (std::size_t h = 0; h < H; ++h) {
        if (P.affected[h]) continue;
        const auto& units = P.units[h];
        if (P.equal[h]) {
            r.stratumPi[h] = static_cast<double>(P.n[h]) / static_cast<double>(units.size());
        } else {
            std::vector<double> x;
            for (std::size_t i : units) x.push_back(frame.size[i]);
            const auto pi = ppsPi(x, P.n[h]);
            for (std::size_t k = 0; k < units.size(); ++k) r.pi[units[k]] = pi[k];
        }
    }
    if (!P.anyAffected) return r;
    JointDraw joint(frame, P, spec.maxPerWorker);
    std::vector<std::uint32_t> hits(frame.units(), 0);
    std::vector<std::size_t> chosen;
    std::size_t attempts = 0;
    const std::size_t R = std::max<std::size_t>(spec.replicates, 1);
    for (std::size_t rep = 0; rep < R; ++rep) {
        Random rng(replicateSeed(spec.seed, rep));
        std::size_t a = 0;
        for (;;) {
            ++attempts;
            if (joint.attempt(rng, chosen)) break;
            if (++a >= spec.maxAttempts)
                throw Error(ErrorKind::Data, "the worker cap is feasible but a random draw meets it too rarely (" +
                                                 std::to_string(spec.maxAttempts) +
                                                 " attempts failed): raise --max-per-worker");
        }
        for (std::size_t u : chosen) ++hits[u];
    }
    r.replicates = R;
    r.acceptance = static_cast<double>(R) / static_cast<double>(attempts);
    for (std::size_t s : joint.strata())
        for (std::size_t i : P.units[s]) {
            const double p = static_cast<double>(hits[i]) / static_cast<double>(R);
            r.pi[i] = p;
            r.se[i] = std::sqrt(p * (1 - p) / static_cast<double>(R));
        }
    return r;
}

std::string hexFormat(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace

FrameColumns frameColumns(const std::vector<FrameUnit>& frame) {
    FrameColumns F;
    const std::size_t N = frame.size();
    F.caseRef.reserve(N);
    F.stratum.reserve(N);
    F.worker.reserve(N);
    F.size.reserve(N);
    std::unordered_map<std::string_view, std::uint32_t> keyId, workerId;
    for (const auto& u : frame) {
        auto [it, fresh] = keyId.try_emplace(u.stratum, static_cast<std::uint32_t>(F.stratumKeys.size()));
        if (fresh) F.stratumKeys.push_back(u.stratum);
        auto [wit, wfresh] = workerId.try_emplace(u.worker, static_cast<std::uint32_t>(F.workerNames.size()));
        if (wfresh) F.workerNames.push_back(u.worker);
        F.caseRef.push_back(u.caseRef);
        F.stratum.push_back(it->second);
        F.worker.push_back(wit->second);
        F.size.push_back(u.size);
    }
    return F;
}

std::map<std::string, std::size_t> stratumSizes(const FrameColumns& frame) {
    std::vector<std::size_t> counts(frame.stratumKeys.size(), 0);
    for (std::uint32_t k : frame.stratum) ++counts.at(k);
    std::map<std::string, std::size_t> out;
    for (std::size_t k = 0; k < counts.size(); ++k)
        if (counts[k] > 0) out[frame.stratumKeys[k]] += counts[k];
    return out;
}

std::map<std::string, std::size_t> stratumSizes(const std::vector<FrameUnit>& frame) {
    return stratumSizes(frameColumns(frame));
}

std::string frameHash(const FrameColumns& frame) {
    std::string hash;
    prepare(frame, nullptr, &hash);
    return hash;
}
std::string frameHash(const std::vector<FrameUnit>& frame) { return frameHash(frameColumns(frame)); }

std::vector<double> inclusionProbabilities(const std::vector<FrameUnit>& units, const DrawSpec& spec,
                                           std::vector<double>* piSe) {
    const FrameColumns frame = frameColumns(units);
    const Prepared P = prepare(frame, &spec);
    if (P.anyAffected) checkCapFeasible(frame, P, spec.maxPerWorker);
    const PiResult r = computePi(frame, P, spec);
    std::vector<double> pi(frame.units(), 0.0), se(frame.units(), 0.0);
    for (std::size_t h = 0; h < P.keys.size(); ++h)
        for (std::size_t i : P.units[h]) {
            pi[i] = r.piOf(h, i);
            se[i] = r.seOf(h, i);
        }
    if (piSe) *piSe = std::move(se);
    return pi;
}

DrawResult drawSample(const std::vector<FrameUnit>& frame, const DrawSpec& spec) {
    return drawSample(frameColumns(frame), spec);
}

DrawResult drawSample(const FrameColumns& frame, const DrawSpec& spec) {
    DrawResult d;
    const Prepared P = prepare(frame, &spec, &d.frameHash);
    if (P.anyAffected) checkCapFeasible(frame, P, spec.maxPerWorker);
    d.seed = spec.seed;
    d.generator = Random::algorithm();
    Random rng(spec.seed);
    std::vector<std::size_t> drawn;  // frame indices in draw order
    std::vector<std::size_t> certainty(P.keys.size(), 0);
    for (std::size_t h = 0; h < P.keys.size(); ++h) {
        if (P.affected[h] || P.n[h] == 0) continue;
        const auto& units = P.units[h];
        if (P.equal[h]) {
            for (std::size_t k : rng.sampleIndices(units.size(), P.n[h])) drawn.push_back(units[k]);
        } else {
            std::vector<double> x;
            for (std::size_t i : units) x.push_back(frame.size[i]);
            const auto pi = ppsPi(x, P.n[h]);
            for (double p : pi)
                if (p >= 1.0) ++certainty[h];
            std::vector<std::size_t> perm(units.size());
            std::iota(perm.begin(), perm.end(), 0);
            rng.shuffle(perm);
            const long double start = rng.uniform();
            long double point = start, cum = 0;
            std::size_t got = 0;
            for (std::size_t k = 0; k < perm.size(); ++k) {
                cum += pi[perm[k]];
                if (k + 1 == perm.size()) cum = static_cast<long double>(P.n[h]);
                if (point < cum && got < P.n[h]) {
                    drawn.push_back(units[perm[k]]);
                    ++got;
                    point += 1;
                }
            }
            if (got != P.n[h]) throw Error(ErrorKind::Internal, "systematic PPS drew the wrong number of cases");
        }
    }
    if (P.anyAffected) {
        JointDraw joint(frame, P, spec.maxPerWorker);
        std::vector<std::size_t> chosen;
        d.attempts = 0;
        for (;;) {
            ++d.attempts;
            if (joint.attempt(rng, chosen)) break;
            if (d.attempts >= spec.maxAttempts)
                throw Error(ErrorKind::Data, "the worker cap is feasible but a random draw meets it too rarely (" +
                                                 std::to_string(spec.maxAttempts) +
                                                 " attempts failed): raise --max-per-worker");
        }
        drawn.insert(drawn.end(), chosen.begin(), chosen.end());
    }
    const PiResult pis = computePi(frame, P, spec);
    d.replicates = pis.replicates;
    d.acceptance = pis.acceptance;

    std::vector<std::uint32_t> orderOf(frame.units(), 0);
    for (std::size_t k = 0; k < drawn.size(); ++k) orderOf[drawn[k]] = static_cast<std::uint32_t>(k + 1);
    for (std::size_t h = 0; h < P.keys.size(); ++h) {
        StratumDraw s;
        s.key = P.keys[h];
        s.population = P.units[h].size();
        s.sample = P.n[h];
        s.certainty = certainty[h];
        s.piExact = !P.affected[h];
        s.design = P.n[h] == 0 ? "not sampled"
                   : P.affected[h]
                       ? (P.equal[h] ? "sequential draw with worker cap (Monte Carlo π)"
                                     : "sequential PPS draw with worker cap (Monte Carlo π)")
                   : P.equal[h] ? "SRSWOR"
                                : "randomised systematic PPS";
        d.strata.push_back(s);
        for (std::size_t i : P.units[h]) {
            if (orderOf[i] == 0) continue;
            SampledCase c;
            c.unit = i;
            c.order = orderOf[i];
            c.pi = pis.piOf(h, i);
            c.piSe = pis.seOf(h, i);
            c.piExact = !P.affected[h];
            if (!(c.pi > 0)) {
                // Drawn but never seen in a replicate: π is below 1/R; use 1/(2R) and say so.
                c.pi = 0.5 / static_cast<double>(pis.replicates);
                c.piSe = c.pi;
                ++d.lowCountUnits;
            }
            c.weight = 1.0 / c.pi;
            d.sample.push_back(c);
        }
    }
    std::ostringstream m;
    m << "Stratified sample; generator " << d.generator << ", seed " << d.seed
      << "; frame in case-reference order within each stratum (SHA-256 " << d.frameHash << "). ";
    bool srs = false, pps = false;
    for (std::size_t h = 0; h < P.keys.size(); ++h) {
        if (P.n[h] == 0 || P.affected[h]) continue;
        (P.equal[h] ? srs : pps) = true;
    }
    if (srs) m << "Simple random sampling without replacement within strata (partial Fisher-Yates); π = n_h/N_h. ";
    if (pps)
        m << "Where cases have unequal chances (oversampling), randomised systematic PPS within the stratum: "
             "π = n_h·x/Σx (capped at 1, certainty cases taken), exact. ";
    if (P.anyAffected) {
        m << "Worker cap " << spec.maxPerWorker
          << ": strata holding a worker with more cases than the cap are drawn jointly in random order, "
             "skipping cases whose worker is full; an attempt that leaves a stratum short is discarded "
             "and repeated (the realised draw took "
          << d.attempts << " attempt(s)). π for those strata is estimated by Monte Carlo over " << d.replicates
          << " replicate draws with seeds derived from the draw's seed (SE = √(π(1−π)/R)); acceptance rate "
          << hexFormat(std::round(d.acceptance * 10000) / 10000) << ". ";
        if (d.lowCountUnits)
            m << d.lowCountUnits << " sampled case(s) never appeared in a replicate; their π is set to 1/(2R). ";
    }
    m << "Design weight = 1/π.";
    d.method = m.str();
    return d;
}

}  // namespace audit
