// A small maximum-flow solver (Dinic's algorithm) for the feasibility questions of sampling and
// auditor allocation: can every stratum be filled with at most K cases per worker, can every sampled
// case be given an auditor who is allowed to audit it within the auditors' capacities. Deterministic:
// edges are explored in the order they were added. When the flow falls short, minCutSource() names the
// nodes on the source side of a minimum cut, which is the reason (Hall's condition) in a form that
// can be told to a person: "these cases can only go to these auditors, whose capacity is too small".
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace audit {

class MaxFlow {
public:
    explicit MaxFlow(std::size_t nodes);
    std::size_t addNode();
    // Adds an edge and returns its id (for flowOn()).
    std::size_t addEdge(std::size_t from, std::size_t to, std::int64_t capacity);
    // Raises the capacity of an edge already added (the flow found so far is kept).
    void addCapacity(std::size_t edge, std::int64_t extra);
    // Pushes as much flow as possible from source to sink in addition to what already flows; returns the total.
    std::int64_t run(std::size_t source, std::size_t sink);
    std::int64_t flowOn(std::size_t edge) const;
    std::int64_t capacityOf(std::size_t edge) const;
    std::size_t edgeFrom(std::size_t edge) const { return edges_[edge].from; }
    std::size_t edgeTo(std::size_t edge) const { return edges_[edge].to; }
    // After run(): true for the nodes reachable from the source in the residual graph.
    std::vector<bool> minCutSource(std::size_t source) const;
    std::size_t nodes() const { return adj_.size(); }

private:
    struct Edge {
        std::size_t from, to;
        std::int64_t cap, flow;
    };
    bool bfs(std::size_t s, std::size_t t);
    std::int64_t dfs(std::size_t v, std::size_t t, std::int64_t pushed);
    std::vector<Edge> edges_;  // edge 2k is forward, 2k+1 its reverse
    std::vector<std::vector<std::size_t>> adj_;
    std::vector<int> level_;
    std::vector<std::size_t> it_;
    std::int64_t total_ = 0;
};

}  // namespace audit
