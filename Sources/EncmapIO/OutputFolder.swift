import EncmapSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A results folder written all at once: results (of `encmap run`, of `encmap map`) are assembled in a
/// staging folder beside the destination and swapped in only when everything was written, so a failed
/// or killed command never leaves a half-written results folder: the previous results stay where they were.
public enum OutputFolder {
    /// Writes `files` (relative path → contents; subfolders are created) as the folder `destination`,
    /// replacing any previous folder there only when every file was written.
    /// The destination must be replaceable (``OutputGuard/check(_:kind:)``: empty, missing, or an earlier
    /// result of the same kind, and holding none of the command's inputs); the kind is told by the marker
    /// file among `files` (`run.json`, `map.json`, `features.json`).
    public static func write(_ files: [String: Data], to destination: URL) throws {
        try write(files, to: destination, kind: OutputGuard.Kind.allCases.first { files[$0.marker] != nil })
    }

    /// As ``write(_:to:)``, for a result of `kind` (whose marker may be missing among `files`).
    public static func write(_ files: [String: Data], to destination: URL, kind: OutputGuard.Kind?) throws {
        try OutputGuard.check(destination, kind: kind)
        let staging = try makeStaging(for: destination)
        do {
            try writeFiles(files, into: staging, for: destination, remedy: "check the free space and permissions")
            StageHook.reached("output.staged")
            try OutputGuard.check(destination, kind: kind)
            try commit(staging, to: destination)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }

    /// Writes `files` (relative path → contents; subfolders are created) into the staging folder of
    /// `destination`, in path order; a failure names the file as it will be in `destination`.
    public static func writeFiles(_ files: [String: Data], into staging: URL, for destination: URL, remedy: String) throws {
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            let url = staging.appendingPathComponent(name)
            var code = PlainWrite.makeFolders(url.deletingLastPathComponent().path)
            if code == 0 { code = PlainWrite.create(url.path, data) }
            if code != 0 {
                let (problem, explained) = FileError.writeProblem(code)
                // A full disk or a quota has its own remedy; otherwise the caller's.
                let what = [ENOSPC, EDQUOT, EROFS, EMFILE, ENFILE].contains(code) ? explained : remedy
                throw FileError(path: destination.appendingPathComponent(name).path, problem: "cannot be written (\(problem))",
                                remedy: what, cause: NSError(domain: NSPOSIXErrorDomain, code: Int(code)))
            }
        }
    }

    /// A fresh temporary folder next to `destination` (same file system, so the final rename is atomic).
    public static func makeStaging(for destination: URL) throws -> URL {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            // Never swap a results folder in for a file that happens to have the output's name.
            throw FileError(path: destination.path, reason: "exists and is not a folder; choose another 'output' or move the file away")
        }
        let parent = destination.deletingLastPathComponent()
        removeLeftovers(beside: destination)
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).staging-\(StaleFiles.ownerTag)-\(UInt32.random(in: 0...UInt32.max))")
        let code = PlainWrite.makeFolders(staging.path)
        guard code == 0 else {
            let (problem, _) = FileError.writeProblem(code)
            throw FileError(path: destination.path, problem: "cannot be written: cannot create the output folder (\(problem))",
                            remedy: "choose a writable 'output' (check that the folder is writable)",
                            cause: NSError(domain: NSPOSIXErrorDomain, code: Int(code)))
        }
        // Held until the process ends: a writer in another PID namespace or on another host sees the
        // folder as live (``StaleFiles``).
        StaleFiles.lock(staging.path)
        return staging
    }

    /// Deletes staging and set-aside folders of `destination` left by runs that were killed (judged by
    /// ``StaleFiles``: owner PID on this host, boot and PID namespace, else the owner's lock); those of
    /// running processes are left alone.
    static func removeLeftovers(beside destination: URL) {
        let parent = destination.deletingLastPathComponent()
        let prefixes = [".\(destination.lastPathComponent).staging-", ".\(destination.lastPathComponent).previous-"]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] {
            guard let prefix = prefixes.first(where: { entry.hasPrefix($0) }) else { continue }
            let url = parent.appendingPathComponent(entry)
            guard StaleFiles.isStale(url, rest: entry.dropFirst(prefix.count)) else { continue }
            try? FileManager.default.removeItem(at: url)
        }
    }

    /// Moves `staging` to `destination`, replacing an existing folder. On Linux the two are exchanged
    /// with one atomic `renameat2(RENAME_EXCHANGE)` and the old results are then deleted; elsewhere the
    /// old folder is renamed aside first.
    public static func commit(_ staging: URL, to destination: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: destination.path) {
            #if os(Linux)
            // glibc ≥ 2.28 has renameat2; look it up at run time so older systems fall back below.
            typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
            if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") {
                let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
                let exchange: UInt32 = 2  // RENAME_EXCHANGE
                if renameat2(AT_FDCWD, staging.path, AT_FDCWD, destination.path, exchange) == 0 {
                    StageHook.reached("output.exchanged")
                    try? fm.removeItem(at: staging)   // now holds the previous results
                    return
                }
            }
            #endif
            let aside = destination.deletingLastPathComponent()
                .appendingPathComponent(".\(destination.lastPathComponent).previous-\(StaleFiles.ownerTag)")
            do {
                try fm.moveItem(at: destination, to: aside)
                try fm.moveItem(at: staging, to: destination)
                StageHook.reached("output.exchanged")
                try? fm.removeItem(at: aside)
            } catch {
                throw FileError(path: destination.path, reason: "cannot replace the output folder (\(error.localizedDescription))", cause: error)
            }
        } else {
            guard rename(staging.path, destination.path) == 0 else {
                throw FileError(path: destination.path, reason: "cannot move the results into place (\(String(cString: strerror(errno))))")
            }
            StageHook.reached("output.exchanged")
        }
    }
}
