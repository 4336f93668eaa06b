// encmap-bench-page: writes the map page (map.html) of m synthetic encoders without the map pipeline,
// to check and time the page at scale (scripts/page-check.py drives it in headless Chromium).
//
// usage: encmap-bench-page [--count M] [--k K] [--families F] [--new N] [--seed S] [--renderer automatic|svg|canvas] --out FILE
//
// The layout is clustered like a t-SNE map of encoder families: F family centres uniform in a disc of
// radius 60, three sub-centres per family (σ = 5 around the centre), points σ = 1.5 around a
// sub-centre. Encoder i belongs to family ⌊i·F/m⌋ and is called `family-<f>/enc-<i>`. Attributes:
// `family` (categorical, F values), `pooling` (4 values), `size` (the five size bins) and `downloads`
// (numeric, ⌊exp(6 + 2z)⌋ for z standard normal), coloured by `family`. Each encoder's K neighbours are
// its K nearest members of its family in the layout, with distance 0.37·(2-D distance) + 0.1; the 20
// largest `downloads` are labelled. `--new N` draws the last N encoders as a prediction's new encoders
// (highlighted, lines to their neighbours). Everything follows from the seed (SplitMix64).
import Foundation
import LinearAlgebra
import Map

struct Options {
    var count = 20_000, k = 7, families = 40, new = 0, seed: UInt64 = 1
    var renderer = MapPage.Renderer.automatic
    var out = ""
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("encmap-bench-page: \(message)\n".utf8))
    exit(2)
}

func parse(_ args: [String]) -> Options {
    var o = Options(), i = 0
    func value() -> String { i += 1; guard i < args.count else { fail("option '\(args[i - 1])' needs a value") }; return args[i] }
    func int(_ name: String, atLeast low: Int) -> Int {
        let v = value()
        guard let n = Int(v), n >= low else { fail("option '\(name)' needs a whole number ≥ \(low), got '\(v)'") }
        return n
    }
    while i < args.count {
        switch args[i] {
        case "--count": o.count = int("--count", atLeast: 3)
        case "--k": o.k = int("--k", atLeast: 1)
        case "--families": o.families = int("--families", atLeast: 1)
        case "--new": o.new = int("--new", atLeast: 0)
        case "--seed": o.seed = UInt64(int("--seed", atLeast: 0))
        case "--renderer":
            let v = value()
            guard let r = MapPage.Renderer(rawValue: v) else { fail("option '--renderer' needs automatic, svg or canvas, got '\(v)'") }
            o.renderer = r
        case "--out": o.out = value()
        case "-h", "--help":
            print("usage: encmap-bench-page [--count M] [--k K] [--families F] [--new N] [--seed S] [--renderer automatic|svg|canvas] --out FILE")
            exit(0)
        default: fail("unknown option '\(args[i])'; see --help")
        }
        i += 1
    }
    guard !o.out.isEmpty else { fail("give --out FILE") }
    guard o.new < o.count else { fail("--new must be below --count") }
    o.families = min(o.families, o.count)
    o.k = min(o.k, o.count / o.families - 1)
    guard o.k >= 1 else { fail("too few encoders per family for one neighbour") }
    return o
}

/// SplitMix64 (Steele, Lea & Flood 2014) with uniform and standard normal draws (Box–Muller).
struct Stream {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func normal() -> Double { sqrt(-2 * log(1 - uniform())) * cos(2 * .pi * uniform()) }
}

