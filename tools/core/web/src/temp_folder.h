// A private temporary folder (mode 0700) removed when the request is done: where a job writes a workbook the server
// reads back, or an upload is put for a job that reads a file. Private to the web module.
#pragma once
#include <filesystem>
#include <string>

#include "audit/web/security.h"

namespace audit::web {

struct TempFolder {
    std::filesystem::path path;
    explicit TempFolder(const std::string& purpose) {
        path = std::filesystem::temp_directory_path() / ("audit-serve-" + purpose + "-" + randomToken(8));
        std::filesystem::create_directories(path);
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
