import EncmapSupport
import Foundation
import LinearAlgebra
@testable import Map
import Testing
import TestSupport

/// The blocked ℓ1 kernel (4×4 or 2×2 register blocks in cache tiles; AVX-512, AVX2 or portable) against the unblocked
/// one and against a plain double loop Σₖ |xₖ − yₖ|; the float32 path against the exact distances.
@Suite struct BlockedDistanceTests {
    /// Shapes (m, n): m = 1, 2, odd and beyond one 32-row tile (last tiles of 1, 2, 3, 5, 6 rows: ragged
    /// 2×2 and 4×4 blocks), n below one SIMD step,
    /// not a multiple of 8 (the SIMD step), beyond one 512-feature chunk with a ragged tail, and beyond
    /// the float32 path's 2,048-feature chunks (exactly one, and two with a ragged tail).
    static let shapes: [(Int, Int)] = [(1, 5), (2, 1), (2, 7), (3, 8), (5, 13), (6, 47), (33, 9), (35, 17), (37, 515), (66, 1_031), (70, 512),
                                       (7, 2_048), (9, 4_103)]

    static func features(_ m: Int, _ n: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(seed: seed)
        // Wide dynamic range so that summation order would show in the last bits.
        var values: [Double] = []
        for _ in 0..<(n * m) {
            let v = rng.nextUniform() - 0.3
            let scale = exp(4 * rng.nextUniform() - 2)
            values.append(v * scale)
        }
        return Matrix(rows: n, columns: m, storage: values)
    }

    /// Every path of the blocked kernel this CPU can run equals the unblocked kernel bit for bit (the summation order
    /// per pair is the same), and a plain sequential loop to 1e-12 relative.
    @Test(arguments: shapes.indices)
    func blockedEqualsNaive(_ s: Int) throws {
        let (m, n) = Self.shapes[s]
        let x = Self.features(m, n, seed: UInt64(100 + s))
        let naive = try Distances.pairwiseNaive(x, metric: .l1)
        for path in Distances.L1Path.allCases where path.available {
            let d = Distances.cityblockBlocked(x, path: path)
            #expect(d.storage == naive.storage, "path \(path), m = \(m), n = \(n)")
        }
        let d = try Distances.pairwise(x, metric: .l1)
        #expect(d.storage == naive.storage)
        var worst = 0.0
        for i in 0..<m {
            #expect(d[i, i] == 0)
            for j in 0..<m where j != i {
                var plain = 0.0
                for k in 0..<n { plain += abs(x[k, i] - x[k, j]) }
                worst = max(worst, abs(d[i, j] - plain) / max(plain, .leastNormalMagnitude))
                #expect(d[i, j] == d[j, i])
            }
        }
        #expect(worst < 1e-12)
    }

    /// float32: every path agrees bit for bit, and each distance is within 1e-5 relative of the exact one
    /// (features rounded to float: relative 6e-8 each; float sums of 128 terms per lane: a few 1e-7).
    @Test(arguments: shapes.indices)
    func float32IsClose(_ s: Int) throws {
        let (m, n) = Self.shapes[s]
        let x = Self.features(m, n, seed: UInt64(200 + s))
        let exact = try Distances.pairwise(x, metric: .l1)
        let f = try Distances.pairwise(x, metric: .l1, precision: .float32)
        let portable = try Distances.cityblockFloat32(x, path: .portable)
        for path in Distances.L1Path.allCases where path.available {
            #expect(try Distances.cityblockFloat32(x, path: path).storage == portable.storage, "path \(path)")
        }
        for i in 0..<m {
            #expect(f[i, i] == 0)
            for j in 0..<m where j != i {
                #expect(f[i, j] == f[j, i])
                #expect(abs(f[i, j] - exact[i, j]) <= 1e-5 * exact[i, j], "(\(i), \(j)): \(f[i, j]) vs \(exact[i, j])")
            }
        }
    }

    @Test func float32RejectsOtherMetricsAndOverflow() {
        let x = featuresFromRows([[1, 2], [3, 1], [0, 0]])
        #expect(throws: MapError.self) { try Distances.pairwise(x, metric: .l2, precision: .float32) }
        let big = featuresFromRows([[1e300, 2], [3, 1]])
        #expect(throws: MapError.self) { try Distances.pairwise(big, metric: .l1, precision: .float32) }
        // A NaN is reported as a non-finite feature (as in float64), not as one beyond float's range.
        let nan = featuresFromRows([[1e300, 2], [3, .nan]])
        #expect {
            try Distances.pairwise(nan, metric: .l1, precision: .float32)
        } throws: { error in
            if case MapError.nonFinite = error { return true }
            return false
        }
    }

    /// `--precision float32` is recorded in map.json's parameters; the float64 default writes no such key
    /// (so default outputs stay as they were). On well-separated clusters the 7-NN sets agree.
    @Test func float32IsRecordedInMapJSON() throws {
        let (x, _) = syntheticClusters(clusters: 4, perCluster: 6, dim: 40, seed: 9)
        let ids = (0..<24).map { "enc\($0)" }
        var o = MapOptions()
        o.iterations = 50
        let exact = try MapBuilder.compute(ids: ids, features: x, options: o)
        o.precision = .float32
        let single = try MapBuilder.compute(ids: ids, features: x, options: o)
        #expect(MapBuilder.summary(exact).parameters.distancePrecision == nil)
        let note = try #require(MapBuilder.summary(single).parameters.distancePrecision)
        #expect(note.hasPrefix("float32"))
        #expect(try !MapBuilder.render(exact)["map.json", default: ""].contains("distancePrecision"))
        #expect(try MapBuilder.render(single)["map.json", default: ""].contains("distancePrecision"))
        #expect(exact.neighbours.map { Set($0.map(\.index)) } == single.neighbours.map { Set($0.map(\.index)) })
    }
}
