import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra

enum FeaturesCommand: Command {
    static let name = "features"
    static let summary = "compute feature vectors (q-vectors) from .npy embeddings"

    static let method = Option<FeatureMethod>.choice("method", "M", help: """
        qre-unit (default: decomposition of S(I/n || rho_eps) per sentence) or spectrum (ablation: sorted \
        lambda_k ln(n lambda_k), zero-padded to n)
        """)
    static let epsilon = Option<Double>.number("epsilon", "E", help: "perturbation of the null space in Theorem 1")
        .defaulting(to: FeatureParameters().epsilon)
    static let rankTolerance = Option<Double>.number("rank-tolerance", "T", help: """
        eigenvalues <= T * lambda_max count as zero (default max(n, dim) * 2.22e-16)
        """)
    static let cache = Option<String>.path("cache", "DIR", help: """
        content-addressed cache; unchanged inputs are not recomputed (shards may share it)
        """)
    static let out = Option<String>.path("out", "DIR", help: "output folder (created if missing)")
    static let parallel = Option<Int>.integer("parallel", "P", atLeast: 1, help: """
        encoders processed at once, each with its matrices in memory (default: the number of encoders, at \
        most the number of cores, lowered to what fits in 80% of MemAvailable / the cgroup limit)
        """)
    static let blasThreads = Option<Int>.integer("blas-threads", "B", atLeast: 1, help: """
        BLAS threads per encoder (default: cores / P, so one encoder uses every core); the vectors are \
        byte-identical for every P at a given B, while a different B changes their last bits as BLAS \
        threading reorders sums
        """)
    static let shard = Option<String>.text("shard", "I/N", help: """
        process only shard I of N (1 <= I <= N): with the inputs sorted by id (byte order), the encoder at \
        0-based position k belongs to shard (k mod N) + 1. Writes DIR/summary-shard-I-of-N.csv and \
        DIR/shard-I-of-N.json instead of summary.csv, so shards may share one DIR
        """)
    static let merge = Option<String>.path("merge", "OUT", help: """
        combine the outputs of shards (or of runs on disjoint encoders) in the folders DIR... into OUT: \
        every <id>.npy and one summary.csv in sorted-id order; refuses duplicates, missing shards and \
        mismatched runs
        """)

    static let usage = Usage(
        command: name,
        forms: [[.optional(method), .optional(epsilon), .optional(rankTolerance), .optional(cache), .optional(parallel),
                 .optional(blasThreads), .optional(shard), .required(out), .operand("INPUT...")],
                [.required(merge), .operand("DIR...")]],
        description: """
        Computes each encoder's feature vector from its embeddings of the fixed sentence set.
        INPUT is a .npy file of shape (n_sentences, dim) or a folder (every *.npy in it, sorted by name).
        Writes DIR/<id>.npy (float64, shape (n,)) per encoder, <id> being the file stem, DIR/summary.csv
        (encoder,n,dim,rank,entropy,qre_unit), one row per encoder in input order, and DIR/features.json (every
        vector's SHA-256, the method, its parameters, n), all staged and swapped in at once. DIR is replaced only
        when it is missing, empty or an earlier features folder, and never when it holds an INPUT.
        """,
        options: [method, epsilon, rankTolerance, cache, out, parallel, blasThreads, shard, merge])

