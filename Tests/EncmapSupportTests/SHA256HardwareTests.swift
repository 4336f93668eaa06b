import EncmapSupport
import Foundation
import Testing

/// Both SHA-256 implementations (the CPU's SHA-NI instructions and portable Swift) against the system's
/// `sha256sum` (GNU coreutils), an implementation independent of encmap's.
@Suite struct SHA256HardwareTests {
    /// The implementations this CPU can run (portable always; hardware where CPUID reports SHA-NI).
    static let implementations: [SHA256.Implementation] =
        SHA256.hardwareAvailable ? [.hardware, .portable] : [.portable]

    /// A deterministic byte stream (SplitMix64 words, little-endian).
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count + 8)
        while out.count < count {
            let w = rng.next()
            for b in 0..<8 { out.append(UInt8((w >> (8 * UInt64(b))) & 0xff)) }
        }
        return Array(out.prefix(count))
    }

    /// Writes each of `contents` to a file in a fresh folder and returns `sha256sum`'s digests, in order.
    static func systemDigests(_ contents: [[UInt8]]) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("encmap-sha256-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var names: [String] = []
        for (i, c) in contents.enumerated() {
            let name = "f\(i)"
            try Data(c).write(to: folder.appendingPathComponent(name))
            names.append(name)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum"] + names
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sha256sum must be installed (GNU coreutils)")
        return String(decoding: out, as: UTF8.self).split(separator: "\n").map { String($0.prefix(64)) }
    }

    @Test func implementationFallsBackWhereTheCPULacksIt() {
        let h = SHA256(implementation: .hardware)
        #expect(h.implementation == (SHA256.hardwareAvailable ? .hardware : .portable))
        #expect(SHA256(implementation: .portable).implementation == .portable)
    }

    /// Every length 0…1,100: the padding edge cases (55, 56, 63, 64 bytes mod 64) and partial blocks.
    @Test func everyLengthUpTo1100EqualsSha256sum() throws {
        let data = Self.bytes(1_100, seed: 13)
        let prefixes = (0...1_100).map { Array(data.prefix($0)) }
        let expected = try Self.systemDigests(prefixes)
        try #require(expected.count == prefixes.count)
        for impl in Self.implementations {
            var mismatches: [Int] = []
            for (len, prefix) in prefixes.enumerated() {
                var h = SHA256(implementation: impl)
                prefix.withUnsafeBytes { h.update($0) }
                if h.finalize() != expected[len] { mismatches.append(len) }
            }
            #expect(mismatches.isEmpty, "\(impl): lengths \(mismatches.prefix(10)) differ from sha256sum")
        }
    }

    /// Large random contents, fed in uneven pieces (1, 63, 65, 4097, … bytes) so that the buffering of
    /// partial blocks between updates is exercised on both paths.
    @Test func largeRandomContentEqualsSha256sum() throws {
        let sizes = [3 * 1_048_576 + 37, 1_048_576, 700_001]
        let contents = sizes.enumerated().map { Self.bytes($0.element, seed: UInt64(100 + $0.offset)) }
        let expected = try Self.systemDigests(contents)
        try #require(expected.count == contents.count)
        let pieces = [1, 63, 65, 4_097, 64, 131_072, 7, 1_000_003]
        for impl in Self.implementations {
            for (c, content) in contents.enumerated() {
                var whole = SHA256(implementation: impl)
                content.withUnsafeBytes { whole.update($0) }
                #expect(whole.finalize() == expected[c], "\(impl), \(content.count) bytes in one update")
                var streamed = SHA256(implementation: impl)
                content.withUnsafeBytes { all in
                    var at = 0, k = 0
                    while at < all.count {
                        let take = min(pieces[k % pieces.count], all.count - at)
                        streamed.update(UnsafeRawBufferPointer(rebasing: all[at..<(at + take)]))
                        at += take
                        k += 1
                    }
                }
                #expect(streamed.finalize() == expected[c], "\(impl), \(content.count) bytes in uneven pieces")
            }
        }
    }
}
