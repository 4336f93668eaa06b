import Foundation
import LinearAlgebra
import Map
// `encmap-bench-tsne gradient PREFIX [--method barnesHut|interpolation] [--iterations N] [--exploration E]
//                             [--out COORDS.f64] [--kl-of LAYOUT.f64] [--vectors X.f64 --n N]`
// Runs t-SNE's schedule from the fixed sparse P and start that bench/map/make_sparse_p.py wrote
// (PREFIX.indptr, .indices, .data, .start) and prints one JSON line: per-phase seconds, milliseconds per
// iteration, KL as the method reports it and KL with the exact Z. `--kl-of` instead prints the exact-Z KL
// of another layout (m×2 float64, C order) under the same P. `--vectors` adds trustworthiness@7 against the
// exact ℓ1 distances between the first m rows of X (m×N float64, C order; O(m²·N) time, O(m²) memory).

enum Gradient {
    static func read<T>(_ path: String, as: T.Type) -> [T] {
        guard let data = FileManager.default.contents(atPath: path), data.count % MemoryLayout<T>.size == 0 else {
            fail("\(path): missing or not a whole number of \(MemoryLayout<T>.size)-byte values")
        }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / MemoryLayout<T>.size)).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) }
        }
    }

    /// Trustworthiness at k = 7 of an interleaved layout against exact ℓ1 distances between the first m
    /// rows of VECTORS (m×n float64, C order).
    static func trust(_ path: String, n: Int, layout: [Double]) -> Double {
        let m = layout.count / 2
        guard let h = FileHandle(forReadingAtPath: path), let data = try? h.read(upToCount: m * n * 8), data.count == m * n * 8 else {
            fail("\(path): expected at least \(m)×\(n) float64")
        }
        let values: [Double] = data.withUnsafeBytes { raw in (0..<(m * n)).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self) } }
        var y = Matrix(rows: m, columns: 2)
        for i in 0..<m { y[i, 0] = layout[2 * i]; y[i, 1] = layout[2 * i + 1] }
        do {
            let d = try Distances.pairwise(Matrix(rows: n, columns: m, storage: values), metric: .l1)
            return try Trustworthiness.score(distances: d, layout: y, k: 7)
        } catch { fail("\(error)") }
    }

    static func run(_ args: [String]) {
        guard let prefix = args.first else { fail("usage: encmap-bench-tsne gradient PREFIX [options]") }
        var method = TSNE.Method.interpolation
        var iterations = 1000, exploration = 250
        var out: String?, klOf: String?, vectors: String?, n = 10_000
        var i = 1
        while i < args.count {
            guard i + 1 < args.count else { fail("\(args[i]) needs a value") }
            let v = args[i + 1]
            switch args[i] {
            case "--method": method = need(TSNE.Method(rawValue: v), "bad method \(v)")
            case "--iterations": iterations = need(Int(v), "bad iterations \(v)")
            case "--exploration": exploration = need(Int(v), "bad exploration \(v)")
            case "--out": out = v
            case "--kl-of": klOf = v
            case "--vectors": vectors = v
            case "--n": n = need(Int(v), "bad n \(v)")
            default: fail("unknown option \(args[i])")
            }
            i += 2
        }
        let rowStart = read(prefix + ".indptr", as: Int64.self).map { Int($0) }
        let columns = read(prefix + ".indices", as: Int64.self).map { Int($0) }
        let values = read(prefix + ".data", as: Double.self)
        if let klOf {
            let layout = read(klOf, as: Double.self)
            guard layout.count == 2 * (rowStart.count - 1) else { fail("\(klOf): expected \(rowStart.count - 1)×2 float64") }
            print("{\"kl_exact_z\": \(TSNEGradientBenchmark.exactKL(rowStart: rowStart, columns: columns, values: values, layout: layout))"
                + (vectors.map { ", \"trustworthiness\": \(trust($0, n: n, layout: layout))" } ?? "") + "}")
            return
        }
        let start = read(prefix + ".start", as: Double.self)
        do {
            let r = try TSNEGradientBenchmark.run(rowStart: rowStart, columns: columns, values: values, start: start,
                                                  method: method, iterations: iterations, exploration: exploration)
            let exact = TSNEGradientBenchmark.exactKL(rowStart: rowStart, columns: columns, values: values, layout: r.coordinates)
            if let out {
                let data = r.coordinates.withUnsafeBytes { Data($0) }
                guard FileManager.default.createFile(atPath: out, contents: data) else { fail("cannot write \(out)") }
            }
            let xs = stride(from: 0, to: r.coordinates.count, by: 2).map { r.coordinates[$0] }
            let ys = stride(from: 1, to: r.coordinates.count, by: 2).map { r.coordinates[$0] }
            let extent = Swift.max((xs.max() ?? 0) - (xs.min() ?? 0), (ys.max() ?? 0) - (ys.min() ?? 0))
            let e = Double(exploration), rest = Double(r.lastIteration + 1 - exploration)
            print("{\"method\": \"\(method.rawValue)\", \"m\": \(rowStart.count - 1), \"phase_seconds\": [\(r.phaseSeconds[0]), \(r.phaseSeconds[1])], "
                + "\"ms_per_iteration\": [\(1000 * r.phaseSeconds[0] / e), \(1000 * r.phaseSeconds[1] / Swift.max(rest, 1))], "
                + (vectors.map { "\"trustworthiness\": \(trust($0, n: n, layout: r.coordinates)), " } ?? "")
                + "\"iterations\": \(r.lastIteration + 1), \"extent\": \(extent), \"kl_reported\": \(r.klDivergence), \"kl_exact_z\": \(exact)}")
        } catch {
            fail("\(error)")
        }
    }
}
