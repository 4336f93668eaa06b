import EncmapIO
/// Rendering of the top-k neighbour lists as `neighbours.csv`.
public enum NeighbourTable {
    /// CSV with header `encoder,rank,neighbour,distance`; rank is 1-based, distances in Swift's
    /// shortest round-trip form (reading them back gives the same `Double`).
    /// - Complexity: O(m·k).
    public static func csv(ids: [String], neighbours: [[Neighbour]]) -> String {
        var out = CSVTable.line(["encoder", "rank", "neighbour", "distance"])
        for (i, list) in neighbours.enumerated() {
            for (r, nb) in list.enumerated() {
                out += CSVTable.line([ids[i], String(r + 1), ids[nb.index], nb.distance.description])
            }
        }
        return out
    }
}
