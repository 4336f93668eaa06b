/// Encoder identifiers, and the one rule that decides when two ids name the same encoder.
///
/// An embedding file is named `<encoder-id>.npy`. MTEB writes the Hugging Face id `org/name` as
/// `org__name` in file and folder names, and Hugging Face resolves repository ids without regard to
/// case. So encmap compares ids by `EncoderID.key`: every `/` written as `__`, letters lower-cased
/// (Unicode default case mapping, the same as JavaScript's `toLowerCase`, which the map page uses).
/// `Org/Name`, `org/name`, `ORG__NAME` and `org__name` are one encoder in experiments, maps, MTEB
/// folders and the page's search; two ids of one source that share a key are duplicates. Ids are
/// always shown as written.
public enum EncoderID {
    /// The matching key: `/` → `__`, lower case. Two ids name the same encoder exactly when their keys
    /// are equal; this is the only place that decides it.
    public static func key(_ id: String) -> String {
        id.replacingOccurrences(of: "/", with: "__").lowercased()
    }

    /// Whether `a` and `b` name the same encoder.
    public static func same(_ a: String, _ b: String) -> Bool { key(a) == key(b) }

    /// The Hugging Face spelling shown to users: `org__name` becomes `org/name` (the first `__` only;
    /// ids that already hold a `/`, or no `__`, are unchanged). Not a matching rule: match with `key`.
    public static func hubSpelling(_ id: String) -> String {
        guard !id.contains("/"), let r = id.range(of: "__") else { return id }
        return id.replacingCharacters(in: r, with: "/")
    }

    /// The file-name spelling: `org/name` becomes `org__name`.
    public static func fileStem(_ id: String) -> String {
        id.replacingOccurrences(of: "/", with: "__")
    }
}
