import EncmapSupport
import Testing

/// SplitMix64's transcription, pinned against an independent one: every expected value below is what
/// `python3 Tests/Fixtures/splitmix64.py` prints (a pure-Python transcription of Vigna's splitmix64.c
/// and of encmap's bounded integers and Fisher–Yates permutation). Folds, bootstrap resamples, t-SNE's
/// start and every seeded test stream depend on this sequence, so it must never change.
@Suite struct SplitMix64Tests {
    @Test(arguments: [
        (UInt64(0), [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC, 0x1B39_896A_51A8_749B] as [UInt64]),
        (UInt64(1), [0x910A_2DEC_8902_5CC1, 0xBEEB_8DA1_658E_EC67, 0xF893_A2EE_FB32_555E, 0x71C1_8690_EE42_C90B, 0x71BB_54D8_D101_B5B9]),
        (UInt64(1_234_567), [0x599E_D017_FB08_FC85, 0x2C73_F084_5854_0FA5, 0x883E_BCE5_A3F2_7C77, 0x3FBE_F740_E917_7B3F, 0xE3B8_3467_08CB_5ECD]),
    ])
    func firstOutputsMatchTheReference(_ seed: UInt64, _ expected: [UInt64]) {
        var g = SplitMix64(seed: seed)
        #expect((0..<5).map { _ in g.next() } == expected)
    }

    /// Doubles in [0, 1) from the top 53 bits: exact binary fractions, so equal to Python's floats bit for bit.
    @Test func uniformDoublesMatchTheReference() {
        var g = SplitMix64(seed: 7)
        #expect([g.nextUniform(), g.nextUniform(), g.nextUniform()] == [0.3898297483912715, 0.01678829452815611, 0.9007606806068834])
    }

    @Test func boundedIntegersAndPermutationsMatchTheReference() {
        var g = SplitMix64(seed: 42)
        #expect([1, 2, 3, 10, 1000, 1 << 62].map { g.uniform(below: $0) } == [0, 0, 0, 3, 38, 4_003_995_281_415_747_265])
        var p = SplitMix64(seed: 1)
        #expect(p.permutation(7) == [0, 2, 6, 1, 5, 4, 3])
        var q = SplitMix64(seed: 42)
        #expect(q.permutation(10) == [8, 3, 6, 5, 4, 0, 9, 2, 1, 7])
    }
}
