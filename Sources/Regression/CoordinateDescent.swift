/// Cyclic coordinate descent for one elastic-net problem on centred data, step for step as
/// scikit-learn's `enet_coordinate_descent` (residual form) and `enet_coordinate_descent_gram`
/// (Gram form), including their gap-safe screening and their stopping rule.
///
/// The problem, scaled by n as scikit-learn's solver sees it:
///     P(w) = ½‖y − Xw‖² + l1·‖w‖₁ + (l2/2)·‖w‖²,   l1 = n·α·ρ,  l2 = n·α·(1 − ρ).
/// A sweep updates every active coordinate in order: w_j ← S(X_jᵀ(R + w_j X_j), l1) / (‖X_j‖² + l2), with
/// S the soft threshold and R = y − Xw kept current. When a sweep's largest update is at most
/// `tol` times the largest |w_j| (or every w_j is 0, or the sweep is the last allowed), the duality gap
/// G is computed; the solver stops once G ≤ tol·‖y‖². After each gap, features whose gap-safe sphere
/// test proves them zero at the optimum are set to 0 and dropped from later sweeps (only when l1 > 0).
struct ElasticNetPenalty {
    /// n·α·ρ.
    let l1: Double
    /// n·α·(1 − ρ).
    let l2: Double
}

/// scikit-learn's `fmax`: x when x > y, else y (so a NaN x gives y).
@inline(__always) private func fmax(_ x: Double, _ y: Double) -> Double { x > y ? x : y }

/// scikit-learn's `fsign`: 0 for 0, else ±1.
@inline(__always) private func fsign(_ x: Double) -> Double { x == 0 ? 0 : (x > 0 ? 1 : -1) }

@inline(__always) private func dot(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
    dot(UnsafePointer(a), UnsafePointer(b), n)
}

@inline(__always) private func dot(_ a: UnsafePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
    dot(a, UnsafePointer(b), n)
}

@inline(__always) private func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var s = 0.0
    for i in 0..<n { s += a[i] * b[i] }
    return s
}

/// Formulation A of the duality gap (l1 > 0); formulation B (l1 = 0, l2 > 0) otherwise.
/// `xta` holds Xᵀ R − l2·w (formulation A) or Xᵀ R (formulation B); `dualNorm` is max |xta_j| (A) or ‖xta‖² (B).
@inline(__always) private func dualityGap(_ pen: ElasticNetPenalty, wL1: Double, wL2: Double, rNorm2: Double,
                                          ry: Double, dualNorm: Double) -> Double {
    if pen.l1 == 0 {
        return rNorm2 + 0.5 * pen.l2 * wL2 - ry + 1 / (2 * pen.l2) * dualNorm
    }
    let primal = 0.5 * (rNorm2 + pen.l2 * wL2) + pen.l1 * wL1
    let scale = dualNorm > pen.l1 ? pen.l1 / dualNorm : 1.0
    let dual = -0.5 * (scale * scale) * (rNorm2 + pen.l2 * wL2) + scale * ry
    return primal - dual
}

/// The gap's dual norm of the p values at `xta` (see `dualityGap`).
private func dualNorm(_ xta: UnsafeMutablePointer<Double>, _ p: Int, l1: Double) -> Double {
    if l1 == 0 { return dot(xta, xta, p) }
    var m = abs(xta[0])
    for j in 1..<max(p, 1) where abs(xta[j]) > m { m = abs(xta[j]) }
    return m
}

/// A scratch vector of doubles, freed by its owner (the solvers below use raw buffers so that their
/// inner loops run without array bounds or uniqueness checks).
private func buffer(_ values: [Double]) -> UnsafeMutablePointer<Double> {
    let b = UnsafeMutablePointer<Double>.allocate(capacity: max(values.count, 1))
    b.initialize(from: values, count: values.count)
    return b
}

