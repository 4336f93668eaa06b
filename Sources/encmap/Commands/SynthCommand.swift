import Experiments
import Foundation

enum SynthCommand: Command {
    static let name = "synth"
    static let summary = "write the synthetic encoders of the paper's Figure 2"

    static let sentences = Option<Int>.integer("n", "N", atLeast: 2, help: "sentences per encoder").defaulting(to: 10_000)
    static let dimension = Option<Int>.integer("dim", "D", atLeast: 1, help: "embedding dimension").defaulting(to: 64)
    static let perGroup = Option<Int>.integer("per-group", "K", atLeast: 1, help: "encoders per group").defaulting(to: 10)
    static let seed = Option<UInt64>.integer("seed", "S", atLeast: 0, help: "seed of the signal and the noise").defaulting(to: 0)
    static let out = Option<String>.path("out", "DIR", help: "output folder")

    static let usage = Usage(
        command: name,
        forms: [[.optional(sentences), .optional(dimension), .optional(perGroup), .optional(seed), .required(out)]],
        description: """
        Writes the synthetic encoders of the paper's Figure 2: two groups of K (default \(perGroup.value)) embedding matrices
        (n = N sentences, default \(sentences.value); dimension D, default \(dimension.value)) sharing one signal matrix plus Gaussian
        noise N(0, s2 I), s2 uniform in [0, 1] (low-noise group) or [3, 4] (high-noise group), and
        DIR/groups.csv (encoder,group,noise_variance). Then 'encmap map experiments/figure2.json'.
        """,
        options: [sentences, dimension, perGroup, seed, out])

    static func run(_ args: ParsedArguments) throws {
        try args.noOperands()
        guard let folder = try args.value(out) else { throw usage.error("missing --out DIR") }
        let encoders = try SyntheticEncoders.write(to: URL(fileURLWithPath: folder), sentences: try args.value(sentences),
                                                   dimension: try args.value(dimension), perGroup: try args.value(perGroup),
                                                   seed: try args.value(seed))
        print("wrote \(encoders.count) synthetic encoders and groups.csv to \(folder)")
    }
}
