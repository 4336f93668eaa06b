import EncmapSupport
import Foundation

extension SHA256 {
    /// The digest of a file's content, read in 256 KiB chunks, with `implementation` (default: the
    /// hardware instructions where the CPU has them).
    /// - Complexity: O(file size) time, O(1) memory.
    public static func hex(fileAt url: URL, implementation: Implementation = SHA256.defaultImplementation) throws -> String {
        let file: NPYFile
        do {
            file = try NPYFile(url)
        } catch let error as FileError {
            throw FileError(path: url.path, reason: error.reason.hasPrefix("cannot be read") ? error.reason : "cannot be read (\(error.reason))",
                            cause: error.cause ?? error)
        }
        defer { file.close() }
        var s = SHA256(implementation: implementation)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: NPY.defaultChunkBytes, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let got = try file.read(into: chunk.baseAddress!, count: chunk.count)
            if got == 0 { break }
            s.update(UnsafeRawBufferPointer(rebasing: chunk[0..<got]))
        }
        return s.finalize()
    }
}