let o = parse(Array(CommandLine.arguments.dropFirst()))
let started = Date()
var rng = Stream(state: o.seed)
let m = o.count, F = o.families
let family = (0..<m).map { $0 * F / m }
var centres: [(Double, Double)] = []
for _ in 0..<F {
    let r = 60 * sqrt(rng.uniform()), a = 2 * Double.pi * rng.uniform()
    let c = (r * cos(a), r * sin(a))
    for _ in 0..<3 { centres.append((c.0 + 5 * rng.normal(), c.1 + 5 * rng.normal())) }
}
var layout = Matrix(rows: m, columns: 2)
for i in 0..<m {
    let c = centres[3 * family[i] + Int(rng.next() % 3)]
    layout[i, 0] = c.0 + 1.5 * rng.normal(); layout[i, 1] = c.1 + 1.5 * rng.normal()
}
let ids = (0..<m).map { "family-\(family[$0])/enc-\($0)" }
let pooling = ["mean", "cls", "max", "last"], sizes = ["Small", "Base", "Large", "Huge", "Giant"]
let attributes: [(name: String, values: [String?])] = [
    ("family", family.map { "family-\($0)" }),
    ("pooling", (0..<m).map { _ in pooling[Int(rng.next() % 4)] }),
    ("size", (0..<m).map { _ in sizes[Int(rng.next() % 5)] }),
    ("downloads", (0..<m).map { _ in String(Int(exp(6 + 2 * rng.normal()))) }),
].map { a in (name: a.0, values: a.1.enumerated().map { i, v in i >= m - o.new ? nil : v }) }

// The K nearest members of the same family (families are contiguous index ranges).
var neighbours: [[Neighbour]] = []
neighbours.reserveCapacity(m)
var first = 0
while first < m {
    var last = first
    while last < m && family[last] == family[first] { last += 1 }
    for i in first..<last {
        var best: [(Double, Int)] = []
        for j in first..<last where j != i && j < m - o.new {
            let dx = layout[i, 0] - layout[j, 0], dy = layout[i, 1] - layout[j, 1], d = dx * dx + dy * dy
            if best.count < o.k || d < best[best.count - 1].0 {
                var at = best.count
                while at > 0 && best[at - 1].0 > d { at -= 1 }
                best.insert((d, j), at: at)
                if best.count > o.k { best.removeLast() }
            }
        }
        neighbours.append(best.map { Neighbour(index: $0.1, distance: 0.37 * sqrt($0.0) + 0.1) })
    }
    first = last
}
let downloads = attributes[3].values.map { $0.flatMap(Double.init) ?? -1 }
let top = Set((0..<m).sorted { (downloads[$0], $1) > (downloads[$1], $0) }.prefix(20))
let newOnes = Array((m - o.new)..<m)
let labels: [String?] = (0..<m).map { top.contains($0) || newOnes.contains($0) ? ids[$0] : nil }
let highlight = o.new > 0 ? MapHighlight(indices: newOnes, links: newOnes.map { neighbours[$0].map(\.index) }) : nil
let plot = ScatterPlot(layout: layout, labels: labels, highlight: highlight)
do {
    let colourings = try attributes.map { (name: $0.name, colouring: try Colouring(attribute: $0.name, values: $0.values).leavingOutMissing(o.new)) }
    let content = MapPage.Content(title: "Map of \(m) synthetic encoders", ids: ids, plot: plot, neighbours: neighbours,
                                  attributes: attributes, colourings: colourings, colourBy: "family",
                                  subtitle: "\(m) synthetic encoders in \(F) families · \(o.k) neighbours each · seed \(o.seed)",
                                  renderer: o.renderer)
    let html = try MapPage.html(content)
    let data = Data(html.utf8)
    try data.write(to: URL(fileURLWithPath: o.out), options: .atomic)
    let seconds = Date().timeIntervalSince(started)
    print("encmap-bench-page: wrote \(o.out): \(m) encoders, \(o.k) neighbours each, \(attributes.count) attributes, "
          + "\(content.drawsOnCanvas ? "canvas" : "svg") page, \(data.count) bytes (\(String(format: "%.2f", Double(data.count) / 1_048_576)) MiB), built in \(String(format: "%.1f", seconds)) s")
} catch {
    FileHandle.standardError.write(Data("encmap-bench-page: \(error)\n".utf8))
    exit(1)
}
