import EncmapSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Telling the temporary files and staging folders of live writers from those of dead ones, so that the
/// next command writing to a place removes what killed commands left there, and never what a running one
/// is still writing.
///
/// Each temporary name carries its owner: `<pid>.<tag>`, the tag being a digest of the host name, the boot
/// id (`/proc/sys/kernel/random/boot_id`) and the PID namespace (`/proc/self/ns/pid`). The owner also holds
/// an exclusive `flock` on the file or folder while it writes (released by the kernel when the process
/// dies, whatever its namespace). A leftover is stale when
/// - its tag is ours (same host, boot and PID namespace) and its PID no longer exists, or
/// - its tag is another's (another container, host or boot) and nobody holds its lock and it has not
///   changed for a minute (the minute covers the instant between creating a file and locking it).
/// Names without a tag (older encmap) are judged by their PID alone, as before.
public enum StaleFiles {
    /// `<pid>.<tag>`: this process's mark in temporary names.
    public static let ownerTag: String = "\(getpid()).\(hostTag)"

    /// 12 hex digits of SHA-256 over host name, boot id and PID namespace.
    public static let hostTag: String = {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let host = String(cString: name)
        let boot = (try? InputFile.read(URL(fileURLWithPath: "/proc/sys/kernel/random/boot_id"), expected: "a boot id"))
            .map { String(decoding: $0, as: UTF8.self) } ?? ""
        var link = [CChar](repeating: 0, count: 256)
        let n = readlink("/proc/self/ns/pid", &link, link.count - 1)
        let namespace = n > 0 ? String(decoding: link[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        var h = SHA256()
        h.update("\(host)|\(boot.trimmingCharacters(in: .whitespacesAndNewlines))|\(namespace)")
        return String(h.finalize().prefix(12))
    }()

    /// How long an unlocked leftover of another host or namespace must have been unchanged to be stale.
    static let foreignGraceSeconds: Double = 60

    /// Whether the leftover at `url`, whose name continues with `rest` after its prefix (`<pid>[.<tag>]-…`),
    /// belongs to a writer that is gone.
    static func isStale(_ url: URL, rest: Substring) -> Bool {
        let digits = rest.prefix { $0.isNumber }
        guard let pid = Int32(digits) else { return false }
        let afterPID = rest.dropFirst(digits.count)
        if afterPID.hasPrefix(".") {
            let tag = afterPID.dropFirst().prefix(12)
            if tag == hostTag {
                return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
            }
            return !isLocked(url) && age(url) > foreignGraceSeconds
        }
        return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Whether someone holds an exclusive lock on `url` (false when it cannot be opened or locked at all).
    static func isLocked(_ url: URL) -> Bool {
        let fd = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// Seconds since `url` last changed.
    static func age(_ url: URL) -> Double {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return 0 }
        return Date().timeIntervalSince1970 - Double(info.st_mtim.tv_sec)
    }

    /// Takes an exclusive lock on `path` for the rest of the process (or until the file is gone and the
    /// descriptor closed by ``release(_:)``); returns the descriptor, or -1 where locks are unsupported.
    @discardableResult
    static func lock(_ path: String) -> Int32 {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return -1 }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            return -1
        }
        return fd
    }

    static func release(_ fd: Int32) { if fd >= 0 { close(fd) } }

    private final class Swept: @unchecked Sendable {
        let lock = NSLock()
        var folders: Set<String> = []
        func first(_ path: String) -> Bool { lock.lock(); defer { lock.unlock() }; return folders.insert(path).inserted }
    }
    private static let swept = Swept()

    /// Removes the stale temporary files (`.<name>.tmp-<owner>-<random>`) in `folder`, once per folder and
    /// process (a cache folder may hold many entries; one listing is enough).
    public static func removeTemporaries(in folder: URL, of name: String) {
        guard swept.first(folder.standardizedFileURL.path) else { return }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where entry.hasPrefix(".") {
            guard let range = entry.range(of: ".tmp-") else { continue }
            let url = folder.appendingPathComponent(entry)
            if isStale(url, rest: entry[range.upperBound...]) { unlink(url.path) }
        }
    }
}
