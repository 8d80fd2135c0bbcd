// XLSX reading: the input as a whole file (zip structure, limits, then every sheet read whole and streamed).
#include "audit/io/xlsx_reader.h"
#include "fuzz_support.h"
#include "xlsx_walk.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".xlsx");
    fuzz::expectErrorOrSuccess([&] { fuzz::walkWorkbook(path); });
    return 0;
}
