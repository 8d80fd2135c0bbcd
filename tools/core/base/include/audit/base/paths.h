// Where the toolkit's own data lives (templates/, audit-frameworks/, reports/) and where the store is.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace audit {

// $AUDIT_HOME if set, else the source folder the build was configured from.
std::string dataDir();
std::string templatesDir();    // dataDir()/templates
std::string frameworksDir();   // dataDir()/audit-frameworks
std::string reportsDir();      // dataDir()/reports

// The store to open: the --store value if given, else $AUDIT_STORE, else "audit.db".
std::string resolveStore(const std::optional<std::string>& option);

std::string toolkitVersion();

// The files named and, for each folder named, every file below it whose extension is one of `extensions`
// (lower case with the dot, matched without case), sorted by path; spreadsheet lock files (~$name.xlsx,
// .~lock.name#) are left out. A name that is neither file nor folder throws Error(NoInput) naming it; a folder
// that cannot be read throws Error(IO).
std::vector<std::string> filesIn(const std::vector<std::string>& paths, const std::vector<std::string>& extensions);

}  // namespace audit
