import EncmapSupport
import Foundation
import LinearAlgebra

extension StreamingNeighbours {
    /// One pair's ℓ1 distance with the bits of the blocked kernel: the chunk sums of the portable kernel (the
    /// order every block path keeps; float32 chunks summed in float and added in double), chunks in feature order.
    @inline(__always)
    static func pairDistance(_ x: UnsafePointer<Double>?, _ xf: UnsafePointer<Float>?, n: Int, floatStride: Int, _ i: Int, _ j: Int) -> Double {
        var s = 0.0, k0 = 0
        while k0 < n {
            let len = Swift.min(xf == nil ? Distances.chunk : Distances.chunkFloat32, n - k0)
            if let xf { s += Double(Distances.l1KernelFloat(xf + i * floatStride + k0, xf + j * floatStride + k0, len)) } else if let x {
                s += Distances.l1Kernel(x + i * n + k0, x + j * n + k0, len)
            }
            k0 += len
        }
        return s
    }

    /// The ranks of `ranks(_:queries:)`, computed without every distance of each query row.
    ///
    /// Every l in i's exact top-K list `lists[i]` comes before a target j outside it. For the other l, P pivots
    /// (farthest-first from encoder 0: each next pivot is the encoder farthest from those chosen, ties by index) give
    /// by the triangle inequality of ℓ1 L(l) = maxₚ |dᵢₚ − dₗₚ| ≤ dᵢₗ ≤ U(l) = minₚ (dᵢₚ + dₗₚ). With the computed
    /// distances within relative ε of the exact ones (ε = 10⁻¹⁰ in float64, 10⁻⁴ in float32: far above the
    /// rounding of the sums) and s = 4ε(2·max dₚ + dᵢⱼ): L(l) − s > dᵢⱼ proves l after j, U(l) + s < dᵢⱼ proves l
    /// before j; only the remaining l have dᵢₗ computed (with the kernel's bits) and compared under (distance, index).
    /// The result is the exact rank, as `ranks` gives it.
    /// - Complexity: O(P·m·n) for the pivots, O(q·(P·m + a·n)) for q query rows with a undecided encoders each.
    static func ranksPruned(_ x: Matrix, queries: [(row: Int, targets: [Int])], lists: [[Neighbour]],
                            precision: DistancePrecision = .float64, pivots: Int = 64,
                            path: Distances.L1Path = Distances.defaultL1Path) throws -> (ranks: [[Int]], computed: Int) {
        let n = x.rows, m = x.columns
        guard !queries.isEmpty else { return ([], 0) }
        let xf: FloatFeatures? = precision == .float32 ? try FloatFeatures(x) : nil
        let fs = xf?.stride ?? n
        let eps = precision == .float32 ? 1e-4 : 1e-10
        let p = Swift.max(1, Swift.min(pivots, m))
        let results = IndexedResults<[Int]>(count: queries.count)
        let computedCount = IndexedResults<Int>(count: (queries.count + Distances.tile - 1) / Distances.tile)
        do {
            x.storage.withUnsafeBufferPointer { xs in
                withExtendedLifetime(xf) {
                    nonisolated(unsafe) let xp = xf == nil ? xs.baseAddress : nil
                    nonisolated(unsafe) let fp = UnsafePointer(xf?.pointer)
                    let block = xf.map { Distances.blockFunction($0.pointer, n: $0.stride, path: path) }
                        ?? Distances.blockFunction(xs.baseAddress!, n: n, path: path)
                    // Pivot table: table[q·m + l] = d(pivot q, l).
                    let table = UnsafeMutablePointer<Double>.allocate(capacity: p * m)
                    let nearest = UnsafeMutablePointer<Double>.allocate(capacity: m)
                    defer { table.deallocate(); nearest.deallocate() }
                    nonisolated(unsafe) let tp = table
                    nearest.initialize(repeating: .infinity, count: m)
                    var pivot = 0
                    let chunks = Swift.min(m, 64)
                    for q in 0..<p {
                        let pv = pivot
                        parallelChunks(chunks) { c in
                            for l in chunkRange(c, of: chunks, count: m) { tp[q * m + l] = pairDistance(xp, fp, n: n, floatStride: fs, pv, l) }
                        }
                        var far = -1.0
                        for l in 0..<m {
                            nearest[l] = Swift.min(nearest[l], table[q * m + l])
                            if nearest[l] > far { far = nearest[l]; pivot = l }
                        }
                    }
                    var dmax = 0.0
                    for t in 0..<(p * m) { dmax = Swift.max(dmax, table[t]) }
                    let slackBase = 8 * eps * dmax
                    let tile = Distances.tile
                    let groups = (queries.count + tile - 1) / tile
                    let gc = Swift.min(groups, 64)
                    parallelChunks(gc) { c in
                        let lower = UnsafeMutablePointer<Double>.allocate(capacity: m)
                        let upper = UnsafeMutablePointer<Double>.allocate(capacity: m)
                        let listed = UnsafeMutablePointer<Bool>.allocate(capacity: m)
                        let acc = UnsafeMutablePointer<Double>.allocate(capacity: tile * tile)
                        let idx = UnsafeMutablePointer<Int>.allocate(capacity: tile)
                        defer { lower.deallocate(); upper.deallocate(); listed.deallocate(); acc.deallocate(); idx.deallocate() }
                        listed.initialize(repeating: false, count: m)
                        for g in chunkRange(c, of: gc, count: groups) {
                            let q0 = g * tile, q1 = Swift.min(queries.count, q0 + tile)
                            // Per query: the target distances, the counts proved by the list and the bounds, and the
                            // undecided encoders with their bounds.
                            var base: [[Int]] = [], targetDistance: [[Double]] = []
                            var undecided: [[(l: Int, low: Double, high: Double)]] = []
                            for qi in q0..<q1 {
                                let (i, targets) = queries[qi]
                                lower.initialize(repeating: 0, count: m)
                                upper.initialize(repeating: .infinity, count: m)
                                for q in 0..<p {
                                    let row = tp + q * m, a = row[i]
                                    for l in 0..<m {
                                        let b = row[l]
                                        lower[l] = Swift.max(lower[l], Swift.abs(a - b))
                                        upper[l] = Swift.min(upper[l], a + b)
                                    }
                                }
                                for nb in lists[i] { listed[nb.index] = true }
                                listed[i] = true
                                let dt = targets.map { pairDistance(xp, fp, n: n, floatStride: fs, i, $0) }
                                let lo = dt.min() ?? 0, hi = dt.max() ?? 0
                                var counts = [Int](repeating: lists[i].count, count: targets.count)
                                var open: [(l: Int, low: Double, high: Double)] = []
                                for l in 0..<m where !listed[l] {
                                    let slack = slackBase + 4 * eps * hi
                                    if lower[l] - slack > hi { continue }
                                    if upper[l] + slack < lo {
                                        for t in targets.indices where targets[t] != l { counts[t] += 1 }
                                        continue
                                    }
                                    open.append((l, lower[l], upper[l]))
                                }
                                for nb in lists[i] { listed[nb.index] = false }
                                listed[i] = false
                                base.append(counts); targetDistance.append(dt); undecided.append(open)
                            }
                            // Exact distances of the group's rows to the union of their undecided encoders, with the blocks.
                            var union = Array(Set(undecided.flatMap { $0.map(\.l) })).sorted()
                            var column = [Int: Int]()
                            for (v, l) in union.enumerated() { column[l] = v }
                            let rowCount = q1 - q0
                            var exact = [Double](repeating: 0, count: rowCount * union.count)
                            for u in 0..<rowCount { idx[u] = queries[q0 + u].row }
                            union.withUnsafeMutableBufferPointer { ub in
                                var j0 = 0
                                while j0 < ub.count {
                                    let j1 = Swift.min(ub.count, j0 + tile)
                                    acc.initialize(repeating: 0, count: tile * tile)
                                    Distances.accumulate(rows: idx, rowCount: rowCount, cols: ub.baseAddress! + j0, colCount: j1 - j0, diagonal: false,
                                               n: n, block: block, acc: acc)
                                    for v in 0..<(j1 - j0) { for u in 0..<rowCount { exact[u * ub.count + j0 + v] = acc[u + tile * v] } }
                                    j0 = j1
                                }
                            }
                            var computed = 0
                            for u in 0..<rowCount {
                                let targets = queries[q0 + u].targets
                                var r = base[u]
                                computed += undecided[u].count
                                for (t, j) in targets.enumerated() {
                                    let dij = targetDistance[u][t]
                                    let slack = slackBase + 4 * eps * dij
                                    for e in undecided[u] where e.l != j {
                                        if e.low - slack > dij { continue }
                                        if e.high + slack < dij { r[t] += 1; continue }
                                        let dil = exact[u * union.count + column[e.l]!]
                                        if dil < dij || (dil == dij && e.l < j) { r[t] += 1 }
                                    }
                                    r[t] += 1
                                }
                                results.set(q0 + u, r)
                            }
                            computedCount.set(g, computed)
                        }
                    }
                }
            }
        }
        return (results.all, computedCount.all.reduce(0, +))
    }
}
