import EncmapIO
import EncmapSupport
import Foundation
import LinearAlgebra

extension FeatureExtractor {
    /// Computes the features of many encoders, `workers` at a time, each with `blasThreads` BLAS threads,
    /// and hands each result to `body` as soon as it is ready (on a worker thread, so memory holds at most
    /// `workers` encoders' matrices).
    ///
    /// Every command that computes features (`features`, `run`, `map`, `predict`) goes through this. The
    /// vectors are byte-identical for a given number of BLAS threads whatever the number of workers (BLAS
    /// threading changes the last bits, encoder-level parallelism does not; the cache key carries the BLAS
    /// thread count). The process-wide BLAS thread count is restored afterwards.
    /// - Parameters:
    ///   - workers: nil picks `FeatureParallelism.arrangement`'s P from the cores, the available memory and
    ///     the largest input's header.
    ///   - blasThreads: nil gives each of the P encoders ⌊cores / P⌋ threads (all cores for one encoder).
    /// - Throws: the error of the lowest failing input (the same whatever `workers` is).
    public func forEachFeatures(of inputs: [EncoderInput], workers: Int? = nil, blasThreads: Int? = nil,
                                _ body: @escaping @Sendable (Int, EncoderFeatures, _ cached: Bool) throws -> Void) throws {
        let arrangement = try Self.arrangement(for: inputs, workers: workers, blasThreads: blasThreads)
        let previous = BLASConfiguration.threads
        BLASConfiguration.setThreads(arrangement.blasThreads)
        defer { BLASConfiguration.setThreads(previous) }
        try BoundedParallel.forEach(count: inputs.count, workers: arrangement.workers) { i in
            let (f, cached) = try self.features(of: inputs[i])
            try body(i, f, cached)
        }
        StageHook.reached("features.vectors-staged")
    }

    /// The arrangement `forEachFeatures` uses for `inputs`: the given P and B where given, the rest from
    /// `FeatureParallelism.arrangement` on this machine's cores (headers only are read).
    public static func arrangement(for inputs: [EncoderInput], workers: Int? = nil,
                                   blasThreads: Int? = nil) throws -> FeatureParallelism.Arrangement {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let p = try workers ?? defaultWorkers(for: inputs)
        return .init(workers: p, blasThreads: blasThreads ?? FeatureParallelism.blasThreads(workers: p, cores: cores))
    }

    /// The default number of encoders processed at once for `inputs` (headers only are read).
    public static func defaultWorkers(for inputs: [EncoderInput]) throws -> Int {
        let largest = try inputs.map { input -> Int in
            let h = try NPY.readHeader(input.url)
            return FeatureParallelism.bytesPerEncoder(sentences: h.shape[0], dimension: h.shape.count == 2 ? h.shape[1] : 1)
        }.max() ?? 0
        return FeatureParallelism.defaultWorkers(cores: ProcessInfo.processInfo.activeProcessorCount,
                                                 availableMemory: FeatureParallelism.availableMemory(),
                                                 bytesPerEncoder: largest, encoders: inputs.count)
    }
}
