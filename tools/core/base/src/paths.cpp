#include "audit/base/paths.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "audit/base/error.h"
#include "audit/base/text.h"

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

std::vector<std::string> filesIn(const std::vector<std::string>& paths, const std::vector<std::string>& extensions) {
    namespace fs = std::filesystem;
    const auto wanted = [&](const fs::path& p) {
        const std::string name = p.filename().string();
        if (name.rfind("~$", 0) == 0 || name.rfind(".~lock", 0) == 0) return false;
        const std::string ext = text::lower(p.extension().string());
        return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
    };
    std::vector<std::string> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
                 it.increment(ec))
                if (it->is_regular_file(ec) && wanted(it->path())) found.push_back(it->path().string());
            if (ec) throw Error(ErrorKind::IO, p, "", "cannot read the folder: " + ec.message());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::exists(p, ec)) {
            files.push_back(p);
        } else {
            throw Error(ErrorKind::NoInput, p, "", "no such file or folder");
        }
    }
    return files;
}

}  // namespace audit
