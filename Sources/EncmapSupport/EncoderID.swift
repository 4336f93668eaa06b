/// Encoder identifiers.
///
/// An embedding file is named `<encoder-id>.npy`. MTEB writes the Hugging Face id `org/name` as
/// `org__name` in file and folder names; encmap treats the two spellings as the same encoder.
public enum EncoderID {
    /// The canonical spelling used to match encoders across sources: `org__name` becomes `org/name`
    /// (the first `__` only; ids without `__` are unchanged).
    public static func canonical(_ id: String) -> String {
        guard !id.contains("/"), let r = id.range(of: "__") else { return id }
        return id.replacingCharacters(in: r, with: "/")
    }

    /// The file-name spelling: `org/name` becomes `org__name`.
    public static func fileStem(_ id: String) -> String {
        id.replacingOccurrences(of: "/", with: "__")
    }
}
