/// The text of a JSON object (an experiment spec, mostly) from `members` — (name, JSON text of the
/// value) in order — where `overrides` replace the members of the same name and the others are added
/// after them, sorted by name. One line (`{"a": 1, "b": 2}`), or `multiline`: one member per line,
/// indented by two spaces, with a final line feed.
public func jsonObjectText(_ members: [(String, String)], overriding overrides: [String: String] = [:],
                           multiline: Bool = false) -> String {
    var members = members
    for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
        if let i = members.firstIndex(where: { $0.0 == name }) { members[i].1 = value } else { members.append((name, value)) }
    }
    let texts = members.map { "\"\($0.0)\": \($0.1)" }
    return multiline ? "{\n" + texts.map { "  " + $0 }.joined(separator: ",\n") + "\n}\n" : "{" + texts.joined(separator: ", ") + "}"
}
