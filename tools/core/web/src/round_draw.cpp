// A round's draw from the QA lead's choices and uploads: see round_draw.h.
#include "round_draw.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/base/period.h"
#include "audit/base/text.h"
#include "audit/jobs/sample.h"
#include "audit/web/html.h"
#include "temp_folder.h"

namespace audit::web {

using Fields = RoundFields;

std::string roundField(const RoundFields& fields, const std::string& name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : text::trimmed(it->second);
}

// The choices a QA lead makes, the names of the form's fields (the same on the first form and, hidden, on the
// confirmation), in the order the preview lists them.
const std::vector<std::pair<std::string, std::string>>& roundChoiceLabels() {
    static const std::vector<std::pair<std::string, std::string>> v{
        {"period", "Audit round (period)"}, {"as_of", "Cases open on"}, {"strata", "Strata"},
        {"size_mode", "Sample size given as"}, {"size", "Sample size"}, {"allocation", "Allocation"},
        {"min_per_stratum", "At least per stratum"}, {"audited_within", "Leave out cases audited within"},
        {"excludes", "Leave out cases where"}, {"include_closed", "Keep closed cases"},
        {"max_per_worker", "At most per worker"}, {"oversample", "Oversample"}, {"seed", "Seed"},
        {"due", "Returns due"}, {"map", "Column map"}, {"sheet", "Sheet"}, {"date_order", "Date order"},
        {"columns", "Column names"},
    };
    return v;
}

namespace {

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : s + "\n") {
        if (ch == '\n' || ch == '\r') {
            if (!text::trimmed(cur).empty()) out.push_back(text::trimmed(cur));
            cur.clear();
        } else {
            cur += ch;
        }
    }
    return out;
}

// The job's messages speak of audit-sample's options; the page's fields have labels: "give --min-per-stratum 1"
// reads "give “At least per stratum” 1" here.
std::string inWords(std::string s) {
    static const std::vector<std::pair<std::string, std::string>> options{
        {"--exclude-audited-within", "Leave out cases audited within"}, {"--min-per-stratum", "At least per stratum"},
        {"--max-per-worker", "At most per worker"}, {"--per-stratum", "Sample size (a number from every stratum)"},
        {"--date-order", "Date order"}, {"--oversample", "Oversample"}, {"--fraction", "Sample size (a fraction)"},
        {"--exclude", "Leave out cases where"}, {"--auditors", "Auditors"}, {"--columns", "Column names"},
        {"--strata", "Strata"}, {"--sheet", "Sheet"}, {"--as-of", "Cases open on"}, {"--seed", "Seed"},
        {"--size", "Sample size"}, {"--due", "Returns due"}, {"--map", "Column map"},
    };
    for (const auto& [option, label] : options)  // longest first where one begins another
        for (std::size_t at; (at = s.find(option)) != std::string::npos;)
            s.replace(at, option.size(), "\u201c" + label + "\u201d");
    return s;
}

// Collects what is wrong with the choices, field by field, instead of stopping at the first.
struct Checker {
    std::vector<Problem> problems;
    template <class F>
    void field(const std::string& name, F&& f) {
        try {
            f();
        } catch (const Error& e) {
            std::string label = name;
            for (const auto& [k, l] : roundChoiceLabels())
                if (k == name) label = l;
            problems.push_back({"", label, inWords(e.problems().empty() ? e.what() : e.problems().front().message)});
        }
    }
};

void usage(const std::string& message) { throw Error(ErrorKind::Usage, "", "", message); }

std::size_t whole(const std::string& text, std::size_t min, const std::string& what) {
    std::size_t used = 0;
    long long v = -1;
    try {
        v = std::stoll(text, &used);
    } catch (const std::exception&) {
    }
    if (text.empty() || used != text.size() || v < static_cast<long long>(min))
        usage(what + " must be a whole number of at least " + std::to_string(min) + ", not '" + text + "'");
    return static_cast<std::size_t>(v);
}

