#include "test_support.h"

#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include "audit/forms/template.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace audit::test {

void expectError(const std::function<void()>& fn, ErrorKind kind, std::initializer_list<std::string> parts) {
    try {
        fn();
    } catch (const Error& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(kind), "kind " << e.exitCode() << ": " << e.what());
        for (const auto& p : parts) BOOST_TEST(std::string(e.what()).find(p) != std::string::npos, "'" << p << "' in: " << e.what());
        return;
    }
    BOOST_FAIL("expected an audit::Error");
}

const Catalogue& catalogue() {
    static const Catalogue c = Catalogue::load(sourceDir());
    return c;
}

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "audit-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary folder");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string sourceDir() { return AUDIT_TEST_SOURCE_DIR; }

std::string referenceDir() { return sourceDir() + "/tests/data/reference"; }

std::string binDir() {
    if (const char* s = std::getenv("AUDIT_BIN"); s && *s) return s;
    return AUDIT_TEST_BIN_DIR;
}

Poco::JSON::Object::Ptr readJson(const std::string& path) {
    Poco::JSON::Parser parser;
    return parser.parse(readText(path)).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr reference(const std::string& name) { return readJson(referenceDir() + "/" + name); }

void writeText(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

CommandResult runCommand(const std::string& commandLine) {
    TempDir tmp;
    const std::string outFile = tmp.file("out"), errFile = tmp.file("err");
    const std::string full = "(" + commandLine + ") >" + shellQuote(outFile) + " 2>" + shellQuote(errFile) + " </dev/null";
    int status = std::system(full.c_str());
    CommandResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = readText(outFile);
    r.err = readText(errFile);
    return r;
}

CommandResult runPython(const std::string& script, const std::vector<std::string>& args) {
    TempDir tmp;
    writeText(tmp.file("script.py"), script);
    std::string cmd = "/usr/bin/python3 " + shellQuote(tmp.file("script.py"));
    for (const auto& a : args) cmd += " " + shellQuote(a);
    return runCommand(cmd);
}

CommandResult libreofficeConvert(const std::string& file, const std::string& format, const std::string& outDir) {
    // A private profile folder lets tests run LibreOffice side by side without locking each other out.
    TempDir profile;
    std::string cmd = "soffice -env:UserInstallation=file://" + profile.path() +
                      " --headless --norestore --convert-to " + shellQuote(format) + " --outdir " +
                      shellQuote(outDir) + " " + shellQuote(file);
    return runCommand(cmd);
}

}  // namespace audit::test
