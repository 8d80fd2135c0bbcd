// Output files are written under a temporary name beside the target and renamed into place on
// commit(), so that a failed run never leaves a half-written file. If commit() is not reached
// (an exception, an early return) the temporary file is removed. A temporary of the same output left by a
// killed run (".NAME.tmp-PID" whose process is gone) is removed when the output is next written; readers of
// folders (filesIn) never take such names.
#pragma once
#include <fstream>
#include <string>

namespace audit {

class OutputFile {
public:
    explicit OutputFile(std::string path);  // throws Error(CantCreate) if the folder is missing or not writable
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    const std::string& path() const { return path_; }          // the final name
    const std::string& tempPath() const { return temp_; }      // where to write (for libraries that open by name)
    std::ofstream& stream();                                   // or write through this stream (binary)
    // Flush, check (a full disk shows here) and sync to disk, without renaming: for callers that record something
    // (in the store) only once the file is known to be complete, then commit(). commit() finishes first if needed.
    void finish();
    void commit();                                             // finish, rename into place
    void discard();                                            // remove the temporary file now

private:
    std::string path_;
    std::string temp_;
    std::ofstream out_;
    bool done_ = false;
    bool finished_ = false;
};

// Write a whole file atomically.
void writeFileAtomically(const std::string& path, const std::string& content);
// Read a whole file; throws Error(NoInput) naming the file if it cannot be read.
std::string readFile(const std::string& path);

}  // namespace audit
