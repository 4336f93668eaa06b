import Experiments
import Features
import Foundation
import Map

enum MapCommand {
    static let usage = """
    usage: encmap map SPEC
           encmap map --features DIR [--attributes CSV] [--id-column NAME] [--color-by COLUMN]
                      [--metric l1|l2|cosine] [--perplexity P] [--seed S] [--k K] --out DIR

    Draws the map of encoders: distances between feature vectors (l1 by default, which approximates the
    QRE between encoders), a t-SNE layout, each encoder's K (default 7) nearest neighbours, hierarchical
    clustering, and agreement of neighbours with metadata attributes. Writes map.html (self-contained,
    interactive), map.svg, dendrogram.svg, coordinates.csv, neighbours.csv and map.json, atomically.
    With SPEC, the spec's 'map' section and encoders are used; with --features, a folder written by
    'encmap features'.

    options:
      --attributes CSV     metadata keyed by encoder id (e.g. MTEB's models.csv); a column
                           n_parameters adds the size classes Small/Base/Large/Huge/Giant
      --id-column NAME     the metadata column holding ids (default: name, else the first column)
      --color-by COLUMN    attribute colouring the figures
      --metric M           l1 (default), l2 or cosine
      --perplexity P       t-SNE perplexity (default 30, lowered to (m-1)/3 for few encoders)
      --seed S             seed of the random start (the default start is classical scaling)
      --k K                neighbours per encoder (default 7)
      --out DIR            output folder
    """

    static func run(_ arguments: [String]) throws {
        let args = try ParsedArguments(arguments, valued: ["features", "attributes", "id-column", "color-by", "metric",
                                                           "perplexity", "seed", "k", "out"], switches: [], usage: usage)
        let progress = Progress()
        if args.values["features"] == nil {
            guard args.positionals.count == 1, args.values.isEmpty else {
                throw UsageError(message: args.positionals.count == 1 ? "options other than a SPEC need --features DIR" : "expected a SPEC, or --features DIR --out DIR", usage: usage)
            }
            let spec = try ExperimentSpec.load(URL(fileURLWithPath: args.positionals[0]))
            let outcome = try MapExperiment.run(spec, progress: progress.update)
            progress.finish()
            report(outcome.summary, output: outcome.output)
            if !outcome.qreRanges.isEmpty {
                print("S(I/n || rho_eps) by \(outcome.summary.colourBy ?? ""):")
                for r in outcome.qreRanges {
                    print("  \(r.value): [\(String(format: "%.6f", r.low)), \(String(format: "%.6f", r.high))] over \(r.count) encoders")
                }
                let sorted = outcome.qreRanges.sorted { $0.low < $1.low }
                let disjoint = zip(sorted, sorted.dropFirst()).allSatisfy { $0.high < $1.low }
                print("  ranges \(disjoint ? "are disjoint" : "overlap")")
            }
            return
        }
        guard args.positionals.isEmpty else {
            throw UsageError(message: "unexpected argument '\(args.positionals[0])' (with --features, give no SPEC)", usage: usage)
        }
        guard let out = args.values["out"] else { throw UsageError(message: "missing --out DIR", usage: usage) }
        var options = MapOptions()
        if let m = args.values["metric"] {
            guard let metric = DistanceMetric(rawValue: m) else {
                throw UsageError(message: "unknown metric '\(m)' (expected l1, l2 or cosine)", usage: usage)
            }
            options.metric = metric
        }
        if let p = try args.double("perplexity") {
            guard p > 0 else { throw UsageError(message: "--perplexity must be > 0", usage: usage) }
            options.perplexity = p
        }
        if let s = args.values["seed"] {
            guard let seed = UInt64(s) else { throw UsageError(message: "--seed needs a whole number ≥ 0, got '\(s)'", usage: usage) }
            options.seed = seed
        }
        if let k = args.values["k"] {
            guard let v = Int(k), v >= 1 else { throw UsageError(message: "--k needs a whole number ≥ 1, got '\(k)'", usage: usage) }
            options.k = v
        }
        if let path = args.values["attributes"] {
            options.attributes = try AttributeTable.load(path: path, idColumn: args.values["id-column"])
        }
        if let c = args.values["color-by"] {
            guard let table = options.attributes, table.attributes.contains(c) else {
                throw CommandError("--color-by \(c): not an attribute of \(args.values["attributes"] ?? "(no --attributes given)")\(options.attributes.map { " (attributes: \($0.attributes.joined(separator: ", ")))" } ?? "")")
            }
            options.colourBy = c
        }
        let outURL = URL(fileURLWithPath: out)
        let summary = try MapExperiment.run(featureFolder: URL(fileURLWithPath: args.values["features"]!), options: options, output: outURL)
        progress.finish()
        report(summary, output: outURL)
    }

    static func report(_ s: MapSummary, output: URL) {
        let trust = s.trustworthiness.map { String(format: "%.3f", $0) } ?? "n/a"
        print("map of \(s.encoders) encoders: t-SNE (\(s.parameters.method), perplexity \(s.parameters.perplexityUsed)) KL = \(String(format: "%.4f", s.klDivergence)), trustworthiness@\(s.trustworthinessK ?? 0) = \(trust)")
        for a in s.neighbourAgreement {
            print("  neighbours sharing '\(a.attribute)': \(String(format: "%.3f", a.observed)) (chance \(String(format: "%.3f", a.expected)))")
        }
        print("wrote \(output.path)/ (\(MapBuilder.fileNames.joined(separator: ", ")))")
    }
}

enum SynthCommand {
    static let usage = """
    usage: encmap synth [--n N] [--dim D] [--per-group K] [--seed S] --out DIR

    Writes the synthetic encoders of the paper's Figure 2: two groups of K (default 10) embedding matrices
    (n = N sentences, default 10000; dimension D, default 64) sharing one signal matrix plus Gaussian
    noise N(0, s2 I), s2 uniform in [0, 1] (low-noise group) or [3, 4] (high-noise group), and
    DIR/groups.csv (encoder,group,noise_variance). Then 'encmap map experiments/figure2.json'.
    """

    static func run(_ arguments: [String]) throws {
        let args = try ParsedArguments(arguments, valued: ["n", "dim", "per-group", "seed", "out"], switches: [], usage: usage)
        guard args.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(args.positionals[0])'", usage: usage) }
        guard let out = args.values["out"] else { throw UsageError(message: "missing --out DIR", usage: usage) }
        func int(_ name: String, _ fallback: Int, min: Int) throws -> Int {
            guard let text = args.values[name] else { return fallback }
            guard let v = Int(text), v >= min else { throw UsageError(message: "--\(name) needs a whole number ≥ \(min), got '\(text)'", usage: usage) }
            return v
        }
        let encoders = try SyntheticEncoders.write(to: URL(fileURLWithPath: out), sentences: try int("n", 10_000, min: 2),
                                                   dimension: try int("dim", 64, min: 1), perGroup: try int("per-group", 10, min: 1),
                                                   seed: UInt64(try int("seed", 0, min: 0)))
        print("wrote \(encoders.count) synthetic encoders and groups.csv to \(out)")
    }
}
