import Experiments
import Features
import Foundation
import Map

enum MapCommand: Command {
    static let name = "map"
    static let summary = "draw the map of encoders (t-SNE, neighbours, dendrogram, interactive page)"

    static let features = Option<String>.path("features", "DIR", help: "a folder written by 'encmap features'")
    static let attributes = Option<String>.path("attributes", "CSV", help: """
        metadata keyed by encoder id (e.g. MTEB's models.csv); a column n_parameters adds the size classes \
        Small/Base/Large/Huge/Giant
        """)
    static let idColumn = Option<String>.text("id-column", "NAME", help: """
        the metadata column holding ids (default: name, else the first column)
        """)
    static let colorBy = Option<String>.text("color-by", "COLUMN", help: """
        attribute colouring the figures (a metadata column, or with --run a task, 'prediction Spearman (R)' or \
        'prediction MAE (R)')
        """)
    static let colorScale = Option<ColourScaleKind>.choice("color-scale", "S", help: """
        how --color-by is coloured (default: sequential viridis when every value is a number, diverging \
        around 0 when the numbers have both signs, else categorical)
        """)
    static let label = Option<String>.text("label", "IDS", help: """
        above 60 encoders, label these ids or * patterns (comma-separated); up to 60 every encoder is labelled
        """)
    static let labelTop = Option<Int>.integer("label-top", "K", atLeast: 1, help: """
        above 60 encoders, also label the K encoders with the largest value of --label-by
        """)
    static let labelBy = Option<String>.text("label-by", "COLUMN", help: "numeric attribute for --label-top (default: --color-by)")
    static let logScale = Flag("log-scale", help: """
        dendrogram distance axis on a log scale (default: log when the merge heights span more than a factor \
        of 10 or crowd far from 0)
        """)
    static let linearScale = Flag("linear-scale", help: "dendrogram distance axis linear from 0")
    static let run = Option<String>.path("run", "RUN_DIR", help: """
        a folder written by 'encmap run': adds per-encoder prediction quality (Spearman across tasks, MAE) \
        and true task scores as attributes, and colours by the first regressor's Spearman
        """)
    static let metric = Option<DistanceMetric>.choice("metric", "M", help: "l1 (default), l2 or cosine")
    static let precision = Option<DistancePrecision>.choice("precision", "P", help: """
        arithmetic of l1 distances: float64 (default, exact) or float32 (faster distances, about 1e-6 relative error; map.json says so)
        """)
    static let perplexity = Option<Double>.number("perplexity", "P", above: 0, help: """
        t-SNE perplexity (default 30, lowered to (m-1)/3 for few encoders)
        """)
    static let seed = Option<UInt64>.integer("seed", "S", atLeast: 0, help: """
        seed of the random start (the default start is classical scaling)
        """)
    static let k = Option<Int>.integer("k", "K", atLeast: 1, help: "neighbours per encoder").defaulting(to: MapOptions().k)
    static let iterations = Option<Int>.integer("iterations", "N", atLeast: 250, help: """
        t-SNE iterations, the first 250 with early exaggeration (default \(MapOptions().iterations))
        """)
    static let dendrogramTop = Option<Int>.integer("dendrogram-top", "N", atLeast: 2, help: """
        the dendrogram draws at most N encoders (default \(MapOptions().dendrogramTop), as the paper's top 100 downloaded); \
        linkage uses only their distances
        """)
    static let dendrogramBy = Option<String>.text("dendrogram-by", "COLUMN", help: """
        numeric attribute choosing the dendrogram's encoders, largest first, ties by input order (default: downloads \
        when numeric, else the first N)
        """)
    static let verbose = Flag("verbose", help: "print each phase's wall time on stderr")
    static let out = Option<String>.path("out", "DIR", help: "output folder")

    static let usage = Usage(
        command: name,
        forms: [[.operand("SPEC"), .optional(run), .optional(colorBy), .optional(colorScale), .optional(label),
                 .optional(labelTop), .optional(labelBy), .optional(logScale), .optional(linearScale), .optional(dendrogramTop),
                 .optional(dendrogramBy), .optional(verbose)],
                [.required(features), .optional(attributes), .optional(idColumn), .optional(colorBy), .optional(colorScale),
                 .optional(metric), .optional(precision), .optional(perplexity), .optional(seed), .optional(k), .optional(run), .optional(label),
                 .optional(labelTop), .optional(labelBy), .optional(logScale), .optional(linearScale), .optional(iterations),
                 .optional(dendrogramTop), .optional(dendrogramBy), .optional(verbose), .required(out)]],
        description: """
        Draws the map of encoders: distances between feature vectors (l1 by default, which approximates the
        QRE between encoders), a t-SNE layout, each encoder's K (default \(k.value)) nearest neighbours, hierarchical
        clustering, and agreement of neighbours with metadata attributes. Writes map.html (self-contained,
        interactive), map.svg, dendrogram.svg, coordinates.csv, neighbours.csv and map.json, atomically.
        With SPEC, the spec's 'map' section and encoders are used; with --features, a folder written by
        'encmap features'. Up to 60 encoders every point is labelled; numeric attributes get a colour bar.
        Above \(MapBuilder.largeMapThreshold) encoders l1 maps never hold an m×m matrix: each encoder's nearest neighbours are
        streamed from the distance tiles, t-SNE (Barnes–Hut) starts from PCA of the features, and map.json says so.
        """,
        options: [features, attributes, idColumn, colorBy, colorScale, metric, precision, perplexity, seed, k, iterations, run, label,
                  labelTop, labelBy, logScale, linearScale, dendrogramTop, dendrogramBy, verbose, out])

