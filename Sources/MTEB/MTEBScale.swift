/// Whether a model's MTEB scores are fractions (0..1, what MTEB writes) or percentages (0..100, some old
/// and external result files), decided per model and task type rather than per file, so that one score a
/// rounding error above 1 (1.0000001) is not taken for a percentage.
///
/// Each file is judged by the largest |value| among the English subset scores it contributes:
/// - above 1.5: a percentage (no MTEB metric on 0..1 exceeds 1 by more than rounding);
/// - at most 1 + 10⁻⁶: a fraction;
/// - in between: ambiguous.
/// Over the files of one model and one task type: if some are percentages and none are fractions, every
/// file of the group is a percentage (the ambiguous ones too); if some are fractions and none are
/// percentages, every file is a fraction; if the group mixes both, each clear file keeps its own scale and
/// the ambiguous ones are read as fractions (a warning says so); a group of ambiguous files only is read as
/// fractions. Percentages are divided by 100.
public enum MTEBScale: Sendable, Equatable {
    case fraction, percent

    static let percentAbove = 1.5
    static let fractionAtMost = 1 + 1e-6

    /// The scale of each file of one group, given each file's largest |value|.
    public static func decide(_ largest: [Double]) -> [MTEBScale] {
        let percent = largest.contains { $0 > percentAbove }
        let fraction = largest.contains { $0 <= fractionAtMost }
        return largest.map { v in
            if v > percentAbove { return .percent }
            if v <= fractionAtMost { return .fraction }
            return percent && !fraction ? .percent : .fraction
        }
    }
}
