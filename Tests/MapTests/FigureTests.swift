import EncmapSupport
import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Map

@Suite struct LabelPlacementTests {
    /// Random layouts of 10–60 points (seeded), ids of 4–38 characters: every point gets a label, no
    /// two labels overlap, no label covers a point, every label lies inside the panel.
    @Test(arguments: 0..<24) func randomPointSetsGetEveryLabelWithoutOverlaps(seed: UInt64) throws {
        var rng = SplitMix64(seed: 1000 + seed)
        let m = 10 + rng.uniform(below: 51)
        var layout = Matrix(rows: m, columns: 2)
        let clustered = seed % 2 == 0
        for i in 0..<m {
            let c = clustered ? Double(i % 3) * 4 : 0
            layout[i, 0] = c + rng.normal() * (clustered ? 0.6 : 3)
            layout[i, 1] = (clustered ? Double(i % 2) * 3 : 0) + rng.normal() * (clustered ? 0.6 : 3)
        }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-._/MW")
        let labels: [String?] = (0..<m).map { _ in String((0..<(4 + rng.uniform(below: 35))).map { _ in alphabet[rng.uniform(below: alphabet.count)] }) }
        let plot = ScatterPlot(layout: layout, labels: labels)
        let boxes = plot.placements.compactMap { $0?.box }
        #expect(boxes.count == m, "every point labelled (m = \(m))")
        for a in 0..<boxes.count {
            #expect(boxes[a].x0 >= 0 && boxes[a].y0 >= 0 && boxes[a].x1 <= plot.width && boxes[a].y1 <= plot.height)
            for b in (a + 1)..<boxes.count { #expect(!boxes[a].overlaps(boxes[b]), "labels \(a) and \(b) overlap") }
            for (i, p) in plot.positions.enumerated() {
                let r = ScatterPlot.pointRadius
                #expect(!boxes[a].overlaps(.init(x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r)), "label \(a) covers point \(i)")
            }
        }
        // A label touching its point has no leader; a moved one ends its leader on its own box.
        for (i, p) in plot.placements.enumerated() {
            guard let p, let l = p.leader else { continue }
            #expect(l.x >= p.box.x0 - 1e-9 && l.x <= p.box.x1 + 1e-9 && l.y >= p.box.y0 - 1e-9 && l.y <= p.box.y1 + 1e-9, "leader of \(i)")
        }
    }

    @Test func textWidthAndMiddleTruncation() {
        #expect(TextMetrics.width("iiii", fontSize: 10) < TextMetrics.width("MMMM", fontSize: 10))
        let id = "sentence-transformers/paraphrase-MiniLM-L3-v2"
        let short = TextMetrics.truncateMiddle(id, fontSize: 12, maxWidth: 150)
        #expect(short.hasPrefix("sente") && short.hasSuffix("-v2") && short.contains("…"))
        #expect(TextMetrics.width(short, fontSize: 12) <= 150)
        #expect(TextMetrics.truncateMiddle("short", fontSize: 12, maxWidth: 150) == "short")
        let lines = TextMetrics.wrap("19 encoders · l1 distances · t-SNE perplexity 5 · KL 0.078", separator: " · ", fontSize: 11, maxWidth: 150)
        #expect(lines.count >= 2 && lines.allSatisfy { TextMetrics.width($0, fontSize: 11) <= 150 })
    }

    @Test func labelPatterns() {
        #expect(LabelSelection.matches("glove*", "glove50.idf"))
        #expect(LabelSelection.matches("*l6*cls", "minilm-l6.layer6.cls"))
        #expect(!LabelSelection.matches("glove", "glove50.idf"))
        #expect(LabelSelection.matches("*", ""))
    }
}

@Suite struct TickTests {
    /// Nice steps are 1, 2 or 5 times a power of ten; ticks are its multiples inside the range.
    @Test func linearTicksAreNiceMultiples() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let lo = (rng.uniform() - 0.5) * pow(10, Double(rng.uniform(below: 9)) - 4)
            let hi = lo + rng.uniform() * pow(10, Double(rng.uniform(below: 9)) - 4) + 1e-9
            let step = Ticks.niceStep(lo, hi)
            let mantissa = step / pow(10, log10(step).rounded(.down))
            #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }, "step \(step)")
            let ticks = Ticks.linear(lo, hi)
            #expect(ticks.count >= 2 && ticks.count <= 11, "\(lo)…\(hi): \(ticks)")
            for t in ticks {
                #expect(t >= lo - step * 1e-6 && t <= hi + step * 1e-6)
                #expect(abs(t / step - (t / step).rounded()) < 1e-6)
            }
        }
    }

    @Test func knownAxes() {
        // The old dendrogram axis of the demo ran 0, 1.07, 2.14, 3.21, 4.29; nice ticks:
        #expect(Ticks.linear(0, 4.29) == [0, 1, 2, 3, 4])
        #expect(Ticks.axis(0, 4.29, logarithmic: false).map(\.label) == ["0", "1", "2", "3", "4"])
        #expect(Ticks.axis(0.0219, 0.0241, logarithmic: false).map(\.label) == ["0.022", "0.0225", "0.023", "0.0235", "0.024"])
        #expect(Ticks.axis(-1, 1, logarithmic: false).map(\.label) == ["-1", "-0.5", "0", "0.5", "1"])
        #expect(Ticks.linear(0, 0.3, target: 3) == [0, 0.1, 0.2, 0.3])
    }

    /// Log ticks sit at decades when the range holds two or more, at 1-2-5 values when it holds fewer.
    @Test func logTicksAtDecades() {
        #expect(Ticks.log(0.0005, 150) == [0.001, 0.01, 0.1, 1, 10, 100])
        #expect(Ticks.axis(0.0005, 150, logarithmic: true).map(\.label) == ["0.001", "0.01", "0.1", "1", "10", "100"])
        #expect(Ticks.log(1e-9, 1) == [1e-9, 1e-7, 1e-5, 1e-3, 1e-1], "more than eight decades: every other one")
        #expect(Ticks.axis(1e-9, 1e-7, logarithmic: true).map(\.label) == ["1e-9", "1e-8", "1e-7"])
        #expect(Ticks.log(0.12, 3.5) == [0.2, 0.5, 1, 2])
        // Narrower than a factor 2.5: linear ticks placed on the log axis.
        #expect(Ticks.log(0.0219, 0.0241) == Ticks.linear(0.0219, 0.0241))
    }

    /// The dendrogram's axis is logarithmic when heights span > 10× or crowd far from 0 (figure2).
    @Test func dendrogramScaleChoice() {
        #expect(Dendrogram.isLogarithmic([0.0221, 0.0228, 0.0233, 0.0239], scale: .automatic), "figure2-like band")
        #expect(Dendrogram.isLogarithmic([0.1, 0.4, 2.5], scale: .automatic), "more than a factor 10")
        #expect(!Dendrogram.isLogarithmic([0.5, 1, 2, 3], scale: .automatic))
        #expect(!Dendrogram.isLogarithmic([0.0221, 0.0239], scale: .linear))
        #expect(Dendrogram.isLogarithmic([0.5, 1, 2, 3], scale: .log))
        let d = Dendrogram.domain([0.0221, 0.0239], scale: .automatic)
        #expect(d.log && d.low < 0.0221 && d.low > 0.021 && d.high > 0.0239, "the log axis starts near the smallest height, not at 0")
    }
}

