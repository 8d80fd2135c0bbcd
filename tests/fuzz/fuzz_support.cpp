#include "fuzz_support.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fuzz {

namespace {
// The folder's name is never destroyed: a handler given to atexit while a static is being initialised runs after
// that static's destructor, so a static std::string here was read after it was freed (ASan, at the end of a 600 s
// run of bulk_returns).
const std::string& scratch() {
    static const std::string& dir = *new std::string([] {
        const char* tmp = std::getenv("TMPDIR");
        std::string d = std::string(tmp && *tmp ? tmp : "/tmp") + "/audit-fuzz-" + std::to_string(::getpid());
        std::filesystem::create_directories(d);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratch(), ec);
        });
        return d;
    }());
    return dir;
}
}  // namespace

std::string writeText(const std::string& text, const std::string& name) {
    const std::string path = scratch() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    return path;
}

std::string writeInput(const std::uint8_t* data, std::size_t size, const std::string& ext) {
    return writeText(std::string(reinterpret_cast<const char*>(data), size), "input" + ext);
}

}  // namespace fuzz
