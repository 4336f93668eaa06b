import EncmapSupport

/// A radix-2 complex fast Fourier transform of N×N grids (N a power of two), for the grid convolution
/// of the interpolation-based t-SNE gradient (`InterpolationGrid`).
///
/// **Transform.** X[k₁, k₂] = Σ_{n₁,n₂} x[n₁, n₂] ω^(k₁n₁ + k₂n₂), ω = exp(∓2πi/N) (− forward, + inverse;
/// the inverse does not divide by N²). Storage is row-major, split into real and imaginary arrays.
///
/// **Algorithm.** Iterative radix-2, log₂N butterfly stages, no permutation (forward: decimation in
/// frequency, natural order in, bit-reversed order out; inverse: decimation in time, the other way round;
/// a spectrum is only multiplied pointwise by another spectrum in the same order). A 2-D transform is a
/// pass over the columns (a strip of `strip` columns goes through the stages together: the inner loop runs
/// along a contiguous row segment, so it vectorises and the strip stays in cache) and a pass over the
/// rows (each row in cache). Element (r, c) lives at r·`ld` + c. Strips and rows are independent and each
/// is computed the same way whichever core runs it, so results do not depend on the core count.
struct FFTGrid {
    let n: Int
    /// Row stride in elements: N + 8, so that rows N·8 bytes apart do not all fall into the same cache
    /// sets (a power-of-two stride would make the column passes thrash).
    let ld: Int
    let log2n: Int
    /// cos(2πk/N), sin(2πk/N) for k < N/2.
    let cosTable: [Double], sinTable: [Double]
    /// For the stage of half-length h, entries h − 1 ..< 2h − 1: cos and sin of 2πk/(2h), k < h.
    let stageCos: [Double], stageSin: [Double]
    /// bitReversed[k] = the row (column) at which frequency k of a forward transform lands.
    let bitReversed: [Int]
    static let strip = 32

    init(size n: Int) {
        precondition(n >= 2 && n & (n - 1) == 0, "FFT size must be a power of two")
        self.n = n
        ld = n + 8
        var l = 0
        while 1 << l < n { l += 1 }
        log2n = l
        cosTable = (0..<(n / 2)).map { _cos(2 * Double.pi * Double($0) / Double(n)) }
        sinTable = (0..<(n / 2)).map { _cos(2 * Double.pi * Double($0) / Double(n) - Double.pi / 2) }
        var sc: [Double] = [], ss: [Double] = []
        var h = 1
        while h < n {
            for k in 0..<h { sc.append(cosTable[k * (n / (2 * h))]); ss.append(sinTable[k * (n / (2 * h))]) }
            h *= 2
        }
        stageCos = sc; stageSin = ss
        bitReversed = (0..<n).map { i in
            var r = 0, v = i
            for _ in 0..<l { r = (r << 1) | (v & 1); v >>= 1 }
            return r
        }
    }

