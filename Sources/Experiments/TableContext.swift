import Foundation

/// What the tables need to know about a run besides its predictions (all of it is in `run.json`).
public struct TableContext: Sendable, Equatable {
    /// One column of the tables: a feature set run through one regressor.
    public struct Column: Sendable, Equatable {
        /// Index into `featureSets`.
        public var featureSet: Int
        /// Index into `regressors`.
        public var regressor: Int

        public init(featureSet: Int, regressor: Int) {
            self.featureSet = featureSet
            self.regressor = regressor
        }
    }

    public var name: String
    /// Tasks in table order.
    public var tasks: [String]
    /// Regressor names in spec order.
    public var regressors: [String]
    /// Encoder ids in the run's order (row indices of the predictions).
    public var encoders: [String]
    /// Folds per repetition (the `fold` column is repetition · folds + fold).
    public var foldsPerRepetition: Int
    public var repetitions: Int
    public var bootstrapResamples: Int
    public var bootstrapSeed: UInt64
    /// Feature set names, and whether each is a baseline.
    public var featureSets: [String]
    public var baselines: [Bool]
    /// The columns (the `regressor` index of the predictions), sets in order, each set's regressors in spec order.
    public var columns: [Column]
    /// Each regressor's kind (`ridge`, `mean`, …): the `mean` kind is a no-information reference.
    public var regressorKinds: [String]
    /// The cross-validation kind (`loo`, `kfold`, …).
    public var crossValidation: String

    /// A context; without feature sets, one set (`featureSet`, not a baseline) runs through every regressor.
    public init(name: String, tasks: [String], regressors: [String], encoders: [String], foldsPerRepetition: Int,
                repetitions: Int, bootstrapResamples: Int, bootstrapSeed: UInt64,
                featureSets: [(name: String, baseline: Bool, regressors: [Int])]? = nil, featureSet: String = "qre-unit",
                regressorKinds: [String]? = nil, crossValidation: String = "kfold") {
        self.name = name
        self.tasks = tasks
        self.regressors = regressors
        self.encoders = encoders
        self.foldsPerRepetition = foldsPerRepetition
        self.repetitions = repetitions
        self.bootstrapResamples = bootstrapResamples
        self.bootstrapSeed = bootstrapSeed
        let sets = featureSets ?? [(featureSet, false, Array(regressors.indices))]
        self.featureSets = sets.map(\.name)
        baselines = sets.map(\.baseline)
        columns = sets.enumerated().flatMap { s, set in set.regressors.map { Column(featureSet: s, regressor: $0) } }
        self.regressorKinds = regressorKinds ?? regressors.map { _ in "" }
        self.crossValidation = crossValidation
    }

    /// A column's name in the tables: the regressor, prefixed `set/` when the run has several sets.
    public func columnName(_ c: Int) -> String {
        let col = columns[c]
        return featureSets.count > 1 ? "\(featureSets[col.featureSet])/\(regressors[col.regressor])" : regressors[col.regressor]
    }

    /// The feature set and regressor names of each column, for predictions.csv and correlations.csv.
    func columnIndex(featureSet: String, regressor: String) -> Int? {
        columns.firstIndex { featureSets[$0.featureSet] == featureSet && regressors[$0.regressor] == regressor }
    }

    /// Whether a column's regressor uses its features (`mean` does not).
    public func isInformative(_ c: Int) -> Bool { regressorKinds[columns[c].regressor] != "mean" }
    public func isBaseline(_ c: Int) -> Bool { baselines[columns[c].featureSet] }
}
