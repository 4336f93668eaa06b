import EncmapIO
import Features
import Foundation
import FuzzSupport

/// Each input is written to this file and read back the way encmap reads embeddings: streamed from disk.
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-fuzz-npy-\(getpid()).npy")

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    FuzzCheck.require(condition, message(), "fuzz-npy")
}

/// Reads arbitrary bytes as a `.npy` file through the streaming reader the product uses
/// (`NPY.readStreaming`, `EmbeddingMatrix.load`), in chunks of 1…97 bytes so that elements straddle
/// chunk boundaries, and through the in-memory reader `NPY.read(data:path:)`. Both must agree: the same
/// shape and bit-identical values, or the same one-line `FileError` naming the file. The streaming pass's
/// figures (first non-finite row, any non-zero, Σx²) must match the values, its digest must not depend on
/// the chunk size, and an embedding loaded from the file must equal one built from the values (or both be
/// refused with the same message); small valid embeddings also go through the features.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    do {
        try data.write(to: scratch)
    } catch {
        fatalError("fuzz-npy: cannot write the scratch file \(scratch.path): \(error)")
    }
    let path = scratch.path
    let memory: Result<NPYArray, any Error> = Result { try NPY.read(data: data, path: path) }
    let streamed: NPY.StreamedArray
    do {
        streamed = try NPY.readStreaming(scratch, chunkBytes: 1 + count % 97, digest: true)
    } catch let error as FileError {
        FuzzCheck.oneLine(error, "fuzz-npy")
        check(error.path == path, "the error names another file: \(error)")
        switch memory {
        case .success(let array):
            fatalError("fuzz-npy: the in-memory reader accepts shape \(array.shape), streaming refuses: \(error)")
        case .failure(let other):
            check("\(other)" == "\(error)", "the readers refuse differently: \(other) | \(error)")
        }
        do {
            _ = try EmbeddingMatrix.load(scratch)
            fatalError("fuzz-npy: EmbeddingMatrix.load accepts a file NPY.readStreaming refuses: \(error)")
        } catch let loadError as FileError {
            check(loadError == error, "load and readStreaming refuse differently: \(loadError) | \(error)")
        } catch {
            fatalError("fuzz-npy: unexpected error type from load \(type(of: error)): \(error)")
        }
        return 0
    } catch {
        fatalError("fuzz-npy: unexpected error type \(type(of: error)): \(error)")
    }
    let shape = streamed.header.shape
    let storage = streamed.storage
    check(shape.count == 1 || shape.count == 2, "shape \(shape)")
    check(storage.count == shape.reduce(1, *), "storage/shape mismatch")
    check(storage.count <= count, "more elements than bytes")
    switch memory {
    case .success(let array):
        check(array.shape == shape, "shapes differ: \(array.shape) in memory, \(shape) streamed")
        check(array.storage.map(\.bitPattern) == storage.map(\.bitPattern), "values differ between the readers")
    case .failure(let error):
        fatalError("fuzz-npy: the streaming reader accepts shape \(shape), the in-memory reader refuses: \(error)")
    }
    do {
        let again = try NPY.readStreaming(scratch, digest: true)
        check(again.digest == streamed.digest && again.digest != nil, "the digest depends on the chunk size")
        // Field by field: Σx² is NaN when a value is, and NaN ≠ NaN.
        let (a, b) = (again.scan, streamed.scan)
        check(a.firstNonFiniteRow == b.firstNonFiniteRow && a.anyNonZero == b.anyNonZero
              && a.sumOfSquares?.bitPattern == b.sumOfSquares?.bitPattern, "the scan depends on the chunk size")
    } catch {
        fatalError("fuzz-npy: a second streaming read fails: \(error)")
    }

    // The pass's figures, recomputed from the values.
    let columns = shape.count == 2 ? shape[1] : 1
    // C order visits the rows in order, so the first non-finite value lies in the smallest such row.
    let firstBad = storage.firstIndex { !$0.isFinite }.map { $0 / Swift.max(columns, 1) }
    let badRow = streamed.scan.firstNonFiniteRow
    check(badRow == firstBad, "first non-finite row \(String(describing: badRow)) ≠ \(String(describing: firstBad))")
    check(streamed.scan.anyNonZero == storage.contains { $0 != 0 }, "anyNonZero is wrong")
    let transposed = streamed.header.fortranOrder && shape.count == 2 && shape[0] > 1 && shape[1] > 1
    if transposed {
        check(streamed.scan.sumOfSquares == nil, "Σx² given for a transposed file")
    } else {
        let sum = storage.reduce(0) { $0 + $1 * $1 }
        let got = streamed.scan.sumOfSquares
        check(got.map { $0.bitPattern == sum.bitPattern || ($0.isNaN && sum.isNaN) } == true,
              "Σx² \(String(describing: got)) ≠ \(sum)")
    }

    // The product's embedding path against an embedding built from the same values.
    let loaded: Result<EmbeddingMatrix, any Error> = Result { try EmbeddingMatrix.load(scratch) }
    guard shape.count == 2 else {
        guard case .failure(let error as FileError) = loaded, error.path == path else {
            fatalError("fuzz-npy: a 1-D array is not refused as an embedding, naming the file")
        }
        FuzzCheck.oneLine(error, "fuzz-npy")
        return 0
    }
    let (n, d) = (shape[0], shape[1])
    let rows = (0..<n).map { i in Array(storage[(i * d)..<((i + 1) * d)]) }
    let built: Result<EmbeddingMatrix, any Error> = Result { try EmbeddingMatrix(id: "fuzz", rows: rows, source: path) }
    switch (loaded, built) {
    case let (.success(e), .success(b)):
        check(e.transposed.storage.map(\.bitPattern) == b.transposed.storage.map(\.bitPattern),
              "the loaded embedding differs from the values")
        guard storage.count <= 512 else { return 0 }
        do {
            let f = try UnitBaseFeatures.compute(e)
            check(f.vector.count == n, "feature length \(f.vector.count) ≠ n = \(n)")
            check(f.rank >= 1 && f.rank <= min(n, d), "rank \(f.rank) outside 1…min(n, d)")
        } catch {
            FuzzCheck.oneLine(error, "fuzz-npy")
        }
    case let (.failure(a), .failure(b)):
        FuzzCheck.oneLine(a, "fuzz-npy")
        check("\(a)" == "\(b)", "load and the rows refuse differently: \(a) | \(b)")
    case let (.success, .failure(b)):
        fatalError("fuzz-npy: load accepts what the rows refuse: \(b)")
    case let (.failure(a), .success):
        fatalError("fuzz-npy: load refuses what the rows accept: \(a)")
    }
    return 0
}
