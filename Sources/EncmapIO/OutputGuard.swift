import Foundation

/// The rule that keeps an output folder from destroying data: encmap replaces a folder only when it is
/// missing, empty, or carries encmap's marker of an earlier result of the same kind — `run.json` (a run),
/// `map.json` (a map), `prediction.json` (a prediction of `encmap predict --out`), `features.json` (a features folder; one written before the manifest existed is
/// recognised by its `summary.csv` beside nothing but `.npy` vectors and shard files) — and never when it
/// holds one of the command's own inputs (the spec, embeddings, scores: every file opened through
/// ``InputFile``) or is an ancestor of one.
public enum OutputGuard {
    /// The kinds of result folders, each with its marker file.
    public enum Kind: CaseIterable, Sendable {
        case run, map, prediction, features

        /// The file that marks a folder as a result of this kind.
        public var marker: String {
            switch self {
            case .run: "run.json"
            case .map: "map.json"
            case .prediction: "prediction.json"
            case .features: "features.json"
            }
        }

        /// What the folder holds, for messages.
        var what: String {
            switch self {
            case .run: "run folder (results of 'encmap run')"
            case .map: "map folder (written by 'encmap map')"
            case .prediction: "prediction folder (written by 'encmap predict --out')"
            case .features: "features folder (written by 'encmap features')"
            }
        }
    }

    /// A folder's path made absolute with `.`/`..` and symbolic links resolved.
    static func resolved(_ url: URL) -> String {
        url.standardizedFileURL.resolvingSymlinksInPath().standardizedFileURL.path
    }

    /// Whether `path` is `folder` or lies inside it (both resolved).
    static func contains(_ folder: String, _ path: String) -> Bool {
        path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }

    /// Checks that `destination` may be replaced by a result of `kind` (nil: only when missing or empty).
    /// `protecting` adds files (e.g. inputs not yet opened) to the inputs ``InputFile`` has noted.
    /// - Throws: `FileError` naming the folder and what it holds.
    public static func check(_ destination: URL, kind: Kind?, protecting extra: [URL] = []) throws {
        let folder = resolved(destination)
        let inputs = InputFile.opened.union(extra.map(resolved)).sorted()
        if let input = inputs.first(where: { contains(folder, $0) }) {
            throw FileError(path: destination.path,
                            problem: "holds '\(input)', an input of this command, and would be replaced",
                            remedy: "encmap never replaces a folder that holds its spec or inputs: choose an output folder outside them")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { return }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: folder).sorted() } catch {
            throw FileError(path: destination.path, reason: "cannot be listed (\(error.localizedDescription)); check its permissions", cause: error)
        }
        if entries.isEmpty { return }
        if let kind {
            if entries.contains(kind.marker) { return }
            if kind == .features, isLegacyFeatures(entries) { return }
        }
        let shown = entries.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        let more = entries.count > 3 ? " and \(entries.count - 3) more" : ""
        let marked = kind.map { "is not an earlier \($0.what): it has no \($0.marker) and holds \(shown)\(more)" }
            ?? "is not empty: it holds \(shown)\(more)"
        throw FileError(path: destination.path, problem: marked,
                        remedy: "encmap replaces only an empty folder or its own earlier results of the same kind: choose a new output folder, or empty this one")
    }

    /// A features folder written before `features.json` existed: `summary.csv` (or shard summaries) beside
    /// nothing but `.npy` vectors and shard records.
    static func isLegacyFeatures(_ entries: [String]) -> Bool {
        guard entries.contains("summary.csv") || entries.contains(where: { $0.hasPrefix("summary-shard-") }) else { return false }
        return entries.allSatisfy { name in
            name.hasSuffix(".npy") || (name.hasPrefix("summary") && name.hasSuffix(".csv"))
                || (name.hasPrefix("shard-") && name.hasSuffix(".json")) || name.hasPrefix(".")
        }
    }
}
