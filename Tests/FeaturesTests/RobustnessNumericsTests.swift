import EncmapIO
import EncmapSupport
@testable import Features
import Foundation
import LinearAlgebra
import Testing
import TestSupport

/// Numerical edge cases of the features: ε over its whole range, extreme scales (float64 and float32
/// inputs), rank-1 encoders, d = 1, n = 2, identical encoders, d > n, and float16/float32 overflow.
@Suite struct RobustnessNumericsTests {
    // MARK: helpers

    func matrix(_ rows: [[Double]], id: String = "e") throws -> EmbeddingMatrix { try EmbeddingMatrix(id: id, rows: rows) }

    func features(_ rows: [[Double]], epsilon: Double = 1e-10) throws -> EncoderFeatures {
        try UnitBaseFeatures.compute(matrix(rows), parameters: FeatureParameters(epsilon: epsilon))
    }

    func scaled(_ rows: [[Double]], _ c: Double) -> [[Double]] { rows.map { $0.map { $0 * c } } }

    /// Low-rank rows: n × d of rank r (a product of Gaussian factors).
    func lowRank(_ n: Int, _ d: Int, rank r: Int, seed: UInt64) -> [[Double]] {
        var rng = SplitMix64(state: seed)
        return multiplyRows(rng.rows(n, r), rng.rows(r, d))
    }

