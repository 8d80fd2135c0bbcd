#include "audit/report/report_workbook.h"

#include "audit/base/error.h"
#include "lscb.h"

namespace audit::report {

LscbResult writeLscbWorkbook(const std::string& path, const ReportDefinition& def, const ReportData& data,
                             const std::vector<Kpi>& kpis, const std::vector<SelfAssessment>& selfAssessments,
                             const LscbOptions& opt) {
    if (opt.publish && opt.pseudonymKey.empty())
        throw Error(ErrorKind::Internal, "a published workbook needs the store's pseudonym key");
    lscb::Book book(path, def.title);
    lscb::Lscb w(def, data, kpis, selfAssessments, opt, book);
    w.figures();
    w.summary();
    w.findings();
    w.triangulation();
    w.auditSpc();
    w.spcSheet();
    w.moderation();
    w.actionsSheet();
    w.method();
    w.dataSheet();

    worksheet_activate(book.w().sheet("Summary"));
    w.result.suppressedCells = w.cx.suppressed;
    book.fitRows();
    book.w().close();
    return w.result;
}

}  // namespace audit::report
