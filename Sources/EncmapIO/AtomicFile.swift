import EncmapSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file writes that never leave a half-written result: the bytes go to a temporary file in the
/// same folder, which is then renamed over the destination (rename is atomic within one file system).
/// A write that fails (a full disk, a quota, a signal's error) removes its temporary file, so nothing
/// partial is left behind; temporary files of killed processes are removed by the next write there
/// (``StaleFiles``).
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating the parent folder when needed.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let code = PlainWrite.makeFolders(folder.path)
        guard code == 0 else { throw FileError.unwritable(url.path, errno: code) }
        StaleFiles.removeTemporaries(in: folder, of: url.lastPathComponent)
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(StaleFiles.ownerTag)-\(UInt32.random(in: 0...UInt32.max))")
        let written = PlainWrite.create(temp.path, data)
        guard written == 0 else { throw FileError.unwritable(url.path, errno: written) }
        if rename(temp.path, url.path) != 0 {
            let code = errno
            unlink(temp.path)
            throw FileError.unwritable(url.path, errno: code)
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}

/// Plain POSIX writes with `errno` kept (Foundation's writes lose it behind `NSCocoaErrorDomain` codes).
public enum PlainWrite {
    /// Creates `path` (a new file; an existing one is replaced) holding `data`; a failed write removes the
    /// file. Returns 0 or the `errno` of the failure.
    public static func create(_ path: String, _ data: Data) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return errno }
        // Locked while written: another host or PID namespace sees a live writer (``StaleFiles``).
        _ = flock(fd, LOCK_EX | LOCK_NB)
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                done += n
            }
        }
        if Glibc.close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 { unlink(path) }
        return failure
    }

    /// `mkdir -p`: creates `path` and its missing parents (mode 0755 less the umask). Returns 0 or `errno`.
    public static func makeFolders(_ path: String) -> Int32 {
        var info = stat()
        if stat(path, &info) == 0 { return (info.st_mode & S_IFMT) == S_IFDIR ? 0 : ENOTDIR }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path {
            let code = makeFolders(parent)
            if code != 0 { return code }
        }
        if mkdir(path, 0o755) != 0, errno != EEXIST { return errno }
        return 0
    }
}

extension FileError {
    /// What a failed write with `code` means, and what to do.
    static func writeProblem(_ code: Int32) -> (problem: String, remedy: String) {
        let text = String(cString: strerror(code))
        switch code {
        case ENOSPC: return ("the disk is full (\(text))", "free space on it, or write to another disk")
        case EDQUOT: return ("the disk quota is exhausted (\(text))", "free space within your quota, or write elsewhere")
        case EACCES, EPERM: return ("permission denied (\(text))", "check that the folder is writable")
        case EROFS: return ("the file system is read-only (\(text))", "write to a writable folder")
        case ENOTDIR: return ("a part of its path is a file, not a folder (\(text))", "check that the folder is writable, or move that file away")
        case ELOOP: return ("its path has a loop of symbolic links (\(text))", "fix or remove the link")
        case EMFILE, ENFILE: return ("too many open files (\(text))", "raise the limit ('ulimit -n') or close other programs")
        case ENAMETOOLONG: return ("its name is too long (\(text))", "use a shorter path")
        case EISDIR: return ("a folder has its name (\(text))", "move the folder away or choose another name")
        default: return (text, "check that the folder is writable")
        }
    }

    /// `<path>: cannot be written (<what the system said, explained>); <what to do>`, keeping the POSIX error.
    public static func unwritable(_ path: String, errno code: Int32) -> FileError {
        let (problem, remedy) = writeProblem(code)
        return FileError(path: path, problem: "cannot be written (\(problem))", remedy: remedy,
                         cause: NSError(domain: NSPOSIXErrorDomain, code: Int(code)))
    }
}
