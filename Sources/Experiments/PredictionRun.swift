import EncmapIO
import EncmapSupport
import Foundation
import LinearAlgebra
import Regression
#if canImport(Glibc)
import Glibc
#endif

/// Everything `encmap predict` takes from a run folder, read as ONE consistent snapshot.
///
/// A run folder is replaced as a whole (a staging folder exchanged in with one rename), so the folder's
/// files are consistent with each other at every instant — but reading them one path at a time could
/// straddle a swap. The snapshot therefore opens the folder once and opens every file relative to that
/// open folder (`openat`): all files come from the same folder inode, whatever is renamed meanwhile.
/// When the folder was swapped out and deleted before its files were opened, the read starts again.
///
/// The run folder is self-contained: the resolved spec (features method and parameters, preprocessing,
/// regressors, featuresCsv columns and `log`), the training features, the targets (the `true` column of
/// predictions.csv), the folds (`folds.csv`, or the `fold` column of predictions.csv for folders written
/// before folds.csv existed) and, when the spec has a map, the reference map (`map/`). Nothing outside
/// the folder is read: the spec file and its data may be gone.
public struct RunSnapshot: Sendable {
    public let folder: URL
    public let record: RunRecord
    /// The resolved spec (paths resolve against the spec's recorded folder; predict reads none of them).
    public let spec: ExperimentSpec
    public let context: TableContext
    /// Training features, encoders × features (rows in run order).
    public let x: Matrix
    /// Targets, encoders × tasks (NaN = missing).
    public let y: Matrix
    /// The stored out-of-fold predictions, per regressor: encoders × tasks of repetition 0.
    public let outOfFold: [Matrix]
    /// The test fold (0-based, repetition 0) of every encoder.
    public let foldOfRow: [Int]
    public let foldCount: Int
    /// The run's reference map, when the spec has one.
    public let map: ReferenceMap?
    /// SHA-256 of every file read, by name (relative to the run folder).
    public let digests: [String: String]

    /// The files of a run folder that predict reads.
    static let required = ["run.json", "training-features.npy", "predictions.csv"]
    static let optional = ["folds.csv", ReferenceMap.coordinatesFile, ReferenceMap.parametersFile, ReferenceMap.attributesFile]

    /// Reads a run folder.
    /// - Throws: `ExperimentError.file` naming the file that is missing or inconsistent; `FileError`.
    public static func load(_ folder: URL) throws -> RunSnapshot {
        var files: [String: Data] = [:]
        for attempt in 0..<5 {
            do {
                files = try readTogether(folder, required: required, optional: optional)
                break
            } catch SnapshotRetry.folderReplaced where attempt < 4 {
                continue
            } catch SnapshotRetry.folderReplaced {
                throw ExperimentError.file(path: folder.path, message: "was replaced again and again while being read; retry when the run writing it has finished")
            }
        }
        return try parse(files, folder: folder)
    }

    enum SnapshotRetry: Error { case folderReplaced }

