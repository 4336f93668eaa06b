import EncmapIO
import Features
import Foundation

enum QRECommand: Command {
    static let name = "qre"
    static let summary = "quantum relative entropy between two encoders (or the pairwise matrix)"

    static let epsilon = Option<Double>.number("epsilon", "E", help: "null-space perturbation")
        .defaulting(to: RelativeEntropy.defaultEpsilon)
    static let rankTolerance = Option<Double>.number("rank-tolerance", "T", help: """
        relative eigenvalue cut-off (default max(n, dim) * 2.22e-16)
        """)
    static let json = Flag("json", help: "print {\"qre\", \"rank_a\", \"rank_b\", \"entropy_a\", \"entropy_b\"} instead")
    static let matrix = Flag("matrix", help: "print the pairwise matrix of all INPUTs as CSV (row encoder || column encoder)")

    static let usage = Usage(
        command: name,
        forms: [[.optional(epsilon), .optional(rankTolerance), .optional(json), .operand("A.npy"), .operand("B.npy")],
                [.optional(epsilon), .optional(rankTolerance), .required(matrix), .operand("INPUT...")]],
        description: """
        Prints S(rho_A || sigma_B,eps), the quantum relative entropy of encoder A's density matrix against
        encoder B's with B's null space perturbed by eps (Theorem 1), as the last line of stdout.
        """,
        options: [epsilon, rankTolerance, json, matrix])

    static func run(_ args: ParsedArguments) throws {
        let eps = try args.value(epsilon)
        let tolerance = try args.value(rankTolerance)
        try RelativeEntropy.validate(epsilon: eps)
        if args.isSet(matrix) {
            guard !args.isSet(json) else { throw usage.error("--json and --matrix cannot be combined") }
            guard !args.positionals.isEmpty else { throw usage.error("--matrix needs at least one INPUT") }
            let inputs = try EmbeddingInputs.expand(args.positionals)
            try EmbeddingInputs.checkSentenceCounts(inputs)
            let spectra = try inputs.map { try DensitySpectrum(EmbeddingMatrix.load($0.url, id: $0.id), rankTolerance: tolerance) }
            let rows = try RelativeEntropy.matrix(spectra, epsilon: eps, names: inputs.map(\.url.path))
            print(matrixCSV(ids: inputs.map(\.id), rows: rows), terminator: "")
            return
        }
        guard args.positionals.count == 2 else {
            throw usage.error("expected exactly two embedding files A.npy B.npy, got \(args.positionals.count)")
        }
        // Each file on its own: two files may share a stem (a/e.npy b/e.npy) when comparing a pair.
        let inputs = try args.positionals.flatMap { try EmbeddingInputs.expand([$0]) }
        guard inputs.count == 2 else { throw usage.error("expected two .npy files, not folders") }
        try EmbeddingInputs.checkSentenceCounts(inputs)
        let a = try DensitySpectrum(EmbeddingMatrix.load(inputs[0].url, id: inputs[0].id), rankTolerance: tolerance)
        let b = try DensitySpectrum(EmbeddingMatrix.load(inputs[1].url, id: inputs[1].id), rankTolerance: tolerance)
        let value = try RelativeEntropy.qre(a, b, epsilon: eps, names: (inputs[0].url.path, inputs[1].url.path))
        if args.isSet(json) {
            let document = JSONValue.object([
                ("qre", .number(value)), ("rank_a", .number(Double(a.rank))), ("rank_b", .number(Double(b.rank))),
                ("entropy_a", .number(a.entropy)), ("entropy_b", .number(b.entropy)),
            ])
            print(document.serializedOnOneLine())
        } else {
            print(value)
        }
    }

    /// The pairwise matrix as CSV: a header `encoder,<ids>`, then one row per encoder (row ‖ column),
    /// full double precision.
    static func matrixCSV(ids: [String], rows: [[Double]]) -> String {
        "encoder," + ids.map(CSVTable.field).joined(separator: ",") + "\n"
            + zip(ids, rows).map { id, row in CSVTable.field(id) + "," + row.map { "\($0)" }.joined(separator: ",") + "\n" }.joined()
    }
}
