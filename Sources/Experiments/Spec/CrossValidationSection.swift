import EncmapIO
import Regression

/// A cross-validation kind a spec names in `crossValidation.kind`. Each kind is one file: its keys
/// (with their schema entries), its reader and writer, the `FoldSplitter` it builds, and what it needs
/// of the encoders. Adding a kind is that file plus one line in `CrossValidationRegistry.all`.
public protocol CrossValidationKind: Sendable, Equatable {
    /// The `kind` value, e.g. `"kfold"`.
    static var kind: String { get }
    /// The kind's keys besides `kind`, in the order messages list them.
    static var keys: [KeySpec] { get }
    /// Reads the kind's keys (already checked against `keys`); `scores` is the spec's scores section.
    static func read(_ o: SpecObject, scores: ExperimentSpec.Scores?) throws -> Self
    /// The kind's keys with every default explicit.
    func json() -> [(String, JSONValue)]
    /// Where each encoder's group is read, when the kind splits by group (default nil).
    var groupSource: GroupSource? { get }
    /// Passes over the encoders (default 1).
    var repetitions: Int { get }
    /// The splitter over `encoders` rows (`groups`: labels read from `groupSource`), and its folds per repetition.
    func splitter(encoders: Int, groups: [String]?) throws -> (splitter: any FoldSplitter, foldsPerRepetition: Int)
    /// The fewest encoders any training fold holds.
    func smallestTrainingSize(encoders: Int, groups: [String]?) -> Int
    /// Errors when the folds cannot be made from these encoders.
    func checkFeasibility(encoders: Int, groups: [String]?, file: String) throws
    /// A phrase for `encmap validate`, e.g. "5-fold cross-validation".
    var summary: String { get }
}

extension CrossValidationKind {
    public var groupSource: GroupSource? { nil }
    public var repetitions: Int { 1 }

    func isEqual(to other: any CrossValidationKind) -> Bool { (other as? Self) == self }
}

/// The cross-validation kinds a spec may name, in the order messages and the schema list them; the
/// first is the default.
public enum CrossValidationRegistry {
    public static let all: [any CrossValidationKind.Type] = [KFoldSpec.self, LeaveOneOutSpec.self, GroupKFoldSpec.self, RepeatedKFoldSpec.self,
                                                          LeaveOneGroupOutSpec.self]

    public static var kindNames: [String] { all.map { $0.kind } }
    public static var defaultKind: any CrossValidationKind.Type { all[0] }

    public static func kind(named name: String) -> (any CrossValidationKind.Type)? {
        all.first { $0.kind == name }
    }

    /// The `kind` key's schema entry.
    public static var kindKey: KeySpec { KeySpec("kind", default: .string(defaultKind.kind), values: kindNames) }
}

/// Keys and fold arithmetic that several cross-validation kinds share.
public enum CrossValidationKeys {
    public static let defaultFolds = 5
    public static let defaultSeed: UInt64 = 0

    static let folds = KeySpec("folds", default: .number(Double(defaultFolds)),
                               schema: #"{ "type": "integer", "minimum": 2, "description": "kfold, groupKFold, repeatedKFold." }"#)
    static let seed = KeySpec("seed", default: .number(Double(defaultSeed)),
                              schema: #"{ "type": "integer", "minimum": 0, "description": "kfold (shuffled), repeatedKFold: SplitMix64 seed of the Fisher-Yates permutation." }"#)

    static func readFolds(_ o: SpecObject) throws -> Int {
        let folds = try o.int("folds") ?? defaultFolds
        guard folds >= 2 else { throw o.fail("folds", "must be ≥ 2") }
        return folds
    }

    static func readSeed(_ o: SpecObject) throws -> UInt64 {
        try o.seed("seed") ?? defaultSeed
    }

    /// The smallest training fold of `folds` contiguous (or shuffled) folds over m encoders: m − ⌈m/folds⌉.
    static func smallestTrainingSize(encoders m: Int, folds: Int) -> Int {
        m - (m + folds - 1) / folds
    }

    static func checkEnoughEncoders(_ m: Int, folds: Int, file: String) throws {
        guard m >= folds else {
            throw ExperimentError.infeasible("\(file): $.crossValidation.folds: too few encoders for the folds: \(m) encoders have both features and scores but \(folds)-fold cross-validation needs at least \(folds); lower folds or add encoders")
        }
    }
}

extension ExperimentSpec {
    /// The `crossValidation` section: one kind with its options.
    public struct CrossValidation: Sendable, Equatable {
        public var scheme: any CrossValidationKind

        public init(_ scheme: any CrossValidationKind) { self.scheme = scheme }

        public static func == (a: CrossValidation, b: CrossValidation) -> Bool { a.scheme.isEqual(to: b.scheme) }

        public var groupSource: GroupSource? { scheme.groupSource }
        /// The scores CSV column holding each encoder's group (nil when the groups come from `groupsCsv`).
        public var groupColumn: String? { groupSource.flatMap { $0.csv == nil ? $0.column : nil } }
        public var repetitions: Int { scheme.repetitions }
        public var summary: String { scheme.summary }

        public func json() -> JSONValue {
            .object([("kind", .string(type(of: scheme).kind))] + scheme.json())
        }

        /// Reads the section; absent, it is the default kind with its defaults.
        static func read(_ value: JSONValue?, _ r: SpecReader, scores: Scores?) throws -> CrossValidation {
            let path = "$.crossValidation"
            let v = value ?? .object([])
            let kindName = try r.object(v, path, allowed: nil).string("kind") ?? CrossValidationRegistry.defaultKind.kind
            guard let type = CrossValidationRegistry.kind(named: kindName) else {
                throw r.fail("\(path).kind", "unknown kind '\(kindName)' (expected one of: \(CrossValidationRegistry.kindNames.joined(separator: ", ")))")
            }
            let o = try r.object(v, path, allowed: ["kind"] + type.keys.map(\.name))
            return CrossValidation(try type.read(o, scores: scores))
        }
    }
}
