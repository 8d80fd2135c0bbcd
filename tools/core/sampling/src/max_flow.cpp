#include "audit/sampling/max_flow.h"

#include <limits>
#include <queue>
#include <stdexcept>

namespace audit {

MaxFlow::MaxFlow(std::size_t nodes) : adj_(nodes) {}

std::size_t MaxFlow::addNode() {
    adj_.emplace_back();
    return adj_.size() - 1;
}

std::size_t MaxFlow::addEdge(std::size_t from, std::size_t to, std::int64_t capacity) {
    if (from >= adj_.size() || to >= adj_.size() || capacity < 0)
        throw std::invalid_argument("MaxFlow::addEdge: bad node or capacity");
    const std::size_t id = edges_.size();
    edges_.push_back({from, to, capacity, 0});
    edges_.push_back({to, from, 0, 0});
    adj_[from].push_back(id);
    adj_[to].push_back(id + 1);
    return id / 2;
}

void MaxFlow::addCapacity(std::size_t edge, std::int64_t extra) {
    if (extra < 0) throw std::invalid_argument("MaxFlow::addCapacity: negative");
    edges_.at(2 * edge).cap += extra;
}

std::int64_t MaxFlow::flowOn(std::size_t edge) const { return edges_.at(2 * edge).flow; }
std::int64_t MaxFlow::capacityOf(std::size_t edge) const { return edges_.at(2 * edge).cap; }

bool MaxFlow::bfs(std::size_t s, std::size_t t) {
    level_.assign(adj_.size(), -1);
    std::queue<std::size_t> q;
    level_[s] = 0;
    q.push(s);
    while (!q.empty()) {
        const std::size_t v = q.front();
        q.pop();
        for (std::size_t id : adj_[v]) {
            const Edge& e = edges_[id];
            if (e.cap - e.flow > 0 && level_[e.to] < 0) {
                level_[e.to] = level_[v] + 1;
                q.push(e.to);
            }
        }
    }
    return level_[t] >= 0;
}

std::int64_t MaxFlow::dfs(std::size_t v, std::size_t t, std::int64_t pushed) {
    if (v == t || pushed == 0) return pushed;
    for (std::size_t& i = it_[v]; i < adj_[v].size(); ++i) {
        const std::size_t id = adj_[v][i];
        Edge& e = edges_[id];
        if (level_[e.to] != level_[v] + 1 || e.cap - e.flow <= 0) continue;
        const std::int64_t got = dfs(e.to, t, std::min(pushed, e.cap - e.flow));
        if (got > 0) {
            e.flow += got;
            edges_[id ^ 1].flow -= got;
            return got;
        }
    }
    return 0;
}

std::int64_t MaxFlow::run(std::size_t source, std::size_t sink) {
    while (bfs(source, sink)) {
        it_.assign(adj_.size(), 0);
        while (std::int64_t f = dfs(source, sink, std::numeric_limits<std::int64_t>::max())) total_ += f;
    }
    return total_;
}

std::vector<bool> MaxFlow::minCutSource(std::size_t source) const {
    std::vector<bool> seen(adj_.size(), false);
    std::queue<std::size_t> q;
    seen[source] = true;
    q.push(source);
    while (!q.empty()) {
        const std::size_t v = q.front();
        q.pop();
        for (std::size_t id : adj_[v]) {
            const Edge& e = edges_[id];
            if (e.cap - e.flow > 0 && !seen[e.to]) {
                seen[e.to] = true;
                q.push(e.to);
            }
        }
    }
    return seen;
}

}  // namespace audit
