import EncmapSupport
import Foundation

/// An open `.npy` file read with read(2): its descriptor and size.
public struct NPYFile {
    public let url: URL
    public let descriptor: Int32
    public let size: Int

    /// Opens `url` for reading (``InputFile/open(_:expected:)``: a regular file only, never blocking);
    /// a missing file, a folder, a FIFO or an unreadable file is a one-line `FileError`.
    public init(_ url: URL) throws {
        let (fd, size) = try InputFile.open(url, expected: "a .npy file")
        self.url = url
        self.descriptor = fd
        self.size = size
    }

    public func close() { _ = Glibc.close(descriptor) }

    /// Reads up to `count` bytes into `buffer`, retrying short reads; returns the bytes read (less only
    /// at end of file).
    public func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        var done = 0
        while done < count {
            let got = Glibc.read(descriptor, buffer + done, count - done)
            if got < 0 {
                let code = errno
                if code == EINTR { continue }
                throw FileError.unreadable(url.path, errno: code, remedy: nil)
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// The first bytes of the file: at least the whole header when the file has one (fewer when the
    /// file is shorter); the header parser decides whether they make a valid header.
    public func readHeaderBytes() throws -> [UInt8] {
        var prefix = [UInt8](repeating: 0, count: Swift.min(size, 4096))
        let got = try prefix.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: $0.count) }
        prefix.removeLast(prefix.count - got)
        guard prefix.count >= 10, Array(prefix[0..<6]) == NPY.magic else { return prefix }
        var need = 0
        switch prefix[6] {
        case 1: need = 10 + (Int(prefix[8]) | Int(prefix[9]) << 8)
        case 2 where prefix.count >= 12, 3 where prefix.count >= 12:
            need = 12 + (Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24)
        default: break
        }
        need = Swift.min(need, size)
        if need > prefix.count {
            let have = prefix.count
            prefix += [UInt8](repeating: 0, count: need - have)
            let more = try prefix.withUnsafeMutableBytes { try read(into: $0.baseAddress! + have, count: need - have) }
            prefix.removeLast(need - have - more)
        }
        return prefix
    }
}

/// What one pass over the data learned besides the values (the validation of an embedding fused with
/// its conversion).
public struct NPYScan: Sendable, Equatable {
    /// The smallest row (0-based, of the array as numpy shows it) holding a NaN or an infinity.
    public var firstNonFiniteRow: Int?
    /// Whether some element differs from zero.
    public var anyNonZero = false
    /// Σ x² in C order, summed left to right (bit-identical to `Matrix.squaredFrobeniusNorm` over the
    /// result); nil for Fortran-order 2-D files, whose elements arrive in another order.
    public var sumOfSquares: Double?
}

extension NPY {
    /// The read(2) chunk: 256 KiB, large enough to amortise system calls, small enough that the
    /// conversion (and the hash) read it while it is still in the core's L2 cache.
    public static let defaultChunkBytes = 1 << 18

    /// A `.npy` file read in one streaming pass.
    public struct StreamedArray {
        public let header: Header
        /// Float64 elements in C order.
        public let storage: [Double]
        public let scan: NPYScan
        /// SHA-256 of the whole file's bytes (header included), when asked for.
        public let digest: String?
    }

