extension JSONValue {
    /// The document on one line (`{"a": 1, "b": [1, 2]}`), for output meant for scripts (`encmap qre
    /// --json`); strings and numbers are written as `serialized()` writes them (non-finite numbers as null).
    public func serializedOnOneLine() -> String {
        switch self {
        case .object(let members):
            "{" + members.map { JSONValue.string($0.0).serialized() + ": " + $0.1.serializedOnOneLine() }.joined(separator: ", ") + "}"
        case .array(let items):
            "[" + items.map { $0.serializedOnOneLine() }.joined(separator: ", ") + "]"
        default:
            serialized()
        }
    }
}