    static func run(_ args: ParsedArguments) throws {
        if let mergeOut = try args.value(merge) {
            if let extra = args.given.subtracting([merge.spec.name]).sorted().first {
                throw usage.error("--merge takes only OUT and the folders to merge, not --\(extra)")
            }
            guard !args.positionals.isEmpty else {
                throw usage.error("--merge OUT needs the folders to merge (DIR...)")
            }
            try FeatureMerge.merge(into: URL(fileURLWithPath: mergeOut), from: args.positionals.map { URL(fileURLWithPath: $0) })
            return
        }
        var parameters = FeatureParameters()
        if let m = try args.value(method) { parameters.method = m }
        parameters.epsilon = try args.value(epsilon)
        parameters.rankTolerance = try args.value(rankTolerance)
        guard let outPath = try args.value(out) else { throw usage.error("missing --out DIR") }
        guard !args.positionals.isEmpty else {
            throw usage.error("no INPUT given (a .npy file or a folder of them)")
        }
        let workersGiven = try args.value(parallel)
        let threads = try args.value(blasThreads)
        var selected: FeatureShard?
        if let text = try args.value(shard) {
            do { selected = try FeatureShard(parsing: text) } catch let error as FeatureError {
                throw usage.error(error.description)
            }
        }
        try RelativeEntropy.validate(epsilon: parameters.epsilon)
        let allInputs = try EmbeddingInputs.expand(args.positionals)
        let inputs = selected?.select(allInputs) ?? allInputs
        // Headers only: the same n everywhere, and the largest matrix for the memory bound.
        let headers = try allInputs.map { try NPY.readHeader($0.url) }
        try EmbeddingInputs.checkSentenceCounts(allInputs)
        // The arrangement of the whole input set, so that every shard computes with the same B.
        let arrangement = try FeatureExtractor.arrangement(for: allInputs, workers: workersGiven, blasThreads: threads)

        let outURL = URL(fileURLWithPath: outPath)
        // Never over an input (`--out D D`), nor over a folder that is not an earlier features folder; shards
        // share one folder, so they write into it file by file, the others stage the whole folder.
        try OutputGuard.check(outURL, kind: .features, protecting: allInputs.map(\.url))
        let extractor = FeatureExtractor(parameters: parameters,
                                         cache: try args.value(cache).map { FeatureCache(folder: URL(fileURLWithPath: $0)) })
        let target = selected == nil ? try OutputFolder.makeStaging(for: outURL) : outURL
        do {
            try compute(inputs, extractor: extractor, workers: arrangement.workers, threads: arrangement.blasThreads, into: target, for: outURL,
                        parameters: parameters, sentences: headers.first?.shape[0] ?? 0,
                        shard: selected.map { ($0, allInputs) })
            if selected == nil {
                try OutputGuard.check(outURL, kind: .features, protecting: allInputs.map(\.url))
                try OutputFolder.commit(target, to: outURL)
            }
        } catch {
            if selected == nil { try? FileManager.default.removeItem(at: target) }
            throw error
        }
    }

    /// Computes the vectors of `inputs` into `folder` (a staging folder of `destination`, or with a shard
    /// the shared destination itself): `<id>.npy` each, then the summary, and `features.json` (every
    /// vector's SHA-256) or the shard's record.
    static func compute(_ inputs: [EncoderInput], extractor: FeatureExtractor, workers: Int, threads: Int,
                        into folder: URL, for destination: URL, parameters: FeatureParameters, sentences n: Int,
                        shard: (FeatureShard, [EncoderInput])?) throws {
        let rows = IndexedResults<String>(count: inputs.count)
        let digests = IndexedResults<String>(count: inputs.count)
        let progress = ProgressCounter(total: inputs.count)
        // Each worker holds one encoder's matrices at a time; the vector is written as soon as it is ready
        // and only the summary row is kept, so memory stays O(P·n·d) however many encoders there are.
        try extractor.forEachFeatures(of: inputs, workers: workers, blasThreads: threads) { i, f, _ in
            let input = inputs[i]
            let bytes = NPY.encode(shape: [f.vector.count], fortranOrder: false, values: f.vector)
            let name = "\(input.id).npy"
            if shard == nil {
                try OutputFolder.writeFiles([name: bytes], into: folder, for: destination, remedy: "check the free space and permissions")
            } else {
                try AtomicFile.write(bytes, to: folder.appendingPathComponent(name))
            }
            digests.set(i, SHA256.hex(bytes))
            rows.set(i, FeatureSummary.row(f))
            progress.done(input.id)
        }
        progress.finish()
        let body = rows.all.map { $0 + "\n" }.joined()
        let header = FeatureSummary.header + "\n"
        if let (selected, allInputs) = shard {
            let record = selected.record(totalEncoders: allInputs.count, sentences: n, parameters: parameters,
                                         encoders: inputs.map(\.id))
            try AtomicFile.write(record, to: folder.appendingPathComponent(selected.recordFileName))
            try AtomicFile.write(header + body, to: folder.appendingPathComponent(selected.summaryFileName))
        } else {
            let vectors = zip(inputs, digests.all).map { FeatureManifest.Vector(encoder: $0.id, file: "\($0.id).npy", sha256: $1) }
            let manifest = FeatureManifest(parameters: parameters, n: n, vectors: vectors)
            try OutputFolder.writeFiles(["summary.csv": Data((header + body).utf8), FeatureManifest.fileName: try manifest.data()],
                                        into: folder, for: destination, remedy: "check the free space and permissions")
        }
    }
}
