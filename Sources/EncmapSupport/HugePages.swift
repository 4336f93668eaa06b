import Glibc

/// Transparent huge pages for large working arrays.
///
/// Every 4 KiB page of a fresh allocation costs a page fault on first touch, and in a virtual machine
/// each one also faults in the host: an (n, d) = (3000, 768) encoder's matrices span about 15,000 pages.
/// Where the kernel's transparent huge pages are in `madvise` mode (Debian's default), advising a range
/// with MADV_HUGEPAGE lets one fault map 2 MiB (512 small pages), and BLAS then also misses the TLB less.
/// numpy advises its own large arrays the same way. The advice never changes a value; where THP is off,
/// already `always`, or the system is not Linux, it does nothing.
public enum HugePages {
    /// Arrays smaller than this are left alone (they span at most one huge page).
    public static let minimumBytes = 4 << 20
    static let hugePageBytes = 2 << 20

    /// Advises the kernel to back `buffer` with huge pages: the whole block when it is its own 2 MiB-aligned
    /// mapping (as `paddedCount` arranges: the allocation then starts `headerBytes` + 16 bytes of glibc's
    /// chunk header before `buffer`, on a 2 MiB boundary), else the 2 MiB-aligned part inside `buffer`.
    /// Call before the memory is first written; the advice is harmless (if useless) for memory in use.
    public static func advise(_ buffer: UnsafeMutableRawBufferPointer, headerBytes: Int = 0) {
        #if os(Linux)
        guard let base = buffer.baseAddress, buffer.count >= minimumBytes else { return }
        let address = Int(bitPattern: base)
        let mapping = address - headerBytes - 16
        let start = mapping % hugePageBytes == 0 ? mapping : (address + hugePageBytes - 1) & ~(hugePageBytes - 1)
        let end = mapping % hugePageBytes == 0 ? (address + buffer.count + hugePageBytes - 1) & ~(hugePageBytes - 1)
            : (address + buffer.count) & ~(hugePageBytes - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        // glibc wrote the chunk header into the mapping's first 4 KiB page before this advice, and a 2 MiB
        // range with a small page present faults in small pages: collapse it into a huge page now
        // (MADV_COLLAPSE, Linux ≥ 6.1; older kernels refuse it and that one range stays small).
        if start == mapping { _ = madvise(aligned, hugePageBytes, madviseCollapse) }
        #endif
    }

    /// MADV_COLLAPSE from <linux/mman.h> (not in every libc's headers).
    static let madviseCollapse: Int32 = 25

    /// `advise` for a typed buffer.
    public static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>, headerBytes: Int = 0) {
        advise(UnsafeMutableRawBufferPointer(buffer), headerBytes: headerBytes)
    }

    /// The number of doubles to allocate for `count` of them so that a large allocation is a whole
    /// number of huge pages: glibc serves it with its own mmap of a multiple of 2 MiB, which Linux places
    /// on a 2 MiB boundary, so every page of it — the first and last included — can be huge. Otherwise
    /// the unaligned ends of the block (up to 2 × 2 MiB) fault 4 KiB at a time. `headerBytes` is what the
    /// allocation holds before the elements (32 for a Swift array's storage, 0 for a raw buffer); 24 bytes
    /// are glibc's own (the chunk's size field, rounding to 16, and an mmapped chunk's extra word). Where
    /// the guess about the allocator is wrong only the alignment is lost. Below `minimumBytes`, `count`.
    public static func paddedCount(_ count: Int, headerBytes: Int) -> Int {
        guard count * 8 >= minimumBytes else { return count }
        let overhead = headerBytes + 24
        let rounded = (count * 8 + overhead + hugePageBytes - 1) / hugePageBytes * hugePageBytes
        return (rounded - overhead) / 8
    }

    /// `count` zeros in an array whose storage spans whole huge pages where possible (`paddedCount`; the
    /// spare capacity is never touched) and was advised before it was written.
    public static func zeros(_ count: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: paddedCount(count, headerBytes: 32)) { p, initialized in
            advise(p, headerBytes: 32)
            p.baseAddress!.initialize(repeating: 0, count: count)
            initialized = count
        }
    }

    /// A large anonymous mapping of whole 2 MiB pages on a 2 MiB boundary (`bytes` rounded up), advised for
    /// huge pages — mapped directly rather than through malloc, so that releasing it leaves glibc's adaptive
    /// mmap threshold (and so where later arrays come from) as it was. Nil below `minimumBytes`, off Linux, or
    /// when the mapping fails: the caller then uses the ordinary allocator. Release it with `unmap`.
    public static func map(bytes: Int) -> UnsafeMutableRawBufferPointer? {
        #if os(Linux)
        guard bytes >= minimumBytes else { return nil }
        let size = (bytes + hugePageBytes - 1) / hugePageBytes * hugePageBytes
        // Over-map by one huge page, then unmap the unaligned head and the tail.
        guard let raw = mmap(nil, size + hugePageBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else { return nil }
        let address = Int(bitPattern: raw)
        let start = (address + hugePageBytes - 1) & ~(hugePageBytes - 1)
        if start > address { _ = munmap(raw, start - address) }
        let tail = address + size + hugePageBytes - (start + size)
        if tail > 0, let after = UnsafeMutableRawPointer(bitPattern: start + size) { _ = munmap(after, tail) }
        let base = UnsafeMutableRawPointer(bitPattern: start)!
        _ = madvise(base, size, MADV_HUGEPAGE)
        return UnsafeMutableRawBufferPointer(start: base, count: size)
        #else
        return nil
        #endif
    }

    /// Releases a mapping from `map(bytes:)`.
    public static func unmap(_ region: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        if let base = region.baseAddress { _ = munmap(base, region.count) }
        #endif
    }

    /// Runs `body` on an uninitialised buffer of `count` doubles, released afterwards: a `map(bytes:)` mapping
    /// when the buffer is large, else (or when the mapping fails) one from the ordinary allocator.
    public static func withBuffer<R>(_ count: Int, _ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        if let region = map(bytes: count * 8) {
            defer { unmap(region) }
            return try body(UnsafeMutableBufferPointer(start: region.baseAddress!.bindMemory(to: Double.self, capacity: count), count: count))
        }
        let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: Swift.max(count, 1))
        defer { b.deallocate() }
        return try body(UnsafeMutableBufferPointer(rebasing: b[0..<count]))
    }
}
