import Foundation
import Map
// `encmap-bench-tsne gradient PREFIX [--method barnesHut|interpolation] [--iterations N] [--exploration E]
//                             [--out COORDS.f64] [--kl-of LAYOUT.f64]`
// Runs t-SNE's schedule from the fixed sparse P and start that bench/map/make_sparse_p.py wrote
// (PREFIX.indptr, .indices, .data, .start) and prints one JSON line: per-phase seconds, milliseconds per
// iteration, KL as the method reports it and KL with the exact Z. `--kl-of` instead prints the exact-Z KL
// of another layout (m×2 float64, C order) under the same P.

enum Gradient {
    static func read<T>(_ path: String, as: T.Type) -> [T] {
        guard let data = FileManager.default.contents(atPath: path), data.count % MemoryLayout<T>.size == 0 else {
            fail("\(path): missing or not a whole number of \(MemoryLayout<T>.size)-byte values")
        }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / MemoryLayout<T>.size)).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) }
        }
    }

    static func run(_ args: [String]) {
        guard let prefix = args.first else { fail("usage: encmap-bench-tsne gradient PREFIX [options]") }
        var method = TSNE.Method.interpolation
        var iterations = 1000, exploration = 250
        var out: String?, klOf: String?
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
            print("{\"kl_exact_z\": \(TSNEGradientBenchmark.exactKL(rowStart: rowStart, columns: columns, values: values, layout: layout))}")
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
                + "\"iterations\": \(r.lastIteration + 1), \"extent\": \(extent), \"kl_reported\": \(r.klDivergence), \"kl_exact_z\": \(exact)}")
        } catch {
            fail("\(error)")
        }
    }
}
