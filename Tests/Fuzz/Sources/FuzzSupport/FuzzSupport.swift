/// Checks shared by the fuzz targets. A failed check calls `fatalError`, which libFuzzer reports as a
/// crash and saves the input under the artifact prefix.
public enum FuzzCheck {
    /// Every user-facing error must be one line: no line break of any kind in its description.
    public static func oneLine(_ error: any Error, _ target: StaticString) {
        let text = String(describing: error)
        if text.contains(where: \.isNewline) {
            fatalError("\(target): multi-line error message: \(text.debugDescription)")
        }
        if text.isEmpty {
            fatalError("\(target): empty error message")
        }
    }

    /// A property that must hold.
    public static func require(_ condition: Bool, _ message: @autoclosure () -> String, _ target: StaticString) {
        if !condition { fatalError("\(target): \(message())") }
    }
}
