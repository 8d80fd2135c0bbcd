// Case-list loading: a council's export (CSV) through the generic column map and through each shipped map.
#include "audit/sampling/case_list.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<audit::ColumnMap> maps = [] {
        std::vector<audit::ColumnMap> m;
        for (const auto& name : audit::ColumnMap::available()) m.push_back(audit::ColumnMap::load(name));
        return m;
    }();
    if (size == 0) return 0;
    const audit::ColumnMap& map = maps[data[0] % maps.size()];
    const std::string path = fuzz::writeInput(data + 1, size - 1, ".csv");
    fuzz::expectErrorOrSuccess([&] { audit::CaseList::load(path, map); });
    return 0;
}
