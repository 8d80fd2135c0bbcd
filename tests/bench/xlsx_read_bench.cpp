// Benchmark helper for the xlsx reader (built on demand: cmake --build build --target xlsx_read_bench;
// run by tests/bench/bench_xlsx_read.sh, never by ctest).
//   xlsx_read_bench write FILE ROWS [shared|inline]
//                                     a synthetic case list of ROWS × 10 columns with our writer
//                                     (shared strings, or inline strings in constant-memory mode)
//   xlsx_read_bench read FILE [SHEET] streams every row of the sheet (default: the first one)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "audit/base/error.h"
#include "audit/io/xlsx_reader.h"
#include "audit/io/xlsx_writer.h"

using namespace audit;

static int write(const std::string& path, std::size_t rows, bool inlineStrings) {
    xlsx::Writer::Options opt;
    opt.constantMemory = inlineStrings;
    xlsx::Writer w(path, opt);
    lxw_worksheet* ws = w.addSheet("Cases");
    const char* header[] = {"case_ref", "child_ref", "team", "service_area", "category",
                            "worker", "team_manager", "open_date", "last_audit_date", "caseload"};
    for (std::size_t c = 0; c < 10; ++c) w.writeString(ws, 0, c, header[c]);
    const char* areas[] = {"Front door", "Assessment", "CIN", "Child protection", "Children in care", "Care leavers",
                           "Disabled children"};
    const char* cats[] = {"CIN", "CP", "CLA", "Care leaver", "Early help", "CIN"};
    for (std::size_t r = 1; r <= rows; ++r) {
        w.writeString(ws, r, 0, "C" + std::to_string(1000000 + r));
        w.writeString(ws, r, 1, "P" + std::to_string(5000000 + r * 7 % 999983));
        w.writeString(ws, r, 2, "Team " + std::to_string(r % 24));
        w.writeString(ws, r, 3, areas[r % 7]);
        w.writeString(ws, r, 4, cats[r % 6]);
        w.writeString(ws, r, 5, "Worker " + std::to_string(r % 900));
        w.writeString(ws, r, 6, "Manager " + std::to_string(r % 120));
        w.writeDate(ws, r, 7, 2018 + static_cast<int>(r % 8), 1 + static_cast<int>(r % 12), 1 + static_cast<int>(r % 28));
        w.writeDate(ws, r, 8, 2024 + static_cast<int>(r % 2), 1 + static_cast<int>(r % 12), 1 + static_cast<int>(r % 28));
        w.writeNumber(ws, r, 9, static_cast<double>(10 + r % 16));
    }
    w.close();
    return 0;
}

static int read(const std::string& path, const std::string& sheetName) {
    const auto t0 = std::chrono::steady_clock::now();
    xlsx::Reader reader(path);
    const std::string sheet = sheetName.empty() ? reader.sheets().at(0).name : sheetName;
    std::size_t rows = 0, cells = 0, strings = 0, numbers = 0, dates = 0, bytes = 0;
    reader.forEachRow(sheet, [&](std::size_t, const std::vector<xlsx::Cell>& row) {
        ++rows;
        for (const auto& c : row) {
            if (c.empty()) continue;
            ++cells;
            if (c.type == xlsx::Cell::Type::String) ++strings, bytes += c.text.size();
            else if (c.isDate) ++dates;
            else if (c.type == xlsx::Cell::Type::Number) ++numbers;
        }
    });
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("rows=%zu cells=%zu strings=%zu string_bytes=%zu numbers=%zu dates=%zu seconds=%.3f\n", rows, cells,
                strings, bytes, numbers, dates, secs);
    return 0;
}

int main(int argc, char** argv) {
    try {
        const std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "write" && (argc == 4 || argc == 5))
            return write(argv[2], std::strtoul(argv[3], nullptr, 10), argc == 5 && std::string(argv[4]) == "inline");
        if (mode == "read" && (argc == 3 || argc == 4)) return read(argv[2], argc == 4 ? argv[3] : "");
        std::fprintf(stderr, "usage: xlsx_read_bench write FILE ROWS [shared|inline] | read FILE [SHEET]\n");
        return 64;
    } catch (const Error& e) {
        std::fprintf(stderr, "xlsx_read_bench: error: %s\n", e.what());
        return e.exitCode();
    }
}
