import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra

/// The feature vectors of the encoders to predict, computed as the run computed its own.
///
/// - A `.npy` embedding matrix (n_sentences, dim) on the run's sentence set: the run's feature method and
///   parameters (from the resolved spec in run.json; one encoder at a time, one BLAS thread — as `encmap
///   run` computes them, so the same embeddings give the same vector to the bit). No cache is used: a run
///   folder that travels has no cache beside it.
/// - A `.npy` feature vector (n,) written by `encmap features` with the run's method.
/// - For runs whose features come from a table (`featuresCsv`), a CSV with the run's id column and
///   feature columns (any order, other columns ignored): every feature column must be present, every cell a
///   finite number, and > 0 in a `log` column, whose natural log is taken as the run did.
public struct PredictionInputs: Sendable {
    public struct Entry: Sendable {
        public let id: String
        public let vector: [Double]
        /// The file the encoder came from, and its line for CSV rows.
        public let file: URL
        public let line: Int?
    }

    public let entries: [Entry]
    /// Every file read, with its SHA-256 (lower-case hex), in order.
    public let files: [(url: URL, sha256: String)]

    /// Reads every input. `csv` are feature tables (featuresCsv runs), `npy` embeddings or vectors.
    /// - Throws: `FileError`/`ExperimentError` with one line naming the file (and CSV line).
    public static func read(npy: [EncoderInput], csv: [URL], run: RunSnapshot) throws -> PredictionInputs {
        let p = run.x.columns
        var entries: [Entry] = []
        var files: [(URL, String)] = []
        let tableRun: (idColumn: String?, columns: [String], log: [String])? = {
            if case let .featuresCsv(_, idColumn, columns, log) = run.spec.encoders.source { return (idColumn, columns, log) }
            return nil
        }()
        var extractor: FeatureExtractor?
        if case .embeddings = run.spec.encoders.source {
            extractor = FeatureExtractor(parameters: run.spec.features.parameters, cache: nil)
        }
        for input in npy {
            if let tableRun {
                throw FileError(path: input.url.path, reason: "is a .npy file, but this run's features are the columns \(tableRun.columns.joined(separator: ", ")) of a table (featuresCsv); pass a CSV with the columns \(([tableRun.idColumn ?? "model"] + tableRun.columns).joined(separator: ","))")
            }
            let header = try NPY.readHeader(input.url)
            if header.shape.count == 1 {
                guard header.shape[0] == p else {
                    throw FileError(path: input.url.path, reason: "is a feature vector of length \(header.shape[0]) but the run's encoders have \(p) features; compute it on the run's sentence set with the run's method")
                }
                let v = try NPY.read(input.url).storage
                guard v.allSatisfy(\.isFinite) else {
                    throw FileError(path: input.url.path, reason: "contains NaN or infinity; recompute the features")
                }
                entries.append(Entry(id: input.id, vector: v, file: input.url, line: nil))
            } else {
                guard let extractor else {
                    throw FileError(path: input.url.path, reason: "is an embedding matrix, but this run read ready feature vectors (encoders.features) whose method it cannot repeat; pass the encoder's vector from 'encmap features' instead")
                }
                guard header.shape.count == 2, header.shape[0] == p else {
                    throw FileError(path: input.url.path, reason: "embeds \(header.shape.first ?? 0) sentences but the run's encoders embed \(p); embed the same sentence set (same n, same order)")
                }
                let store = IndexedResults<EncoderFeatures>(count: 1)
                try extractor.forEachFeatures(of: [input], workers: 1) { _, f, _ in store.set(0, f) }
                entries.append(Entry(id: input.id, vector: store.all[0].vector, file: input.url, line: nil))
            }
            files.append((input.url, try SHA256.hex(fileAt: input.url)))
        }
        for url in csv {
            guard let tableRun else {
                throw FileError(path: url.path, reason: "is a CSV, but this run's features are computed from embeddings; pass the encoder's .npy embeddings (or its feature vector)")
            }
            let (ids, rows, lines) = try readTable(url, idColumn: tableRun.idColumn, columns: tableRun.columns, log: tableRun.log)
            for k in ids.indices { entries.append(Entry(id: ids[k], vector: rows[k], file: url, line: lines[k])) }
            files.append((url, try SHA256.hex(fileAt: url)))
        }
        var seen: [String: Entry] = [:]
        for e in entries {
            if let first = seen[EncoderID.key(e.id)] {
                throw FileError(path: e.file.path, reason: "encoder '\(e.id)' is given twice (also in \(first.file.path)); pass each new encoder once")
            }
            seen[EncoderID.key(e.id)] = e
        }
        guard !entries.isEmpty else {
            throw FileError(path: csv.first?.path ?? run.folder.path, reason: "holds no encoder to predict; add rows or inputs")
        }
        return PredictionInputs(entries: entries, files: files)
    }

    /// A feature table in the run's columns: ids, feature rows (log applied), CSV line numbers.
    static func readTable(_ url: URL, idColumn: String?, columns: [String], log: [String]) throws -> ([String], [[Double]], [Int]) {
        let table = try CSVTable.read(url)
        let idName = idColumn ?? (table.column("model") != nil ? "model" : "encoder")
        guard let idIndex = table.column(idName) else {
            throw ExperimentError.csv(path: url.path, line: 1, message: "has no id column '\(idName)' (the run's id column); name the column of encoder ids '\(idName)'")
        }
        var indices: [Int] = []
        for c in columns {
            guard let i = table.column(c) else {
                let others = table.header.filter { !columns.contains($0) && $0 != idName }
                throw ExperimentError.csv(path: url.path, line: 1, message: "lacks the run's feature column '\(c)' (the run needs \(columns.joined(separator: ", ")))\(SpecReader.suggestion(for: c, among: others))")
            }
            indices.append(i)
        }
        var ids: [String] = [], rows: [[Double]] = [], lines: [Int] = []
        for (r, row) in table.rows.enumerated() {
            let line = table.lines[r]
            let id = row[idIndex].trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else {
                throw ExperimentError.csv(path: url.path, line: line, message: "has an empty '\(idName)'; give every encoder an id")
            }
            var values: [Double] = []
            for (j, i) in indices.enumerated() {
                let cell = row[i].trimmingCharacters(in: .whitespaces)
                guard !cell.isEmpty else {
                    throw ExperimentError.csv(path: url.path, line: line, message: "encoder '\(id)' has no value in '\(columns[j])'; every feature column needs a number to predict from")
                }
                guard let v = Double(cell), v.isFinite else {
                    throw ExperimentError.csv(path: url.path, line: line, message: "'\(columns[j])' holds '\(row[i])', not a finite number; write a number")
                }
                if log.contains(columns[j]) {
                    guard v > 0 else {
                        throw ExperimentError.csv(path: url.path, line: line, message: "'\(columns[j])' is \(cell), but the run takes its natural log; write a value > 0 (the raw value, not its log)")
                    }
                    values.append(Foundation.log(v))
                } else {
                    values.append(v)
                }
            }
            ids.append(id); rows.append(values); lines.append(line)
        }
        return (ids, rows, lines)
    }
}
