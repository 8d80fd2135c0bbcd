// Each unit's case reference for a frame (sampling.h's FrameColumns), wherever the references already are.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace audit {

// Three ways to hold them: views pushed here; a loaded case list's text block with each row's end offset and the
// rows the units are (a million-case frame then holds no 16 MB array of views, and a reference is two loads
// away, not a call); or, for anything else, a function. Whatever they point into must outlive the frame.
class CaseRefs {
public:
    CaseRefs() = default;
    CaseRefs(std::size_t units, std::function<std::string_view(std::size_t unit)> read)
        : units_(units), read_(std::move(read)) {}
    // Unit u's reference is text[ends[r - 1] .. ends[r]) (from 0 for r = 0), where r = rows[u].
    CaseRefs(const char* text, const std::uint32_t* ends, const std::uint32_t* rows, std::size_t units)
        : units_(units), text_(text), ends_(ends), rows_(rows) {}

    void reserve(std::size_t n) { views_.reserve(n); }
    void push_back(std::string_view v) {
        views_.push_back(v);
        units_ = views_.size();
    }
    std::string_view operator[](std::size_t unit) const {
        if (ends_) {
            const std::uint32_t row = rows_[unit];
            const std::uint32_t begin = row ? ends_[row - 1] : 0;
            return {text_ + begin, ends_[row] - begin};
        }
        return read_ ? read_(unit) : views_[unit];
    }
    std::size_t size() const { return units_; }

private:
    std::size_t units_ = 0;
    std::vector<std::string_view> views_;
    std::function<std::string_view(std::size_t)> read_;
    const char* text_ = nullptr;
    const std::uint32_t* ends_ = nullptr;
    const std::uint32_t* rows_ = nullptr;
};

}  // namespace audit
