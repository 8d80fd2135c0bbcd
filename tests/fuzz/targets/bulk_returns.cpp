// Bulk answer files (docs/BULK_ANSWERS.md): read, then every return validated against its template.
#include "audit/forms/score_import.h"
#include "audit/forms/scoring.h"
#include "audit/forms/template.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const audit::Catalogue catalogue = audit::Catalogue::load();
    const std::string path = fuzz::writeInput(data, size, ".csv");
    fuzz::expectErrorOrSuccess([&] {
        std::vector<audit::Problem> problems;
        auto returns = audit::readBulkCsv(path, catalogue, problems);
        for (const auto& r : returns) {
            const audit::Template* tpl = catalogue.findTemplate(r.templateId, r.templateVersion);
            if (!tpl) continue;
            audit::ScoreResult score;
            (void)audit::validateReturn(r, *tpl, catalogue.frameworkOf(*tpl), score);
        }
    });
    return 0;
}