    /// Opens the folder, then every file relative to it, then reads them all.
    static func readTogether(_ folder: URL, required: [String], optional: [String]) throws -> [String: Data] {
        let dfd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                throw ExperimentError.file(path: folder.path, message: "is not a folder written by 'encmap run'; pass the run's output folder")
            }
            throw FileError.unreadable(folder.path, errno: code)
        }
        defer { close(dfd) }
        StageHook.reached("predict.run-folder-opened")
        var fds: [(String, Int32)] = []
        defer { for (_, fd) in fds { close(fd) } }
        for name in required + optional {
            let fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            if fd < 0 {
                let code = errno
                if code == ENOENT && optional.contains(name) { continue }
                if code == ENOENT {
                    // A folder swapped out (and being deleted) is no longer the one at the path: read again.
                    if isReplaced(dfd, path: folder.path) { throw SnapshotRetry.folderReplaced }
                    throw ExperimentError.file(path: folder.appendingPathComponent(name).path,
                                               message: "is missing; is \(folder.path) a folder written by 'encmap run'? (rerun 'encmap run')")
                }
                throw FileError.unreadable(folder.appendingPathComponent(name).path, errno: code)
            }
            fds.append((name, fd))
            var st = stat()
            guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                throw ExperimentError.file(path: folder.appendingPathComponent(name).path,
                                           message: "is not a regular file; rerun 'encmap run'")
            }
        }
        var out: [String: Data] = [:]
        for (name, fd) in fds {
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
            do {
                out[name] = try handle.readToEnd() ?? Data()
            } catch {
                throw FileError.unreadable(folder.appendingPathComponent(name).path, cause: error)
            }
        }
        return out
    }

    /// Whether the open folder `dfd` is no longer the folder at `path` (a run swapped a new one in).
    static func isReplaced(_ dfd: Int32, path: String) -> Bool {
        var open = stat(), now = stat()
        guard fstat(dfd, &open) == 0 else { return true }
        guard stat(path, &now) == 0 else { return true }
        return open.st_ino != now.st_ino || open.st_dev != now.st_dev
    }

    /// Builds the snapshot from the files read together.
    static func parse(_ files: [String: Data], folder: URL) throws -> RunSnapshot {
        let runJSON = folder.appendingPathComponent("run.json").path
        let record = try RunRecord.decode(String(decoding: files["run.json"] ?? Data(), as: UTF8.self), path: runJSON)
        let spec = try ExperimentSpec.parse(record.spec.serialized(), file: runJSON,
                                            baseDirectory: RelativePath.resolve(record.specFile, from: folder).deletingLastPathComponent())
        // The run's own files must be the bytes it wrote (their SHA-256 in run.json), checked on the very
        // bytes read together above, so nothing is computed from an edited or half-swapped folder.
        for name in RunRecord.recordedOutputs {
            if let data = files[name] { try record.verifyOutput(name, data: data, in: folder) }
        }
        let context = try record.tableContext(path: runJSON)
        let m = context.encoders.count

        let xPath = folder.appendingPathComponent("training-features.npy").path
        let xArray = try NPY.read(data: files["training-features.npy"] ?? Data(), path: xPath)
        guard xArray.shape.count == 2, xArray.shape[0] == m, xArray.shape[1] == record.counts.features else {
            throw ExperimentError.file(path: xPath, message: "has shape \(xArray.shape) but run.json records \(m) encoders × \(record.counts.features) features; rerun 'encmap run'")
        }
        guard xArray.storage.allSatisfy(\.isFinite) else {
            throw ExperimentError.file(path: xPath, message: "contains NaN or infinity; rerun 'encmap run'")
        }
        // NPY.read returns C order whatever the file's order.
        let p = xArray.shape[1]
        var x = Matrix(rows: m, columns: p)
        for i in 0..<m { for j in 0..<p { x[i, j] = xArray.storage[i * p + j] } }

        let predPath = folder.appendingPathComponent("predictions.csv").path
        let stored = try ResultTables.readPredictions(String(decoding: files["predictions.csv"] ?? Data(), as: UTF8.self),
                                                      path: predPath, context: context)
        guard stored.records.count == record.counts.predictions else {
            throw ExperimentError.file(path: predPath, message: "has \(stored.records.count) predictions but run.json records \(record.counts.predictions); rerun 'encmap run'")
        }
        var y = Matrix(rows: m, columns: context.tasks.count, repeating: .nan)
        var oof = [Matrix](repeating: y, count: context.regressors.count)
        var foldOfRow = [Int](repeating: -1, count: m)
        for r in stored.records {
            y[r.row, r.task] = r.truth
            if r.repetition == 0 {
                oof[r.regressor][r.row, r.task] = r.predicted
                foldOfRow[r.row] = r.fold
            }
        }
        if let folds = files["folds.csv"] {
            foldOfRow = try readFolds(folds, path: folder.appendingPathComponent("folds.csv").path, encoders: context.encoders)
        }
        if let missing = foldOfRow.firstIndex(of: -1) {
            throw ExperimentError.file(path: predPath, message: "has no prediction for encoder '\(context.encoders[missing])', so its fold is unknown; rerun 'encmap run' (it writes folds.csv)")
        }
        let map = try ReferenceMap.read(files, folder: folder, encoders: context.encoders)
        return RunSnapshot(folder: folder, record: record, spec: spec, context: context, x: x, y: y, outOfFold: oof,
                           foldOfRow: foldOfRow, foldCount: (foldOfRow.max() ?? 0) + 1, map: map,
                           digests: files.mapValues { SHA256.hex($0) })
    }

    /// `folds.csv` (`encoder,repetition,fold`): the fold of every encoder in repetition 0.
    static func readFolds(_ data: Data, path: String, encoders: [String]) throws -> [Int] {
        let table = try CSVTable(text: String(decoding: data, as: UTF8.self), path: path)
        guard table.header == ["encoder", "repetition", "fold"] else {
            throw ExperimentError.file(path: path, message: "does not start with 'encoder,repetition,fold'; rerun 'encmap run'")
        }
        var index: [String: Int] = [:]
        for (i, e) in encoders.enumerated() { index[e] = i }
        var fold = [Int](repeating: -1, count: encoders.count)
        for (r, row) in table.rows.enumerated() {
            guard let i = index[row[0]], let rep = Int(row[1]), let f = Int(row[2]), f >= 0 else {
                throw ExperimentError.csv(path: path, line: table.lines[r], message: "is not an encoder of run.json with a fold number; rerun 'encmap run'")
            }
            if rep == 0 { fold[i] = f }
        }
        return fold
    }

    /// The splits of repetition 0 (test rows = the encoders of each fold), for refitting the per-fold models.
    public var splits: [FoldSplit] {
        (0..<foldCount).compactMap { k in
            let test = foldOfRow.indices.filter { foldOfRow[$0] == k }
            guard !test.isEmpty else { return nil }
            return FoldSplit(train: foldOfRow.indices.filter { foldOfRow[$0] != k }, test: test, fold: k)
        }
    }
}

extension RunSnapshot {
    /// `folds.csv` for a run: `encoder,repetition,fold`, one row per encoder and repetition.
    static func foldsCSV(encoders: [String], splits: [FoldSplit]) -> String {
        var rows: [(Int, Int, Int)] = []
        for s in splits { for i in s.test { rows.append((s.repetition, i, s.fold)) } }
        rows.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        return CSVTable.line(["encoder", "repetition", "fold"])
            + rows.map { CSVTable.line([encoders[$0.1], String($0.0), String($0.2)]) }.joined()
    }
}
