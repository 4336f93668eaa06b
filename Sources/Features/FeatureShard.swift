import EncmapIO
import Foundation

/// One of N deterministic parts of a set of encoders, for running `encmap features` on many machines
/// (for instance a Slurm job array) and merging the results.
///
/// The inputs are sorted by id in byte order (UTF-8, as `LC_ALL=C sort` does); the encoder at 0-based
/// position k of that order belongs to shard (k mod N) + 1. Shards are numbered 1…N, like
/// `SLURM_ARRAY_TASK_ID` in `#SBATCH --array=1-N`. Every encoder is in exactly one shard, and the split
/// depends only on the set of ids, not on the order the inputs were given in.
public struct FeatureShard: Sendable, Equatable, CustomStringConvertible {
    /// This shard, 1…count.
    public let index: Int
    /// N, the number of shards.
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 1, index <= count else {
            throw FeatureError.invalidParameter("shard \(index)/\(count) is out of range; use I/N with 1 ≤ I ≤ N (e.g. --shard ${SLURM_ARRAY_TASK_ID}/N)")
        }
        self.index = index
        self.count = count
    }

    /// Parses "I/N".
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw FeatureError.invalidParameter("shard '\(text)' is not of the form I/N (e.g. 3/8: the third of eight shards, numbered from 1)")
        }
        try self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// True when `a` sorts before `b` in byte order of their UTF-8 spellings.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The inputs sorted by id in byte order.
    public static func sorted(_ inputs: [EncoderInput]) -> [EncoderInput] {
        inputs.sorted { precedes($0.id, $1.id) }
    }

    /// This shard's inputs, in sorted-id order: positions k of the sorted list with k mod N = I − 1.
    /// - Complexity: O(m log m) for m inputs.
    public func select(_ inputs: [EncoderInput]) -> [EncoderInput] {
        Self.sorted(inputs).enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }

    /// The shard (1…N) of the id at 0-based position `position` of the sorted list.
    public static func shard(ofPosition position: Int, count: Int) -> Int { position % count + 1 }

    /// The summary file a shard writes: `summary-shard-I-of-N.csv` (so that shards may share one
    /// output folder).
    public var summaryFileName: String { "summary-shard-\(index)-of-\(count).csv" }
    /// The record a shard writes beside its summary: `shard-I-of-N.json`.
    public var recordFileName: String { "shard-\(index)-of-\(count).json" }

    /// The bytes of this shard's record (`recordFileName`): N, the number of encoders split, n, the
    /// parameters and this shard's encoder ids in processing order; `FeatureMerge` checks them.
    public func record(totalEncoders: Int, sentences: Int, parameters: FeatureParameters, encoders: [String]) -> Data {
        let record = ShardRecord(shard: self, totalEncoders: totalEncoders, sentences: sentences,
                                 parameters: parameters, encoders: encoders)
        return (try? CodableJSON.encode(record, style: .record)) ?? Data()
    }
}

/// The per-shard record that lets `FeatureMerge` check that the shards belong together.
struct ShardRecord: Codable, Equatable {
    var shard: Int
    var shards: Int
    /// The number of encoders over all shards (the size of the sorted list that was split).
    var totalEncoders: Int
    var sentences: Int
    var method: String
    var epsilon: String
    var rankTolerance: String
    var encoders: [String]

    init(shard: FeatureShard, totalEncoders: Int, sentences: Int, parameters: FeatureParameters, encoders: [String]) {
        self.shard = shard.index
        self.shards = shard.count
        self.totalEncoders = totalEncoders
        self.sentences = sentences
        self.method = parameters.method.rawValue
        self.epsilon = "\(parameters.epsilon)"
        self.rankTolerance = parameters.rankTolerance.map { "\($0)" } ?? "default"
        self.encoders = encoders
    }

    /// The parameters as one comparable line.
    var parameterText: String { "method \(method), epsilon \(epsilon), rank tolerance \(rankTolerance), n = \(sentences)" }
}

/// The rows of `summary.csv`: `encoder,n,dim,rank,entropy,qre_unit`, one per encoder.
public enum FeatureSummary {
    /// The header line (without the newline).
    public static let header = "encoder,n,dim,rank,entropy,qre_unit"

    /// The row of one encoder (without the newline). Doubles are written in Swift's shortest
    /// round-tripping form.
    public static func row(_ f: EncoderFeatures) -> String {
        "\(CSVTable.field(f.id)),\(f.sentenceCount),\(f.dimension),\(f.rank),\(f.entropy),\(f.qreUnit)"
    }

}
