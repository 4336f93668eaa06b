import EncmapIO
import EncmapSupport
import Foundation
import LinearAlgebra

/// A content-addressed store of computed feature vectors, so that re-running skips work already done.
///
/// The key is SHA-256 over the input file's content digest, the method, ε, τ, the number of BLAS threads
/// the vector is computed with (it changes the last bits) and a format version; an
/// entry is two files, `<key>.npy` (the vector, float64) and `<key>.json` (the summary figures and the
/// SHA-256 of the `.npy` bytes). Both are written atomically, the `.npy` first; an entry is used only when
/// the JSON parses and the vector's digest matches — a corrupted entry is recomputed, never trusted.
public struct FeatureCache: Sendable {
    /// The cache folder (created on first store).
    public let folder: URL
    static let formatVersion = 1

    public init(folder: URL) { self.folder = folder }

    struct Entry: Codable {
        var version: Int
        var method: String
        var epsilon: String
        var rankTolerance: String?
        var sentenceCount: Int
        var dimension: Int
        var rank: Int
        var entropy: String
        var qreUnit: String
        var vectorSHA256: String
    }

    /// The cache key of a file with content digest `fileDigest` under `parameters`, computed with
    /// `blasThreads` BLAS threads (by default the process's current count, which `forEachFeatures` sets):
    /// BLAS threading reorders the sums inside the kernels, so vectors computed with different thread
    /// counts differ in their last bits and are kept apart.
    public static func key(fileDigest: String, parameters: FeatureParameters,
                           blasThreads: Int = BLASConfiguration.threads) -> String {
        var h = SHA256()
        h.update("encmap-features-v\(formatVersion)|file=\(fileDigest)|method=\(parameters.method.rawValue)|epsilon=\(parameters.epsilon)|rankTolerance=\(parameters.rankTolerance.map { "\($0)" } ?? "default")|blasThreads=\(blasThreads)")
        return h.finalize()
    }

    /// The cached features for `key`, renamed to `id`, or nil when absent or not verifiable. An entry is
    /// verified against the input as well as against itself: its vector must have one value per sentence
    /// of the input (`sentenceCount`, when given) — an entry of another length is recomputed.
    public func load(key: String, id: String, sentenceCount expected: Int? = nil) -> EncoderFeatures? {
        // Temporary files of killed writers (SIGTERM, SIGKILL, a full disk) are removed by the first reader
        // too, not only by the next writer: a cache that only serves hits would otherwise keep them forever.
        StaleFiles.removeTemporaries(in: folder, of: key)
        let jsonURL = folder.appendingPathComponent("\(key).json")
        let npyURL = folder.appendingPathComponent("\(key).npy")
        guard let json = try? InputFile.read(jsonURL),
              let entry = try? CodableJSON.decode(Entry.self, from: json),
              entry.version == Self.formatVersion,
              expected.map({ $0 == entry.sentenceCount }) ?? true,
              let bytes = try? InputFile.read(npyURL),
              SHA256.hex(bytes) == entry.vectorSHA256,
              let array = try? NPY.read(data: bytes, path: npyURL.path),
              array.shape == [entry.sentenceCount], array.storage.count == entry.sentenceCount,
              let entropy = Double(entry.entropy), let qre = Double(entry.qreUnit)
        else { return nil }
        return EncoderFeatures(id: id, sentenceCount: entry.sentenceCount, dimension: entry.dimension,
                               rank: entry.rank, entropy: entropy, qreUnit: qre, vector: array.storage)
    }

    /// Stores `features` under `key` (atomic writes).
    public func store(_ features: EncoderFeatures, key: String, parameters: FeatureParameters) throws {
        let bytes = NPY.encode(shape: [features.vector.count], fortranOrder: false, values: features.vector)
        try AtomicFile.write(bytes, to: folder.appendingPathComponent("\(key).npy"))
        let entry = Entry(version: Self.formatVersion, method: parameters.method.rawValue,
                          epsilon: "\(parameters.epsilon)", rankTolerance: parameters.rankTolerance.map { "\($0)" },
                          sentenceCount: features.sentenceCount, dimension: features.dimension,
                          rank: features.rank, entropy: "\(features.entropy)", qreUnit: "\(features.qreUnit)",
                          vectorSHA256: SHA256.hex(bytes))
        try AtomicFile.write(try CodableJSON.encode(entry, style: .record), to: folder.appendingPathComponent("\(key).json"))
        StageHook.reached("features.cache-entry-written")
    }
}
