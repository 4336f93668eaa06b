import CLinearAlgebra
import Foundation

/// SHA-256 (FIPS 180-4), used to address the feature cache by the content of its inputs and to record
/// the inputs of a run. Streaming: `update` any number of times, then `finalize`.
///
/// Two implementations of the compression function give the same digest: the CPU's SHA extensions
/// (x86 SHA-NI: `sha256rnds2`, `sha256msg1`, `sha256msg2`), chosen at run time when CPUID reports them,
/// and portable Swift otherwise. `ENCMAP_SHA256=portable` forces the portable one for the process.
public struct SHA256: Sendable {
    /// Which compression function runs.
    public enum Implementation: String, Sendable, CaseIterable {
        /// The CPU's SHA-256 instructions (only where `hardwareAvailable`).
        case hardware
        /// Portable Swift.
        case portable
    }

    /// Whether this CPU has the SHA-256 instructions (and the SSSE3/SSE4.1 they are used with).
    public static let hardwareAvailable: Bool = encmap_cpu_has_sha256() != 0

    /// The implementation `SHA256()` uses: hardware when available, unless the environment variable
    /// `ENCMAP_SHA256` is `portable`.
    public static let defaultImplementation: Implementation = {
        let forced = ProcessInfo.processInfo.environment["ENCMAP_SHA256"]
        return hardwareAvailable && forced != "portable" ? .hardware : .portable
    }()

    /// The implementation this hasher runs.
    public let implementation: Implementation
    private var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    public init() { implementation = Self.defaultImplementation }

    /// A hasher running `implementation`; `.hardware` falls back to `.portable` where the CPU lacks it.
    public init(implementation: Implementation) {
        self.implementation = implementation == .hardware && !Self.hardwareAvailable ? .portable : implementation
    }

    /// Feeds bytes. - Complexity: O(count).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var start = 0
        if !buffer.isEmpty {
            let take = Swift.min(64 - buffer.count, bytes.count)
            buffer.append(contentsOf: bytes[0..<take])
            start = take
            if buffer.count == 64 {
                buffer.withUnsafeBytes { compress(UnsafeRawBufferPointer(rebasing: $0[0..<64])) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let whole = (bytes.count - start) / 64 * 64
        if whole > 0 {
            compress(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + whole)]))
            start += whole
        }
        if start < bytes.count { buffer.append(contentsOf: bytes[start...]) }
    }

    public mutating func update(_ data: Data) { data.withUnsafeBytes { update($0) } }
    public mutating func update(_ text: String) { update(Data(text.utf8)) }

    /// The digest as 64 lowercase hex digits.
    public mutating func finalize() -> String {
        let bitLength = length &* 8
        var tail: [UInt8] = [0x80]
        while (buffer.count + tail.count) % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8((bitLength >> (UInt64(i) * 8)) & 0xff)) }
        let savedLength = length
        tail.withUnsafeBytes { update($0) }
        length = savedLength
        precondition(buffer.isEmpty)
        return h.map { word in
            let s = String(word, radix: 16)
            return String(repeating: "0", count: 8 - s.count) + s
        }.joined()
    }

    /// The digest of `data`.
    public static func hex(_ data: Data) -> String {
        var s = SHA256()
        s.update(data)
        return s.finalize()
    }

    /// Runs the compression function over every 64-byte block of `blocks` (a multiple of 64 bytes).
    private mutating func compress(_ blocks: UnsafeRawBufferPointer) {
        guard blocks.count >= 64, let base = blocks.baseAddress else { return }
        switch implementation {
        case .hardware:
            h.withUnsafeMutableBufferPointer { state in
                encmap_sha256_ni_blocks(state.baseAddress!, base.assumingMemoryBound(to: UInt8.self), blocks.count / 64)
            }
        case .portable:
            compressPortable(blocks)
        }
    }

    /// The portable compression function, with the state in locals and the round constants through a
    /// pointer (no per-round array checks).
    private mutating func compressPortable(_ blocks: UnsafeRawBufferPointer) {
        var h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4], h5 = h[5], h6 = h[6], h7 = h[7]
        SHA256.k.withUnsafeBufferPointer { kp in
            let k = kp.baseAddress!
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wb in
                let w = wb.baseAddress!
                @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
                var offset = 0
                while offset + 64 <= blocks.count {
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: offset + t * 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let a = w[t - 15], b = w[t - 2]
                        let s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >> 3)
                        let s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, hh = h7
                    for t in 0..<64 {
                        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
                        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let maj = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = s0 &+ maj
                        hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= hh
                    offset += 64
                }
            }
        }
        h[0] = h0; h[1] = h1; h[2] = h2; h[3] = h3; h[4] = h4; h[5] = h5; h[6] = h6; h[7] = h7
    }
}
