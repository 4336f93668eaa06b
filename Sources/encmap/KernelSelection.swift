import Foundation
import LinearAlgebra

/// OpenBLAS reads OPENBLAS_CORETYPE once, when it is loaded, so a better kernel can only be chosen by
/// starting again: when `BLASConfiguration.preferredKernel` names one, encmap re-executes itself with
/// OPENBLAS_CORETYPE set (and ENCMAP_BLAS_CORETYPE=off so that this happens at most once).
enum KernelSelection {
    static func reexecIfBeneficial() {
        let env = ProcessInfo.processInfo.environment
        let flags: Set<String>
        if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) {
            flags = Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
        } else {
            flags = []
        }
        guard let kernel = BLASConfiguration.preferredKernel(environment: env, cpuFlags: flags,
                                                             detectedCore: BLASConfiguration.coreName) else { return }
        setenv("OPENBLAS_CORETYPE", kernel, 1)
        setenv("ENCMAP_BLAS_CORETYPE", "off", 1)
        let args = CommandLine.arguments
        var cArgs = args.map { strdup($0) }
        cArgs.append(nil)
        execv("/proc/self/exe", &cArgs)
        // execv returns only on failure: carry on with the kernel we have.
        unsetenv("OPENBLAS_CORETYPE")
    }
}
