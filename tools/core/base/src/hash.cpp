#include "audit/base/hash.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "audit/base/error.h"

namespace audit {

// OpenSSL's SHA-256 (SHA-NI where the processor has it): an import hashes every file and each return's content;
// Poco's SHA2Engine took a twentieth of an import of 1,000 forms (issue 18).
namespace {

std::string hex(const unsigned char* md, unsigned len) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(2 * len);
    for (unsigned i = 0; i < len; ++i) {
        out += digits[md[i] >> 4];
        out += digits[md[i] & 15];
    }
    return out;
}

struct Digest {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    Digest() {
        if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1)
            throw Error(ErrorKind::Internal, "OpenSSL cannot compute SHA-256");
    }
    ~Digest() { EVP_MD_CTX_free(ctx); }
    Digest(const Digest&) = delete;
    Digest& operator=(const Digest&) = delete;
    void update(const void* data, std::size_t n) { EVP_DigestUpdate(ctx, data, n); }
    std::string hexDigest() {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned len = 0;
        EVP_DigestFinal_ex(ctx, md, &len);
        return hex(md, len);
    }
};

}  // namespace

std::string sha256(std::string_view data) {
    Digest d;
    d.update(data.data(), data.size());
    return d.hexDigest();
}

namespace {

std::ifstream openToRead(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(ErrorKind::NoInput, path, "", "is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        throw Error(ErrorKind::NoInput, path, "",
                    std::filesystem::exists(path, ec) ? std::string("cannot be read: ") + std::strerror(err)
                                                      : std::string("no such file"));
    }
    return in;
}

}  // namespace

std::string readWholeFile(const std::string& path) {
    std::ifstream in = openToRead(path);
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0);
    std::string content(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    if (in.gcount() != static_cast<std::streamsize>(content.size())) throw Error(ErrorKind::IO, path, "", "read failed");
    return content;
}

std::string sha256File(const std::string& path) {
    std::ifstream in = openToRead(path);
    Digest d;
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        if (got > 0) d.update(buffer.data(), static_cast<std::size_t>(got));
    }
    if (in.bad()) throw Error(ErrorKind::IO, path, "", "read failed while hashing");
    return d.hexDigest();
}

}  // namespace audit
