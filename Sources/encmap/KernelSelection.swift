import Foundation
import LinearAlgebra

/// Replaces OpenBLAS's generic fallback kernel with a better one at start-up.
///
/// When `BLASConfiguration.preferredKernel` names a kernel, encmap first switches in this process: a
/// DYNAMIC_ARCH OpenBLAS selects its kernel table again after `gotoblas_dynamic_quit` and
/// `gotoblas_dynamic_init`, reading OPENBLAS_CORETYPE (`BLASConfiguration.switchKernel`). This runs before
/// any BLAS call and before any thread exists besides OpenBLAS's idle pool, and costs microseconds. Where
/// the library cannot switch, or reports another kernel than the one asked for, encmap re-executes itself
/// with OPENBLAS_CORETYPE set (and ENCMAP_BLAS_CORETYPE=off, so that this happens at most once), which the
/// library reads when it loads — about 10 ms, a second process start.
///
/// `ENCMAP_BLAS_SWITCH=reexec` skips the in-process switch and always re-executes (to compare the two
/// routes; both give bit-identical results).
enum KernelSelection {
    /// How the kernel in use was chosen.
    enum Outcome: Equatable {
        /// encmap changed nothing (OpenBLAS's own choice, or the user's OPENBLAS_CORETYPE).
        case unchanged
        /// Switched in this process from the kernel OpenBLAS had detected.
        case switchedInProcess(detected: String)
    }

    static func apply() -> Outcome {
        let env = ProcessInfo.processInfo.environment
        let detected = BLASConfiguration.coreName
        guard let kernel = BLASConfiguration.preferredKernel(environment: env, cpuFlags: cpuFlags(),
                                                             detectedCore: detected) else { return .unchanged }
        if env["ENCMAP_BLAS_SWITCH"] != "reexec" && BLASConfiguration.switchKernel(to: kernel) {
            return .switchedInProcess(detected: detected)
        }
        reexec(kernel)
        return .unchanged
    }

    /// The CPU's feature flags as /proc/cpuinfo lists them (empty where it cannot be read).
    static func cpuFlags() -> Set<String> {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
    }

    /// Starts this program again with OPENBLAS_CORETYPE=`kernel`; returns only if that fails, leaving the
    /// process on the kernel it has.
    static func reexec(_ kernel: String) {
        setenv("OPENBLAS_CORETYPE", kernel, 1)
        setenv("ENCMAP_BLAS_CORETYPE", "off", 1)
        var cArgs = CommandLine.arguments.map { strdup($0) }
        cArgs.append(nil)
        execv("/proc/self/exe", &cArgs)
        // execv returns only on failure: carry on with the kernel we have.
        for p in cArgs { free(p) }
        unsetenv("OPENBLAS_CORETYPE")
    }
}
