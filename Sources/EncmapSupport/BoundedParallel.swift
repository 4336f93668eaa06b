import Foundation

/// Runs indexed jobs on a fixed number of worker threads, each worker pulling the next index, so that
/// at most `workers` jobs (and what they hold in memory) are in flight at any time.
///
/// Jobs are handed out in index order. After a job throws, no new job starts; the jobs already running
/// finish, and the error of the lowest failing index is rethrown. That index is the lowest failing one
/// overall (every lower index was started and finished without error), so the error reported does not
/// depend on `workers`.
public enum BoundedParallel {
    /// Calls `body(i)` for every i in 0..<count on min(workers, count) threads.
    /// - Throws: the error of the lowest failing index.
    /// - Complexity: `count` calls; memory: what `workers` concurrent calls hold.
    public static func forEach(count: Int, workers: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        guard count > 0 else { return }
        let threads = Swift.max(1, Swift.min(workers, count))
        let state = SharedState()
        if threads == 1 {
            for i in 0..<count {
                try body(i)
            }
            return
        }
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            let thread = Thread {
                while let i = state.take(limit: count) {
                    do {
                        try body(i)
                    } catch {
                        state.fail(i, error)
                    }
                }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        if let error = state.firstError { throw error }
    }

    /// The next index and the failures, behind a lock.
    private final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var failures: [(Int, any Error)] = []

        func take(limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard failures.isEmpty, next < limit else { return nil }
            next += 1
            return next - 1
        }

        func fail(_ index: Int, _ error: any Error) {
            lock.lock()
            failures.append((index, error))
            lock.unlock()
        }

        var firstError: (any Error)? {
            lock.lock()
            defer { lock.unlock() }
            return failures.min { $0.0 < $1.0 }?.1
        }
    }
}


/// Results filled by index from worker threads (`BoundedParallel`, `FeatureExtractor.forEachFeatures`).
public final class IndexedResults<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element?]
    private var filled = 0

    public init(count: Int) { items = [Element?](repeating: nil, count: count) }

    /// Stores entry i; returns how many entries are filled.
    @discardableResult
    public func set(_ i: Int, _ value: Element) -> Int {
        lock.lock(); defer { lock.unlock() }
        items[i] = value
        filled += 1
        return filled
    }

    /// Every entry, in index order (all must be set).
    public var all: [Element] { lock.lock(); defer { lock.unlock() }; return items.map { $0! } }
}
