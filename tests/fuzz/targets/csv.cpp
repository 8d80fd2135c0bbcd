// CSV reading: the whole-table parser and the streaming reader, with the delimiter detected and given.
#include "audit/io/csv.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    fuzz::expectErrorOrSuccess([&] { audit::csv::parse(text, "in.csv"); });
    fuzz::expectErrorOrSuccess([&] {
        audit::csv::Options o;
        o.delimiter = ';';
        o.header = false;
        audit::csv::Reader r(text, "in.csv", o);
        while (r.next())
            for (auto f : r.fields()) (void)audit::csv::restoreNeutralised(f);
    });
    fuzz::expectErrorOrSuccess([&] {
        audit::csv::Reader r(text, "in.csv");
        const std::size_t split = r.splitPoint(text.size() / 2);
        auto first = r.part(r.position(), split);
        while (first->next()) {
        }
    });
    return 0;
}
