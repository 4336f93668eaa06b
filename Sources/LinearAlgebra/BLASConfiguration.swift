import CLinearAlgebra
import Glibc

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

extension BLASConfiguration {
    /// The OpenBLAS kernel to request when the library's own CPU detection fell back to the generic
    /// "Prescott" kernel on a processor it does not know (OpenBLAS 0.3.21, as Debian 12 ships it, does
    /// this on recent Xeons, and its generic kernels are 3–5× slower there). Returns nil when nothing
    /// should change: the user chose a kernel (OPENBLAS_CORETYPE is set), `ENCMAP_BLAS_CORETYPE=off`,
    /// detection did not fall back, or the CPU lacks the instructions of a better kernel.
    ///
    /// `ENCMAP_BLAS_CORETYPE=<name>` forces a kernel name. The choice: AVX-512 F/BW/VL/DQ/CD → SkylakeX;
    /// else AVX2 + FMA → Haswell. `cpuFlags` is evaluated only when detection fell back (reading them costs a
    /// /proc/cpuinfo read at every start otherwise).
    public static func preferredKernel(environment: [String: String], cpuFlags: @autoclosure () -> Set<String>,
                                       detectedCore: String) -> String? {
        if environment["OPENBLAS_CORETYPE"] != nil { return nil }
        switch environment["ENCMAP_BLAS_CORETYPE"] {
        case "off": return nil
        case let forced? where forced != "auto": return forced
        default: return detectedCore.lowercased() == "prescott" ? pick(cpuFlags()) : nil
        }
    }

    static func pick(_ flags: Set<String>) -> String? {
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"].allSatisfy(flags.contains) { return "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        return nil
    }

    /// OpenBLAS's name for the kernel it selected ("Haswell", "SkylakeX", "Prescott", …).
    public static var coreName: String {
        openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    /// Switches OpenBLAS to the kernel `name` in this process: sets OPENBLAS_CORETYPE and has the library
    /// select its kernel table again (`gotoblas_dynamic_quit`, then `gotoblas_dynamic_init`, which reads the
    /// variable). Returns true when OpenBLAS now reports `name` (case-insensitively); false when the library
    /// cannot re-select (not a DYNAMIC_ARCH build) or chose something else — the caller then falls back to
    /// starting the process again with the variable set. OPENBLAS_CORETYPE stays set either way, so child
    /// processes and a re-executed process make the same choice.
    ///
    /// Call only at start-up, before any BLAS or LAPACK call and before any thread may make one: the kernel
    /// table is process-wide and swapped without synchronisation. The kernels then compute exactly what
    /// they compute when OPENBLAS_CORETYPE was set before the process started (the same table and blocking
    /// parameters), so results are bit-identical either way.
    public static func switchKernel(to name: String) -> Bool {
        setenv("OPENBLAS_CORETYPE", name, 1)
        guard encmap_openblas_reselect_kernel() != 0 else { return false }
        return coreName.lowercased() == name.lowercased()
    }
}
