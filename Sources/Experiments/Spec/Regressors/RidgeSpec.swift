import EncmapIO
import Regression

/// `{"kind": "ridge", "alpha": 1}` or `{"kind": "ridge", "alphas": [0.1, 1, 10], "alphaPerTask": true}`:
/// ridge regression with a fixed penalty, or with a grid chosen by exact leave-one-out error inside
/// each training fold (per task or shared).
public struct RidgeSpec: RegressorKind {
    public enum Penalty: Sendable, Equatable {
        case fixed(Double)
        case grid([Double], perTask: Bool)
    }

    public var penalty: Penalty

    public init(penalty: Penalty) { self.penalty = penalty }

    public static let kind = "ridge"
    static let defaultAlphaPerTask = true

    /// `alphas`, shared with the elasticNet kind (one schema entry documents both).
    public static let alphasKey = KeySpec("alphas", schema: #"{ "type": "array", "items": { "type": "number", "exclusiveMinimum": 0 }, "minItems": 1, "description": "ridge: a grid chosen by exact leave-one-out error inside each training fold; elasticNet: the alpha grid chosen from by the inner folds (instead of nAlphas)." }"#)

    public static let keys = [
        KeySpec("alpha", schema: #"{ "type": "number", "exclusiveMinimum": 0, "description": "ridge: a fixed penalty (give alpha or alphas)." }"#),
        alphasKey,
        KeySpec("alphaPerTask", default: .bool(defaultAlphaPerTask),
                schema: #"{ "type": "boolean", "description": "ridge with alphas: each task chooses its own alpha." }"#),
    ]

    public static func read(_ o: SpecObject) throws -> RidgeSpec {
        let alpha = try o.double("alpha")
        let alphas = try o.doubles("alphas")
        switch (alpha, alphas) {
        case (nil, nil): throw o.fail(nil, "ridge needs 'alpha' (fixed) or 'alphas' (a grid chosen by leave-one-out)")
        case (_?, _?): throw o.fail(nil, "give only one of: alpha, alphas")
        default: break
        }
        if let alpha {
            guard alpha > 0 else { throw o.fail("alpha", "α must be > 0, got \(alpha)") }
            if o["alphaPerTask"] != nil { throw o.fail("alphaPerTask", "applies to an 'alphas' grid only") }
            return RidgeSpec(penalty: .fixed(alpha))
        }
        let grid = alphas ?? []
        if let j = grid.firstIndex(where: { !($0 > 0) }) {
            throw o.fail("alphas[\(j)]", "α must be > 0, got \(grid[j])")
        }
        return RidgeSpec(penalty: .grid(grid, perTask: try o.bool("alphaPerTask") ?? defaultAlphaPerTask))
    }

    public func json() -> [(String, JSONValue)] {
        switch penalty {
        case .fixed(let alpha): [("alpha", .number(alpha))]
        case let .grid(alphas, perTask): [("alphas", .array(alphas.map { .number($0) })), ("alphaPerTask", .bool(perTask))]
        }
    }

    public func makeRegressor(name: String) throws -> Ridge {
        switch penalty {
        case .fixed(let alpha): try Ridge(alpha: alpha, name: name)
        case let .grid(alphas, perTask): try Ridge(alphas: alphas, alphaPerTask: perTask, name: name)
        }
    }
}
