import LinearAlgebra

/// One out-of-fold prediction: the model trained without `row`'s fold predicted `predicted` for `task`.
public struct OutOfFoldPrediction: Sendable, Equatable {
    /// Row of X (the encoder).
    public let row: Int
    /// Column of Y (the task).
    public let task: Int
    /// Index into `CrossValidatedPredictions.regressorNames`.
    public let regressor: Int
    /// Fold within the repetition.
    public let fold: Int
    /// Repetition (0 unless the splitter repeats).
    public let repetition: Int
    /// The observed target.
    public let truth: Double
    /// The out-of-fold prediction.
    public let predicted: Double
}

/// Every out-of-fold prediction of a cross-validation run: one per (regressor, repetition, row, task)
/// with an observed target. Rows whose target is NaN for a task are absent for that task only.
///
/// Records are ordered by regressor, then split (repetition, fold), then test row, then task — the
/// order of `predictions.csv` (`encoder,task,regressor,fold,true,predicted`).
public struct CrossValidatedPredictions: Sendable {
    public let regressorNames: [String]
    public let rowCount: Int
    public let taskCount: Int
    public let repetitionCount: Int
    public let records: [OutOfFoldPrediction]

    /// The records of one regressor and task (and repetition, when given), in record order.
    /// - Complexity: O(records).
    public func records(regressor: Int, task: Int, repetition: Int? = nil) -> [OutOfFoldPrediction] {
        records.filter { $0.regressor == regressor && $0.task == task && (repetition == nil || $0.repetition == repetition) }
    }

    /// Out-of-fold predictions of one regressor and repetition as a rows × tasks matrix, NaN where the
    /// target was missing. - Complexity: O(records).
    public func predictionMatrix(regressor: Int, repetition: Int = 0) -> Matrix {
        var m = Matrix(rows: rowCount, columns: taskCount, repeating: .nan)
        for r in records where r.regressor == regressor && r.repetition == repetition { m[r.row, r.task] = r.predicted }
        return m
    }
}
