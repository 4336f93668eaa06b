import EncmapSupport
@testable import Features
import Foundation
import LinearAlgebra
import Testing
import TestSupport

/// Golden values from Tests/Fixtures/make_fixtures.py: numpy 2.4.6 float64, full n×n `numpy.linalg.eigh`
/// of ρ = E Eᵀ / tr(E Eᵀ), rank rule λ > max(n, d)·2.22e-16·λ_max, ε = 1e-10, natural log.
struct Golden: Decodable {
    struct Encoder: Decodable { let dim: Int; let rank: Int; let entropy: Double; let qre_unit: Double; let q: [Double] }
    struct Pair: Decodable { let a: String; let b: String; let qre: Double }
    let epsilon: Double
    let n: Int
    let encoders: [String: Encoder]
    let pairs: [Pair]

    static func load() throws -> Golden {
        try JSONDecoder().decode(Golden.self, from: Data(contentsOf: fixture("qre/golden.json")))
    }
}

@Suite struct GoldenAgreementTests {
    /// Cases: float32 C order, float64 Fortran order, float16, d > n (n×n route), duplicated columns
    /// (rank 6 of d = 10), low-rank plus noise.
    @Test func qVectorsMatchFullEigendecomposition() throws {
        let golden = try Golden.load()
        for (name, ref) in golden.encoders {
            let e = try EmbeddingMatrix.load(fixture("qre/\(name).npy"))
            let f = try UnitBaseFeatures.compute(e)
            #expect(f.rank == ref.rank, "\(name)")
            #expect(f.dimension == ref.dim)
            #expect(close(f.entropy, ref.entropy, rel: 1e-9), "\(name) entropy \(f.entropy) vs \(ref.entropy)")
            #expect(close(f.qreUnit, ref.qre_unit, rel: 1e-9), "\(name) total \(f.qreUnit) vs \(ref.qre_unit)")
            #expect(f.vector.count == golden.n)
            for (x, y) in zip(f.vector, ref.q) { #expect(close(x, y, rel: 1e-9), "\(name): \(x) vs \(y)") }
        }
    }

    @Test func pairwiseQREMatchesFullEigendecomposition() throws {
        let golden = try Golden.load()
        var spectra: [String: DensitySpectrum] = [:]
        for name in golden.encoders.keys {
            spectra[name] = try DensitySpectrum(EmbeddingMatrix.load(fixture("qre/\(name).npy")))
        }
        #expect(spectra["d_wide"]?.usesGramRoute == false)
        #expect(spectra["a_f32_c"]?.usesGramRoute == true)
        for pair in golden.pairs {
            let value = try RelativeEntropy.qre(spectra[pair.a]!, spectra[pair.b]!, epsilon: golden.epsilon)
            #expect(close(value, pair.qre, rel: 1e-9, abs: 1e-12), "\(pair.a) ‖ \(pair.b): \(value) vs \(pair.qre)")
        }
    }
}

@Suite struct RelativeEntropyFactTests {
    /// S(|0⟩⟨0| ‖ diag(0.3, 0.7)) = −ln 0.3 = 1.2039728043259361.
    @Test func pureStateAgainstDiagonal() throws {
        let rho = try DensitySpectrum(EmbeddingMatrix(id: "a", rows: [[1], [0]]))
        let sigma = try DensitySpectrum(EmbeddingMatrix(id: "b", rows: [[(0.3 as Double).squareRoot(), 0], [0, (0.7 as Double).squareRoot()]]))
        #expect(abs(try RelativeEntropy.qre(rho, sigma) - 1.2039728043259361) < 1e-14)
    }

    /// S(diag(1, 0) ‖ I/2) = ln 2, and S(I/2 ‖ diag(1, 0)) → +∞ as ε → 0 (it equals −ln 2 − ½ ln ε).
    @Test func supportFacts() throws {
        let pure = try DensitySpectrum(EmbeddingMatrix(id: "p", rows: [[1], [0]]))
        let mixed = try DensitySpectrum(EmbeddingMatrix(id: "m", rows: [[1, 0], [0, 1]]))
        #expect(abs(try RelativeEntropy.qre(pure, mixed) - log(2)) < 1e-15)
        var previous = 0.0
        for eps in [1e-2, 1e-10, 1e-100, 1e-300] {
            let v = try RelativeEntropy.qre(mixed, pure, epsilon: eps)
            #expect(abs(v - (-log(2) - 0.5 * log(eps))) < 1e-12 * abs(v))
            #expect(v > previous)
            previous = v
        }
        #expect(previous > 340)
    }

