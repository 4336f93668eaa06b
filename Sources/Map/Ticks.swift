import Foundation

/// Axis ticks at "nice" values.
///
/// **Linear.** For a range [lo, hi] and a target count T, the raw step (hi − lo)/T is rounded to a
/// nice step s = m·10ᵏ with m ∈ {1, 2, 5} (m = 1 when raw/10ᵏ < 1.5, 2 below 3, 5 below 7, else 10);
/// the ticks are the multiples j·s inside [lo, hi] (computed as j·s, never accumulated, so 0.3 prints
/// as 0.3).
///
/// **Logarithmic.** For 0 < lo < hi: the decades 10ᵏ inside [lo, hi] when there are at least two
/// (every other decade when there are more than eight); otherwise the values m·10ᵏ with m ∈ {1, 2, 5}
/// when at least three fall inside; otherwise (a range narrower than a factor of about 2.5) the linear
/// ticks of [lo, hi], placed on the log axis.
public enum Ticks {
    /// The nice step for [lo, hi] and about `target` intervals.
    public static func niceStep(_ lo: Double, _ hi: Double, target: Int = 5) -> Double {
        let (m, k) = niceStepParts(lo, hi, target: target)
        return decade(k, m)
    }

    /// The nice step as m·10ᵏ.
    static func niceStepParts(_ lo: Double, _ hi: Double, target: Int) -> (m: Double, k: Int) {
        let span = hi - lo
        guard span > 0, span.isFinite else { return (1, Int(log10(Swift.max(abs(lo), 1e-300)).rounded(.down)) - 1) }
        let raw = span / Double(Swift.max(target, 1))
        var k = Int(log10(raw).rounded(.down))
        let norm = raw / decade(k, 1)
        var m: Double = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10
        if m == 10 { m = 1; k += 1 }
        return (m, k)
    }

    /// Linear ticks inside [lo, hi] (see the type's documentation); tick j is j·m·10ᵏ computed as
    /// (j·m)·10ᵏ or (j·m)/10⁻ᵏ, so that decimal ticks are the doubles nearest their decimals.
    public static func linear(_ lo: Double, _ hi: Double, target: Int = 5) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [] }
        if hi <= lo { return [lo] }
        let (m, k) = niceStepParts(lo, hi, target: target)
        let s = decade(k, m)
        let eps = s * 1e-9
        let first = ((lo - eps) / s).rounded(.up), last = ((hi + eps) / s).rounded(.down)
        guard first <= last, last - first < 1000 else { return [lo, hi] }
        return stride(from: first, through: last, by: 1).map { j in
            let v = decade(k, j * m)
            return v == 0 ? 0 : v  // no -0
        }
    }

    /// Logarithmic ticks inside [lo, hi], 0 < lo < hi (see the type's documentation).
    public static func log(_ lo: Double, _ hi: Double) -> [Double] {
        logValues(lo, hi) ?? linear(lo, hi)
    }

    /// Decades or 1-2-5 values inside [lo, hi]; nil when the range is too narrow for either.
    static func logValues(_ lo: Double, _ hi: Double) -> [Double]? {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return nil }
        let k0 = Int((log10(lo) - 1e-9).rounded(.up)), k1 = Int((log10(hi) + 1e-9).rounded(.down))
        if k1 - k0 + 1 >= 2 {
            let every = k1 - k0 + 1 > 8 ? 2 : 1
            return stride(from: k0, through: k1, by: every).map { decade($0, 1) }
        }
        var values: [Double] = []
        for k in (k0 - 1)...(k1 + 1) {
            for m in [1.0, 2, 5] {
                let v = decade(k, m)
                if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { values.append(v) }
            }
        }
        return values.count >= 3 ? values : nil
    }

    /// m·10ᵏ as the double nearest the decimal (10⁻³ is 0.001, not 0.0010000000000000002).
    static func decade(_ k: Int, _ m: Double) -> Double {
        k >= 0 ? m * pow(10, Double(k)) : m / pow(10, Double(-k))
    }

    /// A tick label: the shortest decimal that names the tick at the precision of `step` (the distance
    /// between neighbouring ticks); powers of ten below 10⁻⁴ or from 10⁶ on are written 1e-5.
    public static func label(_ v: Double, step: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a < 1e-4 || a >= 1e6 {
            let s = String(format: "%.3g", v)
            return s.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e").replacingOccurrences(of: "e+", with: "e")
        }
        let decimals = step > 0 ? Swift.max(0, Int((-log10(step) + 1e-9).rounded(.up))) : 3
        var s = String(format: "%.\(Swift.min(decimals, 12))f", v)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// Ticks with their labels for an axis over [lo, hi]: linear ticks labelled at their common step;
    /// log ticks (decades or 1-2-5 values) each at its own magnitude, or the linear fallback.
    public static func axis(_ lo: Double, _ hi: Double, logarithmic: Bool, target: Int = 5) -> [(value: Double, label: String)] {
        func linearLabelled() -> [(value: Double, label: String)] {
            let t = linear(lo, hi, target: target)
            let step = t.count >= 2 ? t[1] - t[0] : Swift.max(abs(lo), 1e-300) / 100
            return t.map { ($0, label($0, step: step)) }
        }
        guard logarithmic, let t = logValues(lo, hi) else { return linearLabelled() }
        return t.map { v in (v, label(v, step: pow(10, (log10(v) + 1e-12).rounded(.down)))) }
    }
}
