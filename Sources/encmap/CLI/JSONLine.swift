import EncmapIO

/// A JSON document written on one line (`{"a": 1, "b": [1, 2]}`), for output meant for scripts; the
/// strings and numbers are written by `JSONValue` itself (non-finite numbers as null).
enum JSONLine {
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .object(let members):
            "{" + members.map { JSONValue.string($0.0).serialized() + ": " + render($0.1) }.joined(separator: ", ") + "}"
        case .array(let items):
            "[" + items.map(render).joined(separator: ", ") + "]"
        default:
            value.serialized()
        }
    }
}
