// Errors the core reports. The core never prints and never exits: it throws audit::Error,
// which carries the kind (mapped to a sysexits code by the tools), the file, the place in it
// (line:column, sheet and cell, row) and what was wrong and what was expected.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace audit {

enum class ErrorKind {
    Usage = 64,       // EX_USAGE: the command line is wrong
    Data = 65,        // EX_DATAERR: input data is wrong
    NoInput = 66,     // EX_NOINPUT: an input file is missing or unreadable
    Internal = 70,    // EX_SOFTWARE: a bug
    CantCreate = 73,  // EX_CANTCREAT: an output cannot be created
    IO = 74,          // EX_IOERR: reading or writing failed
};

// One problem found in an input: where and what.
struct Problem {
    std::string file;     // may be empty
    std::string place;    // "line 3, column 7", "sheet 'Audit', cell D14", "row 12"; may be empty
    std::string message;  // what was wrong and what was expected
    std::string str() const;  // "file: place: message", empty parts left out
};

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, std::string message);
    Error(ErrorKind kind, std::string file, std::string place, std::string message);
    // Several problems at once (validation): what() lists every one, one per line.
    Error(ErrorKind kind, std::vector<Problem> problems);

    ErrorKind kind() const { return kind_; }
    const std::vector<Problem>& problems() const { return problems_; }
    int exitCode() const { return static_cast<int>(kind_); }

private:
    ErrorKind kind_;
    std::vector<Problem> problems_;
};

// Shorthands.
[[noreturn]] void throwData(const std::string& file, const std::string& place, const std::string& message);
[[noreturn]] void throwUsage(const std::string& message);

}  // namespace audit