    func expectSameFeatures(_ a: EncoderFeatures, _ b: EncoderFeatures, rel: Double = 1e-9, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.rank == b.rank, "\(what): rank \(a.rank) vs \(b.rank)", sourceLocation: sourceLocation)
        #expect(close(a.entropy, b.entropy, rel: rel, abs: rel), "\(what): entropy \(a.entropy) vs \(b.entropy)", sourceLocation: sourceLocation)
        #expect(close(a.qreUnit, b.qreUnit, rel: rel, abs: rel), "\(what): total \(a.qreUnit) vs \(b.qreUnit)", sourceLocation: sourceLocation)
        let worst = zip(a.vector, b.vector).map { abs($0 - $1) / max(1, abs($0), abs($1)) }.max() ?? 0
        #expect(a.vector.count == b.vector.count && worst <= rel, "\(what): largest relative difference \(worst)",
                sourceLocation: sourceLocation)
    }

    /// A `.npy` file of the given little-endian dtype ('<f2', '<f4') and rows, in a temporary folder.
    func npy(_ rows: [[Double]], descr: String) throws -> URL {
        let n = rows.count, d = rows[0].count
        var data = Data()
        for v in rows.joined() {
            switch descr {
            case "<f2": withUnsafeBytes(of: Float16(Float(v)).bitPattern.littleEndian) { data.append(contentsOf: $0) }
            default: withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(n), \(d)), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var file = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        file.append(contentsOf: Array(header.utf8))
        file.append(data)
        let url = try temporaryFolder().appendingPathComponent("x.npy")
        try file.write(to: url)
        return url
    }

    // MARK: ε

    /// Σ_j q[j] = S(I/n ‖ ρ_ε) is affine in ln ε with slope −(n − r)/n: finite and exact over 1e-300…1e-2,
    /// and ε-free for a full-rank encoder. It never drops below −ε(n − r) (σ_ε has trace 1 + ε(n − r)).
    @Test(arguments: [1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-5, 1e-3, 1e-2, .leastNonzeroMagnitude])
    func epsilonOverItsWholeRange(_ epsilon: Double) throws {
        let n = 20, r = 5
        let rows = lowRank(n, 8, rank: r, seed: 11)
        let reference = try features(rows)
        let f = try features(rows, epsilon: epsilon)
        #expect(f.rank == r)
        #expect(f.vector.allSatisfy { $0.isFinite }, "finite q at ε = \(epsilon)")
        #expect(close(f.vector.reduce(0, +), f.qreUnit, rel: 1e-12, abs: 1e-9))
        let slope = -Double(n - r) / Double(n)
        let predicted = reference.qreUnit + slope * (log(epsilon) - log(1e-10))
        #expect(close(f.qreUnit, predicted, rel: 1e-10, abs: 1e-9), "\(f.qreUnit) vs \(predicted)")
        #expect(f.qreUnit >= -epsilon * Double(n - r) - 1e-12)
        // Full rank (d ≥ n): no null space, ε plays no part.
        var rng = SplitMix64(state: 12)
        let full = rng.rows(6, 10)
        expectSameFeatures(try features(full, epsilon: epsilon), try features(full), rel: 1e-10, "full rank at ε = \(epsilon)")
        // Between two encoders as well.
        let a = try DensitySpectrum(matrix(rows)), b = try DensitySpectrum(matrix(lowRank(n, 6, rank: 4, seed: 13)))
        #expect(try RelativeEntropy.qre(a, b, epsilon: epsilon).isFinite)
    }

    @Test(arguments: [0.0, 1.0, -1e-10, 2.0, .nan, .infinity, -.infinity])
    func epsilonOutsideTheOpenUnitIntervalIsRefused(_ epsilon: Double) throws {
        let rows = lowRank(10, 3, rank: 3, seed: 1)
        #expect(throws: FeatureError.self) { try features(rows, epsilon: epsilon) }
        let s = try DensitySpectrum(matrix(rows))
        #expect(throws: FeatureError.self) { try RelativeEntropy.qre(s, s, epsilon: epsilon) }
    }

    // MARK: scale

    /// ρ = E Eᵀ / ‖E‖_F² does not change when E is multiplied by c > 0 — including magnitudes whose squares
    /// overflow (1e200) or underflow (1e-160, 1e-200, 1e-300) in float64, which encmap rescales exactly.
    @Test(arguments: [1e-300, 1e-200, 1e-160, 1e-30, 1e-3, 1e3, 1e30, 1e150, 1e200, 1e300])
    func featuresAreInvariantToScale(_ c: Double) throws {
        for (rows, what) in [(lowRank(16, 6, rank: 4, seed: 21), "rank 4 of d = 6"),
                             (lowRank(7, 12, rank: 7, seed: 22), "d > n"),
                             (lowRank(9, 3, rank: 3, seed: 23), "full column rank")] {
            let scaledRows = scaled(rows, c)
            try #require(scaledRows.joined().allSatisfy { $0.isFinite })
            expectSameFeatures(try features(scaledRows), try features(rows), rel: 1e-9, "\(what) × \(c)")
            let a = try DensitySpectrum(matrix(scaledRows)), b = try DensitySpectrum(matrix(rows))
            #expect(close(try RelativeEntropy.qre(a, b), 0, rel: 0, abs: 1e-8), "S(cE ‖ E) = 0 at c = \(c)")
        }
    }

    /// float32 files scaled by 1e30 (which float32 holds) give the features of the unscaled file; scaled
    /// so far that float32 overflows, the file holds infinities and is refused, naming the row.
    @Test func float32InputsAtExtremeScales() throws {
        var rng = SplitMix64(state: 31)
        let rows = rng.rows(12, 5)
        let plain = try UnitBaseFeatures.compute(EmbeddingMatrix.load(try npy(rows, descr: "<f4")))
        for c in [0x1p100, 0x1p-100] {   // powers of two: exact in float32, so bit-for-bit the same ρ
            let f = try UnitBaseFeatures.compute(EmbeddingMatrix.load(try npy(scaled(rows, c), descr: "<f4")))
            expectSameFeatures(f, plain, rel: 1e-12, "float32 × \(c)")
        }
        let f30 = try UnitBaseFeatures.compute(EmbeddingMatrix.load(try npy(scaled(rows, 1e30), descr: "<f4")))
        expectSameFeatures(f30, plain, rel: 1e-5, "float32 × 1e30 (float32 rounding)")
        let huge = scaled(rows, 1e39)   // any |entry| > 0.34 overflows float32 (max ≈ 3.4e38)
        let firstOverflow = try #require(huge.firstIndex { $0.contains { Float($0).isInfinite } })
        let url = try npy(huge, descr: "<f4")
        let error = #expect(throws: FileError.self) { try EmbeddingMatrix.load(url) }
        #expect(error?.description.contains("\(url.path): row \(firstOverflow) (0-based) contains infinity") == true, "\(String(describing: error))")
    }

    @Test func float16OverflowIsRefusedNamingTheRow() throws {
        var rng = SplitMix64(state: 32)
        var rows = rng.rows(10, 4)
        rows[6][3] = 65_520   // rounds to infinity in float16 (largest finite 65504)
        let url = try npy(rows, descr: "<f2")
        let error = #expect(throws: FileError.self) { try EmbeddingMatrix.load(url) }
        let text = error?.description ?? ""
        #expect(text.contains("\(url.path): row 6 (0-based) contains infinity") && text.contains("float16 overflows above 65504"), "\(text)")
        rows[6][3] = 65_504
        #expect(try UnitBaseFeatures.compute(EmbeddingMatrix.load(try npy(rows, descr: "<f2"))).vector.allSatisfy { $0.isFinite })
    }

    // MARK: degenerate shapes

    /// E = u vᵀ: ρ = u uᵀ/‖u‖², rank 1, entropy 0, and q[j] = (1/n)(−ln n − (1 − h_j) ln ε), h_j = u_j²/‖u‖².
    @Test func rankOneEncoders() throws {
        var rng = SplitMix64(state: 41)
        let n = 15
        let u = (0..<n).map { _ in rng.normal() }, v = (0..<6).map { _ in rng.normal() }
        let rows = u.map { ui in v.map { ui * $0 } }
        let f = try features(rows)
        #expect(f.rank == 1)
        #expect(abs(f.entropy) < 1e-12)
        let uu = u.reduce(0) { $0 + $1 * $1 }
        for j in 0..<n {
            let h = u[j] * u[j] / uu
            let expected = (-log(Double(n)) - (1 - h) * log(1e-10)) / Double(n)
            #expect(close(f.vector[j], expected, rel: 1e-9, abs: 1e-12), "q[\(j)]")
        }
        // d = 1: the same density matrix as any rank-1 E with the same u.
        expectSameFeatures(try features(u.map { [$0] }), f, rel: 1e-9, "d = 1")
        #expect(try features(u.map { [3 * $0] }).dimension == 1)
        // Two rank-1 encoders with orthogonal sentence vectors: nothing captured, S = −ln ε exactly.
        var w = (0..<n).map { _ in rng.normal() }
        let proj = zip(u, w).reduce(0) { $0 + $1.0 * $1.1 } / uu
        w = zip(w, u).map { $0 - proj * $1 }
        let a = try DensitySpectrum(matrix(u.map { [$0] })), b = try DensitySpectrum(matrix(w.map { [$0, 2 * $0] }))
        #expect(close(try RelativeEntropy.qre(a, b), -log(1e-10), rel: 1e-9))
        #expect(abs(try RelativeEntropy.qre(a, a)) < 1e-9)
    }

    /// n = 2: the smallest sentence set. Full rank: Σ_j q[j] = −ln 2 − (1/2)(ln λ₁ + ln λ₂), ε-free.
    @Test func twoSentences() throws {
        let rows: [[Double]] = [[1, 2, 0.5], [-0.3, 1, 2]]
        let f = try features(rows)
        #expect(f.vector.count == 2 && f.rank == 2)
        let m00 = rows[0].reduce(0) { $0 + $1 * $1 }, m11 = rows[1].reduce(0) { $0 + $1 * $1 }
        let m01 = zip(rows[0], rows[1]).reduce(0) { $0 + $1.0 * $1.1 }
        let t = m00 + m11, det = m00 * m11 - m01 * m01
        let disc = (t * t / 4 - det).squareRoot()
        let l1 = (t / 2 + disc) / t, l2 = (t / 2 - disc) / t
        #expect(close(f.qreUnit, -log(2) - 0.5 * (log(l1) + log(l2)), rel: 1e-12))
        #expect(close(f.entropy, -(l1 * log(l1) + l2 * log(l2)), rel: 1e-12))
        // n = 2, d = 1: rank 1.
        let g = try features([[2], [-1]])
        #expect(g.rank == 1 && g.vector.count == 2)
        // n = 1 is refused.
        let error = #expect(throws: FileError.self) { try features([[1, 2, 3]]) }
        #expect(error?.reason.contains("has 1 row") == true)
    }

    /// Identical encoders (also up to scale and rotation): QRE 0 and ℓ1 distance 0 between q-vectors.
    @Test func identicalEncoders() throws {
        var rng = SplitMix64(state: 51)
        let rows = lowRank(18, 7, rank: 5, seed: 52)
        let q = randomOrthogonal(7, &rng)
        for (other, what) in [(rows, "a copy"), (scaled(multiplyRows(rows, q), 4.5), "4.5·E·Q")] {
            let a = try DensitySpectrum(matrix(rows)), b = try DensitySpectrum(matrix(other))
            #expect(abs(try RelativeEntropy.qre(a, b)) < 1e-8, "\(what)")
            #expect(abs(try RelativeEntropy.qre(b, a)) < 1e-8, "\(what)")
            let l1 = zip(try features(rows).vector, try features(other).vector).reduce(0) { $0 + abs($1.0 - $1.1) }
            #expect(l1 < 1e-8, "\(what): ℓ1 = \(l1)")
        }
        // Bit-identical inputs give bit-identical vectors (same computation), so ℓ1 is exactly 0.
        #expect(try features(rows).vector == (try features(rows).vector))
    }

    /// d > n takes the n×n route; it agrees with the d×d Gram route on an n×n factor with the same E Eᵀ.
    @Test(arguments: [(8, 20, 8), (8, 20, 3), (5, 300, 5)])
    func wideEncodersAgreeWithTheGramRoute(_ n: Int, _ d: Int, _ r: Int) throws {
        let rows = lowRank(n, d, rank: r, seed: UInt64(100 + n + d + r))
        let wide = try DensitySpectrum(matrix(rows))
        #expect(!wide.usesGramRoute && wide.rank == r)
        // F = W Λ^{1/2} (n×n) has F Fᵀ = E Eᵀ; with d = n it goes through the Gram route.
        let e = try SymmetricEigen(Matrix(rowArrays: rows).innerGramRows())
        let factor = (0..<n).map { i in (0..<n).map { k in e.vectors![i, k] * max(e.values[k], 0).squareRoot() } }
        let square = try DensitySpectrum(matrix(factor))
        #expect(square.usesGramRoute)
        expectSameFeatures(try UnitBaseFeatures.compute(matrix(rows)), try UnitBaseFeatures.compute(matrix(factor)),
                           rel: 1e-7, "n = \(n), d = \(d), rank \(r)")
        #expect(abs(try RelativeEntropy.qre(wide, square)) < 1e-7)
    }
}

extension Matrix {
    /// A Aᵀ for a matrix whose rows are the embeddings (test helper, plain loops).
    func innerGramRows() -> Matrix {
        var g = Matrix(rows: rows, columns: rows)
        for i in 0..<rows {
            for j in 0..<rows {
                var s = 0.0
                for k in 0..<columns { s += self[i, k] * self[j, k] }
                g[i, j] = s
            }
        }
        return g
    }
}
