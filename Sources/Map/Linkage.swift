import LinearAlgebra

/// Agglomerative hierarchical clustering of a distance matrix, in SciPy's linkage format.
///
/// Merging clusters x and y (sizes nₓ, n_y, merge height d_xy) updates the distance to any other
/// cluster i (size nᵢ) by the Lance–Williams formulas SciPy uses:
/// - single:   d = min(d_xi, d_yi)
/// - complete: d = max(d_xi, d_yi)
/// - average (UPGMA): d = (nₓ d_xi + n_y d_yi) / (nₓ + n_y)
/// - ward:     d = √[((nᵢ + nₓ) d_xi² + (nᵢ + n_y) d_yi² − nᵢ d_xy²) / (nᵢ + nₓ + n_y)]
///   (meaningful for euclidean distances; heights are then √(2·ΔSSE)·… as in SciPy).
///
/// Algorithms are SciPy's: Prim's minimum spanning tree for single linkage, the nearest-neighbour
/// chain for the others; merges are then stably sorted by height and relabelled with a union–find,
/// so that merge order, ids and heights equal `scipy.cluster.hierarchy.linkage(squareform(D), method)`.
public struct Linkage: Sendable {
    public enum Method: String, Sendable, CaseIterable, Codable {
        case single, complete, average, ward
    }

    /// One merge: clusters `left` < `right` (ids < m are encoders; id m + r is the cluster formed by
    /// merge r) joined at `height`, giving a cluster of `count` encoders.
    public struct Merge: Sendable, Equatable {
        public let left: Int
        public let right: Int
        public let height: Double
        public let count: Int
        public init(left: Int, right: Int, height: Double, count: Int) {
            self.left = left; self.right = right; self.height = height; self.count = count
        }
    }

    /// The m − 1 merges, by increasing height (SciPy's Z matrix rows).
    public let merges: [Merge]
    /// Number of leaves (encoders).
    public let leafCount: Int
    public let method: Method

    /// Clusters the m points of the m×m distance matrix `d`.
    /// - Throws: `MapError` when `d` is not a valid distance matrix or m < 2.
    /// - Complexity: O(m²) time (NN-chain / Prim), O(m²) memory (a condensed copy of `d`).
    public init(distances d: Matrix, method: Method = .average) throws {
        try Distances.validate(d)
        let n = d.rows
        guard n >= 2 else { throw MapError.tooFewEncoders(needed: 2, got: n, for: "hierarchical clustering") }
        self.leafCount = n
        self.method = method
        var raw: [(Int, Int, Double, Int)]
        switch method {
        case .single: raw = Self.primSingle(d)
        default: raw = Self.nnChain(d, method: method)
        }
        // Stable sort by height (SciPy: argsort(kind="mergesort")).
        raw = raw.enumerated().sorted { a, b in
            a.element.2 < b.element.2 || (a.element.2 == b.element.2 && a.offset < b.offset)
        }.map(\.element)
        merges = Self.label(raw, n: n)
    }

    @inline(__always) static func condensedIndex(_ n: Int, _ i: Int, _ j: Int) -> Int {
        let (a, b) = i < j ? (i, j) : (j, i)
        return n * a - (a * (a + 1)) / 2 + (b - a - 1)
    }

    static func condensed(_ d: Matrix) -> [Double] {
        let n = d.rows
        var c = [Double](); c.reserveCapacity(n * (n - 1) / 2)
        for i in 0..<n { for j in (i + 1)..<n { c.append(d[i, j]) } }
        return c
    }

    /// SciPy's `mst_single_linkage`: Prim from point 0; each step records (x, y, dist).
    static func primSingle(_ dm: Matrix) -> [(Int, Int, Double, Int)] {
        let n = dm.rows
        var merged = [Bool](repeating: false, count: n)
        var best = [Double](repeating: .infinity, count: n)
        var out: [(Int, Int, Double, Int)] = []
        var x = 0
        for _ in 0..<(n - 1) {
            var current = Double.infinity, y = -1
            merged[x] = true
            for i in 0..<n where !merged[i] {
                let v = dm[x, i]
                if best[i] > v { best[i] = v }
                if best[i] < current { current = best[i]; y = i }
            }
            if y < 0 { y = merged.firstIndex(of: false)! }
            out.append((x, y, current, 0))
            x = y
        }
        return out
    }

