import EncmapIO
import Features
import Foundation

/// A declarative experiment: which encoders, which features, which scores, which regressors under which
/// cross-validation, and where the results go. Read from strict JSON (unknown keys and wrong types are
/// errors naming the JSON path); every default is explicit in `resolvedJSON()`.
///
/// Each section is a typed value with its reader and writer (Spec/*Section.swift); regressor kinds,
/// cross-validation kinds and feature methods are registries of one file per kind (Spec/Regressors,
/// Spec/CrossValidation, Spec/FeatureMethods). `parse(resolvedJSON())` gives back an equal spec.
public struct ExperimentSpec: Sendable, Equatable {
    public var name: String
    public var encoders: Encoders
    public var features: FeatureSettings
    /// Several feature sets side by side (`featureSets`); nil when the spec has one `features` object.
    public var featureSets: [FeatureSet]?
    /// The scores; nil in a map-only spec.
    public var scores: Scores?
    public var preprocess: Preprocess
    public var regressors: [RegressorSpec]
    public var crossValidation: CrossValidation
    public var bootstrap: Bootstrap
    /// The output folder as written (relative to the spec's folder).
    public var output: String
    /// The map section; nil when the spec has none.
    public var map: MapSettings?
    /// True when the spec describes a regression experiment (scores and regressors given); a spec may
    /// describe only a map, and then its experiment sections are checked but not part of the resolved spec.
    public var hasExperiment: Bool { scores != nil && !regressors.isEmpty }
    /// The spec file (for messages) and its folder (for relative paths).
    public let file: String
    public let baseDirectory: URL

    /// The spec format version this encmap reads.
    public static let version = 1
    /// The top-level keys, in the order of the documentation.
    public static let keys = ["version", "name", "encoders", "features", "featureSets", "scores", "preprocess",
                              "regressors", "crossValidation", "bootstrap", "output", "map"]

    /// The output folder when the spec names none.
    public static func defaultOutput(name: String) -> String { "../results/\(name)" }

    /// A path of the spec resolved against the spec's folder.
    public func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path).standardizedFileURL
            : baseDirectory.appendingPathComponent(path).standardizedFileURL
    }

    /// The output folder.
    public var outputURL: URL { resolve(output) }
}

// MARK: - Reading

extension ExperimentSpec {
    /// Reads and checks a spec file.
    /// - Throws: `ExperimentError.spec` naming the file and JSON path, or `.file` when unreadable.
    public static func load(_ url: URL) throws -> ExperimentSpec {
        let data: Data
        do { data = try InputFile.read(url, expected: "a spec (JSON file)") } catch let e as FileError {
            throw ExperimentError.file(path: url.path, message: "\(e.problem); \(e.remedy ?? "check the spec's path")")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExperimentError.file(path: url.path, message: "is not UTF-8 text")
        }
        return try parse(text, file: url.path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Parses spec text; `file` names it in messages, `baseDirectory` resolves relative paths.
    public static func parse(_ text: String, file: String, baseDirectory: URL) throws -> ExperimentSpec {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch let e as JSONSyntaxError {
            throw ExperimentError.spec(file: file, path: "$", message: "invalid JSON at \(e.description)")
        }
        let r = SpecReader(file: file)
        let top = try r.object(root, "$", allowed: keys, required: ["version", "name", "encoders"])
        if top["map"] == nil {
            for key in ["scores", "regressors"] where top[key] == nil { throw top.fail(key, "missing required key") }
        }
        if (top["scores"] == nil) != (top["regressors"] == nil) {
            throw top.fail(top["scores"] == nil ? "scores" : "regressors", "missing: scores and regressors go together (a map-only spec has neither)")
        }
        let version = try top.int("version") ?? 0
        guard version == Self.version else {
            throw top.fail("version", "unsupported version \(version) (this encmap reads version \(Self.version))")
        }
        let name = try top.string("name") ?? ""
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw top.fail("name", "must be a non-empty name of letters, digits, '-', '_' or '.' (it names the output)")
        }
        let encoders = try Encoders.read(top["encoders"] ?? .null, r)
        let features = try FeatureSettings.read(top["features"], r)
        let scores = try top["scores"].map { try Scores.read($0, r) }
        let preprocess = try Preprocess.read(top["preprocess"], r)
        let regressors = try RegressorSpec.readAll(top["regressors"], r)
        let featureSets = try FeatureSet.readAll(top["featureSets"], r, encoders: encoders, regressors: regressors)
        let cv = try CrossValidation.read(top["crossValidation"], r, scores: scores)
        let bootstrap = try Bootstrap.read(top["bootstrap"], r)
        let output = try top.string("output") ?? defaultOutput(name: name)
        guard !output.isEmpty else { throw top.fail("output", "must be a folder path") }
        let map = try top["map"].map { try MapSettings.read($0, r, name: name) }
        return ExperimentSpec(name: name, encoders: encoders, features: features, featureSets: featureSets, scores: scores,
                              preprocess: preprocess, regressors: regressors, crossValidation: cv,
                              bootstrap: bootstrap, output: output, map: map, file: file, baseDirectory: baseDirectory)
    }
}

// MARK: - Writing back

extension ExperimentSpec {
    /// The spec with every default explicit, in the order of the documentation.
    public func resolvedJSON() -> JSONValue {
        var members: [(String, JSONValue)] = [("version", .number(Double(Self.version))), ("name", .string(name)),
                                              ("encoders", encoders.json()), ("features", features.json())]
        if hasExperiment, let scores {
            if let featureSets { members.append(("featureSets", .array(featureSets.map { $0.json() }))) }
            members += [
                ("scores", scores.json()), ("preprocess", preprocess.json()),
                ("regressors", .array(regressors.map { $0.json() })), ("crossValidation", crossValidation.json()),
                ("bootstrap", bootstrap.json()), ("output", .string(output)),
            ]
        }
        if let map { members.append(("map", map.json())) }
        return .object(members)
    }
}

// MARK: - Input paths

extension ExperimentSpec {
    /// A path the spec names at `key`, resolved against the spec's folder and checked to exist.
    /// - Parameters:
    ///   - folder: the path names a folder (the message says "folder").
    ///   - mustBeFolder: a file of that name does not count.
    /// - Throws: `ExperimentError.spec` at `key`: "file … does not exist; check the path …".
    public func existingInput(_ path: String, at key: String, folder: Bool = false, mustBeFolder: Bool = false) throws -> URL {
        let url = resolve(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !mustBeFolder || isDirectory.boolValue else {
            if let why = InputFile.whyMissing(url.path) {
                throw ExperimentError.spec(file: file, path: key, message: "\(url.path) \(why.problem); \(why.remedy)")
            }
            throw ExperimentError.spec(file: file, path: key, message: "\(folder ? "folder" : "file") \(url.path) does not exist; check the path (relative paths start at the spec's folder)")
        }
        return url
    }
}
