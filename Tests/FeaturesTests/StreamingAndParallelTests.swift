import EncmapIO
import EncmapSupport
@testable import Features
import Foundation
import LinearAlgebra
import Testing
import TestSupport

/// The streaming reader gives what the in-memory reader gives, whatever the chunk boundaries.
@Suite struct NPYStreamingTests {
    static let names = ["f32_c", "f64_fortran", "f16_c", "f32_big", "f64_big_fortran", "v2_f32", "v3_f32", "vector_f64",
                        "invalid_nan_row2", "invalid_inf_row1", "invalid_zero"]

    @Test(arguments: names)
    func chunkBoundariesDoNotMatter(_ name: String) throws {
        let url = fixture("npy/\(name).npy")
        let bytes = try Data(contentsOf: url)
        let reference = try NPY.read(data: bytes, path: url.path)
        for chunk in [1, 2, 3, 7, 13, 64, 1 << 22] {
            let streamed = try NPY.readStreaming(url, chunkBytes: chunk, digest: true)
            #expect(streamed.header.shape == reference.shape)
            #expect(streamed.storage.map(\.bitPattern) == reference.storage.map(\.bitPattern), "chunk \(chunk)")
            #expect(streamed.digest == SHA256.hex(bytes), "the digest covers every byte, header included")
        }
        #expect(try SHA256.hex(fileAt: url) == SHA256.hex(bytes))
    }

    @Test func scanFindsTheFirstBadRowAndTheSquaredNorm() throws {
        for chunk in [1, 5, 1 << 22] {
            let nan = try NPY.readStreaming(fixture("npy/invalid_nan_row2.npy"), chunkBytes: chunk)
            #expect(nan.scan.firstNonFiniteRow == 2)
            let zero = try NPY.readStreaming(fixture("npy/invalid_zero.npy"), chunkBytes: chunk)
            #expect(!zero.scan.anyNonZero && zero.scan.firstNonFiniteRow == nil)
            let c = try NPY.readStreaming(fixture("npy/f32_c.npy"), chunkBytes: chunk)
            let m = Matrix(rows: 4, columns: 3, storage: c.storage)
            #expect(c.scan.sumOfSquares == m.squaredFrobeniusNorm, "bit-identical to the separate pass")
            #expect(c.scan.anyNonZero)
            let f = try NPY.readStreaming(fixture("npy/f64_fortran.npy"), chunkBytes: chunk)
            #expect(f.scan.sumOfSquares == nil, "Fortran order sums in another order: left to DensitySpectrum")
        }
    }

    @Test func loadWithDigestEqualsPlainLoad() throws {
        let url = fixture("qre/b_f64_fortran.npy")
        let plain = try EmbeddingMatrix.load(url)
        let (hashed, digest) = try EmbeddingMatrix.load(url, id: nil, digest: true, chunkBytes: 11)
        #expect(hashed.transposed == plain.transposed && hashed.id == plain.id)
        #expect(digest == (try SHA256.hex(fileAt: url)))
        let a = try UnitBaseFeatures.compute(plain), b = try UnitBaseFeatures.compute(hashed)
        #expect(a == b)
    }

    @Test func streamedTraceGivesTheSameFeaturesAsTheMatrixBuiltInMemory() throws {
        let url = fixture("qre/a_f32_c.npy")
        let loaded = try EmbeddingMatrix.load(url)
        #expect(loaded.knownSquaredNorm != nil)
        let rebuilt = try EmbeddingMatrix(id: loaded.id, transposed: loaded.transposed, source: url.path)
        #expect(try UnitBaseFeatures.compute(loaded) == UnitBaseFeatures.compute(rebuilt), "bit-identical")
    }
}

@Suite struct BoundedParallelTests {
    final class Visits: @unchecked Sendable {
        let lock = NSLock()
        var counts: [Int]
        init(_ n: Int) { counts = [Int](repeating: 0, count: n) }
        func visit(_ i: Int) { lock.lock(); counts[i] += 1; lock.unlock() }
    }

