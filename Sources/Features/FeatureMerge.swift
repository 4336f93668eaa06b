import EncmapIO
import EncmapSupport
import Foundation

/// A reason `FeatureMerge` refuses its inputs; one line: what is wrong, where, what to do. The text
/// names the files concerned itself (often several), so the place is the whole merge.
public struct FeatureMergeError: UserFacingError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var diagnostic: Diagnostic { Diagnostic(problem: message) }
}

/// Combines the output folders of several `encmap features` runs — typically the N shards of one set of
/// encoders — into one features folder: every `<id>.npy` and one `summary.csv` with the rows in sorted-id
/// (byte) order.
///
/// A folder contributes `summary.csv` (an ordinary run) or `summary-shard-I-of-N.csv` files with their
/// `shard-I-of-N.json` records (shards; several may share a folder). Refused, each with a one-line
/// error: an encoder in two places, a summary row without its vector file or with a vector of the wrong
/// length, different numbers of sentences, shards of different N, parameters or input sets, a shard
/// missing or given twice, ordinary summaries mixed with shards, and an output folder already holding
/// vectors that are not being merged.
///
/// The merged folder is byte-identical to one unsharded run over the same inputs when that run's input
/// order is the sorted-id order (a folder whose file names sort like their ids): the vector files are
/// copied byte for byte and the summary rows are the rows the shards wrote.
public enum FeatureMerge {
    struct Entry {
        let id: String
        let row: String
        let n: Int
        let folder: URL
        let summary: String
        let shard: Int?
    }

