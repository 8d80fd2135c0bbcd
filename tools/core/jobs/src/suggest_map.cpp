// audit-sample check --suggest-map: an editable column map from a case list's header.
#include <filesystem>

#include "audit/base/error.h"
#include "audit/base/output_file.h"
#include "audit/jobs/sample.h"
#include "audit/sampling/annex_a.h"

namespace fs = std::filesystem;

namespace audit::jobs {

SuggestMapResult suggestMap(const SuggestMapRequest& request) {
    SuggestMapResult r;
    r.out = request.out;
    const fs::path out(request.out);
    std::string ext = out.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".xml" || out.stem().empty()) throwUsage("--suggest-map '" + request.out + "' must name a file ending in .xml");
    std::error_code ec;
    if (fs::exists(out, ec) && !request.force)
        throw Error(ErrorKind::CantCreate, request.out, "", "exists; give --force to replace it (nothing was written)");
    r.id = out.stem().string();
    if (!fs::exists(request.casesFile, ec)) throw Error(ErrorKind::NoInput, request.casesFile, "", "no such file");
    if (looksLikeAnnexA(request.casesFile) && (request.sheet.empty() || !isWorkbook(request.casesFile)))
        throwUsage(request.casesFile + " is an Annex A return, read without a map (maps annex-a and ssd); to suggest a "
                   "map for one list, name its sheet with --sheet (a workbook) or give its CSV file");
    const bool book = isWorkbook(request.casesFile);
    const AnnexSource source{0, request.casesFile, book ? caseListSheet(request.casesFile, request.sheet) : ""};
    std::vector<ColumnMap> maps;
    for (const auto& name : ColumnMap::available()) maps.push_back(ColumnMap::load(name));
    auto h = findListHeader(source, [&](const std::vector<std::string>& cells) { return looksLikeHeader(cells, maps); });
    if (!h) h = findListHeader(source, [](const std::vector<std::string>&) { return true; });
    if (!h) throw Error(ErrorKind::Data, source.name(), "", "is empty: expected a header row naming the columns");
    r.source = source.name() + ", header in " + (book ? "row " : "line ") + std::to_string(h->row);
    r.suggestion = suggestColumns(h->header, maps);
    const std::string xml = suggestedMapXml(r.suggestion, r.id, "Suggested for " + fs::path(request.casesFile).filename().string(), r.source);
    ColumnMap::parse(xml, request.out);  // what we write, our own reader reads (throws otherwise)
    writeFileAtomically(request.out, xml);
    return r;
}

}  // namespace audit::jobs
