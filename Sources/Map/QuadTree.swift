/// A point-region quadtree over 2-D points with per-cell centres of mass, for the Barnes–Hut
/// approximation of t-SNE's repulsive forces (van der Maaten 2014, §4.2; the cells and the summary rule
/// follow scikit-learn's `_QuadTree`).
///
/// The root is the bounding box [min, M′] with M′ = max(M·(1 + 10⁻³·sign M), M + 10⁻³) per axis, so
/// every point lies strictly inside. A cell splits at its centre into four children. Points closer than
/// 10⁻⁶ on both axes are duplicates and share a leaf.
///
/// A cell with n points, centre of mass c, and largest side w *summarises* its points for a query y
/// when it is a leaf or when w² / ‖y − c‖² < θ². Leaves that are duplicates of y (y itself) are skipped.
struct QuadTree {
    private(set) var centreX: [Double] = [], centreY: [Double] = []
    private(set) var halfX: [Double] = [], halfY: [Double] = []
    private(set) var massX: [Double] = [], massY: [Double] = [] // sums while building, then means
    private(set) var count: [Int32] = []
    private(set) var firstChild: [Int32] = [] // −1 for a leaf; children are contiguous, 4 of them
    private(set) var leafX: [Double] = [], leafY: [Double] = [] // the point a non-empty leaf holds
    private(set) var squaredWidth: [Double] = []

    static let duplicateTolerance = 1e-6

    /// Rebuilds the tree over the interleaved points y = (x₀, y₀, x₁, y₁, …), reusing storage.
    /// - Complexity: O(m · depth) time, O(cells) memory.
    mutating func build(_ y: UnsafeBufferPointer<Double>) {
        let m = y.count / 2
        centreX.removeAll(keepingCapacity: true); centreY.removeAll(keepingCapacity: true)
        halfX.removeAll(keepingCapacity: true); halfY.removeAll(keepingCapacity: true)
        massX.removeAll(keepingCapacity: true); massY.removeAll(keepingCapacity: true)
        count.removeAll(keepingCapacity: true); firstChild.removeAll(keepingCapacity: true)
        leafX.removeAll(keepingCapacity: true); leafY.removeAll(keepingCapacity: true)
        squaredWidth.removeAll(keepingCapacity: true)
        guard m > 0 else { return }
        var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
        for i in 0..<m {
            lo.0 = Swift.min(lo.0, y[2 * i]); lo.1 = Swift.min(lo.1, y[2 * i + 1])
            hi.0 = Swift.max(hi.0, y[2 * i]); hi.1 = Swift.max(hi.1, y[2 * i + 1])
        }
        func grow(_ v: Double) -> Double {
            let sign: Double = v > 0 ? 1 : (v < 0 ? -1 : 0)
            return Swift.max(v * (1 + 1e-3 * sign), v + 1e-3)
        }
        hi = (grow(hi.0), grow(hi.1))
        appendCell(cx: (lo.0 + hi.0) / 2, cy: (lo.1 + hi.1) / 2, hx: (hi.0 - lo.0) / 2, hy: (hi.1 - lo.1) / 2)
        for i in 0..<m { insert(y[2 * i], y[2 * i + 1]) }
        for c in 0..<count.count where count[c] > 0 {
            massX[c] /= Double(count[c]); massY[c] /= Double(count[c])
        }
    }

    private mutating func appendCell(cx: Double, cy: Double, hx: Double, hy: Double) {
        centreX.append(cx); centreY.append(cy); halfX.append(hx); halfY.append(hy)
        massX.append(0); massY.append(0); count.append(0); firstChild.append(-1)
        leafX.append(0); leafY.append(0)
        let w = 2 * Swift.max(hx, hy)
        squaredWidth.append(w * w)
    }

    @inline(__always) private func childIndex(_ c: Int, _ x: Double, _ y: Double) -> Int {
        Int(firstChild[c]) + (x >= centreX[c] ? 1 : 0) + (y >= centreY[c] ? 2 : 0)
    }

    private mutating func split(_ c: Int) {
        firstChild[c] = Int32(count.count)
        let hx = halfX[c] / 2, hy = halfY[c] / 2
        for q in 0..<4 {
            appendCell(cx: centreX[c] + (q & 1 == 1 ? hx : -hx), cy: centreY[c] + (q & 2 == 2 ? hy : -hy), hx: hx, hy: hy)
        }
    }

    private mutating func insert(_ x: Double, _ y: Double) {
        var c = 0
        while true {
            if firstChild[c] < 0 {
                if count[c] == 0 {
                    count[c] = 1; massX[c] = x; massY[c] = y; leafX[c] = x; leafY[c] = y
                    return
                }
                let dup = Swift.abs(leafX[c] - x) <= Self.duplicateTolerance
                    && Swift.abs(leafY[c] - y) <= Self.duplicateTolerance
                if dup || halfX[c] < 1e-300 || halfY[c] < 1e-300 {
                    count[c] += 1; massX[c] += x; massY[c] += y
                    return
                }
                // Push the resident point(s) down one level, then continue with the new point.
                split(c)
                let r = childIndex(c, leafX[c], leafY[c])
                count[r] = count[c]; massX[r] = massX[c]; massY[r] = massY[c]
                leafX[r] = leafX[c]; leafY[r] = leafY[c]
            }
            count[c] += 1; massX[c] += x; massY[c] += y
            c = childIndex(c, x, y)
        }
    }

    /// The Student-t repulsion on the query point (x, y) with a Barnes–Hut summary at angle θ:
    /// returns (Σ n_c w_c, Σ n_c w_c² (y − c)) with w_c = 1 / (1 + ‖y − c‖²), summed over the
    /// summarising cells c. Dividing the second by the global Z = Σ_{i≠j} wᵢⱼ gives the repulsive
    /// part of ∂KL/∂yᵢ / 4.
    /// - Complexity: O(log m) cells for well-spread points (at θ = 0.5 a few hundred).
    func repulsion(x: Double, y: Double, squaredTheta: Double, stack: inout [Int32]) -> (z: Double, fx: Double, fy: Double) {
        var z = 0.0, fx = 0.0, fy = 0.0
        guard !count.isEmpty else { return (0, 0, 0) }
        stack.removeAll(keepingCapacity: true)
        stack.append(0)
        while let top = stack.popLast() {
            let c = Int(top)
            let n = count[c]
            if n == 0 { continue }
            let dx = x - massX[c], dy = y - massY[c]
            let d2 = dx * dx + dy * dy
            let leaf = firstChild[c] < 0
            if leaf && Swift.abs(dx) <= Self.duplicateTolerance && Swift.abs(dy) <= Self.duplicateTolerance { continue }
            if leaf || squaredWidth[c] / d2 < squaredTheta {
                let w = 1 / (1 + d2)
                let nw = Double(n) * w
                z += nw
                fx += nw * w * dx; fy += nw * w * dy
            } else {
                let f = firstChild[c]
                stack.append(f + 3); stack.append(f + 2); stack.append(f + 1); stack.append(f)
            }
        }
        return (z, fx, fy)
    }
}
