import EncmapSupport

/// The repulsive half of the t-SNE gradient by polynomial interpolation on an equispaced grid and a
/// grid convolution by FFT (Linderman, Rachh, Hoskins, Steinerberger & Kluger 2019, "FIt-SNE"; the
/// 2-D scheme openTSNE uses by default).
///
/// **What is computed.** With wᵢⱼ = (1 + ‖yᵢ − yⱼ‖²)⁻¹, the repulsion needs, for every i,
/// Fᵢ = Σⱼ wᵢⱼ² (yᵢ − yⱼ) and Zᵢ = Σ_{j≠i} wᵢⱼ. Both are sums of the squared kernel K = w² against
/// four charges qⱼ = (1, uⱼˣ, uⱼʸ, ‖uⱼ‖²) (u = y − c, c the centre of the bounding box, which keeps
/// the cancellation below small): with φᵢ = Σⱼ K(yᵢ, yⱼ) qⱼ,
/// Fᵢ = uᵢ φᵢ⁽⁰⁾ − (φᵢ⁽¹⁾, φᵢ⁽²⁾) and, since wᵢⱼ = K·(1 + ‖uᵢ − uⱼ‖²),
/// Zᵢ = (1 + ‖uᵢ‖²) φᵢ⁽⁰⁾ − 2 uᵢ·(φᵢ⁽¹⁾, φᵢ⁽²⁾) + φᵢ⁽³⁾ − 1 (the − 1 removes j = i); Z = Σᵢ Zᵢ.
///
/// **Interpolation.** The square [lo, hi]² around the points (the same interval on both axes) is cut
/// into B × B boxes of width b = (hi − lo)/B, each holding p = 3 nodes at offsets (k + ½)·b/3, so all
/// L = 3B nodes per axis are equispaced with spacing h = b/3. A point's kernel is replaced by its
/// tensor-product Lagrange interpolant on the 3 × 3 nodes of its box, at the source and at the target:
/// charges are spread to the nodes (wₐ = Σⱼ ℓₐ(yⱼ) qⱼ), the node-to-node sums vₐ = Σ_c K(tₐ − t_c) w_c
/// are a 2-D discrete convolution, and φᵢ = Σₐ ℓₐ(yᵢ) vₐ. Per pair the error is that of interpolating K
/// twice with cubic-remainder |Π(t − sₖ)| ≤ 5b³/72 (see `InterpolationTests`).
///
/// **Grid size.** B ≥ max(50, (hi − lo)/1) as openTSNE (`min_num_intervals = 50`, `ints_in_interval = 1`),
/// then the convolution is embedded in a circulant of size N = the power of two ≥ 2L − 1, and B is
/// raised to ⌊(N + 1)/6⌋ (the largest B the same FFT size holds: finer boxes at no extra cost);
/// N ≤ `maxFFTSize`.
/// The four real charge grids travel as two complex grids (w⁽⁰⁾ + i w⁽¹⁾, w⁽²⁾ + i w⁽³⁾): the kernel
/// is real and even, so its spectrum is real and the real and imaginary parts of the product's inverse
/// are the two convolutions. Per evaluation: one kernel transform, two forward and two inverse 2-D FFTs.
///
/// **Determinism.** Spreading is serial in point order; the FFT is strip-parallel with fixed strips;
/// the gather is chunk-parallel with fixed chunks and the Zᵢ are summed in chunk order.
struct InterpolationGrid {
    static let nodesPerBox = 3
    /// openTSNE's `min_num_intervals` and 1 / `ints_in_interval`; tests lower them to keep grids small.
    var minBoxes = 50
    var maxBoxWidth = 1.0

    private var fft: FFTGrid?
    private var kernelSpectrum: [Double] = []
    private var aRe: [Double] = [], aIm: [Double] = [], bRe: [Double] = [], bIm: [Double] = []
    /// The box count of the last evaluation (for tests and reports).
    private(set) var boxes = 0

    /// Box count B and FFT size N for points spanning `range` on the wider axis.
    /// The largest FFT size: beyond an extent of 341 the boxes widen past `maxBoxWidth` instead of the
    /// grid growing further (memory 4·N²·8 bytes, 134 MB at N = 2048).
    static let maxFFTSize = 2048

    static func gridSize(range: Double, minBoxes: Int = 50, maxBoxWidth: Double = 1) -> (boxes: Int, fftSize: Int) {
        let cap = Double((maxFFTSize + 1) / (2 * nodesPerBox))
        let wanted = Swift.max(minBoxes, Int(Swift.min((range / maxBoxWidth).rounded(.up), cap)))
        var n = 2
        while n < 2 * nodesPerBox * wanted - 1 { n *= 2 }
        return ((n + 1) / (2 * nodesPerBox), n)
    }

