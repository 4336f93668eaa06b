import EncmapSupport
import Foundation
import LinearAlgebra
@testable import Map
import Testing

/// The FFT and the interpolation-based (FIt-SNE) repulsion against direct sums.
@Suite struct InterpolationTests {
    /// The 2-D FFT equals the direct DFT X[k₁, k₂] = Σ x[n₁, n₂] exp(−2πi(k₁n₁ + k₂n₂)/N), with the
    /// forward spectrum in bit-reversed order on both axes, and inverse(forward(x)) = N² x.
    @Test(arguments: [4, 8, 16, 64])
    func fftMatchesDirectDFT(n: Int) {
        var rng = SplitMix64(seed: UInt64(n))
        let fft = FFTGrid(size: n)
        let ld = fft.ld
        // Row stride ld > N: the padding columns hold 0 and are never read.
        let xr = (0..<(n * ld)).map { $0 % ld < n ? rng.nextGaussian() : 0 }, xi = (0..<(n * ld)).map { $0 % ld < n ? rng.nextGaussian() : 0 }
        var sr = xr, si = xi
        sr.withUnsafeMutableBufferPointer { c in si.withUnsafeMutableBufferPointer { d in
            fft.forward(re: c.baseAddress!, im: d.baseAddress!, live: n)
        }}
        var worst = 0.0
        for k1 in [0, 1, n / 2, n - 1] {
            for k2 in 0..<n {
                var re = 0.0, im = 0.0
                for n1 in 0..<n {
                    for n2 in 0..<n {
                        let angle = -2 * Double.pi * Double((k1 * n1 + k2 * n2) % n) / Double(n)
                        re += xr[n1 * ld + n2] * cos(angle) - xi[n1 * ld + n2] * sin(angle)
                        im += xr[n1 * ld + n2] * sin(angle) + xi[n1 * ld + n2] * cos(angle)
                    }
                }
                let at = fft.bitReversed[k1] * ld + fft.bitReversed[k2]
                worst = max(worst, abs(sr[at] - re), abs(si[at] - im))
            }
        }
        // Rounding of an N²-term sum of unit-variance terms: ≈ ε·N·log₂N·N in the worst case.
        #expect(worst < 1e-12 * Double(n * n), "max |FFT − DFT| = \(worst)")
        var ar = sr, ai = si
        ar.withUnsafeMutableBufferPointer { a in ai.withUnsafeMutableBufferPointer { b in
            fft.inverse(re: a.baseAddress!, im: b.baseAddress!, live: n)
        }}
        let scale = Double(n * n)
        let roundTrip = zip(ar, xr).map { abs($0 / scale - $1) }.max()! + zip(ai, xi).map { abs($0 / scale - $1) }.max()!
        #expect(roundTrip < 1e-13 * Double(n), "round trip error \(roundTrip)")
    }

    /// The 2-D forward transform is the column pass then the row pass; the strip-parallel column pass gives
    /// the same bits as one serial transform of all columns, and the row pass the same bits on every call.
    @Test func parallelPassesEqualSerialTransforms() {
        let n = 128
        var rng = SplitMix64(seed: 3)
        let fft = FFTGrid(size: n)
        let xr = (0..<(n * fft.ld)).map { _ in rng.nextGaussian() }, xi = (0..<(n * fft.ld)).map { _ in rng.nextGaussian() }
        var pr = xr, pi = xi, qr = xr, qi = xi
        pr.withUnsafeMutableBufferPointer { a in pi.withUnsafeMutableBufferPointer { b in
            fft.pass(re: a.baseAddress!, im: b.baseAddress!, liveColumns: n, inverse: false)
            fft.transformRows(re: a.baseAddress!, im: b.baseAddress!, inverse: false)
        }}
        qr.withUnsafeMutableBufferPointer { a in qi.withUnsafeMutableBufferPointer { b in
            fft.transformColumns(re: a.baseAddress!, im: b.baseAddress!, columns: 0..<n, inverse: false)
        }}
        var sr = xr, si = xi
        sr.withUnsafeMutableBufferPointer { a in si.withUnsafeMutableBufferPointer { b in
            fft.forward(re: a.baseAddress!, im: b.baseAddress!, live: n)
        }}
        #expect(pr == sr && pi == si)
        // Column strips computed in parallel equal all columns computed serially.
        var cr = xr, ci = xi
        cr.withUnsafeMutableBufferPointer { a in ci.withUnsafeMutableBufferPointer { b in
            fft.pass(re: a.baseAddress!, im: b.baseAddress!, liveColumns: n, inverse: false)
        }}
        #expect(cr == qr && ci == qi)
        // Row chunks: the same rows transformed again, in another call, give the same bits.
        var tr = qr, ti = qi, ur = qr, ui = qi
        tr.withUnsafeMutableBufferPointer { a in ti.withUnsafeMutableBufferPointer { b in
            fft.transformRows(re: a.baseAddress!, im: b.baseAddress!, inverse: false)
        }}
        ur.withUnsafeMutableBufferPointer { a in ui.withUnsafeMutableBufferPointer { b in
            fft.transformRows(re: a.baseAddress!, im: b.baseAddress!, inverse: false)
        }}
        #expect(tr == pr && ti == pi && ur == pr && ui == pi)
    }

