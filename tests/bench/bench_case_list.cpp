// Benchmark (on demand, not in ctest; built and run by bench_cases.sh): reading a big case-list CSV
//   1. with csv::Reader alone, keeping three columns (case_ref, team, category) as strings;
//   2. with CaseList::load (column map, every column kept, every row checked).
// Prints wall and CPU seconds of each and the peak resident memory of the process.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "audit/sampling/case_list.h"
#include "audit/io/csv.h"

namespace {
double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
long peakKb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}
struct Timer {
    std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
    double cpu = cpuSeconds();
    void print(const char* what, std::size_t rows) const {
        const double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
        std::printf("%-44s %9zu rows  wall %.3f s  cpu %.3f s\n", what, rows, w, cpuSeconds() - cpu);
    }
};
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_case_list FILE.csv [MAP]\n");
        return 64;
    }
    const std::string path = argv[1];
    try {
        {
            Timer t;
            auto reader = audit::csv::Reader::open(path);
            const int ref = reader->column("case_ref"), team = reader->column("team"), cat = reader->column("category");
            if (ref < 0 || team < 0 || cat < 0) {
                std::fprintf(stderr, "bench_case_list: %s lacks case_ref, team or category\n", path.c_str());
                return 65;
            }
            std::vector<std::string> refs, teams, cats;
            while (reader->next()) {
                const auto& f = reader->fields();
                refs.emplace_back(f[static_cast<std::size_t>(ref)]);
                teams.emplace_back(f[static_cast<std::size_t>(team)]);
                cats.emplace_back(f[static_cast<std::size_t>(cat)]);
            }
            t.print("csv::Reader, keeping 3 columns as strings", refs.size());
        }
        {
            const auto map = audit::ColumnMap::load(argc > 2 ? argv[2] : "generic");
            Timer t;
            const auto list = audit::CaseList::load(path, map);
            t.print("CaseList::load (all columns, all checks)", list.size());
        }
        std::printf("peak resident memory %.1f MB (the file is memory-mapped: its pages count too)\n", peakKb() / 1024.0);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_case_list: %s\n", e.what());
        return 1;
    }
    return 0;
}
