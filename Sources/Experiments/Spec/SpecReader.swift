import EncmapIO
import EncmapSupport
import Foundation

/// A key of a spec object as experiments/schema.json documents it: its name, its default (nil for a
/// key without one), the values it may take (nil when not an enumeration) and the rest of its JSON
/// Schema entry. Regressor kinds, cross-validation kinds and feature methods declare their keys with it,
/// so that the reader's list of allowed keys and the schema come from one declaration.
public struct KeySpec: Sendable, Equatable {
    public let name: String
    public let defaultValue: JSONValue?
    public let values: [String]?
    /// The key's JSON Schema entry without `default` and `enum`, as JSON text.
    public let schema: String

    public init(_ name: String, default defaultValue: JSONValue? = nil, values: [String]? = nil, schema: String = "{}") {
        self.name = name
        self.defaultValue = defaultValue
        self.values = values
        self.schema = schema
    }

    /// The key's entry in experiments/schema.json: `schema` with `enum` and `default` added.
    /// - Throws: `JSONSyntaxError` when `schema` is not JSON.
    public func schemaEntry() throws -> JSONValue {
        var members: [(String, JSONValue)] = []
        if case .object(let m) = try JSONValue.parse(schema) { members = m }
        if let values { members.insert(("enum", .array(values.map { .string($0) })), at: 0) }
        if let defaultValue { members.append(("default", defaultValue)) }
        return .object(members)
    }
}

/// Strict, path-aware access to a JSON spec: every message names the spec file and the JSON path.
struct SpecReader: Sendable {
    let file: String

    func fail(_ path: String, _ message: String) -> ExperimentError {
        .spec(file: file, path: path, message: message)
    }

    /// The members of an object, checking for unknown and missing keys (`allowed` nil skips the check).
    /// An unknown key close to an allowed one (edit distance ≤ 2) gets `; did you mean 'k'?`.
    func object(_ v: JSONValue, _ path: String, allowed: [String]?, required: [String] = []) throws -> SpecObject {
        guard case .object(let members) = v else { throw fail(path, "expected an object, got \(v.typeName)") }
        var out: [String: JSONValue] = [:]
        for (key, value) in members {
            if let allowed, !allowed.contains(key) {
                throw fail("\(path).\(key)", "unknown key (expected one of: \(allowed.joined(separator: ", ")))"
                           + Self.suggestion(for: key, among: allowed))
            }
            out[key] = value
        }
        for key in required where out[key] == nil {
            throw fail("\(path).\(key)", "missing required key")
        }
        return SpecObject(members: out, path: path, reader: self)
    }

    /// `; did you mean 'x'?` for the candidate closest to `word`, or the empty string.
    static func suggestion(for word: String, among candidates: [String]) -> String {
        Suggestion.closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    func string(_ v: JSONValue, _ path: String) throws -> String {
        guard case .string(let s) = v else { throw fail(path, "expected a string, got \(v.typeName)") }
        return s
    }

    func strings(_ v: JSONValue, _ path: String, nonEmpty: Bool = false) throws -> [String] {
        guard case .array(let items) = v else { throw fail(path, "expected an array of strings, got \(v.typeName)") }
        if nonEmpty && items.isEmpty { throw fail(path, "must not be empty") }
        // The element's path is spelled only for a bad element: a list may hold millions of ids.
        var out: [String] = []
        out.reserveCapacity(items.count)
        for (k, item) in items.enumerated() {
            guard case .string(let s) = item else { throw fail("\(path)[\(k)]", "expected a string, got \(item.typeName)") }
            out.append(s)
        }
        return out
    }

    func double(_ v: JSONValue, _ path: String) throws -> Double {
        guard case .number(let x) = v else { throw fail(path, "expected a number, got \(v.typeName)") }
        return x
    }

    func int(_ v: JSONValue, _ path: String) throws -> Int {
        guard case .number(let x) = v else { throw fail(path, "expected a whole number, got \(v.typeName)") }
        // JSON numbers are read as float64: beyond 1e15 a whole number may no longer be exact (and beyond
        // Int, 2^63, not representable), so such a number is too large, not a fraction.
        guard x.isFinite, abs(x) < 1e15 else {
            throw fail(path, "\(x) is too large; use a whole number of magnitude below 10^15")
        }
        guard x == x.rounded() else { throw fail(path, "expected a whole number, got the fraction \(x)") }
        return Int(x)
    }

    func bool(_ v: JSONValue, _ path: String) throws -> Bool {
        guard case .bool(let b) = v else { throw fail(path, "expected true or false, got \(v.typeName)") }
        return b
    }
}

extension ExperimentSpec {
    /// The most tasks one experiment may list (`$.scores.tasks`).
    public static let maximumTasks = 10_000
}

/// One object of a spec, its keys already checked: typed access to its members by key, with messages
/// at `path.key`. Every accessor returns nil for an absent key.
public struct SpecObject: Sendable {
    let members: [String: JSONValue]
    /// The object's JSON path, e.g. `$.regressors[1]`.
    public let path: String
    let reader: SpecReader

    public subscript(key: String) -> JSONValue? { members[key] }

    /// The JSON path of a member.
    public func path(_ key: String) -> String { "\(path).\(key)" }

    /// A spec error at a member (or at the object itself when `key` is nil).
    public func fail(_ key: String?, _ message: String) -> ExperimentError {
        reader.fail(key.map(path) ?? path, message)
    }

    /// The member, or a "missing" error with `message` at it.
    public func require(_ key: String, _ message: String) throws -> JSONValue {
        guard let v = members[key] else { throw fail(key, message) }
        return v
    }

    public func string(_ key: String) throws -> String? {
        try members[key].map { try reader.string($0, path(key)) }
    }

    /// An absent key or null is nil; otherwise a string.
    public func optionalString(_ key: String) throws -> String? {
        guard let v = members[key], v != .null else { return nil }
        return try reader.string(v, path(key))
    }

    public func strings(_ key: String, nonEmpty: Bool = false) throws -> [String]? {
        try members[key].map { try reader.strings($0, path(key), nonEmpty: nonEmpty) }
    }

    public func double(_ key: String) throws -> Double? {
        try members[key].map { try reader.double($0, path(key)) }
    }

    public func int(_ key: String) throws -> Int? {
        try members[key].map { try reader.int($0, path(key)) }
    }

    public func bool(_ key: String) throws -> Bool? {
        try members[key].map { try reader.bool($0, path(key)) }
    }

    /// A seed: a whole number ≥ 0.
    public func seed(_ key: String) throws -> UInt64? {
        guard let s = try int(key) else { return nil }
        guard s >= 0 else { throw fail(key, "must be ≥ 0") }
        return UInt64(s)
    }

    /// A non-empty array of numbers.
    public func doubles(_ key: String) throws -> [Double]? {
        guard let v = members[key] else { return nil }
        guard case .array(let a) = v, !a.isEmpty else { throw fail(key, "expected a non-empty array of numbers") }
        return try a.enumerated().map { try reader.double($1, "\(path(key))[\($0)]") }
    }

    /// A member naming one of `values` (e.g. a kNN metric), with `noun` in the message.
    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type, noun: String) throws -> T?
    where T.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            throw fail(key, "unknown \(noun) '\(text)' (expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return value
    }
}
