import EncmapIO
import EncmapSupport
import Foundation

/// The run's own files in run.json: `outputs` lists predictions.csv, training-features.npy, folds.csv and
/// the map files (``recordedOutputs``) with the SHA-256 of the bytes the run wrote, so that `encmap tables`
/// and `encmap predict` refuse a run folder whose files were edited, truncated, reordered or taken from
/// another run, instead of computing from them.
/// (The tables are not listed: `encmap tables` rewrites them from predictions.csv.)
extension RunRecord {
    /// One file the run wrote, relative to the run folder, with the SHA-256 of its bytes.
    public struct Output: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// The files whose digests a run records.
    public static let recordedOutputs = ["predictions.csv", "training-features.npy", "folds.csv",
                                         ReferenceMap.coordinatesFile, ReferenceMap.parametersFile, ReferenceMap.attributesFile]

    /// This record with `outputs` set from the files about to be written (name → bytes).
    public func recordingOutputs(_ files: [String: Data]) -> RunRecord {
        var record = self
        record.outputs = Self.recordedOutputs.compactMap { name in
            files[name].map { Output(path: name, sha256: SHA256.hex($0)) }
        }
        return record
    }

    /// Checks `data`, the bytes of `name` as read from the run folder `folder`, against the digest recorded
    /// for it. Records of older versions (no `outputs`) and files they do not list pass unchecked.
    /// - Throws: `ExperimentError.file` naming the file.
    public func verifyOutput(_ name: String, data: Data, in folder: URL) throws {
        guard let recorded = outputs?.first(where: { $0.path == name }) else { return }
        guard SHA256.hex(data) == recorded.sha256 else {
            throw ExperimentError.file(path: folder.appendingPathComponent(name).path,
                                       message: "differs from the file this run wrote (its SHA-256 in run.json does not match): it was edited, replaced or belongs to another run; rerun 'encmap run' or restore the file")
        }
    }
}
