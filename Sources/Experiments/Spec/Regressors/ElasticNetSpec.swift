import EncmapIO
import Regression

/// `{"kind": "elasticNet"}` with optional `l1Ratio` (a number or a grid), `alphas` (a grid) or `nAlphas`
/// and `eps` (scikit-learn's automatic path), `innerFolds`, `tol` and `maxIter`: scikit-learn's
/// `ElasticNetCV`, each task choosing (α, ρ) by an unshuffled inner k-fold on its training rows, then
/// refitted on them.
public struct ElasticNetSpec: RegressorKind {
    public var l1Ratios: [Double]
    public var alphas: ElasticNetCV.AlphaGrid
    public var innerFolds: Int
    public var tol: Double
    public var maxIter: Int

    public init(l1Ratios: [Double] = ElasticNetCV.defaultL1Ratios,
                alphas: ElasticNetCV.AlphaGrid = .path(count: ElasticNetCV.defaultAlphaCount, eps: ElasticNetCV.defaultEps),
                innerFolds: Int = ElasticNetCV.defaultInnerFolds, tol: Double = ElasticNet.defaultTol,
                maxIter: Int = ElasticNet.defaultMaxIter) {
        self.l1Ratios = l1Ratios
        self.alphas = alphas
        self.innerFolds = innerFolds
        self.tol = tol
        self.maxIter = maxIter
    }

    public static let kind = "elasticNet"
    public static let defaultNamePattern = "elasticnet"
    public var defaultName: String { "elasticnet" }

    static func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }

    public static let keys = [
        KeySpec("l1Ratio", default: numbers(ElasticNetCV.defaultL1Ratios),
                schema: #"{ "oneOf": [{ "type": "number", "minimum": 0, "maximum": 1 }, { "type": "array", "items": { "type": "number", "minimum": 0, "maximum": 1 }, "minItems": 1 }], "description": "elasticNet: the L1 share ρ of the penalty, or a grid of them chosen by the inner folds (ρ = 0 needs alphas)." }"#),
        RidgeSpec.alphasKey,
        KeySpec("nAlphas", default: .number(Double(ElasticNetCV.defaultAlphaCount)),
                schema: #"{ "type": "integer", "minimum": 1, "description": "elasticNet without alphas: the number of alphas on scikit-learn's path, from the smallest alpha giving all-zero coefficients down to eps times it, log-spaced." }"#),
        KeySpec("eps", default: .number(ElasticNetCV.defaultEps),
                schema: #"{ "type": "number", "exclusiveMinimum": 0, "description": "elasticNet without alphas: the path's smallest alpha over its largest." }"#),
        RegressorKeys.innerFolds,
        KeySpec("tol", default: .number(ElasticNet.defaultTol),
                schema: #"{ "type": "number", "minimum": 0, "description": "elasticNet: coordinate descent stops once the duality gap is at most tol times the target's squared norm." }"#),
        KeySpec("maxIter", default: .number(Double(ElasticNet.defaultMaxIter)),
                schema: #"{ "type": "integer", "minimum": 1, "description": "elasticNet: at most this many coordinate-descent sweeps per fit." }"#),
    ]

    public static func read(_ o: SpecObject) throws -> ElasticNetSpec {
        var spec = ElasticNetSpec()
        if let v = o["l1Ratio"] {
            if case .number(let rho) = v { spec.l1Ratios = [rho] } else {
                guard case .array = v else {
                    throw o.fail("l1Ratio", "expected a number in [0, 1] or a non-empty array of them, got \(v.typeName)")
                }
                spec.l1Ratios = try o.doubles("l1Ratio") ?? []
            }
            let many = spec.l1Ratios.count > 1
            if let j = spec.l1Ratios.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
                throw o.fail(many ? "l1Ratio[\(j)]" : "l1Ratio", "ρ must be in [0, 1], got \(spec.l1Ratios[j])")
            }
        }
        let grid = try o.doubles("alphas")
        let count = try o.int("nAlphas")
        let eps = try o.double("eps")
        if let grid {
            if count != nil { throw o.fail("nAlphas", "give only one of: alphas, nAlphas") }
            if eps != nil { throw o.fail("eps", "applies to the automatic alpha path only (without alphas)") }
            if let j = grid.firstIndex(where: { !($0 > 0) }) {
                throw o.fail("alphas[\(j)]", "α must be > 0, got \(grid[j])")
            }
            spec.alphas = .values(grid)
        } else {
            let n = count ?? ElasticNetCV.defaultAlphaCount
            guard n >= 1 else { throw o.fail("nAlphas", "must be ≥ 1") }
            let e = eps ?? ElasticNetCV.defaultEps
            guard e > 0 else { throw o.fail("eps", "must be > 0, got \(e)") }
            if spec.l1Ratios.contains(0) {
                throw o.fail("l1Ratio", "ρ = 0 (pure ridge) has no automatic alpha path; give alphas or use the ridge kind")
            }
            spec.alphas = .path(count: n, eps: e)
        }
        if let k = try o.int("innerFolds") {
            guard k >= 2 else { throw o.fail("innerFolds", "must be ≥ 2") }
            spec.innerFolds = k
        }
        if let t = try o.double("tol") {
            guard t >= 0 else { throw o.fail("tol", "must be ≥ 0, got \(t)") }
            spec.tol = t
        }
        if let m = try o.int("maxIter") {
            guard m >= 1 else { throw o.fail("maxIter", "must be ≥ 1") }
            spec.maxIter = m
        }
        return spec
    }

    public func json() -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [("l1Ratio", Self.numbers(l1Ratios))]
        switch alphas {
        case .values(let grid): out.append(("alphas", Self.numbers(grid)))
        case let .path(count, eps): out += [("nAlphas", .number(Double(count))), ("eps", .number(eps))]
        }
        return out + [("innerFolds", .number(Double(innerFolds))), ("tol", .number(tol)), ("maxIter", .number(Double(maxIter)))]
    }

    public func makeRegressor(name: String) throws -> ElasticNetCV {
        try ElasticNetCV(l1Ratios: l1Ratios, alphas: alphas, innerFolds: innerFolds, tol: tol, maxIter: maxIter, name: name)
    }

    public func checkFeasibility(trainingRows: Int, path: String, file: String) throws {
        guard innerFolds <= trainingRows else {
            throw ExperimentError.infeasible("\(file): \(path).innerFolds: \(innerFolds) inner folds need at least \(innerFolds) training encoders but the smallest fold has \(trainingRows); lower innerFolds or use fewer folds")
        }
    }
}
