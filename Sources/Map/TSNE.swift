import LinearAlgebra

/// t-distributed stochastic neighbour embedding of a precomputed distance matrix into the plane
/// (van der Maaten & Hinton 2008; Barnes–Hut variant, van der Maaten 2014; interpolation variant,
/// Linderman et al. 2019), following the semantics
/// of scikit-learn's `sklearn.manifold.TSNE`.
///
/// **Objective.** With input affinities pᵢⱼ (see `Affinities`) and output kernel
/// wᵢⱼ = (1 + ‖yᵢ − yⱼ‖²)⁻¹, qᵢⱼ = wᵢⱼ / Z, Z = Σ_{k≠l} w_kl, minimise
/// KL(P‖Q) = Σ_{i≠j} pᵢⱼ log(pᵢⱼ / qᵢⱼ), whose gradient is
/// ∂KL/∂yᵢ = 4 Σⱼ (pᵢⱼ − qᵢⱼ) wᵢⱼ (yᵢ − yⱼ) = 4 [Σⱼ pᵢⱼwᵢⱼ(yᵢ − yⱼ) − Σⱼ wᵢⱼ²(yᵢ − yⱼ) / Z].
///
/// **Exact** (m ≤ `exactThreshold` by default): P over all pairs, the gradient in O(m²) per iteration.
/// **Barnes–Hut** (θ = 0.5): P over the ⌊3·perplexity + 1⌋ nearest neighbours (attraction O(m·k)),
/// repulsion and Z from a quadtree (O(m log m)). The threshold 400 was chosen by measurement
/// (`encmap-bench-tsne`, 1000 iterations, 2 cores): m = 300 both 0.52 s; m = 500 exact 1.08 s vs
/// Barnes–Hut 0.89 s; m = 800 3.1 s vs 1.85 s. Exact KL is ~2–20 % lower (P over all pairs).
/// **Interpolation** (m > `interpolationThreshold` by default): the same sparse P and attraction; the
/// repulsion and Z by 3-point Lagrange interpolation on an equispaced grid with an FFT convolution
/// (FIt-SNE, openTSNE's default gradient, see `InterpolationGrid`): O(m) per iteration plus an N×N FFT,
/// N growing with the map's extent (boxes ≤ 1 wide, at least 50), so its cost barely depends on m while
/// Barnes–Hut's grows like m log m. Measured (`bench/map/gradient.sh`, the whole 1000-iteration schedule
/// from one fixed sparse P, 2 cores shared with other work, two runs): m = 5,000 Barnes–Hut 21 s / 15 s vs
/// interpolation 79 s / 49 s; m = 10,000 53 s / 29 s vs 82 s / 64 s; m = 14,000 82 s / 56 s vs
/// 63 s / 54 s; m = 20,000 88 s / 93 s vs 66 s / 60 s (openTSNE's FFT gradient, same schedule: 52 s / 58 s
/// at 5,000, 93 s / 82 s at 20,000). Hence the threshold 12,000. On the same P their KL agree within 1 %.
///
/// **Optimisation** (as scikit-learn): gradient descent with momentum and per-coordinate gains
/// (gain + 0.2 when the gradient changes sign against the update, × 0.8 otherwise, floored at 0.01);
/// first 250 iterations with P × early exaggeration (12) and momentum 0.5, then momentum 0.8 up to
/// `iterations` (1000). Gains and velocities restart between the two phases. Learning rate "auto" =
/// max(m / exaggeration / 4, 50). Every 50 iterations the error is checked: a phase stops when it has not
/// improved for 300 iterations (250 in the first phase) or when the gradient norm ≤ 10⁻⁷.
///
/// **Start.** Classical scaling of the distances (the precomputed analogue of `init="pca"`, see
/// `StartingLayout`), PCA of the features when given, or N(0, 10⁻⁸) from the seeded SplitMix64;
/// rescaled so that std(first coordinate) = 10⁻⁴. Everything is deterministic: the same inputs and seed
/// give bit-identical coordinates on every machine (parallel parts use a fixed chunking).
public enum TSNE {
    /// Above this many points `.automatic` uses Barnes–Hut.
    public static let exactThreshold = 400
    /// Above this many points `.automatic` uses interpolation instead of Barnes–Hut (measured, see above).
    public static let interpolationThreshold = 12_000

    /// How the gradient is computed.
    public enum Method: String, Sendable, Equatable, Codable {
        /// Exact for m ≤ `exactThreshold`, Barnes–Hut up to `interpolationThreshold`, interpolation above.
        case automatic
        /// O(m²) per iteration, dense P.
        case exact
        /// O(m log m) per iteration, kNN-sparse P, quadtree repulsion.
        case barnesHut
        /// O(m + N² log N) per iteration, kNN-sparse P, repulsion interpolated on an N×N grid and
        /// convolved by FFT (FIt-SNE, see `InterpolationGrid`).
        case interpolation
    }

