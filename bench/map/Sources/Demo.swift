import EncmapIO
import EncmapSupport
import Foundation
import LinearAlgebra
import Map
// `encmap-bench-tsne demo OUTDIR [COUNT]`: a synthetic map (families of encoders with non-negative
// q-vectors, a metadata table) written by MapBuilder, for browser checks and the example screenshot.

enum Demo {
    static let organisations = ["acme-ai", "bluelab", "corvid", "deepgrove", "ember-nlp", "fjord",
                                "granite-ml", "helix", "iris-research", "juniper", "kestrel", "lumen"]

    /// Builds the demo map into `output`; returns the summary.
    static func run(output: String, count: Int) throws -> MapSummary {
        var rng = SplitMix64(seed: 2026)
        let n = 400
        let families = organisations.count
        // A shared profile, family offsets, version offsets within a family, and noise; clipped at 0 and
        // renormalised (ℓ1 = 1), so that families overlap a little and have inner structure.
        let shared = (0..<n).map { _ in 1.5 + rng.nextGaussian() }
        let centres = (0..<families).map { _ in (0..<n).map { shared[$0] + 0.9 * rng.nextGaussian() } }
        let versions = (0..<(families * 4)).map { _ in (0..<n).map { _ in 0.55 * rng.nextGaussian() } }
        var ids: [String] = [], storage: [Double] = []
        var csv = "name,n_parameters,license,family\n"
        let licences = ["apache-2.0", "mit", "cc-by-nc-4.0"]
        let sizes: [Double] = [33e6, 110e6, 335e6, 560e6, 1.5e9, 7.6e9]
        for e in 0..<count {
            let f = e % families
            let member = e / families
            let id = "\(organisations[f])/\(organisations[f].prefix(4))-embed-v\(member % 4 + 1)-\(member)"
            ids.append(id)
            let v = versions[f * 4 + member % 4]
            var q = (0..<n).map { max(0, centres[f][$0] + v[$0] + 0.7 * rng.nextGaussian()) }
            let total = q.reduce(0, +)
            q = q.map { $0 / total }
            storage += q
            let size = sizes[(f + member) % sizes.count]
            csv += CSVTable.line([id, String(Int(size)), licences[(f * 7 + member) % 3], organisations[f]])
        }
        let features = Matrix(rows: n, columns: count, storage: storage)
        var options = MapOptions()
        options.attributes = try AttributeTable(csv: CSVTable(text: csv, path: "demo"))
        options.colourBy = "family"
        options.title = "Map of encoders (synthetic demo)"
        return try MapBuilder.build(ids: ids, features: features, options: options, output: output)
    }
}