    @Test(arguments: [1, 2, 3, 8, 40])
    func everyIndexRunsExactlyOnce(_ workers: Int) throws {
        let visits = Visits(25)
        try BoundedParallel.forEach(count: 25, workers: workers) { visits.visit($0) }
        #expect(visits.counts == [Int](repeating: 1, count: 25))
    }

    struct Failure: Error, Equatable { let index: Int }

    /// With several workers, index 7 fails only after index 9 has failed, so a higher index fails first
    /// (deterministically, without timing); the error reported is still index 7's.
    @Test(arguments: [1, 2, 4])
    func theLowestFailingIndexIsReported(_ workers: Int) throws {
        let nineFailed = DispatchSemaphore(value: 0)
        let error = try #require(throws: Failure.self) {
            try BoundedParallel.forEach(count: 30, workers: workers) { i in
                if i == 9 { nineFailed.signal() }
                if i == 7, workers > 1 { nineFailed.wait() }
                if i == 7 || i == 9 || i == 20 { throw Failure(index: i) }
            }
        }
        #expect(error.index == 7)
    }

    @Test func defaultWorkersFollowCoresEncodersAndMemory() {
        let big = FeatureParallelism.bytesPerEncoder(sentences: 10_000, dimension: 4_096)
        #expect(big > 8 * 10_000 * 4_096 && big < 1_000_000_000)
        #expect(FeatureParallelism.defaultWorkers(cores: 16, availableMemory: nil, bytesPerEncoder: big, encoders: 100) == 16)
        #expect(FeatureParallelism.defaultWorkers(cores: 16, availableMemory: nil, bytesPerEncoder: big, encoders: 3) == 3)
        #expect(FeatureParallelism.defaultWorkers(cores: 16, availableMemory: 5 * big / 2 * 10 / 8, bytesPerEncoder: big, encoders: 100) == 2)
        #expect(FeatureParallelism.defaultWorkers(cores: 16, availableMemory: 1000, bytesPerEncoder: big, encoders: 100) == 1)
        #expect((FeatureParallelism.availableMemory() ?? 1) > 0)
    }
}

@Suite struct FeatureShardTests {
    @Test func shardsPartitionTheSortedIds() throws {
        let ids = ["b", "a", "org__z", "c", "B", "a_b", "a.b", "d", "e", "f"]
        let inputs = ids.map { EncoderInput(id: $0, url: URL(fileURLWithPath: "/x/\($0).npy")) }
        let sorted = FeatureShard.sorted(inputs).map(\.id)
        #expect(sorted == ["B", "a", "a.b", "a_b", "b", "c", "d", "e", "f", "org__z"], "byte order")
        for n in 1...4 {
            var union: [String] = []
            for i in 1...n {
                let part = try FeatureShard(index: i, count: n).select(inputs.reversed()).map(\.id)
                #expect(part == sorted.enumerated().filter { $0.offset % n == i - 1 }.map(\.element))
                union += part
            }
            #expect(union.sorted { FeatureShard.precedes($0, $1) } == sorted)
        }
    }

    @Test(arguments: ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3"])
    func badShardsAreRefused(_ text: String) {
        #expect(throws: FeatureError.self) { try FeatureShard(parsing: text) }
    }

    @Test func summaryRowsQuoteIdsAndReadBack() throws {
        let f = EncoderFeatures(id: "a,\"b\"\r\nc", sentenceCount: 7, dimension: 1, rank: 1, entropy: 0, qreUnit: 0.5, vector: [])
        let row = FeatureSummary.row(f)
        #expect(row == "\"a,\"\"b\"\"\r\nc\",7,1,1,0.0,0.5")
        let table = try CSVTable(text: FeatureSummary.header + "\n" + row + "\n", path: "summary.csv")
        #expect(table.rows == [["a,\"b\"\r\nc", "7", "1", "1", "0.0", "0.5"]])
        #expect(table.rows[0].map(CSVTable.field).joined(separator: ",") == row, "rows rewrite byte for byte in a merge")
    }
}
