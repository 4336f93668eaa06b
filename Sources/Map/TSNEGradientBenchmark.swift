import EncmapSupport

/// t-SNE's optimisation from a given sparse P and start, for benchmarks that compare the gradient
/// methods with other implementations on the same affinities (bench/map/gradient.sh).
///
/// The schedule is `TSNE.embed`'s (`TSNE.descend`): `exploration` iterations with P × `exaggeration` and momentum 0.5,
/// then momentum 0.8 up to `iterations`, learning rate max(m / exaggeration / 4, 50), gains as
/// scikit-learn. Nothing is validated beyond the shapes: P must be symmetric with rows ascending and
/// sum to 1 (as openTSNE's `affinity.P` is).
public enum TSNEGradientBenchmark {
    public struct Outcome: Sendable {
        /// Interleaved (x₀, y₀, x₁, y₁, …).
        public let coordinates: [Double]
        /// KL as the method reports it (with its own Z).
        public let klDivergence: Double
        /// Wall seconds of the exaggerated phase and of the rest.
        public let phaseSeconds: [Double]
        public let lastIteration: Int
    }

    public static func run(rowStart: [Int], columns: [Int], values: [Double], start: [Double], method: TSNE.Method,
                           iterations: Int = 1000, exploration: Int = 250, exaggeration: Double = 12,
                           theta: Double = 0.5) throws -> Outcome {
        let m = rowStart.count - 1
        guard m >= 3, start.count == 2 * m, columns.count == values.count, rowStart.last == columns.count,
              columns.allSatisfy({ $0 >= 0 && $0 < m }) else {
            throw MapError.shapeMismatch(what: "t-SNE benchmark input", detail: "P rows \(m), start \(start.count / 2)")
        }
        let p = SparseSymmetric(rowStart: rowStart, columns: columns, values: values)
        var objective: Objective
        switch method {
        case .interpolation: objective = .interpolation(p, m: m)
        default: objective = .barnesHut(p, m: m, theta: theta)
        }
        var o = TSNE.Options()
        o.iterations = iterations
        o.explorationIterations = exploration
        o.earlyExaggeration = exaggeration
        o.theta = theta
        let rate = Swift.max(Double(m) / exaggeration / 4, 50)
        let clock = ContinuousClock()
        let seconds = { (x: Duration) in Double(x.components.seconds) + Double(x.components.attoseconds) * 1e-18 }
        let t0 = clock.now
        var t1 = t0
        let r = TSNE.descend(&objective, from: start, method: method, perplexity: o.perplexity, rate: rate, options: o,
                             explored: { t1 = clock.now })
        let t2 = clock.now
        var y = [Double](repeating: 0, count: 2 * m)
        for i in 0..<m { y[2 * i] = r.coordinates[i, 0]; y[2 * i + 1] = r.coordinates[i, 1] }
        return Outcome(coordinates: y, klDivergence: r.klDivergence, phaseSeconds: [seconds(t1 - t0), seconds(t2 - t1)],
                       lastIteration: r.lastIteration)
    }

    /// KL(P‖Q) over the stored pairs of P with the exact Z = Σ_{i≠j} (1 + ‖yᵢ − yⱼ‖²)⁻¹ (O(m²)), the same
    /// for any method's layout.
    public static func exactKL(rowStart: [Int], columns: [Int], values: [Double], layout y: [Double]) -> Double {
        let m = rowStart.count - 1
        let chunks = 16
        var part = [Double](repeating: 0, count: chunks)
        y.withUnsafeBufferPointer { yb in
            part.withUnsafeMutableBufferPointer { pb in
                nonisolated(unsafe) let yp = yb.baseAddress!, pp = pb.baseAddress!
                parallelChunks(chunks) { c in
                    var z = 0.0
                    for i in chunkRange(c, of: chunks, count: m) {
                        for j in 0..<m where j != i {
                            let dx = yp[2 * i] - yp[2 * j], dy = yp[2 * i + 1] - yp[2 * j + 1]
                            z += 1 / (1 + dx * dx + dy * dy)
                        }
                    }
                    pp[c] = z
                }
            }
        }
        let z = part.reduce(0, +)
        var kl = 0.0
        for i in 0..<m {
            for e in rowStart[i]..<rowStart[i + 1] where values[e] > 0 {
                let j = columns[e]
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                kl += values[e] * _log(values[e] * z * (1 + dx * dx + dy * dy))
            }
        }
        return kl
    }
}