@Suite struct ColourScaleTests {
    @Test func automaticChoice() {
        #expect(ColourScaleKind.automatic(for: ["0.61", "0.72", nil, " 0.5 ", ""]) == .sequential)
        #expect(ColourScaleKind.automatic(for: ["-0.2", "0.3", "0.1"]) == .diverging)
        #expect(ColourScaleKind.automatic(for: ["384", "768", "NaN"]) == .categorical, "NaN is not a finite number")
        #expect(ColourScaleKind.automatic(for: ["mean", "cls", "3"]) == .categorical)
        #expect(ColourScaleKind.automatic(for: ["3", "3", nil]) == .categorical, "one distinct number")
        #expect(ColourScaleKind.automatic(for: ["0", "-1", "-5"]) == .sequential, "one sign")
    }

    @Test func scalesEndAtTheirAnchors() throws {
        let s = ColourScale(kind: .sequential, numbers: [2, 4, 3])
        #expect(s.colour(of: 2) == "#440154" && s.colour(of: 4) == "#fde725", "viridis ends")
        #expect(s.colour(of: 100) == s.colour(of: 4), "clamped")
        // matplotlib's viridis(0.5) = (33, 145, 140) and viridis(1/16) = (72, 24, 106), from scripts/colormap-anchors.py.
        #expect(s.colour(atFraction: 0.5) == "#21918c" && s.colour(atFraction: 1.0 / 16) == "#48186a")
        let d = ColourScale(kind: .diverging, numbers: [-0.5, 2])
        #expect(d.low == -2 && d.high == 2 && d.colour(of: 0) == "#f7f7f7", "centred at 0")
        #expect(d.colour(of: -2) == "#053061" && d.colour(of: 2) == "#67001f")
        let c = try Colouring(attribute: "STS13", values: ["0.5", nil, "0.7"])
        #expect(c.kind == .sequential && c.missingCount == 1 && c.colours[1] == Colouring.missingColour)
        #expect(c.barTicks.map(\.label) == ["0.5", "0.55", "0.6", "0.65", "0.7"])
        let categorical = try Colouring(attribute: "dim", values: ["384", "768", "384"], requested: .categorical)
        #expect(categorical.kind == .categorical && categorical.entries.map(\.count) == [2, 1])
        #expect(throws: MapError.self) { try Colouring(attribute: "pooling", values: ["mean", "cls"], requested: .sequential) }
    }

