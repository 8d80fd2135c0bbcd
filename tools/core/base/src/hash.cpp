#include "audit/base/hash.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "audit/base/error.h"

namespace audit {

std::string sha256(std::string_view data) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(data.data(), static_cast<unsigned>(data.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string sha256File(const std::string& path) {
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
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        if (got > 0) engine.update(buffer.data(), static_cast<unsigned>(got));
    }
    if (in.bad()) throw Error(ErrorKind::IO, path, "", "read failed while hashing");
    return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace audit
