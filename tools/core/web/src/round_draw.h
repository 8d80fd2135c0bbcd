// A round's draw from the QA lead's choices and uploads (issue 15, item 2), for pages_round_start.cpp: the same
// `sampleDraw` job and the same rules for each choice as `audit-sample draw`'s options. Kept apart from the pages
// because the sampling and forms headers cannot meet in one file (each names an `audit::Field`). Private to web.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/base/date.h"
#include "audit/base/error.h"
#include "uploads.h"

namespace audit {
class Store;
}

namespace audit::web {

using RoundFields = std::map<std::string, std::string>;  // the form's fields

// A field's value, trimmed ("" when absent).
std::string roundField(const RoundFields& fields, const std::string& name);

// The choices' field names and labels, in the order the form and the confirmation carry them.
const std::vector<std::pair<std::string, std::string>>& roundChoiceLabels();

// Every problem with the choices, named by the form's labels (empty: the draw can run).
std::vector<Problem> checkRoundChoices(const RoundFields& fields, const Date& today);

struct RoundDraw {
    std::string html;                    // the preview: counts, warnings, exclusions, strata, auditors, cases, parameters
    std::uint64_t seed = 0;              // chosen afresh when the choices gave none
    std::optional<std::int64_t> drawId;  // with record
    std::string period;
    std::size_t cases = 0;
};

// Draws on the uploads (each put in a private temporary folder under its own name); with `record`, on `store` as
// audit-sample records a draw. Throws audit::Error as the job does, the uploads named as the QA lead knows them.
RoundDraw drawRound(Store& store, const RoundFields& fields, const Date& today, const StoredUpload& cases,
                    const std::optional<StoredUpload>& roster, bool record);

}  // namespace audit::web
