import EncmapIO
import EncmapSupport
import Foundation
import LinearAlgebra
import Map
import Regression

/// The run's map as `encmap predict` places new encoders on it, stored in the run folder under `map/`
/// when the spec has a map section: `coordinates.csv` (`encoder,x,y`, the t-SNE positions of the run's
/// encoders), `map.json` (metric, perplexity used, k, seed, colouring attribute, title) and
/// `attributes.csv` (the categorical attributes the page colours by, one row per encoder).
///
/// `encmap run` computes this map exactly as `encmap map SPEC` does (same options, the encoders in the
/// features' order, the same features), so when every encoder with features has scores the stored
/// coordinates are those of the spec's map folder, to the bit.
public struct ReferenceMap: Sendable {
    public static let coordinatesFile = "map/coordinates.csv"
    public static let parametersFile = "map/map.json"
    public static let attributesFile = "map/attributes.csv"

    public struct Parameters: Codable, Sendable, Equatable {
        public var metric: String
        /// The perplexity the t-SNE used (after lowering for few encoders).
        public var perplexity: Double
        public var k: Int
        public var seed: UInt64
        public var colourBy: String?
        public var title: String
    }

    /// Map encoders, in map order.
    public let ids: [String]
    /// Row of each map encoder in the run's training features.
    public let rows: [Int]
    /// Map positions, encoders × 2.
    public let layout: Matrix
    public let parameters: Parameters
    public let attributes: [(name: String, values: [String?])]

    public var metric: DistanceMetric { DistanceMetric(rawValue: parameters.metric) ?? .l1 }

    /// The `map/` files of a run whose spec has a map (none otherwise, or with fewer than 3 encoders).
    static func runFolderFiles(_ plan: ExperimentPlan, x: Matrix) throws -> [String: Data] {
        guard let settings = plan.spec.map, plan.encoders.count >= 3 else { return [:] }
        let options = try MapExperiment.options(plan.spec, settings: settings)
        // `encmap map SPEC` lists the encoders in the features' order (folder or table order).
        let candidates = try ExperimentPlan.featureCandidates(plan.spec)
        var position: [String: Int] = [:]
        for (k, id) in candidates.ids.enumerated() { position[EncoderID.key(id)] = k }
        let order = plan.encoders.indices.sorted {
            (position[EncoderID.key(plan.encoders[$0])] ?? Int.max, $0) < (position[EncoderID.key(plan.encoders[$1])] ?? Int.max, $1)
        }
        let ids = order.map { plan.encoders[$0] }
        let map = try MapBuilder.compute(ids: ids, features: x.selectingRows(order).transposed(), options: options)
        var coords = CSVTable.line(["encoder", "x", "y"])
        for i in ids.indices {
            coords += CSVTable.line([ids[i], map.tsne.coordinates[i, 0].description, map.tsne.coordinates[i, 1].description])
        }
        let parameters = Parameters(metric: settings.metric.rawValue, perplexity: map.tsne.perplexity, k: settings.k,
                                    seed: settings.seed, colourBy: map.colourBy, title: options.title)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var attributes = CSVTable.line(["encoder"] + map.attributeValues.map(\.name))
        for i in ids.indices { attributes += CSVTable.line([ids[i]] + map.attributeValues.map { $0.values[i] ?? "" }) }
        return [coordinatesFile: Data(coords.utf8),
                parametersFile: try encoder.encode(parameters) + Data("\n".utf8),
                attributesFile: Data(attributes.utf8)]
    }

