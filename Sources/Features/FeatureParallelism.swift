import EncmapIO
import EncmapSupport
import Foundation

/// How many encoders to process at once, and with how many BLAS threads each.
///
/// Measured with bench/run.sh on a 2-core machine (bench/results/20261129-132440): P = 2 encoders × 1 BLAS
/// thread took 0.145 s per encoder at (n, d) = (3000, 768) and 0.484 s at (10000, 1024), against 0.188 s
/// and 0.581 s for 1 encoder × 2 BLAS threads — OpenBLAS's threads spin (sched_yield) at every
/// synchronisation inside dsytrd/dsyevd and the gemms, while independent encoders never wait for each
/// other. So the default is P = cores (memory permitting) with one BLAS thread each. It is also what keeps the output reproducible: BLAS threading changes the last bits
/// of a result (the order of floating-point sums inside the kernels changes), encoder-level parallelism does not, so with one BLAS thread per encoder the
/// vectors are byte-identical for every P, every shard split and every core count.
public enum FeatureParallelism {
    /// Working memory of one encoder beyond nothing, in bytes, for an (n, d) embedding: the Float64
    /// matrix (8·n·d), the Gram and eigensolver matrices (≈ 4 of m×m, m = min(n, d): the Gram, LAPACK's
    /// copy, dsyevd's 2·m² workspace; the reversed eigenvectors replace the workspace), one 256-column
    /// block of E·W (8·256·n), the output vectors, and the 4 MiB read buffer.
    public static func bytesPerEncoder(sentences n: Int, dimension d: Int) -> Int {
        let m = Swift.min(n, d)
        return 8 * (n * d + 4 * m * m + 256 * n + 8 * n) + NPY.defaultChunkBytes
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
