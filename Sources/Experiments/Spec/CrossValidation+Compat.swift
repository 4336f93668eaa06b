/// The flat view of the cross-validation section that callers written before the kinds had their own
/// types still read (`encmap validate`'s summary switches over `kind`). New code asks the kind itself
/// (`scheme`, `summary`, `repetitions`, `groupColumn`); a kind added later shows here as its nearest
/// shipped relative only through these properties.
extension ExperimentSpec.CrossValidation {
    /// The shipped kinds, by name.
    public enum Kind: String, Sendable, Equatable {
        case kfold, loo, groupKFold, repeatedKFold
    }

    public var kind: Kind { Kind(rawValue: type(of: scheme).kind) ?? .kfold }

    public var folds: Int {
        switch scheme {
        case let s as KFoldSpec: s.folds
        case let s as GroupKFoldSpec: s.folds
        case let s as RepeatedKFoldSpec: s.folds
        default: CrossValidationKeys.defaultFolds
        }
    }

    public var shuffle: Bool {
        switch scheme {
        case let s as KFoldSpec: s.shuffle
        case is RepeatedKFoldSpec: true
        default: false
        }
    }

    public var seed: UInt64 {
        switch scheme {
        case let s as KFoldSpec: s.seed
        case let s as RepeatedKFoldSpec: s.seed
        default: CrossValidationKeys.defaultSeed
        }
    }

    public var repeats: Int { repetitions }
}