    @Test func selfEntropyIsZeroAndQREIsNonNegative() throws {
        var rng = SplitMix64(state: 7)
        let a = try DensitySpectrum(EmbeddingMatrix(id: "a", rows: rng.rows(30, 8)))
        let b = try DensitySpectrum(EmbeddingMatrix(id: "b", rows: rng.rows(30, 12)))
        let wide = try DensitySpectrum(EmbeddingMatrix(id: "w", rows: rng.rows(30, 45)))
        for s in [a, b, wide] { #expect(abs(try RelativeEntropy.qre(s, s)) < 1e-12) }
        for (x, y) in [(a, b), (b, a), (a, wide), (wide, a), (b, wide)] {
            #expect(try RelativeEntropy.qre(x, y) > 0)
        }
    }

    @Test func entropyOfMaximallyMixedAndRelativeToIt() throws {
        // E = I_4: ρ = I/4, S(ρ) = ln 4 and S(ρ ‖ I/n) = 0.
        let s = try DensitySpectrum(EmbeddingMatrix(id: "i", rows: (0..<4).map { i in (0..<4).map { $0 == i ? 1 : 0 } }))
        #expect(abs(s.entropy - log(4)) < 1e-15)
        #expect(abs(s.relativeEntropyToMaximallyMixed) < 1e-15)
        #expect(s.rank == 4)
    }

    @Test func mismatchedSentenceCountsAreRefused() throws {
        let a = try DensitySpectrum(EmbeddingMatrix(id: "a", rows: [[1], [2]]))
        let b = try DensitySpectrum(EmbeddingMatrix(id: "b", rows: [[1], [2], [3]]))
        let e = try #require(throws: FeatureError.self) { try RelativeEntropy.qre(a, b, names: ("a.npy", "b.npy")) }
        #expect(e.description.contains("b.npy embeds 3 sentences but a.npy embeds 2"))
        #expect(throws: FeatureError.self) { try RelativeEntropy.qre(a, a, epsilon: 0) }
        #expect(throws: FeatureError.self) { try RelativeEntropy.qre(a, a, epsilon: .nan) }
    }
}

@Suite struct InvarianceTests {
    func features(_ rows: [[Double]]) throws -> EncoderFeatures {
        try UnitBaseFeatures.compute(EmbeddingMatrix(id: "x", rows: rows))
    }

