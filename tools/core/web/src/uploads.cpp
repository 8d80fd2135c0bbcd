#include "uploads.h"

#include <sodium.h>

#include "audit/base/error.h"
#include "audit/base/hash.h"
#include "audit/store/store.h"

namespace audit::web {

namespace {

std::string toBase64(const std::string& data) {
    std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.find('\0'));
    return out;
}

std::string fromBase64(const std::string& text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        throw Error(ErrorKind::Internal, "web_upload", "", "a stored upload is not base64");
    out.resize(len);
    return out;
}

}  // namespace

std::int64_t saveUpload(Store& store, std::int64_t accountId, const std::string& purpose, const std::string& fileName,
                        const std::string& data, std::int64_t now) {
    return store.transaction([&] {
        store.exec("DELETE FROM web_upload WHERE uploaded_epoch < ?", now - kUploadLifetime);
        return store.insertReturningId(
            "INSERT INTO web_upload (account_id, purpose, file_name, sha256, bytes, content, uploaded_epoch) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            accountId, purpose, fileName, sha256(data), static_cast<std::int64_t>(data.size()), toBase64(data), now);
    });
}

std::optional<StoredUpload> loadUpload(Store& store, std::int64_t id, std::int64_t accountId, const std::string& purpose,
                                       std::int64_t now) {
    const auto rows = store.query(
        "SELECT id, purpose, file_name, sha256, content FROM web_upload "
        "WHERE id = ? AND account_id = ? AND purpose = ? AND uploaded_epoch >= ?",
        id, accountId, purpose, now - kUploadLifetime);
    if (rows.empty()) return std::nullopt;
    const auto& r = rows.front();
    StoredUpload u{r.integer("id"), r.text("purpose"), r.text("file_name"), r.text("sha256"), fromBase64(r.text("content"))};
    if (sha256(u.data) != u.sha256) throw Error(ErrorKind::Internal, "web_upload", "", "a stored upload does not match its hash");
    return u;
}

void deleteUpload(Store& store, std::int64_t id) { store.exec("DELETE FROM web_upload WHERE id = ?", id); }

}  // namespace audit::web
