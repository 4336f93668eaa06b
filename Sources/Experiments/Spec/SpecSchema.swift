import EncmapIO

/// The parts of experiments/schema.json that the registries declare: the properties of a regressor, of
/// the cross-validation section, and the feature method. The schema test compares them with the file,
/// so the file lists exactly the kinds and keys the reader accepts.
public enum SpecSchema {
    /// Two kinds declare one key differently (the schema can document a key only once).
    public struct Conflict: Error, CustomStringConvertible {
        public let key: String
        public var description: String { "key '\(key)' is declared differently by two kinds; share one KeySpec" }
    }

    /// The properties of a `regressors` item: `name`, `kind`, then every kind's keys.
    public static func regressorProperties() throws -> [(String, JSONValue)] {
        try properties(RegressorRegistry.commonKeys + RegressorRegistry.all.flatMap { $0.keys })
    }

    /// The properties of the `crossValidation` section: `kind`, then every kind's keys.
    public static func crossValidationProperties() throws -> [(String, JSONValue)] {
        try properties([CrossValidationRegistry.kindKey] + CrossValidationRegistry.all.flatMap { $0.keys })
    }

    /// The properties the feature methods declare in the `features` section: `method`, then every
    /// method's own keys.
    public static func featureMethodProperties() throws -> [(String, JSONValue)] {
        try properties([FeatureMethodRegistry.methodKey] + FeatureMethodRegistry.all.flatMap { $0.keys })
    }

    /// The schema entries of `keys`, each name once (in first-declared order).
    static func properties(_ keys: [KeySpec]) throws -> [(String, JSONValue)] {
        var seen: [String: KeySpec] = [:]
        var out: [(String, JSONValue)] = []
        for key in keys {
            if let earlier = seen[key.name] {
                guard earlier == key else { throw Conflict(key: key.name) }
                continue
            }
            seen[key.name] = key
            out.append((key.name, try key.schemaEntry()))
        }
        return out
    }
}
