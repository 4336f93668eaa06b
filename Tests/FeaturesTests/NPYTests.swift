import EncmapIO
@testable import Features
import Foundation
import Testing
import TestSupport

/// The reference matrix every NPY fixture holds: np.arange(12).reshape(3, 4) / 8 − 0.5
/// (exactly representable in float16), written by numpy 2.4.6 via Tests/Fixtures/make_fixtures.py.
let referenceRows: [Double] = (0..<12).map { Double($0) / 8 - 0.5 }

@Suite struct NPYReadTests {
    @Test(arguments: ["f32_c", "f64_fortran", "f16_c", "f32_big", "f64_big_fortran", "v2_f32", "v3_f32"])
    func readsWhatNumpyWrote(_ name: String) throws {
        let a = try NPY.read(fixture("npy/\(name).npy"))
        #expect(a.shape == [3, 4])
        #expect(a.storage == referenceRows, "row-major Float64 storage must equal the numpy array")
    }

    @Test func readsVectors() throws {
        let a = try NPY.read(fixture("npy/vector_f64.npy"))
        #expect(a.shape == [4])
        #expect(a.storage == Array(referenceRows.prefix(4)))
    }

    @Test func embeddingFromCOrderIsTransposeWithoutCopy() throws {
        let e = try EmbeddingMatrix.load(fixture("npy/f32_c.npy"))
        #expect(e.id == "f32_c" && e.sentenceCount == 3 && e.dimension == 4)
        // Eᵀ[k, i] = E[i, k]
        #expect(e.transposed[3, 1] == referenceRows[1 * 4 + 3])
        let f = try EmbeddingMatrix.load(fixture("npy/f64_fortran.npy"))
        #expect(f.transposed == e.transposed)
    }

    @Test(arguments: [
        ("bad_int", "unsupported dtype '<i8' (integer)"),
        ("bad_complex", "unsupported dtype '<c16' (complex)"),
        ("bad_object", "unsupported dtype '|O' (object"),
        ("bad_bool", "unsupported dtype '|b1' (boolean)"),
        ("bad_structured", "structured dtypes are not supported"),
        ("bad_3d", "3-D array of shape (2, 3, 4) is not supported"),
        ("bad_truncated", "truncated data"),
        ("bad_magic", "bad magic string"),
        ("bad_extra_bytes", "accounts for 48 data bytes but the file holds 56"),
        ("bad_header_shape", "truncated data: the header's shape (4, 4) of <f4 needs 64 bytes, the file holds 48"),
        ("bad_empty", "bad magic string"),
        ("bad_negative_shape", "the .npy header's shape has a negative dimension (-3)"),
    ])
    func rejectsMalformedFiles(_ name: String, _ reason: String) throws {
        let url = fixture("npy/\(name).npy")
        let error = try #require(throws: FileError.self) { try NPY.read(url) }
        #expect(error.path == url.path)
        #expect(error.reason.contains(reason), "\(error.reason)")
        #expect(!error.description.contains("\n"), "one line")
    }

    @Test(arguments: [
        ("invalid_nan_row2", "row 2 (0-based) contains NaN"),
        ("invalid_inf_row1", "row 1 (0-based) contains infinity"),
        ("invalid_zero", "is all zeros"),
        ("invalid_one_row", "has 1 row (sentences)"),
        ("vector_f64", "is a 1-D array of 4 values"),
    ])
    func rejectsInvalidEmbeddings(_ name: String, _ reason: String) throws {
        let url = fixture("npy/\(name).npy")
        let error = try #require(throws: FileError.self) { try EmbeddingMatrix.load(url) }
        #expect(error.path == url.path)
        #expect(error.reason.contains(reason), "\(error.reason)")
    }

    @Test func missingFileAndFolderAreNamed() throws {
        let e = try #require(throws: FileError.self) { try NPY.read(URL(fileURLWithPath: "/nonexistent/x.npy")) }
        #expect(e.description == "/nonexistent/x.npy: no such file; check the path")
        let d = try #require(throws: FileError.self) { try NPY.read(fixtures) }
        #expect(d.reason.contains("is a folder"))
    }
}

@Suite struct NPYWriteTests {
    @Test func vectorBytesEqualNumpys() throws {
        let numpy = try Data(contentsOf: fixture("npy/numpy_vector_f64.npy"))
        let ours = NPY.encode(shape: [5], fortranOrder: false, values: [0.5, -1.25, 3.0, 1e-300, 7.0])
        #expect(ours == numpy, "encmap's .npy bytes must equal numpy.save's")
    }

    @Test func fortranMatrixBytesEqualNumpys() throws {
        let numpy = try Data(contentsOf: fixture("npy/numpy_matrix_f64_fortran.npy"))
        // Column-major storage of the 3×4 reference matrix.
        let m = (0..<4).flatMap { j in (0..<3).map { i in referenceRows[i * 4 + j] } }
        #expect(NPY.encode(shape: [3, 4], fortranOrder: true, values: m) == numpy)
    }

    @Test func writeThenReadRoundTripsAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-npy-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("v.npy")
        let v = [1.0, .pi, -0.0, 1e308, .leastNonzeroMagnitude]
        try NPY.write(vector: v, to: url)
        #expect(try NPY.read(url).storage == v)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["v.npy"], "no temp file left")
        let blocked = URL(fileURLWithPath: "/proc/encmap-cannot-write/x.npy")
        #expect(throws: FileError.self) { try NPY.write(vector: v, to: blocked) }
    }
}
