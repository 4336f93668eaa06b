import Foundation

/// The one place encmap turns `Codable` records into JSON text through Foundation (cache entries, shard
/// records, `map.json`, the map page's data) and back. Keys are always sorted, so the bytes do not
/// depend on the platform's dictionary order; documents whose member order matters (run.json, specs)
/// go through `JSONValue` instead (`JSONValueEncoder`).
public enum CodableJSON {
    /// How a record is written.
    public struct Style: Sendable {
        /// Indented, one member per line (Foundation's layout: `"key" : value`).
        public var pretty: Bool
        /// `/` written as `\/` (Foundation's default; the cache and shard records keep it so that their
        /// bytes, and so their checks, stay as they were).
        public var escapeSlashes: Bool
        /// NaN and ±∞ written as the strings "NaN", "Infinity", "-Infinity" instead of failing.
        public var nonFiniteAsText: Bool

        public init(pretty: Bool, escapeSlashes: Bool, nonFiniteAsText: Bool) {
            self.pretty = pretty
            self.escapeSlashes = escapeSlashes
            self.nonFiniteAsText = nonFiniteAsText
        }

        /// Cache entries and shard records.
        public static let record = Style(pretty: true, escapeSlashes: true, nonFiniteAsText: false)
        /// Map files and page data (pretty or compact).
        public static func map(pretty: Bool) -> Style { Style(pretty: pretty, escapeSlashes: false, nonFiniteAsText: true) }
    }

    /// The JSON bytes of `value` in `style`.
    public static func encode<T: Encodable>(_ value: T, style: Style) throws -> Data {
        let e = JSONEncoder()
        var formatting: JSONEncoder.OutputFormatting = [.sortedKeys]
        if style.pretty { formatting.insert(.prettyPrinted) }
        if !style.escapeSlashes { formatting.insert(.withoutEscapingSlashes) }
        e.outputFormatting = formatting
        if style.nonFiniteAsText {
            e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        }
        return try e.encode(value)
    }

    /// Decodes a record written by `encode`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }
}
