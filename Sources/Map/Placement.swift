import LinearAlgebra

/// Places new points on an existing 2-D t-SNE map without moving the map's points — the semantics of
/// openTSNE's `TSNEEmbedding.transform` (Poličar, Stražar & Zupan 2019/2024), with exact sums.
///
/// For a new point i with dissimilarities dᵢⱼ to the m reference points:
///
/// 1. **Affinities.** The kNN Gaussian kernel of the map (`Affinities.conditional`: the same metric, the
///    same treatment of ℓ2 as squared distances) over its k = min(m, ⌊3·perplexity⌋) nearest reference
///    points, a perplexity above k lowered to k/3 as openTSNE does — p_{j|i} = exp(−βᵢ dᵢⱼ)/Σₗ exp(−βᵢ dᵢₗ), βᵢ bisected to the
///    perplexity. Each new point's row sums to 1 ("point-wise" normalisation: new points do not see each
///    other, and the reference's own affinities are not touched).
/// 2. **Start.** The coordinate-wise median of the map positions of its `initialNeighbours` nearest
///    reference points.
/// 3. **Optimisation** of yᵢ alone against the fixed reference positions Y, Student-t kernel
///    wᵢⱼ = 1/(1 + ‖yᵢ − yⱼ‖²), qᵢⱼ = wᵢⱼ/Zᵢ with Zᵢ = Σⱼ wᵢⱼ over the reference points, objective
///    KL(Pᵢ ‖ Qᵢ), gradient g = Σⱼ (e·pᵢⱼ − qᵢⱼ) wᵢⱼ (yᵢ − yⱼ) (e the exaggeration; openTSNE leaves out
///    the constant 4 of ∂KL/∂yᵢ and its learning rate is scaled to match), scaled by
///    `maxGradientNorm`/(‖g‖ + 1e-6) when that is below 1, then openTSNE's gradient descent with momentum
///    and per-coordinate gains (+0.2 where sign(update) ≠ sign(g), else ×0.8 + 0.01), `iterations` steps.
///
/// The reference positions are an input and never written: the map's coordinates stay as they were to
/// the bit. A new point whose distances equal a reference point's row (its copy) gets, through the
/// kernel, the same affinities as that point's nearest neighbours; it starts at the median of that
/// neighbourhood and settles next to the point.
public enum Placement {
    public struct Options: Sendable {
        /// The map's perplexity (lowered to k/3 when above the k = min(m, ⌊3·perplexity⌋) neighbours).
        public var perplexity: Double = 30
        /// Square the dissimilarities before the kernel (the map's ℓ2 convention).
        public var squareDistances = false
        /// Reference points whose median position starts the optimisation.
        public var initialNeighbours = 7
        /// openTSNE `transform` defaults (its learning rate goes with a gradient without the factor 4).
        public var iterations = 250
        public var learningRate = 0.1
        public var exaggeration = 1.5
        public var momentum = 0.8
        public var maxGradientNorm = 0.25
        public init() {}
    }

    /// A placed point.
    public struct Result: Sendable {
        /// New points × 2.
        public let coordinates: Matrix
        /// The start of each point (the median of its nearest reference positions), new points × 2.
        public let starts: Matrix
        /// The perplexity used.
        public let perplexity: Double
        /// KL(Pᵢ ‖ Qᵢ) of each point at the end.
        public let klDivergence: [Double]
    }

    /// Places every row of `distances` (new points × m reference dissimilarities) on `reference` (m × 2).
    /// - Throws: `MapError.shapeMismatch` when the sizes disagree, `MapError.tooFewEncoders` for m < 2,
    ///   `MapError.nonFinite` for NaN or infinite dissimilarities (negative ones, rounding of cosine, count as 0).
    /// - Complexity: O(new · (m log m + iterations · m)).
    public static func place(distances: Matrix, reference: Matrix, options: Options = Options()) throws -> Result {
        let m = reference.rows
        guard reference.columns == 2, distances.columns == m else {
            throw MapError.shapeMismatch(what: "placement", detail: "\(distances.columns) distances per new point but \(m) reference points with \(reference.columns) coordinates")
        }
        guard m >= 2 else { throw MapError.tooFewEncoders(needed: 2, got: m, for: "placing new encoders on a map") }
        guard distances.storage.allSatisfy(\.isFinite) else { throw MapError.nonFinite(what: "the distances of a new encoder") }
        // openTSNE's rule: k = min(m, ⌊3·perplexity⌋) neighbours; a perplexity above k becomes k/3.
        let k = Swift.max(1, Swift.min(m, Int(3 * options.perplexity)))
        let perplexity = options.perplexity > Double(k) ? Double(k) / 3 : options.perplexity
        var coords = Matrix(rows: distances.rows, columns: 2)
        var starts = coords
        var kls: [Double] = []
        for i in 0..<distances.rows {
            let row = (0..<m).map { Swift.max(0, distances[i, $0]) }
            let order = row.indices.sorted { (row[$0], $0) < (row[$1], $1) }
            let nearest = Array(order.prefix(k))
            var kernelInput = nearest.map { options.squareDistances ? row[$0] * row[$0] : row[$0] }
            var p = [Double](repeating: 0, count: k)
            kernelInput.withUnsafeMutableBufferPointer { d in
                p.withUnsafeMutableBufferPointer { pr in _ = Affinities.conditional(UnsafeBufferPointer(d), perplexity: perplexity, into: pr) }
            }
            let startSet = order.prefix(Swift.max(1, Swift.min(options.initialNeighbours, m)))
            let start = (median(startSet.map { reference[$0, 0] }), median(startSet.map { reference[$0, 1] }))
            starts[i, 0] = start.0; starts[i, 1] = start.1
            let (y, kl) = optimise(start: start, affinities: p, neighbours: nearest, reference: reference, options: options)
            coords[i, 0] = y.0; coords[i, 1] = y.1
            kls.append(kl)
        }
        return Result(coordinates: coords, starts: starts, perplexity: perplexity, klDivergence: kls)
    }

