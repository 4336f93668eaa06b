import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
        try OutputFolder.write(["run.json": Data("{}".utf8), "sub/b.txt": Data("two".utf8)], to: out)
        #expect(try String(contentsOf: out.appendingPathComponent("sub/b.txt"), encoding: .utf8) == "two")
        try OutputFolder.write(["run.json": Data("{}".utf8), "c.txt": Data("three".utf8)], to: out)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["c.txt", "run.json"],
                "the old folder is replaced, not merged")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"], "no staging folder left")
    }

    /// The replace rule: a folder is replaced only when empty or marked as an earlier result of the same
    /// kind, and never when it holds an input; the refusal names the folder and what it holds.
    @Test func onlyEmptyOrMarkedFoldersWithoutInputsAreReplaced() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("my thesis".utf8).write(to: out.appendingPathComponent("thesis.tex"))
        let e = try #require(throws: FileError.self) { try OutputFolder.write(["run.json": Data()], to: out) }
        #expect(e.description.hasPrefix("\(out.path): is not an earlier run folder"))
        #expect(e.description.contains("it has no run.json and holds 'thesis.tex'"))
        #expect(try String(contentsOf: out.appendingPathComponent("thesis.tex"), encoding: .utf8) == "my thesis")
        // Marked as a map, not a run: still refused.
        try Data("{}".utf8).write(to: out.appendingPathComponent("map.json"))
        #expect(throws: FileError.self) { try OutputFolder.write(["run.json": Data()], to: out) }
        // A folder holding an input of this process, or an ancestor of one.
        let inputs = root.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs.appendingPathComponent("deep"), withIntermediateDirectories: true)
        let spec = inputs.appendingPathComponent("deep/spec.json")
        try Data("{}".utf8).write(to: spec)
        try Data("{}".utf8).write(to: inputs.appendingPathComponent("run.json"))
        _ = try InputFile.read(spec)
        for target in [inputs, inputs.appendingPathComponent("deep"), inputs.appendingPathComponent("deep/..")] {
            let refused = try #require(throws: FileError.self) { try OutputFolder.write(["run.json": Data()], to: target) }
            #expect(refused.description.contains("an input of this command"), "\(refused)")
        }
        #expect(FileManager.default.fileExists(atPath: spec.path))
        // Legacy features folders (summary.csv beside vectors) count as marked.
        let legacy = root.appendingPathComponent("legacy")
        try FileManager.default.createDirectory(at: legacy, withIntermediateDirectories: true)
        for name in ["a.npy", "summary.csv"] { try Data().write(to: legacy.appendingPathComponent(name)) }
        try OutputFolder.write(["features.json": Data("{}".utf8), "b.npy": Data()], to: legacy)
        #expect(try FileManager.default.contentsOfDirectory(atPath: legacy.path).sorted() == ["b.npy", "features.json"])
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
        let deadTagged = root.appendingPathComponent(".out.staging-99999999.\(StaleFiles.hostTag)-2")
        let mine = root.appendingPathComponent(".out.staging-\(getpid())-1")
        // Another host or PID namespace: its PID means nothing here; young or locked, it is left alone.
        let foreign = root.appendingPathComponent(".out.staging-99999999.000000000000-3")
        for d in [dead, deadTagged, mine, foreign] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        try OutputFolder.write(["a": Data()], to: out)
        let left = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(left == [".out.staging-99999999.000000000000-3", ".out.staging-\(getpid())-1", "out"].sorted(), "\(left)")
        // Unlocked and unchanged for over a minute: the foreign leftover is stale.
        let old = Date(timeIntervalSinceNow: -3600)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: foreign.path)
        #expect(StaleFiles.isStale(foreign, rest: "99999999.000000000000-3"))
        let fd = StaleFiles.lock(foreign.path)
        #expect(fd >= 0 && !StaleFiles.isStale(foreign, rest: "99999999.000000000000-3"), "a held lock means a live writer")
        StaleFiles.release(fd)
    }
}

/// Issue 14, case 9: a digest taken after the fact must describe the bytes that were read.
@Test func aFileReplacedAfterItWasReadIsNoticed() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-identity-\(UUID())")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let file = root.appendingPathComponent("labels.csv")
    try Data("a,b\n1,2\n".utf8).write(to: file)
    _ = try InputFile.read(file)
    try InputFile.checkUnchanged(file)
    // Replaced (a new inode, as an editor or `mv` does).
    let other = root.appendingPathComponent("new.csv")
    try Data("a,b\n1,3\n".utf8).write(to: other)
    #expect(rename(other.path, file.path) == 0)
    let e = try #require(throws: FileError.self) { try InputFile.checkUnchanged(file) }
    #expect(e.description == "\(file.path): changed while encmap was using it (it was replaced or rewritten after it was read); let whatever writes it finish, then rerun")
    // Read again: that version is the one in use.
    _ = try InputFile.read(file)
    try InputFile.checkUnchanged(file)
}

/// Issue 14, case 15: system errors say what they mean and what to do.
@Test func systemErrorsAreExplained() {
    #expect(InputFile.explain(errno: EMFILE).problem.hasPrefix("cannot be opened: too many open files"))
    #expect(InputFile.explain(errno: EMFILE).remedy == "raise the limit ('ulimit -n') or close other programs")
    #expect(InputFile.explain(errno: ELOOP).problem.hasPrefix("is a loop of symbolic links"))
    #expect(FileError.unwritable("x", errno: ENOSPC).description
            == "x: cannot be written (the disk is full (No space left on device)); free space on it, or write to another disk")
    #expect(FileError.unwritable("x", errno: EACCES).remedy == "check that the folder is writable")
}
