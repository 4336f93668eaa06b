import EncmapIO
import Foundation
import LinearAlgebra
import Map

/// A reason to read a prediction with care, one line each (printed on stderr, stored in the prediction
/// folder's warnings.csv and prediction.json).
public struct PredictionWarning: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// The new encoder's features equal a known encoder's: ℓ1 distance ≤ `equalTolerance` · ‖x‖₁ of
        /// that known encoder (an absolute 0 when its vector is 0). Its "prediction" is an in-sample fit.
        case equalsKnown = "equals-known"
        /// Its nearest known encoder is farther (ℓ1) than the largest nearest-neighbour distance among
        /// the run's own encoders: it lies outside the region the run's encoders cover.
        case outsideKnown = "outside-known"
        /// A predicted score outside [min, max] of the task's training scores.
        case scoreOutsideRange = "score-outside-range"
        /// A featuresCsv value outside the [min, max] of the run's training encoders in that column.
        case featureOutsideRange = "feature-outside-range"
    }

    public let encoder: String
    public let kind: Kind
    public let message: String

    /// The relative tolerance under which a new encoder counts as equal to a known one.
    public static let equalTolerance = 1e-9

    /// Every warning, per encoder in input order: equality, outside the known encoders, feature values,
    /// then predicted scores (by regressor, then task).
    static func all(run: RunSnapshot, inputs: PredictionInputs, distances: [[Double]], predictions: [Matrix]) -> [PredictionWarning] {
        let ids = run.context.encoders
        let m = run.x.rows
        // Each known encoder's nearest other known encoder.
        var nearestKnown: (distance: Double, a: Int, b: Int) = (0, 0, 0)
        if m >= 2, let d = try? Distances.pairwise(run.x.transposed(), metric: .l1) {
            for i in 0..<m {
                var best = Double.infinity, bj = 0
                for j in 0..<m where j != i && d[i, j] < best { best = d[i, j]; bj = j }
                if best > nearestKnown.distance { nearestKnown = (best, i, bj) }
            }
        }
        let tableRun: (columns: [String], log: [String])? = {
            if case let .featuresCsv(_, _, columns, log) = run.spec.encoders.source { return (columns, log) }
            return nil
        }()
        var out: [PredictionWarning] = []
        for (e, entry) in inputs.entries.enumerated() {
            let id = entry.id
            let d = distances[e]
            guard let nn = d.indices.min(by: { (d[$0], $0) < (d[$1], $1) }) else { continue }
            let norm = (0..<run.x.columns).reduce(0.0) { $0 + abs(run.x[nn, $1]) }
            let tolerance = equalTolerance * norm
            if d[nn] <= tolerance {
                out.append(.init(encoder: id, kind: .equalsKnown,
                                 message: "'\(id)' equals the run's encoder '\(ids[nn])' (ℓ1 distance \(number(d[nn])) ≤ \(equalTolerance)·‖x‖₁ = \(number(tolerance))): its scores are known, and these predictions are in-sample fits, not predictions for an unseen encoder"))
            } else if m >= 2, d[nn] > nearestKnown.distance {
                let ratio = nearestKnown.distance > 0 ? String(format: "%.2f×", d[nn] / nearestKnown.distance) : "infinitely"
                out.append(.init(encoder: id, kind: .outsideKnown,
                                 message: "'\(id)' lies outside the run's encoders: its nearest known encoder '\(ids[nn])' is at ℓ1 distance \(number(d[nn])), \(ratio) the largest nearest-neighbour distance among the run's encoders (\(number(nearestKnown.distance)), '\(ids[nearestKnown.a])' to '\(ids[nearestKnown.b])'), \(number(d[nn] - nearestKnown.distance)) beyond it; its predictions extrapolate"))
            }
            if let tableRun {
                for (j, column) in tableRun.columns.enumerated() {
                    let values = (0..<m).map { run.x[$0, j] }
                    guard let lo = values.min(), let hi = values.max() else { continue }
                    let v = entry.vector[j]
                    guard v < lo || v > hi else { continue }
                    let isLog = tableRun.log.contains(column)
                    func raw(_ x: Double) -> String { number(isLog ? exp(x) : x) }
                    let place = entry.line.map { "\(entry.file.lastPathComponent):\($0)" } ?? entry.file.lastPathComponent
                    out.append(.init(encoder: id, kind: .featureOutsideRange,
                                     message: "'\(id)' (\(place)): '\(column)' = \(raw(v)) lies outside the run's training range [\(raw(lo)), \(raw(hi))]\(isLog ? " (compared as logs)" : ""); its predictions extrapolate"))
                }
            }
            for (r, name) in run.context.regressors.enumerated() {
                for (t, task) in run.context.tasks.enumerated() {
                    let scores = (0..<m).map { run.y[$0, t] }.filter { !$0.isNaN }
                    guard let lo = scores.min(), let hi = scores.max() else { continue }
                    let p = predictions[r][e, t]
                    guard p < lo || p > hi else { continue }
                    out.append(.init(encoder: id, kind: .scoreOutsideRange,
                                     message: "'\(id)', \(task), \(name): the predicted score \(number(p)) lies outside the task's training scores [\(number(lo)), \(number(hi))]"))
                }
            }
        }
        return out
    }

    /// Six significant digits (the shortest form when shorter).
    static func number(_ v: Double) -> String {
        let short = v.description
        let six = String(format: "%.6g", v)
        return short.count <= six.count ? short : six
    }
}
