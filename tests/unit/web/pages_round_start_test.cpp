// Starting a round in the browser (issue 15, item 2): the QA lead uploads a case list and a roster, previews the
// draw per stratum and auditor, and confirms it; the draw recorded is the one `audit-sample draw` records from the
// same file and choices (compared table by table against the real tool); refusals name the field or the file as
// the QA lead knows it and record nothing; an upload is the uploader's alone and is used once.
#include <filesystem>

#include "web_fixture.h"

using namespace webtest;

namespace {

const std::string kBoundary = "----audit-test-boundary";

struct Part {
    std::string name, fileName, data;
};

std::string multipart(const std::vector<Part>& parts) {
    std::string b;
    for (const auto& p : parts) {
        b += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.fileName.empty()) b += "; filename=\"" + p.fileName + "\"\r\nContent-Type: text/csv";
        b += "\r\n\r\n" + p.data + "\r\n";
    }
    return b + "--" + kBoundary + "--\r\n";
}

std::string dataFile(const std::string& name) {
    return test::readText(test::sourceDir() + "/tests/tools/audit-sample/data/" + name);
}

// The choices of tests/tools/audit-sample/auditors (strata team,category, 20 cases, seed 12, as of 2026-11-23).
std::vector<Part> choices(const std::string& csrf, const std::string& casesName = "cases.csv", bool withRoster = true) {
    std::vector<Part> p{{"csrf", "", csrf},          {"period", "", ""},       {"as_of", "", "2026-11-23"},
                        {"strata", "", "team,category"}, {"size_mode", "", "size"}, {"size", "", "20"},
                        {"allocation", "", "proportional"}, {"seed", "", "12"}};
    p.push_back({"cases", casesName, dataFile("cases.csv")});
    if (withRoster) p.push_back({"roster", "roster.csv", dataFile("roster.csv")});
    return p;
}

web::Response preview(Client& c, const std::vector<Part>& parts) {
    return c.send("POST", "/rounds/preview", multipart(parts), "multipart/form-data; boundary=" + kBoundary);
}

// The confirmation form's hidden fields, as the browser would send them back.
std::string confirmation(const std::string& page) {
    const auto form = page.find("action=\"/rounds/confirm\"");
    BOOST_TEST_REQUIRE(form != std::string::npos);
    static const std::regex hidden(R"re(<input type="hidden" name="([a-z_]+)" value="([^"]*)">)re");
    std::string body;
    const std::string tail = page.substr(form);
    for (auto it = std::sregex_iterator(tail.begin(), tail.end(), hidden); it != std::sregex_iterator(); ++it) {
        std::string v = (*it)[2];
        for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{{"&amp;", "&"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}})
            for (std::size_t at; (at = v.find(from)) != std::string::npos;) v.replace(at, from.size(), to);
        body += std::string(body.empty() ? "" : "&") + std::string((*it)[1]) + "=" + web::urlEncode(v);
    }
    return body;
}

// A draw's rows in every table the draw writes, without ids and times (they differ between two stores).
std::vector<std::string> drawRows(Store& s, std::int64_t drawId) {
    std::vector<std::string> out;
    auto add = [&](const std::string& table, const std::string& sql) {
        for (const auto& r : s.query(sql, drawId)) {
            std::string line = table + ":";
            for (std::size_t i = 0; i < r.size(); ++i) line += "|" + r.optText(i).value_or("NULL");
            out.push_back(line);
        }
    };
    add("draw", "SELECT kind, period, seed, algorithm, parameters, frame_source, frame_hash, frame_rows, frame_size, "
                "sample_size, template_id, tool_version, due_date FROM draw WHERE id = ?");
    add("stratum", "SELECT stratum, population, sample FROM draw_stratum WHERE draw_id = ? ORDER BY stratum");
    add("member", "SELECT case_ref, stratum, inclusion_probability, design_weight FROM draw_member WHERE draw_id = ? ORDER BY case_ref");
    add("snapshot", "SELECT case_ref, child_ref, team, category, worker FROM case_snapshot WHERE draw_id = ? ORDER BY case_ref");
    add("allocation", "SELECT case_ref, role, auditor FROM allocation WHERE draw_id = ? ORDER BY case_ref, role");
    return out;
}

std::int64_t count(Store& s, const std::string& table) { return *s.scalar<std::int64_t>("SELECT COUNT(*) FROM " + table); }

}  // namespace