    /// Interpolated Z and Fᵢ = Σⱼ wᵢⱼ²(yᵢ − yⱼ) against the direct O(m²) sums, within the a-priori bound.
    ///
    /// Bound: each pair's squared kernel K = (1 + Δx² + Δy²)⁻² is replaced by I_t I_s K, the tensor
    /// 3-point Lagrange interpolant in the target and in the source box (box width b, nodes at
    /// (k + ½)b/3). In 1-D, |f − I f| ≤ M₃/3! · b³ · max_{t∈[0,1]} |Π(t − sₖ)| = M₃ b³ (5/72)/6 with
    /// M₃ = max |∂³K/∂x³| = max |72x − 120x³|/(1 + x²)⁵ = 12.0188 (at x = 0.276). With the Lebesgue
    /// constant Λ = max Σ|ℓₖ| = 3.5 (at the box edges), 2-D: e₂ ≤ (1 + Λ) e₁, and twice:
    /// ε ≤ (1 + Λ²)(1 + Λ) · 5 M₃ b³ / 432 per pair. The charges (1, uˣ, uʸ, ‖u‖²) then give
    /// |ΔFᵢ| ≤ ε Σⱼ (‖uᵢ‖ + ‖uⱼ‖) and |ΔZ| ≤ ε Σᵢⱼ (1 + (‖uᵢ‖ + ‖uⱼ‖)²).
    /// The observed errors are far below the bound; `zError` and `forceError` record them (box width b =
    /// 3/85, 30/85 and 120/170: openTSNE's rule allows boxes up to width 1, where the near field is coarse).
    @Test(arguments: [(200, 3.0, UInt64(1), 1e-4, 0.01), (500, 30.0, UInt64(2), 1e-3, 0.05),
                      (300, 120.0, UInt64(3), 0.02, 0.15)])
    func repulsionMatchesDirectSums(m: Int, spread: Double, seed: UInt64, zError: Double, forceError: Double) {
        var rng = SplitMix64(seed: seed)
        // Two clusters and a uniform background: uneven density, like a t-SNE map.
        let y: [Double] = (0..<m).flatMap { i -> [Double] in
            switch i % 3 {
            case 0: return [spread * (0.3 + 0.05 * rng.nextGaussian()), spread * 0.05 * rng.nextGaussian()]
            case 1: return [spread * (-0.2 + 0.1 * rng.nextGaussian()), spread * (0.25 + 0.05 * rng.nextGaussian())]
            default: return [spread * (rng.nextUniform() - 0.5), spread * (rng.nextUniform() - 0.5)]
            }
        }
        var grid = InterpolationGrid()
        var forces = [Double](repeating: 0, count: 2 * m)
        let z = forces.withUnsafeMutableBufferPointer { f in
            y.withUnsafeBufferPointer { grid.repulsion($0, forces: f.baseAddress!, chunks: 16) }
        }
        let xs = stride(from: 0, to: 2 * m, by: 2).map { y[$0] }, ys = stride(from: 1, to: 2 * m, by: 2).map { y[$0] }
        let cx = (xs.min()! + xs.max()!) / 2, cy = (ys.min()! + ys.max()!) / 2
        let range = max(xs.max()!, ys.max()!) - min(xs.min()!, ys.min()!)
        let b = range / Double(grid.boxes)
        let lambda = 3.5, m3 = 12.0188
        let eps = (1 + lambda * lambda) * (1 + lambda) * 5 * m3 * b * b * b / 432
        let norms = (0..<m).map { hypot(y[2 * $0] - cx, y[2 * $0 + 1] - cy) }
        var zExact = 0.0, zBound = 0.0, worstF = 0.0, worstRatio = 0.0
        for i in 0..<m {
            var fx = 0.0, fy = 0.0, bound = 0.0
            for j in 0..<m {
                zBound += 1 + pow2(norms[i] + norms[j])
                bound += norms[i] + norms[j]
                guard j != i else { continue }
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let w = 1 / (1 + dx * dx + dy * dy)
                zExact += w; fx += w * w * dx; fy += w * w * dy
            }
            let err = max(abs(forces[2 * i] - fx), abs(forces[2 * i + 1] - fy))
            worstF = max(worstF, err / max(hypot(fx, fy), 1e-300))
            worstRatio = max(worstRatio, err / (eps * bound + 1e-12))
        }
        #expect(worstRatio <= 1, "force error over its bound: \(worstRatio)")
        #expect(abs(z - zExact) <= eps * zBound + 1e-9 * zExact, "Z \(z) vs \(zExact), bound \(eps * zBound)")
        #expect(abs(z - zExact) / zExact < zError, "relative Z error \(abs(z - zExact) / zExact)")
        #expect(worstF < forceError, "worst relative force error \(worstF)")
    }

