import EncmapSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opening the files encmap reads. Every input is opened with `O_NONBLOCK` (a FIFO or a device then never
/// blocks the open) and `fstat`ed on the open descriptor: only a regular file is read; a FIFO, socket,
/// device or folder is refused with one line naming it. The check is made on the descriptor, so the file
/// cannot be swapped between the check and the read.
///
/// Every file opened here is also noted (by its resolved path) in ``InputFile/opened``, so that an output
/// folder can refuse to replace a folder that holds one of the command's own inputs.
public enum InputFile {
    /// The kind of a file system object, as `stat` tells it.
    static func kindName(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "not a regular file"
        }
    }

    /// The problem and remedy of a failed `open(2)`/`read(2)` with `code`.
    public static func explain(errno code: Int32) -> (problem: String, remedy: String?) {
        let text = String(cString: strerror(code))
        switch code {
        case ENOENT: return ("no such file", "check the path")
        case ELOOP: return ("is a loop of symbolic links (\(text))", "fix or remove the link")
        case EACCES, EPERM: return ("cannot be read (\(text))", "check its permissions")
        case EMFILE, ENFILE: return ("cannot be opened: too many open files (\(text))", "raise the limit ('ulimit -n') or close other programs")
        case ENOMEM: return ("cannot be read: not enough memory (\(text))", "free memory or raise the limit")
        case ENXIO: return ("is a socket or device without a reader (\(text))", "point at a regular file")
        case ENAMETOOLONG: return ("has a name that is too long (\(text))", "use a shorter path")
        case ENOTDIR: return ("has a path through something that is not a folder (\(text))", "check the path")
        case EIO: return ("cannot be read: input/output error (\(text))", "check the disk")
        default: return ("cannot be read (\(text))", nil)
        }
    }

    /// Opens `url` for reading and returns the descriptor and the file's size.
    /// - Parameter expected: what the file should be, for messages (`a .npy file`, `a CSV file`).
    /// - Throws: `FileError` naming the file when it is missing, unreadable or not a regular file.
    public static func open(_ url: URL, expected: String = "a regular file") throws -> (descriptor: Int32, size: Int) {
        let path = url.path
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            // Sockets cannot be opened at all: name them by what `stat` says rather than by ENXIO.
            var info = stat()
            if stat(path, &info) == 0, let kind = kindName(info.st_mode) {
                throw refusal(path, kind: kind, expected: expected)
            }
            if code == ENOENT, let why = whyMissing(path) { throw FileError(path: path, problem: why.problem, remedy: why.remedy) }
            if code == ENOENT { throw FileError.missing(path) }
            let (problem, remedy) = explain(errno: code)
            throw FileError(path: path, problem: problem, remedy: remedy, cause: NSError(domain: NSPOSIXErrorDomain, code: Int(code)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            _ = Glibc.close(fd)
            let (problem, remedy) = explain(errno: code)
            throw FileError(path: path, problem: problem, remedy: remedy, cause: NSError(domain: NSPOSIXErrorDomain, code: Int(code)))
        }
        if let kind = kindName(info.st_mode) {
            _ = Glibc.close(fd)
            throw refusal(path, kind: kind, expected: expected)
        }
        // A regular file: reads never block; clear O_NONBLOCK all the same so read(2) behaves plainly.
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        note(url, identity: Identity(info))
        return (fd, Int(info.st_size))
    }

    /// Why a path that does not resolve to a file is missing, when it is more than absent: a symbolic link
    /// to a missing file, or a loop of links. nil for a plain missing path.
    public static func whyMissing(_ path: String) -> (problem: String, remedy: String)? {
        var link = stat()
        guard lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK else { return nil }
        var target = stat()
        if stat(path, &target) == 0 { return nil }
        if errno == ELOOP { return ("is a loop of symbolic links", "fix or remove the link") }
        let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
        return ("is a symbolic link to '\(OneLine.escape(destination))', which does not exist", "fix the link or restore its target")
    }

    static func refusal(_ path: String, kind: String, expected: String) -> FileError {
        if kind == "a folder" { return FileError.isFolder(path, expected: expected) }
        return FileError(path: path, problem: "is \(kind), not \(expected)",
                         remedy: "encmap reads regular files only; replace it with the file itself")
    }

    /// The whole contents of the regular file at `url`.
    /// - Throws: `FileError` as ``open(_:expected:)`` does, or for a failed read.
    public static func read(_ url: URL, expected: String = "a regular file") throws -> Data {
        let (fd, size) = try open(url, expected: expected)
        defer { _ = Glibc.close(fd) }
        var data = Data(count: max(size, 0))
        var done = 0
        var failure: Int32 = 0
        data.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while done < raw.count {
                let got = Glibc.read(fd, base + done, raw.count - done)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { break }
                done += got
            }
        }
        if failure != 0 {
            let (problem, remedy) = explain(errno: failure)
            throw FileError(path: url.path, problem: problem, remedy: remedy,
                            cause: NSError(domain: NSPOSIXErrorDomain, code: Int(failure)))
        }
        // The file shrank while it was read: keep what is there (the parsers report a truncated file).
        if done < data.count { data.removeSubrange(done...) }
        // The file grew: read the rest too.
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if got < 0, errno == EINTR { continue }
            if got <= 0 { break }
            data.append(contentsOf: chunk[0..<got])
        }
        return data
    }

    // MARK: The inputs of this process

    /// What tells one version of a file from another without reading it: device, inode, size and
    /// modification time (nanoseconds).
    public struct Identity: Equatable, Sendable {
        let device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            seconds = Int(info.st_mtim.tv_sec)
            nanoseconds = Int(info.st_mtim.tv_nsec)
        }

        /// The identity of the file at `path` now (following links), nil when it cannot be `stat`ed.
        static func current(_ path: String) -> Identity? {
            var info = stat()
            return stat(path, &info) == 0 ? Identity(info) : nil
        }
    }

    private final class PathSet: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: [String: Identity] = [:]
        func insert(_ p: String, _ identity: Identity?) {
            lock.lock(); defer { lock.unlock() }
            if let identity { paths[p] = identity } else if paths[p] == nil { paths[p] = Identity.current(p) }
        }
        func identity(_ p: String) -> Identity? { lock.lock(); defer { lock.unlock() }; return paths[p] }
        var all: Set<String> { lock.lock(); defer { lock.unlock() }; return Set(paths.keys) }
    }
    private static let openedPaths = PathSet()

    static func resolved(_ url: URL) -> String { url.resolvingSymlinksInPath().standardizedFileURL.path }

    /// Notes `url` (resolved) as an input of this process, as the version last read (`identity`).
    public static func note(_ url: URL) { openedPaths.insert(resolved(url), nil) }

    static func note(_ url: URL, identity: Identity) { openedPaths.insert(resolved(url), identity) }

    /// Every input this process has opened so far (resolved paths).
    public static var opened: Set<String> { openedPaths.all }

    /// Checks that the file at `url` is still the version this process last read (same device, inode, size
    /// and modification time), so that a digest taken now describes the bytes that were used.
    /// - Throws: `FileError` when it was replaced or rewritten since; nothing for a file never read here.
    public static func checkUnchanged(_ url: URL) throws {
        let path = resolved(url)
        guard let read = openedPaths.identity(path) else { return }
        guard Identity.current(path) == read else {
            throw FileError(path: url.path, problem: "changed while encmap was using it (it was replaced or rewritten after it was read)",
                            remedy: "let whatever writes it finish, then rerun")
        }
    }
}
