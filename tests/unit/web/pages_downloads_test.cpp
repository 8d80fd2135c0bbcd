// The QA lead's downloads (issue 15 item 2): every workbook listed with what it is; each download an attachment
// (XLSX content type, file name) that the xlsx reader opens and that equals what the same job writes for the same
// request (byte for byte, and sheet by sheet through the project's xlsx reader); each logged as
// "download <name>" with the period; an unknown name 404, a bad period 400 naming the expected form.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/io/xlsx_reader.h"
#include "audit/jobs/reconcile.h"
#include "audit/jobs/report.h"
#include "audit/jobs/score.h"
#include "audit/web/access_log.h"
#include "web_fixture.h"

using namespace webtest;

namespace {

const char* kNames[] = {"summary", "status", "accuracy", "partnership", "partnership-published", "actions"};

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every visible cell of every sheet, as text.
std::string sheets(const std::string& path) {
    xlsx::Reader book(path);
    std::string out;
    for (const auto& info : book.sheets()) {
        if (!info.worksheet) continue;
        const auto s = book.sheet(info.name);
        out += "== " + info.name + "\n";
        for (std::size_t r = 0; r < s.rowCount(); ++r) {
            for (const auto& c : s.row(r)) out += c.str() + "\t";
            out += "\n";
        }
    }
    return out;
}

// What the command-line tool's job writes for the same request, on the same store (opened by its path).
std::string jobWrites(World& w, const std::string& name, const std::string& period, const std::string& out) {
    const std::string store = w.dir.file("audit.db");
    if (name == "summary") jobs::scoreSummary({store, period, out});
    else if (name == "status") jobs::scoreStatus({store, period, "2026-08-03", out});
    else if (name == "accuracy") {
        jobs::ModerationAccuracyRequest r;
        r.store = store;
        r.options.to = period;
        r.out = out;
        jobs::moderationAccuracy(r);
    } else if (name == "actions") {
        jobs::ReportActionsRequest r;
        r.store = store;
        r.out = out;
        r.asOf = "2026-08-03";
        jobs::reportActions(r);
    } else {
        jobs::ReportLscbRequest r;
        r.store = store;
        r.period = *parsePeriod(period);
        r.periodText = period;
        r.publish = name == "partnership-published";
        r.out = out;
        jobs::reportLscb(r);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_downloads_page_lists_every_workbook_for_the_latest_period_with_audits) {
    World w;
    submitAlices(w);
    auto lead = w.client();
    BOOST_TEST_REQUIRE(lead.login("lead").status == 303);
    const auto page = lead.get("/downloads");
    BOOST_TEST_REQUIRE(page.status == 200);
    BOOST_TEST(contains(page.body, "value=\"2026-07\""));
    for (const char* name : kNames) {
        BOOST_TEST_INFO(name);
        BOOST_TEST(contains(page.body, "href=\"/downloads/" + std::string(name) +
                                           (std::string(name) == "actions" ? "\"" : "?period=2026-07\"")));
    }
    BOOST_TEST(contains(page.body, "Returns and overdue audits"));
    BOOST_TEST(contains(page.body, "pseudonyms instead of case references"));
    BOOST_TEST(!contains(page.body, "style="));
    BOOST_TEST(contains(lead.get("/downloads?period=2026-Q3").body, "Workbooks for 2026-Q3"));
    BOOST_TEST(lead.get("/downloads?period=July").status == 400);
}

BOOST_AUTO_TEST_CASE(each_download_is_the_jobs_workbook_as_an_attachment_and_is_logged) {
    World w;
    submitAlices(w);
    auto lead = w.client();
    lead.login("lead");
    for (const std::string name : kNames) {
        BOOST_TEST_CONTEXT(name) {
            const auto r = lead.get("/downloads/" + name + "?period=2026-07");
            BOOST_TEST_REQUIRE(r.status == 200);
            BOOST_TEST(r.contentType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            const std::string file = name + (name == "actions" ? "-2026-08-03" : "-2026-07") + ".xlsx";
            BOOST_TEST(r.header("Content-Disposition") == "attachment; filename=\"" + file + "\"");
            const std::string served = w.dir.file("served-" + file);
            std::ofstream(served, std::ios::binary) << r.body;
            const std::string direct = jobWrites(w, name, "2026-07", w.dir.file("job-" + file));
            BOOST_TEST(r.body == readAll(direct));  // byte for byte: the workbooks carry a fixed created time
            BOOST_TEST(sheets(served) == sheets(direct));
            BOOST_TEST(sheets(served).size() > 100u);
            const auto logged = web::readAccess(w.store, {"lead", "", 1});
            BOOST_TEST_REQUIRE(logged.size() == 1u);
            BOOST_TEST(logged[0].action == "download " + name);
            BOOST_TEST(logged[0].object == (name == "actions" ? "2026-08-03" : "2026-07"));
        }
    }
    // The published workbook holds no case reference.
    BOOST_TEST(!contains(sheets(w.dir.file("served-partnership-published-2026-07.xlsx")), "C100"));
    BOOST_TEST(sheets(w.dir.file("served-partnership-2026-07.xlsx")) != sheets(w.dir.file("served-partnership-published-2026-07.xlsx")));
}

BOOST_AUTO_TEST_CASE(the_temporary_folder_is_gone_after_each_download) {
    World w;
    submitAlices(w);
    auto lead = w.client();
    lead.login("lead");
    const std::string tmp = w.dir.file("tmp");
    std::filesystem::create_directories(tmp);
    const char* before = std::getenv("TMPDIR");
    const std::string saved = before ? before : "";
    ::setenv("TMPDIR", tmp.c_str(), 1);  // where std::filesystem::temp_directory_path() points
    for (const std::string name : kNames) BOOST_TEST(lead.get("/downloads/" + name + "?period=2026-07").status == 200);
    BOOST_TEST(lead.get("/downloads/partnership?period=2026").status == 200);
    const bool empty = std::filesystem::is_empty(tmp);
    if (before) ::setenv("TMPDIR", saved.c_str(), 1);
    else ::unsetenv("TMPDIR");
    BOOST_TEST(empty);
}

BOOST_AUTO_TEST_CASE(an_unknown_workbook_is_404_and_a_bad_period_400_with_the_expected_form) {
    World w;
    submitAlices(w);
    auto lead = w.client();
    lead.login("lead");
    BOOST_TEST(lead.get("/downloads/passwords?period=2026-07").status == 404);
    BOOST_TEST(lead.get("/downloads/..?period=2026-07").status == 404);
    const auto bad = lead.get("/downloads/status?period=2026-13");
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(contains(bad.body, "&#39;2026-13&#39; is not a period (expected YYYY-MM"));
    BOOST_TEST(lead.get("/downloads/status?period=%3Cscript%3E").status == 400);
    BOOST_TEST(!contains(lead.get("/downloads/status?period=%3Cscript%3E").body, "<script>"));
    // Without a period: the latest with audits.
    const auto r = lead.get("/downloads/status");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("Content-Disposition") == "attachment; filename=\"status-2026-07.xlsx\"");
}
