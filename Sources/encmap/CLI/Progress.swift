import Foundation

/// Progress lines on stderr, only when stderr is a terminal.
struct Progress {
    let enabled = isatty(STDERR_FILENO) == 1
    let start = Date()

    func update(_ text: String) {
        guard enabled else { return }
        let elapsed = String(format: "%.1fs", Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)  \(elapsed)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Progress of many encoders on stderr (only when it is a terminal), safe to call from the workers.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private let progress = Progress()
    private let total: Int
    private var finished = 0
    init(total: Int) { self.total = total }
    func done(_ id: String) {
        lock.lock()
        finished += 1
        progress.update("features \(finished)/\(total) \(id)")
        lock.unlock()
    }
    func finish() { progress.finish() }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
