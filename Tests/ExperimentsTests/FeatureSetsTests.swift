import EncmapIO
import Foundation
import Testing
import TestSupport
@testable import Experiments

/// `featureSets`: several representations side by side, each through the regressors, in one run.
@Suite struct FeatureSetsTests {
    /// The demo spec over the embeddings (features cached in `cache`), with overrides.
    func embeddingSpec(_ overrides: [String: String], output: URL, cache: URL) -> String {
        var o = overrides
        o["encoders"] = o["encoders"] ?? "{\"embeddings\": \"\(demoData.path)/embeddings\"}"
        o["features"] = o["features"] ?? "{\"method\": \"qre-unit\", \"cache\": \"\(cache.path)\"}"
        return demoSpec(o, output: output)
    }

    /// correlations.csv as [feature_set/regressor/task: the row's numbers after `n`].
    func cells(_ folder: URL) throws -> [String: [String]] {
        let table = try CSVTable.read(folder.appendingPathComponent("correlations.csv"))
        #expect(table.header.last == "feature_set")
        var out: [String: [String]] = [:]
        for row in table.rows { out["\(row[11])/\(row[1])/\(row[0])"] = Array(row[2..<11]) }
        return out
    }

    @Test func setsGiveTheNumbersOfTheirOwnRuns() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = dir.appendingPathComponent("cache")
        // The plain spec: one set, named after its method.
        let plain = dir.appendingPathComponent("plain")
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(embeddingSpec([:], output: plain, cache: cache))))
        // The entropy of every encoder, from the plain run's feature summary, as a features CSV.
        let record = try RunRecord.load(in: plain)
        let summary = try #require(record.featureSummary)
        var csv = "encoder,entropy,rank\n"
        for s in summary { csv += "\(s.encoder),\(s.entropy),\(s.rank)\n" }
        let csvURL = dir.appendingPathComponent("entropy.csv")
        try csv.write(to: csvURL, atomically: true, encoding: .utf8)
        let viaCSV = dir.appendingPathComponent("via-csv")
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(embeddingSpec(
            ["encoders": "{\"featuresCsv\": \"\(csvURL.path)\", \"idColumn\": \"encoder\", \"columns\": [\"entropy\", \"rank\"]}",
             "features": "{}"], output: viaCSV, cache: cache))))
        // One run with three sets: the method, the same scalars from the pass, and the same CSV columns.
        let sets = dir.appendingPathComponent("sets")
        let featureSets = """
        [{"name": "qre", "method": "qre-unit"},
         {"name": "S", "summary": ["entropy", "rank"], "regressors": ["ridge", "knn-3"]},
         {"name": "csv", "featuresCsv": "\(csvURL.path)", "idColumn": "encoder", "columns": ["entropy", "rank"], "regressors": ["ridge"]}]
        """
        let outcome = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(embeddingSpec(["featureSets": featureSets], output: sets, cache: cache))))
        let all = try cells(sets), plainCells = try cells(plain), csvCells = try cells(viaCSV)
        #expect(all.count == 5 * (3 + 2 + 1))
        for (key, value) in plainCells {
            #expect(all[key.replacingOccurrences(of: "qre-unit/", with: "qre/")] == value, "qre set = the plain run: \(key)")
        }
        for (key, value) in csvCells where !key.contains("/mean/") {
            let regressor = key.split(separator: "/")[1]
            #expect(all[key.replacingOccurrences(of: "featuresCsv/", with: "S/")] == value, "summary set = the CSV run: \(key)")
            if regressor == "ridge" { #expect(all[key.replacingOccurrences(of: "featuresCsv/", with: "csv/")] == value) }
        }
        // The tables: the best QRE column beside the best baseline, the probability, intervals; rebuilt identically.
        let md = outcome.tables.markdown
        let header = try #require(md.split(separator: "\n").first { $0.hasPrefix("| Task |") })
        let columns = header.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(columns[1].hasPrefix("qre/") && columns[2].hasPrefix("S/") && columns[3] == "P(QRE > baseline)", "\(header)")
        #expect(columns[1] != "qre/mean", "mean is never the compared column: \(header)")
        #expect(md.contains("| **Mean** |") && md.contains("predicts the mean score of its training encoders"))
        #expect(md.range(of: #"\d\.\d{3} \[-?\d\.\d{2}, -?\d\.\d{2}\]"#, options: .regularExpression) != nil)
        let files = ["correlations.csv", "tables/correlations.md", "tables/correlations.tex"]
        let before = try files.map { try Data(contentsOf: sets.appendingPathComponent($0)) }
        _ = try ExperimentRunner.rebuildTables(in: sets)
        #expect(try files.map { try Data(contentsOf: sets.appendingPathComponent($0)) } == before)
        let rebuilt = try RunRecord.load(in: sets)
        #expect(rebuilt.featureSets?.map(\.name) == ["qre", "S", "csv"])
        #expect(rebuilt.featureSets?.map(\.baseline) == [false, true, true])
        #expect(record.featureSets == nil, "a spec without featureSets writes none")
    }

    @Test(arguments: [
        (#"[{"name": "a", "method": "qre-unit", "summary": ["entropy"]}]"#, "$.featureSets[0]: give only one of: method, summary"),
        (#"[{"name": "a"}]"#, "$.featureSets[0]: needs one of: method, summary, featuresCsv"),
        (#"[{"name": "a", "summary": ["entropi"]}]"#, "$.featureSets[0].summary[0]: unknown statistic 'entropi' (expected one of: entropy, qreTotal, rank, logDimension); did you mean 'entropy'?"),
        (#"[{"name": "a", "summary": ["rank"]}, {"name": "a", "summary": ["entropy"]}]"#, "$.featureSets[1].name: duplicate feature set name 'a'"),
        (#"[{"name": "a/b", "summary": ["rank"]}]"#, "$.featureSets[0].name: must be non-empty, without commas, '/' or line breaks"),
        (#"[{"name": "a", "summary": ["rank"], "regressors": ["rigde"]}]"#, "$.featureSets[0].regressors[0]: 'rigde' is not a regressor of this spec (regressors: ridge, knn-3, mean); did you mean 'ridge'?"),
        (#"[{"name": "a", "method": "spectra"}]"#, "$.featureSets[0].method: unknown method 'spectra'"),
        (#"[{"name": "a", "summary": ["rank"], "columns": ["x"]}]"#, "$.featureSets[0].columns: not allowed here"),
        (#"[{"name": "a", "summary": ["rank"], "extra": 1}]"#, "$.featureSets[0].extra: unknown key"),
        (#"[]"#, "$.featureSets: expected a non-empty array"),
    ])
    func badFeatureSetsNameTheirPath(_ value: String, _ message: String) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")
        let text = embeddingSpec(["featureSets": value], output: out, cache: out)
        #expect(throws: ExperimentError.self) { try parseSpec(text) }
        do { _ = try parseSpec(text) } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test func featureSetsNeedEmbeddings() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")
        do {
            _ = try parseSpec(demoSpec(["featureSets": #"[{"name": "a", "summary": ["rank"]}]"#], output: out))
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("$.featureSets: needs encoders.embeddings"), "\(error)")
        }
    }

    /// A featuresCsv set must cover every encoder: the sets are compared on the same encoders.
    @Test func aFeaturesCsvSetWithoutARowIsRefused() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csvURL = dir.appendingPathComponent("partial.csv")
        try "encoder,x\nminilm-l6.layer1.mean,1\n".write(to: csvURL, atomically: true, encoding: .utf8)
        let spec = try parseSpec(embeddingSpec(["featureSets": "[{\"name\": \"p\", \"featuresCsv\": \"\(csvURL.path)\", \"columns\": [\"x\"]}]"],
                                               output: dir.appendingPathComponent("out"), cache: dir))
        do {
            _ = try ExperimentPlan.make(spec)
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("has no usable row for encoder") && "\(error)".contains("feature set 'p'"), "\(error)")
        }
    }
}
