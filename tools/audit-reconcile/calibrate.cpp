#include "calibrate.h"

#include "audit/cli/table.h"
#include "audit/jobs/reconcile.h"
#include "audit/store/store.h"
#include "json.h"
#include "stats.h"

namespace audit::reconcile {

using namespace audit::calibration;

const char* const calibrateHelp =
    "  calibrate  calibration exercises, where several auditors audit the same cases:\n"
    "          calibrate sample --auditors FILE --cases N [--period P] [--template ID] [--seed S] [--out DIR]\n"
    "            draws N cases at random from the audited cases in the store (of the period), records the\n"
    "            exercise and writes one blank audit form per participant and case to DIR/<participant>/\n"
    "            (FILE: CSV with a column auditor naming the participants).\n"
    "          calibrate import FORM.xlsx|FOLDER...  reads the returned forms (validated as audit-score\n"
    "            does) and stores each domain's grade and the overall grade.\n"
    "          calibrate report --exercise ID [--reference NAME] [--out FILE.xlsx]  for each domain and the\n"
    "            overall grade: Krippendorff's alpha (ordinal, nominal), Fleiss' kappa, Gwet's AC1 and AC2\n"
    "            with SE and 95% interval; for each participant the share of grades equal to, above and\n"
    "            below the consensus (the median grade; or --reference NAME's). Participants are numbered\n"
    "            on the terminal and in JSON; the workbook (--out, the QA lead's) names them and flags the\n"
    "            generous and severe ones (sign test, p < 0.05).";

namespace {

using cli::fixed;
using cli::pad;

int sample(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("calibrate sample takes no arguments besides options; unexpected '" + rest.front() + "'");
    jobs::CalibrationSampleRequest q;
    q.store = tool.store();
    q.auditors = tool.require("auditors");
    if (!tool.has("cases")) tool.usageError("calibrate sample needs --cases N");
    const long long n = tool.integer("cases", 0);
    if (n < 1) tool.usageError("--cases must be at least 1, not " + std::to_string(n));
    q.cases = static_cast<std::size_t>(n);
    q.period = tool.optional("period");
    q.templateId = tool.optional("template");
    if (tool.has("seed")) {
        const std::string s = tool.require("seed");
        try {
            std::size_t used = 0;
            q.seed = std::stoull(s, &used, 10);
            if (used != s.size() || s.front() == '-') throw std::invalid_argument(s);
        } catch (const std::exception&) {
            tool.usageError("--seed must be a whole number from 0 to 18446744073709551615, not '" + s + "'");
        }
    }
    q.outDir = tool.value("out", "");
    const jobs::CalibrationSampleResult r = jobs::calibrationSample(q);
    const calibration::Exercise& ex = r.exercise;
    if (tool.json()) {
        Json j = Json::object();
        j.set("exercise", ex.id);
        j.set("seed", ex.seed);
        j.set("template", ex.templateId);
        j.set("template_version", ex.templateVersion);
        Json cases = Json::array(), people = Json::array(), files = Json::array();
        for (const auto& c : ex.cases) cases.push(c);
        for (const auto& p : ex.participants) people.push(p);
        for (const auto& p : r.forms) files.push(p);
        j.set("cases", std::move(cases));
        j.set("participants", std::move(people));
        j.set("forms", std::move(files));
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet()) {
        tool.out() << "calibration exercise " << ex.id << ": " << ex.cases.size() << " cases x "
                   << ex.participants.size() << " participants (template " << ex.templateId << " v"
                   << ex.templateVersion << "), seed " << ex.seed << "; store " << storeDisplayName(tool.store()) << '\n';
        for (const auto& c : ex.cases) tool.out() << "  case " << c << '\n';
        if (!r.forms.empty()) tool.out() << "wrote " << r.forms.size() << " forms to " << q.outDir << '\n';
    }
    return 0;
}

int importForms(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (rest.empty()) tool.usageError("calibrate import needs the returned forms (files or folders)");
    const calibration::ImportReport r = jobs::calibrationImport({rest, tool.store()});
    if (tool.json()) {
        Json j = Json::object();
        Json files = Json::array();
        for (const auto& f : r.files) {
            Json o = Json::object();
            o.set("file", f.file);
            o.set("outcome", f.outcome);
            if (f.exercise) o.set("exercise", f.exercise);
            Json problems = Json::array();
            for (const auto& p : f.problems) problems.push(p.str());
            o.set("problems", std::move(problems));
            files.push(std::move(o));
        }
        j.set("files", std::move(files));
        j.set("imported", static_cast<std::uint64_t>(r.imported));
        j.set("replaced", static_cast<std::uint64_t>(r.replaced));
        j.set("unchanged", static_cast<std::uint64_t>(r.unchanged));
        j.set("rejected", static_cast<std::uint64_t>(r.rejected));
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet()) {
        for (const auto& f : r.files) {
            tool.out() << f.file << ": " << f.outcome;
            if (f.exercise) tool.out() << " (exercise " << f.exercise << ", case " << f.caseRef << ")";
            tool.out() << '\n';
        }
        tool.out() << r.imported << " imported, " << r.replaced << " replaced, " << r.unchanged << " unchanged, "
                   << r.rejected << " rejected; store " << storeDisplayName(tool.store()) << "\n";
    }
    tool.out().flush();
    for (const auto& f : r.files)
        for (const auto& p : f.problems) tool.warn(p.str());
    return r.rejected ? 65 : 0;
}

Json sharesJson(const calibration::RaterShares& s, std::size_t number) {
    Json o = Json::object();
    o.set("participant", "participant " + std::to_string(number));
    o.set("compared", s.compared);
    o.set("equal", s.equal);
    o.set("above", s.above);
    o.set("below", s.below);
    return o;
}

int reportCmd(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("calibrate report takes no arguments besides options; unexpected '" + rest.front() + "'");
    if (!tool.has("exercise")) tool.usageError("calibrate report needs --exercise ID");
    const long long id = tool.integer("exercise", 0);
    const std::optional<std::string> out = tool.optional("out");
    const calibration::Report r = jobs::calibrationReport({tool.store(), id, tool.value("reference", ""), out.value_or("")});
    if (tool.json()) {
        Json j = Json::object();
        j.set("exercise", r.exercise.id);
        j.set("returned", static_cast<std::uint64_t>(r.returned));
        j.set("forms", static_cast<std::uint64_t>(r.exercise.forms.size()));
        j.set("against", r.reference.empty() ? "consensus" : "reference");
        Json domains = Json::array();
        for (const auto& d : r.domains) {
            Json o = Json::object();
            o.set("domain", d.domain);
            o.set("cases", static_cast<std::uint64_t>(d.cases));
            o.set("grades", static_cast<std::uint64_t>(d.grades));
            o.set("alpha_ordinal", coefficientJson(d.alphaOrdinal, false));
            o.set("alpha_nominal", coefficientJson(d.alphaNominal, false));
            o.set("fleiss_kappa", coefficientJson(d.fleiss, true));
            o.set("ac1", coefficientJson(d.ac1, false));
            o.set("ac2_linear", coefficientJson(d.ac2Linear, false));
            domains.push(std::move(o));
        }
        j.set("domains", std::move(domains));
        Json raters = Json::array();
        for (std::size_t i = 0; i < r.raters.size(); ++i) raters.push(sharesJson(r.raters[i], i + 1));
        j.set("participants", std::move(raters));
        if (out) j.set("out", *out);
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet()) {
        auto& o = tool.out();
        o << "Calibration exercise " << r.exercise.id << ": " << r.returned << " of " << r.exercise.forms.size()
          << " forms returned; store " << storeDisplayName(tool.store()) << "\n\n";
        for (const auto& d : r.domains) {
            o << d.title << " (" << d.cases << " cases with two grades or more)\n";
            printCoefficient(o, "Krippendorff's alpha, ordinal", d.alphaOrdinal, false);
            printCoefficient(o, "Krippendorff's alpha, nominal", d.alphaNominal, false);
            printCoefficient(o, "Fleiss' kappa", d.fleiss, true);
            printCoefficient(o, "Gwet's AC1", d.ac1, false);
            printCoefficient(o, "Gwet's AC2, linear weights", d.ac2Linear, false);
        }
        o << "\nGrades against " << (r.reference.empty() ? "the consensus (median)" : "the reference rater")
          << " (participants numbered; names in the workbook only)\n";
        o << pad("participant", 16) << pad("compared", 10, true) << pad("equal", 9, true) << pad("above", 9, true)
          << pad("below", 9, true) << '\n';
        for (std::size_t i = 0; i < r.raters.size(); ++i) {
            const auto& s = r.raters[i];
            auto share = [&](std::uint64_t k) {
                return s.compared ? fixed(100.0 * static_cast<double>(k) / static_cast<double>(s.compared), 1) + "%" : std::string("n/a");
            };
            o << pad("participant " + std::to_string(i + 1), 16) << pad(std::to_string(s.compared), 10, true)
              << pad(share(s.equal), 9, true) << pad(share(s.above), 9, true) << pad(share(s.below), 9, true) << '\n';
        }
        if (out) o << "wrote " << *out << '\n';
    }
    return 0;
}

}  // namespace

int calibrateCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    return tool.dispatch(rest, {{"sample", [&](const std::vector<std::string>& r) { return sample(tool, r); }},
                                {"import", [&](const std::vector<std::string>& r) { return importForms(tool, r); }},
                                {"report", [&](const std::vector<std::string>& r) { return reportCmd(tool, r); }}});
}

}  // namespace audit::reconcile
