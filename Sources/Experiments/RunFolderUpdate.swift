import EncmapIO
import EncmapSupport
import Foundation

/// Replacing some files of an existing run folder as a whole (`encmap tables` rewriting the tables
/// beside predictions.csv and run.json): a copy of the folder holding the new files is staged beside it
/// and exchanged with it in one step (`OutputFolder.commit`), so the folder shows either every old file
/// or every new one, never a mix, and a failure while writing leaves it as it was.
enum RunFolderUpdate {
    /// Writes `files` (relative path → contents) into `folder`, keeping every other file and subfolder.
    /// Unchanged files are hard-linked into the staged copy where the file system allows (none of them is
    /// ever written to), else copied.
    /// - Throws: `FileError` naming the file that cannot be written or the folder that cannot be staged.
    static func replace(_ files: [String: Data], in folder: URL) throws {
        let target = folder.resolvingSymlinksInPath()
        let staging: URL
        do {
            staging = try OutputFolder.makeStaging(for: target)
        } catch let e as FileError {
            throw FileError(path: target.path, reason: "cannot be updated: \(e.reason)", cause: e)
        }
        do {
            try mirror(target, into: staging, relative: "", skipping: Set(files.keys))
            try OutputFolder.writeFiles(files, into: staging, for: target, remedy: "check that the folder is writable")
            StageHook.reached("tables.staged")
            try OutputFolder.commit(staging, to: target)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }

    /// Recreates the folder `source` as `destination` (which exists), leaving out the files in `skipped`
    /// (paths relative to the top folder; a folder with such a path is copied, never dropped).
    static func mirror(_ source: URL, into destination: URL, relative: String, skipping skipped: Set<String>) throws {
        let fm = FileManager.default
        func fail(_ url: URL, _ error: any Error) -> FileError {
            FileError(path: url.path, reason: "cannot be copied into the updated run folder (\(error.localizedDescription)); check the permissions")
        }
        if let permissions = try? fm.attributesOfItem(atPath: source.path)[.posixPermissions] {
            try? fm.setAttributes([.posixPermissions: permissions], ofItemAtPath: destination.path)
        }
        let entries: [String]
        do { entries = try fm.contentsOfDirectory(atPath: source.path).sorted() } catch { throw fail(source, error) }
        for entry in entries {
            let rel = relative.isEmpty ? entry : relative + "/" + entry
            let from = source.appendingPathComponent(entry), to = destination.appendingPathComponent(entry)
            do {
                let type = try fm.attributesOfItem(atPath: from.path)[.type] as? FileAttributeType
                // A file about to be replaced is left out; a folder of that name is kept (and the write fails).
                if skipped.contains(rel), type != .typeDirectory { continue }
                switch type {
                case .typeDirectory?:
                    try fm.createDirectory(at: to, withIntermediateDirectories: false)
                    try mirror(from, into: to, relative: rel, skipping: skipped)
                case .typeSymbolicLink?:
                    try fm.createSymbolicLink(atPath: to.path, withDestinationPath: try fm.destinationOfSymbolicLink(atPath: from.path))
                case .typeRegular?:
                    if (try? fm.linkItem(at: from, to: to)) == nil { try fm.copyItem(at: from, to: to) }
                default:
                    try fm.copyItem(at: from, to: to)
                }
            } catch let e as FileError {
                throw e
            } catch {
                throw fail(from, error)
            }
        }
    }
}
