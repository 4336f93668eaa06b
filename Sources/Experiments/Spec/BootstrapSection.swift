import EncmapIO

extension ExperimentSpec {
    /// The `bootstrap` section: the percentile interval (95 %) of each pooled Spearman.
    public struct Bootstrap: Sendable, Equatable {
        /// Number of resamples; 0 disables the interval.
        public var resamples: Int
        public var seed: UInt64

        public static let defaultResamples = 1000
        public static let maxResamples = 100_000
        public static let keys = ["resamples", "seed"]

        public init(resamples: Int = defaultResamples, seed: UInt64 = 0) {
            self.resamples = resamples
            self.seed = seed
        }

        /// Reads the section; absent, every default.
        static func read(_ value: JSONValue?, _ r: SpecReader) throws -> Bootstrap {
            var bootstrap = Bootstrap()
            guard let value else { return bootstrap }
            let bo = try r.object(value, "$.bootstrap", allowed: keys)
            if let v = try bo.int("resamples") {
                guard (0...maxResamples).contains(v) else { throw bo.fail("resamples", "must be between 0 (no interval) and \(maxResamples)") }
                bootstrap.resamples = v
            }
            if let s = try bo.seed("seed") { bootstrap.seed = s }
            return bootstrap
        }

        public func json() -> JSONValue {
            .object([("resamples", .number(Double(resamples))), ("seed", .number(Double(seed)))])
        }
    }
}
