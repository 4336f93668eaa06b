import EncmapIO
import Foundation

/// Escaping for the text encmap writes into HTML, SVG (XML) and JSON inside `<script>`.
public enum Escape {
    /// Text or a double-quoted attribute value in HTML or XML/SVG: & < > " ' → entities.
    public static func markup(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // XML 1.0 forbids most C0 controls; replace them.
                if ch.value < 0x20 && ch != "\n" && ch != "\t" && ch != "\r" { out += "\u{FFFD}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }

    /// A JSON document made safe to embed in `<script type="application/json">`: `<`, `>`, `&`,
    /// U+2028 and U+2029 become `\uXXXX` escapes (they can only occur inside JSON strings, where the
    /// escapes mean the same characters), so no `</script>` or `<!--` can appear.
    public static func jsonForScript(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for ch in json.unicodeScalars {
            switch ch {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Encodes a value as compact JSON with sorted keys (deterministic output).
    static func json<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        String(decoding: try CodableJSON.encode(value, style: .map(pretty: pretty)), as: UTF8.self)
    }

    /// A number for SVG coordinates: fixed with `digits` decimals.
    public static func number(_ v: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }
}
