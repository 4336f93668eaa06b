import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra

/// The synthetic encoders of the paper's Figure 2: two groups of embedding matrices that share one
/// signal matrix S (n×d) plus Gaussian noise N(0, σ²I), σ² drawn uniformly from [0, 1] for the
/// low-noise group and from [3, 4] for the high-noise group.
///
/// Our choice of signal (the paper leaves it open): independent standard normal entries with column k
/// (1-based) scaled by 3/k, a decaying spectrum like real embeddings'. Isotropic noise flattens that
/// spectrum the more the larger σ² is; pure noise (or an isotropic signal) would not separate the
/// groups, because trace normalisation cancels σ². With n = 10,000 and d = 64 the two groups'
/// S(I/n ‖ ρ_ε) fall in disjoint ranges.
public enum SyntheticEncoders {
    public struct Encoder: Sendable {
        public let id: String
        public let group: String
        public let noiseVariance: Double
    }

    /// Writes `<id>.npy` (float64, n×d) for each encoder and `groups.csv` (`encoder,group,noise_variance`)
    /// into `folder`; returns the encoders. Deterministic for a seed (SplitMix64, Box–Muller).
    /// - Complexity: O(groups · perGroup · n · d).
    public static func write(to folder: URL, sentences n: Int = 10_000, dimension d: Int = 64,
                             perGroup: Int = 10, seed: UInt64 = 0) throws -> [Encoder] {
        guard n >= 2, d >= 1, perGroup >= 1 else {
            throw ExperimentError.infeasible("synth needs n ≥ 2, dim ≥ 1 and at least one encoder per group")
        }
        // Three n×d Float64 arrays are live at once (the signal, one encoder, its file's bytes): refuse sizes
        // that overflow or do not fit before allocating any of them.
        let (cells, overflow) = n.multipliedReportingOverflow(by: d)
        guard !overflow, cells <= Int.max / 24 else {
            throw ExperimentError.infeasible("n × dim = \(n) × \(d) is too large to allocate; choose a smaller --n or --dim")
        }
        try MemoryBudget.check(bytes: 24 * cells + NPY.defaultChunkBytes,
                               for: "three \(n) × \(d) float64 matrices (the signal, one encoder, its file)", path: folder.path)
        var rng = SplitMix64(seed: seed)
        // Row-major n×d; column k scaled by 3/(k+1) (0-based k).
        let signal = (0..<(n * d)).map { i in rng.nextGaussian() * 3 / Double(i % d + 1) }
        var encoders: [Encoder] = []
        var csv = "encoder,group,noise_variance\n"
        for (group, range) in [("low-noise", 0.0...1.0), ("high-noise", 3.0...4.0)] {
            for k in 0..<perGroup {
                let variance = range.lowerBound + (range.upperBound - range.lowerBound) * rng.nextUniform()
                let sigma = variance.squareRoot()
                let id = "\(group)-\(String(format: "%02d", k + 1))"
                // Row-major n×d: written in C order.
                let values = signal.map { $0 + sigma * rng.nextGaussian() }
                try NPY.write(rowsOf: values, rows: n, columns: d, columnMajor: false, to: folder.appendingPathComponent("\(id).npy"))
                encoders.append(Encoder(id: id, group: group, noiseVariance: variance))
                csv += "\(id),\(group),\(variance)\n"
            }
        }
        try AtomicFile.write(csv, to: folder.appendingPathComponent("groups.csv"))
        return encoders
    }
}
