// The spc job: an XmR chart of a series file.
#include "audit/base/error.h"
#include "audit/jobs/report.h"

namespace audit::jobs {

ReportSpcResult reportSpc(const ReportSpcRequest& request) {
    ReportSpcResult r;
    r.series = spc::readSeries(request.series);
    if (request.options.baseline && *request.options.baseline > r.series.size())
        throwUsage("--baseline " + std::to_string(*request.options.baseline) + " is longer than the series (" +
                   std::to_string(r.series.size()) + " points)");
    r.chart = spc::xmr(r.series, request.options);
    return r;
}

}  // namespace audit::jobs
