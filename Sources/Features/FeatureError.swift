import EncmapSupport

/// Errors in feature computation that are not about one file. One-line descriptions.
public enum FeatureError: UserFacingError, Equatable {
    /// A parameter (ε, τ, method…) is out of range; the text says which and what to use.
    case invalidParameter(String)
    /// Two encoders embed different numbers of sentences.
    case sentenceCountMismatch(first: String, firstCount: Int, other: String, otherCount: Int)

    public var diagnostic: Diagnostic {
        switch self {
        case .invalidParameter(let text):
            return Diagnostic(problem: text)
        case let .sentenceCountMismatch(first, firstCount, other, otherCount):
            return Diagnostic(problem: "\(other) embeds \(otherCount) sentences but \(first) embeds \(firstCount)",
                              remedy: "every encoder must embed the same sentence set (same n, same order)")
        }
    }
}
