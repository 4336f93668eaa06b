import Features
import Foundation
import FuzzSupport

/// Reads arbitrary bytes as a `.npy` file. Every outcome must be an array whose storage matches its
/// shape, or a one-line `FileError` naming the file; small 2-D arrays also go through the embedding
/// checks (NaN/Inf rows, all zeros, too few rows) and, when valid, the features.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let array: NPYArray
    do {
        array = try NPY.read(data: data, path: "fuzz.npy")
    } catch let error as FileError {
        FuzzCheck.oneLine(error, "fuzz-npy")
        FuzzCheck.require(error.path == "fuzz.npy", "the error names another file: \(error)", "fuzz-npy")
        return 0
    } catch {
        fatalError("fuzz-npy: unexpected error type \(type(of: error)): \(error)")
    }
    FuzzCheck.require(array.shape.count == 1 || array.shape.count == 2, "shape \(array.shape)", "fuzz-npy")
    FuzzCheck.require(array.storage.count == array.shape.reduce(1, *), "storage/shape mismatch", "fuzz-npy")
    FuzzCheck.require(array.storage.count <= count, "more elements than bytes", "fuzz-npy")
    if array.shape.count == 2, array.storage.count <= 512 {
        let (n, d) = (array.shape[0], array.shape[1])
        let rows = (0..<n).map { i in Array(array.storage[(i * d)..<((i + 1) * d)]) }
        do {
            let e = try EmbeddingMatrix(id: "fuzz", rows: rows, source: "fuzz.npy")
            let f = try UnitBaseFeatures.compute(e)
            FuzzCheck.require(f.vector.count == n, "feature length \(f.vector.count) ≠ n = \(n)", "fuzz-npy")
            FuzzCheck.require(f.rank >= 1 && f.rank <= min(n, d), "rank \(f.rank) outside 1…min(n, d)", "fuzz-npy")
        } catch {
            FuzzCheck.oneLine(error, "fuzz-npy")
        }
    }
    return 0
}
