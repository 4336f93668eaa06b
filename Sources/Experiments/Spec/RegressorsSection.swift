import EncmapIO
import Regression

/// A kind of regressor a spec names in `regressors[].kind`. Each kind is one file: its keys (with
/// their schema entries), its reader and writer, and the `Regressor` it builds. Adding a kind is that
/// file plus one line in `RegressorRegistry.all`.
public protocol RegressorKind: Sendable, Equatable {
    associatedtype Model: Regressor
    /// The `kind` value, e.g. `"knn"`.
    static var kind: String { get }
    /// The kind's keys besides `name` and `kind`, in the order messages list them.
    static var keys: [KeySpec] { get }
    /// The default `name` as the schema describes it, e.g. `knn-<k>`.
    static var defaultNamePattern: String { get }
    /// Reads the kind's keys from a regressor object (its keys are already checked against `keys`).
    static func read(_ o: SpecObject) throws -> Self
    /// The kind's keys with every default explicit, in the order of `keys`.
    func json() -> [(String, JSONValue)]
    /// The column name when the spec gives none, e.g. `knn-3`.
    var defaultName: String { get }
    /// The regressor, named `name`.
    func makeRegressor(name: String) throws -> Model
    /// Errors when the regressor cannot train on the smallest fold's `trainingRows` encoders; `path` is
    /// the regressor's JSON path. The default accepts any size.
    func checkFeasibility(trainingRows: Int, path: String, file: String) throws
}

extension RegressorKind {
    public static var defaultNamePattern: String { kind }
    public var defaultName: String { Self.kind }
    public func checkFeasibility(trainingRows: Int, path: String, file: String) throws {}

    /// Whether `other` is the same kind with the same options.
    func isEqual(to other: any RegressorKind) -> Bool { (other as? Self) == self }
}

/// The regressor kinds a spec may name, in the order messages and the schema list them.
public enum RegressorRegistry {
    public static let all: [any RegressorKind.Type] = [RidgeSpec.self, KNNSpec.self, MeanSpec.self, PLSSpec.self, ElasticNetSpec.self]

    public static var kindNames: [String] { all.map { $0.kind } }

    public static func kind(named name: String) -> (any RegressorKind.Type)? {
        all.first { $0.kind == name }
    }

    /// The keys every regressor has, before its kind's own.
    public static var commonKeys: [KeySpec] {
        [KeySpec("name", schema: #"{ "type": "string", "description": "Column name; default: \#(all.map { $0.defaultNamePattern }.joined(separator: ", ")). Unique, no commas." }"#),
         KeySpec("kind", values: kindNames)]
    }
}

extension ExperimentSpec {
    /// One regressor of the spec: its column name and its kind with the kind's options.
    public struct RegressorSpec: Sendable, Equatable {
        public var name: String
        public var kind: any RegressorKind

        public init(name: String, kind: any RegressorKind) {
            self.name = name
            self.kind = kind
        }

        public static func == (a: RegressorSpec, b: RegressorSpec) -> Bool {
            a.name == b.name && a.kind.isEqual(to: b.kind)
        }

        /// The regressor object with every default explicit: name, kind, then the kind's keys.
        public func json() -> JSONValue {
            .object([("name", .string(name)), ("kind", .string(type(of: kind).kind))] + kind.json())
        }

        /// The regressor, behind `steps` (refit inside every training fold) when there are any.
        public func makeRegressor(steps: [AnyTransformer]) throws -> AnyRegressor {
            func build<K: RegressorKind>(_ kind: K) throws -> AnyRegressor {
                let r = try kind.makeRegressor(name: name)
                return steps.isEmpty ? AnyRegressor(r, name: name) : AnyRegressor(Pipeline(steps, r, name: name), name: name)
            }
            return try build(kind)
        }

        /// The `regressors` section (absent in a map-only spec: no regressors).
        static func readAll(_ value: JSONValue?, _ r: SpecReader) throws -> [RegressorSpec] {
            let regValue = value ?? .array([])
            guard case .array(let items) = regValue else {
                throw r.fail("$.regressors", "expected an array of regressors, got \(regValue.typeName)")
            }
            guard !items.isEmpty || value == nil else { throw r.fail("$.regressors", "needs at least one regressor") }
            let names = RegressorRegistry.kindNames.joined(separator: ", ")
            var regressors: [RegressorSpec] = []
            for (k, item) in items.enumerated() {
                let path = "$.regressors[\(k)]"
                guard let kindValue = try r.object(item, path, allowed: nil)["kind"] else {
                    throw r.fail("\(path).kind", "missing (expected one of: \(names))")
                }
                let kindName = try r.string(kindValue, "\(path).kind")
                guard let type = RegressorRegistry.kind(named: kindName) else {
                    throw r.fail("\(path).kind", "unknown kind '\(kindName)' (expected one of: \(names))")
                }
                let o = try r.object(item, path, allowed: (RegressorRegistry.commonKeys + type.keys).map(\.name))
                let kind = try type.read(o)
                let name = try o.string("name") ?? kind.defaultName
                guard !name.isEmpty, !name.contains(","), !name.contains("\n") else {
                    throw o.fail("name", "must be non-empty, without commas or line breaks")
                }
                if regressors.contains(where: { $0.name == name }) {
                    throw o.fail("name", "duplicate regressor name '\(name)'; give each regressor its own name")
                }
                regressors.append(RegressorSpec(name: name, kind: kind))
            }
            return regressors
        }
    }
}

/// Keys that several regressor kinds share: the schema documents each key once, so they are declared once.
public enum RegressorKeys {
    /// The inner k-fold that chooses hyper-parameters per task inside each training fold (pls, elasticNet).
    public static let innerFolds = KeySpec("innerFolds", default: .number(5),
        schema: #"{ "type": "integer", "minimum": 2, "description": "pls with a components grid, elasticNet: folds of the unshuffled inner k-fold inside each training fold that chooses the hyper-parameters per task." }"#)
}
