#include "audit/base/output_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "audit/base/error.h"

namespace fs = std::filesystem;

namespace audit {

namespace {
// A temporary of this output left by a run that was killed (kill -9, power cut) before it could remove it: its
// process is gone. Removed, so that killed runs do not pile up hidden files; one of a live process is left alone.
void removeStaleTemporaries(const fs::path& dir, const std::string& prefix) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string pid = name.substr(prefix.size());
        if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
        const long id = std::stol(pid);
        if (id == ::getpid()) continue;
        if (::kill(static_cast<pid_t>(id), 0) != 0 && errno == ESRCH) {
            std::error_code rm;
            fs::remove(it->path(), rm);
        }
    }
}
}  // namespace

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
    fs::path p(path_);
    fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error(ErrorKind::CantCreate, path_, "", "cannot create the file: folder '" + dir.string() + "' does not exist");
    if (fs::is_directory(p, ec))
        throw Error(ErrorKind::CantCreate, path_, "", "cannot create the file: a folder of that name exists");
    const std::string prefix = "." + p.filename().string() + ".tmp-";
    temp_ = (dir / (prefix + std::to_string(::getpid()))).string();
    removeStaleTemporaries(dir, prefix);
    out_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!out_)
        throw Error(ErrorKind::CantCreate, path_, "", std::string("cannot create the file: ") + std::strerror(errno));
}

OutputFile::~OutputFile() {
    if (!done_) discard();
}

std::ofstream& OutputFile::stream() { return out_; }

void OutputFile::finish() {
    if (done_ || finished_) return;
    if (out_.is_open()) {
        out_.flush();
        if (!out_) {
            discard();
            throw Error(ErrorKind::IO, path_, "", "writing failed (disk full?)");
        }
        out_.close();
        if (out_.fail()) {
            discard();
            throw Error(ErrorKind::IO, path_, "", "writing failed (disk full?)");
        }
    }
    // On disk before it gets its name: a crash after the rename must not leave an empty or partial file.
    const int fd = ::open(temp_.c_str(), O_RDONLY);
    if (fd >= 0) {
        const int rc = ::fsync(fd);
        ::close(fd);
        if (rc != 0) {
            const std::string why = std::strerror(errno);
            discard();
            throw Error(ErrorKind::IO, path_, "", "writing failed: " + why);
        }
    }
    finished_ = true;
}

void OutputFile::commit() {
    if (done_) return;
    finish();
    std::error_code ec;
    fs::rename(temp_, path_, ec);
    if (ec) {
        discard();
        throw Error(ErrorKind::CantCreate, path_, "", "cannot move the finished file into place: " + ec.message());
    }
    done_ = true;
}

void OutputFile::discard() {
    if (out_.is_open()) out_.close();
    std::error_code ec;
    fs::remove(temp_, ec);
    done_ = true;
}

void writeFileAtomically(const std::string& path, const std::string& content) {
    OutputFile f(path);
    f.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
    f.commit();
}

std::string readFile(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(ErrorKind::NoInput, path, "", "no such file");
    if (fs::is_directory(path, ec)) throw Error(ErrorKind::NoInput, path, "", "is a folder, expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::NoInput, path, "", std::string("cannot open: ") + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error(ErrorKind::IO, path, "", "reading failed");
    return ss.str();
}

}  // namespace audit
