// `audit-reconcile stats`: agreement statistics of a pairs file (ARCHITECTURE §6), as a table or JSON.
#pragma once
#include <ostream>
#include <string>

#include "audit/moderation/agreement_pairs.h"
#include "json.h"

namespace audit::reconcile {

// The contract's JSON object for a whole pairs file (with its groups when it was read with a `by` column).
Json statsJson(const agreement::PairsFile& pairs, const agreement::GradeScale& scale);
// The same for one tally (used for the whole file and for each group).
Json tallyJson(const agreement::PairTally& tally);
// A readable report for a terminal.
void printStats(std::ostream& out, const agreement::PairsFile& pairs, const agreement::GradeScale& scale);

// A coefficient as JSON: value, se, ci95 (and se_null, z, p_value when `kappa`), reason when undefined.
Json coefficientJson(const agreement::Coefficient& c, bool kappa);
// One line of the coefficients table: name, value, SE, 95% interval (and the z test when `kappa`).
void printCoefficient(std::ostream& out, const std::string& name, const agreement::Coefficient& c, bool kappa);
// Text wrapped at 100 columns.
void printWrapped(std::ostream& out, const std::string& text);

// How intervals are computed (printed under the table and in the JSON).
extern const char* const intervalMethod;

}  // namespace audit::reconcile
