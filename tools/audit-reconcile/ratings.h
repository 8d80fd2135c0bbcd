// `audit-reconcile stats --ratings FILE`: multi-rater agreement of a ratings file (unit, rater, grade), as a
// table or JSON. The statistics are the core's (audit/moderation/ratings.h).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "audit/cli/tool.h"
#include "audit/moderation/agreement_pairs.h"

namespace audit::reconcile {

// Reads --ratings and --scale (a framework, or numbers), calls jobs::ratingStats and shows the result.
int ratingsCommand(cli::Tool& tool);

}  // namespace audit::reconcile
