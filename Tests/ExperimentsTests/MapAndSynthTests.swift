import Features
import Foundation
import Testing
@testable import Experiments
import TestSupport

@Suite struct MapAndSynthTests {
    /// Figure 2 at a test size: the low- and high-noise groups' S(I/n ‖ ρ_ε) fall in disjoint ranges.
    @Test func figure2GroupsHaveDisjointQRETotals() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let encoders = try SyntheticEncoders.write(to: dir, sentences: 400, dimension: 32, perGroup: 5, seed: 1)
        #expect(encoders.count == 10)
        #expect(encoders.filter { $0.group == "low-noise" }.allSatisfy { (0...1).contains($0.noiseVariance) })
        #expect(encoders.filter { $0.group == "high-noise" }.allSatisfy { (3...4).contains($0.noiseVariance) })
        var totals: [String: [Double]] = [:]
        for e in encoders {
            let f = try UnitBaseFeatures.compute(EmbeddingMatrix.load(dir.appendingPathComponent("\(e.id).npy"), id: e.id))
            totals[e.group, default: []].append(f.qreUnit)
        }
        let low = totals["low-noise"]!, high = totals["high-noise"]!
        #expect(low.min()! > high.max()!, "low-noise [\(low.min()!), \(low.max()!)] vs high-noise [\(high.min()!), \(high.max()!)]")
        // Same seed, same files.
        let again = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: again) }
        _ = try SyntheticEncoders.write(to: again, sentences: 400, dimension: 32, perGroup: 5, seed: 1)
        #expect(try Data(contentsOf: again.appendingPathComponent("high-noise-03.npy")) == Data(contentsOf: dir.appendingPathComponent("high-noise-03.npy")))
    }

    @Test func mapOfASpecWritesEveryFile() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let spec = try parseSpec("""
        {"version": 1, "name": "m", "encoders": {"features": "\(demoFeatureFolder.path)"},
         "map": {"perplexity": 5, "attributes": "data/variants/attributes.csv", "attributesIdColumn": "encoder",
                 "colorBy": "base_model", "output": "\(out.path)/map"}}
        """)
        #expect(throws: ExperimentError.self) { try ExperimentPlan.make(spec) }   // a map-only spec has no experiment
        let outcome = try MapExperiment.run(spec)
        #expect(outcome.summary.encoders == 19)
        for f in ["map.html", "map.svg", "dendrogram.svg", "coordinates.csv", "neighbours.csv", "map.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("map/\(f)").path), "\(f)")
        }
        let html = try String(contentsOf: out.appendingPathComponent("map/map.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<circle").count - 1 >= 19)
        let bad = try parseSpec("""
        {"version": 1, "name": "m", "encoders": {"features": "\(demoFeatureFolder.path)"},
         "map": {"attributes": "data/variants/attributes.csv", "attributesIdColumn": "encoder", "colorBy": "colour"}}
        """)
        let e = try #require(throws: ExperimentError.self) { try MapExperiment.run(bad) }
        #expect(e.description.contains("$.map.colorBy: 'colour' is not an attribute"))
    }
}
