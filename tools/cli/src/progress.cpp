#include "audit/cli/progress.h"

#include <cstdio>
#include <unistd.h>

namespace audit::cli {

Progress::Progress(bool enabled, std::string label, std::size_t total)
    : enabled_(enabled && ::isatty(STDERR_FILENO)), label_(std::move(label)), total_(total),
      last_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { finish(); }

void Progress::update(std::size_t done) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    draw(done);
}

void Progress::update(std::size_t done, std::size_t total) {
    total_ = total;
    update(done);
}

void Progress::draw(std::size_t done) {
    const int width = 30;
    const double frac = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
    const int filled = static_cast<int>(frac * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), ' ');
    std::fprintf(stderr, "\r%s [%s] %3d%% (%zu/%zu)", label_.c_str(), bar.c_str(), static_cast<int>(frac * 100), done,
                 total_);
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    if (!enabled_ || !drawn_) return;
    draw(total_);
    std::fputs("\n", stderr);
    drawn_ = false;
    enabled_ = false;
}

}  // namespace audit::cli
