import EncmapIO
import EncmapSupport
@testable import Experiments

/// Random valid experiment specs, as JSON: every section present or absent, every optional key given
/// or left to its default, every regressor kind, cross-validation kind and feature method with its
/// options. Deterministic for a seed (SplitMix64).
struct SpecGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// The kinds this generator writes; the round-trip test checks that they are all the registries hold.
    static let regressorKinds = ["ridge", "knn", "mean", "pls", "elasticNet"]
    static let crossValidationKinds = ["kfold", "loo", "groupKFold", "repeatedKFold", "leaveOneGroupOut"]
    static let featureMethods = ["qre-unit", "spectrum"]
    static let summaryStatistics = ["entropy", "qreTotal", "rank", "logDimension"]

    mutating func chance(_ p: Double = 0.5) -> Bool { rng.nextUniform() < p }
    mutating func pick<T>(_ items: [T]) -> T { items[rng.uniform(below: items.count)] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + rng.uniform(below: range.count) }
    /// A number in (low, high) with a short or a long decimal expansion.
    mutating func number(_ low: Double, _ high: Double) -> Double {
        let x = low + (high - low) * (0.001 + 0.998 * rng.nextUniform())
        return chance() ? (x * 1000).rounded() / 1000 : x
    }

    /// Members of an object: each optional member is kept with probability 1/2.
    mutating func members(_ required: [(String, JSONValue)], optional: [(String, JSONValue)]) -> JSONValue {
        var out = required
        for m in optional where chance() { out.append(m) }
        return .object(out)
    }

    mutating func strings(_ pool: [String], min: Int = 0) -> [JSONValue] {
        let n = int(min...pool.count)
        return rng.permutation(pool.count).prefix(n).sorted().map { .string(pool[$0]) }
    }

    mutating func spec() -> JSONValue {
        let name = pick(["g", "exp-1", "a.b_c", "Ünïcode"])
        var top: [(String, JSONValue)] = [("version", .number(1)), ("name", .string(name)), ("encoders", encoders())]
        if chance(0.7) { top.append(("features", features())) }
        let mapOnly = chance(0.2)
        if !mapOnly {
            let (scores, csv) = self.scores()
            top.append(("scores", scores))
            if chance(0.6) { top.append(("preprocess", preprocess())) }
            let regs = regressors()
            top.append(("regressors", regs))
            if top[2].1["embeddings"] != nil, chance(0.4) {
                var names: [String] = []
                if case .array(let items) = regs { names = items.compactMap { $0["name"]?.string } }
                top.append(("featureSets", featureSets(regressorNames: names)))
            }
            if chance(0.8) { top.append(("crossValidation", crossValidation(csvScores: csv))) }
            if chance(0.6) { top.append(("bootstrap", members([], optional: [("resamples", .number(Double(int(0...100_000)))), ("seed", .number(Double(int(0...1_000_000))))]))) }
            if chance() { top.append(("output", .string(pick(["out", "../results/x", "/tmp/abs"])))) }
        }
        if mapOnly || chance(0.3) { top.append(("map", map())) }
        // Key order does not matter to the reader.
        return .object(rng.permutation(top.count).map { top[$0] })
    }

    mutating func encoders() -> JSONValue {
        var optional: [(String, JSONValue)] = [
            ("include", chance(0.3) ? .null : .array(strings(["a*", "org/b", "c__d"]))),
            ("exclude", .array(strings(["x", "y*"]))),
        ]
        switch int(0...2) {
        case 0: return members([("embeddings", .string("data/variants/embeddings"))], optional: optional)
        case 1: return members([("features", .string("features"))], optional: optional)
        default:
            let columns = strings(["n_parameters", "embed_dim", "layers"], min: 1)
            optional += [("idColumn", chance(0.3) ? .null : .string("model")), ("log", .array(columns.filter { _ in chance() }))]
            return members([("featuresCsv", .string("meta.csv")), ("columns", .array(columns))], optional: optional)
        }
    }

    mutating func features() -> JSONValue {
        members([], optional: [
            ("method", .string(pick(Self.featureMethods))), ("epsilon", .number(number(0, 1))),
            ("rankTolerance", chance(0.3) ? .null : .number(chance(0.2) ? 0 : number(0, 1))),
            ("cache", chance(0.3) ? .null : .string("cache/elsewhere")),
        ])
    }

    /// A featureSets section: method, summary and featuresCsv sets, with or without baseline and regressors.
    mutating func featureSets(regressorNames: [String]) -> JSONValue {
        var sets: [JSONValue] = []
        for i in 0..<int(1...3) {
            var item: [(String, JSONValue)] = [("name", .string(pick(["qre", "S", "size"]) + "\(i)"))]
            switch int(0...2) {
            case 0: item.append(("method", .string(pick(Self.featureMethods))))
            case 1: item.append(("summary", .array(strings(Self.summaryStatistics, min: 1))))
            default:
                item += [("featuresCsv", .string("meta.csv")), ("columns", .array([.string("n_parameters"), .string("layers")]))]
                if chance() { item.append(("log", .array([.string("n_parameters")]))) }
                if chance() { item.append(("idColumn", chance(0.3) ? .null : .string("model"))) }
            }
            if chance() { item.append(("baseline", .bool(chance()))) }
            if chance(), !regressorNames.isEmpty { item.append(("regressors", chance(0.2) ? .null : .array(strings(regressorNames, min: 1)))) }
            sets.append(.object(rng.permutation(item.count).map { item[$0] }))
        }
        return .array(sets)
    }

    /// The scores section, and whether it is a CSV (groups from the scores need one).
    mutating func scores() -> (JSONValue, Bool) {
        let tasks: (String, JSONValue) = chance(0.7) ? ("tasks", .array(strings(["STS13", "STS14", "SICK", "Banking77Classification"], min: 1)))
            : ("benchmark", .string(pick(["MTEB(eng, v1)", "MTEB(eng, v2)"])))
        if chance(0.7) {
            return (members([("csv", .string("data/variants/labels.csv")), tasks],
                            optional: [("idColumn", chance(0.3) ? .null : .string("encoder"))]), true)
        }
        return (.object([("mtebResults", .string("mteb/results")), tasks]), false)
    }

    mutating func preprocess() -> JSONValue {
        let pca: JSONValue = pick([.null, .number(Double(int(1...20))), .number(number(0, 1))])
        return members([], optional: [("standardize", .bool(chance())), ("pca", pca)])
    }

    mutating func regressors() -> JSONValue {
        var items: [JSONValue] = []
        for i in 0..<int(1...4) {
            var item: [(String, JSONValue)] = [("kind", .string(pick(Self.regressorKinds)))]
            switch item[0].1 {
            case .string("ridge"):
                if chance() {
                    item.append(("alpha", .number(number(0, 100))))
                } else {
                    item.append(("alphas", .array((0..<int(1...5)).map { _ in .number(number(0, 1000)) })))
                    if chance() { item.append(("alphaPerTask", .bool(chance()))) }
                }
            case .string("knn"):
                item.append(("k", .number(Double(int(1...15)))))
                if chance() { item.append(("metric", .string(pick(["euclidean", "manhattan", "cosine"])))) }
                if chance() { item.append(("weights", .string(pick(["uniform", "distance"])))) }
            case .string("pls"):
                if chance() {
                    item.append(("components", .number(Double(int(1...10)))))
                } else {
                    item.append(("components", .array((0..<int(1...5)).map { _ in .number(Double(int(1...10))) })))
                    if chance() { item.append(("innerFolds", .number(Double(int(2...10))))) }
                }
            case .string("elasticNet"):
                if chance() {
                    item.append(("l1Ratio", chance() ? .number(number(0, 1)) : .array((0..<int(1...4)).map { _ in .number(number(0, 1)) })))
                }
                if chance(0.3) {
                    item.append(("alphas", .array((0..<int(1...5)).map { _ in .number(number(0, 10)) })))
                } else {
                    if chance() { item.append(("nAlphas", .number(Double(int(1...200))))) }
                    if chance() { item.append(("eps", .number(number(0.001, 0.1)))) }
                }
                if chance() { item.append(("innerFolds", .number(Double(int(2...10))))) }
                if chance() { item.append(("tol", .number(number(0.001, 0.01)))) }
                if chance() { item.append(("maxIter", .number(Double(int(1...5000))))) }
            default: break
            }
            // Default names may collide (two means); a regressor without a unique default gets a name.
            if chance() || items.count > 0 { item.insert(("name", .string("r\(i) \(pick(["α", "x", "knn-3"]))")), at: 0) }
            items.append(.object(rng.permutation(item.count).map { item[$0] }))
        }
        return .array(items)
    }

    mutating func crossValidation(csvScores: Bool) -> JSONValue {
        let kind = pick(Self.crossValidationKinds)
        let folds: (String, JSONValue) = ("folds", .number(Double(int(2...10))))
        let seed: (String, JSONValue) = ("seed", .number(Double(int(0...Int(UInt32.max)))))
        let kindMember: [(String, JSONValue)] = kind == "kfold" && chance(0.3) ? [] : [("kind", .string(kind))]
        switch kind {
        case "kfold": return members(kindMember, optional: [folds, ("shuffle", .bool(chance())), seed])
        case "groupKFold": return members(kindMember + groups(csvScores: csvScores), optional: [folds])
        case "leaveOneGroupOut": return members(kindMember + groups(csvScores: csvScores), optional: [])
        case "repeatedKFold": return members(kindMember + [("repeats", .number(Double(int(1...1000))))], optional: [folds, seed])
        default: return .object(kindMember)
        }
    }

    /// The group keys of groupKFold and leaveOneGroupOut: a scores CSV column, or a column of an
    /// attributes CSV (always, when the scores are not a CSV).
    mutating func groups(csvScores: Bool) -> [(String, JSONValue)] {
        if csvScores && chance() {
            return [("groupColumn", .string("base_model"))] + (chance(0.3) ? [("groupsCsv", .null)] : [])
        }
        var out: [(String, JSONValue)] = [("groupColumn", .string(pick(["base_model", "adapted_from"]))),
                                          ("groupsCsv", .string(pick(["data/variants/attributes.csv", "data/mteb/models.csv"])))]
        if chance() { out.append(("groupsIdColumn", chance(0.3) ? .null : .string(pick(["encoder", "name"])))) }
        return out
    }

    mutating func map() -> JSONValue {
        members([], optional: [
            ("metric", .string(pick(["l1", "l2", "cosine"]))), ("perplexity", .number(number(0, 50))),
            ("seed", .number(Double(int(0...1000)))), ("k", .number(Double(int(1...20)))),
            ("iterations", .number(Double(int(250...3000)))),
            ("attributes", chance(0.3) ? .null : .string("attributes.csv")),
            ("attributesIdColumn", chance(0.3) ? .null : .string("encoder")),
            ("colorBy", chance(0.3) ? .null : .string("base_model")), ("output", .string("../results/m")),
        ])
    }
}
