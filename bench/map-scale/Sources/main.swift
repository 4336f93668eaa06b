// encmap-bench-distances: times encmap's ℓ1 distance kernels on a raw float64 matrix.
//
// Usage: encmap-bench-distances FILE ROWS COLS [--repeat R] [--k K]
// FILE holds ROWS×COLS little-endian float64 values in C order (one q-vector per row, as
// bench/map-scale/make_vectors.py writes). Times, best of R (default 3): the unblocked kernel
// (`Distances.pairwiseNaive`), the blocked float64 kernel (`Distances.pairwise`) and the float32 one;
// checks that the blocked D equals the unblocked one bit for bit, and counts the encoders whose K-NN set
// (default 7) under float32 differs from the float64 one. Prints one JSON object.
import Dispatch
import Foundation
import LinearAlgebra
import Map

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("encmap-bench-distances: \(message)\n".utf8))
    exit(2)
}

let args = Array(CommandLine.arguments.dropFirst())
guard args.count >= 3, let rows = Int(args[1]), let cols = Int(args[2]), rows > 1, cols > 0 else {
    fail("usage: encmap-bench-distances FILE ROWS COLS [--repeat R] [--k K]")
}
nonisolated(unsafe) var repeats = 3
var k = 7
var i = 3
while i < args.count {
    guard i + 1 < args.count, let v = Int(args[i + 1]), v >= 1 else { fail("\(args[i]) needs a positive integer") }
    switch args[i] {
    case "--repeat": repeats = v
    case "--k": k = v
    default: fail("unknown option \(args[i])")
    }
    i += 2
}
guard let data = FileManager.default.contents(atPath: args[0]), data.count == rows * cols * 8 else {
    fail("\(args[0]): expected \(rows * cols * 8) bytes of float64")
}
let values: [Double] = data.withUnsafeBytes { raw in
    (0..<(rows * cols)).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
}
// One encoder per column: the C-order rows×cols buffer is the column-major cols×rows matrix.
let x = Matrix(rows: cols, columns: rows, storage: values)

/// Best wall time of `repeats` runs of `body`, and its last result.
func timed(_ body: () throws -> Matrix) rethrows -> (seconds: Double, result: Matrix) {
    var best = Double.infinity
    var last = Matrix(rows: 0, columns: 0)
    for _ in 0..<repeats {
        let t0 = DispatchTime.now().uptimeNanoseconds
        last = try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    return (best, last)
}

do {
    let naive = try timed { try Distances.pairwiseNaive(x, metric: .l1) }
    let blocked = try timed { try Distances.pairwise(x, metric: .l1) }
    let single = try timed { try Distances.pairwise(x, metric: .l1, precision: .float32) }
    let identical = naive.result.storage == blocked.result.storage
    let exactNN = NeighbourSearch.nearest(blocked.result, k: k).map { Set($0.map(\.index)) }
    let singleNN = NeighbourSearch.nearest(single.result, k: k).map { Set($0.map(\.index)) }
    let differing = zip(exactNN, singleNN).filter { $0 != $1 }.count
    let orderedExact = NeighbourSearch.nearest(blocked.result, k: k).map { $0.map(\.index) }
    let orderedSingle = NeighbourSearch.nearest(single.result, k: k).map { $0.map(\.index) }
    let orderDiffers = zip(orderedExact, orderedSingle).filter { $0 != $1 }.count
    var worstRel = 0.0
    for j in 0..<rows { for r in 0..<j where blocked.result[r, j] > 0 {
        worstRel = max(worstRel, abs(single.result[r, j] - blocked.result[r, j]) / blocked.result[r, j])
    } }
    let diffs = Double(rows) * Double(rows - 1) / 2 * Double(cols)
    let json: [String: Any] = [
        "encoders": rows, "n": cols, "repeats": repeats, "k": k,
        "absolute_differences": diffs,
        "naive_s": naive.seconds, "blocked_s": blocked.seconds, "float32_s": single.seconds,
        "naive_per_s": diffs / naive.seconds, "blocked_per_s": diffs / blocked.seconds, "float32_per_s": diffs / single.seconds,
        "blocked_equals_naive_bitwise": identical,
        "float32_max_relative_error": worstRel,
        "float32_knn_sets_differing": differing, "float32_knn_order_differing": orderDiffers,
    ]
    let out = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
    print(String(decoding: out, as: UTF8.self))
} catch {
    fail("\(error)")
}
