import EncmapSupport

/// "Similar encoders are close": how often an encoder's k nearest neighbours share its attribute value,
/// against chance.
///
/// Over the encoders i that have a value vᵢ (set S):
/// observed = mean_{i∈S} |{j ∈ N_k(i) : vⱼ = vᵢ}| / |N_k(i)|  (neighbours without a value count as
/// not sharing), and expected = mean_{i∈S} (count(vᵢ) − 1) / (m − 1), the share a uniformly random
/// other encoder would give; m counts all encoders. lift = observed / expected.
public struct NeighbourAgreement: Sendable, Codable, Equatable {
    public let attribute: String
    public let k: Int
    /// |S|, the encoders with a value.
    public let encodersWithValue: Int
    public let distinctValues: Int
    public let observed: Double
    public let expected: Double
    /// observed / expected; nil when expected is 0 (every value unique).
    public let lift: Double?

    /// Computes the figures for `values` (one per encoder, nil = no value) and neighbour lists.
    /// - Complexity: O(m·k).
    public init(attribute: String, values: [String?], neighbours: [[Neighbour]]) {
        precondition(values.count == neighbours.count, "one value per encoder")
        let m = values.count
        var counts: [String: Int] = [:]
        for v in values { if let v { counts[v, default: 0] += 1 } }
        var obs = 0.0, exp = 0.0, s = 0
        for i in 0..<m {
            guard let v = values[i] else { continue }
            let nb = neighbours[i]
            s += 1
            if !nb.isEmpty { obs += Double(nb.filter { values[$0.index] == v }.count) / Double(nb.count) }
            if m > 1 { exp += Double(counts[v]! - 1) / Double(m - 1) }
        }
        self.attribute = attribute
        self.k = neighbours.map(\.count).max() ?? 0
        self.encodersWithValue = s
        self.distinctValues = counts.count
        self.observed = s > 0 ? obs / Double(s) : 0
        self.expected = s > 0 ? exp / Double(s) : 0
        self.lift = expected > 0 ? observed / expected : nil
    }
}

/// "Similar encoders are close" for a numeric attribute: the correlation between an encoder's value and
/// the mean value of its k nearest neighbours, against a permutation baseline.
///
/// Over the encoders i with a value xᵢ whose neighbour list N_k(i) holds at least one encoder with a
/// value (set S): yᵢ = mean of xⱼ over those neighbours, and r = Pearson(x, y) over S. The baseline
/// shuffles the values among the encoders that have one (positions and neighbour lists fixed;
/// permutation p is `SplitMix64(seed:)`'s p-th `permutation`, P = 999 in sequence) and recomputes r:
/// `chance` is the mean of the P shuffled values, `chanceHigh` their 95th percentile (numpy's linear
/// interpolation), and `pValue` = (1 + #{shuffled ≥ r}) / (P + 1), one-sided. r is nil when |S| < 3 or
/// x or y is constant over S (then so are the baseline figures); a shuffle without r counts as 0.
public struct NumericNeighbourCorrelation: Sendable, Codable, Equatable {
    public let attribute: String
    public let k: Int
    /// |S|.
    public let encodersWithValue: Int
    public let correlation: Double?
    public let chance: Double?
    public let chanceHigh: Double?
    public let pValue: Double?
    public let permutations: Int
    public let seed: UInt64

    /// - Parameter numbers: one value per encoder (nil = none).
    /// - Complexity: O(P·m·k).
    public init(attribute: String, numbers: [Double?], neighbours: [[Neighbour]], permutations: Int = 999, seed: UInt64 = 0) {
        precondition(numbers.count == neighbours.count, "one value per encoder")
        self.attribute = attribute
        self.k = neighbours.map(\.count).max() ?? 0
        self.permutations = permutations
        self.seed = seed
        let observed = Self.correlation(numbers, neighbours)
        encodersWithValue = observed.count
        correlation = observed.r
        guard let r = observed.r, permutations > 0 else { chance = nil; chanceHigh = nil; pValue = nil; return }
        let holders = numbers.indices.filter { numbers[$0] != nil }
        var rng = SplitMix64(seed: seed)
        var shuffled = numbers
        var values: [Double] = []
        var above = 0
        for _ in 0..<permutations {
            let p = rng.permutation(holders.count)
            for (a, b) in zip(holders, p) { shuffled[a] = numbers[holders[b]] }
            let v = Self.correlation(shuffled, neighbours).r ?? 0
            values.append(v)
            if v >= r { above += 1 }
        }
        chance = values.reduce(0, +) / Double(values.count)
        let sorted = values.sorted()
        let h = 0.95 * Double(sorted.count - 1)
        let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
        chanceHigh = sorted[lo] + (sorted[hi] - sorted[lo]) * (h - Double(lo))
        pValue = Double(1 + above) / Double(permutations + 1)
    }

    /// r over S and |S| (see the type's documentation).
    static func correlation(_ x: [Double?], _ neighbours: [[Neighbour]]) -> (r: Double?, count: Int) {
        var a: [Double] = [], b: [Double] = []
        for i in x.indices {
            guard let xi = x[i] else { continue }
            let vs = neighbours[i].compactMap { x[$0.index] }
            guard !vs.isEmpty else { continue }
            a.append(xi); b.append(vs.reduce(0, +) / Double(vs.count))
        }
        let n = Double(a.count)
        guard a.count >= 3 else { return (nil, a.count) }
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (p, q) in zip(a, b) { sab += (p - ma) * (q - mb); saa += (p - ma) * (p - ma); sbb += (q - mb) * (q - mb) }
        guard saa > 0, sbb > 0 else { return (nil, a.count) }
        return (sab / (saa * sbb).squareRoot(), a.count)
    }
}
