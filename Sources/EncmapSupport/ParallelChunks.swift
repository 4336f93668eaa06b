import Dispatch

/// Runs `body(chunk)` for chunk = 0..<chunks, concurrently where cores allow.
///
/// Callers split work into a *fixed* number of chunks (independent of the core count) and combine
/// per-chunk partial results in chunk order, so results are bit-identical on every machine.
@inlinable
public func parallelChunks(_ chunks: Int, _ body: @Sendable (Int) -> Void) {
    if chunks <= 1 { if chunks == 1 { body(0) }; return }
    DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
}

/// The half-open range of items `0..<count` that chunk `c` of `chunks` owns (contiguous, balanced).
@inlinable
public func chunkRange(_ c: Int, of chunks: Int, count: Int) -> Range<Int> {
    (c * count / chunks)..<((c + 1) * count / chunks)
}
