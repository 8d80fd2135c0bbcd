#include "audit/partnership.h"

#include "audit/report_definition.h"

namespace audit {

std::string polarityName(Polarity p) { return p == Polarity::Higher ? "higher" : "lower"; }

std::optional<Polarity> parsePolarity(std::string_view text) {
    const std::string n = normaliseLabel(text);
    if (n == "higher" || n == "higher is better") return Polarity::Higher;
    if (n == "lower" || n == "lower is better") return Polarity::Lower;
    return std::nullopt;
}

}  // namespace audit
