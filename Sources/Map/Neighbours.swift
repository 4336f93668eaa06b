import LinearAlgebra

/// One neighbour of an encoder: its index and the distance to it.
public struct Neighbour: Sendable, Equatable, Codable {
    public let index: Int
    public let distance: Double
    public init(index: Int, distance: Double) { self.index = index; self.distance = distance }
}

/// k-nearest-neighbour search in a precomputed distance matrix.
public enum NeighbourSearch {
    /// The k nearest points of each point, itself excluded, nearest first; equal distances are ordered
    /// by index (the smaller index first). k is capped at m − 1.
    ///
    /// Keeps a sorted buffer of the k best candidates per row (insertion), which beats a full sort for
    /// the small k used here.
    /// - Complexity: O(m² · k) worst case, typically O(m² + m·k²); O(m·k) memory.
    public static func nearest(_ d: Matrix, k: Int) -> [[Neighbour]] {
        let m = d.rows
        let kk = Swift.max(0, Swift.min(k, m - 1))
        var out = [[Neighbour]](repeating: [], count: m)
        guard kk > 0 else { return out }
        d.storage.withUnsafeBufferPointer { ds in
            var best = [Neighbour]()
            best.reserveCapacity(kk + 1)
            for i in 0..<m {
                best.removeAll(keepingCapacity: true)
                for j in 0..<m where j != i {
                    let v = ds[j + i * m] // column i = row i (symmetric), contiguous
                    if best.count == kk {
                        let w = best[kk - 1]
                        if !(v < w.distance || (v == w.distance && j < w.index)) { continue }
                        best.removeLast()
                    }
                    var pos = best.count
                    while pos > 0 {
                        let b = best[pos - 1]
                        if v < b.distance || (v == b.distance && j < b.index) { pos -= 1 } else { break }
                    }
                    best.insert(Neighbour(index: j, distance: v), at: pos)
                }
                out[i] = best
            }
        }
        return out
    }
}