    /// Reads the `map/` files of a snapshot (nil when the run has no map).
    /// - Throws: `ExperimentError` for a map that does not match the run's encoders.
    static func read(_ files: [String: Data], folder: URL, encoders: [String]) throws -> ReferenceMap? {
        guard let coordData = files[coordinatesFile] else { return nil }
        let coordPath = folder.appendingPathComponent(coordinatesFile).path
        let jsonPath = folder.appendingPathComponent(parametersFile).path
        guard let json = files[parametersFile] else {
            throw ExperimentError.file(path: jsonPath, message: "is missing beside \(coordinatesFile); rerun 'encmap run'")
        }
        let parameters: Parameters
        do {
            parameters = try JSONDecoder().decode(Parameters.self, from: json)
        } catch {
            throw ExperimentError.file(path: jsonPath, message: "is not a map description written by 'encmap run'; rerun 'encmap run'")
        }
        guard DistanceMetric(rawValue: parameters.metric) != nil else {
            throw ExperimentError.file(path: jsonPath, message: "names an unknown metric '\(parameters.metric)'; rerun 'encmap run'")
        }
        var index: [String: Int] = [:]
        for (i, e) in encoders.enumerated() { index[e] = i }
        let table = try CSVTable(text: String(decoding: coordData, as: UTF8.self), path: coordPath)
        guard table.header == ["encoder", "x", "y"] else {
            throw ExperimentError.file(path: coordPath, message: "does not start with 'encoder,x,y'; rerun 'encmap run'")
        }
        var ids: [String] = [], rows: [Int] = [], points: [[Double]] = []
        for (r, row) in table.rows.enumerated() {
            guard let i = index[row[0]], let x = Double(row[1]), let y = Double(row[2]), x.isFinite, y.isFinite else {
                throw ExperimentError.csv(path: coordPath, line: table.lines[r], message: "is not an encoder of run.json with finite x and y; rerun 'encmap run'")
            }
            ids.append(row[0]); rows.append(i); points.append([x, y])
        }
        guard ids.count >= 2 else {
            throw ExperimentError.file(path: coordPath, message: "holds \(ids.count) encoders; rerun 'encmap run'")
        }
        var attributes: [(name: String, values: [String?])] = []
        if let data = files[attributesFile] {
            let path = folder.appendingPathComponent(attributesFile).path
            let t = try CSVTable(text: String(decoding: data, as: UTF8.self), path: path)
            var byID: [String: [String]] = [:]
            for row in t.rows { byID[row[0]] = row }
            for (c, name) in t.header.enumerated().dropFirst() {
                attributes.append((name, ids.map { id in byID[id].flatMap { $0[c].isEmpty ? nil : $0[c] } }))
            }
        }
        return ReferenceMap(ids: ids, rows: rows, layout: Matrix(rowArrays: points), parameters: parameters, attributes: attributes)
    }
}

extension ReferenceMap {
    /// A map folder written by `encmap map` (`coordinates.csv`, `map.json`) from the features of the run's
    /// encoders: every map encoder must be one of the run's (by encmap's id rule). Its colours are not kept.
    /// - Throws: `ExperimentError` naming the file and what does not match.
    public static func read(mapFolder: URL, run: RunSnapshot) throws -> ReferenceMap {
        let coordPath = mapFolder.appendingPathComponent("coordinates.csv")
        let jsonPath = mapFolder.appendingPathComponent("map.json")
        guard let json = FileManager.default.contents(atPath: jsonPath.path),
              let summary = try? JSONDecoder().decode(MapSummary.self, from: json) else {
            throw ExperimentError.file(path: jsonPath.path, message: "is missing or not a map.json written by 'encmap map'; pass a folder written by 'encmap map'")
        }
        let table = try CSVTable.read(coordPath)
        guard table.header == ["encoder", "x", "y"] else {
            throw ExperimentError.file(path: coordPath.path, message: "does not start with 'encoder,x,y'; pass a folder written by 'encmap map'")
        }
        var index: [String: Int] = [:]
        for (i, e) in run.context.encoders.enumerated() { index[EncoderID.key(e)] = i }
        var ids: [String] = [], rows: [Int] = [], points: [[Double]] = []
        for (r, row) in table.rows.enumerated() {
            guard let i = index[EncoderID.key(row[0])] else {
                throw ExperimentError.csv(path: coordPath.path, line: table.lines[r], message: "encoder '\(row[0])' is on the map but not in the run, so its features are unknown; build the map from the run's encoders")
            }
            guard let x = Double(row[1]), let y = Double(row[2]), x.isFinite, y.isFinite else {
                throw ExperimentError.csv(path: coordPath.path, line: table.lines[r], message: "holds no finite x and y; pass a folder written by 'encmap map'")
            }
            ids.append(run.context.encoders[i]); rows.append(i); points.append([x, y])
        }
        guard ids.count >= 2 else {
            throw ExperimentError.file(path: coordPath.path, message: "holds \(ids.count) encoders; a map needs at least 2 to place encoders on")
        }
        let p = summary.parameters
        let parameters = Parameters(metric: p.metric, perplexity: p.perplexityUsed, k: p.k, seed: p.seed, colourBy: nil,
                                    title: "Map of encoders: \(run.context.name)")
        return ReferenceMap(ids: ids, rows: rows, layout: Matrix(rowArrays: points), parameters: parameters, attributes: [])
    }
}

extension ExperimentRunner {
    /// What a run folder holds besides its results so that `encmap predict` needs nothing else: the folds
    /// of every encoder (`folds.csv`) and, when the spec has a map, the reference map (`map/`).
    static func predictionFiles(_ plan: ExperimentPlan, x: Matrix, splitter: some FoldSplitter) throws -> [String: Data] {
        var files = try ReferenceMap.runFolderFiles(plan, x: x)
        let splits = try splitter.splits(rowCount: plan.encoders.count)
        files["folds.csv"] = Data(RunSnapshot.foldsCSV(encoders: plan.encoders, splits: splits).utf8)
        return files
    }
}
