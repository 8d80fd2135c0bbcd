// The render job: blank forms, HTML pages and forms for a sample (written on a few threads).
#include "audit/jobs/render.h"
#include "audit/store/store.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <map>
#include <memory>
#include <set>

#include "audit/io/csv.h"
#include "audit/base/error.h"
#include "audit/base/output_file.h"
#include "audit/forms/form.h"
#include "audit/forms/template.h"

namespace fs = std::filesystem;

namespace audit::jobs {

std::string safeName(const std::string& s) {
    std::string out;
    for (unsigned char ch : s) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.')
            out += static_cast<char>(ch);
        else if (ch == ' ')
            out += '-';
        else
            out += '_';
    }
    while (!out.empty() && out.front() == '.') out.erase(out.begin());
    return out.empty() ? "_" : out;
}

namespace {

void renderBlank(const Template& t, const Framework& fw, const std::string& outDir, RenderResult& s) {
    const std::string path = (fs::path(outDir) / (t.id + "-v" + std::to_string(t.version) + "-blank.xlsx")).string();
    writeFormXlsx(t, fw, FormCase{}, nullptr, path);
    s.files.push_back(path);
}

// Each case's template: the one named (every case's category must be one it applies to), or, with none named,
// the one for the case's category (Catalogue::templateForCategory). Problems are collected, not thrown.
std::vector<const Template*> templatesOf(const Catalogue& c, const Template* named, const csv::Table& table, int caseCol,
                                         int categoryCol, const std::string& samplePath, std::vector<Problem>& problems) {
    std::vector<const Template*> out(table.rows.size(), named);
    if (!named && categoryCol < 0) {
        problems.push_back({samplePath, "line 1", "the sample has no category column to pick each case's template by; name "
                                                  "the template (audit-template render ID --sample ...)"});
        return out;
    }
    if (categoryCol < 0) return out;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const std::string& cat = table.rows[i][static_cast<std::size_t>(categoryCol)];
        const std::string& caseRef = table.rows[i][static_cast<std::size_t>(caseCol)];
        if (named) {
            if (!cat.empty() && !named->appliesTo(cat)) {
                std::string cats;
                for (const auto& k : named->categories) cats += (cats.empty() ? "" : ", ") + k;
                problems.push_back({samplePath, table.place(i), "case " + caseRef + " is of category '" + cat + "', which template '" +
                                                                    named->id + "' does not apply to (it applies to " + cats + ")"});
            }
            continue;
        }
        std::string why;
        if (cat.empty()) problems.push_back({samplePath, table.place(i), "case " + caseRef + " has no category to pick its template by"});
        else if (!(out[i] = c.templateForCategory(cat, &why))) problems.push_back({samplePath, table.place(i), "case " + caseRef + ": " + why});
    }
    if (named && !problems.empty())
        problems.push_back({samplePath, "", "leave the template id out to give each case the template for its category, or "
                                            "name one that applies to every case"});
    return out;
}

// What the store knows of a sampled case: its draw, child id and due date.
struct DrawnCase {
    std::string drawId, childRef, dueDate;
};

// The draw in the store whose cases are exactly the sample's (the newest when several are), with each case's child id
// and the draw's due date; none when no draw matches.
std::map<std::string, DrawnCase> drawOfSample(Store& store, const std::set<std::string>& refs, RenderResult& s) {
    std::map<std::int64_t, std::size_t> matched, size;
    for (const auto& row : store.query("SELECT d.id, COUNT(*) AS n FROM draw d JOIN draw_member m ON m.draw_id = d.id "
                                       "WHERE d.kind = 'audit' GROUP BY d.id"))
        size[row.integer(0)] = static_cast<std::size_t>(row.integer(1));
    for (const auto& row : store.query("SELECT m.draw_id, m.case_ref FROM draw_member m JOIN draw d ON d.id = m.draw_id "
                                       "WHERE d.kind = 'audit'"))
        if (refs.count(row.text(1))) ++matched[row.integer(0)];
    std::vector<std::int64_t> exact;
    for (const auto& [id, n] : matched)
        if (n == refs.size() && size[id] == refs.size()) exact.push_back(id);
    std::map<std::string, DrawnCase> out;
    if (exact.empty()) {
        s.drawNote = "no draw in the store has exactly the sample's cases: forms carry what the sample file gives";
        return out;
    }
    const std::int64_t id = exact.back();
    s.drawId = id;
    s.drawNote = "the sample is draw " + std::to_string(id) + " of the store" +
                 (exact.size() > 1 ? " (the newest of " + std::to_string(exact.size()) + " draws of the same cases)" : "");
    for (const auto& row : store.query("SELECT m.case_ref, c.child_ref, d.due_date FROM draw_member m JOIN draw d ON d.id = m.draw_id "
                                       "LEFT JOIN case_snapshot c ON c.draw_id = m.draw_id AND c.case_ref = m.case_ref "
                                       "WHERE m.draw_id = ?", id))
        out[row.text(0)] = {std::to_string(id), row.optText(1).value_or(""), row.optText(2).value_or("")};
    return out;
}

