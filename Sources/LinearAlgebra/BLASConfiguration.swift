import CLinearAlgebra

/// The BLAS library in use and its threading, as OpenBLAS reports them.
public enum BLASConfiguration {
    /// OpenBLAS's build description, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var description: String {
        guard let c = openblas_get_config() else { return "OpenBLAS (unknown configuration)" }
        let core = openblas_get_corename().map { String(cString: $0) } ?? "?"
        return String(cString: c) + " (core: \(core))"
    }

    /// The number of threads BLAS calls may use.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
    }

    /// Sets the number of threads BLAS calls may use (process-wide).
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(Swift.max(1, count)))
    }
}
