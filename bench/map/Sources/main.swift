// encmap-bench-tsne: times encmap's t-SNE (ℓ2 distances + Barnes–Hut/exact t-SNE) on a raw float64 file.
//
// Usage: encmap-bench-tsne demo OUTDIR [COUNT]   (a synthetic map, see Demo.swift)
//        encmap-bench-tsne gradient PREFIX [...]   (the schedule from a fixed sparse P, see Gradient.swift)
//        encmap-bench-tsne FILE ROWS COLS [--perplexity P] [--iterations N] [--method automatic|exact|barnesHut|interpolation] [--metric l1|l2|cosine]
//                          [--coordinates OUT.csv]
// FILE holds ROWS×COLS little-endian float64 values in C order (one point per row). Prints one JSON line
// with the wall time of distances + t-SNE, the final KL divergence and trustworthiness at k = 7.
import Foundation
import LinearAlgebra
import Map

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("encmap-bench-tsne: \(message)\n".utf8))
    exit(2)
}

func need<T>(_ value: T?, _ message: String) -> T {
    guard let value else { fail(message) }
    return value
}

var args = Array(CommandLine.arguments.dropFirst())
if args.first == "gradient" {
    Gradient.run(Array(args.dropFirst()))
    exit(0)
}
if args.first == "demo" {
    guard args.count >= 2 else { fail("usage: encmap-bench-tsne demo OUTDIR [COUNT]") }
    do {
        let s = try Demo.run(output: args[1], count: args.count > 2 ? need(Int(args[2]), "bad count") : 300)
        print("demo map: \(s.encoders) encoders, KL \(s.klDivergence), trustworthiness \(s.trustworthiness ?? .nan) -> \(args[1])")
        exit(0)
    } catch { fail("\(error)") }
}
guard args.count >= 3, let rows = Int(args[1]), let cols = Int(args[2]) else {
    fail("usage: encmap-bench-tsne FILE ROWS COLS [--perplexity P] [--iterations N] [--method M] [--coordinates OUT]")
}
let path = args[0]
var options = TSNE.Options()
options.squareDistances = true
var coordinatesPath: String?
var metric = DistanceMetric.l2
var i = 3
while i < args.count {
    let flag = args[i]
    guard i + 1 < args.count else { fail("\(flag) needs a value") }
    let value = args[i + 1]
    switch flag {
    case "--perplexity": options.perplexity = need(Double(value), "bad perplexity \(value)")
    case "--iterations": options.iterations = need(Int(value), "bad iterations \(value)")
    case "--method": options.method = need(TSNE.Method(rawValue: value), "bad method \(value)")
    case "--coordinates": coordinatesPath = value
    case "--metric":
        metric = need(DistanceMetric(rawValue: value), "bad metric \(value)")
        options.squareDistances = metric == .l2
    default: fail("unknown option \(flag)")
    }
    i += 2
}
guard let data = FileManager.default.contents(atPath: path), data.count == rows * cols * 8 else {
    fail("\(path): expected \(rows * cols * 8) bytes of float64")
}
let values: [Double] = data.withUnsafeBytes { raw in
    (0..<(rows * cols)).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
}
// C-order rows×cols read as column-major: cols×rows, one point per column.
let features = Matrix(rows: cols, columns: rows, storage: values)
options.start = .principalComponents(features)

let clock = ContinuousClock()
let start = clock.now
do {
    let d = try Distances.pairwise(features, metric: metric)
    let afterDistances = clock.now
    let r = try TSNE.embed(distances: d, options: options)
    let end = clock.now
    let seconds = { (x: Duration) in Double(x.components.seconds) + Double(x.components.attoseconds) * 1e-18 }
    let trust = try Trustworthiness.score(distances: d, layout: r.coordinates, k: 7)
    if let out = coordinatesPath {
        var text = "x,y\n"
        for p in 0..<rows { text += "\(r.coordinates[p, 0]),\(r.coordinates[p, 1])\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: out))
    }
    print("{\"seconds\": \(seconds(end - start)), \"distances_seconds\": \(seconds(afterDistances - start)), "
        + "\"kl\": \(r.klDivergence), \"trustworthiness\": \(trust), \"method\": \"\(r.method.rawValue)\", "
        + "\"last_iteration\": \(r.lastIteration)}")
} catch {
    fail("\(error)")
}