void renderSample(const Catalogue& catalogue, const Template* named, const std::string& samplePath, const std::string& outDir,
                  const std::function<void(std::size_t, std::size_t)>& progress, Store* store, RenderResult& s) {
    csv::Table table = csv::readFile(samplePath);
    const int caseCol = table.column("case_ref");
    if (caseCol < 0) throw Error(ErrorKind::Data, samplePath, "line 1", "the sample has no case_ref column (it is not a sample written by audit-sample?)");
    auto col = [&](std::initializer_list<const char*> names) {
        for (const char* n : names)
            if (int c = table.column(n); c >= 0) return c;
        return -1;
    };
    const int teamCol = col({"team"}), workerCol = col({"worker"}), categoryCol = col({"category"}),
              childCol = col({"child_ref"}), drawCol = col({"draw_id", "draw"}), auditorCol = col({"auditor"}),
              dueCol = col({"due_date"});
    // Check every row first: no form is written for a sample with problems.
    std::vector<Problem> problems;
    std::map<std::string, std::size_t> seen;
    std::set<std::string> paths;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const std::string& ref = table.rows[i][static_cast<std::size_t>(caseCol)];
        if (ref.empty()) problems.push_back({samplePath, table.place(i), "case_ref is empty"});
        else if (seen.count(ref)) problems.push_back({samplePath, table.place(i), "case " + ref + " appears twice (first on " + table.place(seen[ref]) + ")"});
        else seen[ref] = i;
    }
    if (table.rows.empty()) problems.push_back({samplePath, "", "the sample holds no cases"});
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    std::map<std::string, DrawnCase> drawn;
    if (store) {
        std::set<std::string> refs;
        for (const auto& [ref, i] : seen) refs.insert(ref);
        drawn = drawOfSample(*store, refs, s);
    }
    const std::vector<const Template*> tmpl = templatesOf(catalogue, named, table, caseCol, categoryCol, samplePath, problems);
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    for (const Template* t : tmpl) {
        const std::string name = t->id + " v" + std::to_string(t->version);
        auto it = std::find_if(s.templatesUsed.begin(), s.templatesUsed.end(), [&](const auto& p) { return p.first == name; });
        if (it == s.templatesUsed.end()) s.templatesUsed.emplace_back(name, 1);
        else ++it->second;
    }

    std::set<std::string> folders;
    std::vector<fs::path> made;  // folders this run created: removed again if it fails
    auto field = [&](const std::vector<std::string>& row, int c) { return c >= 0 ? row[static_cast<std::size_t>(c)] : std::string(); };
    std::vector<FormCase> cases;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const auto& row = table.rows[i];
        FormCase fc;
        fc.caseRef = row[static_cast<std::size_t>(caseCol)];
        fc.team = field(row, teamCol);
        fc.worker = field(row, workerCol);
        fc.category = field(row, categoryCol);
        fc.childRef = field(row, childCol);
        fc.drawId = field(row, drawCol);
        fc.auditor = field(row, auditorCol);
        fc.dueDate = field(row, dueCol);
        if (auto d = drawn.find(fc.caseRef); d != drawn.end()) {  // the file's values first, the store's for what it lacks
            if (fc.drawId.empty()) fc.drawId = d->second.drawId;
            if (fc.childRef.empty()) fc.childRef = d->second.childRef;
            if (fc.dueDate.empty()) fc.dueDate = d->second.dueDate;
        }
        fc.storeId = s.storeId;
        const std::string folder = fc.auditor.empty() ? "unallocated" : safeName(fc.auditor);
        const fs::path dir = fs::path(outDir) / folder;
        if (folders.insert(folder).second) {
            std::error_code ec;
            if (!fs::exists(dir, ec)) made.push_back(dir);
            fs::create_directories(dir, ec);
            if (ec) throw Error(ErrorKind::CantCreate, dir.string(), "", "cannot create the folder: " + ec.message());
            s.auditors.push_back(folder);
        }
        std::string path = (dir / (safeName(fc.caseRef) + ".xlsx")).string();
        if (!paths.insert(path).second)  // two case refs that differ only in characters made safe
            path = (dir / (safeName(fc.caseRef) + "-" + std::to_string(i + 1) + ".xlsx")).string();
        s.files.push_back(path);
        cases.push_back(std::move(fc));
    }
    // Forms are independent workbooks: write them on a few threads. The files do not depend on the order.
    const std::size_t n = cases.size();
    const std::size_t threads = std::min<std::size_t>(n, std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8));
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> failures(n);
    std::vector<char> existed(n), written(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        std::error_code ec;
        existed[i] = fs::exists(s.files[i], ec);
    }
    std::mutex progressMutex;
    std::size_t done = 0;
    auto worker = [&] {
        for (std::size_t i = next++; i < n; i = next++) {
            try {
                writeFormXlsx(*tmpl[i], catalogue.frameworkOf(*tmpl[i]), cases[i], nullptr, s.files[i]);
                written[i] = 1;
            } catch (...) {
                failures[i] = std::current_exception();
                next = n;  // stop handing out work
            }
            std::lock_guard<std::mutex> lock(progressMutex);
            ++done;
            if (progress) progress(done, n);
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t k = 1; k < threads; ++k) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
    for (auto& f : failures)
        if (f) {
            // No half set of forms: the forms this run added and the folders it made go again (a form that was
            // there before and was rewritten stays, rewritten).
            std::error_code ec;
            for (std::size_t i = 0; i < n; ++i)
                if (written[i] && !existed[i]) fs::remove(s.files[i], ec);
            for (const auto& d : made) fs::remove(d, ec);  // only if empty
            std::rethrow_exception(f);
        }
}

}  // namespace

