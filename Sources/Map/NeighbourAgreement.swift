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
