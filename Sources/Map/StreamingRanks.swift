import EncmapSupport
import Foundation
import LinearAlgebra

extension StreamingNeighbours {
    /// One pair's ℓ1 distance with the bits of the blocked kernel: the chunk sums of the portable kernel (the
    /// order every block path keeps; float32 chunks summed in float and added in double), chunks in feature order.
    @inline(__always)
    static func pairDistance(_ x: UnsafePointer<Double>?, _ xf: UnsafePointer<Float>?, n: Int, _ i: Int, _ j: Int) -> Double {
        var s = 0.0, k0 = 0
        while k0 < n {
            let len = Swift.min(Distances.chunk, n - k0)
            if let xf { s += Double(Distances.l1KernelFloat(xf + i * n + k0, xf + j * n + k0, len)) } else if let x {
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
                            precision: DistancePrecision = .float64, pivots: Int = 64) throws -> (ranks: [[Int]], computed: Int) {
        let n = x.rows, m = x.columns
        guard !queries.isEmpty else { return ([], 0) }
        let xf: [Float]? = precision == .float32 ? try Distances.floatFeatures(x) : nil
        let eps = precision == .float32 ? 1e-4 : 1e-10
        let p = Swift.max(1, Swift.min(pivots, m))
        let results = IndexedResults<[Int]>(count: queries.count)
        let computedCount = IndexedResults<Int>(count: queries.count)
        x.storage.withUnsafeBufferPointer { xs in
            (xf ?? []).withUnsafeBufferPointer { fs in
                nonisolated(unsafe) let xp = xf == nil ? xs.baseAddress : nil
                nonisolated(unsafe) let fp = xf == nil ? nil : fs.baseAddress
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
                        for l in chunkRange(c, of: chunks, count: m) { tp[q * m + l] = pairDistance(xp, fp, n: n, pv, l) }
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
                let qc = Swift.min(queries.count, 64)
                parallelChunks(qc) { c in
                    let lower = UnsafeMutablePointer<Double>.allocate(capacity: m)
                    let upper = UnsafeMutablePointer<Double>.allocate(capacity: m)
                    let listed = UnsafeMutablePointer<Bool>.allocate(capacity: m)
                    defer { lower.deallocate(); upper.deallocate(); listed.deallocate() }
                    listed.initialize(repeating: false, count: m)
                    for qi in chunkRange(c, of: qc, count: queries.count) {
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
                        var exact: [Int: Double] = [:]
                        var r: [Int] = []
                        for j in targets {
                            let dij = pairDistance(xp, fp, n: n, i, j)
                            let slack = slackBase + 4 * eps * dij
                            var before = lists[i].count
                            for l in 0..<m where l != i && l != j && !listed[l] {
                                if lower[l] - slack > dij { continue }
                                if upper[l] + slack < dij { before += 1; continue }
                                let dil: Double
                                if let v = exact[l] { dil = v } else { dil = pairDistance(xp, fp, n: n, i, l); exact[l] = dil }
                                if dil < dij || (dil == dij && l < j) { before += 1 }
                            }
                            r.append(before + 1)
                        }
                        for nb in lists[i] { listed[nb.index] = false }
                        results.set(qi, r)
                        computedCount.set(qi, exact.count)
                    }
                }
            }
        }
        return (results.all, computedCount.all.reduce(0, +))
    }
}
