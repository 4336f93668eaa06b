import Foundation

/// Whole-file writes that never leave a half-written result: the bytes go to a temporary file in the
/// same folder, which is then renamed over the destination (rename is atomic within one file system).
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating the parent folder when needed.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temp = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
            try data.write(to: temp)
            if rename(temp.path, url.path) != 0 {
                let code = errno
                try? FileManager.default.removeItem(at: temp)
                throw NSError(domain: NSPOSIXErrorDomain, code: Int(code))
            }
        } catch {
            throw FileError.unwritable(url.path, cause: error)
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
