import Foundation

/// Colours for a categorical attribute.
///
/// The values present are ordered by frequency (then name); the 12 most frequent get distinct colours
/// from a colour-blind-aware qualitative palette (Tableau 10 plus two), the rest share "other" and
/// encoders without a value are light grey. The `size` bins keep their natural order
/// (Small → Giant).
public struct Palette: Sendable, Codable, Equatable {
    /// Legend entries in display order.
    public let values: [String]
    public let colours: [String]
    /// The colour of values outside `values` ("other").
    public let otherColour: String
    public let missingColour: String
    /// Encoders per legend entry, aligned with `values`; then others, then missing.
    public let counts: [Int]
    public let otherCount: Int
    public let missingCount: Int

    public static let qualitative = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                              "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#1f3b73"]
    static let sizeOrder = ["Small", "Base", "Large", "Huge", "Giant"]
    static let sizeColours = ["#c6dbef", "#6baed6", "#2171b5", "#08519c", "#08306b"]
    /// The single colour used when no attribute is chosen.
    public static let plain = "#4e79a7"

    /// A palette for `values` (one per encoder, nil = missing).
    /// - Complexity: O(m log m).
    public init(values raw: [String?], attribute: String) {
        var counts: [String: Int] = [:]
        for v in raw { if let v { counts[v, default: 0] += 1 } }
        var order: [String]
        var colours: [String]
        if attribute == "size" && Set(counts.keys).isSubset(of: Set(Self.sizeOrder)) {
            order = Self.sizeOrder.filter { counts[$0] != nil }
            colours = order.map { Self.sizeColours[Self.sizeOrder.firstIndex(of: $0)!] }
        } else {
            order = counts.keys.sorted { (counts[$0]!, $1) > (counts[$1]!, $0) }
            order = Array(order.prefix(Self.qualitative.count))
            colours = order.indices.map { Self.qualitative[$0] }
        }
        self.values = order
        self.colours = colours
        self.otherColour = "#8c8c8c"
        self.missingColour = "#d9d9d9"
        self.counts = order.map { counts[$0]! }
        let listed = Set(order)
        self.otherCount = raw.filter { $0 != nil && !listed.contains($0!) }.count
        self.missingCount = raw.filter { $0 == nil }.count
    }

    /// The colour of one value.
    public func colour(of value: String?) -> String {
        guard let value else { return missingColour }
        if let i = values.firstIndex(of: value) { return colours[i] }
        return otherColour
    }
}

extension Palette {
    /// A colour for text on white: `hex` itself, or darkened (mixed with 45 % black) when its relative
    /// luminance 0.2126 R + 0.7152 G + 0.0722 B (sRGB components in [0, 1]) exceeds 0.5, so that light
    /// colours (viridis' yellow end) stay legible.
    public static func readable(_ hex: String) -> String {
        guard hex.count == 7, hex.hasPrefix("#"), let v = Int(hex.dropFirst(), radix: 16) else { return hex }
        let r = Double((v >> 16) & 255), g = Double((v >> 8) & 255), b = Double(v & 255)
        let lum = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
        guard lum > 0.5 else { return hex }
        func d(_ c: Double) -> Int { Int((c * 0.55).rounded()) }
        return String(format: "#%02x%02x%02x", d(r), d(g), d(b))
    }
}
