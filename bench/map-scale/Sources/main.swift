// encmap-bench-distances: times encmap's ℓ1 distance kernels on a raw float64 matrix.
//
// Usage: encmap-bench-distances FILE ROWS COLS [--repeat R] [--k K]
// FILE holds ROWS×COLS little-endian float64 values in C order (one q-vector per row, as
// bench/map-scale/make_vectors.py writes). Times, best of R rounds (default 5) in which each kernel runs
// once in turn: the unblocked kernel (`Distances.pairwiseNaive`), the blocked float64 kernel
// (`Distances.pairwise`) and the float32 one;
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
nonisolated(unsafe) var repeats = 5
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

do {
    // The three kernels take turns, round after round, so that a burst of other load on the machine
    // slows one round of each rather than every run of one.
    let kernels: [() throws -> Matrix] = [
        { try Distances.pairwiseNaive(x, metric: .l1) },
        { try Distances.pairwise(x, metric: .l1) },
        { try Distances.pairwise(x, metric: .l1, precision: .float32) },
    ]
    var best = [Double](repeating: .infinity, count: kernels.count)
    var results = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: kernels.count)
    for _ in 0..<repeats {
        for (q, kernel) in kernels.enumerated() {
            let t0 = DispatchTime.now().uptimeNanoseconds
            results[q] = try kernel()
            best[q] = min(best[q], Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
    }
    let naive = (seconds: best[0], result: results[0])
    let blocked = (seconds: best[1], result: results[1])
    let single = (seconds: best[2], result: results[2])
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