BOOST_AUTO_TEST_CASE(a_confirmed_round_is_the_draw_audit_sample_records_from_the_same_file_and_choices) {
    World w;
    auto lead = w.client();
    BOOST_TEST_REQUIRE(lead.login("lead").status == 303);
    auto form = lead.get("/rounds/new");
    BOOST_TEST_REQUIRE(form.status == 200);
    BOOST_TEST(contains(form.body, "enctype=\"multipart/form-data\""));
    auto shown = preview(lead, choices(lead.lastFormCsrf));
    BOOST_TEST_REQUIRE(shown.status == 200, shown.body);
    // The preview: per stratum and per auditor, nothing recorded yet.
    BOOST_TEST(contains(shown.body, "Per stratum"));
    BOOST_TEST(contains(shown.body, "Ann Lee"));
    BOOST_TEST(contains(shown.body, "cases.csv read through the column map"));
    BOOST_TEST(!contains(shown.body, std::filesystem::temp_directory_path().string() + "/audit-serve-round"));
    BOOST_TEST(count(w.store, "draw") == 1);  // the fixture's own
    BOOST_TEST(count(w.store, "web_upload") == 2);
    auto done = lead.postForm("/rounds/confirm", confirmation(shown.body), false);
    BOOST_TEST_REQUIRE(done.status == 303, done.body);
    BOOST_TEST(done.header("Location").rfind("/rounds/2?done=", 0) == 0);
    BOOST_TEST(count(w.store, "web_upload") == 0);  // used once
    BOOST_TEST(*w.store.scalar<std::int64_t>("SELECT COUNT(*) FROM access_log WHERE action = 'start round' AND object = 'draw 2'") == 1);

    // The same inputs through the real tool.
    test::TempDir dir;
    test::writeText(dir.file("cases.csv"), dataFile("cases.csv"));
    test::writeText(dir.file("roster.csv"), dataFile("roster.csv"));
    const auto run = test::runCommand("cd " + test::shellQuote(dir.path()) + " && " + test::binDir() +
                                      "/audit-sample --cases cases.csv --strata team,category --size 20 --auditors roster.csv "
                                      "--seed 12 --as-of 2026-11-23 --allocation proportional --out sample.csv --store cli.db");
    BOOST_TEST_REQUIRE(run.exitCode == 0, run.err);
    Store cli(dir.file("cli.db"));
    const auto ours = drawRows(w.store, 2), theirs = drawRows(cli, 1);
    BOOST_TEST(ours.size() > 40u);  // a draw row, strata, 20 members, snapshots, allocations
    BOOST_TEST(ours == theirs, boost::test_tools::per_element());
    // A second confirmation of the same preview records nothing more: its uploads are gone.
    auto again = lead.postForm("/rounds/confirm", confirmation(shown.body), false);
    BOOST_TEST(again.status == 404);
    BOOST_TEST(count(w.store, "draw") == 2);
}

BOOST_AUTO_TEST_CASE(a_preview_without_a_seed_shows_the_seed_it_chose_and_the_confirmation_keeps_it) {
    World w;
    auto lead = w.client();
    BOOST_TEST_REQUIRE(lead.login("lead").status == 303);
    lead.get("/rounds/new");
    auto parts = choices(lead.lastFormCsrf, "cases.csv", false);
    for (auto& p : parts)
        if (p.name == "seed") p.data = "";
    auto shown = preview(lead, parts);
    BOOST_TEST_REQUIRE(shown.status == 200, shown.body);
    BOOST_TEST(contains(shown.body, "No auditors are allocated"));
    static const std::regex seedField(R"re(name="seed" value="([0-9]+)")re");
    std::smatch m;
    BOOST_TEST_REQUIRE(std::regex_search(shown.body, m, seedField));
    const std::string seed = m[1];
    BOOST_TEST(contains(shown.body, "<span class=\"n\">" + seed + "</span>seed"));
    auto done = lead.postForm("/rounds/confirm", confirmation(shown.body), false);
    BOOST_TEST_REQUIRE(done.status == 303, done.body);
    BOOST_TEST(*w.store.scalar<std::string>("SELECT seed FROM draw WHERE id = 2") == seed);
}

