extension CrossValidatedPredictions {
    /// Rebuilds a prediction set from stored records (e.g. read back from `predictions.csv`), so that
    /// tables can be recomputed from the records alone.
    public init(regressorNames: [String], rowCount: Int, taskCount: Int, repetitionCount: Int,
                storedRecords: [OutOfFoldPrediction]) {
        self.init(regressorNames: regressorNames, rowCount: rowCount, taskCount: taskCount,
                  repetitionCount: repetitionCount, records: storedRecords)
    }
}

extension OutOfFoldPrediction {
    /// A stored prediction record (e.g. a row of `predictions.csv`).
    public init(row: Int, task: Int, regressor: Int, fold: Int, repetition: Int, truth: Double, predictedValue: Double) {
        self.init(row: row, task: task, regressor: regressor, fold: fold, repetition: repetition, truth: truth, predicted: predictedValue)
    }
}
