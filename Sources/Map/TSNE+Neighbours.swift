import LinearAlgebra

extension TSNE {
    /// Embeds m points given each point's nearest neighbours (nearest first, ties by index) instead of a
    /// distance matrix: Barnes–Hut (interpolation above `interpolationThreshold` points) with P from the first k = min(m − 1, ⌊3·perplexity + 1⌋)
    /// entries of every list (`Affinities.sparse(neighbours:)`), so nothing m×m is held. With the lists of
    /// `NeighbourSearch.nearest(D, k:)` this is exactly `embed(distances: D)` under `.barnesHut` with the
    /// same start (`.automatic` means Barnes–Hut here up to `interpolationThreshold` points, never exact). The start must not be `.classicalScaling` (it needs the distances).
    /// - Throws: `MapError` when a list is shorter than k or names a point out of range, m < 3, an option
    ///   is out of range, or the method is `.exact` (it needs P over all pairs).
    /// - Complexity: O(m·k·steps) affinities + O(iterations·m·(k + log m)).
    public static func embed(neighbours: [[Neighbour]], start: Start, options: Options = Options()) throws -> Result {
        let m = neighbours.count
        var o = options
        // Lists have no P over all pairs: `.automatic` is Barnes–Hut up to `interpolationThreshold`, interpolation above.
        if o.method == .automatic { o.method = m > interpolationThreshold ? .interpolation : .barnesHut }
        let (perplexity, method, rate) = try settings(m: m, options: o)
        guard method != .exact else {
            throw MapError.invalidOption(name: "method", value: "exact", expected: "barnesHut or interpolation for t-SNE from neighbour lists")
        }
        let k = Swift.min(m - 1, Int(3 * perplexity + 1))
        var lists: [[Neighbour]] = []
        lists.reserveCapacity(m)
        for (i, list) in neighbours.enumerated() {
            guard list.count >= k else {
                throw MapError.invalidOption(name: "neighbours[\(i)]", value: "\(list.count) neighbours", expected: "at least \(k) (⌊3·perplexity + 1⌋)")
            }
            guard list.allSatisfy({ $0.index >= 0 && $0.index < m && $0.index != i }) else {
                throw MapError.invalidOption(name: "neighbours[\(i)]", value: "an index out of range", expected: "other points 0..<\(m)")
            }
            lists.append(Array(list.prefix(k)))
        }
        let y = try TSNE.start(start, m: m, seed: o.seed)
        let p = Affinities.sparse(neighbours: lists, perplexity: perplexity, square: o.squareDistances)
        var objective: Objective = method == .interpolation ? .interpolation(p, m: m) : .barnesHut(p, m: m, theta: o.theta)
        return descend(&objective, from: y, method: method, perplexity: perplexity, rate: rate, options: o)
    }
}
