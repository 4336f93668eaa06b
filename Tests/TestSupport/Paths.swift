import Foundation

/// The repository's root folder, found from this file's place (Tests/TestSupport/Paths.swift).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The committed fixtures, Tests/Fixtures (each kind's generator script and provenance sit beside it).
public let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")

/// A file or folder under Tests/Fixtures.
public func fixture(_ path: String) -> URL { fixtures.appendingPathComponent(path) }

/// A new, empty folder under the system's temporary folder, named `<prefix>-<UUID>`.
public func temporaryFolder(_ prefix: String = "encmap-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
