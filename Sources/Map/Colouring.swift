/// The colours of one attribute over the encoders and what its legend shows: a categorical palette
/// (entries with counts) or a continuous scale (a colour bar with nice ticks).
///
/// The kind is `ColourScaleKind.automatic(for:)` unless one is requested; encoders without a value
/// are light grey in every kind.
public struct Colouring: Sendable {
    public let attribute: String
    public let kind: ColourScaleKind
    /// One colour (#rrggbb) per encoder.
    public let colours: [String]
    /// The categorical palette (kind `.categorical`).
    public let palette: Palette?
    /// The continuous scale (kinds `.sequential` and `.diverging`).
    public let scale: ColourScale?
    /// Encoders without a value.
    public let missingCount: Int
    public static let missingColour = "#d9d9d9"

    /// - Throws: `MapError.invalidOption` when a continuous scale is requested for values that are not
    ///   all numbers.
    public init(attribute: String, values: [String?], requested: ColourScaleKind? = nil) throws {
        self.attribute = attribute
        let kind = requested ?? ColourScaleKind.automatic(for: values)
        self.kind = kind
        missingCount = values.filter { ($0 ?? "").isEmpty }.count
        if kind == .categorical {
            let p = Palette(values: values, attribute: attribute)
            palette = p; scale = nil
            colours = values.map { p.colour(of: $0) }
            return
        }
        guard let numbers = ColourScale.numbers(values), numbers.contains(where: { $0 != nil }) else {
            throw MapError.invalidOption(name: "--color-scale", value: kind.rawValue,
                                         expected: "an attribute whose every non-empty value is a number ('\(attribute)' has others); use --color-scale categorical")
        }
        let s = ColourScale(kind: kind, numbers: numbers.compactMap { $0 })
        scale = s; palette = nil
        colours = numbers.map { $0.map { s.colour(of: $0) } ?? Self.missingColour }
    }

    /// Legend entries of a categorical colouring: label, colour, count (values, then "other", then
    /// "no value").
    public var entries: [(label: String, colour: String, count: Int)] {
        guard let p = palette else { return [] }
        var rows = zip(p.values, zip(p.colours, p.counts)).map { (label: $0, colour: $1.0, count: $1.1) }
        if p.otherCount > 0 { rows.append((label: "other", colour: p.otherColour, count: p.otherCount)) }
        if p.missingCount > 0 { rows.append((label: "no value", colour: p.missingColour, count: p.missingCount)) }
        return rows
    }

    /// Ticks of the colour bar with labels (continuous kinds).
    public var barTicks: [(value: Double, label: String)] {
        guard let s = scale else { return [] }
        return Ticks.axis(s.low, s.high, logarithmic: false, target: 4)
    }
}

/// The SVG legend of a colouring, drawn from its top-left corner within a given width.
public enum LegendSVG {
    public static let fontSize = 12.0
    static let rowHeight = 18.0

    /// The legend's markup and height. Entries are truncated in the middle to fit `width`, keeping the
    /// count, with the full text in a `<title>`; a continuous scale is a vertical colour bar
    /// (`id="colourbar"`) with ticks. Every `<text>` carries `class="legend"` (the browser check looks
    /// for them). `nil` colouring: one entry "encoder (m)" in `plain`.
    public static func draw(_ c: Colouring?, count: Int, x: Double, y: Double, width: Double,
                            plain: String = Palette.plain, idPrefix: String = "") -> (svg: String, height: Double) {
        var s = "<g class=\"legend-box\" font-size=\"\(Escape.number(fontSize, digits: 0))\" fill=\"#222\">\n"
        var cy = y + TextMetrics.ascent(fontSize + 2)
        func text(_ t: String, _ tx: Double, _ ty: Double, bold: Bool = false, full: String? = nil) -> String {
            let title = full.map { $0 == t ? "" : "<title>\(Escape.markup($0))</title>" } ?? ""
            return "<text class=\"legend\" x=\"\(Escape.number(tx, digits: 1))\" y=\"\(Escape.number(ty, digits: 1))\""
                + (bold ? " font-weight=\"bold\" font-size=\"\(Escape.number(fontSize + 2, digits: 0))\"" : "")
                + ">\(title)\(Escape.markup(t))</text>\n"
        }
        guard let c else {
            s += "<circle cx=\"\(Escape.number(x + 6, digits: 1))\" cy=\"\(Escape.number(cy - 4, digits: 1))\" r=\"5\" fill=\"\(plain)\"/>"
            s += text("encoder (\(count))", x + 18, cy)
            return (s + "</g>\n", rowHeight)
        }
        let head = TextMetrics.truncateMiddle(c.attribute, fontSize: fontSize + 2, maxWidth: width)
        s += text(head, x, cy, bold: true, full: c.attribute)
        cy += rowHeight + 4
        if let scale = c.scale {
            let barHeight = 180.0, barWidth = 14.0
            let top = cy - TextMetrics.ascent(fontSize)
            let gid = "\(idPrefix)colourbar-gradient"
            s += "<defs><linearGradient id=\"\(gid)\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
            for k in 0...10 {
                let t = Double(k) / 10
                s += "<stop offset=\"\(Escape.number(t, digits: 1))\" stop-color=\"\(scale.colour(atFraction: t))\"/>"
            }
            s += "</linearGradient></defs>\n"
            s += "<rect id=\"\(idPrefix)colourbar\" class=\"colourbar\" x=\"\(Escape.number(x, digits: 1))\" y=\"\(Escape.number(top, digits: 1))\" width=\"\(Escape.number(barWidth, digits: 0))\" height=\"\(Escape.number(barHeight, digits: 0))\" fill=\"url(#\(gid))\" stroke=\"#888\" stroke-width=\"0.5\"/>\n"
            for t in c.barTicks {
                let ty = top + barHeight * (1 - scale.fraction(t.value))
                s += "<line x1=\"\(Escape.number(x + barWidth, digits: 1))\" y1=\"\(Escape.number(ty, digits: 1))\" x2=\"\(Escape.number(x + barWidth + 4, digits: 1))\" y2=\"\(Escape.number(ty, digits: 1))\" stroke=\"#444\"/>"
                s += text(t.label, x + barWidth + 7, ty + 4)
            }
            cy = top + barHeight + rowHeight
            let kindText = c.kind == .diverging ? "diverging, centred at 0" : "viridis"
            s += text(kindText, x, cy)
            if c.missingCount > 0 {
                cy += rowHeight
                s += "<circle cx=\"\(Escape.number(x + 6, digits: 1))\" cy=\"\(Escape.number(cy - 4, digits: 1))\" r=\"5\" fill=\"\(Colouring.missingColour)\"/>"
                s += text("no value (\(c.missingCount))", x + 18, cy)
            }
        } else {
            for (k, e) in c.entries.enumerated() {
                if k > 0 { cy += rowHeight }
                let suffix = " (\(e.count))"
                let label = TextMetrics.truncateMiddle(e.label, fontSize: fontSize,
                                                       maxWidth: width - 18 - TextMetrics.width(suffix, fontSize: fontSize)) + suffix
                s += "<circle cx=\"\(Escape.number(x + 6, digits: 1))\" cy=\"\(Escape.number(cy - 4, digits: 1))\" r=\"5\" fill=\"\(e.colour)\"/>"
                s += text(label, x + 18, cy, full: e.label + suffix)
            }
        }
        return (s + "</g>\n", cy + TextMetrics.descent(fontSize) - y)
    }
}
