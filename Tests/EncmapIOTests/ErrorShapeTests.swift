import EncmapSupport
import Foundation
import Testing
@testable import EncmapIO

/// EncmapIO's errors render through the one shape: one line, the same texts as before, causes kept.
@Suite struct ErrorShapeTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-errors-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func fileErrorRendersPathReasonAndEscapesTheName() {
        let e = FileError(path: "runs/a\nb.npy", reason: "no such file; check the path")
        #expect(e.description == "runs/a\\nb.npy: no such file; check the path")
        #expect(e.diagnostic.place == .file("runs/a\nb.npy"))
        #expect(FileError(path: "x.npy", reason: "is all zeros").description == "x.npy: is all zeros")
        #expect(FileError(path: "x\r\n.npy", reason: "r").description == "x\\r\\n.npy: r")
        #expect(FileError(path: "x\u{2028}.npy", reason: "r").description == "x\\u{2028}.npy: r")
    }

    @Test func fileErrorConstructorsSayTheOldTexts() {
        #expect(FileError.missing("a.npy") == FileError(path: "a.npy", reason: "no such file; check the path"))
        #expect(FileError.missing("a.npy").description == "a.npy: no such file; check the path")
        #expect(FileError.missing("a.npy").diagnostic.remedy == "check the path")
        #expect(FileError.isFolder("d").description == "d: is a folder, not a .npy file")
        let denied = FileError.unreadable("a.npy", errno: EACCES)
        #expect(denied.description == "a.npy: cannot be read (\(String(cString: strerror(EACCES)))); check its permissions")
        #expect(FileError.unreadable("a.npy", errno: EIO, remedy: nil).reason == "cannot be read (\(String(cString: strerror(EIO))))")
        let cause = try? #require(denied.cause as? NSError)
        #expect(cause?.domain == NSPOSIXErrorDomain)
        #expect(cause?.code == Int(EACCES))
    }

    @Test func fileErrorEqualityComparesWhatIsShownNotTheCause() {
        let a = FileError(path: "p", problem: "cannot be read (x)", remedy: "check it", cause: CocoaError(.fileReadUnknown))
        let b = FileError(path: "p", reason: "cannot be read (x); check it")
        #expect(a == b)
        #expect(a != FileError(path: "q", reason: "cannot be read (x); check it"))
        #expect(a.reason == b.reason)
    }

    @Test func missingAndFolderNPYInputsUseTheOneConstructor() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = root.appendingPathComponent("none\n.npy")
        let e1 = try #require(throws: FileError.self) { _ = try NPY.read(missing) }
        #expect(e1 == FileError.missing(missing.path))
        #expect(!e1.description.contains(where: { $0.isNewline }))
        #expect(e1.description.hasSuffix("none\\n.npy: no such file; check the path"))
        let e2 = try #require(throws: FileError.self) { _ = try NPYFile(missing) }
        #expect(e2 == FileError.missing(missing.path))
        let e3 = try #require(throws: FileError.self) { _ = try NPY.read(root) }
        #expect(e3 == FileError.isFolder(root.path))
        let e4 = try #require(throws: FileError.self) { _ = try NPYFile(root) }
        #expect(e4 == FileError.isFolder(root.path))
    }

    @Test func npyHeaderProblemsKeepTheirTextWithASeparateRemedy() throws {
        let bytes: [UInt8] = Array("not numpy at all".utf8)
        let e = try #require(throws: FileError.self) {
            _ = try bytes.withUnsafeBytes { try NPY.parseHeader($0, path: "bad.npy") }
        }
        #expect(e.description == "bad.npy: not a .npy file (bad magic string; expected \\x93NUMPY); re-save it with numpy.save(path, array.astype(numpy.float32))")
        #expect(e.problem == "not a .npy file (bad magic string; expected \\x93NUMPY)")
        #expect(e.remedy == "re-save it with numpy.save(path, array.astype(numpy.float32))")
    }

    @Test func hashingAMissingFileKeepsTheOriginalErrorAsCause() throws {
        let missing = try temporaryFolder().appendingPathComponent("gone.npy")
        let e = try #require(throws: FileError.self) { _ = try SHA256.hex(fileAt: missing) }
        #expect(e.reason == "cannot be read (no such file; check the path)")
        #expect(try #require(e.cause as? FileError) == FileError.missing(missing.path))
    }

    @Test func atomicFileIntoAnUnwritableFolderKeepsTheSystemErrorAsCause() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        // A regular file where the folder should be: no folder can be created there, even as root.
        let blocker = root.appendingPathComponent("blocker")
        try Data("keep".utf8).write(to: blocker)
        let target = blocker.appendingPathComponent("out.json")
        let e = try #require(throws: FileError.self) { try AtomicFile.write("{}", to: target) }
        #expect(e.path == target.path)
        #expect(e.problem.hasPrefix("cannot be written ("))
        #expect(e.remedy == "check that the folder is writable, or move that file away")
        #expect(e.description == "\(target.path): cannot be written (a part of its path is a file, not a folder (Not a directory)); check that the folder is writable, or move that file away")
        let cause = try #require(e.cause)
        #expect(!(cause is FileError))
        let ns = cause as NSError
        #expect(ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain)
        #expect(try String(contentsOf: blocker, encoding: .utf8) == "keep")
    }

    @Test func atomicFileRenameFailureKeepsThePOSIXError() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        // A non-empty folder at the destination: rename(2) of a file over it fails (EISDIR).
        let target = root.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let e = try #require(throws: FileError.self) { try AtomicFile.write("x", to: target) }
        let ns = try #require(e.cause as? NSError)
        #expect(ns.domain == NSPOSIXErrorDomain)
        #expect(ns.code == Int(EISDIR))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["taken"], "no temporary file left")
    }

    @Test func csvErrorRendersFileLineAndEscapesTheName() throws {
        let e = try #require(throws: CSVError.self) { _ = try CSVTable(text: "a,a\n1,2\n", path: "scores\n.csv") }
        #expect(e.description == "scores\\n.csv:1: the header names column 'a' twice")
        #expect(e.diagnostic.place == .line(1, of: "scores\n.csv"))
        #expect(CSVError(path: "t.csv", line: nil, message: "is not UTF-8 text").description == "t.csv: is not UTF-8 text")
        #expect(CSVError(path: "t.csv", line: 3, problem: "bad", remedy: "fix it") == CSVError(path: "t.csv", line: 3, message: "bad; fix it"))
        let ragged = try #require(throws: CSVError.self) { _ = try CSVTable(text: "a,b\n1\n", path: "t.csv") }
        #expect(ragged.description == "t.csv:2: this row has 1 fields but the header has 2; fix the row (quote fields that contain commas)")
    }

    @Test func outputFolderErrorGoesThroughTheShape() throws {
        #expect(FileError(path: "out\nx", reason: "cannot be written (denied)").description == "out\\nx: cannot be written (denied)")
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("res\u{2028}ults")
        try Data("keep me".utf8).write(to: file)
        let e = try #require(throws: FileError.self) { try OutputFolder.write(["a": Data()], to: file) }
        #expect(e.description == OneLine.escape(file.path) + ": exists and is not a folder; choose another 'output' or move the file away")
        #expect(!e.description.contains(where: { $0.isNewline }))
        #expect(e == FileError(path: file.path, problem: "exists and is not a folder", remedy: "choose another 'output' or move the file away"))
    }

    @Test func jsonSyntaxErrorKeepsItsText() throws {
        let e = try #require(throws: JSONSyntaxError.self) { _ = try JSONValue.parse("{\n  \"a\": }") }
        #expect(e.description == "line \(e.line), column \(e.column): \(e.message)")
        #expect(e.line == 2)
        #expect(e.diagnostic.place == .nowhere)
    }
}
