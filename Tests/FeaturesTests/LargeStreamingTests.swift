import EncmapIO
import EncmapSupport
@testable import Features
import Foundation
import LinearAlgebra
import Testing
import TestSupport

/// Files large enough for the reader's huge-page result (≥ 4 MiB) and for the hash to run beside the
/// conversion over many chunks in its two buffers: values, scan and digest equal the in-memory reader's.
@Suite struct LargeStreamingTests {
    /// A C-order float32 (n, d) `.npy` file of seeded values (version-1 header padded to 64 bytes).
    static func float32File(n: Int, d: Int, seed: UInt64, in folder: URL) throws -> URL {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(n), \(d)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        bytes.append(Data(header.utf8))
        var rng = SplitMix64(state: seed)
        var values = [Float](repeating: 0, count: n * d)
        for i in values.indices { values[i] = rng.centredFloat32() }
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        let url = folder.appendingPathComponent("e\(seed).npy")
        try bytes.write(to: url)
        return url
    }

    @Test(arguments: [NPY.defaultChunkBytes, 65_537, 1 << 22])
    func largeFilesReadAndHashLikeTheInMemoryReader(_ chunk: Int) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.float32File(n: 1500, d: 640, seed: 11, in: folder)       // 3.8 MB → 7.7 MB of doubles
        let bytes = try Data(contentsOf: url)
        let reference = try NPY.read(data: bytes, path: url.path)
        let streamed = try NPY.readStreaming(url, chunkBytes: chunk, digest: true)
        #expect(streamed.storage.count == reference.storage.count)
        #expect(streamed.storage.map(\.bitPattern) == reference.storage.map(\.bitPattern))
        #expect(streamed.digest == SHA256.hex(bytes))
        #expect(streamed.scan.sumOfSquares == Matrix(rows: 640, columns: 1500, storage: reference.storage).squaredFrobeniusNorm)
        let plain = try NPY.readStreaming(url, chunkBytes: chunk)
        #expect(plain.digest == nil && plain.storage.map(\.bitPattern) == reference.storage.map(\.bitPattern))
    }

    @Test func featuresOfALargeEncoderDoNotDependOnTheCache() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.float32File(n: 1200, d: 600, seed: 12, in: folder)
        let plain = try UnitBaseFeatures.compute(try EmbeddingMatrix.load(url))
        let (matrix, digest) = try EmbeddingMatrix.load(url, id: nil, digest: true)
        #expect(digest == (try SHA256.hex(fileAt: url)))
        let hashed = try UnitBaseFeatures.compute(matrix)
        #expect(hashed.vector.map(\.bitPattern) == plain.vector.map(\.bitPattern))
        #expect(hashed.rank == 600 && hashed.vector.count == 1200)
        // Σ_j q[j] = S(I/n ‖ ρ_ε) ≥ 0, and every sentence's leverage is in [0, 1]: q[j] ≥ (−ln n)/n.
        #expect(hashed.qreUnit > 0 && hashed.vector.allSatisfy { $0 >= -log(1200.0) / 1200 - 1e-12 })
    }
}
