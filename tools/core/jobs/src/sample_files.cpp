// What the draw writes: the sample CSV or XLSX workbook (Sample, Strata, Parameters, Auditors sheets) and the
// record in the store.
#include <map>
#include <cmath>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <Poco/JSON/Stringifier.h>

#include <cstdio>
#include <functional>
#include <sstream>

#include "audit/io/csv.h"
#include "audit/base/error.h"
#include "audit/base/output_file.h"
#include "audit/base/paths.h"
#include "audit/store/store.h"
#include "audit/io/xlsx_writer.h"
#include "audit/jobs/sample.h"
#include "sample_files.h"

#include "audit/base/due_date.h"
#include "audit/base/period.h"

namespace audit::jobs {

std::string formatSampleNumber(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

namespace {
bool anyEstimated(const SampleDrawResult& r) { return r.draw.replicates > 0; }
bool endsWith(const std::string& s, const std::string& suffix) {
    if (s.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
    return true;
}
std::string jsonText(const Poco::JSON::Object::Ptr& o) {
    std::ostringstream os;
    Poco::JSON::Stringifier::stringify(o, os, 0);
    return os.str();
}
}  // namespace

std::vector<std::string> sampleHeader(const SampleDrawResult& r) {
    std::vector<std::string> h{"case_ref", "stratum", "team", "category", "worker", "inclusion_probability", "design_weight"};
    if (anyEstimated(r)) h.push_back("inclusion_probability_se");
    h.push_back("draw_order");
    if (r.auditorsAllocated) h.push_back("auditor");
    if (r.childRefs) h.push_back("child_ref");
    if (!r.dueDate.empty()) h.push_back("due_date");
    return h;
}

std::vector<std::string> sampleCells(const SampleDrawResult& r, const CaseList& cases, const SampleRow& row) {
    const std::size_t c = row.caseRow;
    std::vector<std::string> v{std::string(cases.caseRef(c)), row.stratum, std::string(cases.team(c)),
                               std::string(categoryName(cases.category(c))), std::string(cases.worker(c)),
                               formatSampleNumber(row.draw.pi), formatSampleNumber(row.draw.weight)};
    if (anyEstimated(r)) v.push_back(formatSampleNumber(row.draw.piSe));
    v.push_back(std::to_string(row.draw.order));
    if (r.auditorsAllocated) v.push_back(row.auditor);
    if (r.childRefs) v.emplace_back(cases.childRef(c));
    if (!r.dueDate.empty()) v.push_back(r.dueDate);
    return v;
}

namespace {

// A CSV column name as a workbook header in words ("inclusion_probability" -> "Inclusion probability").
std::string words(const std::string& h) {
    static const std::map<std::string, std::string> known = {
        {"case_ref", "Case reference"},       {"inclusion_probability", "Inclusion probability"},
        {"design_weight", "Design weight"},   {"inclusion_probability_se", "Inclusion probability: standard error"},
        {"draw_order", "Order drawn"},        {"stratum", "Stratum"}};
    if (auto it = known.find(h); it != known.end()) return it->second;
    std::string s = h;
    for (char& c : s)
        if (c == '_') c = ' ';
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

void writeCsv(const std::string& path, const SampleDrawResult& r, const CaseList& cases, const std::function<void()>& beforeCommit) {
    OutputFile out(path);
    csv::Writer w(out.stream());
    w.row(sampleHeader(r));
    for (const auto& row : r.rows) w.row(sampleCells(r, cases, row));
    out.finish();  // complete on disk (a full disk fails here) before the draw is recorded
    beforeCommit();
    out.commit();
}

void writeXlsx(const std::string& path, const SampleDrawResult& r, const CaseList& cases, const SampleParameters& params,
               const std::function<void()>& beforeCommit) {
    xlsx::Writer::Options opts;
    opts.title = "Audit sample";
    xlsx::Writer w(path, opts);
    lxw_format* bold = w.format("bold");
    lxw_format* hdr = w.format("header");
    format_set_bold(hdr);
    format_set_text_wrap(hdr);
    format_set_align(hdr, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(hdr, 0xD9E1F2);
    lxw_format* prob = w.format("probability");
    format_set_num_format(prob, "0.0000");
    lxw_format* weight = w.format("weight");
    format_set_num_format(weight, "0.00");
    lxw_format* count = w.format("count");
    format_set_num_format(count, "#,##0");
    lxw_format* target = w.format("target");
    format_set_num_format(target, "0.0");

    // Sample
    lxw_worksheet* ws = w.addSheet("Sample");
    const auto header = sampleHeader(r);
    for (std::size_t c = 0; c < header.size(); ++c) w.writeString(ws, 0, c, words(header[c]), hdr);
    w.check(worksheet_set_row(ws, 0, 32, nullptr), "setting a row height");
    std::size_t row = 1;
    for (const auto& s : r.rows) {
        const auto cells = sampleCells(r, cases, s);
        for (std::size_t c = 0; c < header.size(); ++c) {
            const std::string& h = header[c];
            if (h == "inclusion_probability") w.writeNumber(ws, row, c, s.draw.pi, prob);
            else if (h == "inclusion_probability_se") w.writeNumber(ws, row, c, s.draw.piSe, prob);
            else if (h == "design_weight") w.writeNumber(ws, row, c, s.draw.weight, weight);
            else if (h == "draw_order") w.writeNumber(ws, row, c, static_cast<double>(s.draw.order));
            else w.writeString(ws, row, c, cells[c]);
        }
        ++row;
    }
    w.setColumnWidth(ws, 0, 0, 12);
    w.setColumnWidth(ws, 1, 1, 30);
    w.setColumnWidth(ws, 2, header.size() - 1, 13);
    for (std::size_t c = 0; c < header.size(); ++c)
        if (header[c] == "team" || header[c] == "worker" || header[c] == "auditor") w.setColumnWidth(ws, c, c, 22);
    worksheet_freeze_panes(ws, 1, 1);
    w.printSetup(ws, {true, 0, 0, static_cast<int>(r.rows.size()), static_cast<int>(header.size() - 1)});
    if (!r.rows.empty())
        w.check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(r.rows.size()), static_cast<lxw_col_t>(header.size() - 1)),
                "adding the filter");

    // Strata
    lxw_worksheet* st = w.addSheet("Strata");
    std::vector<std::string> rules;
    for (const auto& e : r.exclusions) rules.push_back(e.rule);
    std::vector<std::string> sh{"Stratum", "Open cases (population)", "Sampled", "Target (allocation)",
                                "Inclusion probability", "Design"};
    for (const auto& rule : rules) sh.push_back("Excluded: " + rule);
    for (std::size_t c = 0; c < sh.size(); ++c) w.writeString(st, 0, c, sh[c], hdr);
    w.check(worksheet_set_row(st, 0, 32, nullptr), "setting a row height");
    row = 1;
    std::size_t totN = 0, totn = 0;
    for (const auto& s : r.strata) {
        w.writeString(st, row, 0, s.key);
        w.writeNumber(st, row, 1, static_cast<double>(s.population), count);
        w.writeNumber(st, row, 2, static_cast<double>(s.sample), count);
        w.writeNumber(st, row, 3, s.target, target);
        if (s.population > 0 && s.piExact && s.design == "SRSWOR")
            w.writeNumber(st, row, 4, static_cast<double>(s.sample) / static_cast<double>(s.population), prob);
        else w.writeString(st, row, 4, s.population == 0 ? "" : (s.sample == 0 ? "0" : "varies by case"));
        w.writeString(st, row, 5, s.design);
        for (std::size_t k = 0; k < rules.size(); ++k) {
            auto it = s.excluded.find(rules[k]);
            w.writeNumber(st, row, 6 + k, it == s.excluded.end() ? 0.0 : static_cast<double>(it->second), count);
        }
        totN += s.population;
        totn += s.sample;
        ++row;
    }
    w.writeString(st, row, 0, "Total", bold);
    w.writeNumber(st, row, 1, static_cast<double>(totN), bold);
    w.writeNumber(st, row, 2, static_cast<double>(totn), bold);
    for (std::size_t k = 0; k < rules.size(); ++k) w.writeNumber(st, row, 6 + k, static_cast<double>(r.exclusions[k].removed), bold);
    w.setColumnWidth(st, 0, 0, 40);
    w.setColumnWidth(st, 1, sh.size() - 1, 14);
    worksheet_freeze_panes(st, 1, 1);
    w.printSetup(st, {true, 0, 0, static_cast<int>(row), static_cast<int>(sh.size() - 1)});

    // Parameters
    lxw_worksheet* ps = w.addSheet("Parameters");
    w.writeString(ps, 0, 0, "Parameter", hdr);
    w.writeString(ps, 0, 1, "Value", hdr);
    row = 1;
    lxw_format* wrap = w.format("wrap");
    for (const auto& [k, v] : params) {
        w.writeString(ps, row, 0, k, wrap);
        w.writeString(ps, row, 1, v, wrap);
        const double lines = std::ceil(static_cast<double>(v.size()) / 105.0);
        if (lines > 1) w.check(worksheet_set_row(ps, static_cast<lxw_row_t>(row), 15.0 * lines, nullptr), "setting a row height");
        ++row;
    }
    w.setColumnWidth(ps, 0, 0, 26);
    w.setColumnWidth(ps, 1, 1, 100);
    w.printSetup(ps, {false, 0, 0, static_cast<int>(row), 1});
    if (r.auditorsAllocated) {
        lxw_worksheet* as = w.addSheet("Auditors");
        const char* ah[] = {"Auditor", "Capacity", "Target", "Assigned"};
        for (std::size_t c = 0; c < 4; ++c) w.writeString(as, 0, c, ah[c], hdr);
        row = 1;
        for (const auto& l : r.auditorLoads) {
            w.writeString(as, row, 0, l.name);
            w.writeNumber(as, row, 1, static_cast<double>(l.capacity));
            w.writeNumber(as, row, 2, static_cast<double>(l.target));
            w.writeNumber(as, row, 3, static_cast<double>(l.assigned));
            ++row;
        }
        w.setColumnWidth(as, 0, 0, 28);
        w.setColumnWidth(as, 1, 3, 12);
        w.printSetup(as, {false, 0, 0, static_cast<int>(row), 3});
    }
    w.close(beforeCommit);  // the draw is recorded once the workbook is complete on disk
}

}  // namespace

void writeSample(const std::string& path, const SampleDrawResult& r, const CaseList& cases, const SampleParameters& params,
                 const std::function<void()>& beforeCommit) {
    if (endsWith(path, ".xlsx")) writeXlsx(path, r, cases, params, beforeCommit);
    else writeCsv(path, r, cases, beforeCommit);
}

std::int64_t recordDraw(Store& store, const SampleDrawResult& r, const CaseList& cases, const SampleParameters& params,
                        const std::string& period) {
    Poco::JSON::Object::Ptr p = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [k, v] : params) p->set(k, v);
    return store.transaction([&] {
        const std::int64_t id = store.insertReturningId(
            "INSERT INTO draw(kind, period, created_at, seed, algorithm, parameters, frame_source, frame_hash, frame_rows,"
            " frame_size, sample_size, tool_version, due_date) VALUES ('audit', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            period, store.now(), std::to_string(r.draw.seed), r.draw.generator, jsonText(p), r.casesFile,
            r.draw.frameHash, static_cast<std::int64_t>(r.casesRead), static_cast<std::int64_t>(r.frameSize),
            static_cast<std::int64_t>(r.rows.size()), toolkitVersion(),
            r.dueDate.empty() ? std::optional<std::string>() : std::optional<std::string>(r.dueDate));
        for (const auto& s : r.strata) {
            Poco::JSON::Object::Ptr ex = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            for (const auto& [rule, n] : s.excluded) ex->set(rule, static_cast<Poco::UInt64>(n));
            store.exec("INSERT INTO draw_stratum(draw_id, stratum, population, sample, excluded) VALUES (?, ?, ?, ?, ?)", id,
                       s.key, static_cast<std::int64_t>(s.population), static_cast<std::int64_t>(s.sample), jsonText(ex));
        }
        const std::size_t n = r.rows.size();
        std::vector<std::int64_t> ids(n, id);
        std::vector<std::string> refs, strata, teams, cats, workers, managers, childRefs, areas, legal, flags;
        std::vector<std::optional<std::string>> openDates, auditDates;
        std::vector<double> pis, weights;
        std::vector<std::int64_t> orders, lines;
        for (const auto& row : r.rows) {
            const std::size_t c = row.caseRow;
            refs.emplace_back(cases.caseRef(c));
            strata.push_back(row.stratum);
            pis.push_back(row.draw.pi);
            weights.push_back(row.draw.weight);
            orders.push_back(static_cast<std::int64_t>(row.draw.order));
            childRefs.emplace_back(cases.childRef(c));
            teams.emplace_back(cases.team(c));
            areas.emplace_back(cases.serviceArea(c));
            cats.emplace_back(categoryName(cases.category(c)));
            workers.emplace_back(cases.worker(c));
            managers.emplace_back(cases.teamManager(c));
            legal.emplace_back(cases.legalStatus(c));
            auto od = cases.openDate(c);
            auto ld = cases.lastAuditDate(c);
            openDates.push_back(od ? std::optional<std::string>(od->iso()) : std::nullopt);
            auditDates.push_back(ld ? std::optional<std::string>(ld->iso()) : std::nullopt);
            Poco::JSON::Array::Ptr fl = new Poco::JSON::Array;
            for (std::size_t b = 0; b < kFlagCount; ++b)
                if (cases.flags(c) & (1u << b)) fl->add(std::string(flagName(b)));
            std::ostringstream os;
            Poco::JSON::Stringifier::stringify(fl, os, 0);
            flags.push_back(os.str());
            lines.push_back(static_cast<std::int64_t>(cases.line(c)));
        }
        if (n > 0) {
            store.exec("INSERT INTO draw_member(draw_id, case_ref, stratum, inclusion_probability, design_weight, draw_order)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       ids, refs, strata, pis, weights, orders);
            store.exec("INSERT INTO case_snapshot(draw_id, case_ref, child_ref, team, service_area, category, worker,"
                       " team_manager, open_date, last_audit_date, legal_status, flags, source_row)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       ids, refs, childRefs, teams, areas, cats, workers, managers, openDates, auditDates, legal, flags,
                       lines);
            if (r.auditorsAllocated) {
                std::vector<std::string> roles(n, "auditor"), auditors, at(n, store.now());
                for (const auto& row : r.rows) auditors.push_back(row.auditor);
                store.exec("INSERT INTO allocation(draw_id, case_ref, role, auditor, allocated_at) VALUES (?, ?, ?, ?, ?)",
                           ids, refs, roles, auditors, at);
            }
        }
        store.logEvent("audit-sample", "draw", jsonText(p));
        return id;
    });
}

}  // namespace audit::jobs
