import EncmapIO
import Features
import Foundation
import LinearAlgebra

/// `run.json`: what a run did — the resolved spec, its inputs with their SHA-256, the software and BLAS,
/// counts and timings — and everything `encmap tables` and `encmap predict` need besides the predictions.
public enum RunRecord {
    static func json(plan: ExperimentPlan, context: TableContext, inputs: [JSONValue], summaries: [EncoderFeatures]?,
                     featureCount: Int, predictionCount: Int, timings: [(String, Double)]) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("encmap", .object([("version", .string(ExperimentRunner.version)),
                                ("blas", .string(BLASConfiguration.description)),
                                ("blasThreads", .number(Double(BLASConfiguration.threads)))])),
            ("specFile", .string(plan.spec.file)),
            ("spec", plan.spec.resolvedJSON()),
            ("tasks", .array(context.tasks.map { .string($0) })),
            ("regressors", .array(context.regressors.map { .string($0) })),
            ("encoders", .array(context.encoders.map { .string($0) })),
            ("folds", .object([("perRepetition", .number(Double(context.foldsPerRepetition))),
                               ("repetitions", .number(Double(context.repetitions)))])),
            ("bootstrap", .object([("resamples", .number(Double(context.bootstrapResamples))),
                                   ("seed", .number(Double(context.bootstrapSeed)))])),
            ("counts", .object([("encoders", .number(Double(context.encoders.count))),
                                ("tasks", .number(Double(context.tasks.count))),
                                ("features", .number(Double(featureCount))),
                                ("predictions", .number(Double(predictionCount)))])),
            ("inputs", .array(inputs)),
        ]
        if let summaries {
            members.append(("featureSummary", .array(summaries.map { f in
                .object([("encoder", .string(f.id)), ("n", .number(Double(f.sentenceCount))), ("dim", .number(Double(f.dimension))),
                         ("rank", .number(Double(f.rank))), ("entropy", .number(f.entropy)), ("qre_unit", .number(f.qreUnit))])
            })))
        }
        if let warning = plan.warning { members.append(("warnings", .array([.string(warning)]))) }
        members.append(("timingsSeconds", .object(timings.map { ($0.0, .number(($0.1 * 1000).rounded() / 1000)) })))
        return .object(members)
    }

    /// Reads run.json of a run folder.
    public static func load(in folder: URL) throws -> JSONValue {
        let url = folder.appendingPathComponent("run.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ExperimentError.file(path: url.path, message: "cannot be read; is \(folder.path) a folder written by 'encmap run'?")
        }
        do {
            return try JSONValue.parse(String(decoding: data, as: UTF8.self))
        } catch let e as JSONSyntaxError {
            throw ExperimentError.file(path: url.path, message: "is not valid JSON (\(e.description)); rerun 'encmap run'")
        }
    }

    /// The table context stored in a run folder's run.json.
    public static func context(in folder: URL) throws -> TableContext {
        let json = try load(in: folder)
        let path = folder.appendingPathComponent("run.json").path
        func fail(_ key: String) -> ExperimentError { .file(path: path, message: "lacks a valid '\(key)'; rerun 'encmap run'") }
        func strings(_ key: String) throws -> [String] {
            guard case .array(let items)? = json[key] else { throw fail(key) }
            return try items.map { if case .string(let s) = $0 { return s } else { throw fail(key) } }
        }
        func int(_ v: JSONValue?, _ key: String) throws -> Int {
            guard case .number(let x)? = v, x >= 0, x == x.rounded() else { throw fail(key) }
            return Int(x)
        }
        guard case .string(let name)? = json["spec"]?["name"] else { throw fail("spec.name") }
        return TableContext(name: name, tasks: try strings("tasks"), regressors: try strings("regressors"),
                            encoders: try strings("encoders"),
                            foldsPerRepetition: max(1, try int(json["folds"]?["perRepetition"], "folds.perRepetition")),
                            repetitions: try int(json["folds"]?["repetitions"], "folds.repetitions"),
                            bootstrapResamples: try int(json["bootstrap"]?["resamples"], "bootstrap.resamples"),
                            bootstrapSeed: UInt64(try int(json["bootstrap"]?["seed"], "bootstrap.seed")))
    }
}
