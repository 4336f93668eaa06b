/// Width estimates for SVG text, so that labels, legends and titles can be laid out without a font
/// engine.
///
/// The figures name generic fonts (`Helvetica, Arial, sans-serif`); the widest common fallback is
/// DejaVu Sans, so the estimate uses DejaVu Sans advance widths (in em) for printable ASCII and 0.8 em
/// for anything else (1.0 em for wide East Asian characters), times a 3 % safety factor. Helvetica and
/// Arial are narrower, so a box computed here contains the text in any of them.
public enum TextMetrics {
    /// Advance widths of ASCII 0x20…0x7E in em (DejaVu Sans).
    static let ascii: [Double] = [
        0.318, 0.401, 0.460, 0.838, 0.636, 0.950, 0.780, 0.275, 0.390, 0.390, 0.500, 0.838, 0.318, 0.361, 0.318, 0.337,
        0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531,
        1.000, 0.684, 0.686, 0.698, 0.770, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
        0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.390, 0.337, 0.390, 0.838, 0.500,
        0.500, 0.613, 0.635, 0.550, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
        0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
    ]

    /// The estimated advance width of `text` at `fontSize` (user units).
    /// - Complexity: O(length).
    public static func width(_ text: String, fontSize: Double) -> Double {
        var em = 0.0
        for u in text.unicodeScalars {
            let v = Int(u.value)
            if v >= 0x20 && v <= 0x7E { em += ascii[v - 0x20] }
            else if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                        || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) { em += 1.0 }
            else { em += 0.8 }
        }
        return em * fontSize * 1.03
    }

    /// Distance from the baseline to the top of the text box (DejaVu Sans ascent).
    public static func ascent(_ fontSize: Double) -> Double { 0.93 * fontSize }
    /// Distance from the baseline to the bottom of the text box (DejaVu Sans descent).
    public static func descent(_ fontSize: Double) -> Double { 0.24 * fontSize }

    /// `text` shortened in the middle with "…" so that it is at most `maxWidth` wide (unchanged when it
    /// fits): the start and end are kept, which for encoder ids keeps the organisation and the variant.
    public static func truncateMiddle(_ text: String, fontSize: Double, maxWidth: Double) -> String {
        if width(text, fontSize: fontSize) <= maxWidth { return text }
        let chars = Array(text)
        var keep = chars.count - 1
        while keep > 1 {
            let head = keep - keep / 2, tail = keep / 2
            let s = String(chars[0..<head]) + "…" + String(chars[(chars.count - tail)...])
            if width(s, fontSize: fontSize) <= maxWidth { return s }
            keep -= 1
        }
        return "…"
    }

    /// Words of `text` (split at `separator`, which is kept at the end of each piece but the last)
    /// greedily packed into lines at most `maxWidth` wide; a piece wider than a line is truncated in
    /// the middle.
    public static func wrap(_ text: String, separator: String = " ", fontSize: Double, maxWidth: Double) -> [String] {
        let pieces = text.components(separatedBy: separator)
        var lines: [String] = []
        var line = ""
        for (k, p) in pieces.enumerated() {
            let piece = k < pieces.count - 1 ? p + separator : p
            if line.isEmpty { line = piece; continue }
            if width(line + piece, fontSize: fontSize) <= maxWidth { line += piece } else { lines.append(line); line = piece }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { l in
            let t = l.hasSuffix(separator) && separator != " " ? String(l.dropLast(separator.count)) : l.trimmingTrailingSpaces()
            return truncateMiddle(t, fontSize: fontSize, maxWidth: maxWidth)
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
