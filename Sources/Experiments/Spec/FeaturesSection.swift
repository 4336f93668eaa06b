import EncmapIO
import Features

/// A feature method a spec names in `features.method`. Each method is one file: its name and schema
/// text, any keys of its own in the `features` section, its reader and writer, and the
/// `FeatureParameters` it computes with. Adding a method is that file plus one line in
/// `FeatureMethodRegistry.all` (and its computation in the Features module).
public protocol FeatureMethodKind: Sendable, Equatable {
    /// The `method` value, e.g. `"qre-unit"`.
    static var name: String { get }
    /// What it computes, as the schema's description of `method` writes it.
    static var summary: String { get }
    /// Its own keys in the `features` section besides method, epsilon, rankTolerance and cache.
    static var keys: [KeySpec] { get }
    /// Reads its own keys.
    static func read(_ o: SpecObject) throws -> Self
    /// Its own keys with every default explicit.
    func json() -> [(String, JSONValue)]
    /// The parameters of the feature computation.
    func parameters(epsilon: Double, rankTolerance: Double?) -> FeatureParameters
}

extension FeatureMethodKind {
    public static var keys: [KeySpec] { [] }
    public func json() -> [(String, JSONValue)] { [] }

    func isEqual(to other: any FeatureMethodKind) -> Bool { (other as? Self) == self }
}

/// The feature methods a spec may name, in the order messages and the schema list them; the first is
/// the default.
public enum FeatureMethodRegistry {
    public static let all: [any FeatureMethodKind.Type] = [QREUnitMethod.self, SpectrumMethod.self]

    public static var names: [String] { all.map { $0.name } }
    public static var defaultMethod: any FeatureMethodKind.Type { all[0] }

    public static func method(named name: String) -> (any FeatureMethodKind.Type)? {
        all.first { $0.name == name }
    }

    /// The `method` key's schema entry.
    public static var methodKey: KeySpec {
        let text = all.map { "\($0.name): \($0.summary)" }.joined(separator: "; ") + "."
        return KeySpec("method", default: .string(defaultMethod.name), values: names,
                       schema: JSONValue.object([("description", .string(text))]).serialized())
    }
}

extension ExperimentSpec {
    /// The `features` section: how feature vectors are computed from embeddings.
    public struct FeatureSettings: Sendable, Equatable {
        public var kind: any FeatureMethodKind
        public var epsilon: Double
        public var rankTolerance: Double?
        /// Cache folder (relative to the spec); nil disables the cache.
        public var cache: String?

        public static let defaultEpsilon = 1e-10
        public static let defaultCache: String? = "cache/features"
        /// The section's keys besides the methods' own.
        public static let commonKeys = ["method", "epsilon", "rankTolerance", "cache"]

        public init(kind: any FeatureMethodKind, epsilon: Double = defaultEpsilon, rankTolerance: Double? = nil,
                    cache: String? = defaultCache) {
            self.kind = kind
            self.epsilon = epsilon
            self.rankTolerance = rankTolerance
            self.cache = cache
        }

        public static func == (a: FeatureSettings, b: FeatureSettings) -> Bool {
            a.kind.isEqual(to: b.kind) && a.epsilon == b.epsilon && a.rankTolerance == b.rankTolerance && a.cache == b.cache
        }

        /// The parameters of the feature computation (part of the cache key).
        public var parameters: FeatureParameters { kind.parameters(epsilon: epsilon, rankTolerance: rankTolerance) }
        /// The method computed.
        public var method: FeatureMethod { parameters.method }

        /// Reads the section; absent, every default.
        static func read(_ value: JSONValue?, _ r: SpecReader) throws -> FeatureSettings {
            let path = "$.features"
            let methodKeys = FeatureMethodRegistry.all.flatMap { $0.keys.map(\.name) }
            let fo = try r.object(value ?? .object([]), path, allowed: commonKeys + methodKeys)
            let name = try fo.string("method") ?? FeatureMethodRegistry.defaultMethod.name
            guard let type = FeatureMethodRegistry.method(named: name) else {
                throw fo.fail("method", "unknown method '\(name)' (expected one of: \(FeatureMethodRegistry.names.joined(separator: ", ")))")
            }
            // Keys of another method than the chosen one.
            let own = commonKeys + type.keys.map(\.name)
            if let other = methodKeys.first(where: { fo[$0] != nil && !own.contains($0) }) {
                throw fo.fail(other, "unknown key (expected one of: \(own.joined(separator: ", ")))" + SpecReader.suggestion(for: other, among: own))
            }
            var settings = FeatureSettings(kind: try type.read(fo))
            if let e = try fo.double("epsilon") {
                guard e > 0, e < 1 else { throw fo.fail("epsilon", "must be in (0, 1), e.g. 1e-10") }
                settings.epsilon = e
            }
            if let t = fo["rankTolerance"], t != .null {
                let tau = try fo.double("rankTolerance") ?? 0
                guard tau >= 0, tau < 1 else { throw fo.fail("rankTolerance", "must be in [0, 1) or null (default)") }
                settings.rankTolerance = tau
            }
            if let c = fo["cache"] {
                settings.cache = c == .null ? nil : try fo.string("cache")
            }
            return settings
        }

        public func json() -> JSONValue {
            .object([("method", .string(type(of: kind).name))] + kind.json() + [
                ("epsilon", .number(epsilon)),
                ("rankTolerance", rankTolerance.map { .number($0) } ?? .null),
                ("cache", cache.map { .string($0) } ?? .null),
            ])
        }
    }
}
