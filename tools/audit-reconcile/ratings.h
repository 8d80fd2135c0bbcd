// `audit-reconcile stats --ratings FILE`: multi-rater agreement of a ratings file (unit, rater, grade), as a
// table or JSON. The statistics are the core's (audit/moderation/ratings.h).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "audit/cli/tool.h"
#include "audit/moderation/agreement_pairs.h"

namespace audit::reconcile {

// scale: nullopt = grades are plain numbers (--scale numbers).
int ratingsCommand(cli::Tool& tool, const std::optional<agreement::GradeScale>& scale);

}  // namespace audit::reconcile
