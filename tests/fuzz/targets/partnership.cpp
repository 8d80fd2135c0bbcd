// The partnership's inputs: KPI files and partners' self-assessments, against the shipped report definition.
#include "audit/base/paths.h"
#include "audit/report/partnership.h"
#include "audit/report/report_definition.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const audit::ReportDefinition def =
        audit::loadReportDefinition(audit::reportDefinitionPath("lscb"));
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] % 2 == 0)
        fuzz::expectErrorOrSuccess([&] { audit::parseKpis(text, "kpis.csv", &def); });
    else
        fuzz::expectErrorOrSuccess([&] { audit::parseSelfAssessments(text, "self-assessments.csv", def); });
    return 0;
}