    /// The whole gradient (attraction + interpolated repulsion) against the exact gradient with the same
    /// sparse P, and KL as reported against KL computed from its definition with the exact Z.
    @Test func gradientAndKLAgainstExactSums() throws {
        let (x, _) = syntheticClusters(clusters: 4, perCluster: 60, dim: 6, noise: 2, seed: 8)
        let d = try Distances.pairwise(x, metric: .l2)
        let m = d.rows
        let p = Affinities.sparse(d, perplexity: 20, square: true)
        var rng = SplitMix64(seed: 11)
        let y = (0..<(2 * m)).map { _ in 5 * rng.nextGaussian() }
        var objective = Objective.interpolation(p, m: m)
        objective.exaggeration = 1
        var g = [Double](repeating: 0, count: 2 * m)
        let kl = objective.evaluate(y, gradient: &g, computeError: true)
        // Direct: Z over all pairs, then the same sparse attraction, in plain loops.
        var z = 0.0
        for i in 0..<m { for j in 0..<m where j != i { z += 1 / (1 + pow2(y[2 * i] - y[2 * j]) + pow2(y[2 * i + 1] - y[2 * j + 1])) } }
        var exact = [Double](repeating: 0, count: 2 * m)
        var klExact = 0.0
        for i in 0..<m {
            var ax = 0.0, ay = 0.0, rx = 0.0, ry = 0.0
            for j in 0..<m where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let w = 1 / (1 + dx * dx + dy * dy)
                rx += w * w * dx; ry += w * w * dy
            }
            for e in p.rowStart[i]..<p.rowStart[i + 1] {
                let j = p.columns[e]
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let w = 1 / (1 + dx * dx + dy * dy)
                ax += p.values[e] * w * dx; ay += p.values[e] * w * dy
                klExact += p.values[e] * log(p.values[e] / (w / z))
            }
            exact[2 * i] = 4 * (ax - rx / z); exact[2 * i + 1] = 4 * (ay - ry / z)
        }
        let diff = zip(g, exact).map { pow2($0 - $1) }.reduce(0, +).squareRoot()
        let norm = exact.map(pow2).reduce(0, +).squareRoot()
        #expect(diff / norm < 1e-2, "relative gradient error \(diff / norm)")
        // KL differs only through Z: |ΔKL| ≈ Σp · |ΔZ|/Z = |ΔZ|/Z, below 10⁻³ (see the test above).
        #expect(abs(kl - klExact) < 1e-3, "KL \(kl) vs \(klExact)")
    }

    @Test func gridSizesFollowTheBoxRule() {
        #expect(InterpolationGrid.gridSize(range: 1e-3) == (85, 512))
        #expect(InterpolationGrid.gridSize(range: 85) == (85, 512))
        #expect(InterpolationGrid.gridSize(range: 86) == (170, 1024))
        #expect(InterpolationGrid.gridSize(range: 136.4) == (170, 1024))
        #expect(InterpolationGrid.gridSize(range: 1e12) == (341, 2048), "capped: boxes widen instead")
        var grid = InterpolationGrid()
        var forces = [Double](repeating: 0, count: 4)
        let z = forces.withUnsafeMutableBufferPointer { f in
            [0, 0, Double.nan, 1].withUnsafeBufferPointer { grid.repulsion($0, forces: f.baseAddress!, chunks: 2) }
        }
        #expect(z.isNaN && forces.allSatisfy { $0.isNaN }, "a diverged layout gives NaN, not a trap")
    }

    /// The schedule of `TSNE.embed` on a given objective (exaggerated phase, then the rest).
    func optimise(_ objective: inout Objective, start: [Double], m: Int, iterations: Int) -> ([Double], Double) {
        var y = start
        var descent = Descent(learningRate: 50, minGradientNorm: 1e-7)
        objective.exaggeration = 12
        let (_, it) = descent.run(&objective, &y, from: 0, to: 100, momentum: 0.5, patience: 100)
        objective.exaggeration = 1
        let (kl, _) = descent.run(&objective, &y, from: it + 1, to: iterations, momentum: 0.8, patience: 300)
        return (y, kl)
    }

    /// Same inputs and seed, same bits (the chunking is fixed, so this holds on any core count); the
    /// embedding separates clusters and its KL is within 10 % of Barnes–Hut's on the same P. Only the
    /// minimum box count is lowered (8 instead of openTSNE's 50; boxes still ≤ 1 wide, N = 128 or 256 for this
    /// map's extent) so that the unoptimised test build stays quick.
    @Test func interpolationEmbeddingIsDeterministicAndSeparatesClusters() throws {
        let (x, labels) = syntheticClusters(clusters: 5, perCluster: 30, dim: 8, seed: 5)
        let d = try Distances.pairwise(x, metric: .l1)
        let m = d.rows
        let p = Affinities.sparse(d, perplexity: 15, square: false)
        let start = StartingLayout.random(count: m, seed: 7)
        func coarse() -> Objective {
            var o = Objective.interpolation(p, m: m)
            if case .interpolation(let pp, var grid) = o.kind {
                grid.minBoxes = 8; grid.maxBoxWidth = 1
                o.kind = .interpolation(p: pp, grid: grid)
            }
            return o
        }
        var a = coarse(), b = coarse()
        let (ya, kla) = optimise(&a, start: start, m: m, iterations: 400)
        let (yb, klb) = optimise(&b, start: start, m: m, iterations: 400)
        #expect(ya == yb && kla == klb)
        var layout = Matrix(rows: m, columns: 2)
        for i in 0..<m { layout[i, 0] = ya[2 * i]; layout[i, 1] = ya[2 * i + 1] }
        #expect(try Trustworthiness.score(distances: d, layout: layout, k: 7) >= 0.9)
        let nearest = layoutNearest(layout)
        #expect((0..<labels.count).allSatisfy { labels[nearest[$0]] == labels[$0] })
        var bh = Objective.barnesHut(p, m: m, theta: 0.5)
        let (_, klBH) = optimise(&bh, start: start, m: m, iterations: 400)
        #expect(kla > 0 && abs(kla - klBH) / klBH < 0.1, "interpolation KL \(kla), Barnes–Hut KL \(klBH)")
    }

    /// `TSNE.embed` with `.interpolation` reports the method and a finite KL (a few iterations).
    @Test func embedRunsTheInterpolationMethod() throws {
        let (x, _) = syntheticClusters(clusters: 3, perCluster: 20, dim: 5, seed: 2)
        var o = TSNE.Options()
        o.method = .interpolation
        o.iterations = 6
        o.explorationIterations = 3
        let r = try TSNE.embed(distances: try Distances.pairwise(x), options: o)
        #expect(r.method == .interpolation && r.klDivergence.isFinite && r.klDivergence > 0)
        #expect(r.coordinates.storage.allSatisfy { $0.isFinite })
    }

    @Test func automaticPicksByPointCount() {
        #expect(TSNE.automaticMethod(points: TSNE.exactThreshold) == .exact)
        #expect(TSNE.automaticMethod(points: TSNE.exactThreshold + 1) == .barnesHut)
        #expect(TSNE.automaticMethod(points: TSNE.interpolationThreshold + 1) == .interpolation)
    }
}
