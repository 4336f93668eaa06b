import EncmapIO
import EncmapSupport
import Foundation

/// `features.json`, the manifest of a features folder written by `encmap features`: the method and its
/// parameters, n, and every vector's file and SHA-256. The folder is staged and swapped in whole, so the
/// manifest describes exactly the vectors beside it; readers (`run`, `map`, `predict` through
/// ``EmbeddingInputs/expand(_:skipping:)``) verify it and refuse a folder whose vectors were added,
/// removed, replaced or edited since.
///
/// A features folder without `features.json` (written before the manifest existed, or assembled by hand)
/// is read as before, unverified.
public struct FeatureManifest: Codable, Equatable, Sendable {
    public static let fileName = "features.json"
    static let formatName = "encmap-features"

    public struct Vector: Codable, Equatable, Sendable {
        public var encoder: String
        public var file: String
        public var sha256: String

        public init(encoder: String, file: String, sha256: String) {
            self.encoder = encoder
            self.file = file
            self.sha256 = sha256
        }
    }

    public var format: String
    public var version: Int
    public var method: String
    public var epsilon: String
    public var rankTolerance: String?
    public var n: Int
    public var vectors: [Vector]

    public init(parameters: FeatureParameters, n: Int, vectors: [Vector]) {
        format = Self.formatName
        version = 1
        method = parameters.method.rawValue
        epsilon = "\(parameters.epsilon)"
        rankTolerance = parameters.rankTolerance.map { "\($0)" }
        self.n = n
        self.vectors = vectors
    }

    /// The manifest's bytes (sorted keys, indented).
    public func data() throws -> Data { try CodableJSON.encode(self, style: .map(pretty: true)) }

    /// Verifies the manifest of `folder`, if it has one, against the `.npy` files there (`names`: the
    /// folder's entries): the same set of vectors, each with the recorded digest and shape (n,).
    /// - Returns: nil when the folder has no manifest.
    /// - Throws: `FileError` naming the manifest or the vector that disagrees with it.
    @discardableResult
    public static func verify(folder: URL, names: [String]) throws -> FeatureManifest? {
        guard names.contains(fileName) else { return nil }
        let url = folder.appendingPathComponent(fileName)
        let manifest: FeatureManifest
        do {
            manifest = try CodableJSON.decode(FeatureManifest.self, from: try InputFile.read(url, expected: "features.json"))
        } catch let e as FileError {
            throw e
        } catch {
            throw FileError(path: url.path, problem: "is not a features manifest written by encmap features",
                            remedy: "rerun 'encmap features' to rewrite the folder, or delete features.json to read the vectors unverified")
        }
        let rerun = "the folder was changed after 'encmap features' wrote it: rerun 'encmap features' into it"
        guard manifest.format == formatName, manifest.version == 1 else {
            throw FileError(path: url.path, problem: "is not a version-1 features manifest", remedy: rerun)
        }
        let listed = Set(manifest.vectors.map(\.file))
        let present = Set(names.filter { $0.hasSuffix(".npy") && !$0.hasPrefix(".") })
        if let extra = present.subtracting(listed).sorted().first {
            throw FileError(path: folder.appendingPathComponent(extra).path,
                            problem: "is not among the vectors listed in \(url.path) (a vector of another run mixed in)", remedy: rerun)
        }
        for v in manifest.vectors {
            let file = folder.appendingPathComponent(v.file)
            guard present.contains(v.file) else {
                throw FileError(path: file.path, problem: "is listed in \(url.path) but missing", remedy: rerun)
            }
            let bytes = try InputFile.read(file, expected: "a .npy file")
            guard SHA256.hex(bytes) == v.sha256 else {
                throw FileError(path: file.path, problem: "differs from the vector recorded in \(url.path) (SHA-256 mismatch)", remedy: rerun)
            }
            let shape = try NPY.read(data: bytes, path: file.path).shape
            guard shape == [manifest.n] else {
                throw FileError(path: file.path, problem: "has shape \(shape), not (\(manifest.n),) as \(url.path) records", remedy: rerun)
            }
        }
        return manifest
    }
}