    /// Merges `folders` into `output` (created if missing; it may be one of `folders`).
    /// - Returns: the number of encoders merged.
    /// - Throws: `FeatureMergeError` or `FileError`, one line each.
    /// - Complexity: O(total size of the vector files).
    @discardableResult
    public static func merge(into output: URL, from folders: [URL]) throws -> Int {
        guard !folders.isEmpty else { throw FeatureMergeError("no folder to merge; give the output folders of the shards") }
        var entries: [Entry] = []
        var records: [(record: ShardRecord, file: String)] = []
        var plainSummaries: [String] = []
        for folder in folders {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw FileError(path: folder.path, reason: "no such folder; give the --out folders of the encmap features runs to merge")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            let shardSummaries = names.filter { $0.hasPrefix("summary-shard-") && $0.hasSuffix(".csv") }
            let hasPlain = names.contains("summary.csv")
            guard hasPlain || !shardSummaries.isEmpty else {
                throw FileError(path: folder.path, reason: "holds no summary.csv nor summary-shard-I-of-N.csv; is it an output folder of encmap features?")
            }
            if hasPlain {
                let file = folder.appendingPathComponent("summary.csv")
                plainSummaries.append(file.path)
                entries += try readSummary(file, folder: folder, shard: nil)
            }
            for name in shardSummaries {
                let file = folder.appendingPathComponent(name)
                let shard = try parseShardName(name, file: file)
                let recordURL = folder.appendingPathComponent(shard.recordFileName)
                guard let data = try? InputFile.read(recordURL),
                      let record = try? CodableJSON.decode(ShardRecord.self, from: data) else {
                    throw FileError(path: recordURL.path, reason: "is missing or unreadable; every summary-shard-I-of-N.csv needs the shard-I-of-N.json written beside it — rerun that shard")
                }
                guard record.shard == shard.index, record.shards == shard.count else {
                    throw FileError(path: recordURL.path, reason: "describes shard \(record.shard)/\(record.shards), not \(shard); rerun that shard")
                }
                records.append((record, recordURL.path))
                let rows = try readSummary(file, folder: folder, shard: shard.index)
                guard rows.map(\.id) == record.encoders else {
                    throw FileError(path: file.path, reason: "does not list the encoders its \(shard.recordFileName) names; the shard was interrupted or edited — rerun it")
                }
                entries += rows
            }
        }
        if !records.isEmpty && !plainSummaries.isEmpty {
            throw FeatureMergeError("\(plainSummaries[0]) is an unsharded summary but \(records[0].file) is a shard's; merge the shards of one run, or unsharded runs, not both")
        }

        // Shards: same split, same parameters, all present once, and every encoder where the split puts it.
        if let (first, firstFile) = records.first {
            var byIndex: [Int: String] = [:]
            for (record, file) in records {
                guard record.shards == first.shards else {
                    throw FeatureMergeError("\(file) is a shard of \(record.shards) but \(firstFile) is a shard of \(first.shards); merge the shards of one run")
                }
                guard record.parameterText == first.parameterText else {
                    throw FeatureMergeError("\(file) was computed with \(record.parameterText) but \(firstFile) with \(first.parameterText); rerun the shards with the same options")
                }
                guard record.totalEncoders == first.totalEncoders else {
                    throw FeatureMergeError("\(file) split \(record.totalEncoders) encoders but \(firstFile) split \(first.totalEncoders); the shards were run on different inputs — rerun them on the same ones")
                }
                if let other = byIndex[record.shard] {
                    throw FeatureMergeError("shard \(record.shard)/\(record.shards) is given twice: \(other) and \(file); give each shard's folder once")
                }
                byIndex[record.shard] = file
            }
            let missing = (1...first.shards).filter { byIndex[$0] == nil }
            if !missing.isEmpty {
                let list = missing.prefix(8).map { "\($0)/\(first.shards)" }.joined(separator: ", ")
                throw FeatureMergeError("shard\(missing.count == 1 ? "" : "s") \(list)\(missing.count > 8 ? ", …" : "") \(missing.count == 1 ? "is" : "are") missing (\(byIndex.count) of \(first.shards) given); wait for every array task to finish, or rerun the missing ones with --shard I/\(first.shards)")
            }
        }
        // Duplicates and sentence counts.
        var seen: [String: Entry] = [:]
        for e in entries {
            if let previous = seen[e.id] {
                throw FeatureMergeError("encoder '\(e.id)' is in both \(previous.summary) and \(e.summary); each encoder must come from exactly one run or shard (was a folder or a shard given twice?)")
            }
            seen[e.id] = e
        }
        if let first = entries.first, let other = entries.first(where: { $0.n != first.n }) {
            throw FeatureMergeError("\(other.summary) has n = \(other.n) for '\(other.id)' but \(first.summary) has n = \(first.n) for '\(first.id)'; every encoder must embed the same sentence set")
        }
        let sorted = entries.sorted { FeatureShard.precedes($0.id, $1.id) }

        if let (first, _) = records.first {
            guard sorted.count == first.totalEncoders else {
                throw FeatureMergeError("the shards hold \(sorted.count) encoders but split \(first.totalEncoders); a shard is incomplete — rerun it")
            }
            for (k, e) in sorted.enumerated() where FeatureShard.shard(ofPosition: k, count: first.shards) != e.shard {
                throw FeatureMergeError("encoder '\(e.id)' is in shard \(e.shard!)/\(first.shards) but the sorted ids put it in shard \(FeatureShard.shard(ofPosition: k, count: first.shards))/\(first.shards); the shards were run on different inputs — rerun them on the same ones")
            }
        }

        // Vector files: present, 1-D of length n.
        for e in sorted {
            let url = e.folder.appendingPathComponent("\(e.id).npy")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw FileError(path: url.path, reason: "is missing although \(e.summary) lists '\(e.id)'; rerun the run or shard that wrote it")
            }
            let header = try NPY.readHeader(url)
            guard header.shape == [e.n] else {
                throw FileError(path: url.path, reason: "has shape \(header.shape) but \(e.summary) says n = \(e.n); rerun the run or shard that wrote it")
            }
        }