    /// The figure options common to both forms.
    static func figures(_ args: ParsedArguments) throws -> MapExperiment.Figures {
        var f = MapExperiment.Figures()
        f.colourBy = try args.value(colorBy)
        f.colourScale = try args.value(colorScale)
        f.labels = (try args.value(label)).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        f.labelTop = try args.value(labelTop) ?? 0
        f.labelBy = try args.value(labelBy)
        guard !(args.isSet(logScale) && args.isSet(linearScale)) else { throw usage.error("give --log-scale or --linear-scale, not both") }
        f.dendrogramScale = args.isSet(logScale) ? .log : args.isSet(linearScale) ? .linear : .automatic
        f.run = (try args.value(run)).map { URL(fileURLWithPath: $0) }
        f.dendrogramTop = try args.value(dendrogramTop)
        f.dendrogramBy = try args.value(dendrogramBy)
        return f
    }

    static func run(_ args: ParsedArguments) throws {
        let progress = Progress()
        guard let featureFolder = try args.value(features) else {
            let figureOptions: [any CommandLineOption] = [run, colorBy, colorScale, label, labelTop, labelBy, logScale, linearScale,
                                                          dendrogramTop, dendrogramBy, verbose]
            let specOptions = Set(figureOptions.map(\.spec.name))
            guard args.positionals.count == 1, args.given.isSubset(of: specOptions) else {
                throw usage.error(args.positionals.count == 1 ? "with a SPEC, give only figure options (--run, --color-by, --color-scale, --label, --label-top, --label-by, --log-scale, --linear-scale, --dendrogram-top, --dendrogram-by, --verbose); the others need --features DIR"
                                                              : "expected a SPEC, or --features DIR --out DIR")
            }
            let spec = try ExperimentSpec.load(URL(fileURLWithPath: args.positionals[0]))
            var f = try figures(args)
            if args.isSet(verbose) { f.phases = phaseLines(progress) }
            let outcome = try MapExperiment.run(spec, figures: f, progress: progress.update)
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
            throw usage.error("unexpected argument '\(args.positionals[0])' (with --features, give no SPEC)")
        }
        guard let outPath = try args.value(out) else { throw usage.error("missing --out DIR") }
        var options = MapOptions()
        if let m = try args.value(metric) { options.metric = m }
        if let p = try args.value(precision) {
            guard p == .float64 || options.metric == .l1 else {
                throw usage.error("--precision float32 applies to --metric l1 only (l2 and cosine go through the Gram matrix in float64)")
            }
            options.precision = p
        }
        if let p = try args.value(perplexity) { options.perplexity = p }
        if let s = try args.value(seed) { options.seed = s }
        options.k = try args.value(k)
        if let n = try args.value(iterations) { options.iterations = n }
        options.phases = args.isSet(verbose) ? phaseLines(progress) : { name, seconds in if seconds == nil { progress.update("map: \(name)") } }
        let attributesPath = try args.value(attributes)
        if let path = attributesPath {
            options.attributes = try AttributeTable.load(path: path, idColumn: try args.value(idColumn))
        }
        var figures = try figures(args)
        if let c = figures.colourBy, figures.run == nil {
            guard let table = options.attributes, table.attributes.contains(c) else {
                throw CommandError("--color-by \(c): not an attribute of \(attributesPath ?? "(no --attributes given)")\(options.attributes.map { " (attributes: \($0.attributes.joined(separator: ", ")))" } ?? "")")
            }
            options.colourBy = c
            figures.colourBy = c
        }
        let outURL = URL(fileURLWithPath: outPath)
        let summary = try MapExperiment.run(featureFolder: URL(fileURLWithPath: featureFolder), options: options,
                                                figures: figures, output: outURL)
        progress.finish()
        report(summary, output: outURL)
    }

    /// Phase reports as lines on stderr ("map: t-SNE 12.3 s"), always (not only on a terminal).
    static func phaseLines(_ progress: Progress) -> @Sendable (String, Double?) -> Void {
        { name, seconds in
            if let seconds { progress.finish(); printError("map: \(name) \(String(format: "%.1f", seconds)) s") } else { progress.update("map: \(name)") }
        }
    }

    static func report(_ s: MapSummary, output: URL) {
        let trust = s.trustworthiness.map { String(format: "%.3f", $0) } ?? "n/a"
        print("map of \(s.encoders) encoders: t-SNE (\(s.parameters.method), perplexity \(s.parameters.perplexityUsed)) KL = \(String(format: "%.4f", s.klDivergence)), trustworthiness@\(s.trustworthinessK ?? 0) = \(trust)")
        for a in s.neighbourAgreement {
            print("  neighbours sharing '\(a.attribute)': \(String(format: "%.3f", a.observed)) (chance \(String(format: "%.3f", a.expected)))")
        }
        for c in s.numericNeighbourCorrelation ?? [] {
            func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "n/a" }
            print("  '\(c.attribute)' vs its neighbours' mean: r = \(f(c.correlation)) (shuffled: mean \(f(c.chance)), 95th percentile \(f(c.chanceHigh)); p = \(f(c.pValue)), \(c.permutations) permutations)")
        }
        print("wrote \(output.path)/ (\(MapBuilder.fileNames.joined(separator: ", ")))")
    }
}
