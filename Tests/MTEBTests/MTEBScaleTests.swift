import Testing
@testable import MTEB

/// The 0..1 / 0..100 decision over one model's files of one task type (`MTEBScale`).
@Test func scaleIsDecidedOverTheGroupNotPerFile() {
    // Percentages only: the ambiguous 1.2 is a percentage too.
    #expect(MTEBScale.decide([73.5, 81, 1.2]) == [.percent, .percent, .percent])
    // Fractions only: a value a rounding error above 1, and an ambiguous one, stay fractions.
    #expect(MTEBScale.decide([0.8, 1.0000001, 1.2]) == [.fraction, .fraction, .fraction])
    // Mixed: each clear file keeps its own scale; the ambiguous one is read as a fraction.
    #expect(MTEBScale.decide([73.5, 0.8, 1.2]) == [.percent, .fraction, .fraction])
    // Ambiguous only: fractions.
    #expect(MTEBScale.decide([1.2, 1.3]) == [.fraction, .fraction])
    #expect(MTEBScale.decide([]) == [])
}