    /// Gradient descent of one point (see the type's description); returns the position and its KL.
    static func optimise(start: (Double, Double), affinities p: [Double], neighbours: [Int], reference y: Matrix,
                         options o: Options) -> ((Double, Double), Double) {
        var pos = start
        var update = (0.0, 0.0), gains = (1.0, 1.0)
        func sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }
        for _ in 0..<o.iterations {
            var (g0, g1) = gradient(pos, p: p, neighbours: neighbours, reference: y, exaggeration: o.exaggeration)
            let coefficient = o.maxGradientNorm / ((g0 * g0 + g1 * g1).squareRoot() + 1e-6)
            if o.maxGradientNorm > 0, coefficient < 1 { g0 *= coefficient; g1 *= coefficient }
            gains.0 = sign(update.0) != sign(g0) ? gains.0 + 0.2 : gains.0 * 0.8 + 0.01
            gains.1 = sign(update.1) != sign(g1) ? gains.1 + 0.2 : gains.1 * 0.8 + 0.01
            update.0 = o.momentum * update.0 - o.learningRate * gains.0 * g0
            update.1 = o.momentum * update.1 - o.learningRate * gains.1 * g1
            pos.0 += update.0
            pos.1 += update.1
        }
        return (pos, klDivergence(pos, p: p, neighbours: neighbours, reference: y))
    }

    /// Σⱼ (e·pᵢⱼ − qᵢⱼ) wᵢⱼ (yᵢ − yⱼ) over the reference points (p zero outside the neighbours).
    static func gradient(_ pos: (Double, Double), p: [Double], neighbours: [Int], reference y: Matrix,
                         exaggeration: Double) -> (Double, Double) {
        var z = 0.0, rep0 = 0.0, rep1 = 0.0
        for j in 0..<y.rows {
            let d0 = pos.0 - y[j, 0], d1 = pos.1 - y[j, 1]
            let w = 1 / (1 + d0 * d0 + d1 * d1)
            z += w
            rep0 += w * w * d0; rep1 += w * w * d1
        }
        var att0 = 0.0, att1 = 0.0
        for (c, j) in neighbours.enumerated() {
            let d0 = pos.0 - y[j, 0], d1 = pos.1 - y[j, 1]
            let w = 1 / (1 + d0 * d0 + d1 * d1)
            att0 += p[c] * w * d0; att1 += p[c] * w * d1
        }
        return (exaggeration * att0 - rep0 / z, exaggeration * att1 - rep1 / z)
    }

    /// KL(Pᵢ ‖ Qᵢ) = Σⱼ pᵢⱼ ln(pᵢⱼ / qᵢⱼ).
    static func klDivergence(_ pos: (Double, Double), p: [Double], neighbours: [Int], reference y: Matrix) -> Double {
        var z = 0.0
        for j in 0..<y.rows {
            let d0 = pos.0 - y[j, 0], d1 = pos.1 - y[j, 1]
            z += 1 / (1 + d0 * d0 + d1 * d1)
        }
        var kl = 0.0
        for (c, j) in neighbours.enumerated() where p[c] > 0 {
            let d0 = pos.0 - y[j, 0], d1 = pos.1 - y[j, 1]
            let q = 1 / (1 + d0 * d0 + d1 * d1) / z
            kl += p[c] * _log(p[c] / q)
        }
        return kl
    }

    /// The median (the mean of the two middle values for an even count).
    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
