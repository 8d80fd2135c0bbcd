// Helpers for the unit tests: temporary folders, the shared reference values, and running
// external readers (openpyxl under Debian's python3, LibreOffice headless) on files we write.
#pragma once
#include <Poco/JSON/Object.h>

#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "audit/base/error.h"

namespace audit {
class Catalogue;
}

namespace audit::test {

// Runs fn, which must throw audit::Error of that kind whose message contains every one of parts (test failures
// otherwise).
void expectError(const std::function<void()>& fn, ErrorKind kind, std::initializer_list<std::string> parts);

// The shipped templates and frameworks (templates/, audit-frameworks/ of the source), loaded once.
const Catalogue& catalogue();

// A fresh folder under /tmp, removed with everything in it when the object goes.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

std::string sourceDir();   // the project's root
std::string referenceDir();  // tests/data/reference: published values the tests check against, with their sources
std::string binDir();      // the built tools
Poco::JSON::Object::Ptr readJson(const std::string& path);
Poco::JSON::Object::Ptr reference(const std::string& name);  // e.g. "agreement.json" in referenceDir()

void writeText(const std::string& path, const std::string& text);
std::string readText(const std::string& path);

struct CommandResult {
    int exitCode = -1;
    std::string out;   // stdout
    std::string err;   // stderr
};
// Runs a shell command line (sh -c) and captures its output.
CommandResult runCommand(const std::string& commandLine);
// Runs Debian's python3 (which has openpyxl) on a script given as text, with args.
CommandResult runPython(const std::string& script, const std::vector<std::string>& args = {});
// Converts a file with LibreOffice headless (e.g. to "xlsx" or "pdf") into outDir; returns the result.
CommandResult libreofficeConvert(const std::string& file, const std::string& format, const std::string& outDir);
std::string shellQuote(const std::string& s);

}  // namespace audit::test
