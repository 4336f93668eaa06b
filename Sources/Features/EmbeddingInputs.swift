import EncmapIO
import EncmapSupport
import Foundation
import LinearAlgebra

/// One encoder input: an id and the `.npy` file holding its embeddings or features.
public struct EncoderInput: Sendable, Equatable {
    public let id: String
    public let url: URL
    public init(id: String, url: URL) {
        self.id = id
        self.url = url
    }
}

/// Expansion of command-line inputs into encoder files.
public enum EmbeddingInputs {
    /// Expands files and folders: a folder contributes every `*.npy` in it (not recursive), sorted by
    /// name; a file is taken as given. Ids are file stems.
    ///
    /// - Throws: `FileError` for a missing path, a file that is not `.npy`, a folder with no `.npy`
    ///   file, or two inputs with the same id (after `org__name` ≡ `org/name`).
    public static func expand(_ paths: [String], skipping skipped: Set<String> = []) throws -> [EncoderInput] {
        var out: [EncoderInput] = []
        var seen: [String: String] = [:]
        for path in paths {
            let url = URL(fileURLWithPath: path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                if let why = InputFile.whyMissing(url.path) { throw FileError(path: path, problem: why.problem, remedy: why.remedy) }
                throw FileError(path: path, reason: "no such file or folder; check the path")
            }
            var files: [URL]
            if isDirectory.boolValue {
                let names: [String]
                do {
                    names = try FileManager.default.contentsOfDirectory(atPath: url.path)
                } catch {
                    let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
                    let (problem, remedy) = InputFile.explain(errno: Int32(code ?? Int(EIO)))
                    throw FileError(path: path, problem: "cannot list the folder: \(problem)", remedy: remedy ?? "check its permissions")
                }
                // A folder written by `encmap features` carries its manifest: verify it before any vector is used.
                try FeatureManifest.verify(folder: url, names: names)
                files = names.filter { $0.hasSuffix(".npy") && !$0.hasPrefix(".") && !skipped.contains($0) }
                    .sorted().map { url.appendingPathComponent($0) }
                guard !files.isEmpty else {
                    throw FileError(path: path, reason: "folder holds no .npy files; point at a folder of <encoder-id>.npy embeddings")
                }
            } else {
                guard url.pathExtension == "npy" else {
                    throw FileError(path: path, reason: "is not a .npy file; encmap reads numpy .npy arrays (numpy.save)")
                }
                files = [url]
            }
            for file in files {
                let id = file.deletingPathExtension().lastPathComponent
                let canonical = EncoderID.key(id)
                if let previous = seen[canonical] {
                    throw FileError(path: file.path, reason: "encoder id '\(id)' duplicates \(previous) (org__name and org/name are the same encoder); remove one of them")
                }
                seen[canonical] = file.path
                out.append(EncoderInput(id: id, url: file))
            }
        }
        return out
    }

    /// Checks that every input has the same number of rows n (headers only, no data read) and returns n.
    /// - Throws: `FileError` for unreadable headers, `FeatureError.sentenceCountMismatch` otherwise.
    @discardableResult
    public static func checkSentenceCounts(_ inputs: [EncoderInput]) throws -> Int? {
        var first: (String, Int)?
        for input in inputs {
            let header = try NPY.readHeader(input.url)
            let n = header.shape[0]
            if let (name, count) = first {
                if count != n {
                    throw FeatureError.sentenceCountMismatch(first: name, firstCount: count,
                                                             other: input.url.path, otherCount: n)
                }
            } else {
                first = (input.url.path, n)
            }
        }
        return first?.1
    }
}

/// Computes features for many encoders, through the cache when one is given.
public struct FeatureExtractor: Sendable {
    public let parameters: FeatureParameters
    public let cache: FeatureCache?

    public init(parameters: FeatureParameters, cache: FeatureCache?) {
        self.parameters = parameters
        self.cache = cache
    }

    /// The features of one input: from the cache when a verified entry exists, else computed (and stored).
    ///
    /// With a cache the file is read once: its SHA-256 (the cache key) is computed while it streams into
    /// the Float64 matrix; on a hit the matrix is dropped unused.
    /// - Returns: the features and whether they came from the cache.
    /// - Complexity: O(n·d² + d³) on a miss (d ≤ n); O(n·d) on a hit. Memory: one n×d Float64 matrix
    ///   plus O(d² + 256·n) working space.
    public func features(of input: EncoderInput) throws -> (EncoderFeatures, cached: Bool) {
        do { return try uncheckedFeatures(of: input) } catch let e as LinearAlgebraError {
            throw Self.named(e, input.url.path)
        }
    }

    /// A LAPACK failure named after the file it was computing: LAPACKE's work-array allocation failures
    /// (info −1010 / −1011) are "not enough memory", anything else says which file could not be decomposed.
    static func named(_ e: LinearAlgebraError, _ path: String) -> FileError {
        if case let .illegalArgument(routine, argument) = e, argument == 1010 || argument == 1011 {
            return FileError(path: path, problem: "not enough memory for \(routine)'s workspace",
                             remedy: "free memory, raise the limit (ulimit -v, the cgroup limit), or lower --parallel")
        }
        return FileError(path: path, problem: "cannot be decomposed (\(e.description))",
                         remedy: "check the embeddings for extreme or degenerate values")
    }

    private func uncheckedFeatures(of input: EncoderInput) throws -> (EncoderFeatures, cached: Bool) {
        guard let cache else {
            return (try UnitBaseFeatures.compute(try EmbeddingMatrix.load(input.url, id: input.id), parameters: parameters), false)
        }
        let (matrix, digest) = try EmbeddingMatrix.load(input.url, id: input.id, digest: true)
        let key = FeatureCache.key(fileDigest: digest!, parameters: parameters)
        if let hit = cache.load(key: key, id: input.id, sentenceCount: matrix.sentenceCount) { return (hit, true) }
        let computed = try UnitBaseFeatures.compute(matrix, parameters: parameters)
        try cache.store(computed, key: key, parameters: parameters)
        return (computed, false)
    }
}
