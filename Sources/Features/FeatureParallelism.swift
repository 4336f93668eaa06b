import EncmapIO
import EncmapSupport
import Foundation

/// How many encoders to process at once, and with how many BLAS threads each.
///
/// The arrangement follows the work: with m encoders, c cores and room in memory for P_mem encoders,
/// P = min(m, c, P_mem) encoders run at once and each gets B = ⌊c / P⌋ BLAS threads. With m ≥ c that is
/// c encoders × 1 thread, the arrangement measured fastest for many encoders (bench/results/20261129-132440,
/// 2 cores: 0.145 s per encoder at (3000, 768) against 0.188 s for 1 encoder × 2 threads — OpenBLAS's
/// threads spin at every synchronisation inside dsytrd/dsyevd and the gemms, independent encoders never
/// wait); with one encoder it is 1 × c, so no core idles (bench/features).
///
/// Reproducibility: encoder-level parallelism never changes a vector, BLAS threading changes its last
/// bits (the kernels split their sums by thread count), so the vectors are byte-identical for a given B
/// whatever P, the shard split or the machine, and differ in the last bits between different B — e.g.
/// one encoder on 2 cores (B = 2) against the same encoder among many (B = 1). The feature cache's key
/// carries B for that reason.
public enum FeatureParallelism {
    /// Working memory of one encoder beyond nothing, in bytes, for an (n, d) embedding: the Float64
    /// matrix (8·n·d), the Gram and eigensolver matrices (≈ 4 of m×m, m = min(n, d): the Gram, LAPACK's
    /// copy, dsyevd's 2·m² workspace; the reversed eigenvectors replace the workspace), one 256-column
    /// block of E·W (8·256·n), the output vectors, and the reader's two chunk buffers (two while the
    /// cache's hash runs beside the conversion).
    public static func bytesPerEncoder(sentences n: Int, dimension d: Int) -> Int {
        let m = Swift.min(n, d)
        return 8 * (n * d + 4 * m * m + 256 * n + 8 * n) + 2 * NPY.defaultChunkBytes
    }

    /// The number of encoders in flight and the BLAS threads of each.
    public struct Arrangement: Sendable, Equatable, CustomStringConvertible {
        /// Encoders processed at once (P ≥ 1).
        public let workers: Int
        /// BLAS threads per encoder (B ≥ 1).
        public let blasThreads: Int
        public init(workers: Int, blasThreads: Int) {
            self.workers = workers
            self.blasThreads = blasThreads
        }
        public var description: String { "\(workers) × \(blasThreads)" }
    }

    /// The default arrangement for `encoders` inputs on `cores` cores: P = `defaultWorkers(…)` (at most
    /// m, c and what fits in memory) and B = max(1, ⌊c / P⌋). A pure function of its arguments.
    public static func arrangement(encoders: Int, cores: Int, availableMemory: Int?, bytesPerEncoder: Int) -> Arrangement {
        let p = defaultWorkers(cores: cores, availableMemory: availableMemory, bytesPerEncoder: bytesPerEncoder,
                               encoders: encoders)
        return Arrangement(workers: p, blasThreads: blasThreads(workers: p, cores: cores))
    }

    /// The BLAS threads for `workers` encoders at once on `cores` cores: max(1, ⌊c / P⌋).
    public static func blasThreads(workers: Int, cores: Int) -> Int {
        Swift.max(1, Swift.max(cores, 1) / Swift.max(workers, 1))
    }

    /// The default number of encoders in flight: as many as there are cores, no more than there are
    /// encoders, and no more than fit in 80 % of the available memory; at least 1.
    public static func defaultWorkers(cores: Int, availableMemory: Int?, bytesPerEncoder: Int, encoders: Int) -> Int {
        var p = Swift.max(1, Swift.min(cores, encoders))
        if let available = availableMemory, bytesPerEncoder > 0 {
            p = Swift.min(p, Swift.max(1, Int(Double(available) * 0.8) / bytesPerEncoder))
        }
        return p
    }

    /// Memory this process may still use, in bytes: /proc/meminfo's MemAvailable, lowered to the room
    /// left under a cgroup limit (v2 memory.max − memory.current, or v1 limit − usage) when one is set,
    /// as under Slurm or a container. nil when neither can be read.
    public static func availableMemory() -> Int? {
        var best: Int?
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }) {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kb = Int(fields[1]) { best = kb * 1024 }
        }
        func number(_ path: String) -> Int? {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let limits: [(String, String)] = [("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                          ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes")]
        for (limitPath, usagePath) in limits {
            if let limit = number(limitPath), limit < (1 << 60), let usage = number(usagePath) {
                let room = Swift.max(0, limit - usage)
                best = best.map { Swift.min($0, room) } ?? room
                break
            }
        }
        return best
    }
}
