import EncmapSupport

/// KL(P‖Q) and its gradient for t-SNE, exact, Barnes–Hut or interpolation (see `TSNE` for the formulas).
///
/// Work is split into a fixed number of chunks of points evaluated in parallel; partial sums are
/// combined in chunk order so the result does not depend on the number of cores.
struct Objective {
    enum Kind {
        /// Row-major m×m joint probabilities.
        case exact(p: [Double], w: [Double])
        /// Sparse kNN joint probabilities and the quadtree.
        case barnesHut(p: SparseSymmetric, tree: QuadTree, theta: Double)
        /// Sparse kNN joint probabilities and the interpolation grid (FIt-SNE repulsion).
        case interpolation(p: SparseSymmetric, grid: InterpolationGrid)
    }
    var kind: Kind
    let m: Int
    /// The factor applied to P (early exaggeration, then 1).
    var exaggeration: Double = 1
    static let chunks = 16
    static let machineEpsilon = Double.ulpOfOne
    static let float32Tiny = 1.17549435e-38

    static func exact(_ p: [Double], m: Int) -> Objective {
        Objective(kind: .exact(p: p, w: [Double](repeating: 0, count: m * m)), m: m)
    }

    static func barnesHut(_ p: SparseSymmetric, m: Int, theta: Double) -> Objective {
        Objective(kind: .barnesHut(p: p, tree: QuadTree(), theta: theta), m: m)
    }

    static func interpolation(_ p: SparseSymmetric, m: Int) -> Objective {
        Objective(kind: .interpolation(p: p, grid: InterpolationGrid()), m: m)
    }

    /// Writes ∂KL/∂y into `gradient` (interleaved like y) and returns KL when `computeError`
    /// (NaN otherwise).
    mutating func evaluate(_ y: [Double], gradient: inout [Double], computeError: Bool) -> Double {
        switch kind {
        case .exact(let p, var w):
            kind = .exact(p: [], w: []) // release the buffers for in-place use
            let e = Self.exactGradient(p: p, w: &w, m: m, exaggeration: exaggeration, y: y, grad: &gradient, computeError: computeError)
            kind = .exact(p: p, w: w)
            return e
        case .barnesHut(let p, var tree, let theta):
            kind = .exact(p: [], w: [])
            let e = Self.barnesHutGradient(p: p, tree: &tree, theta: theta, m: m, exaggeration: exaggeration,
                                           y: y, grad: &gradient, computeError: computeError)
            kind = .barnesHut(p: p, tree: tree, theta: theta)
            return e
        case .interpolation(let p, var grid):
            kind = .exact(p: [], w: [])
            var neg = [Double](repeating: 0, count: 2 * m)
            let z = neg.withUnsafeMutableBufferPointer { nb in
                y.withUnsafeBufferPointer { grid.repulsion($0, forces: nb.baseAddress!, chunks: Self.chunks) }
            }
            kind = .interpolation(p: p, grid: grid)
            return Self.attraction(p: p, m: m, exaggeration: exaggeration, y: y, repulsion: neg,
                                   z: Swift.max(z, Self.machineEpsilon), grad: &gradient, computeError: computeError)
        }
    }

    /// Exact gradient: wᵢⱼ for all pairs, Z = Σ w, then gᵢ = 4 Σⱼ (α pᵢⱼ − wᵢⱼ/Z) wᵢⱼ (yᵢ − yⱼ).
    /// KL = Σ_{i≠j} α pᵢⱼ log(α pᵢⱼ / max(wᵢⱼ/Z, ε)).
    /// - Complexity: O(m²).
    static func exactGradient(p: [Double], w: inout [Double], m: Int, exaggeration a: Double, y: [Double],
                              grad: inout [Double], computeError: Bool) -> Double {
        let chunks = Swift.min(Self.chunks, m)
        var partZ = [Double](repeating: 0, count: chunks)
        var partKL = [Double](repeating: 0, count: chunks)
        y.withUnsafeBufferPointer { yb in
            w.withUnsafeMutableBufferPointer { wb in
                partZ.withUnsafeMutableBufferPointer { zb in
                    nonisolated(unsafe) let yp = yb.baseAddress!, wp = wb.baseAddress!, zp = zb.baseAddress!
                    parallelChunks(chunks) { c in
                        var z = 0.0
                        for i in chunkRange(c, of: chunks, count: m) {
                            let xi = yp[2 * i], yi = yp[2 * i + 1]
                            for j in 0..<m {
                                let dx = xi - yp[2 * j], dy = yi - yp[2 * j + 1]
                                let v = i == j ? 0 : 1 / (1 + dx * dx + dy * dy)
                                wp[i * m + j] = v
                                z += v
                            }
                        }
                        zp[c] = z
                    }
                }
            }
        }
        let z = Swift.max(partZ.reduce(0, +), Self.machineEpsilon)
        p.withUnsafeBufferPointer { pb in
            y.withUnsafeBufferPointer { yb in
                w.withUnsafeBufferPointer { wb in
                    grad.withUnsafeMutableBufferPointer { gb in
                        partKL.withUnsafeMutableBufferPointer { kb in
                            nonisolated(unsafe) let pp = pb.baseAddress!, yp = yb.baseAddress!, wp = wb.baseAddress!
                            nonisolated(unsafe) let gp = gb.baseAddress!, kp = kb.baseAddress!
                            parallelChunks(chunks) { c in
                                var kl = 0.0
                                for i in chunkRange(c, of: chunks, count: m) {
                                    let xi = yp[2 * i], yi = yp[2 * i + 1]
                                    var gx = 0.0, gy = 0.0
                                    for j in 0..<m where j != i {
                                        let wij = wp[i * m + j]
                                        let pij = a * pp[i * m + j]
                                        let q = wij / z
                                        let f = (pij - q) * wij
                                        gx += f * (xi - yp[2 * j]); gy += f * (yi - yp[2 * j + 1])
                                        if computeError { kl += pij * _log(pij / Swift.max(q, Self.machineEpsilon)) }
                                    }
                                    gp[2 * i] = 4 * gx; gp[2 * i + 1] = 4 * gy
                                }
                                kp[c] = kl
                            }
                        }
                    }
                }
            }
        }
        return computeError ? partKL.reduce(0, +) : .nan
    }

