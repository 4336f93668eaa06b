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
            var best = NearestList(k: kk)
            for i in 0..<m {
                best.removeAll()
                for j in 0..<m where j != i {
                    best.offer(j, ds[j + i * m]) // column i = row i (symmetric), contiguous
                }
                out[i] = best.items
            }
        }
        return out
    }
}

/// The k best candidates offered so far under the order (distance, index), nearest first: a sorted buffer
/// with insertion, which beats a heap for the small k of neighbour lists.
struct NearestList {
    let k: Int
    private(set) var items: [Neighbour] = []

    init(k: Int) { self.k = k; items.reserveCapacity(k + 1) }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    /// Keeps candidate j at distance v if the list has room or it comes before the last kept.
    @inline(__always)
    mutating func offer(_ j: Int, _ v: Double) {
        if items.count == k {
            let w = items[k - 1]
            if !(v < w.distance || (v == w.distance && j < w.index)) { return }
            items.removeLast()
        }
        var pos = items.count
        while pos > 0 {
            let b = items[pos - 1]
            if v < b.distance || (v == b.distance && j < b.index) { pos -= 1 } else { break }
        }
        items.insert(Neighbour(index: j, distance: v), at: pos)
    }
}
