// What every executable shares: the common options (--help, --version, --store, --json, --quiet),
// option access with clear usage errors, error printing ("tool: error: file: place: message") and the
// mapping of audit::Error kinds to sysexits codes. A tool derives from Tool, adds its options in
// addOptions(), does its work in work(), and its main is AUDIT_TOOL_MAIN(ClassName).
#pragma once
#include <Poco/Util/Application.h>
#include <Poco/Util/OptionSet.h>

#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "audit/cli/progress.h"

namespace audit::cli {

// One subcommand of a tool ("import", "summary"): its name and what runs it with the arguments after the name.
struct Subcommand {
    std::string name;
    std::function<int(const std::vector<std::string>&)> run;
};

struct ToolInfo {
    std::string name;         // "audit-sample"
    std::string summary;      // one line: what it does
    std::string usage;        // synopsis lines, one per form of the command
    std::string description;  // a paragraph or two (optional)
    std::string examples;     // worked examples, one per line (shown under EXAMPLES)
};

class Tool : public Poco::Util::Application {
public:
    explicit Tool(ToolInfo info);

    const ToolInfo& info() const { return info_; }

    // --- options as given on the command line
    bool has(const std::string& name) const;
    std::optional<std::string> optional(const std::string& name) const;       // last value given
    std::string value(const std::string& name, const std::string& fallback) const;
    std::string require(const std::string& name) const;                        // usage error if absent
    std::vector<std::string> values(const std::string& name) const;            // every value (repeatable)
    long long integer(const std::string& name, long long fallback) const;      // usage error if not a whole number
    double number(const std::string& name, double fallback) const;             // usage error if not a number
    bool json() const { return has("json"); }
    bool quiet() const { return has("quiet"); }
    std::string store() const;  // --store, else $AUDIT_STORE, else audit.db

    // --- output
    std::ostream& out();
    void warn(const std::string& message);  // "tool: warning: message" on stderr unless --quiet
    Progress progress(const std::string& label, std::size_t total);  // shown only on a terminal, not with --quiet

    // Runs the subcommand named by args[0] with the remaining arguments. With no arguments, runs
    // `fallback` when given, else is a usage error ("a subcommand is needed: a, b or c"); an unknown name is a
    // usage error naming the ones there are ("unknown subcommand 'x'; expected a, b or c").
    int dispatch(const std::vector<std::string>& args, const std::vector<Subcommand>& subcommands,
                 const std::string& fallback = "") const;

    // For a short run that allocates and frees much (a big draw, a thousand forms on two threads): glibc keeps
    // freed memory in the process instead of returning it to the kernel after every large free (brk, madvise)
    // and faulting it back in. Never for a long-lived process (a server). With oneHeap, the threads allocate
    // from one heap too (glibc otherwise gives each thread its own): what a helper thread built and freed (half
    // of a case list read on two threads) is reused by the main thread instead of lying idle in the helper's
    // heap (a million-case draw: 109 MB peak -> 97 MB). Not for many threads that allocate much at once.
    static void keepFreedMemory(bool oneHeap = false);

    // Throws a usage error (exit 64) with this message.
    [[noreturn]] void usageError(const std::string& message) const;

    // Run the tool: parse options (usage errors exit 64), then work(). Returns the exit code.
    int execute(int argc, char** argv);

protected:
    // Option helpers for addOptions().
    static Poco::Util::Option opt(const std::string& name, const std::string& arg, const std::string& help,
                                  bool repeatable = false);
    static Poco::Util::Option flag(const std::string& name, const std::string& help);

    virtual void addOptions(Poco::Util::OptionSet& set) = 0;
    virtual int work(const std::vector<std::string>& args) = 0;

private:
    void defineOptions(Poco::Util::OptionSet& set) override;
    void handleOption(const std::string& name, const std::string& value) override;
    int main(const std::vector<std::string>& args) override;
    void printHelp(std::ostream& os);
    void printError(const std::string& message);

    ToolInfo info_;
    std::multimap<std::string, std::string> given_;
    std::vector<std::string> order_;
};

}  // namespace audit::cli

#define AUDIT_TOOL_MAIN(ToolClass)               \
    int main(int argc, char** argv) {            \
        ToolClass tool;                          \
        return tool.execute(argc, argv);         \
    }
