#include "audit/cli/table.h"

#include <algorithm>
#include <cstdio>

namespace audit::cli {

std::string fixed(double x, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    std::string s = buf;
    if (s.size() > 1 && s[0] == '-' && s.find_first_not_of("0.", 1) == std::string::npos) s.erase(0, 1);
    return s;
}

std::string pad(const std::string& s, std::size_t width, bool right) {
    std::size_t chars = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++chars;
    if (chars >= width) return s;
    const std::string fill(width - chars, ' ');
    return right ? fill + s : s + fill;
}

void printTable(std::ostream& os, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
    std::vector<std::size_t> width(header.size());
    auto len = [](const std::string& s) {
        std::size_t n = 0;
        for (unsigned char c : s) n += (c & 0xC0) != 0x80;
        return n;
    };
    for (std::size_t c = 0; c < header.size(); ++c) width[c] = len(header[c]);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], len(r[c]));
    auto line = [&](const std::vector<std::string>& r) {
        std::string out = " ";
        for (std::size_t c = 0; c < r.size(); ++c) {
            const std::string fill(width[c] - len(r[c]), ' ');
            out += c ? "  " : "";
            out += right[c] ? fill + r[c] : r[c] + (c + 1 < r.size() ? fill : "");
        }
        os << out << '\n';
    };
    line(header);
    std::vector<std::string> rule;
    for (std::size_t c = 0; c < header.size(); ++c) rule.push_back(std::string(width[c], '-'));
    line(rule);
    for (const auto& r : rows) line(r);
}

}  // namespace audit::cli