        // The output folder may hold only the vectors being merged.
        let ids = Set(sorted.map(\.id))
        if let names = try? FileManager.default.contentsOfDirectory(atPath: output.path) {
            if let stray = names.sorted().first(where: { $0.hasSuffix(".npy") && !$0.hasPrefix(".") && !ids.contains(String($0.dropLast(4))) }) {
                throw FileError(path: output.appendingPathComponent(stray).path, reason: "is in the merge's output folder but not among the merged encoders; merge into a new or empty folder")
            }
        }
        let out = output.standardizedFileURL.resolvingSymlinksInPath()
        let inPlace = sorted.contains { $0.folder.standardizedFileURL.resolvingSymlinksInPath() == out }
        var vectors: [String: Data] = [:]
        var digests: [FeatureManifest.Vector] = []
        for e in sorted {
            let source = e.folder.appendingPathComponent("\(e.id).npy")
            let bytes = try InputFile.read(source, expected: "a .npy file")
            digests.append(FeatureManifest.Vector(encoder: e.id, file: "\(e.id).npy", sha256: SHA256.hex(bytes)))
            if e.folder.standardizedFileURL.resolvingSymlinksInPath() != out { vectors["\(e.id).npy"] = bytes }
        }
        var files = vectors
        files["summary.csv"] = Data((([FeatureSummary.header] + sorted.map(\.row)).joined(separator: "\n") + "\n").utf8)
        if let manifest = try manifest(records: records.map(\.record), plainFolders: folders, vectors: digests,
                                       n: sorted.first?.n ?? 0, plain: !plainSummaries.isEmpty) {
            files[FeatureManifest.fileName] = try manifest.data()
        }
        if inPlace {
            // Merging into one of the merged folders (shards that shared it): only new files are added.
            for (name, data) in files.sorted(by: { $0.key < $1.key }) where name.hasSuffix(".npy") {
                try AtomicFile.write(data, to: output.appendingPathComponent(name))
            }
            for name in ["summary.csv", FeatureManifest.fileName] { if let data = files[name] { try AtomicFile.write(data, to: output.appendingPathComponent(name)) } }
        } else {
            // A separate folder is staged and swapped in whole: a failure leaves no partial merge.
            try OutputFolder.write(files, to: output, kind: .features)
        }
        return sorted.count
    }

    /// The manifest of the merged folder: the shards' common parameters, or those of the merged folders'
    /// own manifests when every one has one and they agree; nil when the parameters are not known.
    static func manifest(records: [ShardRecord], plainFolders: [URL], vectors: [FeatureManifest.Vector], n: Int,
                         plain: Bool) throws -> FeatureManifest? {
        if let r = records.first {
            guard let method = FeatureMethod(rawValue: r.method), let epsilon = Double(r.epsilon) else { return nil }
            let tolerance = r.rankTolerance == "default" ? nil : Double(r.rankTolerance)
            return FeatureManifest(parameters: FeatureParameters(method: method, epsilon: epsilon, rankTolerance: tolerance),
                                   n: n, vectors: vectors)
        }
        guard plain else { return nil }
        var found: [FeatureManifest] = []
        for folder in plainFolders {
            let url = folder.appendingPathComponent(FeatureManifest.fileName)
            guard let data = try? InputFile.read(url), let m = try? CodableJSON.decode(FeatureManifest.self, from: data) else { return nil }
            found.append(m)
        }
        guard var first = found.first, found.allSatisfy({ $0.method == first.method && $0.epsilon == first.epsilon && $0.rankTolerance == first.rankTolerance }) else { return nil }
        first.n = n
        first.vectors = vectors
        return first
    }

    static func parseShardName(_ name: String, file: URL) throws -> FeatureShard {
        // summary-shard-I-of-N.csv
        let core = name.dropFirst("summary-shard-".count).dropLast(".csv".count)
        let parts = core.components(separatedBy: "-of-")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), let shard = try? FeatureShard(index: i, count: n) else {
            throw FileError(path: file.path, reason: "is not named summary-shard-I-of-N.csv with 1 ≤ I ≤ N; rename or remove it")
        }
        return shard
    }

    static func readSummary(_ file: URL, folder: URL, shard: Int?) throws -> [Entry] {
        let text: String
        text = String(decoding: try InputFile.read(file, expected: "a CSV file"), as: UTF8.self)
        let table: CSVTable
        do { table = try CSVTable(text: text, path: file.path) } catch let e as CSVError {
            throw FileError(path: file.path, reason: "is not a summary written by encmap features (\(e.message)); rerun the run or shard that wrote it")
        }
        guard table.header.joined(separator: ",") == FeatureSummary.header else {
            throw FileError(path: file.path, reason: "does not start with the header '\(FeatureSummary.header)'; is it a summary written by encmap features?")
        }
        return try table.rows.enumerated().map { (k, fields) in
            guard let n = Int(fields[1]) else {
                throw FileError(path: file.path, reason: "line \(table.lines[k]) is not a summary row (encoder,n,dim,rank,entropy,qre_unit); rerun the run or shard that wrote it")
            }
            let id = fields[0], line = fields.map(CSVTable.field).joined(separator: ",")
            return Entry(id: id, row: line, n: n, folder: folder, summary: file.path, shard: shard)
        }
    }
}
