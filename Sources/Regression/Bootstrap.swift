import EncmapSupport
import LinearAlgebra
/// A percentile bootstrap confidence interval.
public struct BootstrapInterval: Sendable, Equatable {
    /// The statistic on the original sample.
    public let estimate: MetricValue
    /// Interval bounds (NaN when no resample was usable).
    public let lower: Double
    public let upper: Double
    /// Resamples where the statistic was defined, and those skipped (e.g. constant resampled predictions).
    public let used: Int
    public let skipped: Int
}

/// Bootstrap confidence intervals for a pooled correlation.
public enum Bootstrap {
    /// Percentile interval of Spearman's ρ: B resamples of the n pairs drawn with replacement (index
    /// `SplitMix64(seed:).uniform(below: n)`, n draws per resample, resamples in sequence); resamples
    /// where ρ is undefined are skipped and counted. Bounds are the (1−c)/2 and (1+c)/2 quantiles of the
    /// usable values with numpy's default linear interpolation (`numpy.percentile`).
    /// - Complexity: O(B·n log n).
    public static func spearmanInterval(truth: [Double], predicted: [Double], resamples: Int = 1000,
                                        confidence: Double = 0.95, seed: UInt64 = 0) -> BootstrapInterval {
        let estimate = Correlation.spearman(truth, predicted)
        guard truth.count == predicted.count, !truth.isEmpty, resamples > 0 else {
            return BootstrapInterval(estimate: estimate, lower: .nan, upper: .nan, used: 0, skipped: max(resamples, 0))
        }
        var rng = SplitMix64(seed: seed)
        let n = truth.count
        var values: [Double] = []
        var skipped = 0
        var t = [Double](repeating: 0, count: n), p = t
        for _ in 0..<resamples {
            for i in 0..<n {
                let j = rng.uniform(below: n)
                t[i] = truth[j]; p[i] = predicted[j]
            }
            let v = Correlation.spearman(t, p)
            if v.isDefined { values.append(v.value) } else { skipped += 1 }
        }
        values.sort()
        let alpha = (1 - confidence) / 2
        return BootstrapInterval(estimate: estimate, lower: percentile(values, alpha), upper: percentile(values, 1 - alpha),
                                 used: values.count, skipped: skipped)
    }

    /// The paired bootstrap probability that predictions `a` rank the truth better than predictions `b`:
    /// the share of resamples on which Spearman's ρ(truth, a) > ρ(truth, b), among the resamples where both
    /// are defined (ties count as not better). The resamples are those of `spearmanInterval` with the same
    /// seed (n pairs drawn with replacement, `SplitMix64(seed:).uniform(below: n)`), each applied to both
    /// columns, so a and b are compared on the same encoders every time. NaN when no resample is usable.
    /// - Complexity: O(B·n log n).
    public static func probabilityBetter(truth: [Double], a: [Double], b: [Double], resamples: Int = 1000,
                                         seed: UInt64 = 0) -> Double {
        guard truth.count == a.count, truth.count == b.count, !truth.isEmpty, resamples > 0 else { return .nan }
        var rng = SplitMix64(seed: seed)
        let n = truth.count
        var t = [Double](repeating: 0, count: n), pa = t, pb = t
        var better = 0, usable = 0
        for _ in 0..<resamples {
            for i in 0..<n {
                let j = rng.uniform(below: n)
                t[i] = truth[j]; pa[i] = a[j]; pb[i] = b[j]
            }
            let ra = Correlation.spearman(t, pa), rb = Correlation.spearman(t, pb)
            guard ra.isDefined, rb.isDefined else { continue }
            usable += 1
            if ra.value > rb.value { better += 1 }
        }
        return usable == 0 ? .nan : Double(better) / Double(usable)
    }

    /// The q-quantile (0 ≤ q ≤ 1) of sorted values, linear interpolation between order statistics at
    /// position q·(m − 1) (numpy's default). NaN for no values. - Complexity: O(1).
    public static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = q * Double(sorted.count - 1)
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        let frac = h - Double(lo)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac
    }
}
