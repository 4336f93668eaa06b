import EncmapIO
import Map

extension ExperimentSpec {
    /// The `map` section: how `encmap map SPEC` draws the map of the spec's encoders.
    public struct MapSettings: Sendable, Equatable {
        public var metric: DistanceMetric
        public var perplexity: Double
        public var seed: UInt64
        /// Neighbours listed per encoder.
        public var k: Int
        public var iterations: Int
        /// Metadata CSV keyed by encoder id (relative to the spec); nil = none.
        public var attributes: String?
        /// The metadata column holding encoder ids; nil = `name` when present, else the first column.
        public var attributesIdColumn: String?
        /// The attribute colouring the figures; nil = `size` when derivable, else the first categorical one.
        public var colorBy: String?
        /// Output folder (relative to the spec).
        public var output: String
        /// The dendrogram draws at most this many encoders (default 100).
        public var dendrogramTop: Int = 100
        /// The numeric attribute choosing them, largest first; nil = `downloads` when numeric, else input order.
        public var dendrogramBy: String? = nil

        public static let keys = ["metric", "perplexity", "seed", "k", "iterations", "attributes", "attributesIdColumn", "colorBy", "output", "dendrogramTop", "dendrogramBy"]
        /// The distances a map may use.
        public static var metricNames: [String] { DistanceMetric.allCases.map(\.rawValue) }
        /// The fewest t-SNE iterations: the early-exaggeration phase.
        public static let minIterations = 250

        /// Every default; the output folder is named after the spec.
        public static func defaults(name: String) -> MapSettings {
            MapSettings(metric: .l1, perplexity: 30, seed: 0, k: 7, iterations: 1000, attributes: nil,
                        attributesIdColumn: nil, colorBy: nil, output: "../results/\(name)-map")
        }

        static func read(_ value: JSONValue, _ r: SpecReader, name: String) throws -> MapSettings {
            let mo = try r.object(value, "$.map", allowed: keys)
            var settings = defaults(name: name)
            if let m = try mo.choice("metric", DistanceMetric.self, noun: "metric") { settings.metric = m }
            if let v = try mo.double("perplexity") {
                guard v > 0 else { throw mo.fail("perplexity", "must be > 0 (default 30)") }
                settings.perplexity = v
            }
            if let s = try mo.seed("seed") { settings.seed = s }
            if let v = try mo.int("k") {
                guard v >= 1 else { throw mo.fail("k", "must be ≥ 1") }
                settings.k = v
            }
            if let v = try mo.int("iterations") {
                guard v >= minIterations else { throw mo.fail("iterations", "must be ≥ \(minIterations) (the early-exaggeration phase)") }
                settings.iterations = v
            }
            settings.attributes = try mo.optionalString("attributes")
            settings.attributesIdColumn = try mo.optionalString("attributesIdColumn")
            settings.colorBy = try mo.optionalString("colorBy")
            if let v = try mo.string("output") { settings.output = v }
            if let v = try mo.int("dendrogramTop") {
                guard v >= 2 else { throw mo.fail("dendrogramTop", "must be ≥ 2 (the encoders the dendrogram draws; default 100)") }
                settings.dendrogramTop = v
            }
            settings.dendrogramBy = try mo.optionalString("dendrogramBy")
            return settings
        }

        /// The section as JSON; the dendrogram keys only when they differ from the defaults (so specs
        /// written before them read back unchanged).
        public func json() -> JSONValue {
            var members: [(String, JSONValue)] = [
                ("metric", .string(metric.rawValue)), ("perplexity", .number(perplexity)), ("seed", .number(Double(seed))),
                ("k", .number(Double(k))), ("iterations", .number(Double(iterations))),
                ("attributes", attributes.map { .string($0) } ?? .null),
                ("attributesIdColumn", attributesIdColumn.map { .string($0) } ?? .null),
                ("colorBy", colorBy.map { .string($0) } ?? .null), ("output", .string(output)),
            ]
            if dendrogramTop != 100 { members.append(("dendrogramTop", .number(Double(dendrogramTop)))) }
            if let dendrogramBy { members.append(("dendrogramBy", .string(dendrogramBy))) }
            return .object(members)
        }
    }
}
