import EncmapIO
@testable import Features
import Foundation
import Testing
import TestSupport

/// Inputs found by fuzzing `.npy` reading (Tests/Fuzz, `bash scripts/fuzz.sh`), kept as fixtures in
/// Tests/Fixtures/robustness/fuzz (see Tests/Fixtures/README.md) and as seeds in Tests/Fuzz/Corpus/npy,
/// and the fuzz target's main property checked on every seed: the streaming reader the product uses and
/// the in-memory reader agree, whatever the chunk size.
@Suite struct NPYFuzzRegressionTests {
    /// Found by fuzz-npy: a format 2.0 header whose dtype text holds bytes that are not UTF-8, a NUL, a
    /// form feed and other control characters. The error is one line, names the file and shows the dtype
    /// with its control characters escaped.
    @Test func dtypeWithInvalidUTF8AndControlCharactersGivesOneLine() throws {
        let url = fixture("robustness/fuzz/npy-dtype-invalid-utf8-v2-header.npy")
        for read in [{ try NPY.read(url) }, { try NPY.read(data: Data(contentsOf: url), path: url.path) }] {
            let error = try #require(throws: FileError.self) { _ = try read() }
            #expect(error.path == url.path)
            #expect(error.reason.hasPrefix("unsupported dtype '<f \\u{00DB}\\u{00BF}f"), "\(error.reason)")
            #expect(error.reason.contains("\\u{0C}") && error.reason.contains("\\0"), "\(error.reason)")
            #expect(error.description.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }, "one printable line")
        }
        let embedding = try #require(throws: FileError.self) { try EmbeddingMatrix.load(url) }
        #expect(embedding == (try #require(throws: FileError.self) { try NPY.read(url) }))
    }

    /// Every committed `.npy` seed and fixture: the streaming reader (chunks of 1, 7 and 64 bytes and the
    /// default) and the in-memory reader give the same shape and bit-identical values, or the same error.
    @Test func streamingAndInMemoryReadersAgreeOnEverySeed() throws {
        let folders = [repositoryRoot.appendingPathComponent("Tests/Fuzz/Corpus/npy"), fixture("npy"), fixture("qre"),
                       fixture("robustness/fuzz")]
        var seen = 0
        for folder in folders {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".npy") }.sorted()
            for name in names {
                let url = folder.appendingPathComponent(name)
                let memory = Result { try NPY.read(data: Data(contentsOf: url), path: url.path) }
                for chunk in [1, 7, 64, NPY.defaultChunkBytes] {
                    let streamed = Result { try NPY.readStreaming(url, chunkBytes: chunk) }
                    switch (memory, streamed) {
                    case let (.success(a), .success(b)):
                        #expect(a.shape == b.header.shape && a.storage.map(\.bitPattern) == b.storage.map(\.bitPattern),
                                "\(name), chunks of \(chunk)")
                    case let (.failure(a), .failure(b)):
                        #expect("\(a)" == "\(b)", "\(name), chunks of \(chunk)")
                    default:
                        Issue.record("\(name), chunks of \(chunk): one reader accepts, the other refuses")
                    }
                }
                seen += 1
            }
        }
        #expect(seen >= 60, "\(seen) files")
    }
}
