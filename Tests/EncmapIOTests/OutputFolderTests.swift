import Foundation
import Testing
@testable import EncmapIO

@Suite struct OutputFolderTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-output-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writeCreatesThenReplacesWholeFolders() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try OutputFolder.write(["a.txt": Data("one".utf8), "sub/b.txt": Data("two".utf8)], to: out)
        #expect(try String(contentsOf: out.appendingPathComponent("sub/b.txt"), encoding: .utf8) == "two")
        try OutputFolder.write(["c.txt": Data("three".utf8)], to: out)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["c.txt"], "the old folder is replaced, not merged")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"], "no staging folder left")
    }

    @Test func aFileAtTheDestinationIsRefusedAndKept() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("out")
        try Data("keep me".utf8).write(to: file)
        let e = try #require(throws: FileError.self) { try OutputFolder.write(["a": Data()], to: file) }
        #expect(e.description == "\(file.path): exists and is not a folder; choose another 'output' or move the file away")
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")
    }

    @Test func leftoversOfDeadProcessesAreRemoved() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        // Process ids above the kernel's pid_max (4194304) never run.
        let dead = root.appendingPathComponent(".out.staging-99999999-1")
        let mine = root.appendingPathComponent(".out.staging-\(getpid())-1")
        for d in [dead, mine] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        try OutputFolder.write(["a": Data()], to: out)
        let left = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(left == [".out.staging-\(getpid())-1", "out"], "\(left)")
    }
}