/// Residual form: X is the centred n×p design (column-major), y the centred target. Updates `w` in place
/// (a warm start) and returns the final duality gap and the number of sweeps.
func enetDescent(w: inout [Double], _ pen: ElasticNetPenalty, x: [Double], columnNorms2: [Double],
                 y: [Double], n: Int, p: Int, maxIter: Int, tol: Double) -> (gap: Double, sweeps: Int) {
    guard p > 0 else { return (0, 0) }
    let alpha = pen.l1, beta = pen.l2
    let wp = buffer(w), r = buffer(y), yp = buffer(y), norm2 = buffer(columnNorms2)
    let xta = buffer([Double](repeating: 0, count: p))
    defer { for b in [wp, r, yp, norm2, xta] { b.deallocate() } }
    var active = Array(0..<p)
    var excluded = [Bool](repeating: false, count: p)
    let screening = alpha != 0
    let result = x.withUnsafeBufferPointer { xb -> (gap: Double, sweeps: Int) in
        let xp = xb.baseAddress!
        func axpy(_ a: Double, _ j: Int) {
            let c = xp + j * n
            for i in 0..<n { r[i] += a * c[i] }
        }
        for j in 0..<p where wp[j] != 0 { axpy(-wp[j], j) }
        let scaledTol = tol * dot(yp, yp, n)

        func gap() -> (Double, Double) {
            let wL2 = beta > 0 ? dot(wp, wp, p) : 0
            let rNorm2 = dot(r, r, n), ry = dot(r, yp, n)
            for j in 0..<p { xta[j] = dot(xp + j * n, r, n) - (alpha == 0 ? 0 : beta * wp[j]) }
            let norm = dualNorm(xta, p, l1: alpha)
            var wL1 = 0.0
            for j in 0..<p { wL1 += abs(wp[j]) }
            return (dualityGap(pen, wL1: wL1, wL2: wL2, rNorm2: rNorm2, ry: ry, dualNorm: norm), norm)
        }
        func screen(_ g: Double, _ norm: Double, first: Bool) {
            active.removeAll(keepingCapacity: true)
            for j in 0..<p {
                if !first && excluded[j] { continue }
                if first && norm2[j] == 0 { wp[j] = 0; excluded[j] = true; continue }
                let theta = xta[j] / fmax(alpha, norm)
                let d = (1 - abs(theta)) / (norm2[j] + beta).squareRoot()
                if d <= (2 * g).squareRoot() / alpha {
                    active.append(j)
                    excluded[j] = false
                } else {
                    if wp[j] != 0 { axpy(wp[j], j); wp[j] = 0 }
                    excluded[j] = true
                }
            }
        }

        var (g, norm) = gap()
        if g <= scaledTol { return (g, 0) }
        if screening { screen(g, norm, first: true) }
        var sweep = 0
        while sweep < maxIter {
            var wMax = 0.0, dwMax = 0.0
            for j in active {
                if norm2[j] == 0 { continue }
                let wj = wp[j]
                let tmp = dot(xp + j * n, r, n) + wj * norm2[j]
                let wNew = fsign(tmp) * fmax(abs(tmp) - alpha, 0) / (norm2[j] + beta)
                wp[j] = wNew
                if wNew != wj { axpy(wj - wNew, j) }
                dwMax = fmax(dwMax, abs(wNew - wj))
                wMax = fmax(wMax, abs(wNew))
            }
            if wMax == 0 || dwMax / wMax <= tol || sweep == maxIter - 1 {
                (g, norm) = gap()
                if g <= scaledTol { break }
                if screening { screen(g, norm, first: false) }
            }
            sweep += 1
        }
        return (g, min(sweep + 1, maxIter))
    }
    for j in 0..<p { w[j] = wp[j] }
    return result
}

