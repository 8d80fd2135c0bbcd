// Where the toolkit's own data lives (templates/, audit-frameworks/, reports/) and where the store is.
#pragma once
#include <optional>
#include <string>

namespace audit {

// $AUDIT_HOME if set, else the source folder the build was configured from.
std::string dataDir();
std::string templatesDir();    // dataDir()/templates
std::string frameworksDir();   // dataDir()/audit-frameworks
std::string reportsDir();      // dataDir()/reports

// The store to open: the --store value if given, else $AUDIT_STORE, else "audit.db".
std::string resolveStore(const std::optional<std::string>& option);

std::string toolkitVersion();

}  // namespace audit
