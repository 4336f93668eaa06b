import EncmapIO
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
    /// ‖E‖_F² when it was gathered while loading (C-order files); nil otherwise.
    let knownSquaredNorm: Double?

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
        self.knownSquaredNorm = nil
        try validate()
    }

    /// Wraps a matrix whose figures were checked while it was read (no second pass).
    private init(id: String, transposed: Matrix, source: String, squaredNorm: Double?) {
        self.id = id
        self.transposed = transposed
        self.source = source
        self.knownSquaredNorm = squaredNorm
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
    ///
    /// The file is streamed into the Float64 matrix (256 KiB chunks; with `digest`, hashed on a second thread meanwhile) and validated during the same pass.
    /// - Throws: `FileError` for unreadable, malformed or invalid files (one line, naming the file).
    /// - Complexity: O(n·d) time, one pass; memory: the n×d Float64 matrix + one or two 256 KiB chunks.
    public static func load(_ url: URL, id: String? = nil) throws -> EmbeddingMatrix {
        try load(url, id: id, digest: false).matrix
    }

    /// As `load(_:id:)`, optionally also returning the SHA-256 of the file's bytes, computed while they
    /// are read (equal to `SHA256.hex(fileAt:)`), so that the cache needs no second pass over the file.
    static func load(_ url: URL, id: String?, digest: Bool,
                     chunkBytes: Int = NPY.defaultChunkBytes) throws -> (matrix: EmbeddingMatrix, digest: String?) {
        let path = url.path
        let streamed = try NPY.readStreaming(url, chunkBytes: chunkBytes, digest: digest) { header in
            guard header.shape.count == 2 else {
                throw FileError(path: path, reason: "is a 1-D array of \(header.shape[0]) values, not an (n_sentences, dim) embedding matrix; save the 2-D embeddings instead")
            }
            try checkShape(sentences: header.shape[0], dimension: header.shape[1], source: path)
            // Before the matrix is allocated: refuse what cannot fit rather than trap or spin in BLAS.
            try MemoryBudget.checkEncoder(sentences: header.shape[0], dimension: header.shape[1], path: path)
        }
        let n = streamed.header.shape[0], d = streamed.header.shape[1]
        let scan = streamed.scan
        if let row = scan.firstNonFiniteRow {
            let bad = streamed.storage[(row * d)..<((row + 1) * d)].first { !$0.isFinite }!
            throw nonFiniteError(row: row, value: bad, source: path)
        }
        guard scan.anyNonZero else { throw allZeroError(source: path) }
        let matrix = EmbeddingMatrix(id: id ?? url.deletingPathExtension().lastPathComponent,
                                     transposed: Matrix(rows: d, columns: n, storage: streamed.storage),
                                     source: path, squaredNorm: scan.sumOfSquares)
        return (matrix, streamed.digest)
    }

    static func checkShape(sentences n: Int, dimension d: Int, source: String) throws {
        guard n >= 2 else {
            throw FileError(path: source, reason: "has \(n) row\(n == 1 ? "" : "s") (sentences); an encoder's embedding matrix needs at least 2 — embed the whole sentence set")
        }
        guard d >= 1 else {
            throw FileError(path: source, reason: "has 0 columns (dimension 0); embed the sentences with a real encoder")
        }
    }

    static func nonFiniteError(row: Int, value: Double, source: String) -> FileError {
        FileError(path: source, reason: "row \(row) (0-based) contains \(value.isNaN ? "NaN" : "infinity"); fix or re-embed that sentence (float16 overflows above 65504)")
    }

    static func allZeroError(source: String) -> FileError {
        FileError(path: source, reason: "is all zeros (trace of E·Eᵀ is 0), so it has no density matrix; check the encoder's output")
    }

    private func validate() throws {
        let n = sentenceCount, d = dimension
        try Self.checkShape(sentences: n, dimension: d, source: source)
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
            throw Self.nonFiniteError(row: row, value: bad, source: source)
        }
        if allZero { throw Self.allZeroError(source: source) }
    }
}
