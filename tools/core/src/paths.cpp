#include "audit/paths.h"

#include <cstdlib>

namespace audit {

std::string dataDir() {
    if (const char* home = std::getenv("AUDIT_HOME"); home && *home) return home;
    return AUDIT_DATA_DIR;
}
std::string templatesDir() { return dataDir() + "/templates"; }
std::string frameworksDir() { return dataDir() + "/audit-frameworks"; }
std::string reportsDir() { return dataDir() + "/reports"; }

std::string resolveStore(const std::optional<std::string>& option) {
    if (option && !option->empty()) return *option;
    if (const char* env = std::getenv("AUDIT_STORE"); env && *env) return env;
    return "audit.db";
}

std::string toolkitVersion() { return AUDIT_VERSION; }

}  // namespace audit
