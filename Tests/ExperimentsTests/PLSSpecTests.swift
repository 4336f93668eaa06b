import EncmapIO
import Foundation
import Testing
@testable import Experiments
import TestSupport

/// The `pls` regressor kind: reading, defaults written back, feasibility and a run.
@Suite struct PLSSpecTests {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")

    func error(_ regressors: String, folds: Int = 5) -> String {
        do {
            let spec = try parseSpec(demoSpec(["regressors": regressors,
                                               "crossValidation": "{\"kind\": \"kfold\", \"folds\": \(folds)}"], output: out))
            _ = try ExperimentPlan.make(spec)
        } catch let e as ExperimentError {
            #expect(!e.description.contains("\n"), "one line")
            return e.description
        } catch {
            Issue.record("unexpected \(error)")
        }
        Issue.record("no error for \(regressors)")
        return ""
    }

    @Test func readsFixedAndGridWithDefaults() throws {
        let spec = try parseSpec(demoSpec(["regressors": #"[{"kind": "pls", "components": 2}, {"kind": "pls", "components": [3, 1, 2]}]"#], output: out))
        #expect(spec.regressors.map(\.name) == ["pls-2", "pls"])
        #expect(spec.regressors[0].kind as? PLSSpec == PLSSpec(components: .fixed(2)))
        #expect(spec.regressors[1].kind as? PLSSpec == PLSSpec(components: .grid([3, 1, 2]), innerFolds: 5))
        #expect(spec.regressors[1].json()["innerFolds"] == .number(5))
        #expect(spec.regressors[0].json()["innerFolds"] == nil)
    }

    @Test func badValuesNameTheirPath() {
        #expect(error(#"[{"kind": "pls"}]"#).contains("$.regressors[0].components: missing: pls needs components"))
        #expect(error(#"[{"kind": "pls", "components": 0}]"#).contains("$.regressors[0].components: must be ≥ 1, got 0"))
        #expect(error(#"[{"kind": "pls", "components": [2, 0]}]"#).contains("$.regressors[0].components[1]: must be ≥ 1, got 0"))
        #expect(error(#"[{"kind": "pls", "components": []}]"#).contains("$.regressors[0].components: expected a non-empty array"))
        #expect(error(#"[{"kind": "pls", "components": [1.5]}]"#).contains("$.regressors[0].components[0]: expected a whole number"))
        #expect(error(#"[{"kind": "pls", "components": "3"}]"#).contains("$.regressors[0].components: expected a whole number or an array of them, got a string"))
        #expect(error(#"[{"kind": "pls", "components": 2, "innerFolds": 3}]"#).contains("$.regressors[0].innerFolds: applies to a 'components' grid only"))
        #expect(error(#"[{"kind": "pls", "components": [1, 2], "innerFolds": 1}]"#).contains("$.regressors[0].innerFolds: must be ≥ 2, got 1"))
    }

    @Test func componentsAboveTheTrainingRowsAreInfeasible() {
        let fixed = error(#"[{"kind": "pls", "components": 15}]"#)
        #expect(fixed.contains("$.regressors[0].components: 15 components need more than the 15 training encoders of the smallest fold (at most 14)"), "\(fixed)")
        // 15 training encoders, 5 inner folds → the smallest inner training fold holds 12.
        let grid = error(#"[{"kind": "pls", "components": [1, 12]}]"#)
        #expect(grid.contains("$.regressors[0].components: 12 components need more than the 12 encoders of the smallest inner training fold (at most 11)"), "\(grid)")
        #expect(error(#"[{"kind": "pls", "components": [1, 2], "innerFolds": 16}]"#)
                    .contains("$.regressors[0].innerFolds: 16 inner folds exceed the 15 training encoders of the smallest fold"))
    }

    @Test func runsInAnExperiment() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = folder.appendingPathComponent("run")
        let spec = try parseSpec(demoSpec(["regressors": #"[{"kind": "pls", "components": 2}, {"kind": "pls", "components": [1, 2, 3]}, {"kind": "mean"}]"#,
                                           "crossValidation": #"{"kind": "kfold", "folds": 5}"#,
                                           "bootstrap": #"{"resamples": 20, "seed": 0}"#], output: run))
        _ = try ExperimentRunner.run(try ExperimentPlan.make(spec))
        let table = try CSVTable.read(run.appendingPathComponent("correlations.csv"))
        #expect(Set(table.rows.map { $0[1] }) == ["pls-2", "pls", "mean"])
    }
}
