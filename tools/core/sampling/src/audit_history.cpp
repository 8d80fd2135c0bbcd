#include "audit/sampling/audit_history.h"

#include <cstdlib>
#include <filesystem>
#include <unordered_set>

#include "audit/io/csv.h"
#include "audit/sampling/annex_a.h"
#include "date_order.h"

namespace fs = std::filesystem;

namespace audit {

AuditHistory readAuditHistory(const std::string& path, const ColumnMap& map, const HistoryReadOptions& options) {
    if (map.layout() != MapLayout::History)
        throw Error(ErrorKind::Usage, "column map '" + map.id() + "' is not a history map (layout=\"history\", e.g. history)");
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(ErrorKind::NoInput, path, "", "no such file");
    if (fs::is_directory(path, ec)) throw Error(ErrorKind::NoInput, path, "", "is a folder, expected a CSV or XLSX file of prior audits");
    AuditHistory h;
    h.file = path;
    const AnnexSource source{0, path, isWorkbook(path) ? caseListSheet(path, options.sheet) : ""};
    h.sheet = source.sheet;
    const auto& caseNames = map.columns(Field::CaseRef);
    const auto& childNames = map.columns(Field::ChildRef);
    const auto& dateNames = map.columns(Field::LastAuditDate);
    auto fits = [&](const std::vector<std::string>& cells) {
        return findColumn(cells, dateNames) >= 0 && (findColumn(cells, caseNames) >= 0 || findColumn(cells, childNames) >= 0);
    };
    std::string lookedFor = "a row naming the audit date ('" + dateNames.front() + "' …) and the case's or child's id (";
    for (const auto* names : {&caseNames, &childNames})
        for (const auto& n : *names) lookedFor += (lookedFor.back() == '(' ? "'" : ", '") + n + "'";
    lookedFor += ")";

    int cCase = -1, cChild = -1, cDate = -1, cTemplate = -1;
    std::vector<std::string> header;
    std::vector<Problem> problems;
    std::vector<std::string> dateTexts;
    auto place = [&](std::size_t row, int column) { return listCellPlace(source, row, static_cast<std::size_t>(column), header); };
    readList(
        source, fits, lookedFor,
        [&](const ListHeader& lh) {
            header = lh.header;
            h.headerRow = lh.row;
            cCase = findColumn(header, caseNames);
            cChild = findColumn(header, childNames);
            cDate = findColumn(header, dateNames);
            cTemplate = findColumn(header, map.templateColumns());
            if (cCase >= 0) h.caseColumn = header[static_cast<std::size_t>(cCase)];
            if (cChild >= 0) h.childColumn = header[static_cast<std::size_t>(cChild)];
            h.dateColumn = header[static_cast<std::size_t>(cDate)];
            if (cTemplate >= 0) h.templateColumn = header[static_cast<std::size_t>(cTemplate)];
            const std::string where = source.sheet.empty() ? "" : "sheet '" + source.sheet + "'";
            if (lh.row != lh.firstRow)
                h.warnings.push_back({path, where, "the header is in " + std::string(source.sheet.empty() ? "line " : "row ") +
                                                       std::to_string(lh.row) + " (above it, '" + lh.title + "' is taken as a title and not read)"});
            if (!lh.encoding.empty() && lh.encoding != "UTF-8")
                h.warnings.push_back({path, "", "read as " + lh.encoding + " (Excel's plain CSV save), not UTF-8"});
        },
        [&](std::size_t row, const std::vector<std::string_view>& cells) {
            auto cell = [&](int c) { return c >= 0 && static_cast<std::size_t>(c) < cells.size() ? std::string(cells[static_cast<std::size_t>(c)]) : std::string(); };
            PriorAudit a;
            a.row = row;
            a.caseRef = cell(cCase);
            a.childRef = cell(cChild);
            a.templateId = cell(cTemplate);
            for (auto [text, c] : {std::pair<std::string*, int>{&a.caseRef, cCase}, {&a.childRef, cChild}, {&a.templateId, cTemplate}})
                if (isErrorValue(*text)) {
                    problems.push_back({path, place(row, c), "an error cell (" + *text + "), not a value"});
                    text->clear();
                }
            if (a.caseRef.empty() && a.childRef.empty())
                problems.push_back({path, place(row, cCase >= 0 ? cCase : cChild),
                                    "no id: expected the case's or the child's id of the audit"});
            dateTexts.push_back(cell(cDate));
            h.audits.push_back(std::move(a));
        });

    // The order of day and month for the date column (date_order.h), then every date.
    detail::DateColumnReadings readings;
    for (std::size_t k = 0; k < dateTexts.size(); ++k) {
        const std::string ex = "'" + dateTexts[k] + "' (" + place(h.audits[k].row, cDate) + ")";
        switch (dayMonthReading(dateTexts[k])) {
            case DayMonthReading::DayFirstOnly: if (readings.dayFirstOnly.empty()) readings.dayFirstOnly = ex; break;
            case DayMonthReading::MonthFirstOnly: if (readings.monthFirstOnly.empty()) readings.monthFirstOnly = ex; break;
            case DayMonthReading::Both: if (readings.both.empty()) readings.both = ex; break;
            default: break;
        }
    }
    const auto choice = detail::chooseDateOrder(options.dateOrder ? options.dateOrder : map.dateOrder(), h.dateColumn, readings);
    if (!choice.error.empty()) problems.push_back({path, source.sheet.empty() ? "" : "sheet '" + source.sheet + "'", choice.error});
    if (!choice.warning.empty()) h.warnings.push_back({path, "", choice.warning});
    std::size_t serials = 0;
    for (std::size_t k = 0; k < dateTexts.size() && choice.error.empty(); ++k) {
        const std::string& t = dateTexts[k];
        const std::string at = place(h.audits[k].row, cDate);
        std::optional<Date> d;
        if (t.empty()) {
            problems.push_back({path, at, "no audit date: expected the date the case was audited (dd/mm/yyyy or yyyy-mm-dd)"});
            continue;
        }
        if (isErrorValue(t)) {
            problems.push_back({path, at, "an error cell (" + t + "), not a date"});
            continue;
        }
        d = parseDate(t, choice.order);
        if (!d && (map.excelSerials() || !source.sheet.empty()) && csv::isPlainNumber(t))
            if ((d = fromExcelSerial(std::strtod(t.c_str(), nullptr)))) ++serials;
        if (!d) {
            problems.push_back({path, at, dateProblem(t, choice.order)});
            continue;
        }
        if (*d > options.latest) {
            problems.push_back({path, at, "audit date " + d->iso() + " is after " + options.latest.iso() + " (today): a prior audit cannot be in the future"});
            continue;
        }
        h.audits[k].date = *d;
    }
    if (serials) h.warnings.push_back({path, "column '" + h.dateColumn + "'", std::to_string(serials) + " dates read as Excel serial numbers"});
    if (!problems.empty()) throw Error(ErrorKind::Data, std::move(problems));
    if (h.audits.empty()) throw Error(ErrorKind::Data, path, "", "holds no audits below its header (row " + std::to_string(h.headerRow) + ")");
    return h;
}

}  // namespace audit
