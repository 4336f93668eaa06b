import Foundation

// `repositoryRoot`, `fixtures` and `temporaryFolder` come from the shared TestSupport target.

/// Runs the built `encmap` binary (it sits beside the test bundle in the products folder).
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

func encmapBinary() -> URL {
    let products = Bundle.main.bundleURL
    let candidate = products.appendingPathComponent("encmap")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    // Fallback: the test runner's own folder.
    return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("encmap")
}

func runEncmap(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = encmapBinary()
    process.arguments = arguments
    if !extra.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new } }
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes concurrently with the process to avoid filling a pipe buffer.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

extension CommandResult {
    /// The first line of stderr (the error line).
    var errorLine: String { stderr.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? "" }
}
