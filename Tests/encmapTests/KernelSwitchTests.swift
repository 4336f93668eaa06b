import EncmapSupport
import Foundation
import Testing
import TestSupport

/// OpenBLAS's kernel chosen in-process (`gotoblas_dynamic_quit` + `gotoblas_dynamic_init` after setting
/// OPENBLAS_CORETYPE) computes exactly what the kernel chosen before the process started computes, and
/// what the re-executing fallback computes: the features folders are byte-identical.
@Suite struct KernelSwitchTests {
    /// Runs the binary with exactly the test's environment minus OPENBLAS_CORETYPE and the ENCMAP_BLAS_*
    /// variables, plus `extra`.
    func run(_ arguments: [String], _ extra: [String: String]) throws -> CommandResult {
        var env = ProcessInfo.processInfo.environment
        for key in ["OPENBLAS_CORETYPE", "ENCMAP_BLAS_CORETYPE", "ENCMAP_BLAS_SWITCH"] { env[key] = nil }
        env.merge(extra) { _, new in new }
        let process = Process()
        process.executableURL = encmapBinary()
        process.arguments = arguments
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    /// A C-order float32 (n, d) `.npy` file of seeded values.
    static func write(n: Int, d: Int, seed: UInt64, to url: URL) throws {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(n), \(d)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        bytes.append(Data(header.utf8))
        var rng = SplitMix64(state: seed)
        let values = (0..<(n * d)).map { _ in rng.centredFloat32() }
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        try bytes.write(to: url)
    }

    func folderBytes(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            out[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return out
    }

    @Test func inProcessSwitchOutsideChoiceAndReexecGiveTheSameBytes() throws {
        // The kernel encmap runs by default on this machine (its own choice or OpenBLAS's detection).
        let version = try run(["--version"], [:])
        #expect(version.status == 0)
        guard let range = version.stdout.range(of: "(core: "),
              let close = version.stdout[range.upperBound...].firstIndex(of: ")") else {
            Issue.record("no core name in '\(version.stdout)'"); return
        }
        let kernel = String(version.stdout[range.upperBound..<close])
        let dynamic = version.stdout.contains("DYNAMIC_ARCH")

        let forced = try run(["--version"], ["ENCMAP_BLAS_CORETYPE": kernel])
        #expect(forced.stdout.contains("(core: \(kernel))"))
        if dynamic {
            #expect(forced.stdout.contains("kernel \(kernel) chosen in-process"), "\(forced.stdout)")
        }
        let reexec = try run(["--version"], ["ENCMAP_BLAS_CORETYPE": kernel, "ENCMAP_BLAS_SWITCH": "reexec"])
        #expect(reexec.stdout.contains("(core: \(kernel))") && !reexec.stdout.contains("in-process"))
        let outside = try run(["--version"], ["OPENBLAS_CORETYPE": kernel])
        #expect(outside.stdout.contains("(core: \(kernel))") && !outside.stdout.contains("in-process"))

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try Self.write(n: 700, d: 160, seed: 1, to: inputs.appendingPathComponent("a.npy"))
        try Self.write(n: 700, d: 96, seed: 2, to: inputs.appendingPathComponent("b.npy"))
        var results: [[String: Data]] = []
        for (name, env) in [("in-process", ["ENCMAP_BLAS_CORETYPE": kernel]),
                            ("outside", ["OPENBLAS_CORETYPE": kernel]),
                            ("reexec", ["ENCMAP_BLAS_CORETYPE": kernel, "ENCMAP_BLAS_SWITCH": "reexec"])] {
            for threads in ["1", "2"] {
                let out = folder.appendingPathComponent("\(name)-\(threads)")
                let r = try run(["features", "--blas-threads", threads, "--out", out.path, inputs.path], env)
                #expect(r.status == 0, "\(name)")
                results.append(try folderBytes(out))
            }
        }
        #expect(results[0].count == 4, "two vectors, summary.csv, features.json")
        for k in stride(from: 2, to: results.count, by: 2) {
            #expect(results[k] == results[0], "one BLAS thread: byte-identical to the in-process switch")
            #expect(results[k + 1] == results[1], "two BLAS threads: byte-identical to the in-process switch")
        }
    }
}
