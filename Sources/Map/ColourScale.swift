import Foundation

/// How an attribute is coloured: categories, or a continuous scale for numbers.
public enum ColourScaleKind: String, Sendable, CaseIterable, Codable {
    /// One colour per value (the 12 most frequent; see `Palette`).
    case categorical
    /// viridis from the smallest to the largest value.
    case sequential
    /// A blue–white–red scale centred at 0, symmetric: −M … 0 … M with M = max |value|.
    case diverging

    /// The automatic choice for `values` (one per encoder, nil = none): numeric when every non-empty
    /// value parses as a finite number and there are at least two distinct numbers — then diverging
    /// when the numbers have both signs (min < 0 < max), else sequential; otherwise categorical.
    public static func automatic(for values: [String?]) -> ColourScaleKind {
        guard let numbers = ColourScale.numbers(values) else { return .categorical }
        let present = numbers.compactMap { $0 }
        guard let lo = present.min(), let hi = present.max(), lo < hi else { return .categorical }
        return lo < 0 && hi > 0 ? .diverging : .sequential
    }
}

/// A continuous colour scale over numbers: viridis (sequential) or a diverging blue–white–red one.
///
/// A value v maps to t = (v − low)/(high − low) clamped to [0, 1], and the colour is the linear
/// interpolation in sRGB between the two neighbouring anchors of the colormap (17 anchors of
/// matplotlib's viridis, t = 0, 1/16, …, 1; 11 anchors of ColorBrewer's RdBu reversed for the
/// diverging scale, blue for negative values). The diverging scale always has low = −M, high = M with
/// M = max |v|, so 0 is white.
public struct ColourScale: Sendable, Equatable, Codable {
    public let kind: ColourScaleKind
    public let low: Double
    public let high: Double

    // Written by scripts/colormap-anchors.py (matplotlib's viridis at t = k/16; ColorBrewer RdBu, 11 classes).
    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 24, 106), (71, 45, 123), (66, 64, 134), (59, 82, 139), (51, 99, 141), (44, 114, 142),
        (38, 130, 142), (33, 145, 140), (31, 160, 136), (40, 174, 128), (63, 188, 115), (94, 201, 98),
        (132, 212, 75), (173, 220, 48), (216, 226, 25), (253, 231, 37),
    ]
    static let rdbu: [(Double, Double, Double)] = [
        (5, 48, 97), (33, 102, 172), (67, 147, 195), (146, 197, 222), (209, 229, 240), (247, 247, 247),
        (253, 219, 199), (244, 165, 130), (214, 96, 77), (178, 24, 43), (103, 0, 31),
    ]

    /// The scale of `kind` (sequential or diverging) over the numbers present.
    public init(kind: ColourScaleKind, numbers: [Double]) {
        precondition(kind != .categorical, "a continuous scale")
        self.kind = kind
        let lo = numbers.min() ?? 0, hi = numbers.max() ?? 1
        if kind == .diverging {
            let m = Swift.max(abs(lo), abs(hi), 1e-300)
            low = -m; high = m
        } else {
            low = lo; high = hi > lo ? hi : lo + 1
        }
    }

    var anchors: [(Double, Double, Double)] { kind == .diverging ? Self.rdbu : Self.viridis }

    /// The colour of `t` ∈ [0, 1] along the colormap, as #rrggbb.
    public func colour(atFraction t: Double) -> String {
        let a = anchors
        let x = Swift.min(Swift.max(t.isFinite ? t : 0, 0), 1) * Double(a.count - 1)
        let i = Swift.min(Int(x), a.count - 2)
        let f = x - Double(i)
        func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * f).rounded()) }
        let c = (mix(a[i].0, a[i + 1].0), mix(a[i].1, a[i + 1].1), mix(a[i].2, a[i + 1].2))
        return String(format: "#%02x%02x%02x", c.0, c.1, c.2)
    }

    /// The fraction of `v` along the scale, clamped to [0, 1].
    public func fraction(_ v: Double) -> Double {
        Swift.min(Swift.max((v - low) / (high - low), 0), 1)
    }

    /// The colour of a value.
    public func colour(of v: Double) -> String { colour(atFraction: fraction(v)) }

    /// The numbers of `values`: nil when some non-empty value is not a finite number.
    public static func numbers(_ values: [String?]) -> [Double?]? {
        var out: [Double?] = []
        out.reserveCapacity(values.count)
        for v in values {
            guard let v else { out.append(nil); continue }
            let t = v.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { out.append(nil); continue }
            guard let d = Double(t), d.isFinite else { return nil }
            out.append(d)
        }
        return out
    }
}
