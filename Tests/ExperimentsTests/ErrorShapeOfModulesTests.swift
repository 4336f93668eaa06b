import EncmapSupport
import Experiments
import Features
import Foundation
import MTEB
import Testing
import TestSupport

/// The errors of Experiments, MTEB and Features render through the one shape: one line, the texts
/// they always had, line breaks from the input escaped.
@Suite struct ErrorShapeOfModulesTests {
    @Test func experimentErrorsKeepTheirTextsAndPlaces() {
        let spec = ExperimentError.spec(file: "spec.json", path: "$.regressors[1].kk", message: "unknown key; did you mean 'k'?")
        #expect(spec.description == "spec.json: $.regressors[1].kk: unknown key; did you mean 'k'?")
        #expect(spec.diagnostic.place == .json("$.regressors[1].kk", in: "spec.json"))
        let csv = ExperimentError.csv(path: "scores.csv", line: 4, message: "column 'A' holds 'x'")
        #expect(csv.description == "scores.csv:4: column 'A' holds 'x'")
        #expect(csv.diagnostic.place == .line(4, of: "scores.csv"))
        #expect(ExperimentError.file(path: "a.npy", message: "contains NaN").description == "a.npy: contains NaN")
        #expect(ExperimentError.infeasible("only 2 encoders; give at least 3").description == "only 2 encoders; give at least 3")
        #expect(ExperimentError.infeasible("x").diagnostic.place == .nowhere)
    }

    @Test func experimentErrorsWithALineBreakInAPathStayOneLine() {
        let errors: [ExperimentError] = [
            .spec(file: "sp\nec.json", path: "$.na\u{2028}me", message: "m"),
            .csv(path: "s\r\ncores.csv", line: 2, message: "m"),
            .file(path: "a\n.npy", message: "m"),
            .infeasible("too few\nencoders"),
        ]
        #expect(errors.map(\.description) == ["sp\\nec.json: $.na\\u{2028}me: m", "s\\r\\ncores.csv:2: m", "a\\n.npy: m", "too few\\nencoders"])
    }

    @Test func mtebErrorsEscapeLineBreaksInsteadOfJoiningThem() {
        let e = MTEBError(kind: .badStructure, file: "res\nults/STS12.json", jsonPath: "scores.te\nst",
                          problem: "is not\na list", remedy: "replace\r\nit")
        #expect(e.description == "res\\nults/STS12.json: scores.te\\nst: is not\\na list; replace\\r\\nit")
        #expect(e.problem == "is not\na list", "the parts keep what the input held; only the rendering escapes")
        let plain = MTEBError(kind: .unknownTask, file: nil, problem: "unknown task 'X'", remedy: "use a task of MTEB(eng, v1)")
        #expect(plain.description == "unknown task 'X'; use a task of MTEB(eng, v1)")
        #expect(MTEBError(kind: .missingScore, file: "f.json", jsonPath: "scores.test[0].main_score", problem: "has no main_score",
                          remedy: "r").description == "f.json: scores.test[0].main_score: has no main_score; r")
    }

    @Test func mtebErrorKeepsItsCauseOutsideEquality() throws {
        let cause = CocoaError(.fileReadNoPermission)
        let a = MTEBError(kind: .unreadable, file: "f", problem: "cannot be read (x)", remedy: "r", cause: cause)
        let b = MTEBError(kind: .unreadable, file: "f", problem: "cannot be read (x)", remedy: "r")
        #expect(a == b)
        #expect(try #require(a.cause as? CocoaError).code == .fileReadNoPermission)
        #expect(b.cause == nil)
    }

    @Test func aMissingMTEBRootWithALineBreakIsOneLine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-no-such\nroot-\(UUID())")
        let e = try #require(throws: MTEBError.self) { _ = try MTEBResults.read(root: root) }
        #expect(e.kind == .notAFolder)
        #expect(!e.description.contains(where: { $0.isNewline }))
        #expect(e.description == OneLine.escape(root.standardizedFileURL.path)
                + ": is not a folder; give the MTEB results folder that holds one <org>__<name> folder per model")
        #expect(e.description.contains("encmap-no-such\\nroot-"))
    }

    @Test func featureMergeErrorsGoThroughTheShape() throws {
        #expect(FeatureMergeError("runs/a\nb/summary.csv is an unsharded summary").description == "runs/a\\nb/summary.csv is an unsharded summary")
        let e = try #require(throws: FeatureMergeError.self) {
            try FeatureMerge.merge(into: FileManager.default.temporaryDirectory.appendingPathComponent("encmap-merge-\(UUID())"), from: [])
        }
        #expect(e.description == "no folder to merge; give the output folders of the shards")
        #expect(e.diagnostic.place == .nowhere)
    }

    @Test func featureErrorsKeepTheirTexts() {
        let e = FeatureError.sentenceCountMismatch(first: "a.npy", firstCount: 5, other: "b.npy", otherCount: 4)
        #expect(e.description == "b.npy embeds 4 sentences but a.npy embeds 5; every encoder must embed the same sentence set (same n, same order)")
        #expect(e.diagnostic.remedy == "every encoder must embed the same sentence set (same n, same order)")
        #expect(FeatureError.invalidParameter("epsilon must be > 0").description == "epsilon must be > 0")
    }
}
