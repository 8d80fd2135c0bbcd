#include "spc.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "audit/cli/table.h"
#include "audit/jobs/report.h"
#include "audit/report/spc.h"

namespace audit::reportcli {

using namespace audit::spc;

const char* const spcHelp =
    "  spc             an XmR chart of a series (CSV: period, value, in time order) with NHS England's Making\n"
    "                  Data Count rules: mean and mean moving range of the baseline (--baseline N; default the\n"
    "                  first 12 points, fewer are trial limits), process limits mean +/- 2.66 x mean moving\n"
    "                  range, near limits at two thirds of that. Special causes: a point beyond a process\n"
    "                  limit; a run of 7 on one side of the mean (a point on the mean breaks it); 7 points each\n"
    "                  higher (lower) than the last; two of three consecutive points beyond the same near limit\n"
    "                  (points beyond the process limit count), all three on one side of the mean. Every point\n"
    "                  of a run or trend is flagged. --polarity higher|lower makes each special cause improvement\n"
    "                  or concern (improvement wins when rules disagree); the variation icon is the last point's;\n"
    "                  --target T adds the assurance icon (consistently passing, consistently failing,\n"
    "                  inconsistent). Variations, off by default: --run-length 6, --screen-moving-ranges (moving\n"
    "                  ranges above 3.267 x their mean are left out of it).";

namespace {

using cli::fixed;
using cli::pad;

Poco::Dynamic::Var optionalNumber(const std::optional<double>& v) { return v ? Poco::Dynamic::Var(*v) : Poco::Dynamic::Var(); }

Poco::JSON::Object::Ptr chartJson(const Chart& c, const std::string& file) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("series", file);
    j->set("points", static_cast<Poco::UInt64>(c.points.size()));
    j->set("baseline", static_cast<Poco::UInt64>(c.baseline));
    j->set("trial_limits", c.trial);
    j->set("polarity", c.options.polarity ? Poco::Dynamic::Var(polarityName(*c.options.polarity)) : Poco::Dynamic::Var());
    j->set("target", optionalNumber(c.options.target));
    j->set("run_length", static_cast<Poco::UInt64>(c.options.runLength));
    j->set("screen_moving_ranges", c.options.screenMovingRanges);
    j->set("mean", c.mean);
    j->set("mean_moving_range", c.meanMovingRange);
    j->set("lower", c.lower);
    j->set("upper", c.upper);
    j->set("near_lower", c.nearLower);
    j->set("near_upper", c.nearUpper);
    j->set("variation", c.variation);
    j->set("assurance", c.assurance.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(c.assurance));
    if (!c.assuranceNote.empty()) j->set("assurance_note", c.assuranceNote);
    Poco::JSON::Array::Ptr points = new Poco::JSON::Array;
    for (const auto& p : c.points) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("period", p.period);
        o->set("value", p.value);
        o->set("moving_range", optionalNumber(p.movingRange));
        if (p.movingRangeScreened) o->set("moving_range_screened", true);
        o->set("mean", c.mean);
        o->set("lower", c.lower);
        o->set("upper", c.upper);
        o->set("near_lower", c.nearLower);
        o->set("near_upper", c.nearUpper);
        o->set("special_cause", std::string(causeName(p.cause)));
        Poco::JSON::Array::Ptr rules = new Poco::JSON::Array;
        for (const auto& r : p.rules) rules->add(r);
        o->set("rules", rules);
        points->add(o);
    }
    j->set("data", points);
    return j;
}

void printChart(std::ostream& out, const Chart& c, const std::string& file) {
    out << "XmR chart of " << file << ": " << c.points.size() << " points\n";
    out << "Limits from the first " << c.baseline << " points"
        << (c.trial ? " (trial limits: fewer than 12 points; recalculate when there are 12)" : "") << ": mean "
        << fixed(c.mean, 3) << ", mean moving range " << fixed(c.meanMovingRange, 3) << "\n";
    out << "Process limits " << fixed(c.lower, 3) << " to " << fixed(c.upper, 3) << "; near limits "
        << fixed(c.nearLower, 3) << " to " << fixed(c.nearUpper, 3) << "\n\n";
    std::size_t w = 6;
    for (const auto& p : c.points) w = std::max(w, p.period.size());
    out << pad("period", w) << "  " << pad("value", 10, true) << "  " << pad("mR", 9, true) << "  "
        << pad("special cause", 13) << "  rules\n";
    for (const auto& p : c.points) {
        std::string rules;
        for (const auto& r : p.rules) rules += (rules.empty() ? "" : ", ") + r;
        std::string line = pad(p.period, w) + "  " + pad(fixed(p.value, 3), 10, true) + "  " +
                           pad(p.movingRange ? fixed(*p.movingRange, 3) + (p.movingRangeScreened ? "*" : "") : "", 9, true) +
                           "  " + pad(p.cause == Cause::None ? "" : causeName(p.cause), 13) + "  " + rules;
        line.erase(line.find_last_not_of(' ') + 1);
        out << line << '\n';
    }
    if (c.options.screenMovingRanges) out << "* moving range screened out of the mean moving range\n";
    out << "\nVariation: " << variationWords(c.variation) << '\n';
    if (!c.assurance.empty()) out << "Assurance: " << assuranceWords(c.assurance) << '\n';
    if (!c.assuranceNote.empty()) out << "Assurance: none (" << c.assuranceNote << ")\n";
}

}  // namespace

int spcCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("spc takes no arguments besides options; unexpected '" + rest.front() + "'");
    const std::string file = tool.require("series");
    Options o;
    if (auto p = tool.optional("polarity")) {
        o.polarity = parsePolarity(*p);
        if (!o.polarity) tool.usageError("--polarity must be higher or lower, not '" + *p + "'");
    }
    if (tool.has("target")) o.target = tool.number("target", 0);
    if (tool.has("baseline")) {
        const long long b = tool.integer("baseline", 12);
        if (b < 2) tool.usageError("--baseline must be at least 2 points, not " + std::to_string(b));
        o.baseline = static_cast<std::size_t>(b);
    }
    const long long run = tool.integer("run-length", 7);
    if (run != 6 && run != 7) tool.usageError("--run-length must be 7 (Making Data Count) or 6, not " + std::to_string(run));
    o.runLength = static_cast<std::size_t>(run);
    o.screenMovingRanges = tool.has("screen-moving-ranges");
    const Chart c = jobs::reportSpc({file, o}).chart;
    if (tool.json()) {
        Poco::JSON::Stringifier::condense(chartJson(c, file), tool.out());
        tool.out() << '\n';
    } else if (!tool.quiet()) {
        printChart(tool.out(), c, file);
    }
    tool.out().flush();
    return 0;
}

}  // namespace audit::reportcli
