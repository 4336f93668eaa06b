import Features
import Foundation
import EncmapIO

enum QRECommand {
    static let usage = """
    usage: encmap qre [--epsilon E] [--rank-tolerance T] [--json] A.npy B.npy
           encmap qre [--epsilon E] [--rank-tolerance T] --matrix INPUT...

    Prints S(rho_A || sigma_B,eps), the quantum relative entropy of encoder A's density matrix against
    encoder B's with B's null space perturbed by eps (Theorem 1), as the last line of stdout.

    options:
      --epsilon E          null-space perturbation (default 1e-10)
      --rank-tolerance T   relative eigenvalue cut-off (default max(n, dim) * 2.22e-16)
      --json               print {"qre", "rank_a", "rank_b", "entropy_a", "entropy_b"} instead
      --matrix             print the pairwise matrix of all INPUTs as CSV (row encoder || column encoder)
    """

    static func run(_ arguments: [String]) throws {
        let args = try ParsedArguments(arguments, valued: ["epsilon", "rank-tolerance"],
                                       switches: ["json", "matrix"], usage: usage)
        let epsilon = try args.double("epsilon") ?? RelativeEntropy.defaultEpsilon
        let tolerance = try args.double("rank-tolerance")
        try RelativeEntropy.validate(epsilon: epsilon)
        if args.switches.contains("matrix") {
            guard !args.switches.contains("json") else {
                throw UsageError(message: "--json and --matrix cannot be combined", usage: usage)
            }
            guard !args.positionals.isEmpty else {
                throw UsageError(message: "--matrix needs at least one INPUT", usage: usage)
            }
            let inputs = try EmbeddingInputs.expand(args.positionals)
            try EmbeddingInputs.checkSentenceCounts(inputs)
            let spectra = try inputs.map { try DensitySpectrum(EmbeddingMatrix.load($0.url, id: $0.id), rankTolerance: tolerance) }
            var text = "encoder," + inputs.map { CSVTable.field($0.id) }.joined(separator: ",") + "\n"
            for (i, a) in spectra.enumerated() {
                let row = try spectra.enumerated().map { (j, b) in
                    try RelativeEntropy.qre(a, b, epsilon: epsilon, names: (inputs[i].url.path, inputs[j].url.path))
                }
                text += CSVTable.field(inputs[i].id) + "," + row.map { "\($0)" }.joined(separator: ",") + "\n"
            }
            print(text, terminator: "")
            return
        }
        guard args.positionals.count == 2 else {
            throw UsageError(message: "expected exactly two embedding files A.npy B.npy, got \(args.positionals.count)", usage: usage)
        }
        // Each file on its own: two files may share a stem (a/e.npy b/e.npy) when comparing a pair.
        let inputs = try args.positionals.flatMap { try EmbeddingInputs.expand([$0]) }
        guard inputs.count == 2 else {
            throw UsageError(message: "expected two .npy files, not folders", usage: usage)
        }
        try EmbeddingInputs.checkSentenceCounts(inputs)
        let a = try DensitySpectrum(EmbeddingMatrix.load(inputs[0].url, id: inputs[0].id), rankTolerance: tolerance)
        let b = try DensitySpectrum(EmbeddingMatrix.load(inputs[1].url, id: inputs[1].id), rankTolerance: tolerance)
        let value = try RelativeEntropy.qre(a, b, epsilon: epsilon, names: (inputs[0].url.path, inputs[1].url.path))
        if args.switches.contains("json") {
            print("{\"qre\": \(JSONNumber.text(value)), \"rank_a\": \(a.rank), \"rank_b\": \(b.rank), \"entropy_a\": \(JSONNumber.text(a.entropy)), \"entropy_b\": \(JSONNumber.text(b.entropy))}")
        } else {
            print(value)
        }
    }
}

/// JSON has no NaN/Infinity: they are written as null.
enum JSONNumber {
    static func text(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
}
