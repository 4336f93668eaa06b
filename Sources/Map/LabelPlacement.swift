import Foundation

/// Placing text labels next to points without overlaps.
///
/// Each label is a box of its estimated text size (`TextMetrics`). Greedy, in two passes over the
/// points in the given order: first every label tries the eight positions touching its point (right,
/// left, above, below, then the four diagonals); then each label still unplaced searches rings of
/// growing radius (steps of `ringStep` user units, 16 directions per ring) for the nearest position.
/// A position is accepted when the box lies inside `bounds`, overlaps no placed label and covers no
/// point (a point is its disc's bounding square). A label placed away from its point gets a leader
/// line from the point to the nearest point of its box. A label for which no position exists within
/// `maxRadius` is left out (`nil`); callers give bounds with room to spare, so with ≤ 60 labels that
/// does not happen in practice (the tests check random sets of 10–60 points). The points are looked up
/// in a uniform grid (`PointGrid`), so a candidate box is tested against the points near it only; the
/// answer is the same as testing every point.
public enum LabelPlacement {
    public struct Box: Sendable, Equatable {
        public var x0, y0, x1, y1: Double
        public init(x0: Double, y0: Double, x1: Double, y1: Double) { self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1 }
        public func overlaps(_ b: Box) -> Bool { x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1 }
        public func inside(_ b: Box) -> Bool { x0 >= b.x0 && y0 >= b.y0 && x1 <= b.x1 && y1 <= b.y1 }
        public func union(_ b: Box) -> Box { Box(x0: Swift.min(x0, b.x0), y0: Swift.min(y0, b.y0), x1: Swift.max(x1, b.x1), y1: Swift.max(y1, b.y1)) }
    }

    public struct Placed: Sendable, Equatable {
        /// The text's start (x) and baseline (y), `text-anchor="start"`.
        public let x: Double
        public let y: Double
        public let box: Box
        /// The end of the leader line on the box, nil when the label touches its point.
        public let leader: (x: Double, y: Double)?
        public static func == (a: Placed, b: Placed) -> Bool {
            a.x == b.x && a.y == b.y && a.box == b.box && a.leader?.x == b.leader?.x && a.leader?.y == b.leader?.y
        }
    }

    /// Places `labels[i]` (nil = no label) next to `points[i]`.
    /// - Parameters:
    ///   - pointRadius: the drawn radius of a point; labels keep this plus 1 unit away from points.
    ///   - order: the order in which labels are placed (default: point order).
    /// - Complexity: O(m + L·C·(L + p)) for L labels, m points, C candidate positions and p points near a box.
    public static func place(points: [(x: Double, y: Double)], labels: [String?], fontSize: Double, pointRadius: Double,
                             bounds: Box, order: [Int]? = nil, ringStep: Double = 6, maxRadius: Double = 400) -> [Placed?] {
        let m = points.count
        precondition(labels.count == m, "one label (or nil) per point")
        let pad = 1.0, r = pointRadius + 1
        let grid = PointGrid(points: points, cell: Swift.max(4 * r, 8))
        let ascent = TextMetrics.ascent(fontSize), descent = TextMetrics.descent(fontSize)
        let widths = labels.map { $0.map { TextMetrics.width($0, fontSize: fontSize) + 2 * pad } ?? 0 }
        let h = ascent + descent + 2 * pad
        var placed = [Placed?](repeating: nil, count: m)
        var boxes: [Box] = []
        let sequence = order ?? Array(0..<m)

        func fits(_ b: Box) -> Bool {
            guard b.inside(bounds) else { return false }
            for o in boxes where o.overlaps(b) { return false }
            // A point's box is its centre ± r, so only centres within r of `b` can overlap it.
            return !grid.any(in: Box(x0: b.x0 - r, y0: b.y0 - r, x1: b.x1 + r, y1: b.y1 + r)) { p in
                Box(x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r).overlaps(b)
            }
        }
        func make(_ i: Int, _ b: Box, leader: Bool) -> Placed {
            let p = points[i]
            let end: (x: Double, y: Double)? = leader ? (Swift.min(Swift.max(p.x, b.x0), b.x1), Swift.min(Swift.max(p.y, b.y0), b.y1)) : nil
            return Placed(x: b.x0 + pad, y: b.y1 - pad - descent, box: b, leader: end)
        }
        // A box of width w whose side or corner nearest to (cx, cy) offsets by (dx, dy) in direction (ux, uy).
        func box(_ i: Int, ux: Double, uy: Double, distance d: Double) -> Box {
            let p = points[i], w = widths[i]
            let gap = r + d
            let cx = p.x + ux * gap, cy = p.y + uy * gap
            let x0 = ux > 0.3 ? cx : ux < -0.3 ? cx - w : cx - w / 2
            let y0 = uy > 0.3 ? cy : uy < -0.3 ? cy - h : cy - h / 2
            return Box(x0: x0, y0: y0, x1: x0 + w, y1: y0 + h)
        }
        let near: [(Double, Double)] = [(1, 0), (-1, 0), (0, -1), (0, 1), (0.71, -0.71), (-0.71, -0.71), (0.71, 0.71), (-0.71, 0.71)]
        for i in sequence where labels[i] != nil {
            for (ux, uy) in near {
                let b = box(i, ux: ux, uy: uy, distance: 0)
                if fits(b) { placed[i] = make(i, b, leader: false); boxes.append(b); break }
            }
        }
        let directions: [(Double, Double)] = (0..<16).map { k in
            let a = Double(k) * Double.pi / 8
            return (cos(a), -sin(a))
        }
        for i in sequence where labels[i] != nil && placed[i] == nil {
            var d = ringStep
            search: while d <= maxRadius {
                for (ux, uy) in directions {
                    let b = box(i, ux: ux, uy: uy, distance: d)
                    if fits(b) { placed[i] = make(i, b, leader: true); boxes.append(b); break search }
                }
                d += ringStep
            }
        }
        return placed
    }
}

