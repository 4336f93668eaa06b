import EncmapIO
import Regression

/// `{"kind": "pls", "components": 3}` or `{"kind": "pls", "components": [1, 2, 4, 8], "innerFolds": 5}`:
/// partial least squares regression (one PLS1 fit per task, as scikit-learn's `PLSRegression`) with a
/// fixed number of components, or with a grid chosen per task by an unshuffled inner k-fold inside each
/// training fold (smallest mean squared error, ties to the smaller count).
public struct PLSSpec: RegressorKind {
    public enum Components: Sendable, Equatable {
        case fixed(Int)
        case grid([Int])
    }

    public var components: Components
    public var innerFolds: Int

    public init(components: Components, innerFolds: Int = defaultInnerFolds) {
        self.components = components
        self.innerFolds = innerFolds
    }

    public static let kind = "pls"
    public static let defaultInnerFolds = 5
    public static let defaultNamePattern = "pls-<components> (pls for a grid)"
    public var defaultName: String {
        if case .fixed(let k) = components { return "pls-\(k)" }
        return "pls"
    }

    public static let keys = [
        KeySpec("components", schema: #"{ "type": ["integer", "array"], "minimum": 1, "items": { "type": "integer", "minimum": 1 }, "minItems": 1, "description": "pls (required): a number of components, or a grid chosen per task by an inner k-fold inside each training fold." }"#),
        RegressorKeys.innerFolds,
    ]

    public static func read(_ o: SpecObject) throws -> PLSSpec {
        let value = try o.require("components", "missing: pls needs components (a number of components, or a grid of them)")
        let components: Components
        if case .array(let items) = value {
            guard !items.isEmpty else { throw o.fail("components", "expected a non-empty array of whole numbers") }
            let grid = try items.enumerated().map { j, item in
                let c = try o.reader.int(item, "\(o.path("components"))[\(j)]")
                guard c >= 1 else { throw o.fail("components[\(j)]", "must be ≥ 1, got \(c)") }
                return c
            }
            components = .grid(grid)
        } else {
            guard case .number = value else {
                throw o.fail("components", "expected a whole number or an array of them, got \(value.typeName)")
            }
            let c = try o.int("components") ?? 0
            guard c >= 1 else { throw o.fail("components", "must be ≥ 1, got \(c)") }
            if o["innerFolds"] != nil { throw o.fail("innerFolds", "applies to a 'components' grid only") }
            return PLSSpec(components: .fixed(c))
        }
        let folds = try o.int("innerFolds") ?? defaultInnerFolds
        guard folds >= 2 else { throw o.fail("innerFolds", "must be ≥ 2, got \(folds)") }
        return PLSSpec(components: components, innerFolds: folds)
    }

    public func json() -> [(String, JSONValue)] {
        switch components {
        case .fixed(let k): [("components", .number(Double(k)))]
        case .grid(let grid): [("components", .array(grid.map { .number(Double($0)) })), ("innerFolds", .number(Double(innerFolds)))]
        }
    }

    public func makeRegressor(name: String) throws -> PLSRegression {
        switch components {
        case .fixed(let k): try PLSRegression(components: k, name: name)
        case .grid(let grid): try PLSRegression(components: grid, innerFolds: innerFolds, name: name)
        }
    }

    /// A count needs at most (training rows − 1) components; with a grid of several counts, the
    /// smallest inner training fold bounds them. (The bound by the number of features is checked when
    /// fitting, once the features are known.)
    public func checkFeasibility(trainingRows: Int, path: String, file: String) throws {
        let counts: [Int]
        switch components {
        case .fixed(let k): counts = [k]
        case .grid(let grid): counts = Array(Set(grid)).sorted()
        }
        let top = counts.last ?? 1
        if counts.count == 1 {
            guard top <= trainingRows - 1 else {
                throw ExperimentError.infeasible("\(file): \(path).components: \(top) components need more than the \(trainingRows) training encoders of the smallest fold (at most \(max(trainingRows - 1, 0))); lower components or use fewer folds")
            }
            return
        }
        guard innerFolds <= trainingRows else {
            throw ExperimentError.infeasible("\(file): \(path).innerFolds: \(innerFolds) inner folds exceed the \(trainingRows) training encoders of the smallest fold; lower innerFolds or use fewer folds")
        }
        let inner = PLSRegression.smallestInnerTraining(rows: trainingRows, innerFolds: innerFolds)
        guard top <= inner - 1 else {
            throw ExperimentError.infeasible("\(file): \(path).components: \(top) components need more than the \(inner) encoders of the smallest inner training fold (at most \(max(inner - 1, 0))); lower components, lower innerFolds or use fewer folds")
        }
    }
}
