import EncmapIO
import Foundation
import Testing
import TestSupport
@testable import Experiments

/// Leave-one-group-out and group labels from an attributes CSV (`groupsCsv`), end to end on the shipped
/// 19 encoder variants: experiments/data/variants/labels.csv and attributes.csv both have base_model.
@Suite struct LeaveOneGroupOutRunTests {
    static let attributes = "data/variants/attributes.csv"

    /// Runs a demo spec with the given crossValidation section; the run folder's predictions.csv text.
    func run(_ cv: String, overrides: [String: String] = [:]) throws -> (predictions: String, plan: ExperimentPlan) {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let folder = out.appendingPathComponent("run")
        let spec = try parseSpec(demoSpec(overrides.merging(["crossValidation": cv]) { a, _ in a }, output: folder))
        let plan = try ExperimentPlan.make(spec)
        _ = try ExperimentRunner.run(plan)
        return (try String(contentsOf: folder.appendingPathComponent("predictions.csv"), encoding: .utf8), plan)
    }

    func planError(_ cv: String, overrides: [String: String] = [:]) -> String? {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")
        do {
            _ = try ExperimentPlan.make(try parseSpec(demoSpec(overrides.merging(["crossValidation": cv]) { a, _ in a }, output: out)))
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A groups CSV written into a temporary folder (absolute path, so the spec's folder does not matter).
    func groupsFile(_ text: String) throws -> URL {
        let url = try temporaryFolder().appendingPathComponent("groups.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func leaveOneGroupOutByBaseModelTestsEachFamilyInItsOwnFold() throws {
        let (predictions, plan) = try run(#"{"kind": "leaveOneGroupOut", "groupColumn": "base_model"}"#)
        let groups = try #require(plan.groups)
        let families = Array(Set(groups)).sorted()
        #expect(families.count == 3)
        #expect(plan.spec.crossValidation.summary == "leave-one-group-out cross-validation by 'base_model'")
        let table = try CSVTable(text: predictions)
        #expect(table.rows.count == 19 * 5 * 3)
        for row in table.rows {
            let e = try #require(plan.encoders.firstIndex(of: row[0]))
            // Fold f tests the f-th family in sorted order: the encoder's own, and only it.
            #expect(Int(row[3]) == families.firstIndex(of: groups[e]), "\(row)")
        }
    }

    @Test(arguments: [#""kind": "leaveOneGroupOut""#, #""kind": "groupKFold", "folds": 3"#])
    func groupsFromTheAttributesCSVGiveTheSamePredictions(_ kind: String) throws {
        let fromScores = try run("{\(kind), \"groupColumn\": \"base_model\"}")
        let fromAttributes = try run("{\(kind), \"groupColumn\": \"base_model\", \"groupsCsv\": \"\(Self.attributes)\"}")
        // Same rows and folds; numbers equal up to the last bits (BLAS thread counts are process-wide, and
        // tests running in parallel in this process may change them between the two runs).
        let a = try CSVTable(text: fromAttributes.predictions), b = try CSVTable(text: fromScores.predictions)
        #expect(a.header == b.header && a.rows.count == b.rows.count)
        for (x, y) in zip(a.rows, b.rows) {
            #expect(Array(x[0..<4]) == Array(y[0..<4]) && x[6...] == y[6...], "\(x) vs \(y)")
            for c in [4, 5] {
                let (u, v) = (Double(x[c]) ?? .nan, Double(y[c]) ?? .nan)
                #expect(abs(u - v) <= 1e-12 * max(1, abs(u)), "\(x) vs \(y)")
            }
        }
        #expect(fromAttributes.plan.groups == fromScores.plan.groups)
        #expect(fromAttributes.plan.inputFiles.map(\.lastPathComponent).contains("attributes.csv"))
        #expect(fromAttributes.plan.spec.crossValidation.summary.hasSuffix("by 'base_model' of \(Self.attributes)"))
    }

    @Test func groupsCsvIdsMatchByKeyAndEmptyCellsAreGroupsOfTheirOwn() throws {
        // Ids spelt in upper case; the minilm-l6 rows leave base_model empty except one, so each of
        // them but that one is its own group, labelled with its id.
        let attributes = try CSVTable.read(demoData.appendingPathComponent("attributes.csv"))
        var text = "MODEL,family\n"
        for row in attributes.rows {
            let family = row[0].hasPrefix("minilm-l6.layer1") || !row[0].hasPrefix("minilm-l6") ? row[1] : ""
            text += "\(row[0].uppercased()),\(CSVTable.field(family))\n"
        }
        let url = try groupsFile(text)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let (_, plan) = try run(#"{"kind": "leaveOneGroupOut", "groupColumn": "family", "groupsCsv": "\#(url.path)", "groupsIdColumn": "MODEL"}"#)
        let groups = try #require(plan.groups)
        for (e, id) in plan.encoders.enumerated() {
            if id.hasPrefix("minilm-l6") && !id.hasPrefix("minilm-l6.layer1") {
                #expect(groups[e] == id)
            } else {
                #expect(groups[e] == attributes.rows.first { $0[0] == id }?[1])
            }
        }
    }

    @Test func tooFewGroupsNameTheJSONPath() {
        let minilmOnly = ["encoders": "{\"features\": \"\(demoFeatureFolder.path)\", \"include\": [\"minilm-l6*\"]}"]
        #expect(planError(#"{"kind": "leaveOneGroupOut", "groupColumn": "base_model"}"#, overrides: minilmOnly)
                == "spec.json: $.crossValidation.groupColumn: too few groups: the 14 encoders fall into 1 group of 'base_model' but leave-one-group-out needs at least 2; group by another column")
        #expect(planError(#"{"kind": "leaveOneGroupOut", "groupColumn": "base_model", "groupsCsv": "\#(Self.attributes)"}"#, overrides: minilmOnly)
                == "spec.json: $.crossValidation.groupColumn: too few groups: the 14 encoders fall into 1 group of 'base_model' of \(Self.attributes) but leave-one-group-out needs at least 2; group by another column")
        #expect(planError(#"{"kind": "groupKFold", "folds": 4, "groupColumn": "base_model", "groupsCsv": "\#(Self.attributes)"}"#)
                == "spec.json: $.crossValidation.folds: too few groups for the folds: the 19 encoders fall into 3 groups of 'base_model' of \(Self.attributes) but 4-fold group cross-validation needs at least 4; lower folds")
    }

    @Test func groupsCsvProblemsNameTheFileAndWhatToDo() throws {
        let logo = { (csv: String, extra: String) in #"{"kind": "leaveOneGroupOut", "groupColumn": "g", "groupsCsv": "\#(csv)"\#(extra)}"# }
        let attributes = try CSVTable.read(demoData.appendingPathComponent("attributes.csv"))
        let ids = attributes.rows.map { $0[0] }

        let missing = try groupsFile("encoder,g\n" + ids.dropFirst(2).map { "\($0),x\n" }.joined())
        #expect(planError(logo(missing.path, "")) == "\(missing.path): has no row for encoder '\(ids[0])' (nor for 1 more) in column 'encoder' (ids match with org__name ≡ org/name, ignoring case); add a row with its group in column 'g', or leave the encoder out with encoders.exclude")

        let conflict = try groupsFile("encoder,g\n" + ids.map { "\($0),a\n" }.joined() + "\(ids[3]),b\n")
        #expect(planError(logo(conflict.path, "")) == "\(conflict.path):21: encoder '\(ids[3])' has group 'b' in column 'g' but 'a' on line 5; give each encoder one group")

        let empty = try groupsFile("encoder,g\n" + ids.map { "\($0),\n" }.joined())
        #expect(planError(logo(empty.path, "")) == "\(empty.path): column 'g' is empty for all 19 encoders, so every encoder would be a group of its own; check crossValidation.groupColumn")

        #expect(planError(logo(empty.path, #", "groupsIdColumn": "name""#)) == "spec.json: $.crossValidation.groupsIdColumn: 'name' is not a column of \(empty.path) (columns: encoder, g)")
        #expect(planError(logo(Self.attributes, "")) == "spec.json: $.crossValidation.groupColumn: 'g' is not a column of \(repositoryRoot.path)/experiments/\(Self.attributes) (columns: encoder, base_model, pooling, dim, normalised)")
        #expect(planError(logo("nope.csv", ""))?.hasPrefix("spec.json: $.crossValidation.groupsCsv: file ") == true)
        #expect(planError(#"{"kind": "leaveOneGroupOut", "groupColumn": "g", "groupsIdColumn": "x"}"#)
                == "spec.json: $.crossValidation.groupsIdColumn: applies with groupsCsv only (the scores CSV's id column is scores.idColumn)")
        #expect(planError(#"{"kind": "leaveOneGroupOut"}"#)
                == "spec.json: $.crossValidation.groupColumn: missing: leaveOneGroupOut needs the scores CSV column that holds each encoder's group")
        for url in [missing, conflict, empty] { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
    }

    /// Today's groupKFold specs resolve as before; groupsCsv adds its two keys.
    @Test func resolvedSectionsWriteGroupsCsvOnlyWhenGiven() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")
        func resolved(_ cv: String) throws -> JSONValue {
            try parseSpec(demoSpec(["crossValidation": cv], output: out)).crossValidation.json()
        }
        #expect(try resolved(#"{"kind": "groupKFold", "groupColumn": "base_model"}"#) == JSONValue.parse(#"{"kind":"groupKFold","folds":5,"groupColumn":"base_model"}"#))
        #expect(try resolved(#"{"kind": "leaveOneGroupOut", "groupColumn": "b", "groupsCsv": null}"#) == JSONValue.parse(#"{"kind":"leaveOneGroupOut","groupColumn":"b"}"#))
        #expect(try resolved(#"{"kind": "leaveOneGroupOut", "groupColumn": "b", "groupsCsv": "m.csv"}"#)
                == JSONValue.parse(#"{"kind":"leaveOneGroupOut","groupColumn":"b","groupsCsv":"m.csv","groupsIdColumn":null}"#))
    }
}
