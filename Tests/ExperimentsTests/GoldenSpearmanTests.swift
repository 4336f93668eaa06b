import Foundation
import Testing
@testable import Experiments
import TestSupport

/// Pooled out-of-fold Spearman on the shipped 19 encoder variants (experiments/data/variants), computed
/// independently by `python3 bench/experiments/reference.py experiments/demo.json` with `--cv loo`,
/// `--cv kfold --folds 5`, `--cv groupKFold --folds 3 --group-column base_model` and `--cv logo
/// --group-column pooling --groups-csv data/variants/attributes.csv` (numpy 2.4.6,
/// SciPy 1.17.1, scikit-learn 1.9.1): q-vectors through the full n×n `numpy.linalg.eigh`, then
/// `cross_val_predict(make_pipeline(StandardScaler(), RidgeCV([0.1, 1, 10])) | KNeighborsRegressor(3,
/// algorithm='brute') | DummyRegressor())` (cv=LeaveOneGroupOut() with groups for logo) and `scipy.stats.spearmanr`.
/// Leave-one-group-out by base_model holds out the same 3 groups as 3-fold groupKFold does, so its
/// pooled predictions, and the reference's numbers, are group3's.
let goldenSpearman: [String: [String: Double]] = [
    "loo": [
        "STS13/ridge": 0.7385964912280703, "STS14/ridge": 0.8210526315789475, "STS15/ridge": 0.7473684210526316,
        "STS16/ridge": 0.7298245614035088, "SICK/ridge": 0.8368421052631579,
        "STS13/knn-3": 0.34488814202130547, "STS14/knn-3": 0.36156212344218286, "STS15/knn-3": 0.3150504910576302,
        "STS16/knn-3": 0.3589293895336233, "SICK/knn-3": 0.3159280690271501,
        "STS13/mean": -1.0, "STS14/mean": -1.0, "STS15/mean": -1.0, "STS16/mean": -1.0, "SICK/mean": -1.0,
    ],
    "kfold5": [
        "STS13/ridge": 0.38245614035087716, "STS14/ridge": 0.4719298245614035, "STS15/ridge": 0.41578947368421054,
        "STS16/ridge": 0.5228070175438596, "SICK/ridge": 0.40877192982456134,
        "STS13/knn-3": 0.14606316514550308, "STS14/knn-3": 0.22603420808799304, "STS15/knn-3": 0.049230888131741535,
        "STS16/knn-3": 0.24450392937144771, "SICK/knn-3": 0.02727685614163009,
        "STS13/mean": -0.4473138050170049, "STS14/mean": -0.4607332191675151, "STS15/mean": -0.5931381054525485,
        "STS16/mean": -0.4732580057079912, "SICK/mean": -0.6083467748231268,
    ],
    "group3": [
        "STS13/ridge": 0.4842105263157894, "STS14/ridge": 0.5947368421052631, "STS15/ridge": 0.5719298245614035,
        "STS16/ridge": 0.6456140350877193, "SICK/ridge": 0.4859649122807017,
        "STS13/knn-3": 0.24706363195037576, "STS14/knn-3": 0.4014869518860921, "STS15/knn-3": 0.3023906228890699,
        "STS16/knn-3": 0.26124150978889554, "SICK/knn-3": 0.30065689547634294,
        "STS13/mean": 0.16241612902667102, "STS14/mean": -0.12493548386667001, "STS15/mean": -0.2555498533636433,
        "STS16/mean": -0.2169334310775816,
    ],
    "logoPooling": [
        "STS13/ridge": -0.02456140350877193, "STS14/ridge": 0.06140350877192983, "STS15/ridge": 0.1719298245614035,
        "STS16/ridge": 0.27368421052631575, "SICK/ridge": 0.16315789473684209,
        "STS13/knn-3": -0.04276341550084285, "STS14/knn-3": 0.09185349313569559, "STS15/knn-3": 0.08366755206686646,
        "STS16/knn-3": 0.18220933561228694, "SICK/knn-3": 0.11785172036669535,
        "STS13/mean": -0.4279330460211321, "STS14/mean": -0.41573542950746556, "STS15/mean": -0.542793934858158,
        "STS16/mean": -0.5285633822588804, "SICK/mean": -0.5194151698736306,
    ],
]

@Suite struct GoldenSpearmanTests {
    @Test(arguments: [
        ("loo", "{\"kind\": \"loo\"}"),
        ("kfold5", "{\"kind\": \"kfold\", \"folds\": 5}"),
        ("group3", "{\"kind\": \"groupKFold\", \"folds\": 3, \"groupColumn\": \"base_model\"}"),
        ("group3", "{\"kind\": \"leaveOneGroupOut\", \"groupColumn\": \"base_model\"}"),
        ("logoPooling", "{\"kind\": \"leaveOneGroupOut\", \"groupColumn\": \"pooling\", \"groupsCsv\": \"data/variants/attributes.csv\"}"),
    ])
    func spearmanEqualsScikitLearn(_ name: String, _ cv: String) throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let spec = try parseSpec(demoSpec(["crossValidation": cv], output: out.appendingPathComponent("run")))
        _ = try ExperimentRunner.run(try ExperimentPlan.make(spec))
        let ours = try spearmanColumn(out.appendingPathComponent("run"))
        for (key, expected) in goldenSpearman[name]! {
            let value = try #require(ours[key], "\(key) missing")
            #expect(abs(value - expected) < 1e-8, "\(name) \(key): \(value) vs scikit-learn \(expected)")
        }
    }
}