    /// SciPy's `nn_chain` with the Lance–Williams update of `method`.
    static func nnChain(_ dm: Matrix, method: Method) -> [(Int, Int, Double, Int)] {
        let n = dm.rows
        var d = condensed(dm)
        var size = [Int](repeating: 1, count: n)
        var chain = [Int](); chain.reserveCapacity(n)
        var out: [(Int, Int, Double, Int)] = []
        for _ in 0..<(n - 1) {
            if chain.isEmpty { chain.append(size.firstIndex { $0 > 0 }!) }
            var x = 0, y = 0, current = 0.0
            while true {
                x = chain[chain.count - 1]
                if chain.count > 1 {
                    y = chain[chain.count - 2]
                    current = d[condensedIndex(n, x, y)]
                } else {
                    current = .infinity
                }
                for i in 0..<n where size[i] > 0 && i != x {
                    let v = d[condensedIndex(n, x, i)]
                    if v < current { current = v; y = i }
                }
                if chain.count > 1 && y == chain[chain.count - 2] { break }
                chain.append(y)
            }
            chain.removeLast(2)
            if x > y { swap(&x, &y) }
            let nx = size[x], ny = size[y]
            out.append((x, y, current, nx + ny))
            size[x] = 0
            size[y] = nx + ny
            for i in 0..<n where size[i] > 0 && i != y {
                let dxi = d[condensedIndex(n, i, x)], dyi = d[condensedIndex(n, i, y)]
                d[condensedIndex(n, i, y)] = update(method, dxi, dyi, current, Double(nx), Double(ny), Double(size[i]))
            }
        }
        return out
    }

    /// The Lance–Williams update (see the type's documentation).
    @inline(__always)
    static func update(_ method: Method, _ dxi: Double, _ dyi: Double, _ dxy: Double,
                       _ nx: Double, _ ny: Double, _ ni: Double) -> Double {
        switch method {
        case .single: return Swift.min(dxi, dyi)
        case .complete: return Swift.max(dxi, dyi)
        case .average: return (nx * dxi + ny * dyi) / (nx + ny)
        case .ward:
            let t = 1 / (nx + ny + ni)
            return Swift.max(0, (ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy).squareRoot()
        }
    }

    /// SciPy's `label`: replaces point representatives by cluster ids with a union–find, smaller id first.
    static func label(_ raw: [(Int, Int, Double, Int)], n: Int) -> [Merge] {
        var parent = Array(0..<(2 * n - 1))
        var size = [Int](repeating: 1, count: 2 * n - 1)
        var next = n
        func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != r { r = parent[r] }
            var c = x
            while parent[c] != r { let p = parent[c]; parent[c] = r; c = p }
            return r
        }
        var out: [Merge] = []
        for (a, b, h, _) in raw {
            let ra = find(a), rb = find(b)
            let s = size[ra] + size[rb]
            parent[ra] = next; parent[rb] = next; size[next] = s; next += 1
            out.append(Merge(left: Swift.min(ra, rb), right: Swift.max(ra, rb), height: h, count: s))
        }
        return out
    }

    /// Leaf order of SciPy's `dendrogram` (no count/distance sorting): depth-first from the root, left
    /// (first id) before right.
    /// - Complexity: O(m).
    public var leafOrder: [Int] {
        let n = leafCount
        var order: [Int] = []
        var stack = [2 * n - 2]
        while let c = stack.popLast() {
            if c < n { order.append(c); continue }
            let mg = merges[c - n]
            stack.append(mg.right); stack.append(mg.left)
        }
        return order
    }
}