    /// Writes Fᵢ to `forces` (interleaved like y) and returns Z = Σ_{i≠j} wᵢⱼ.
    /// - Complexity: O(m) for spreading and gathering, O(N² log N) for the FFTs.
    mutating func repulsion(_ y: UnsafeBufferPointer<Double>, forces: UnsafeMutablePointer<Double>, chunks: Int) -> Double {
        let m = y.count / 2
        guard m > 0 else { return 0 }
        var loX = Double.infinity, hiX = -Double.infinity, loY = Double.infinity, hiY = -Double.infinity
        for i in 0..<m {
            loX = Swift.min(loX, y[2 * i]); hiX = Swift.max(hiX, y[2 * i])
            loY = Swift.min(loY, y[2 * i + 1]); hiY = Swift.max(hiY, y[2 * i + 1])
        }
        let lo = Swift.min(loX, loY)
        let range = Swift.max(Swift.max(hiX, hiY) - lo, 1e-12)
        var finite = range.isFinite
        for v in y where !v.isFinite { finite = false; break }
        guard finite else {
            // A diverged layout (non-finite coordinates): no grid; NaN forces and Z propagate to KL.
            forces.update(repeating: .nan, count: 2 * m)
            return .nan
        }
        let (nb, n) = Self.gridSize(range: range, minBoxes: minBoxes, maxBoxWidth: maxBoxWidth)
        boxes = nb
        if fft?.n != n {
            fft = FFTGrid(size: n)
            let size = n * (fft?.ld ?? n)
            kernelSpectrum = [Double](repeating: 0, count: size)
            for buffer in [\Self.aRe, \Self.aIm, \Self.bRe, \Self.bIm] as [WritableKeyPath<Self, [Double]>] {
                self[keyPath: buffer] = [Double](repeating: 0, count: size)
            }
        }
        guard let fft else { return 0 }
        let ld = fft.ld
        let l = Self.nodesPerBox * nb
        let boxWidth = range / Double(nb), h = boxWidth / Double(Self.nodesPerBox)
        let cx = (loX + hiX) / 2, cy = (loY + hiY) / 2
        computeKernelSpectrum(fft, spacing: h)

        // Spread the charges to the nodes (serial, point order). The whole grid is cleared: the
        // previous inverse transforms left partial results outside the L×L corner.
        for buffer in [\Self.aRe, \Self.aIm, \Self.bRe, \Self.bIm] as [WritableKeyPath<Self, [Double]>] {
            self[keyPath: buffer].withUnsafeMutableBufferPointer { b in b.update(repeating: 0) }
        }
        aRe.withUnsafeMutableBufferPointer { ar in aIm.withUnsafeMutableBufferPointer { ai in
            bRe.withUnsafeMutableBufferPointer { br in bIm.withUnsafeMutableBufferPointer { bi in
                for i in 0..<m {
                    let s = Self.stencil(y[2 * i], y[2 * i + 1], lo: lo, boxWidth: boxWidth, boxes: nb)
                    let ux = y[2 * i] - cx, uy = y[2 * i + 1] - cy, uu = ux * ux + uy * uy
                    for a in 0..<3 {
                        let row = (s.row + a) * ld + s.column
                        for c in 0..<3 {
                            let wgt = s.ly[a] * s.lx[c]
                            ar[row + c] += wgt; ai[row + c] += wgt * ux
                            br[row + c] += wgt * uy; bi[row + c] += wgt * uu
                        }
                    }
                }
            }}
        }}

        // Convolve: spectra of both complex grids times the (real) kernel spectrum, back.
        let scale = 1 / Double(n * n)
        for (re, im) in [(\Self.aRe, \Self.aIm), (\Self.bRe, \Self.bIm)] as [(WritableKeyPath<Self, [Double]>, WritableKeyPath<Self, [Double]>)] {
            var xr = self[keyPath: re], xi = self[keyPath: im]
            self[keyPath: re] = []; self[keyPath: im] = []
            xr.withUnsafeMutableBufferPointer { xrb in xi.withUnsafeMutableBufferPointer { xib in
                kernelSpectrum.withUnsafeBufferPointer { kb in
                    let xrp = xrb.baseAddress!, xip = xib.baseAddress!
                    fft.forward(re: xrp, im: xip, live: l)
                    for t in 0..<(n * ld) { let k = kb[t] * scale; xrp[t] *= k; xip[t] *= k }
                    fft.inverse(re: xrp, im: xip, live: l)
                }
            }}
            self[keyPath: re] = xr; self[keyPath: im] = xi
        }

        // Gather φ at the points; Fᵢ and Zᵢ.
        let chunks = Swift.min(chunks, m)
        var partZ = [Double](repeating: 0, count: chunks)
        aRe.withUnsafeBufferPointer { ar in aIm.withUnsafeBufferPointer { ai in
            bRe.withUnsafeBufferPointer { br in bIm.withUnsafeBufferPointer { bi in
                partZ.withUnsafeMutableBufferPointer { zb in
                    nonisolated(unsafe) let p0 = ar.baseAddress!, p1 = ai.baseAddress!, p2 = br.baseAddress!, p3 = bi.baseAddress!
                    nonisolated(unsafe) let zp = zb.baseAddress!, fp = forces, yp = y.baseAddress!
                    parallelChunks(chunks) { ch in
                        var z = 0.0
                        for i in chunkRange(ch, of: chunks, count: m) {
                            let s = Self.stencil(yp[2 * i], yp[2 * i + 1], lo: lo, boxWidth: boxWidth, boxes: nb)
                            var f0 = 0.0, f1 = 0.0, f2 = 0.0, f3 = 0.0
                            for a in 0..<3 {
                                let row = (s.row + a) * ld + s.column
                                for c in 0..<3 {
                                    let wgt = s.ly[a] * s.lx[c]
                                    f0 += wgt * p0[row + c]; f1 += wgt * p1[row + c]
                                    f2 += wgt * p2[row + c]; f3 += wgt * p3[row + c]
                                }
                            }
                            let ux = yp[2 * i] - cx, uy = yp[2 * i + 1] - cy
                            fp[2 * i] = ux * f0 - f1
                            fp[2 * i + 1] = uy * f0 - f2
                            z += (1 + ux * ux + uy * uy) * f0 - 2 * (ux * f1 + uy * f2) + f3 - 1
                        }
                        zp[ch] = z
                    }
                }
            }}
        }}
        return partZ.reduce(0, +)
    }

