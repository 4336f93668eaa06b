import Features
import Foundation

enum FeaturesCommand {
    static let usage = """
    usage: encmap features [--method qre-unit|spectrum] [--epsilon E] [--rank-tolerance T]
                           [--cache DIR] --out DIR INPUT...

    Computes each encoder's feature vector from its embeddings of the fixed sentence set.
    INPUT is a .npy file of shape (n_sentences, dim) or a folder (every *.npy in it, sorted by name).
    Writes DIR/<id>.npy (float64, shape (n,)) per encoder, <id> being the file stem, and DIR/summary.csv
    (encoder,n,dim,rank,entropy,qre_unit), one row per encoder in input order.

    options:
      --method M            qre-unit (default: decomposition of S(I/n || rho_eps) per sentence) or
                            spectrum (ablation: sorted lambda_k ln(n lambda_k), zero-padded to n)
      --epsilon E           perturbation of the null space in Theorem 1 (default 1e-10)
      --rank-tolerance T    eigenvalues <= T * lambda_max count as zero (default max(n, dim) * 2.22e-16)
      --cache DIR           content-addressed cache; unchanged inputs are not recomputed
      --out DIR             output folder (created if missing)
    """

    static func run(_ arguments: [String]) throws {
        let args = try ParsedArguments(arguments, valued: ["method", "epsilon", "rank-tolerance", "cache", "out"],
                                       switches: [], usage: usage)
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
        try RelativeEntropy.validate(epsilon: parameters.epsilon)
        let inputs = try EmbeddingInputs.expand(args.positionals)
        try EmbeddingInputs.checkSentenceCounts(inputs)
        let outURL = URL(fileURLWithPath: out)
        let extractor = FeatureExtractor(parameters: parameters,
                                         cache: args.values["cache"].map { FeatureCache(folder: URL(fileURLWithPath: $0)) })
        let progress = Progress()
        var summary = "encoder,n,dim,rank,entropy,qre_unit\n"
        for (i, input) in inputs.enumerated() {
            progress.update("features \(i + 1)/\(inputs.count) \(input.id)")
            let (f, _) = try extractor.features(of: input)
            try NPY.write(vector: f.vector, to: outURL.appendingPathComponent("\(input.id).npy"))
            summary += "\(CSVText.field(f.id)),\(f.sentenceCount),\(f.dimension),\(f.rank),\(f.entropy),\(f.qreUnit)\n"
        }
        progress.finish()
        try AtomicFile.write(summary, to: outURL.appendingPathComponent("summary.csv"))
    }
}

/// Minimal CSV quoting for fields written by encmap.
enum CSVText {
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
