import Foundation
import LinearAlgebra

/// One encoder's embeddings of the fixed sentence set: E ∈ ℝ^{n×d}, row i = f(s_i).
///
/// Stored as the column-major d×n matrix `transposed` = Eᵀ (column i is sentence i's embedding), which
/// is exactly the byte layout of a C-order (n, d) `.npy` file: no transpose is needed on load.
/// Invariants (checked on construction): n ≥ 2, d ≥ 1, every entry finite, ‖E‖_F > 0.
public struct EmbeddingMatrix: Sendable {
    /// The encoder's id (the file stem for a loaded file).
    public let id: String
    /// Eᵀ, column-major d×n.
    public let transposed: Matrix
    /// Where the matrix came from (a path), for messages.
    public let source: String

    /// n, the number of sentences.
    public var sentenceCount: Int { transposed.columns }
    /// d, the embedding dimension.
    public var dimension: Int { transposed.rows }

    /// Wraps Eᵀ (d×n) after validating it.
    /// - Throws: `FileError` naming `source` when the matrix has fewer than 2 rows, a NaN/∞ entry (with the
    ///   first bad row) or is all zeros.
    public init(id: String, transposed: Matrix, source: String) throws {
        self.id = id
        self.transposed = transposed
        self.source = source
        try validate()
    }

    /// Builds E from its rows (row i = sentence i's embedding); for tests and synthetic data.
    public init(id: String, rows: [[Double]], source: String = "<memory>") throws {
        let n = rows.count, d = rows.first?.count ?? 0
        var storage = [Double]()
        storage.reserveCapacity(n * d)
        for r in rows {
            guard r.count == d else { throw FileError(path: source, reason: "ragged embedding rows") }
            storage.append(contentsOf: r)
        }
        try self.init(id: id, transposed: Matrix(rows: d, columns: n, storage: storage), source: source)
    }

    /// Loads `<id>.npy`: a 2-D float16/32/64 array of shape (n, d), C or Fortran order.
    /// - Throws: `FileError` for unreadable, malformed or invalid files (one line, naming the file).
    public static func load(_ url: URL, id: String? = nil) throws -> EmbeddingMatrix {
        let array = try NPY.read(url)
        guard array.shape.count == 2 else {
            throw FileError(path: url.path, reason: "is a 1-D array of \(array.shape[0]) values, not an (n_sentences, dim) embedding matrix; save the 2-D embeddings instead")
        }
        let n = array.shape[0], d = array.shape[1]
        return try EmbeddingMatrix(id: id ?? url.deletingPathExtension().lastPathComponent,
                                   transposed: Matrix(rows: d, columns: n, storage: array.storage),
                                   source: url.path)
    }

    private func validate() throws {
        let n = sentenceCount, d = dimension
        guard n >= 2 else {
            throw FileError(path: source, reason: "has \(n) row\(n == 1 ? "" : "s") (sentences); an encoder's embedding matrix needs at least 2 — embed the whole sentence set")
        }
        guard d >= 1 else {
            throw FileError(path: source, reason: "has 0 columns (dimension 0); embed the sentences with a real encoder")
        }
        var allZero = true
        let firstBad: Int? = transposed.storage.withUnsafeBufferPointer { p in
            for i in 0..<n {
                let base = i * d
                for k in 0..<d {
                    let x = p[base + k]
                    if !x.isFinite { return i }
                    if x != 0 { allZero = false }
                }
            }
            return nil
        }
        if let row = firstBad {
            let bad = transposed.storage[(row * d)..<((row + 1) * d)].first { !$0.isFinite }!
            throw FileError(path: source, reason: "row \(row) (0-based) contains \(bad.isNaN ? "NaN" : "infinity"); fix or re-embed that sentence (float16 overflows above 65504)")
        }
        if allZero {
            throw FileError(path: source, reason: "is all zeros (trace of E·Eᵀ is 0), so it has no density matrix; check the encoder's output")
        }
    }
}
