// encmap-bench-regression: times encmap's cross-validated ridge and kNN on raw float64 data.
// Usage: encmap-bench-regression DIR ROWS FEATURES TASKS REPEATS
// Reads DIR/X.f64 (ROWS×FEATURES) and DIR/Y.f64 (ROWS×TASKS), little-endian float64 in C (row-major)
// order; writes DIR/pred_<stage>.f64 (ROWS×TASKS, C order) and prints "stage seconds" lines (median).
import Foundation
import LinearAlgebra
import Regression

func readRowMajor(_ path: String, rows: Int, columns: Int) throws -> Matrix {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    precondition(data.count == rows * columns * 8, "\(path): expected \(rows)×\(columns) float64")
    let values = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    // A row-major r×c buffer read column-major is the c×r transpose.
    return Matrix(rows: columns, columns: rows, storage: values).transposed()
}

func writeRowMajor(_ m: Matrix, to path: String) throws {
    let t = m.transposed()
    try t.storage.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
}

let args = CommandLine.arguments
guard args.count == 6, let n = Int(args[2]), let p = Int(args[3]), let tasks = Int(args[4]), let repeats = Int(args[5]) else {
    FileHandle.standardError.write("usage: encmap-bench-regression DIR ROWS FEATURES TASKS REPEATS\n".data(using: .utf8)!)
    exit(2)
}
let dir = args[1]
do {
    let x = try readRowMajor(dir + "/X.f64", rows: n, columns: p)
    let y = try readRowMajor(dir + "/Y.f64", rows: n, columns: tasks)
    let grid = (0...12).map { pow(10.0, -3 + Double($0) * 0.5) }
    let ridge = AnyRegressor(try Ridge(alphas: grid, alphaPerTask: true))
    let knn = AnyRegressor(try KNearest(k: 5))
    // "both" evaluates the two together, as an experiment does: one shared Gram serves both.
    let stages: [(String, [AnyRegressor])] = [("ridgecv", [ridge]), ("knn5", [knn]), ("both", [ridge, knn])]
    let splitter = try KFold(folds: 10)
    for (stage, regressors) in stages {
        var times: [Double] = []
        var result: CrossValidatedPredictions?
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            result = try CrossValidation.predict(x: x, y: y, regressors: regressors, splitter: splitter)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        for r in 0..<regressors.count {
            try writeRowMajor(result!.predictionMatrix(regressor: r), to: "\(dir)/pred_\(stage)_\(r).f64")
        }
        print(stage, times.sorted()[times.count / 2])
    }
    // ElasticNetCV (default α path, three ρ, 5 inner folds) on a moderate slice: the first 20 features
    // and 5 tasks, the shape of a standardised, PCA-reduced experiment.
    let (pe, te) = (min(p, 20), min(tasks, 5))
    let xe = x.selectingColumns(Array(0..<pe)), ye = y.selectingColumns(Array(0..<te))
    let enet = AnyRegressor(try ElasticNetCV(l1Ratios: [0.5, 0.9, 1]))
    var times: [Double] = []
    var result: CrossValidatedPredictions?
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        result = try CrossValidation.predict(x: xe, y: ye, regressors: [enet], splitter: splitter)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    try writeRowMajor(result!.predictionMatrix(regressor: 0), to: "\(dir)/pred_enetcv_0.f64")
    print("enetcv", times.sorted()[times.count / 2])
} catch {
    FileHandle.standardError.write("encmap-bench-regression: \(error)\n".data(using: .utf8)!)
    exit(1)
}
