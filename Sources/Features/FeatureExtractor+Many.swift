import EncmapIO
import EncmapSupport
import Foundation
import LinearAlgebra

extension FeatureExtractor {
    /// Computes the features of many encoders, `workers` at a time, each with `blasThreads` BLAS threads
    /// (default 1), and hands each result to `body` as soon as it is ready (on a worker thread, so
    /// memory holds at most `workers` encoders' matrices).
    ///
    /// One BLAS thread per encoder is the arrangement that measured fastest here, and the one whose
    /// vectors are byte-identical whatever the number of workers: every command that computes features
    /// (`features`, `run`, `map`, `predict`) goes through this, so a vector does not depend on which
    /// command computed it first into a shared cache. The process-wide BLAS thread count is restored
    /// afterwards.
    /// - Parameter workers: nil picks `FeatureParallelism.defaultWorkers` from the cores, the available
    ///   memory and the largest input's header.
    /// - Throws: the error of the lowest failing input (the same whatever `workers` is).
    public func forEachFeatures(of inputs: [EncoderInput], workers: Int? = nil, blasThreads: Int = 1,
                                _ body: @escaping @Sendable (Int, EncoderFeatures, _ cached: Bool) throws -> Void) throws {
        let count = try workers ?? Self.defaultWorkers(for: inputs)
        let previous = BLASConfiguration.threads
        BLASConfiguration.setThreads(blasThreads)
        defer { BLASConfiguration.setThreads(previous) }
        try BoundedParallel.forEach(count: inputs.count, workers: count) { i in
            let (f, cached) = try self.features(of: inputs[i])
            try body(i, f, cached)
        }
        StageHook.reached("features.vectors-staged")
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