    @Test func scaleAndRotationLeaveFeaturesUnchanged() throws {
        var rng = SplitMix64(state: 11)
        let e = rng.rows(40, 9)
        let q = randomOrthogonal(9, &rng)
        let base = try features(e)
        let moved = try features(multiplyRows(e, q).map { $0.map { $0 * 3.7 } })
        #expect(base.rank == moved.rank)
        for (x, y) in zip(base.vector, moved.vector) { #expect(close(x, y, rel: 1e-10)) }
        let other = try DensitySpectrum(EmbeddingMatrix(id: "o", rows: rng.rows(40, 5)))
        let s1 = try RelativeEntropy.qre(DensitySpectrum(EmbeddingMatrix(id: "a", rows: e)), other)
        let s2 = try RelativeEntropy.qre(DensitySpectrum(EmbeddingMatrix(id: "b", rows: multiplyRows(e, q).map { $0.map { $0 * 1e-3 } })), other)
        #expect(close(s1, s2, rel: 1e-10))
    }

    @Test func permutingSentencesPermutesQAndKeepsQRE() throws {
        var rng = SplitMix64(state: 12)
        let a = rng.rows(25, 6), b = rng.rows(25, 30)
        var perm = Array(0..<25)
        for i in stride(from: 24, to: 0, by: -1) { perm.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let fa = try features(a), fp = try features(perm.map { a[$0] })
        for (k, j) in perm.enumerated() { #expect(close(fp.vector[k], fa.vector[j], rel: 1e-10)) }
        let plain = try RelativeEntropy.qre(DensitySpectrum(EmbeddingMatrix(id: "a", rows: a)),
                                            DensitySpectrum(EmbeddingMatrix(id: "b", rows: b)))
        let permuted = try RelativeEntropy.qre(DensitySpectrum(EmbeddingMatrix(id: "a", rows: perm.map { a[$0] })),
                                               DensitySpectrum(EmbeddingMatrix(id: "b", rows: perm.map { b[$0] })))
        #expect(close(plain, permuted, rel: 1e-10))
    }

    /// The d×d Gram route and the n×n route give the same spectrum, q-vector and QRE.
    @Test func gramRouteEqualsSentenceRoute() throws {
        var rng = SplitMix64(state: 13)
        let a = try EmbeddingMatrix(id: "a", rows: rng.rows(20, 7))
        let b = try EmbeddingMatrix(id: "b", rows: rng.rows(20, 11))
        let ga = try DensitySpectrum(a), gb = try DensitySpectrum(b)
        let na = try DensitySpectrum(a, forceSentenceRoute: true), nb = try DensitySpectrum(b, forceSentenceRoute: true)
        #expect(ga.usesGramRoute && !na.usesGramRoute)
        #expect(ga.rank == na.rank)
        for (x, y) in zip(ga.eigenvalues, na.eigenvalues) { #expect(close(x, y, rel: 1e-12, abs: 1e-15)) }
        let qa = try UnitBaseFeatures.qreUnitVector(ga, epsilon: 1e-10)
        let qn = try UnitBaseFeatures.qreUnitVector(na, epsilon: 1e-10)
        for (x, y) in zip(qa, qn) { #expect(close(x, y, rel: 1e-11)) }
        let mixed = [(ga, gb), (ga, nb), (na, gb), (na, nb)].map { try! RelativeEntropy.qre($0.0, $0.1) }
        for v in mixed.dropFirst() { #expect(close(v, mixed[0], rel: 1e-11)) }
    }

    @Test func qSumsToQREAgainstUnitBase() throws {
        // Σ_j q[j] = S(I/n ‖ ρ_ε): the unit base encoder is the identity embedding.
        var rng = SplitMix64(state: 14)
        let rows = rng.rows(15, 4)
        let f = try features(rows)
        let unit = try DensitySpectrum(EmbeddingMatrix(id: "u", rows: (0..<15).map { i in (0..<15).map { $0 == i ? 1 : 0 } }))
        let direct = try RelativeEntropy.qre(unit, DensitySpectrum(EmbeddingMatrix(id: "r", rows: rows)))
        #expect(close(f.qreUnit, direct, rel: 1e-12))
        #expect(close(f.vector.reduce(0, +), direct, rel: 1e-12))
    }

    @Test func spectrumAblationSumsToRelativeEntropyToMaximallyMixed() throws {
        var rng = SplitMix64(state: 15)
        let e = try EmbeddingMatrix(id: "s", rows: rng.rows(12, 5))
        let f = try UnitBaseFeatures.compute(e, parameters: FeatureParameters(method: .spectrum))
        let s = try DensitySpectrum(e)
        #expect(f.vector.count == 12)
        #expect(f.vector.suffix(7).allSatisfy { $0 == 0 })
        #expect(close(f.vector.reduce(0, +), s.relativeEntropyToMaximallyMixed, rel: 1e-12))
    }

    @Test func rankToleranceIsConfigurableAndChecked() throws {
        // Eigenvalues of diag(1, 1e-3, 1e-9)² normalised: a coarse τ drops the small ones.
        let e = try EmbeddingMatrix(id: "t", rows: [[1, 0, 0], [0, 1e-3, 0], [0, 0, 1e-9], [0, 0, 0]])
        #expect(try DensitySpectrum(e).rank == 3 - 1, "1e-18 relative is below the default τ = 4·2.22e-16")
        #expect(try DensitySpectrum(e, rankTolerance: 1e-4).rank == 1)
        #expect(try DensitySpectrum(e, rankTolerance: 0).rank == 3)
        #expect(throws: FeatureError.self) { try DensitySpectrum(e, rankTolerance: -1) }
    }
}