RenderResult renderForms(const RenderRequest& request) {
    Catalogue c = Catalogue::load();
    const bool byCategory = request.mode == RenderMode::Sample && request.templateId.empty();
    if (request.templateId.empty() && !byCategory) throwUsage("render needs a template id (only --sample picks each case's by its category)");
    if (byCategory && request.version) throwUsage("--template-version needs a template id");
    const Template* named = byCategory ? nullptr : &c.getTemplate(request.templateId, request.version);
    const std::string& outDir = request.outDir;
    std::error_code ec;
    const bool outExisted = fs::exists(outDir, ec);
    fs::create_directories(outDir, ec);
    if (ec || !fs::is_directory(outDir)) throw Error(ErrorKind::CantCreate, outDir, "", "cannot create the folder: " + ec.message());
    RenderResult summary;
    if (named) {
        summary.templateId = named->id;
        summary.version = named->version;
    }
    try {
        if (request.mode == RenderMode::Html) {
            const std::string path = (fs::path(outDir) / (named->id + "-v" + std::to_string(named->version) + ".html")).string();
            writeFileAtomically(path, renderHtml(*named, c.frameworkOf(*named)));
            summary.files.push_back(path);
        } else if (request.mode == RenderMode::Blank) {
            renderBlank(*named, c.frameworkOf(*named), outDir, summary);
        } else {
            std::unique_ptr<Store> store;
            if (!request.store.empty()) {
                try {
                    store = std::make_unique<Store>(request.store, StoreOpen::ReadWrite);
                    summary.storeId = store->storeId();
                } catch (const Error& e) {
                    if (e.kind() != ErrorKind::NoInput) throw;
                }
            }
            renderSample(c, named, request.samplePath, outDir, request.progress, store.get(), summary);
        }
    } catch (...) {
        if (!outExisted) fs::remove(outDir, ec);  // a failed render leaves no empty folder behind (only if empty)
        throw;
    }
    return summary;
}

}  // namespace audit::jobs
