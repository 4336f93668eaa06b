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
    try runProcess(encmapBinary(), arguments, in: directory, environment: extra)
}

/// Runs `executable` with `arguments` (stdin empty, the test's environment plus `extra`) and collects its
/// exit status, stdout and stderr.
func runProcess(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                environment extra: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
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

/// Runs `encmap` with `arguments`, to be killed by itself at `stage` (`ENCMAP_TEST_STOP_AT`), and returns
/// the finished process.
func runKilledProcess(at stage: String, _ arguments: [String]) throws -> Process {
    let p = Process()
    p.executableURL = encmapBinary()
    p.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["ENCMAP_TEST_STOP_AT"] = stage
    p.environment = environment
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    p.standardInput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p
}

extension CommandResult {
    /// The first line of stderr (the error line).
    var errorLine: String { stderr.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? "" }
}
