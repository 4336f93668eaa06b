import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra

enum FeaturesCommand {
    static let usage = """
    usage: encmap features [--method qre-unit|spectrum] [--epsilon E] [--rank-tolerance T]
                           [--cache DIR] [--parallel P] [--blas-threads B] [--shard I/N] --out DIR INPUT...
           encmap features --merge OUT DIR...

    Computes each encoder's feature vector from its embeddings of the fixed sentence set.
    INPUT is a .npy file of shape (n_sentences, dim) or a folder (every *.npy in it, sorted by name).
    Writes DIR/<id>.npy (float64, shape (n,)) per encoder, <id> being the file stem, and DIR/summary.csv
    (encoder,n,dim,rank,entropy,qre_unit), one row per encoder in input order.

    options:
      --method M            qre-unit (default: decomposition of S(I/n || rho_eps) per sentence) or
                            spectrum (ablation: sorted lambda_k ln(n lambda_k), zero-padded to n)
      --epsilon E           perturbation of the null space in Theorem 1 (default 1e-10)
      --rank-tolerance T    eigenvalues <= T * lambda_max count as zero (default max(n, dim) * 2.22e-16)
      --cache DIR           content-addressed cache; unchanged inputs are not recomputed (shards may share it)
      --out DIR             output folder (created if missing)
      --parallel P          encoders processed at once, each with its matrices in memory (default: the
                            number of cores, lowered to what fits in 80% of MemAvailable / the cgroup limit)
      --blas-threads B      BLAS threads per encoder (default 1). The vectors are byte-identical for every P;
                            a different B changes their last bits (BLAS threading reorders sums)
      --shard I/N           process only shard I of N (1 <= I <= N): with the inputs sorted by id (byte
                            order), the encoder at 0-based position k belongs to shard (k mod N) + 1. Writes
                            DIR/summary-shard-I-of-N.csv and DIR/shard-I-of-N.json instead of summary.csv,
                            so shards may share one DIR
      --merge OUT DIR...    combine the outputs of shards (or of runs on disjoint encoders) into OUT: every
                            <id>.npy and one summary.csv in sorted-id order; refuses duplicates, missing
                            shards and mismatched runs
    """

    static func run(_ arguments: [String]) throws {
        let args = try ParsedArguments(arguments, valued: ["method", "epsilon", "rank-tolerance", "cache", "out",
                                                           "parallel", "blas-threads", "shard", "merge"],
                                       switches: [], usage: usage)
        if let merge = args.values["merge"] {
            let extra = args.values.keys.filter { $0 != "merge" }.sorted()
            guard extra.isEmpty else {
                throw UsageError(message: "--merge takes only OUT and the folders to merge, not --\(extra[0])", usage: usage)
            }
            guard !args.positionals.isEmpty else {
                throw UsageError(message: "--merge OUT needs the folders to merge (DIR...)", usage: usage)
            }
            do {
                try FeatureMerge.merge(into: URL(fileURLWithPath: merge), from: args.positionals.map { URL(fileURLWithPath: $0) })
            } catch let error as FeatureMergeError {
                throw CommandError(error.message)
            }
            return
        }
        var parameters = FeatureParameters()
        if let m = args.values["method"] {
            guard let method = FeatureMethod(rawValue: m) else {
                throw UsageError(message: "unknown method '\(m)' (expected qre-unit or spectrum)", usage: usage)
            }
            parameters.method = method
        }
        if let e = try args.double("epsilon") { parameters.epsilon = e }
        parameters.rankTolerance = try args.double("rank-tolerance")
        guard let out = args.values["out"] else {
            throw UsageError(message: "missing --out DIR", usage: usage)
        }
        guard !args.positionals.isEmpty else {
            throw UsageError(message: "no INPUT given (a .npy file or a folder of them)", usage: usage)
        }
        let parallel = try positiveInteger(args, "parallel")
        let blasThreads = try positiveInteger(args, "blas-threads") ?? 1
        var shard: FeatureShard?
        if let text = args.values["shard"] {
            do { shard = try FeatureShard(parsing: text) } catch let error as FeatureError {
                throw UsageError(message: error.description, usage: usage)
            }
        }
        try RelativeEntropy.validate(epsilon: parameters.epsilon)
        let allInputs = try EmbeddingInputs.expand(args.positionals)
        let inputs = shard?.select(allInputs) ?? allInputs
        // Headers only: the same n everywhere, and the largest matrix for the memory bound.
        let headers = try allInputs.map { try NPY.readHeader($0.url) }
        try EmbeddingInputs.checkSentenceCounts(allInputs)
        let workers = try parallel ?? FeatureExtractor.defaultWorkers(for: allInputs)

        let outURL = URL(fileURLWithPath: out)
        let extractor = FeatureExtractor(parameters: parameters,
                                         cache: args.values["cache"].map { FeatureCache(folder: URL(fileURLWithPath: $0)) })
        let rows = IndexedResults<String>(count: inputs.count)
        let progress = ProgressCounter(total: inputs.count)
        // Each worker holds one encoder's matrices at a time; the vector is written as soon as it is ready
        // and only the summary row is kept, so memory stays O(P·n·d) however many encoders there are.
        try extractor.forEachFeatures(of: inputs, workers: workers, blasThreads: blasThreads) { i, f, _ in
            let input = inputs[i]
            try NPY.write(vector: f.vector, to: outURL.appendingPathComponent("\(input.id).npy"))
            rows.set(i, FeatureSummary.row(f))
            progress.done(input.id)
        }
        progress.finish()
        let body = rows.all.map { $0 + "\n" }.joined()
        let header = FeatureSummary.header + "\n"
        if let shard {
            let n = headers.first?.shape[0] ?? 0
            let record = shard.record(totalEncoders: allInputs.count, sentences: n, parameters: parameters,
                                      encoders: inputs.map(\.id))
            try AtomicFile.write(record, to: outURL.appendingPathComponent(shard.recordFileName))
            try AtomicFile.write(header + body, to: outURL.appendingPathComponent(shard.summaryFileName))
        } else {
            try AtomicFile.write(header + body, to: outURL.appendingPathComponent("summary.csv"))
        }
    }

    static func positiveInteger(_ args: ParsedArguments, _ name: String) throws -> Int? {
        guard let text = args.values[name] else { return nil }
        guard let v = Int(text), v >= 1 else {
            throw UsageError(message: "option '--\(name)' needs a whole number ≥ 1, got '\(text)'", usage: usage)
        }
        return v
    }
}

/// Progress on stderr (only when it is a terminal), safe to call from the workers.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private let progress = Progress()
    private let total: Int
    private var finished = 0
    init(total: Int) { self.total = total }
    func done(_ id: String) {
        lock.lock()
        finished += 1
        progress.update("features \(finished)/\(total) \(id)")
        lock.unlock()
    }
    func finish() { progress.finish() }
}
