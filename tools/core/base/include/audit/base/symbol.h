// Interned text: a Symbol is one pointer to a string kept for the life of the process, so that the millions of
// repeated labels a large report reads (domain ids, grade labels, moderators, periods) cost 8 bytes each and
// compare by pointer. Two Symbols made from equal text are equal; the default Symbol is the empty string.
//
//   Symbol d("voice");
//   if (j.domain == d) ...                 // pointer comparison
//   const std::string& s = d;              // the text (also d.str())
//
// Interning takes a lock (any thread may make Symbols); reading a Symbol's text does not. The pool only grows:
// intern labels, not unbounded data such as case references.
#pragma once
#include <compare>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace audit {

class Symbol {
public:
    Symbol() : p_(&emptyText()) {}
    Symbol(std::string_view text);  // NOLINT: implicit, so that a Symbol can be given where text is
    Symbol(const std::string& text) : Symbol(std::string_view(text)) {}
    Symbol(const char* text) : Symbol(std::string_view(text)) {}

    const std::string& str() const { return *p_; }
    operator const std::string&() const { return *p_; }  // NOLINT
    operator std::string_view() const { return *p_; }     // NOLINT
    bool empty() const { return p_->empty(); }
    std::size_t size() const { return p_->size(); }
    const char* c_str() const { return p_->c_str(); }
    // A key for hash maps: equal Symbols have equal keys.
    const void* key() const { return p_; }

    friend bool operator==(Symbol a, Symbol b) { return a.p_ == b.p_; }
    friend bool operator==(Symbol a, const std::string& b) { return *a.p_ == b; }
    friend bool operator==(Symbol a, const char* b) { return *a.p_ == b; }
    // Text order (for sorted output), not pointer order.
    friend std::strong_ordering operator<=>(Symbol a, Symbol b) {
        return a.p_ == b.p_ ? std::strong_ordering::equal : a.p_->compare(*b.p_) <=> 0;
    }
    friend std::string operator+(const std::string& a, Symbol b) { return a + *b.p_; }
    friend std::string operator+(Symbol a, const std::string& b) { return *a.p_ + b; }
    friend std::string operator+(const char* a, Symbol b) { return a + *b.p_; }
    friend std::ostream& operator<<(std::ostream& os, Symbol s) { return os << *s.p_; }

private:
    static const std::string& emptyText();
    const std::string* p_;
};

}  // namespace audit

template <>
struct std::hash<audit::Symbol> {
    std::size_t operator()(audit::Symbol s) const noexcept { return std::hash<const void*>{}(s.key()); }
};