    @Test func numericAttributeGetsAColourBarInTheSVG() throws {
        var layout = Matrix(rows: 5, columns: 2)
        for i in 0..<5 { layout[i, 0] = Double(i); layout[i, 1] = Double(i * i % 3) }
        let ids = (0..<5).map { "enc-\($0)" }
        let plot = ScatterPlot(layout: layout, labels: ids)
        let svg = plot.staticSVG(ids: ids, colouring: try Colouring(attribute: "score", values: ["1", "2", "3", "4", "5"]), title: "t", caption: "c")
        #expect(svg.contains("id=\"colourbar\"") && svg.contains("<linearGradient"))
        let categorical = plot.staticSVG(ids: ids, colouring: try Colouring(attribute: "family", values: ["a", "b", "a", "b", "a"]), title: "t", caption: "c")
        #expect(!categorical.contains("colourbar") && categorical.contains(">a (3)</text>"))
    }
}

@Suite struct NumericNeighbourTests {
    /// x = 1, 2, 3, 4 on a path (neighbours: the adjacent encoders): the neighbours' means are
    /// 2, 2, 3, 3 and r = 2/√5 (by hand: Σdx·dy = 2, Σdx² = 5, Σdy² = 1).
    @Test func correlationOfValueAndNeighbourMean() {
        let nb: [[Neighbour]] = [[1], [0, 2], [1, 3], [2]].map { $0.map { Neighbour(index: $0, distance: 1) } }
        let c = NumericNeighbourCorrelation(attribute: "x", numbers: [1, 2, 3, 4], neighbours: nb, permutations: 99, seed: 3)
        #expect(abs((c.correlation ?? 0) - 2 / 5.0.squareRoot()) < 1e-15)
        #expect(c.encodersWithValue == 4 && c.permutations == 99)
        let again = NumericNeighbourCorrelation(attribute: "x", numbers: [1, 2, 3, 4], neighbours: nb, permutations: 99, seed: 3)
        #expect(again == c, "seeded")
        let p = c.pValue ?? 0
        #expect(p > 0 && p <= 1 && (c.chance ?? 1) < (c.correlation ?? 0))
        // Missing values drop out, and so does encoder 0, whose only neighbour has none; a constant
        // attribute has no correlation.
        let missing = NumericNeighbourCorrelation(attribute: "x", numbers: [1, nil, 3, 4], neighbours: nb, permutations: 9)
        #expect(missing.encodersWithValue == 2 && missing.correlation == nil, "two points (x = 3, 4): fewer than 3, no correlation")
        #expect(NumericNeighbourCorrelation(attribute: "x", numbers: [2, 2, 2, 2], neighbours: nb).correlation == nil)
    }

    /// A smooth attribute over clustered encoders correlates with its neighbours far above shuffles.
    @Test func smoothAttributeBeatsThePermutationBaseline() throws {
        let ids = (0..<30).map { "e\($0)" }
        let (x, _) = syntheticClusters(clusters: 3, perCluster: 10, dim: 6, seed: 4)
        var o = MapOptions()
        o.iterations = 250
        o.attributes = AttributeTable(columns: [("score", Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, "\(Double($0 / 10) + 0.01 * Double($0 % 10))") }))])
        let map = try MapBuilder.compute(ids: ids, features: x, options: o)
        let c = try #require(map.numericCorrelation.first)
        #expect(c.attribute == "score" && (c.correlation ?? 0) > 0.9 && (c.pValue ?? 1) <= 0.002)
        #expect(map.colouring?.kind == .sequential && map.agreement.isEmpty, "a numeric column is not a category")
        let files = try MapBuilder.render(map)
        #expect(files["map.html"]!.contains("\"kind\":\"sequential\""))
        let summary = MapBuilder.summary(map)
        #expect(summary.colourScale == "sequential" && summary.numericNeighbourCorrelation?.count == 1)
    }
}

@Suite struct LabelSelectionTests {
    /// Above 60 encoders only the `labels` patterns and the top-k of `labelBy` are labelled.
    @Test func manyEncodersLabelPatternsAndTopK() throws {
        let ids = (0..<66).map { "org/enc-\($0)" }
        let (x, _) = syntheticClusters(clusters: 3, perCluster: 22, dim: 5, seed: 9)
        var o = MapOptions()
        o.iterations = 250
        o.attributes = AttributeTable(columns: [("score", Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, "\($0)") }))])
        o.labels = ["ORG__enc-1*", "org/enc-5"]
        o.labelTop = 3
        let map = try MapBuilder.compute(ids: ids, features: x, options: o)
        let labelled = MapBuilder.labelledEncoders(map)
        let names = Set(ids.indices.filter { labelled[$0] }.map { ids[$0] })
        let expected = Set(["org/enc-1"] + (10...19).map { "org/enc-\($0)" } + ["org/enc-5", "org/enc-63", "org/enc-64", "org/enc-65"])
        #expect(names == expected)
        let svg = try #require(try MapBuilder.render(map)["map.svg"])
        #expect(svg.components(separatedBy: "<text class=\"label\"").count - 1 == expected.count)
        o.labelAllUpTo = 100
        #expect(MapBuilder.labelledEncoders(try MapBuilder.compute(ids: ids, features: x, options: o)).allSatisfy { $0 })
    }
}