/// Points bucketed into square cells of side `cell` (a compressed sparse row layout: the points of
/// each cell are contiguous), for "is there a point in this box" and "which points lie near here"
/// without looking at every point.
struct PointGrid {
    let points: [(x: Double, y: Double)]
    let cell: Double
    let x0: Double, y0: Double
    let columns: Int, rows: Int
    /// Points of cell c are `order[start[c]..<start[c + 1]]`, in index order.
    let start: [Int]
    let order: [Int]

    init(points: [(x: Double, y: Double)], cell: Double) {
        self.points = points
        self.cell = cell
        var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
        for p in points { lo = (Swift.min(lo.0, p.x), Swift.min(lo.1, p.y)); hi = (Swift.max(hi.0, p.x), Swift.max(hi.1, p.y)) }
        if points.isEmpty { lo = (0, 0); hi = (0, 0) }
        x0 = lo.0; y0 = lo.1
        // At most about 4 cells per point keeps the table small for spread-out points.
        let cap = Swift.max(1, 4 * points.count)
        let c = Swift.max(1, Self.index(hi.0 - lo.0, cell, cap) + 1)
        let r = Swift.max(1, Swift.min(Self.index(hi.1 - lo.1, cell, cap) + 1, cap / c))
        columns = c; rows = r
        var count = [Int](repeating: 0, count: c * r + 1)
        var cells = [Int](repeating: 0, count: points.count)
        for (i, p) in points.enumerated() {
            let k = Self.index(p.y - lo.1, cell, r) * c + Self.index(p.x - lo.0, cell, c)
            cells[i] = k; count[k + 1] += 1
        }
        for k in 0..<(c * r) { count[k + 1] += count[k] }
        var next = count, order = [Int](repeating: 0, count: points.count)
        for i in points.indices { order[next[cells[i]]] = i; next[cells[i]] += 1 }
        start = count; self.order = order
    }

    /// ⌊d / cell⌋ clamped to 0..<n (NaN → 0), computed in floating point so no conversion traps.
    static func index(_ d: Double, _ cell: Double, _ n: Int) -> Int {
        let t = (d / cell).rounded(.down)
        if !(t >= 0) { return 0 }
        return t >= Double(n - 1) ? n - 1 : Int(t)
    }

    /// Whether some point with centre in `box` (closed) satisfies `test`; points outside the grid's
    /// range are clamped into its edge cells, so none is missed.
    func any(in box: LabelPlacement.Box, _ test: ((x: Double, y: Double)) -> Bool) -> Bool {
        guard !points.isEmpty else { return false }
        let cx0 = Self.index(box.x0 - x0, cell, columns), cx1 = Self.index(box.x1 - x0, cell, columns)
        let cy0 = Self.index(box.y0 - y0, cell, rows), cy1 = Self.index(box.y1 - y0, cell, rows)
        for cy in cy0...cy1 {
            for cx in cx0...cx1 {
                let k = cy * columns + cx
                for j in start[k]..<start[k + 1] where test(points[order[j]]) { return true }
            }
        }
        return false
    }

    /// Calls `body` with every point index whose centre lies in `box` or in a cell `box` touches.
    func forEach(near box: LabelPlacement.Box, _ body: (Int) -> Void) {
        guard !points.isEmpty else { return }
        let cx0 = Self.index(box.x0 - x0, cell, columns), cx1 = Self.index(box.x1 - x0, cell, columns)
        let cy0 = Self.index(box.y0 - y0, cell, rows), cy1 = Self.index(box.y1 - y0, cell, rows)
        for cy in cy0...cy1 { for cx in cx0...cx1 { let k = cy * columns + cx; for j in start[k]..<start[k + 1] { body(order[j]) } } }
    }
}

/// `*` patterns for `--label`: `*` matches any run of characters (including none), everything else
/// itself; both sides are compared as `EncoderID.key`s by the caller.
enum LabelSelection {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && p[pi] != "*" && p[pi] == t[ti] { pi += 1; ti += 1 }
            else if pi < p.count && p[pi] == "*" { star = pi; mark = ti; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; ti = mark }
            else { return false }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
