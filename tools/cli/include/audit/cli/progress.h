// A progress bar on stderr for long work. It draws only when stderr is a terminal and the tool
// was not given --quiet; otherwise every call does nothing.
#pragma once
#include <chrono>
#include <cstddef>
#include <string>

namespace audit::cli {

class Progress {
public:
    Progress(bool enabled, std::string label, std::size_t total);
    ~Progress();
    void update(std::size_t done);
    void update(std::size_t done, std::size_t total);  // a job's progress callback: the total known as it runs
    void finish();
    bool enabled() const { return enabled_; }

private:
    void draw(std::size_t done);
    bool enabled_;
    std::string label_;
    std::size_t total_;
    std::chrono::steady_clock::time_point last_;
    bool drawn_ = false;
};

}  // namespace audit::cli