    /// Reads `url` in chunks of `chunkBytes` into the Float64 result, converting (and byte-swapping,
    /// and transposing Fortran order into C order) each chunk as it arrives; optionally hashes every byte
    /// read (the digest equals `SHA256.hex(fileAt:)`), and always gathers `NPYScan`'s figures.
    ///
    /// With `digest`, the hash runs on a second thread, overlapped with the conversion: the chunks
    /// alternate between two buffers, the hasher takes each chunk in file order as soon as it is read,
    /// and a buffer is refilled only once the hasher is done with it. The result's storage is advised for
    /// huge pages (`HugePages`).
    ///
    /// `check` runs after the header is parsed and before any data is read, to refuse early.
    /// - Complexity: O(file size) time; memory: the Float64 result + one or two chunks.
    public static func readStreaming(_ url: URL, chunkBytes: Int = defaultChunkBytes, digest: Bool = false,
                              check: (Header) throws -> Void = { _ in }) throws -> StreamedArray {
        let file = try NPYFile(url)
        defer { file.close() }
        let prefix = try file.readHeaderBytes()
        let header = try prefix.withUnsafeBytes { try parseHeader(prefix: $0, fileSize: file.size, path: url.path) }
        try check(header)
        let hasher: ChunkHasher? = digest ? ChunkHasher() : nil
        prefix.withUnsafeBytes { hasher?.hashNow($0) }

        let size = header.scalarType.size
        let count = header.count
        let rows = header.shape[0]
        let cols = header.shape.count == 2 ? header.shape[1] : 1
        let transpose = header.fortranOrder && header.shape.count == 2 && rows > 1 && cols > 1
        var converter = ChunkConverter(scalar: header.scalarType, swap: header.bigEndian, transpose: transpose,
                                       rows: rows, cols: cols)
        let leftover = prefix.count - header.dataOffset
        let capacity = Swift.max(Swift.max(chunkBytes, size), leftover) + size
        let buffers = (0..<(hasher == nil ? 1 : 2)).map { _ in
            UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        }
        defer {
            hasher?.waitForAll()
            for b in buffers { b.deallocate() }
        }
        var remainingInFile = file.size - prefix.count
        let storage = try [Double](unsafeUninitializedCapacity: HugePages.paddedCount(count, headerBytes: 32)) { allocated, initialized in
            HugePages.advise(allocated, headerBytes: 32) // a Swift array's storage: 32 bytes before the elements
            let dst = UnsafeMutableBufferPointer(rebasing: allocated[0..<count])
            var current = 0
            var pending = leftover
            if leftover > 0 {
                prefix.withUnsafeBytes { p in
                    buffers[0].baseAddress!.copyMemory(from: p.baseAddress! + header.dataOffset, byteCount: leftover)
                }
            }
            while true {
                let buffer = buffers[current].baseAddress!
                let whole = Swift.min(pending / size, count - converter.next)
                converter.convert(UnsafeRawPointer(buffer), elements: whole, into: dst.baseAddress!)
                let rest = pending - whole * size
                pending = rest
                if converter.next == count { break }
                let want = Swift.min(capacity - pending, remainingInFile)
                guard want > 0 else { break }
                // The next chunk goes to the other buffer when hashing (this one may still be being hashed),
                // after the bytes of a split element carried over from this one.
                let next = (current + 1) % buffers.count
                hasher?.waitFor(buffer: next)
                let target = buffers[next].baseAddress!
                if rest > 0 { target.copyMemory(from: buffer + whole * size, byteCount: rest) }
                let got = try file.read(into: target + pending, count: want)
                guard got > 0 else { break }
                hasher?.hashLater(UnsafeRawBufferPointer(start: target + pending, count: got), buffer: next)
                remainingInFile -= got
                pending += got
                current = next
            }
            guard converter.next == count else {
                throw FileError(path: url.path, problem: "truncated data: the file ended after \(converter.next) of \(count) elements (was it changed while being read?)", remedy: "regenerate it")
            }
            initialized = count
        }
        hasher?.waitForAll()
        if hasher != nil && remainingInFile > 0 {
            // Only possible if the file grew while it was read; hash what is there for a faithful digest.
            var tail = [UInt8](repeating: 0, count: Swift.min(remainingInFile, chunkBytes))
            while remainingInFile > 0 {
                let got = try tail.withUnsafeMutableBytes { try file.read(into: $0.baseAddress!, count: Swift.min($0.count, remainingInFile)) }
                if got == 0 { break }
                tail.withUnsafeBytes { hasher?.hashNow(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
                remainingInFile -= got
            }
        }
        var scan = converter.scan
        if transpose { scan.sumOfSquares = nil }
        return StreamedArray(header: header, storage: storage, scan: scan, digest: hasher?.finalize())
    }
}

/// SHA-256 of a file's chunks on a serial background queue, in the order they are handed over.
///
/// Each chunk lives in one of the reader's buffers; `hashLater` records that buffer as busy until the
/// chunk is hashed, and the reader calls `waitFor(buffer:)` before refilling it. The hasher's state is
/// only touched on the queue, or on the caller's thread after `waitForAll()` (every job done).
final class ChunkHasher: @unchecked Sendable {
    private var sha = SHA256()
    private let queue = DispatchQueue(label: "encmap.npy.sha256")
    private let busy = [DispatchGroup(), DispatchGroup()]

    /// Hashes `bytes` on the caller's thread (only while no job is pending).
    func hashNow(_ bytes: UnsafeRawBufferPointer) { sha.update(bytes) }

    /// Queues `bytes` (inside buffer `buffer`, 0 or 1, which must stay unchanged until hashed).
    func hashLater(_ bytes: UnsafeRawBufferPointer, buffer: Int) {
        let chunk = Chunk(bytes: bytes)
        let group = busy[buffer]
        group.enter()
        queue.async {
            self.sha.update(chunk.bytes)
            group.leave()
        }
    }

    /// Returns once every chunk queued in buffer `buffer` is hashed.
    func waitFor(buffer: Int) { busy[buffer].wait() }

    /// Returns once every queued chunk is hashed.
    func waitForAll() { for g in busy { g.wait() } }

    /// The digest (after `waitForAll()`).
    func finalize() -> String { sha.finalize() }

    /// A queued chunk: a view of one of the reader's buffers, which outlive the job (`waitFor`).
    private struct Chunk: @unchecked Sendable { let bytes: UnsafeRawBufferPointer }
}

/// Converts consecutive runs of source elements to Float64 at their C-order destinations, keeping the
/// scan figures; `next` is the index of the next source element.
struct ChunkConverter {
    let scalar: NPY.ScalarType
    let swap: Bool
    let transpose: Bool
    let rows: Int
    let cols: Int
    var next = 0
    var scan = NPYScan(sumOfSquares: 0)
    /// Source position (i, j) of `next` in a Fortran-order array.
    var i = 0, j = 0

    init(scalar: NPY.ScalarType, swap: Bool, transpose: Bool, rows: Int, cols: Int) {
        self.scalar = scalar
        self.swap = swap
        self.transpose = transpose
        self.rows = rows
        self.cols = cols
    }

    mutating func convert(_ src: UnsafeRawPointer, elements: Int, into dst: UnsafeMutablePointer<Double>) {
        guard elements > 0 else { return }
        switch (scalar, swap) {
        case (.float32, false):
            run(elements, dst) { Double(Float(bitPattern: src.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        case (.float32, true):
            run(elements, dst) { Double(Float(bitPattern: src.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self).byteSwapped)) }
        case (.float64, false):
            run(elements, dst) { Double(bitPattern: src.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)) }
        case (.float64, true):
            run(elements, dst) { Double(bitPattern: src.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self).byteSwapped) }
        case (.float16, false):
            run(elements, dst) { Double(Float16(bitPattern: src.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) }
        case (.float16, true):
            run(elements, dst) { Double(Float16(bitPattern: src.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self).byteSwapped)) }
        }
    }

    @inline(__always)
    private mutating func run(_ k: Int, _ dst: UnsafeMutablePointer<Double>, _ element: (Int) -> Double) {
        var sum = scan.sumOfSquares ?? 0
        var bits: UInt64 = 0   // OR of every element's bits without the sign: non-zero iff some x ≠ 0
        var badRow = scan.firstNonFiniteRow ?? Int.max
        if !transpose {
            let out = dst + next
            for t in 0..<k {
                let x = element(t)
                out[t] = x
                sum += x * x
                bits |= x.bitPattern << 1
            }
            if !sum.isFinite {
                // Rare: find the first non-finite element of this run (its row in C order).
                for t in 0..<k where !out[t].isFinite {
                    badRow = Swift.min(badRow, (next + t) / cols)
                    break
                }
            }
        } else {
            var i = self.i, j = self.j
            for t in 0..<k {
                let x = element(t)
                dst[i * cols + j] = x
                sum += x * x
                bits |= x.bitPattern << 1
                if !x.isFinite { badRow = Swift.min(badRow, i) }
                i += 1
                if i == rows { i = 0; j += 1 }
            }
            self.i = i
            self.j = j
        }
        next += k
        scan.sumOfSquares = sum
        scan.anyNonZero = scan.anyNonZero || bits != 0
        scan.firstNonFiniteRow = badRow == Int.max ? nil : badRow
    }
}
