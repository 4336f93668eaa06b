extension CrossValidatedPredictions {
    /// Rebuilds a prediction set from stored records (e.g. read back from `predictions.csv`), so that
    /// tables can be recomputed from the records alone.
    public init(regressorNames: [String], rowCount: Int, taskCount: Int, repetitionCount: Int,
                storedRecords: [OutOfFoldPrediction]) {
        self.init(regressorNames: regressorNames, rowCount: rowCount, taskCount: taskCount,
                  repetitionCount: repetitionCount, records: storedRecords)
    }
}
