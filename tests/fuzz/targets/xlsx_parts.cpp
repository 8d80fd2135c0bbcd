// XLSX parts: the input is split into the parts of a workbook (workbook, its relationships, a worksheet, shared
// strings, styles), packed into a valid zip beside the fixed parts, and read. The mutations reach the XML readers
// instead of dying at the zip's checksum.
#include <Poco/Zip/Compress.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "fuzz_support.h"
#include "xlsx_walk.h"

namespace {
const char* const kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>)";
const char* const kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
const char* const kParts[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                              "xl/sharedStrings.xml", "xl/styles.xml"};
constexpr const char* kSeparator = "\n--part--\n";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const auto at = input.find(kSeparator, start);
        parts.push_back(input.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos || parts.size() == std::size(kParts)) break;
        start = at + std::string(kSeparator).size();
    }
    const std::string path = fuzz::writeText("", "parts.xlsx");
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        Poco::Zip::Compress zip(out, true);
        auto add = [&](const std::string& name, const std::string& content) {
            std::istringstream in(content);
            zip.addFile(in, Poco::DateTime(2024, 1, 1), Poco::Path(name, Poco::Path::PATH_UNIX),
                        Poco::Zip::ZipCommon::CM_DEFLATE, Poco::Zip::ZipCommon::CL_SUPERFAST);
        };
        add("[Content_Types].xml", kContentTypes);
        add("_rels/.rels", kRootRels);
        for (std::size_t i = 0; i < parts.size(); ++i) add(kParts[i], parts[i]);
        zip.close();
    }
    fuzz::expectErrorOrSuccess([&] { fuzz::walkWorkbook(path); });
    return 0;
}