    /// 1-D transforms along axis 0 (the row index is the transform index) of the columns `columns`, in
    /// place. Forward: decimation in frequency, natural order in, **bit-reversed** order out (butterflies
    /// (a, b) ← (a + b, (a − b)ωᵏ), half-length N/2 down to 1). Inverse: decimation in time, bit-reversed
    /// order in, natural order out ((a, b) ← (a + ω̄ᵏb, a − ω̄ᵏb), half-length 1 up to N/2). A spectrum is
    /// only ever multiplied pointwise by another spectrum in the same order, so no permutation is needed.
    func transformColumns(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>,
                          columns: Range<Int>, inverse: Bool) {
        let n = self.n, ld = self.ld, c0 = columns.lowerBound, w = columns.count
        guard w > 0 else { return }
        cosTable.withUnsafeBufferPointer { ct in
            sinTable.withUnsafeBufferPointer { st in
                var half = inverse ? 1 : n / 2
                while half >= 1 && half < n {
                    let step = n / (2 * half)
                    var start = 0
                    while start < n {
                        for k in 0..<half {
                            let wr = ct[k * step], wi = (inverse ? 1 : -1) * st[k * step]
                            let ra = re + ((start + k) * ld + c0), ia = im + ((start + k) * ld + c0)
                            let rb = re + ((start + k + half) * ld + c0), ib = im + ((start + k + half) * ld + c0)
                            if k == 0 {
                                for c in 0..<w {
                                    let ar = ra[c], ai = ia[c], br = rb[c], bi = ib[c]
                                    ra[c] = ar + br; ia[c] = ai + bi
                                    rb[c] = ar - br; ib[c] = ai - bi
                                }
                            } else if inverse {
                                for c in 0..<w {
                                    let tr = wr * rb[c] - wi * ib[c]
                                    let ti = wr * ib[c] + wi * rb[c]
                                    rb[c] = ra[c] - tr; ib[c] = ia[c] - ti
                                    ra[c] += tr; ia[c] += ti
                                }
                            } else {
                                for c in 0..<w {
                                    let ar = ra[c], ai = ia[c], dr = ar - rb[c], di = ai - ib[c]
                                    ra[c] = ar + rb[c]; ia[c] = ai + ib[c]
                                    rb[c] = wr * dr - wi * di; ib[c] = wr * di + wi * dr
                                }
                            }
                        }
                        start += 2 * half
                    }
                    half = inverse ? half * 2 : half / 2
                }
            }
        }
    }

    /// One pass: 1-D transforms of the columns `0..<liveColumns` (the others are zero and stay zero on
    /// a forward pass, or are not needed on an inverse one), in parallel over fixed strips.
    func pass(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, liveColumns: Int, inverse: Bool) {
        let strips = (liveColumns + Self.strip - 1) / Self.strip
        nonisolated(unsafe) let r = re, i = im
        parallelChunks(strips) { s in
            let lo = s * Self.strip
            self.transformColumns(re: r, im: i, columns: lo..<Swift.min(lo + Self.strip, liveColumns), inverse: inverse)
        }
    }

    /// 1-D transforms along axis 1 of every row (each row a contiguous transform of length N), with the
    /// same butterflies and orders as `transformColumns`; the inner loop runs over k within a block,
    /// with per-stage twiddle tables so that it reads them contiguously. Parallel over fixed row chunks.
    func transformRows(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, inverse: Bool) {
        let n = self.n, ld = self.ld
        nonisolated(unsafe) let rp = re, ip = im
        stageCos.withUnsafeBufferPointer { cb in
            stageSin.withUnsafeBufferPointer { sb in
                nonisolated(unsafe) let ct = cb.baseAddress!, st = sb.baseAddress!
                let chunks = Swift.min(16, n)
                parallelChunks(chunks) { chunk in
                    for r in chunkRange(chunk, of: chunks, count: n) {
                        let xr = rp + r * ld, xi = ip + r * ld
                        // The two shortest stages (half-lengths 2 and 1, twiddles 1 and ∓i) as one
                        // radix-4 step per group of 4: first on the inverse, last on the forward.
                        if inverse && n >= 4 { Self.radix4Tail(xr, xi, n: n, inverse: true) }
                        var half = inverse ? (n >= 4 ? 4 : 1) : n / 2
                        let stop = !inverse && n >= 4 ? 4 : 1
                        while half >= stop && half < n {
                            let wc = ct + (half - 1), ws = st + (half - 1)
                            var start = 0
                            while start < n {
                                let ar = xr + start, ai = xi + start, br = xr + start + half, bi = xi + start + half
                                if inverse {
                                    for k in 0..<half {
                                        let wr = wc[k], wi = ws[k]
                                        let tr = wr * br[k] - wi * bi[k]
                                        let ti = wr * bi[k] + wi * br[k]
                                        br[k] = ar[k] - tr; bi[k] = ai[k] - ti
                                        ar[k] += tr; ai[k] += ti
                                    }
                                } else {
                                    for k in 0..<half {
                                        let wr = wc[k], wi = -ws[k]
                                        let xr0 = ar[k], xi0 = ai[k], dr = xr0 - br[k], di = xi0 - bi[k]
                                        ar[k] = xr0 + br[k]; ai[k] = xi0 + bi[k]
                                        br[k] = wr * dr - wi * di; bi[k] = wr * di + wi * dr
                                    }
                                }
                                start += 2 * half
                            }
                            half = inverse ? half * 2 : half / 2
                        }
                        if !inverse && n >= 4 { Self.radix4Tail(xr, xi, n: n, inverse: false) }
                    }
                }
            }
        }
    }

