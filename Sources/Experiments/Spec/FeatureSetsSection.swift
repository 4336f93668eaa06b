import EncmapIO
import Features

extension ExperimentSpec {
    /// A per-encoder scalar of the feature pass, for `summary` feature sets. Every one of them comes
    /// out of the eigendecomposition that the `qre-unit` vector is computed from, at no extra cost.
    public enum SummaryStatistic: String, Sendable, CaseIterable, Equatable {
        /// S(ρ) = −Σ λ_k ln λ_k, the von Neumann entropy of the encoder's density matrix.
        case entropy
        /// S(I/n ‖ ρ_ε) = Σ_j q_j, the total QRE against the unit base encoder.
        case qreTotal
        /// The numerical rank of the embedding matrix.
        case rank
        /// ln d, the log of the embedding dimension.
        case logDimension
    }

    /// One feature set of `featureSets`: the encoder representation one block of table columns is
    /// computed from. Each set runs through every regressor (or the ones it names).
    public struct FeatureSet: Sendable, Equatable {
        public enum Source: Sendable, Equatable {
            /// A vector per encoder, by a feature method (`qre-unit`, `spectrum`).
            case method(String)
            /// Scalars of the feature pass, one column each, in the order given.
            case summary([SummaryStatistic])
            /// Numeric columns of a per-encoder CSV (`log` columns enter as natural logs).
            case featuresCsv(path: String, idColumn: String?, columns: [String], log: [String])
        }

        public var name: String
        public var source: Source
        /// A baseline is what a QRE column is compared with in the tables.
        public var baseline: Bool
        /// Names of the spec's regressors this set runs through; nil = all of them.
        public var regressors: [String]?

        public init(name: String, source: Source, baseline: Bool, regressors: [String]? = nil) {
            self.name = name
            self.source = source
            self.baseline = baseline
            self.regressors = regressors
        }

        public static let keys = ["name", "method", "summary", "featuresCsv", "idColumn", "columns", "log", "baseline", "regressors"]

        /// Summary and featuresCsv sets are baselines unless the spec says otherwise; method sets are not.
        static func defaultBaseline(_ source: Source) -> Bool {
            if case .method = source { return false }
            return true
        }

        /// The `featureSets` section; nil when absent (the spec's `features.method` is then the only set).
        static func readAll(_ value: JSONValue?, _ r: SpecReader, encoders: Encoders,
                            regressors: [RegressorSpec]) throws -> [FeatureSet]? {
            guard let value else { return nil }
            guard case .array(let items) = value, !items.isEmpty else {
                throw r.fail("$.featureSets", "expected a non-empty array of feature sets, got \(value.typeName)")
            }
            guard case .embeddings = encoders.source else {
                throw r.fail("$.featureSets", "needs encoders.embeddings: feature sets are computed from the embeddings in one pass")
            }
            let regressorNames = regressors.map(\.name)
            var sets: [FeatureSet] = []
            for (k, item) in items.enumerated() {
                let o = try r.object(item, "$.featureSets[\(k)]", allowed: keys, required: ["name"])
                let name = try o.string("name") ?? ""
                guard !name.isEmpty, !name.contains(where: { ",/\n\r".contains($0) }) else {
                    throw o.fail("name", "must be non-empty, without commas, '/' or line breaks")
                }
                if sets.contains(where: { $0.name == name }) {
                    throw o.fail("name", "duplicate feature set name '\(name)'; give each set its own name")
                }
                let given = ["method", "summary", "featuresCsv"].filter { o[$0] != nil }
                guard given.count == 1 else {
                    throw o.fail(nil, given.isEmpty ? "needs one of: method, summary, featuresCsv" : "give only one of: \(given.joined(separator: ", "))")
                }
                if given[0] != "featuresCsv", let k = ["idColumn", "columns", "log"].first(where: { o[$0] != nil }) {
                    throw o.fail(k, "not allowed here: it applies to featuresCsv sets only")
                }
                let source: Source
                switch given[0] {
                case "method":
                    let m = try o.string("method") ?? ""
                    guard FeatureMethodRegistry.method(named: m) != nil else {
                        throw o.fail("method", "unknown method '\(m)' (expected one of: \(FeatureMethodRegistry.names.joined(separator: ", ")))")
                    }
                    source = .method(m)
                case "summary":
                    let names = try o.strings("summary", nonEmpty: true) ?? []
                    var stats: [SummaryStatistic] = []
                    for (j, s) in names.enumerated() {
                        let all = SummaryStatistic.allCases.map(\.rawValue)
                        guard let stat = SummaryStatistic(rawValue: s) else {
                            throw o.fail("summary[\(j)]", "unknown statistic '\(s)' (expected one of: \(all.joined(separator: ", ")))" + SpecReader.suggestion(for: s, among: all))
                        }
                        guard !stats.contains(stat) else { throw o.fail("summary[\(j)]", "'\(s)' is listed twice") }
                        stats.append(stat)
                    }
                    source = .summary(stats)
                default:
                    _ = try o.require("columns", "missing: a featuresCsv set needs the list of feature columns")
                    let cols = try o.strings("columns", nonEmpty: true) ?? []
                    let logs = try o.strings("log") ?? []
                    for (j, l) in logs.enumerated() where !cols.contains(l) {
                        throw o.fail("log[\(j)]", "'\(l)' is not one of the columns (\(cols.joined(separator: ", ")))")
                    }
                    source = .featuresCsv(path: try o.string("featuresCsv") ?? "", idColumn: try o.optionalString("idColumn"),
                                          columns: cols, log: logs)
                }
                var chosen: [String]?
                if o["regressors"] != nil, o["regressors"] != .null {
                    let list = try o.strings("regressors", nonEmpty: true) ?? []
                    for (j, n) in list.enumerated() {
                        guard regressorNames.contains(n) else {
                            throw o.fail("regressors[\(j)]", "'\(n)' is not a regressor of this spec (regressors: \(regressorNames.joined(separator: ", ")))" + SpecReader.suggestion(for: n, among: regressorNames))
                        }
                        guard list.firstIndex(of: n) == j else { throw o.fail("regressors[\(j)]", "'\(n)' is listed twice") }
                    }
                    chosen = list
                }
                sets.append(FeatureSet(name: name, source: source, baseline: try o.bool("baseline") ?? defaultBaseline(source),
                                       regressors: chosen))
            }
            return sets
        }

        public func json() -> JSONValue {
            var m: [(String, JSONValue)] = [("name", .string(name))]
            switch source {
            case .method(let method): m.append(("method", .string(method)))
            case .summary(let stats): m.append(("summary", .array(stats.map { .string($0.rawValue) })))
            case let .featuresCsv(path, id, cols, logs):
                m += [("featuresCsv", .string(path)), ("idColumn", id.map { .string($0) } ?? .null),
                      ("columns", .array(cols.map { .string($0) })), ("log", .array(logs.map { .string($0) }))]
            }
            m.append(("baseline", .bool(baseline)))
            m.append(("regressors", regressors.map { .array($0.map { .string($0) }) } ?? .null))
            return .object(m)
        }
    }

    /// The feature sets the run computes: `featureSets` as given, or the one set of `features` (named
    /// after its method, or `featuresCsv` for a CSV of features, not a baseline, every regressor).
    public var effectiveFeatureSets: [FeatureSet] {
        if let featureSets { return featureSets }
        let name: String
        switch encoders.source {
        case .featuresCsv: name = "featuresCsv"
        default: name = type(of: features.kind).name
        }
        return [FeatureSet(name: name, source: .method(type(of: features.kind).name), baseline: false)]
    }
}
