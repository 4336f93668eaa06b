import LinearAlgebra

/// Out-of-fold prediction (scikit-learn `cross_val_predict`, for several regressors and repetitions).
public enum CrossValidation {
    /// Fits every regressor on every split's training rows and predicts its test rows.
    ///
    /// For each task, training rows with a NaN target are left out of that task's fit (the regressors
    /// handle NaN per task) and test rows with a NaN target produce no record.
    ///
    /// With `useGramShortcut` (default), when features outnumber rows, every regressor that declares a
    /// `gramShortcut` is evaluated through it: bare ridge and euclidean/cosine kNN from ONE n×n Gram
    /// matrix of the globally centred features shared by all folds (each fold's centred training Gram
    /// and test–train cross products are O(n²) re-centrings of it); ridge and kNN behind a pipeline
    /// (standardisation, PCA) from one Gram per fold of the rows mapped by the steps fitted on that fold.
    /// The predictions are those of `fit`/`predict` up to rounding (≈1e-12 relative). Other regressors
    /// (manhattan kNN, the mean, PLS, elastic net) go through `fit`/`predict`.
    ///
    /// - Throws: the first `RegressionError` of any fold, located in its fold.
    /// - Complexity: the sum over splits and regressors of their fits and predictions; with the shortcut,
    ///   O(n²·p) once plus O(n³ + |alphas|·n²·tasks) per split for ridge.
    /// - Parameter progress: called before each (regressor, split) with the regressor's index, the split's
    ///   index and the number of splits.
    public static func predict(x: Matrix, y: Matrix, regressors: [AnyRegressor], splitter: some FoldSplitter,
                               useGramShortcut: Bool = true,
                               progress: (_ regressor: Int, _ split: Int, _ splits: Int) -> Void = { _, _, _ in }) throws -> CrossValidatedPredictions {
        try validateTrainingData(x, y, operation: "CrossValidation.predict")
        let splits = try splitter.splits(rowCount: x.rows)
        let shortcuts = regressors.map { useGramShortcut && x.columns > x.rows ? $0.gramShortcut : nil }
        let gram: GramContext? = shortcuts.contains(where: { $0?.usesSharedGram == true })
            ? try GramContext(x, includeRaw: shortcuts.contains(where: { $0?.needsRaw == true })) : nil
        // Split by split, so that regressors behind the same preprocessing share the split's mapped rows
        // and Gram (`FoldGramCache`); the error thrown is still that of the lowest failing regressor at
        // its first failing split, as a regressor-by-regressor loop would throw.
        var predicted = [[Matrix?]](repeating: [Matrix?](repeating: nil, count: splits.count), count: regressors.count)
        var failure: (regressor: Int, error: RegressionError)?
        for (si, split) in splits.enumerated() {
            let yTrain = y.selectingRows(split.train)
            let cache = FoldGramCache()
            for (ri, regressor) in regressors.enumerated() {
                if let f = failure, f.regressor <= ri { break }
                progress(ri, si, splits.count)
                do {
                    if let s = shortcuts[ri] {
                        predicted[ri][si] = try s.predict(x: x, gram: gram, train: split.train, yTrain: yTrain,
                                                          test: split.test, cache: cache)
                    } else {
                        let model = try regressor.fit(x.selectingRows(split.train), yTrain)
                        predicted[ri][si] = try model.predict(x.selectingRows(split.test))
                    }
                } catch let e as RegressionError {
                    failure = (ri, e.inFold(split.fold))
                }
            }
        }
        if let failure { throw failure.error }
        var records: [OutOfFoldPrediction] = []
        for ri in regressors.indices {
            for (si, split) in splits.enumerated() {
                guard let p = predicted[ri][si] else { continue }
                for (ii, row) in split.test.enumerated() {
                    for t in 0..<y.columns where !y[row, t].isNaN {
                        records.append(OutOfFoldPrediction(row: row, task: t, regressor: ri, fold: split.fold,
                                                           repetition: split.repetition, truth: y[row, t],
                                                           predicted: p[ii, t]))
                    }
                }
            }
        }
        return CrossValidatedPredictions(regressorNames: regressors.map(\.name), rowCount: x.rows,
                                         taskCount: y.columns,
                                         repetitionCount: (splits.map(\.repetition).max() ?? 0) + 1,
                                         records: records)
    }
}
