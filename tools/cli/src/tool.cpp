#include "audit/cli/tool.h"

#include <Poco/Exception.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>

#include <charconv>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "audit/base/error.h"
#include "audit/base/paths.h"

namespace audit::cli {

using Poco::Util::Option;
using Poco::Util::OptionSet;

Tool::Tool(ToolInfo info) : info_(std::move(info)) {
    setUnixOptions(true);
}

Option Tool::opt(const std::string& name, const std::string& arg, const std::string& help, bool repeatable) {
    return Option(name, "", help).required(false).repeatable(repeatable).argument(arg, true);
}

Option Tool::flag(const std::string& name, const std::string& help) {
    return Option(name, "", help).required(false).repeatable(true);
}

void Tool::defineOptions(OptionSet& set) {
    Application::defineOptions(set);
    set.addOption(Option("help", "h", "print this help and exit").required(false).repeatable(true));
    set.addOption(flag("version", "print the version and exit"));
    set.addOption(opt("store", "PATH",
                      "the audit store: a SQLite file (default audit.db, or $AUDIT_STORE) or a "
                      "'postgresql:' libpq keyword string"));
    set.addOption(flag("json", "print the summary as one JSON object on stdout"));
    set.addOption(flag("quiet", "print nothing but errors; no progress bar"));
    addOptions(set);
}

void Tool::handleOption(const std::string& name, const std::string& value) {
    Application::handleOption(name, value);
    given_.emplace(name, value);
    if (name == "help" || name == "version") stopOptionsProcessing();
}

bool Tool::has(const std::string& name) const { return given_.count(name) > 0; }

std::optional<std::string> Tool::optional(const std::string& name) const {
    auto range = given_.equal_range(name);
    if (range.first == range.second) return std::nullopt;
    auto last = range.second;
    --last;
    return last->second;
}

std::string Tool::value(const std::string& name, const std::string& fallback) const {
    auto v = optional(name);
    return v ? *v : fallback;
}

std::string Tool::require(const std::string& name) const {
    auto v = optional(name);
    if (!v) usageError("--" + name + " is required");
    if (v->empty()) usageError("--" + name + " needs a value");
    return *v;
}

std::vector<std::string> Tool::values(const std::string& name) const {
    std::vector<std::string> out;
    auto range = given_.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
    return out;
}

long long Tool::integer(const std::string& name, long long fallback) const {
    auto v = optional(name);
    if (!v) return fallback;
    long long result = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), result);
    if (ec != std::errc() || ptr != v->data() + v->size() || v->empty())
        usageError("--" + name + " '" + *v + "' is not a whole number");
    return result;
}

double Tool::number(const std::string& name, double fallback) const {
    auto v = optional(name);
    if (!v) return fallback;
    char* end = nullptr;
    double result = std::strtod(v->c_str(), &end);
    if (v->empty() || end != v->c_str() + v->size()) usageError("--" + name + " '" + *v + "' is not a number");
    return result;
}

std::string Tool::store() const { return resolveStore(optional("store")); }

std::ostream& Tool::out() { return std::cout; }

void Tool::warn(const std::string& message) {
    if (!quiet()) std::cerr << info_.name << ": warning: " << message << '\n';
}

Progress Tool::progress(const std::string& label, std::size_t total) { return Progress(!quiet(), label, total); }

void Tool::keepFreedMemory(bool oneHeap) {
#if defined(__GLIBC__)
    ::mallopt(M_MMAP_THRESHOLD, 512 << 20);  // big arrays from the heap, reused, not mapped and unmapped each time
    ::mallopt(M_TRIM_THRESHOLD, 1024 << 20);  // no trimming of the main heap nor of the threads' heaps
    if (oneHeap) ::mallopt(M_ARENA_MAX, 1);
#else
    (void)oneHeap;
#endif
}

void Tool::usageError(const std::string& message) const { throw Error(ErrorKind::Usage, message); }

int Tool::dispatch(const std::vector<std::string>& args, const std::vector<Subcommand>& subcommands,
                   const std::string& fallback) const {
    std::string names;
    for (std::size_t i = 0; i < subcommands.size(); ++i)
        names += (i == 0 ? "" : i + 1 == subcommands.size() ? " or " : ", ") + subcommands[i].name;
    const std::string name = !args.empty() ? args.front() : fallback;
    if (name.empty()) usageError("a subcommand is needed: " + names);
    for (const auto& s : subcommands)
        if (s.name == name) return s.run(args.empty() ? args : std::vector<std::string>(args.begin() + 1, args.end()));
    usageError("unknown subcommand '" + name + "'; expected " + names);
}

void Tool::printError(const std::string& message) {
    std::istringstream lines(message);
    std::string line;
    while (std::getline(lines, line)) std::cerr << info_.name << ": error: " << line << '\n';
}

void Tool::printHelp(std::ostream& os) {
    os << info_.name << " - " << info_.summary << "\n\nUSAGE\n";
    std::istringstream usage(info_.usage);
    std::string line;
    while (std::getline(usage, line)) os << "  " << line << '\n';
    if (!info_.description.empty()) os << '\n' << info_.description << '\n';
    os << "\nOPTIONS\n";
    for (const auto& o : options()) {
        std::string left = "  --" + o.fullName();
        if (!o.shortName().empty()) left = "  -" + o.shortName() + ", --" + o.fullName();
        if (o.takesArgument()) left += " " + o.argumentName();
        os << left;
        if (left.size() < 28)
            os << std::string(28 - left.size(), ' ');
        else
            os << "\n" << std::string(28, ' ');
        os << o.description() << '\n';
    }
    if (!info_.examples.empty()) {
        os << "\nEXAMPLES\n";
        std::istringstream ex(info_.examples);
        while (std::getline(ex, line)) os << "  " << line << '\n';
    }
    os << "\nEXIT STATUS\n  0 ok, 64 usage error, 65 bad input data, 66 input missing, 70 internal error,\n"
          "  73 cannot create output, 74 I/O error\n";
}

int Tool::main(const std::vector<std::string>& args) {
    if (has("help")) {
        printHelp(std::cout);
        return 0;
    }
    if (has("version")) {
        std::cout << info_.name << " " << toolkitVersion() << '\n';
        return 0;
    }
    try {
        return work(args);
    } catch (const Error& e) {
        printError(e.what());
        if (e.kind() == ErrorKind::Usage)
            std::cerr << "usage: " << info_.usage.substr(0, info_.usage.find('\n')) << "\nTry '" << info_.name
                      << " --help' for more.\n";
        return e.exitCode();
    } catch (const Poco::Exception& e) {
        printError("internal error: " + e.displayText());
        return static_cast<int>(ErrorKind::Internal);
    } catch (const std::exception& e) {
        printError(std::string("internal error: ") + e.what());
        return static_cast<int>(ErrorKind::Internal);
    }
}

int Tool::execute(int argc, char** argv) {
    try {
        init(argc, argv);
    } catch (const Poco::Util::OptionException& e) {
        printError(e.displayText());
        std::cerr << "usage: " << info_.usage.substr(0, info_.usage.find('\n')) << "\nTry '" << info_.name
                  << " --help' for more.\n";
        return static_cast<int>(ErrorKind::Usage);
    } catch (const Poco::Exception& e) {
        printError(e.displayText());
        return static_cast<int>(ErrorKind::Usage);
    }
    return Application::run();
}

}  // namespace audit::cli
