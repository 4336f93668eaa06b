import Foundation

/// Paths written into result files relative to the folder that holds them, so that a results folder
/// names no machine's layout and keeps working when the repository (or the folder with its inputs) is
/// moved or cloned elsewhere.
public enum RelativePath {
    /// `path` relative to `folder` (`../../experiments/demo.json`); both are made absolute and
    /// standardised first (`.` and `..` resolved, symbolic links left alone).
    public static func of(_ path: String, from folder: URL) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = folder.standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
        let up = Array(repeating: "..", count: base.count - common)
        let parts = up + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// A path read back from a results folder: relative ones resolve against `folder`, absolute ones
    /// (folders written before paths were relative) stay as they are.
    public static func resolve(_ path: String, from folder: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: path, relativeTo: folder.standardizedFileURL).standardizedFileURL
    }
}