/// Gram form: q = XᵀX (p×p, symmetric), xy = Xᵀy and yNorm2 = ‖y‖² of the centred data. Updates `w` in
/// place (a warm start) and returns the final duality gap and the number of sweeps. scikit-learn uses this
/// form inside ElasticNetCV whenever a training fold has more rows than features.
func enetDescentGram(w: inout [Double], _ pen: ElasticNetPenalty, gram q: [Double], xy: [Double], yNorm2: Double,
                     p: Int, maxIter: Int, tol: Double) -> (gap: Double, sweeps: Int) {
    guard p > 0 else { return (0, 0) }
    let alpha = pen.l1, beta = pen.l2
    let wp = buffer(w), xyp = buffer(xy)
    let qw = buffer([Double](repeating: 0, count: p)), xta = buffer([Double](repeating: 0, count: p))
    defer { for b in [wp, xyp, qw, xta] { b.deallocate() } }
    var active = Array(0..<p)
    var excluded = [Bool](repeating: false, count: p)
    let screening = alpha != 0
    let result = q.withUnsafeBufferPointer { qb -> (gap: Double, sweeps: Int) in
        let qp = qb.baseAddress!
        func axpy(_ a: Double, _ j: Int) {
            let c = qp + j * p
            for i in 0..<p { qw[i] += a * c[i] }
        }
        for j in 0..<p where wp[j] != 0 { axpy(wp[j], j) }
        let scaledTol = tol * yNorm2

        func gap() -> (Double, Double) {
            let wL2 = beta > 0 ? dot(wp, wp, p) : 0
            let qDotW = dot(wp, xyp, p), wQw = dot(wp, qw, p)
            let rNorm2 = yNorm2 + wQw - 2.0 * qDotW
            let ry = yNorm2 - qDotW
            for j in 0..<p { xta[j] = xyp[j] - qw[j] - (alpha == 0 ? 0 : beta * wp[j]) }
            let norm = dualNorm(xta, p, l1: alpha)
            var wL1 = 0.0
            for j in 0..<p { wL1 += abs(wp[j]) }
            return (dualityGap(pen, wL1: wL1, wL2: wL2, rNorm2: rNorm2, ry: ry, dualNorm: norm), norm)
        }
        func screen(_ g: Double, _ norm: Double, first: Bool) {
            let radius = (2 * abs(g)).squareRoot() / alpha
            active.removeAll(keepingCapacity: true)
            for j in 0..<p {
                let qjj = qp[j * p + j]
                if !first && excluded[j] { continue }
                if first && qjj == 0 { wp[j] = 0; excluded[j] = true; continue }
                let theta = xta[j] / fmax(alpha, norm)
                let d = (1 - abs(theta)) / (qjj + beta).squareRoot()
                if d <= radius {
                    active.append(j)
                    excluded[j] = false
                } else {
                    if wp[j] != 0 { axpy(-wp[j], j); wp[j] = 0 }
                    excluded[j] = true
                }
            }
        }

        var (g, norm) = gap()
        if 0 <= g && g <= scaledTol { return (g, 0) }
        if screening { screen(g, norm, first: true) }
        var sweep = 0
        while sweep < maxIter {
            var wMax = 0.0, dwMax = 0.0
            for j in active {
                let qjj = qp[j * p + j]
                if qjj == 0 { continue }
                let wj = wp[j]
                let tmp = xyp[j] - qw[j] + wj * qjj
                let wNew = fsign(tmp) * fmax(abs(tmp) - alpha, 0) / (qjj + beta)
                wp[j] = wNew
                if wNew != wj { axpy(wNew - wj, j) }
                let dwj = abs(wNew - wj)
                if dwj > dwMax { dwMax = dwj }
                if abs(wNew) > wMax { wMax = abs(wNew) }
            }
            if wMax == 0 || dwMax / wMax <= tol || sweep == maxIter - 1 {
                (g, norm) = gap()
                if g <= scaledTol { break }
                if screening { screen(g, norm, first: false) }
            }
            sweep += 1
        }
        return (g, min(sweep + 1, maxIter))
    }
    for j in 0..<p { w[j] = wp[j] }
    return result
}
