// audit-demo-data annex-a: a synthetic Ofsted Annex A workbook (all eleven lists), or a year of monthly extracts.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>

#include "audit/base/date.h"
#include "audit/demo/demo_annex.h"
#include "subcommands.h"

namespace audit::demo {

namespace {

Poco::JSON::Object rowsJson(const DemoAnnexSummary& s) {
    Poco::JSON::Object rows;
    for (int l = 1; l <= 11; ++l) rows.set("list " + std::to_string(l), s.rows[static_cast<std::size_t>(l)]);
    return rows;
}

int months(DemoTool& tool, const DemoAnnexOptions& o, const std::string& out, bool freshSeed) {
    const long long n = tool.integer("months", 12);
    if (n < 1 || n > 120) tool.usageError("--months must be between 1 and 120");
    if (out.size() > 5 && out.substr(out.size() - 5) == ".xlsx")
        tool.usageError("annex-a --months: --out is the folder the monthly workbooks go in, not an .xlsx file");
    std::vector<DemoAnnexMonth> written;
    {
        auto bar = tool.progress("writing " + out, o.size * 2 * static_cast<std::size_t>(n));
        written = writeDemoAnnexMonths(o, static_cast<int>(n), out, [&](std::size_t done) { bar.update(done); });
        bar.finish();
    }
    if (tool.json()) {
        Poco::JSON::Object j;
        j.set("folder", out);
        j.set("children", o.size);
        j.set("seed", o.seed);
        j.set("messy", o.messy);
        Poco::JSON::Array files;
        for (const auto& m : written) {
            Poco::JSON::Object f;
            f.set("file", m.file);
            f.set("as_of", m.asOf.iso());
            f.set("quality", m.quality);
            f.set("rows", rowsJson(m.summary));
            files.add(f);
        }
        j.set("extracts", files);
        j.stringify(tool.out());
        tool.out() << '\n';
        return 0;
    }
    if (tool.quiet()) return 0;
    std::ostream& os = tool.out();
    os << "wrote " << written.size() << " monthly Annex A extracts of " << o.size << " children to " << out << " (seed "
       << o.seed << (o.messy ? ", messy" : "") << "), each as at its month's last day:\n";
    for (const auto& m : written)
    {
        char q[16];
        std::snprintf(q, sizeof q, "%+.2f", m.quality);
        os << "  " << m.file << "  (as at " << m.asOf.iso() << ", quality " << q << ")\n";
    }
    if (freshSeed) os << "  to make the same files again: --seed " << o.seed << " --as-of " << o.asOf.iso() << '\n';
    return 0;
}

}  // namespace

int runAnnexA(DemoTool& tool, const std::vector<std::string>& args) {
    if (!args.empty()) tool.usageError("annex-a takes no further arguments (got '" + args[0] + "')");
    const std::string out = tool.require("out");
    DemoAnnexOptions o;
    const long long size = tool.integer("size", -1);
    if (size < 1 || size > 1000000) tool.usageError(tool.has("size") ? "--size must be between 1 and 1,000,000" : "--size is required");
    o.size = static_cast<std::size_t>(size);
    bool freshSeed = false;
    o.seed = seedOption(tool, freshSeed);
    o.asOf = asOfOption(tool).value_or(today());
    o.messy = tool.has("messy");
    if (tool.has("months")) return months(tool, o, out, freshSeed);
    if (!(out.size() > 5 && out.substr(out.size() - 5) == ".xlsx")) tool.usageError("annex-a: --out must end in .xlsx");
    DemoAnnexSummary s;
    {
        auto bar = tool.progress("writing " + out, o.size * 2);
        s = writeDemoAnnex(o, out, [&](std::size_t done) { bar.update(done); });
        bar.finish();
    }
    if (tool.json()) {
        Poco::JSON::Object j;
        j.set("file", out);
        j.set("children", o.size);
        j.set("seed", o.seed);
        j.set("as_of", o.asOf.iso());
        j.set("messy", o.messy);
        j.set("rows", rowsJson(s));
        if (o.messy) {
            j.set("error_cells", s.errorCells);
            j.set("no_break_spaces", s.noBreakSpaces);
            j.set("variant_statuses", s.variantStatuses);
        }
        j.stringify(tool.out());
        tool.out() << '\n';
        return 0;
    }
    if (tool.quiet()) return 0;
    std::ostream& os = tool.out();
    os << "wrote an Annex A workbook of " << o.size << " children to " << out << " (seed " << o.seed << ", as of "
       << o.asOf.iso() << (o.messy ? ", messy" : "") << ")\n  rows:";
    for (int l = 1; l <= 11; ++l) os << " list " << l << ' ' << s.rows[static_cast<std::size_t>(l)] << (l < 11 ? "," : "\n");
    if (o.messy)
        os << "  messy: a title row on every list, " << s.errorCells << " error cells, " << s.noBreakSpaces
           << " no-break spaces in names, " << s.variantStatuses << " case statuses in councils' own spellings\n";
    if (freshSeed) os << "  to make the same file again: --seed " << o.seed << " --as-of " << o.asOf.iso() << '\n';
    return 0;
}

}  // namespace audit::demo
