import EncmapIO
import EncmapSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What this process may still allocate, and the refusal of work that does not fit, made before the
/// allocation (an allocation that fails inside Swift traps, and OpenBLAS spins when its buffers cannot be
/// mapped, so the check has to come first).
///
/// The room is the least of: the address space left under `RLIMIT_AS` (`ulimit -v`: the limit minus the
/// process's current `VmSize`, less a reserve for OpenBLAS's per-thread buffers and thread stacks), the
/// room under a cgroup limit (`memory.max` − `memory.current`, as under Slurm or a container) and
/// `MemAvailable` (``FeatureParallelism/availableMemory()``).
public enum MemoryBudget {
    /// Address space kept free under `RLIMIT_AS` for what encmap does not count: OpenBLAS's buffers
    /// (mapped on first use, per thread), thread stacks and the Swift runtime's own growth.
    public static let addressSpaceReserve = 256 << 20

    /// The room left under `RLIMIT_AS`, in bytes; nil when there is no limit.
    public static func addressSpaceRoom() -> Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        let cap = limit.rlim_cur > UInt64(Int.max) ? Int.max : Int(limit.rlim_cur)
        return Swift.max(0, cap - (currentVirtualSize() ?? 0) - addressSpaceReserve)
    }

    /// The process's mapped address space (`VmSize` of /proc/self/status), in bytes.
    static func currentVirtualSize() -> Int? {
        guard let data = try? InputFile.read(URL(fileURLWithPath: "/proc/self/status"), expected: "a status file") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmSize:") }) else { return nil }
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 2, let kb = Int(fields[1]) else { return nil }
        return kb * 1024
    }

    /// What the process may still allocate, in bytes (nil when nothing can be read).
    public static func available() -> Int? {
        [addressSpaceRoom(), FeatureParallelism.availableMemory()].compactMap { $0 }.min()
    }

    /// `1.5 GiB`, `300 MiB`.
    public static func describe(_ bytes: Int) -> String {
        let gib = Double(bytes) / Double(1 << 30)
        if gib >= 1 { return String(format: "%.1f GiB", gib) }
        return String(format: "%.0f MiB", Double(bytes) / Double(1 << 20))
    }

    /// Refuses work needing `bytes` when less than that may be allocated.
    /// - Parameters:
    ///   - what: the work, for the message (`its (20000, 2048) embedding matrix and eigendecomposition`).
    ///   - path: the file the work is for.
    /// - Throws: `FileError` naming the file, the memory needed and the memory available.
    public static func check(bytes: Int, for what: String, path: String) throws {
        guard let room = available(), bytes > room else { return }
        throw FileError(path: path,
                        problem: "needs about \(describe(bytes)) of memory for \(what), but this process may allocate only \(describe(room)) (ulimit -v, the cgroup limit or MemAvailable)",
                        remedy: "free memory, raise the limit, or run on a machine with more memory")
    }

    /// The working memory of one (n, d) embedding (``FeatureParallelism/bytesPerEncoder(sentences:dimension:)``),
    /// saturating instead of overflowing for absurd header shapes.
    public static func bytesPerEncoder(sentences n: Int, dimension d: Int) -> Int {
        let m = Swift.min(n, d)
        let (nd, o1) = n.multipliedReportingOverflow(by: d)
        let (mm, o2) = m.multipliedReportingOverflow(by: m)
        guard !o1, !o2, nd < Int.max / 16, mm < Int.max / 64, n < Int.max / 4096 else { return Int.max }
        return FeatureParallelism.bytesPerEncoder(sentences: n, dimension: d)
    }

    /// Refuses an (n, d) embedding whose working memory does not fit.
    public static func checkEncoder(sentences n: Int, dimension d: Int, path: String) throws {
        try check(bytes: bytesPerEncoder(sentences: n, dimension: d),
                  for: "its (\(n), \(d)) embedding matrix and eigendecomposition", path: path)
    }
}
