// The XML definitions a council edits: templates, frameworks, case-list column maps and report definitions. The
// first byte chooses which reader gets the rest.
#include "audit/forms/framework.h"
#include "audit/forms/template.h"
#include "audit/report/report_definition.h"
#include "audit/sampling/case_list.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const audit::Catalogue catalogue = audit::Catalogue::load();
    if (size == 0) return 0;
    const std::string xml(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 4) {
        case 0:
            fuzz::expectErrorOrSuccess([&] { audit::parseTemplate(xml, "template.xml", catalogue.frameworks()); });
            break;
        case 1:
            fuzz::expectErrorOrSuccess([&] { audit::parseFramework(xml, "framework.xml"); });
            break;
        case 2:
            fuzz::expectErrorOrSuccess([&] { audit::ColumnMap::parse(xml, "map.xml"); });
            break;
        default:
            fuzz::expectErrorOrSuccess([&] {
                const auto def = audit::parseReportDefinition(xml, "report.xml");
                (void)audit::checkAgainstCatalogue(def, catalogue);
            });
    }
    return 0;
}
