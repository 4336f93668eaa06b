import EncmapIO
import Foundation
import Regression
import Testing
@testable import Experiments
import TestSupport

/// The elasticNet regressor kind: its keys, defaults, messages, feasibility, and a run through it.
@Suite struct ElasticNetSpecTests {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")

    func error(_ regressors: String, cv: String = "{\"kind\": \"kfold\", \"folds\": 5}") throws -> String {
        do {
            _ = try ExperimentPlan.make(try parseSpec(demoSpec(["regressors": regressors, "crossValidation": cv], output: out)))
        } catch let e as ExperimentError { return e.description }
        Issue.record("accepted: \(regressors)")
        return ""
    }

    @Test func defaultsAreExplicitAndBuildElasticNetCV() throws {
        let spec = try parseSpec(demoSpec(["regressors": "[{\"kind\": \"elasticNet\"}]"], output: out))
        let r = spec.regressors[0]
        #expect(r.name == "elasticnet")
        let json = r.json()
        guard case .object(let members) = json else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["name", "kind", "l1Ratio", "nAlphas", "eps", "innerFolds", "tol", "maxIter"])
        #expect(json["l1Ratio"] == .array([0.1, 0.5, 0.7, 0.9, 0.95, 0.99, 1].map { .number($0) }))
        #expect(json["nAlphas"] == .number(100) && json["eps"] == .number(0.001) && json["innerFolds"] == .number(5))
        #expect(json["tol"] == .number(0.0001) && json["maxIter"] == .number(1000))
        let kind = try #require(r.kind as? ElasticNetSpec)
        let model = try kind.makeRegressor(name: r.name)
        #expect(model.l1Ratios == ElasticNetCV.defaultL1Ratios)
        #expect(model.alphaGrid == .path(count: 100, eps: 1e-3))
        #expect(model.innerFolds == 5 && model.tol == 1e-4 && model.maxIter == 1000)
    }

    @Test func optionsAreRead() throws {
        let spec = try parseSpec(demoSpec(["regressors": "[{\"kind\": \"elasticNet\", \"l1Ratio\": 0.3, \"alphas\": [1, 0.1], \"innerFolds\": 3, \"tol\": 1e-6, \"maxIter\": 50}]"], output: out))
        let kind = try #require(spec.regressors[0].kind as? ElasticNetSpec)
        #expect(kind == ElasticNetSpec(l1Ratios: [0.3], alphas: .values([1, 0.1]), innerFolds: 3, tol: 1e-6, maxIter: 50))
        #expect(spec.regressors[0].json()["eps"] == nil, "eps belongs to the automatic path only")
    }

    @Test func badOptionsNameTheirPath() throws {
        #expect(try error("[{\"kind\": \"elasticNet\", \"l1Ratio\": 1.5}]").contains("$.regressors[0].l1Ratio: ρ must be in [0, 1], got 1.5"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"l1Ratio\": [0.5, -1]}]").contains("$.regressors[0].l1Ratio[1]: ρ must be in [0, 1]"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"l1Ratio\": \"x\"}]").contains("$.regressors[0].l1Ratio: expected a number in [0, 1] or a non-empty array"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"l1Ratio\": 0}]").contains("$.regressors[0].l1Ratio: ρ = 0 (pure ridge) has no automatic alpha path"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"alphas\": [1], \"nAlphas\": 3}]").contains("$.regressors[0].nAlphas: give only one of: alphas, nAlphas"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"alphas\": [1], \"eps\": 0.1}]").contains("$.regressors[0].eps: applies to the automatic alpha path only"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"alphas\": [1, 0]}]").contains("$.regressors[0].alphas[1]: α must be > 0"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"nAlphas\": 0}]").contains("$.regressors[0].nAlphas: must be ≥ 1"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"eps\": 0}]").contains("$.regressors[0].eps: must be > 0"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"innerFolds\": 1}]").contains("$.regressors[0].innerFolds: must be ≥ 2"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"tol\": -1}]").contains("$.regressors[0].tol: must be ≥ 0"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"maxIter\": 2.5}]").contains("$.regressors[0].maxIter: expected a whole number"))
        #expect(try error("[{\"kind\": \"elasticNet\", \"l1ratio\": 0.5}]").contains("did you mean 'l1Ratio'?"))
    }

    /// 19 encoders in 5 folds: the smallest training fold has 15 encoders.
    @Test func innerFoldsAboveTrainingRows() throws {
        let d = try error("[{\"kind\": \"elasticNet\", \"innerFolds\": 16}]")
        #expect(d.contains("$.regressors[0].innerFolds: 16 inner folds need at least 16 training encoders but the smallest fold has 15"))
        _ = try ExperimentPlan.make(try parseSpec(demoSpec(["regressors": "[{\"kind\": \"elasticNet\", \"innerFolds\": 15}]",
                                                            "crossValidation": "{\"kind\": \"kfold\", \"folds\": 5}"], output: out)))
    }

    /// A run with an elasticNet column (behind standardising and PCA, the paper's protocol) writes it next
    /// to the others, with finite errors.
    @Test func runsInAnExperiment() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = folder.appendingPathComponent("run")
        let regressors = "[{\"kind\": \"elasticNet\", \"l1Ratio\": [0.5, 1], \"nAlphas\": 20}, {\"kind\": \"mean\"}]"
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(demoSpec(
            ["regressors": regressors, "crossValidation": "{\"kind\": \"kfold\", \"folds\": 4}",
             "preprocess": "{\"standardize\": true, \"pca\": 4}"], output: run))))
        let table = try CSVTable.read(run.appendingPathComponent("correlations.csv"))
        let rows = table.rows.filter { $0[1] == "elasticnet" }
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { Double($0[7]).map(\.isFinite) ?? false }, "finite MAE for every task")
    }
}