    /// Barnes–Hut gradient: quadtree repulsion (Σ n_c w_c, Σ n_c w_c² (yᵢ − c)) per point, Z their
    /// total; attraction Σⱼ α pᵢⱼ wᵢⱼ (yᵢ − yⱼ) over the sparse P; gᵢ = 4 (attraction − repulsion / Z).
    /// KL = Σ α pᵢⱼ log(max(α pᵢⱼ, τ) / max(wᵢⱼ/Z, τ)) over the stored pairs, τ = FLT_MIN, as scikit-learn.
    /// - Complexity: O(m log m + nnz(P)).
    static func barnesHutGradient(p: SparseSymmetric, tree: inout QuadTree, theta: Double, m: Int, exaggeration a: Double,
                                  y: [Double], grad: inout [Double], computeError: Bool) -> Double {
        y.withUnsafeBufferPointer { tree.build($0) }
        let chunks = Swift.min(Self.chunks, m)
        var partZ = [Double](repeating: 0, count: chunks)
        var neg = [Double](repeating: 0, count: 2 * m)
        let t = tree, th2 = theta * theta
        y.withUnsafeBufferPointer { yb in
            neg.withUnsafeMutableBufferPointer { nb in
                partZ.withUnsafeMutableBufferPointer { zb in
                    nonisolated(unsafe) let yp = yb.baseAddress!, np = nb.baseAddress!, zp = zb.baseAddress!
                    parallelChunks(chunks) { c in
                        var z = 0.0
                        var stack: [Int32] = []
                        stack.reserveCapacity(256)
                        for i in chunkRange(c, of: chunks, count: m) {
                            let r = t.repulsion(x: yp[2 * i], y: yp[2 * i + 1], squaredTheta: th2, stack: &stack)
                            z += r.z
                            np[2 * i] = r.fx; np[2 * i + 1] = r.fy
                        }
                        zp[c] = z
                    }
                }
            }
        }
        let z = Swift.max(partZ.reduce(0, +), Self.machineEpsilon)
        return attraction(p: p, m: m, exaggeration: a, y: y, repulsion: neg, z: z, grad: &grad, computeError: computeError)
    }

    /// The sparse attraction Σⱼ α pᵢⱼ wᵢⱼ (yᵢ − yⱼ) combined with a repulsion Fᵢ (`repulsion`, interleaved)
    /// into gᵢ = 4 (attraction − Fᵢ / Z); returns KL over the stored pairs when `computeError` (see
    /// `barnesHutGradient`), NaN otherwise.
    /// - Complexity: O(nnz(P)).
    static func attraction(p: SparseSymmetric, m: Int, exaggeration a: Double, y: [Double], repulsion neg: [Double],
                           z: Double, grad: inout [Double], computeError: Bool) -> Double {
        let chunks = Swift.min(Self.chunks, m)
        var partKL = [Double](repeating: 0, count: chunks)
        let tiny = Self.float32Tiny
        p.rowStart.withUnsafeBufferPointer { rb in
            p.columns.withUnsafeBufferPointer { cb in
                p.values.withUnsafeBufferPointer { vb in
                    y.withUnsafeBufferPointer { yb in
                        neg.withUnsafeBufferPointer { nb in
                            grad.withUnsafeMutableBufferPointer { gb in
                                partKL.withUnsafeMutableBufferPointer { kb in
                                    nonisolated(unsafe) let rp = rb.baseAddress!, cp = cb.baseAddress!, vp = vb.baseAddress!
                                    nonisolated(unsafe) let yp = yb.baseAddress!, np = nb.baseAddress!
                                    nonisolated(unsafe) let gp = gb.baseAddress!, kp = kb.baseAddress!
                                    parallelChunks(chunks) { c in
                                        var kl = 0.0
                                        for i in chunkRange(c, of: chunks, count: m) {
                                            let xi = yp[2 * i], yi = yp[2 * i + 1]
                                            var gx = 0.0, gy = 0.0
                                            for e in rp[i]..<rp[i + 1] {
                                                let j = cp[e]
                                                let dx = xi - yp[2 * j], dy = yi - yp[2 * j + 1]
                                                let w = 1 / (1 + dx * dx + dy * dy)
                                                let pij = a * vp[e]
                                                gx += pij * w * dx; gy += pij * w * dy
                                                if computeError {
                                                    kl += pij * _log(Swift.max(pij, tiny) / Swift.max(w / z, tiny))
                                                }
                                            }
                                            gp[2 * i] = 4 * (gx - np[2 * i] / z)
                                            gp[2 * i + 1] = 4 * (gy - np[2 * i + 1] / z)
                                        }
                                        kp[c] = kl
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return computeError ? partKL.reduce(0, +) : .nan
    }
}