// The job's request from the choices: the same rules as audit-sample's options (its usage errors become problems
// named by the form's labels).
jobs::SampleDrawRequest drawRequest(const Fields& f, const Date& today, std::vector<Problem>& problems) {
    jobs::SampleDrawRequest o;
    Checker ck;
    ck.field("strata", [&] {
        o.strataText = roundField(f, "strata");
        std::stringstream ss(o.strataText);
        for (std::string s; std::getline(ss, s, ',');)
            if (!text::trimmed(s).empty()) o.strata.push_back(text::trimmed(s));
        if (o.strata.empty()) usage("name at least one column, e.g. team,category");
    });
    ck.field("size", [&] {
        const std::string mode = roundField(f, "size_mode"), v = roundField(f, "size");
        if (mode == "size") o.size = whole(v, 1, "the sample size");
        else if (mode == "per_stratum") o.perStratum = whole(v, 1, "the number per stratum");
        else if (mode == "fraction") {
            std::size_t used = 0;
            double x = 0;
            try {
                x = std::stod(v, &used);
            } catch (const std::exception&) {
            }
            if (used != v.size() || !(x > 0 && x <= 1)) usage("a fraction must be more than 0 and at most 1, not '" + v + "'");
            o.fraction = x;
        } else usage("choose how the size is given: a number of cases, a fraction or a number per stratum");
    });
    ck.field("allocation", [&] {
        const std::string a = roundField(f, "allocation");
        if (a != "proportional" && a != "equal") usage("choose proportional or equal");
        o.method = parseAllocationMethod(a);
    });
    ck.field("min_per_stratum", [&] { o.minPerStratum = roundField(f, "min_per_stratum").empty() ? 0 : whole(roundField(f, "min_per_stratum"), 0, "the minimum per stratum"); });
    ck.field("audited_within", [&] {
        if (roundField(f, "audited_within").empty()) return;
        o.auditedWithinText = roundField(f, "audited_within");
        o.auditedWithinMonths = jobs::parseMonths(o.auditedWithinText);
    });
    ck.field("excludes", [&] {
        for (const auto& e : lines(roundField(f, "excludes"))) o.excludes.push_back(jobs::parseExclude(e));
    });
    o.includeClosed = roundField(f, "include_closed") == "yes";
    ck.field("as_of", [&] {
        const std::string d = roundField(f, "as_of");
        if (d.empty()) {
            o.asOf = today;
            return;
        }
        const auto parsed = parseDate(d);
        if (!parsed) usage("'" + d + "' is not a date (" + dateProblem(d) + ")");
        o.asOf = *parsed;
    });
    ck.field("max_per_worker", [&] { o.maxPerWorker = roundField(f, "max_per_worker").empty() ? 0 : whole(roundField(f, "max_per_worker"), 1, "the most per worker"); });
    ck.field("oversample", [&] {
        for (const auto& v : lines(roundField(f, "oversample"))) o.oversample.push_back(jobs::parseOversample(v));
    });
    ck.field("seed", [&] {
        if (!roundField(f, "seed").empty()) o.seed = jobs::parseSeed(roundField(f, "seed"));
    });
    ck.field("period", [&] {
        const std::string p = roundField(f, "period");
        if (p.empty()) return;
        const auto parsed = parsePeriod(p);
        if (!parsed) usage("'" + p + "' is not a period (expected YYYY-MM, YYYY-Qn or YYYY)");
        o.period = p;
    });
    ck.field("due", [&] {
        const std::string d = roundField(f, "due");
        if (d.empty()) return;
        o.due = parseDate(d);
        if (!o.due) usage("'" + d + "' is not a date (" + dateProblem(d) + ")");
    });
    if (!roundField(f, "map").empty()) o.mapName = roundField(f, "map");
    o.source.sheet = roundField(f, "sheet");
    ck.field("date_order", [&] {
        const std::string d = roundField(f, "date_order");
        if (d.empty()) return;
        o.source.dateOrder = dateOrderByName(d);
        if (!o.source.dateOrder) usage("choose dmy or mdy");
    });
    ck.field("columns", [&] {
        if (!roundField(f, "columns").empty()) o.source.columns = jobs::parseColumns(roundField(f, "columns"));
    });
    problems.insert(problems.end(), ck.problems.begin(), ck.problems.end());
    return o;
}

// Puts an upload in the request's folder under its own name (what the draw's parameters call it).
std::string place(const TempFolder& tmp, const std::string& sub, const StoredUpload& u) {
    const auto dir = tmp.path / sub;
    std::filesystem::create_directories(dir);
    std::string name = u.fileName;
    if (name.empty() || name == "." || name == "..") name = sub == "cases" ? "cases.csv" : "roster.csv";
    const auto path = dir / name;
    std::ofstream out(path, std::ios::binary);
    out.write(u.data.data(), static_cast<std::streamsize>(u.data.size()));
    if (!out.flush()) throw Error(ErrorKind::IO, path.string(), "", "could not write the upload for the draw");
    return path.string();
}

// Messages about the temporary copies name the uploaded files as the QA lead knows them.
std::string unTemp(std::string s, const TempFolder& tmp) {
    for (const std::string sub : {"/cases/", "/roster/"}) {
        const std::string prefix = tmp.path.string() + sub;
        for (std::size_t at; (at = s.find(prefix)) != std::string::npos;) s.erase(at, prefix.size());
    }
    return s;
}


