#include "lscb_book.h"

namespace audit::report::lscb {

std::string periodLabel(int first, int last) {
    if (first == last) return monthLabel(first);
    if (last - first == 2 && first % 3 == 0)
        return std::to_string(first / 12) + "-Q" + std::to_string(first % 12 / 3 + 1);
    if (last - first == 11 && first % 12 == 0) return std::to_string(first / 12);
    return monthLabel(first) + " to " + monthLabel(last);
}

std::string sheetRef(const std::string& sheet, std::size_t r1, std::size_t c1, std::size_t r2, std::size_t c2) {
    return "='" + sheet + "'!$" + xlsx::columnName(c1) + "$" + std::to_string(r1 + 1) + ":$" + xlsx::columnName(c2) +
           "$" + std::to_string(r2 + 1);
}

bool rateSafe(long k, long n, long threshold) {
    auto small = [&](long v) { return v > 0 && v < threshold; };
    return !small(n) && !small(k) && !small(n - k);
}

std::string domainsText(const Theme& t) {
    std::string s;
    for (const auto& d : t.domains) s += (s.empty() ? "" : ", ") + d;
    return s;
}

ModEntries addModeration(LinkedCounts& lc, const agreement::Summary& s, int tier) {
    const long n = static_cast<long>(s.n), k = static_cast<long>(s.exact.successes),
               w = static_cast<long>(s.withinOne.successes), d = static_cast<long>(s.shift.down),
               u = static_cast<long>(s.shift.up);
    // Complements are taken from the down and up counts first, then within-one, then the headline agreement, then
    // the number moderated.
    ModEntries e;
    e.n = lc.add(n, true, tier + 3);
    e.k = lc.add(k, true, tier + 2);
    e.w = lc.add(w, true, tier + 1);
    e.d = lc.add(d, true, tier);
    e.u = lc.add(u, true, tier);
    const std::size_t disagree = lc.add(n - k, false), near = lc.add(w - k, false), far = lc.add(n - w, false);
    lc.sum(e.n, {e.k, e.d, e.u});
    lc.sum(disagree, {e.d, e.u});
    lc.sum(e.w, {e.k, near});
    lc.sum(e.n, {e.w, far});
    return e;
}

void sumModeration(LinkedCounts& lc, const ModEntries& total, const std::vector<ModEntries>& parts) {
    const std::vector<std::size_t ModEntries::*> fields = {&ModEntries::n, &ModEntries::k, &ModEntries::w,
                                                           &ModEntries::d, &ModEntries::u};
    for (auto f : fields) {
        std::vector<std::size_t> ps;
        for (const auto& p : parts) ps.push_back(p.*f);
        lc.sum(total.*f, ps);
    }
}

}  // namespace audit::report::lscb
