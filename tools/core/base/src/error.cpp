#include "audit/base/error.h"

namespace audit {

std::string Problem::str() const {
    std::string s;
    for (const std::string* part : {&file, &place, &message}) {
        if (part->empty()) continue;
        if (!s.empty()) s += ": ";
        s += *part;
    }
    return s;
}

namespace {
std::string joinProblems(const std::vector<Problem>& problems) {
    std::string s;
    for (const auto& p : problems) {
        if (!s.empty()) s += '\n';
        s += p.str();
    }
    return s;
}
}  // namespace

Error::Error(ErrorKind kind, std::string message)
    : std::runtime_error(message), kind_(kind), problems_{Problem{"", "", std::move(message)}} {}

Error::Error(ErrorKind kind, std::string file, std::string place, std::string message)
    : Error(kind, std::vector<Problem>{Problem{std::move(file), std::move(place), std::move(message)}}) {}

Error::Error(ErrorKind kind, std::vector<Problem> problems)
    : std::runtime_error(joinProblems(problems)), kind_(kind), problems_(std::move(problems)) {}

void throwData(const std::string& file, const std::string& place, const std::string& message) {
    throw Error(ErrorKind::Data, file, place, message);
}

void throwUsage(const std::string& message) { throw Error(ErrorKind::Usage, message); }

}  // namespace audit
