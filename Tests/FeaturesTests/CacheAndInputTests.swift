import EncmapIO
import EncmapSupport
@testable import Features
import Foundation
import Testing
import TestSupport

@Suite struct FeatureCacheTests {
    @Test func secondRunComesFromCacheWithIdenticalValues() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let extractor = FeatureExtractor(parameters: .init(), cache: FeatureCache(folder: dir))
        let input = EncoderInput(id: "a", url: fixture("qre/a_f32_c.npy"))
        let (first, cached1) = try extractor.features(of: input)
        let (second, cached2) = try extractor.features(of: input)
        #expect(!cached1 && cached2)
        #expect(first == second, "bit-identical after the cache round trip")
        // A different parameter is a different key.
        let other = FeatureExtractor(parameters: .init(epsilon: 1e-8), cache: FeatureCache(folder: dir))
        let (third, cached3) = try other.features(of: input)
        #expect(!cached3 && third.qreUnit != first.qreUnit)
        // The same content under another name is found, renamed.
        let (renamed, cached4) = try extractor.features(of: EncoderInput(id: "z", url: input.url))
        #expect(cached4 && renamed.id == "z" && renamed.vector == first.vector)
    }

    @Test func corruptedEntryIsRecomputedNotTrusted() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = FeatureCache(folder: dir)
        let extractor = FeatureExtractor(parameters: .init(), cache: cache)
        let input = EncoderInput(id: "b", url: fixture("qre/b_f64_fortran.npy"))
        let (good, _) = try extractor.features(of: input)
        let npy = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasSuffix(".npy") })
        var bytes = try Data(contentsOf: dir.appendingPathComponent(npy))
        bytes[bytes.count - 3] ^= 0x40   // flip a bit in the last value
        try bytes.write(to: dir.appendingPathComponent(npy))
        let (again, cached) = try extractor.features(of: input)
        #expect(!cached, "a digest mismatch must force recomputation")
        #expect(again == good)
        #expect(try extractor.features(of: input).cached, "the recomputed entry is stored again")
    }
}

@Suite struct EmbeddingInputsTests {
    @Test func folderExpandsSortedAndIdsAreStems() throws {
        let inputs = try EmbeddingInputs.expand([fixtures.appendingPathComponent("qre").path])
        #expect(inputs.map(\.id) == ["a_f32_c", "b_f64_fortran", "c_f16", "d_wide", "e_dupcols", "f_lowrank_shared"])
        #expect(try EmbeddingInputs.checkSentenceCounts(inputs) == 24)
    }

    @Test func duplicateIdsAfterCanonicalisationAreRefused() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("org")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture("npy/f32_c.npy"), to: dir.appendingPathComponent("org__model.npy"))
        try FileManager.default.copyItem(at: fixture("npy/f32_c.npy"), to: sub.appendingPathComponent("org__model.npy"))
        let e = try #require(throws: FileError.self) {
            try EmbeddingInputs.expand([dir.path, sub.path])
        }
        #expect(e.reason.contains("duplicates"))
        #expect(EncoderID.key("org/model") == "org__model")
        #expect(EncoderID.same("Org/Model", "org__model"))
        #expect(EncoderID.fileStem("org/model") == "org__model")
    }

    @Test func emptyFolderMissingPathAndWrongExtension() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = try #require(throws: FileError.self) { try EmbeddingInputs.expand([dir.path]) }
        #expect(empty.reason.contains("holds no .npy files"))
        let missing = try #require(throws: FileError.self) { try EmbeddingInputs.expand([dir.path + "/nope.npy"]) }
        #expect(missing.reason.contains("no such file"))
        let wrong = try #require(throws: FileError.self) { try EmbeddingInputs.expand([fixture("make_fixtures.py").path]) }
        #expect(wrong.reason.contains("is not a .npy file"))
    }

    @Test func inconsistentSentenceCountsAreRefused() throws {
        let inputs = [EncoderInput(id: "a", url: fixture("npy/f32_c.npy")), EncoderInput(id: "b", url: fixture("npy/other_n5.npy"))]
        let e = try #require(throws: FeatureError.self) { try EmbeddingInputs.checkSentenceCounts(inputs) }
        #expect(e.description.contains("other_n5.npy embeds 5 sentences but"))
        #expect(e.description.contains("f32_c.npy embeds 3"))
    }
}