BOOST_AUTO_TEST_CASE(refused_choices_and_files_name_what_is_wrong_and_record_nothing) {
    World w;
    auto lead = w.client();
    BOOST_TEST_REQUIRE(lead.login("lead").status == 303);
    lead.get("/rounds/new");
    // No file, a size that is not a number, a bad date: all three said at once, the choices kept.
    auto parts = choices(lead.lastFormCsrf);
    parts.erase(std::remove_if(parts.begin(), parts.end(), [](const Part& p) { return p.name == "cases"; }), parts.end());
    for (auto& p : parts) {
        if (p.name == "size") p.data = "twenty";
        if (p.name == "as_of") p.data = "31/02/2026";
    }
    auto r = preview(lead, parts);
    BOOST_TEST(r.status == 422);
    BOOST_TEST(contains(r.body, "choose the case list file to upload"));
    BOOST_TEST(contains(r.body, "<strong>Sample size</strong>: the sample size must be a whole number of at least 1, not &#39;twenty&#39;"));
    BOOST_TEST(contains(r.body, "<strong>Cases open on</strong>"));
    BOOST_TEST(contains(r.body, "value=\"team,category\""));
    // A case list without the strata's column: the file named as uploaded, with a name that needs escaping.
    parts = choices(lead.lastFormCsrf, "list<b>&.csv");
    for (auto& p : parts)
        if (p.name == "strata") p.data = "district";
    r = preview(lead, parts);
    BOOST_TEST(r.status == 422);
    BOOST_TEST(contains(r.body, "list&lt;b&gt;&amp;.csv has no column &#39;district&#39;"), r.body);
    BOOST_TEST(!contains(r.body, "<b>&"));
    BOOST_TEST(!contains(r.body, "audit-serve-round"));
    BOOST_TEST(count(w.store, "draw") == 1);
}

BOOST_AUTO_TEST_CASE(an_upload_is_its_uploaders_alone_and_a_preview_needs_the_csrf_token) {
    World w;
    web::Accounts(w.store).add({"lead2", "Second Lead", web::parseRoles("qa-lead"), "QA", "", kPassword});
    auto lead = w.client();
    BOOST_TEST_REQUIRE(lead.login("lead").status == 303);
    lead.get("/rounds/new");
    const std::string csrf = lead.lastFormCsrf;
    // Without the token (or with another), refused before anything is read or kept.
    BOOST_TEST(preview(lead, choices("")).status == 403);
    BOOST_TEST(preview(lead, choices(std::string(csrf.size(), '0'))).status == 403);
    BOOST_TEST(count(w.store, "web_upload") == 0);
    auto shown = preview(lead, choices(csrf));
    BOOST_TEST_REQUIRE(shown.status == 200);
    // Another QA lead cannot confirm it: as if it did not exist.
    auto other = w.client("192.0.2.11");
    BOOST_TEST_REQUIRE(other.login("lead2").status == 303);
    other.get("/rounds/new");
    BOOST_TEST(other.postForm("/rounds/confirm", confirmation(shown.body) + "&csrf=" + other.lastFormCsrf, false).status == 404);
    BOOST_TEST(count(w.store, "draw") == 1);
    BOOST_TEST(count(w.store, "web_upload") == 2);
    // Other roles may not start a round at all.
    auto alice = w.client("192.0.2.12");
    BOOST_TEST_REQUIRE(alice.login("alice").status == 303);
    BOOST_TEST(alice.get("/rounds/new").status == 403);
    BOOST_TEST(preview(alice, choices(alice.csrf)).status == 403);
    // An old upload is removed at the next one, and cannot be confirmed.
    w.clock += 2 * 24 * 3600;
    BOOST_TEST_REQUIRE(lead.login("lead").status == 303);  // the session itself has ended by then
    lead.get("/rounds/new");
    BOOST_TEST(lead.postForm("/rounds/confirm", confirmation(shown.body) + "&csrf=" + lead.lastFormCsrf, false).status == 404);
    BOOST_TEST_REQUIRE(preview(lead, choices(lead.lastFormCsrf)).status == 200);
    BOOST_TEST(count(w.store, "web_upload") == 2);  // the two new ones only
}

BOOST_AUTO_TEST_CASE(a_case_list_may_be_larger_than_other_requests_but_not_without_limit) {
    web::AppOptions o;
    o.maxBody = 1000;
    o.maxUpload = 100'000;
    web::App app(test::catalogue(), o);
    BOOST_TEST(app.bodyLimit("POST", "/rounds/preview") == 100'000u);
    BOOST_TEST(app.bodyLimit("POST", "/rounds/confirm") == 1000u);
    BOOST_TEST(app.bodyLimit("POST", "/audits/x") == 1000u);
    World w;
    auto lead = w.client();
    BOOST_TEST_REQUIRE(lead.login("lead").status == 303);
    lead.get("/rounds/new");
    auto parts = choices(lead.lastFormCsrf);
    parts.back().data = std::string((64u << 20) + 1, 'x');  // over the default 64 MiB
    BOOST_TEST(preview(lead, parts).status == 413);
    BOOST_TEST(count(w.store, "web_upload") == 0);
}
