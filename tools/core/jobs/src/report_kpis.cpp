#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

#include "audit/base/error.h"
#include "audit/jobs/report.h"
#include "audit/report/kpi_workbook.h"

namespace audit::jobs {

namespace fs = std::filesystem;

std::optional<Date> asOfFromName(const std::string& path, std::string& why) {
    const std::string stem = fs::path(path).filename().string();
    static const std::regex re("(^|[^0-9])((?:19|20)[0-9]{2})[-_]?(0[1-9]|1[0-2])(?:[-_]?([0-3][0-9]))?(?![0-9])");
    std::set<Date> found;
    std::vector<std::string> texts;
    for (auto it = std::sregex_iterator(stem.begin(), stem.end(), re); it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        const int y = std::stoi(m[2]), mo = std::stoi(m[3]);
        std::optional<Date> d;
        if (m[4].matched) d = Date::make(y, mo, std::stoi(m[4]));
        else d = Date(y, mo, daysInMonth(y, mo));
        if (!d) continue;
        found.insert(*d);
        texts.push_back(m.str().substr(m[1].length()));
    }
    if (found.size() == 1) return *found.begin();
    if (found.empty()) why = "its name holds no date (YYYY-MM or YYYY-MM-DD)";
    else {
        why = "its name holds " + std::to_string(found.size()) + " different dates (";
        for (std::size_t i = 0; i < texts.size(); ++i) why += (i ? ", " : "") + texts[i];
        why += ")";
    }
    return std::nullopt;
}

namespace {

struct Input {
    std::string path;
    std::optional<Date> asOf;
    std::string asOfFrom;
};

bool isWorkbook(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string name = p.filename().string();
    return ext == ".xlsx" && name.rfind("~$", 0) != 0 && name.rfind(".", 0) != 0;
}

// The extracts one --annex-a path gives: a workbook, a folder of list CSVs, or each workbook of a folder.
void expand(const std::string& path, std::vector<Input>& out) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(ErrorKind::NoInput, path, "", "no such file or folder (--annex-a)");
    if (!fs::is_directory(path, ec)) {
        out.push_back({path, std::nullopt, ""});
        return;
    }
    std::vector<std::string> books;
    for (const auto& e : fs::directory_iterator(path, ec))
        if (e.is_regular_file() && isWorkbook(e.path())) books.push_back(e.path().string());
    std::sort(books.begin(), books.end());
    if (books.empty()) {
        out.push_back({path, std::nullopt, ""});
        return;
    }
    if (kpi::holdsListFiles(path))
        throw Error(ErrorKind::Usage, path, "",
                    "the folder holds both workbooks and Annex A list CSVs: give one workbook, a folder of list "
                    "CSVs (one extract), or a folder of workbooks (one extract each)");
    for (const auto& b : books) out.push_back({b, std::nullopt, ""});
}

std::vector<Input> inputs(const ReportKpisRequest& q) {
    if (q.annexA.empty()) throw Error(ErrorKind::Usage, "--annex-a is required: an Annex A workbook or a folder");
    std::vector<Input> out;
    for (const auto& path : q.annexA) expand(path, out);
    if (out.size() > 1 && q.asOf)
        throw Error(ErrorKind::Usage, q.annexA.front(), "",
                    "--as-of is for one extract; " + std::to_string(out.size()) +
                        " workbooks take each one's as-of date from its name (annex-a-2026-01.xlsx, …)");
    std::vector<Problem> problems;
    for (auto& in : out) {
        if (q.asOf) {
            in.asOf = q.asOf;
            in.asOfFrom = "--as-of";
            continue;
        }
        std::string why;
        in.asOf = asOfFromName(in.path, why);
        in.asOfFrom = "the file name";
        if (!in.asOf)
            problems.push_back({in.path, "", "cannot tell the extract's as-of date: " + why +
                                                 (out.size() == 1 ? "; give --as-of DATE" : "; name each monthly workbook with its month")});
    }
    if (!problems.empty()) throw Error(ErrorKind::Usage, std::move(problems));
    std::stable_sort(out.begin(), out.end(), [](const Input& a, const Input& b) { return *a.asOf < *b.asOf; });
    for (std::size_t i = 1; i < out.size(); ++i)
        if (*out[i].asOf == *out[i - 1].asOf)
            throw Error(ErrorKind::Data, out[i].path, "",
                        "has the as-of date " + out[i].asOf->uk() + ", as " + out[i - 1].path + " has: one extract per date");
    return out;
}

}  // namespace

ReportKpisResult reportKpis(const ReportKpisRequest& q) {
    ReportKpisResult result;
    if (!q.out.empty() && (q.out.size() < 5 || q.out.substr(q.out.size() - 5) != ".xlsx"))
        throw Error(ErrorKind::Usage, "--out must name an .xlsx file, not '" + q.out + "'");
    result.definition = kpi::loadDefinition(q.definition);
    const auto ins = inputs(q);
    kpi::ComputeOptions options;
    options.dateOrder = q.dateOrder;
    for (const auto& in : ins) {
        kpi::Extract ex = kpi::computeKpis(result.definition, in.path, q.map, *in.asOf, options);
        ex.asOfFrom = in.asOfFrom;
        result.extracts.push_back(std::move(ex));
    }
    if (!q.out.empty()) kpi::writeKpiWorkbook(result.definition, result.extracts, q.out);
    return result;
}

}  // namespace audit::jobs
