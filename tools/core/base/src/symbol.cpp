#include "audit/base/symbol.h"

#include <mutex>
#include <unordered_set>

namespace audit {

namespace {

struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct Pool {
    std::mutex mutex;
    std::unordered_set<std::string, Hash, std::equal_to<>> strings;  // nodes never move: pointers stay valid
};

Pool& pool() {
    static Pool* p = new Pool;  // never destroyed: Symbols may be read during static destruction
    return *p;
}

}  // namespace

const std::string& Symbol::emptyText() {
    static const std::string* e = new std::string;
    return *e;
}

Symbol::Symbol(std::string_view text) {
    if (text.empty()) {
        p_ = &emptyText();
        return;
    }
    Pool& p = pool();
    std::lock_guard<std::mutex> lock(p.mutex);
    auto it = p.strings.find(text);
    if (it == p.strings.end()) it = p.strings.emplace(text).first;
    p_ = &*it;
}

}  // namespace audit