    /// The first node (row = y, column = x) of the point's box and its Lagrange weights ℓ₀…ℓ₂ per axis
    /// for the nodes at (k + ½)/3 of the box: ℓₖ(t) = Π_{j≠k} (t − sⱼ)/(sₖ − sⱼ), t ∈ [0, 1] the position
    /// in the box.
    @inline(__always)
    static func stencil(_ x: Double, _ y: Double, lo: Double, boxWidth: Double, boxes: Int)
        -> (row: Int, column: Int, lx: SIMD4<Double>, ly: SIMD4<Double>) {
        func axis(_ v: Double) -> (Int, SIMD4<Double>) {
            let s = (v - lo) / boxWidth
            let box = Swift.min(Swift.max(Int(s), 0), boxes - 1)
            let t = s - Double(box)
            let d0 = t - 1.0 / 6, d1 = t - 0.5, d2 = t - 5.0 / 6
            // Denominators (s₀−s₁)(s₀−s₂) = 2/9, (s₁−s₀)(s₁−s₂) = −1/9, (s₂−s₀)(s₂−s₁) = 2/9.
            return (3 * box, SIMD4(4.5 * d1 * d2, -9 * d0 * d2, 4.5 * d0 * d1, 0))
        }
        let (c, lx) = axis(x), (r, ly) = axis(y)
        return (r, c, lx, ly)
    }

    /// The spectrum of the circulant kernel K[r, c] = (1 + (d_r h)² + (d_c h)²)⁻², d = min(index, N − index):
    /// real and even, so only the real part is kept.
    private mutating func computeKernelSpectrum(_ fft: FFTGrid, spacing h: Double) {
        let n = fft.n, ld = fft.ld
        let d2 = (0..<n).map { i -> Double in let d = Double(Swift.min(i, n - i)) * h; return d * d }
        kernelSpectrum.withUnsafeMutableBufferPointer { kr in aIm.withUnsafeMutableBufferPointer { ki in
            for r in 0..<n {
                for c in 0..<n { let w = 1 / (1 + d2[r] + d2[c]); kr[r * ld + c] = w * w; ki[r * ld + c] = 0 }
            }
            fft.forward(re: kr.baseAddress!, im: ki.baseAddress!, live: n)
        }}
    }
}