    /// Stages of half-length 2 and 1 on each group x₀…x₃ of a row. Forward (decimation in frequency):
    /// a₀ = x₀ + x₂, a₂ = x₀ − x₂, a₁ = x₁ + x₃, a₃ = −i(x₁ − x₃), then (a₀ ± a₁), (a₂ ± a₃). Inverse
    /// (decimation in time, the conjugate twiddle +i): b = (x₀ ± x₁, x₂ ± x₃), then b₀ ± b₂, b₁ ± i b₃.
    @inline(__always)
    static func radix4Tail(_ xr: UnsafeMutablePointer<Double>, _ xi: UnsafeMutablePointer<Double>, n: Int, inverse: Bool) {
        var g = 0
        while g < n {
            let r0 = xr[g], r1 = xr[g + 1], r2 = xr[g + 2], r3 = xr[g + 3]
            let i0 = xi[g], i1 = xi[g + 1], i2 = xi[g + 2], i3 = xi[g + 3]
            if inverse {
                let b0r = r0 + r1, b0i = i0 + i1, b1r = r0 - r1, b1i = i0 - i1
                let b2r = r2 + r3, b2i = i2 + i3, b3r = r2 - r3, b3i = i2 - i3
                // i·b₃ = (−b₃ᵢ, b₃ᵣ)
                xr[g] = b0r + b2r; xi[g] = b0i + b2i
                xr[g + 2] = b0r - b2r; xi[g + 2] = b0i - b2i
                xr[g + 1] = b1r - b3i; xi[g + 1] = b1i + b3r
                xr[g + 3] = b1r + b3i; xi[g + 3] = b1i - b3r
            } else {
                let a0r = r0 + r2, a0i = i0 + i2, a2r = r0 - r2, a2i = i0 - i2
                let a1r = r1 + r3, a1i = i1 + i3
                // −i(x₁ − x₃) = (x₁ᵢ − x₃ᵢ, −(x₁ᵣ − x₃ᵣ))
                let a3r = i1 - i3, a3i = r3 - r1
                xr[g] = a0r + a1r; xi[g] = a0i + a1i
                xr[g + 1] = a0r - a1r; xi[g + 1] = a0i - a1i
                xr[g + 2] = a2r + a3r; xi[g + 2] = a2i + a3i
                xr[g + 3] = a2r - a3r; xi[g + 3] = a2i - a3i
            }
            g += 4
        }
    }

    /// Forward 2-D transform of (re, im) in place: columns, then rows; the spectrum is in bit-reversed
    /// order on both axes. Only columns `0..<live` of the input may be non-zero.
    func forward(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, live: Int) {
        pass(re: re, im: im, liveColumns: live, inverse: false)
        transformRows(re: re, im: im, inverse: false)
    }

    /// Inverse 2-D transform (without the 1/N² factor) of such a spectrum, in place: rows, then columns.
    /// Only columns `0..<live` of the output are computed (the others hold partial results).
    func inverse(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, live: Int) {
        transformRows(re: re, im: im, inverse: true)
        pass(re: re, im: im, liveColumns: live, inverse: true)
    }
}
