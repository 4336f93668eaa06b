import EncmapIO

extension ExperimentSpec {
    /// Where the encoders' representations come from.
    public enum EncoderSource: Sendable, Equatable {
        /// A folder of `<id>.npy` embedding matrices (n × d each); features are computed.
        case embeddings(String)
        /// A folder written by `encmap features`: `<id>.npy` feature vectors.
        case features(String)
        /// A CSV of per-encoder numeric features; `log` columns enter as natural logs.
        case featuresCsv(path: String, idColumn: String?, columns: [String], log: [String])
    }

    /// The `encoders` section.
    public struct Encoders: Sendable, Equatable {
        public var source: EncoderSource
        /// Ids (or `*` patterns) to keep; nil keeps all.
        public var include: [String]?
        /// Ids (or `*` patterns) to drop.
        public var exclude: [String]

        public init(source: EncoderSource, include: [String]? = nil, exclude: [String] = []) {
            self.source = source
            self.include = include
            self.exclude = exclude
        }

        public static let keys = ["embeddings", "features", "featuresCsv", "idColumn", "columns", "log", "include", "exclude"]

        static func read(_ value: JSONValue, _ r: SpecReader) throws -> Encoders {
            let enc = try r.object(value, "$.encoders", allowed: keys)
            let sources = ["embeddings", "features", "featuresCsv"].filter { enc[$0] != nil }
            guard sources.count == 1 else {
                throw enc.fail(nil, sources.isEmpty ? "needs one of: embeddings, features, featuresCsv"
                                                    : "give only one of: \(sources.joined(separator: ", "))")
            }
            let source: EncoderSource
            switch sources[0] {
            case "embeddings", "features":
                if let k = ["idColumn", "columns", "log"].first(where: { enc[$0] != nil }) {
                    throw enc.fail(k, "not allowed here: they apply to featuresCsv only")
                }
                let path = try enc.string(sources[0]) ?? ""
                source = sources[0] == "embeddings" ? .embeddings(path) : .features(path)
            default:
                _ = try enc.require("columns", "missing: featuresCsv needs the list of feature columns")
                let cols = try enc.strings("columns", nonEmpty: true) ?? []
                let logs = try enc.strings("log") ?? []
                for (k, l) in logs.enumerated() where !cols.contains(l) {
                    throw enc.fail("log[\(k)]", "'\(l)' is not one of the columns (\(cols.joined(separator: ", ")))")
                }
                source = .featuresCsv(path: try enc.string("featuresCsv") ?? "", idColumn: try enc.optionalString("idColumn"),
                                      columns: cols, log: logs)
            }
            let include = enc["include"] == .null ? nil : try enc.strings("include")
            return Encoders(source: source, include: include, exclude: try enc.strings("exclude") ?? [])
        }

        public func json() -> JSONValue {
            var enc: [(String, JSONValue)] = []
            switch source {
            case .embeddings(let p): enc.append(("embeddings", .string(p)))
            case .features(let p): enc.append(("features", .string(p)))
            case let .featuresCsv(p, id, cols, logs):
                enc.append(("featuresCsv", .string(p)))
                enc.append(("idColumn", id.map { .string($0) } ?? .null))
                enc.append(("columns", .array(cols.map { .string($0) })))
                enc.append(("log", .array(logs.map { .string($0) })))
            }
            enc.append(("include", include.map { .array($0.map { .string($0) }) } ?? .null))
            enc.append(("exclude", .array(exclude.map { .string($0) })))
            return .object(enc)
        }
    }
}
