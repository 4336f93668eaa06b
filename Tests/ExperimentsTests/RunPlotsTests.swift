import Foundation
import Map
import Regression
import Testing
@testable import Experiments
import TestSupport

@Suite struct RunPlotsTests {
    /// `encmap run` writes plots/<task>.svg and plots/summary.svg; `encmap tables` (rebuildTables)
    /// redraws them byte for byte from predictions.csv and run.json, also after they were deleted.
    @Test func plotsRebuildByteForByte() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = out.appendingPathComponent("run")
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(demoSpec(
            ["crossValidation": "{\"kind\": \"repeatedKFold\", \"folds\": 4, \"repeats\": 2, \"seed\": 3}"], output: run))))
        let files = ["STS13", "STS14", "STS15", "STS16", "SICK", "summary"].map { "plots/\($0).svg" }
        let before = try files.map { try Data(contentsOf: run.appendingPathComponent($0)) }
        try FileManager.default.removeItem(at: run.appendingPathComponent("plots"))
        _ = try ExperimentRunner.rebuildTables(in: run)
        let after = try files.map { try Data(contentsOf: run.appendingPathComponent($0)) }
        #expect(before == after)
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("plots").path).sorted() == files.map { String($0.dropFirst(6)) }.sorted())
    }

    /// Each panel's title holds the pooled Spearman of correlations.csv and its bootstrap interval
    /// (the same `Bootstrap.spearmanInterval` with the run's resamples and seed); every point is
    /// labelled (19 encoders ≤ 60); the identity line is drawn; text stays text.
    @Test func panelTitlesMatchTheCorrelationTable() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = out.appendingPathComponent("run")
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(demoSpec([:], output: run))))
        let table = try String(contentsOf: run.appendingPathComponent("correlations.csv"), encoding: .utf8)
        let svg = try String(contentsOf: run.appendingPathComponent("plots/STS13.svg"), encoding: .utf8)
        for line in table.split(separator: "\n").dropFirst() where line.hasPrefix("STS13,") {
            let c = line.split(separator: ",").map(String.init)
            let (rho, low, high) = (Double(c[3])!, Double(c[9])!, Double(c[10])!)
            let expected = "\(c[1]): ρ = \(String(format: "%.3f", rho)) [\(String(format: "%.3f", low)), \(String(format: "%.3f", high))]"
            #expect(svg.contains(">\(expected)</text>"), "\(expected)")
        }
        #expect(svg.components(separatedBy: "<text class=\"label\"").count - 1 <= 3 * 19)
        #expect(svg.components(separatedBy: "<text class=\"label\"").count - 1 >= 3 * 17, "nearly every point labelled in each of 3 panels")
        #expect(svg.components(separatedBy: "<circle ").count - 1 == 3 * 19)
        #expect(svg.contains("class=\"identity\"") && !svg.contains("<script") && !svg.contains("<image"))
        let summary = try String(contentsOf: run.appendingPathComponent("plots/summary.svg"), encoding: .utf8)
        #expect(summary.contains(">ridge</text>") && summary.contains(">SICK</text>"))
    }

    @Test func taskFileNamesAreSafeAndDistinct() {
        #expect(RunPlots.fileNames(tasks: ["STS13", "a/b", "a_b", "..", "Ünï"]) ==
                ["plots/STS13.svg", "plots/a_b.svg", "plots/a_b-2.svg", "plots/task...svg", "plots/_n_.svg"])
    }
}
