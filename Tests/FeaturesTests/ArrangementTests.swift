import Features
import Testing

/// `FeatureParallelism.arrangement`: P = min(m, c, what fits in memory) encoders at once, each with
/// B = ⌊c / P⌋ BLAS threads.
@Suite struct ArrangementTests {
    typealias A = FeatureParallelism.Arrangement
    static let perEncoder = FeatureParallelism.bytesPerEncoder(sentences: 10_000, dimension: 1_024)

    func arrangement(_ m: Int, cores c: Int, memory: Int? = nil) -> A {
        FeatureParallelism.arrangement(encoders: m, cores: c, availableMemory: memory, bytesPerEncoder: Self.perEncoder)
    }

    @Test func oneCoreRunsOneEncoderWithOneThread() {
        for m in [1, 2, 3, 8] { #expect(arrangement(m, cores: 1) == A(workers: 1, blasThreads: 1), "m = \(m)") }
    }

    @Test func twoCores() {
        #expect(arrangement(1, cores: 2) == A(workers: 1, blasThreads: 2), "one encoder gets both cores")
        #expect(arrangement(2, cores: 2) == A(workers: 2, blasThreads: 1))
        #expect(arrangement(3, cores: 2) == A(workers: 2, blasThreads: 1))
        #expect(arrangement(8, cores: 2) == A(workers: 2, blasThreads: 1))
    }

    @Test func sixteenCores() {
        #expect(arrangement(1, cores: 16) == A(workers: 1, blasThreads: 16))
        #expect(arrangement(2, cores: 16) == A(workers: 2, blasThreads: 8))
        #expect(arrangement(3, cores: 16) == A(workers: 3, blasThreads: 5))
        #expect(arrangement(8, cores: 16) == A(workers: 8, blasThreads: 2))
        #expect(arrangement(100, cores: 16) == A(workers: 16, blasThreads: 1))
    }

    /// Memory for 2.5 encoders (within the 80 % margin) caps P at 2; the freed cores go to BLAS.
    @Test func memoryLimitLowersPAndRaisesB() {
        let room = Self.perEncoder * 5 / 2 * 10 / 8
        #expect(arrangement(8, cores: 16, memory: room) == A(workers: 2, blasThreads: 8))
        #expect(arrangement(3, cores: 2, memory: room) == A(workers: 2, blasThreads: 1))
        #expect(arrangement(1, cores: 16, memory: room) == A(workers: 1, blasThreads: 16))
        // Not even one encoder fits: still one at a time, with every core.
        #expect(arrangement(8, cores: 16, memory: 1_000) == A(workers: 1, blasThreads: 16))
        #expect(arrangement(8, cores: 2, memory: 1_000) == A(workers: 1, blasThreads: 2))
    }

    @Test func givenWorkersGetTheRemainingCores() {
        #expect(FeatureParallelism.blasThreads(workers: 1, cores: 2) == 2)
        #expect(FeatureParallelism.blasThreads(workers: 2, cores: 2) == 1)
        #expect(FeatureParallelism.blasThreads(workers: 5, cores: 2) == 1)
        #expect(FeatureParallelism.blasThreads(workers: 3, cores: 16) == 5)
    }
}
