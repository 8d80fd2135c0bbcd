// Files a QA lead uploads to start a round (the case list, the roster of auditors), kept in the store's web_upload
// table from the preview to the confirmation, so that any audit-serve process on the store can answer either step.
// Private to the web module.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace audit {
class Store;
}

namespace audit::web {

struct StoredUpload {
    std::int64_t id = 0;
    std::string purpose;   // cases | roster
    std::string fileName;  // as the browser gave it
    std::string sha256;
    std::string data;
};

// Keeps `data` for the account; first removes every upload older than a day (anybody's: a preview never confirmed).
std::int64_t saveUpload(Store& store, std::int64_t accountId, const std::string& purpose, const std::string& fileName,
                        const std::string& data, std::int64_t now);
// The account's own upload `id` of that purpose; nullopt for another's, a missing one or one older than a day.
std::optional<StoredUpload> loadUpload(Store& store, std::int64_t id, std::int64_t accountId, const std::string& purpose,
                                       std::int64_t now);
void deleteUpload(Store& store, std::int64_t id);

inline constexpr std::int64_t kUploadLifetime = 24 * 3600;  // seconds

}  // namespace audit::web