std::string previewHtml(const jobs::SampleDrawResult& r, const TempFolder& tmp, const std::string& rosterName) {
    std::string b = "<ul class=\"counts\"><li><span class=\"n\">" + std::to_string(r.casesRead) +
                    "</span>cases read</li><li><span class=\"n\">" + std::to_string(r.frameSize) +
                    "</span>in the frame</li><li><span class=\"n\">" + std::to_string(r.rows.size()) +
                    "</span>to audit</li><li><span class=\"n\">" + std::to_string(r.draw.seed) + "</span>seed</li></ul>";
    b += "<p>" + escape(r.casesFile) + " read through the column map <code>" + escape(r.mapId) + "</code>; " +
         escape(r.allocationText) + ". Returns due " + escape(parseDate(r.dueDate) ? parseDate(r.dueDate)->uk() : r.dueDate) + ".</p>";
    if (!r.warnings.empty()) {
        b += "<div class=\"gaps\" role=\"status\"><h2>Check before you confirm</h2><ul>";
        for (const auto& w : r.warnings) b += "<li>" + escape(inWords(unTemp(w.str(), tmp))) + "</li>";
        b += "</ul></div>";
    }
    if (!r.exclusions.empty()) {
        b += "<table class=\"data\"><caption>Left out of the frame</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Cases</th></tr></thead><tbody>";
        for (const auto& e : r.exclusions) b += "<tr><td>" + escape(e.rule) + "</td><td>" + std::to_string(e.removed) + "</td></tr>";
        b += "</tbody></table>";
    }
    b += "<table class=\"data\" id=\"strata\"><caption>Per stratum</caption><thead><tr><th scope=\"col\">Stratum</th><th scope=\"col\">"
         "Open cases</th><th scope=\"col\">To audit</th><th scope=\"col\">Design</th></tr></thead><tbody>";
    for (const auto& s : r.strata)
        b += "<tr><td>" + escape(s.key) + "</td><td>" + std::to_string(s.population) + "</td><td>" + std::to_string(s.sample) +
             (s.sample == 0 ? " <strong class=\"tag overdue\">none</strong>" : "") + "</td><td>" + escape(s.design) + "</td></tr>";
    b += "</tbody></table>";
    if (r.auditorsAllocated) {
        b += "<table class=\"data\" id=\"auditors\"><caption>Per auditor (" + escape(rosterName) + ")</caption><thead><tr><th scope=\"col\">"
             "Auditor</th><th scope=\"col\">Capacity</th><th scope=\"col\">Cases</th></tr></thead><tbody>";
        for (const auto& a : r.auditorLoads)
            b += "<tr><td>" + escape(a.name) + "</td><td>" + std::to_string(a.capacity) + "</td><td>" + std::to_string(a.assigned) + "</td></tr>";
        b += "</tbody></table><p class=\"hint\">" + escape(r.auditorMethod) + "</p>";
    } else {
        b += "<p><strong>No auditors are allocated</strong>: no roster was uploaded. Auditors see only the cases allocated to them.</p>";
    }
    b += "<details><summary>The " + std::to_string(r.rows.size()) + " cases</summary><table class=\"data\" id=\"cases-drawn\"><thead><tr>"
         "<th scope=\"col\">Case</th><th scope=\"col\">Stratum</th><th scope=\"col\">Auditor</th></tr></thead><tbody>";
    for (const auto& row : r.rows)
        b += "<tr><td>" + escape(row.caseRef) + "</td><td>" + escape(row.stratum) + "</td><td>" + escape(row.auditor) + "</td></tr>";
    b += "</tbody></table></details><details><summary>Every parameter (as the sample's Parameters sheet)</summary><dl class=\"case-summary\">";
    for (const auto& [k, v] : r.parameters) b += "<dt>" + escape(k) + "</dt><dd>" + escape(unTemp(v, tmp)) + "</dd>";
    return b + "</dl></details>";
}


// Runs the draw on the uploads: the preview (record off) or the round itself (on the server's store).
jobs::SampleDrawResult runDraw(Store& store, jobs::SampleDrawRequest o, const StoredUpload& cases,
                               const std::optional<StoredUpload>& roster, bool record, TempFolder& tmp) {
    o.casesFile = place(tmp, "cases", cases);
    o.casesName = std::filesystem::path(o.casesFile).filename().string();
    if (roster) o.rosterFile = place(tmp, "roster", *roster);
    o.out = (tmp.path / "sample.xlsx").string();
    o.record = record;
    try {
        return jobs::sampleDraw(store, std::move(o));
    } catch (const Error& e) {
        std::vector<Problem> ps = e.problems();
        for (auto& p : ps) {
            p.file = unTemp(p.file, tmp);
            p.message = inWords(unTemp(p.message, tmp));
        }
        throw Error(e.kind(), std::move(ps));
    }
}

}  // namespace

std::vector<Problem> checkRoundChoices(const RoundFields& fields, const Date& today) {
    std::vector<Problem> problems;
    drawRequest(fields, today, problems);
    return problems;
}

RoundDraw drawRound(Store& store, const RoundFields& fields, const Date& today, const StoredUpload& cases,
                    const std::optional<StoredUpload>& roster, bool record) {
    std::vector<Problem> problems;
    jobs::SampleDrawRequest o = drawRequest(fields, today, problems);
    if (!problems.empty()) throw Error(ErrorKind::Usage, std::move(problems));
    TempFolder tmp("audit-serve-round-");
    const jobs::SampleDrawResult r = runDraw(store, std::move(o), cases, roster, record, tmp);
    RoundDraw d;
    d.html = previewHtml(r, tmp, roster ? roster->fileName : "");
    d.seed = r.draw.seed;
    d.drawId = r.drawId;
    d.period = r.period;
    d.cases = r.rows.size();
    return d;
}

}  // namespace audit::web
