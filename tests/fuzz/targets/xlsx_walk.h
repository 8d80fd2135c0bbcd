#pragma once
#include <string>

#include "audit/io/xlsx_reader.h"

namespace fuzz {
// Opens a workbook and reads everything in it: names, every worksheet whole and streamed, every cell's text and date.
inline void walkWorkbook(const std::string& path) {
    audit::xlsx::ReaderLimits limits;
    limits.maxEntryBytes = 64ull << 20;
    limits.maxTotalBytes = 128ull << 20;
    audit::xlsx::Reader reader(path, limits);
    for (const auto& n : reader.definedNames()) (void)reader.namedCell(n.name);
    for (const auto& s : reader.sheets()) {
        if (!s.worksheet) continue;
        const auto sheet = reader.sheet(s.name);
        for (std::size_t r = 0; r < sheet.rowCount(); ++r)
            for (const auto& c : sheet.row(r)) {
                (void)c.str();
                (void)c.date();
            }
        reader.forEachRow(s.name, [](std::size_t, const std::vector<audit::xlsx::Cell>& cells) {
            for (const auto& c : cells) (void)c.str();
        });
    }
}
}  // namespace fuzz