    /// The method `.automatic` uses for m points.
    public static func automaticMethod(points m: Int) -> Method {
        m <= exactThreshold ? .exact : (m <= interpolationThreshold ? .barnesHut : .interpolation)
    }

    /// The starting layout.
    public enum Start: Sendable {
        /// Classical MDS of the (unsquared) distances, rescaled to std 10⁻⁴.
        case classicalScaling
        /// PCA of the features (n×m, one encoder per column), rescaled to std 10⁻⁴.
        case principalComponents(Matrix)
        /// N(0, (10⁻⁴)²) coordinates from SplitMix64(seed).
        case random
        /// These coordinates (m×2), used as they are.
        case given(Matrix)
    }

    /// Parameters; defaults are scikit-learn's.
    public struct Options: Sendable {
        public var perplexity: Double = 30
        public var earlyExaggeration: Double = 12
        public var explorationIterations: Int = 250
        public var iterations: Int = 1000
        /// nil = "auto": max(m / earlyExaggeration / 4, 50).
        public var learningRate: Double? = nil
        /// Seeds SplitMix64 for the `.random` start (and for the fallback when classical scaling or
        /// PCA gives a degenerate first axis). The deterministic starts do not use it.
        public var seed: UInt64 = 0
        public var method: Method = .automatic
        public var theta: Double = 0.5
        public var start: Start = .classicalScaling
        /// Square the distances before the Gaussian kernel (scikit-learn's `metric="euclidean"`);
        /// false uses them as given (`metric="precomputed"`).
        public var squareDistances: Bool = false
        public var minGradientNorm: Double = 1e-7
        public var iterationsWithoutProgress: Int = 300
        public init() {}
    }

    /// The embedding and how it was obtained.
    public struct Result: Sendable {
        /// m×2 coordinates (column 0 = x, column 1 = y).
        public let coordinates: Matrix
        /// KL(P‖Q) at the last iteration (computed with the P the method used).
        public let klDivergence: Double
        /// Index of the last iteration run (scikit-learn's `n_iter_`).
        public let lastIteration: Int
        /// The method actually used (`.exact`, `.barnesHut` or `.interpolation`).
        public let method: Method
        /// The perplexity actually used, after clamping to (m − 1)/3.
        public let perplexity: Double
        public let learningRate: Double
    }

    /// Embeds m points given their m×m distance matrix.
    /// - Throws: `MapError` when the matrix is not a valid distance matrix, m < 3, or an option is
    ///   out of range.
    /// - Complexity: exact O(iterations·m²); Barnes–Hut O(m² log k + iterations·m·(k + log m)); interpolation O(m² log k + iterations·(m·k + N² log N)); plus
    ///   O(m³) for the classical-scaling start.
    public static func embed(distances d: Matrix, options o: Options = Options()) throws -> Result {
        try Distances.validate(d)
        let m = d.rows
        let (perplexity, method, rate) = try settings(m: m, options: o)

        let y: [Double]
        switch o.start {
        case .classicalScaling:
            y = StartingLayout.rescaled(try StartingLayout.classicalScaling(d)) ?? StartingLayout.random(count: m, seed: o.seed)
        default:
            y = try start(o.start, m: m, seed: o.seed)
        }

        var objective: Objective
        switch method {
        case .exact: objective = .exact(Affinities.dense(d, perplexity: perplexity, square: o.squareDistances), m: m)
        case .interpolation: objective = .interpolation(Affinities.sparse(d, perplexity: perplexity, square: o.squareDistances), m: m)
        case .barnesHut, .automatic:
            objective = .barnesHut(Affinities.sparse(d, perplexity: perplexity, square: o.squareDistances), m: m, theta: o.theta)
        }
        return descend(&objective, from: y, method: method, perplexity: perplexity, rate: rate, options: o)
    }

    /// Checks the options for m points; returns the perplexity used (clamped to (m − 1)/3), the method
    /// (`.automatic` resolved) and the learning rate.
    static func settings(m: Int, options o: Options) throws -> (perplexity: Double, method: Method, rate: Double) {
        guard m >= 3 else { throw MapError.tooFewEncoders(needed: 3, got: m, for: "t-SNE") }
        guard o.perplexity > 0, o.perplexity.isFinite else {
            throw MapError.invalidOption(name: "perplexity", value: "\(o.perplexity)", expected: "a positive number")
        }
        guard o.iterations >= 1, o.explorationIterations >= 0 else {
            throw MapError.invalidOption(name: "iterations", value: "\(o.iterations)", expected: "at least 1")
        }
        guard o.earlyExaggeration > 0, o.theta >= 0 else {
            throw MapError.invalidOption(name: "earlyExaggeration/theta", value: "\(o.earlyExaggeration)/\(o.theta)",
                                         expected: "exaggeration > 0 and theta ≥ 0")
        }
        let perplexity = Swift.min(o.perplexity, Double(m - 1) / 3)
        let method: Method = o.method == .automatic ? automaticMethod(points: m) : o.method
        let rate = o.learningRate ?? Swift.max(Double(m) / o.earlyExaggeration / 4, 50)
        guard rate > 0, rate.isFinite else {
            throw MapError.invalidOption(name: "learningRate", value: "\(rate)", expected: "a positive number")
        }
        return (perplexity, method, rate)
    }

