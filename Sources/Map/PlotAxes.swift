/// A rectangular data panel with linear axes, for figures other than the map (predicted-vs-true
/// scatters, interval plots): data (x, y) ↦ panel position, frame, nice ticks, axis labels.
public struct PlotAxes: Sendable {
    /// The panel's rectangle in figure coordinates.
    public let left: Double, top: Double, width: Double, height: Double
    public let xRange: (lo: Double, hi: Double)
    public let yRange: (lo: Double, hi: Double)

    public init(left: Double, top: Double, width: Double, height: Double, x: (lo: Double, hi: Double), y: (lo: Double, hi: Double)) {
        self.left = left; self.top = top; self.width = width; self.height = height
        xRange = x.hi > x.lo ? x : (x.lo - 0.5, x.lo + 0.5)
        yRange = y.hi > y.lo ? y : (y.lo - 0.5, y.lo + 0.5)
    }

    public func px(_ v: Double) -> Double { left + width * (v - xRange.lo) / (xRange.hi - xRange.lo) }
    public func py(_ v: Double) -> Double { top + height * (1 - (v - yRange.lo) / (yRange.hi - yRange.lo)) }
    public var bounds: LabelPlacement.Box { .init(x0: left, y0: top, x1: left + width, y1: top + height) }

    /// [lo, hi] of `values` widened by `fraction` of its span on each side (±0.5 when constant).
    public static func padded(_ values: [Double], fraction: Double = 0.05) -> (lo: Double, hi: Double) {
        let v = values.filter(\.isFinite)
        guard let lo = v.min(), let hi = v.max() else { return (0, 1) }
        if hi <= lo { return (lo - 0.5, hi + 0.5) }
        let pad = (hi - lo) * fraction
        return (lo - pad, hi + pad)
    }

    /// The frame, the x ticks below and the y ticks on the left (with `grid` lines), and the axis
    /// labels (`class="axis-label"`; tick labels `class="tick"`).
    public func markup(xLabel: String?, yLabel: String?, grid: Bool = true, xTicks: Bool = true, yTicks: Bool = true) -> String {
        func n(_ v: Double) -> String { Escape.number(v, digits: 1) }
        var s = "<g class=\"axes\" font-size=\"10\" fill=\"#555\">\n"
        if xTicks {
            for t in Ticks.axis(xRange.lo, xRange.hi, logarithmic: false, target: 5) {
                let x = px(t.value)
                if grid { s += "<line x1=\"\(n(x))\" y1=\"\(n(top))\" x2=\"\(n(x))\" y2=\"\(n(top + height))\" stroke=\"#eee\"/>" }
                s += "<line x1=\"\(n(x))\" y1=\"\(n(top + height))\" x2=\"\(n(x))\" y2=\"\(n(top + height + 4))\" stroke=\"#888\"/>"
                s += "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(top + height + 15))\" text-anchor=\"middle\">\(Escape.markup(t.label))</text>\n"
            }
        }
        if yTicks {
            for t in Ticks.axis(yRange.lo, yRange.hi, logarithmic: false, target: 5) {
                let y = py(t.value)
                if grid { s += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + width))\" y2=\"\(n(y))\" stroke=\"#eee\"/>" }
                s += "<line x1=\"\(n(left - 4))\" y1=\"\(n(y))\" x2=\"\(n(left))\" y2=\"\(n(y))\" stroke=\"#888\"/>"
                s += "<text class=\"tick\" x=\"\(n(left - 7))\" y=\"\(n(y + 3.5))\" text-anchor=\"end\">\(Escape.markup(t.label))</text>\n"
            }
        }
        s += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"none\" stroke=\"#888\"/>\n"
        if let xLabel {
            s += "<text class=\"axis-label\" x=\"\(n(left + width / 2))\" y=\"\(n(top + height + 32))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\">\(Escape.markup(xLabel))</text>\n"
        }
        if let yLabel {
            let x = left - 40, y = top + height / 2
            s += "<text class=\"axis-label\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\" transform=\"rotate(-90 \(n(x)) \(n(y)))\">\(Escape.markup(yLabel))</text>\n"
        }
        return s + "</g>\n"
    }
}
