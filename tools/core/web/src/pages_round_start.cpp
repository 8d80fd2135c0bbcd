// Starting a round in the browser (issue 15, item 2): the QA lead uploads the case list (CSV, XLSX or an Annex A
// workbook) and, to allocate auditors, the roster; chooses strata, size, exclusions and seed; sees the draw it would
// make (per stratum and per auditor, with every warning the load and the draw raised) and confirms it. Both steps
// call the `sampleDraw` job that `audit-sample draw` calls, with the request built from the same choices: the
// preview with `record` off, the confirmation on the server's open store, so the draw is recorded exactly as the
// tool records it (the preview's seed is carried to the confirmation, so what is confirmed is what was shown). The
// uploads wait in the store's web_upload table between the two steps (uploads.h).
#include <charconv>

#include "app_context.h"
#include "audit/base/error.h"
#include "audit/base/text.h"
#include "round_draw.h"
#include "uploads.h"

namespace audit::web {

namespace {

using Fields = RoundFields;

std::string errorSummary(const std::vector<Problem>& problems) {
    if (problems.empty()) return "";
    std::string h = "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\"><h2>There is a problem</h2><ul>";
    for (const auto& p : problems)
        h += "<li>" + escape(p.file.empty() ? "" : p.file + ": ") + (p.place.empty() ? "" : "<strong>" + escape(p.place) + "</strong>: ") +
             escape(p.message) + "</li>";
    return h + "</ul></div>";
}

std::string textField(const Fields& f, const std::string& name, const std::string& label, const std::string& hint,
                      const std::string& placeholder = "") {
    return "<div class=\"field\"><label for=\"" + name + "\">" + escape(label) + "</label>" +
           (hint.empty() ? "" : "<p class=\"hint\" id=\"" + name + "-hint\">" + escape(hint) + "</p>") + "<input type=\"text\" id=\"" +
           name + "\" name=\"" + name + "\" class=\"narrow\" value=\"" + escape(roundField(f, name)) + "\"" +
           (placeholder.empty() ? "" : " placeholder=\"" + escape(placeholder) + "\"") +
           (hint.empty() ? "" : " aria-describedby=\"" + name + "-hint\"") + "></div>";
}

std::string select(const Fields& f, const std::string& name, const std::string& label,
                   const std::vector<std::pair<std::string, std::string>>& options) {
    std::string h = "<div class=\"field\"><label for=\"" + name + "\">" + escape(label) + "</label><select id=\"" + name +
                    "\" name=\"" + name + "\" class=\"narrow\">";
    for (const auto& [v, l] : options)
        h += "<option value=\"" + escape(v) + "\"" + (roundField(f, name) == v ? " selected" : "") + ">" + escape(l) + "</option>";
    return h + "</select></div>";
}

Response startForm(Context& c, Fields f, const std::vector<Problem>& problems, int status) {
    if (f.empty()) f = {{"strata", "team,category"}, {"size_mode", "size"}, {"allocation", "proportional"}};
    Frame fr = c.frame("Start a round", "/rounds");
    std::string b = errorSummary(problems);
    b += "<p>Upload the case list, choose how to sample it, and see the draw before anything is recorded. Nothing is "
         "recorded until you confirm on the next page.</p>"
         "<form method=\"post\" action=\"/rounds/preview\" enctype=\"multipart/form-data\">"
         "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(c.session->csrf) + "\">"
         "<h2>Files</h2>"
         "<div class=\"field\"><label for=\"cases\">Case list</label><p class=\"hint\" id=\"cases-hint\">CSV or Excel "
         "workbook exported from the case management system, or the Ofsted Annex A workbook (lists 6 to 9 give one "
         "row per child). Choose it again if you change anything here.</p><input type=\"file\" id=\"cases\" name=\"cases\" "
         "required accept=\".csv,.xlsx\" aria-describedby=\"cases-hint\"></div>"
         "<div class=\"field\"><label for=\"roster\">Auditors (optional)</label><p class=\"hint\" id=\"roster-hint\">CSV "
         "with name, team, capacity and optionally categories and worker: each sampled case is given an auditor "
         "within capacity, never their own team's or their own case. Without it no auditor is allocated.</p>"
         "<input type=\"file\" id=\"roster\" name=\"roster\" accept=\".csv\" aria-describedby=\"roster-hint\"></div>"
         "<h2>The round</h2>" +
         textField(f, "period", "Audit round (period)", "YYYY-MM; blank: the month of the date below", "2026-11") +
         "<div class=\"field\"><label for=\"as_of\">Cases open on</label><p class=\"hint\">Closed cases and audit history "
         "are counted back from this date; blank: today.</p><input type=\"date\" id=\"as_of\" name=\"as_of\" class=\"narrow\" value=\"" +
         escape(roundField(f, "as_of")) + "\"></div>"
         "<div class=\"field\"><label for=\"due\">Returns due</label><p class=\"hint\">Blank: ten working days after the "
         "round's period ends.</p><input type=\"date\" id=\"due\" name=\"due\" class=\"narrow\" value=\"" + escape(roundField(f, "due")) + "\"></div>"
         "<h2>The sample</h2>" +
         textField(f, "strata", "Strata", "Columns whose values divide the cases, separated by commas (team, category, worker …)") +
         select(f, "size_mode", "Sample size given as", {{"size", "a number of cases"}, {"fraction", "a fraction of the cases"}, {"per_stratum", "a number from every stratum"}}) +
         textField(f, "size", "Sample size", "e.g. 60, or 0.1 for a tenth") +
         select(f, "allocation", "Allocation over the strata", {{"proportional", "proportional to each stratum's size"}, {"equal", "equal in every stratum"}}) +
         textField(f, "min_per_stratum", "At least per stratum", "Blank or 0: no minimum") +
         textField(f, "max_per_worker", "At most per worker", "Blank: no limit") +
         "<div class=\"field\"><label for=\"oversample\">Oversample</label><p class=\"hint\">One FLAG=FACTOR a line "
         "(missing, exploitation, uasc, disability), e.g. missing=2</p><textarea id=\"oversample\" name=\"oversample\" rows=\"2\" class=\"narrow\">" +
         escape(roundField(f, "oversample")) + "</textarea></div>"
         "<h2>Exclusions</h2>" +
         textField(f, "audited_within", "Leave out cases audited within", "e.g. 12m; blank: none") +
         "<div class=\"field\"><label for=\"excludes\">Leave out cases where</label><p class=\"hint\">One COLUMN=VALUE a "
         "line, e.g. category=Care leaver</p><textarea id=\"excludes\" name=\"excludes\" rows=\"2\" class=\"narrow\">" +
         escape(roundField(f, "excludes")) + "</textarea></div>"
         "<div class=\"field radio\"><input type=\"checkbox\" id=\"include_closed\" name=\"include_closed\" value=\"yes\"" +
         (roundField(f, "include_closed") == "yes" ? " checked" : "") + "><label for=\"include_closed\">Keep cases closed on or before that date</label></div>"
         "<h2>Reproducibility</h2>" +
         textField(f, "seed", "Seed", "Blank: a fresh one, shown on the next page and recorded with the draw") +
         "<details><summary>Reading the case list</summary>" +
         textField(f, "map", "Column map", "Blank: the first that fits (annex-a, ssd, liquidlogic …)") +
         textField(f, "sheet", "Sheet", "A workbook's sheet to read; blank: the first, or Annex A lists 6 to 9") +
         select(f, "date_order", "Date order", {{"", "found from the data"}, {"dmy", "day/month/year"}, {"mdy", "month/day/year"}}) +
         textField(f, "columns", "Column names", "FIELD=HEADER pairs replacing the map's, e.g. case_ref=Child ID,team=Allocated Team") +
         "</details><div class=\"button-bar\"><button type=\"submit\" class=\"button\">Preview the draw</button>"
         "<a href=\"/rounds\">Cancel</a></div></form>";
    fr.body = b;
    return htmlPage(c, fr, status);
}

std::int64_t idField(const Fields& f, const std::string& k) {
    const std::string v = roundField(f, k);
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
    return (ec == std::errc() && p == v.data() + v.size() && id > 0) ? id : 0;
}

// A refusal the QA lead can act on (the choices, the files): the form again with the problems; anything else is the
// server's fault and goes to the error page.
bool actionable(const Error& e) {
    return e.kind() == ErrorKind::Data || e.kind() == ErrorKind::Usage || e.kind() == ErrorKind::NoInput;
}

}  // namespace

Response getRoundStart(Context& c) {
    c.log("view start round", "", 200);
    return startForm(c, {}, {}, 200);
}

Response postRoundPreview(Context& c) {
    Fields f = c.req.form();
    const auto files = c.req.files();
    const UploadedFile* casesFile = nullptr;
    const UploadedFile* rosterFile = nullptr;
    for (const auto& u : files) {
        if (u.field == "cases") casesFile = &u;
        if (u.field == "roster") rosterFile = &u;
    }
    std::vector<Problem> problems;
    if (!casesFile || casesFile->data.empty()) problems.push_back({"", "Case list", "choose the case list file to upload"});
    const Date today = c.desk().today();
    for (auto& p : checkRoundChoices(f, today)) problems.push_back(std::move(p));
    if (!problems.empty()) {
        c.log("preview round refused", "", 422);
        return startForm(c, f, problems, 422);
    }
    const auto accountId = c.account->id;
    const StoredUpload cases{saveUpload(c.store, accountId, "cases", casesFile->fileName, casesFile->data, c.now), "cases",
                             casesFile->fileName, "", casesFile->data};
    std::optional<StoredUpload> roster;
    if (rosterFile)
        roster = StoredUpload{saveUpload(c.store, accountId, "roster", rosterFile->fileName, rosterFile->data, c.now),
                              "roster", rosterFile->fileName, "", rosterFile->data};
    RoundDraw d;
    try {
        d = drawRound(c.store, f, today, cases, roster, false);
    } catch (const Error& e) {
        if (!actionable(e)) throw;
        c.log("preview round refused", cases.fileName, 422);
        return startForm(c, f, e.problems(), 422);
    }
    f["seed"] = std::to_string(d.seed);  // what is confirmed is what is shown
    c.log("preview round", cases.fileName, 200);
    Frame fr = c.frame("Check the draw before you confirm it", "/rounds");
    std::string b = d.html;
    b += "<form method=\"post\" action=\"/rounds/confirm\"><input type=\"hidden\" name=\"csrf\" value=\"" + escape(c.session->csrf) + "\">"
         "<input type=\"hidden\" name=\"cases_upload\" value=\"" + std::to_string(cases.id) + "\">";
    if (roster) b += "<input type=\"hidden\" name=\"roster_upload\" value=\"" + std::to_string(roster->id) + "\">";
    for (const auto& [k, label] : roundChoiceLabels())
        b += "<input type=\"hidden\" name=\"" + k + "\" value=\"" + escape(roundField(f, k)) + "\">";
    b += "<div class=\"button-bar\"><button type=\"submit\" class=\"button\">Confirm and record this round</button>"
         "<a href=\"/rounds/new\">Start again</a></div></form>";
    fr.body = b;
    return htmlPage(c, fr);
}

Response postRoundConfirm(Context& c) {
    const Fields f = c.req.form();
    const auto casesId = idField(f, "cases_upload"), rosterId = idField(f, "roster_upload");
    const auto cases = casesId ? loadUpload(c.store, casesId, c.account->id, "cases", c.now) : std::nullopt;
    std::optional<StoredUpload> roster;
    if (rosterId) roster = loadUpload(c.store, rosterId, c.account->id, "roster", c.now);
    if (!cases || (rosterId && !roster)) {
        c.log("confirm round: upload not found", roundField(f, "cases_upload"), 404);
        return errorPage(c, 404, "Page not found",
                         "The upload this confirmation names is not yours, or was removed (uploads are kept for a day). "
                         "Start the round again.");
    }
    const Date today = c.desk().today();
    std::vector<Problem> problems = checkRoundChoices(f, today);
    if (roundField(f, "seed").empty()) problems.push_back({"", "Seed", "the confirmation carries the preview's seed; start the round again"});
    if (!problems.empty()) {
        c.log("confirm round refused", cases->fileName, 422);
        return startForm(c, f, problems, 422);
    }
    RoundDraw d;
    try {
        d = drawRound(c.store, f, today, *cases, roster, true);
    } catch (const Error& e) {
        if (!actionable(e)) throw;
        c.log("confirm round refused", cases->fileName, 422);
        return startForm(c, f, e.problems(), 422);
    }
    deleteUpload(c.store, cases->id);
    if (roster) deleteUpload(c.store, roster->id);
    const std::string id = std::to_string(d.drawId.value_or(0));
    c.log("start round", "draw " + id, 303);
    return redirect("/rounds/" + id + "?done=" + urlEncode("Round " + d.period + " recorded as draw " + id + ": " +
                                                         std::to_string(d.cases) + " cases, seed " + std::to_string(d.seed) + "."));
}

}  // namespace audit::web
