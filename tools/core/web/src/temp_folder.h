// A temporary folder for one request's workbooks, removed with everything in it when the request is done (private
// to the web module: the observer's page and the QA lead's downloads write a job's workbook here and read it back;
// a round's preview and confirmation put the uploads here for the draw). Mode 0700.
#pragma once
#include <filesystem>
#include <string>

#include "audit/web/security.h"

namespace audit::web {

struct TempFolder {
    std::filesystem::path path;
    explicit TempFolder(const std::string& prefix = "audit-serve-") {
        path = std::filesystem::temp_directory_path() / (prefix + randomToken(8));
        std::filesystem::create_directories(path);
        // Uploads of case lists are personal data: nobody but the server's own user reads them.
        std::filesystem::permissions(path, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);
    }
    ~TempFolder() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
};

}  // namespace audit::web
