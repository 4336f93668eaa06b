/// Errors in feature computation that are not about one file. One-line descriptions.
public enum FeatureError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A parameter (ε, τ, method…) is out of range; the text says which and what to use.
    case invalidParameter(String)
    /// Two encoders embed different numbers of sentences.
    case sentenceCountMismatch(first: String, firstCount: Int, other: String, otherCount: Int)

    public var description: String {
        switch self {
        case .invalidParameter(let text):
            return text
        case let .sentenceCountMismatch(first, firstCount, other, otherCount):
            return "\(other) embeds \(otherCount) sentences but \(first) embeds \(firstCount); every encoder must embed the same sentence set (same n, same order)"
        }
    }
}