    /// The starting layout of m points, interleaved (x₀, y₀, x₁, …); classical scaling needs the
    /// distances and is handled by `embed(distances:options:)`.
    static func start(_ start: Start, m: Int, seed: UInt64) throws -> [Double] {
        let y: [Double]
        switch start {
        case .classicalScaling:
            throw MapError.invalidOption(name: "start", value: "classical scaling", expected: "a distance matrix (use embed(distances:))")
        case let .principalComponents(features):
            guard features.columns == m else {
                throw MapError.shapeMismatch(what: "t-SNE PCA start", detail: "\(features.columns) feature columns for \(m) points")
            }
            y = StartingLayout.rescaled(try StartingLayout.principalComponents(features)) ?? StartingLayout.random(count: m, seed: seed)
        case .random:
            y = StartingLayout.random(count: m, seed: seed)
        case let .given(c):
            guard c.rows == m, c.columns == 2 else {
                throw MapError.shapeMismatch(what: "t-SNE start", detail: "\(c.rows)×\(c.columns) coordinates for \(m) points")
            }
            y = (0..<(2 * m)).map { c[$0 / 2, $0 % 2] }
        }
        return y
    }

    /// Runs the two optimisation phases from the start `y0` (interleaved) and packages the result;
    /// `explored` is called between them (a benchmark times the phases with it).
    static func descend(_ objective: inout Objective, from y0: [Double], method: Method, perplexity: Double,
                        rate: Double, options o: Options, explored: () -> Void = {}) -> Result {
        let m = y0.count / 2
        var y = y0
        var descent = Descent(learningRate: rate, minGradientNorm: o.minGradientNorm)
        let explore = Swift.min(o.explorationIterations, o.iterations)
        objective.exaggeration = o.earlyExaggeration
        var (kl, it) = descent.run(&objective, &y, from: 0, to: explore, momentum: 0.5, patience: explore)
        explored()
        objective.exaggeration = 1
        let from = explore == 0 ? 0 : it + 1
        if from < o.iterations {
            (kl, it) = descent.run(&objective, &y, from: from, to: o.iterations,
                                   momentum: 0.8, patience: o.iterationsWithoutProgress)
        } else {
            // Only exaggerated iterations ran: report KL for the true P at the final layout.
            var scratch = [Double](repeating: 0, count: y.count)
            kl = objective.evaluate(y, gradient: &scratch, computeError: true)
        }
        var coords = Matrix(rows: m, columns: 2)
        for i in 0..<m { coords[i, 0] = y[2 * i]; coords[i, 1] = y[2 * i + 1] }
        return Result(coordinates: coords, klDivergence: kl, lastIteration: it, method: method,
                      perplexity: perplexity, learningRate: rate)
    }
}

/// Gradient descent with momentum and gains (scikit-learn's `_gradient_descent`).
struct Descent {
    let learningRate: Double
    let minGradientNorm: Double
    static let checkEvery = 50

    /// Runs iterations `from..<to`; returns the last error computed and the last iteration index.
    mutating func run(_ f: inout Objective, _ y: inout [Double], from start: Int, to end: Int,
                      momentum: Double, patience: Int) -> (Double, Int) {
        let n = y.count
        var update = [Double](repeating: 0, count: n)
        var gains = [Double](repeating: 1, count: n)
        var grad = [Double](repeating: 0, count: n)
        var error = Double.greatestFiniteMagnitude
        var best = Double.greatestFiniteMagnitude
        var bestIter = start, i = start
        guard start < end else { return (error, start) }
        for it in start..<end {
            i = it
            let check = (it + 1) % Self.checkEvery == 0
            error = f.evaluate(y, gradient: &grad, computeError: check || it == end - 1)
            var norm2 = 0.0
            for t in 0..<n {
                let g0 = grad[t]
                if update[t] * g0 < 0 { gains[t] += 0.2 } else { gains[t] *= 0.8 }
                if gains[t] < 0.01 { gains[t] = 0.01 }
                let g = g0 * gains[t]
                norm2 += g * g
                update[t] = momentum * update[t] - learningRate * g
                y[t] += update[t]
            }
            if check {
                if error < best { best = error; bestIter = it } else if it - bestIter > patience { break }
                if norm2.squareRoot() <= minGradientNorm { break }
            }
        }
        return (error, i)
    }
}
