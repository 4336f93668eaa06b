import EncmapSupport
import Foundation
import Testing
import TestSupport

// Helpers for the robustness suite: hand-made `.npy` bytes (good and deliberately bad), small
// synthetic workspaces of encoders + scores + specs in a temporary folder, and the one-line error check.

/// The bytes of a `.npy` file written by hand, so that any header — also a lying or malformed one — can be made.
enum NPYBytes {
    /// A format 1.0 (or `version`) file with the given dtype text, shape text and raw data bytes.
    static func file(descr: String, shape: String, fortran: Bool = false, data: Data, major: UInt8 = 1) -> Data {
        var dict = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        let prefix = major == 1 ? 10 : 12
        let unpadded = prefix + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, 0])
        let n = dict.utf8.count
        if major == 1 {
            out.append(contentsOf: [UInt8(n & 0xFF), UInt8(n >> 8)])
        } else {
            out.append(contentsOf: [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)])
        }
        out.append(contentsOf: Array(dict.utf8))
        out.append(data)
        return out
    }

    /// A format 1.0 file with a literal header dictionary (padded and terminated here).
    static func file(header: String, data: Data) -> Data {
        var dict = header
        dict += String(repeating: " ", count: (64 - (10 + dict.utf8.count + 1) % 64) % 64) + "\n"
        var out = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(dict.utf8.count & 0xFF), UInt8(dict.utf8.count >> 8)])
        out.append(contentsOf: Array(dict.utf8))
        out.append(data)
        return out
    }

    static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    static func raw<T>(_ values: [T]) -> Data { values.withUnsafeBufferPointer { Data(buffer: $0) } }

    /// A C-order float32 matrix (rows × columns).
    static func float32(_ rows: [[Double]]) -> Data {
        file(descr: "<f4", shape: shapeText([rows.count, rows.first?.count ?? 0]), data: raw(rows.flatMap { $0.map(Float.init) }))
    }

    /// A C-order float64 matrix.
    static func float64(_ rows: [[Double]]) -> Data {
        file(descr: "<f8", shape: shapeText([rows.count, rows.first?.count ?? 0]), data: raw(rows.flatMap { $0 }))
    }

    /// A C-order float16 matrix (values beyond ±65504 become ±infinity, as numpy's astype does).
    static func float16(_ rows: [[Double]]) -> Data {
        file(descr: "<f2", shape: shapeText([rows.count, rows.first?.count ?? 0]),
             data: raw(rows.flatMap { $0.map { Float16(Float($0)).bitPattern } }))
    }

    /// A float64 feature vector (what `encmap features` writes).
    static func vector(_ v: [Double]) -> Data {
        file(descr: "<f8", shape: shapeText([v.count]), data: raw(v))
    }
}

/// A temporary folder holding a small, valid experiment: `embeddings/` (six float32 encoders of
/// n = 12 sentences, d = 3…8), `features/` (their stand-in feature vectors of length 12),
/// `scores.csv` (tasks A, B, Const — Const is constant), and specs written on demand.
struct Workspace {
    static let encoderIDs = ["org__enc-a", "enc-b", "enc-c", "enc-d", "enc-e", "enc-f"]
    static let n = 12

    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-robust-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var rng = SplitMix64(state: 20_260_101)
        var csv = "encoder,A,B,Const\n"
        for (k, id) in Self.encoderIDs.enumerated() {
            try write(NPYBytes.float32(rng.clampedNormalRows(Self.n, 3 + k)), "embeddings/\(id).npy")
            try write(NPYBytes.vector((0..<Self.n).map { _ in rng.clampedNormal() }), "features/\(id).npy")
            // The scores CSV spells the first id the MTEB way (org/name): org__name ≡ org/name.
            let csvID = id.replacingOccurrences(of: "__", with: "/")
            csv += "\(csvID),\(0.4 + 0.05 * Double(k) + 0.01 * rng.uniform()),\(0.3 + 0.1 * rng.uniform()),0.5\n"
        }
        try write(csv, "scores.csv")
    }

    func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    @discardableResult
    func write(_ data: Data, _ relative: String) throws -> URL {
        let u = url(relative)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: u)
        return u
    }

    @discardableResult
    func write(_ text: String, _ relative: String) throws -> URL { try write(Data(text.utf8), relative) }

    /// Copies a folder of the workspace (e.g. `embeddings`) to `to`, for variants with one bad file.
    func copy(_ folder: String, to: String) throws -> URL {
        try FileManager.default.copyItem(at: url(folder), to: url(to))
        return url(to)
    }

    /// A spec whose top-level members are the defaults (feature vectors, tasks A and B, ridge + 2-NN +
    /// mean under 3-fold CV, no bootstrap, output `out`), with `overrides` replacing or adding members
    /// (values are JSON text). Written to `file` in the workspace; returns its path.
    @discardableResult
    func spec(_ overrides: [String: String] = [:], file: String = "spec.json") throws -> String {
        let members: [(String, String)] = [
            ("version", "1"), ("name", "\"robust\""),
            ("encoders", "{\"features\": \"features\"}"),
            ("features", "{\"cache\": null}"),
            ("scores", "{\"csv\": \"scores.csv\", \"tasks\": [\"A\", \"B\"]}"),
            ("regressors", "[{\"kind\": \"ridge\", \"alpha\": 1}, {\"kind\": \"knn\", \"k\": 2}, {\"kind\": \"mean\"}]"),
            ("crossValidation", "{\"kind\": \"kfold\", \"folds\": 3}"),
            ("bootstrap", "{\"resamples\": 0}"),
            ("output", "\"out\""),
        ]
        return try write(jsonObjectText(members, overriding: overrides, multiline: true), file).path
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

extension CommandResult {
    /// stderr split into lines, without the empty one after the final line feed.
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// Expects a failure of the work: exit status 1 and exactly one line on stderr,
/// `encmap <command>: error: …`, containing every fragment (what, where, what to do).
func expectOneLineError(_ r: CommandResult, command: String, _ fragments: [String],
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.status == 1, "exit status 1 for bad input, got \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stderrLines.count == 1, "exactly one line on stderr, got: \(r.stderr)", sourceLocation: sourceLocation)
    let line = r.errorLine
    #expect(line.hasPrefix("encmap \(command): error: "), "prefix: \(line)", sourceLocation: sourceLocation)
    for f in fragments {
        #expect(line.contains(f), "'\(f)' in: \(line)", sourceLocation: sourceLocation)
    }
    #expect(!line.contains("Fatal error") && !line.contains("Error Domain="), "no raw runtime text: \(line)",
            sourceLocation: sourceLocation)
}

/// Expects bad usage: exit status 2, the error line first, then the command's usage.
func expectUsageError(_ r: CommandResult, command: String, _ fragment: String,
                      sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.status == 2, "exit status 2 for bad usage, got \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.errorLine.hasPrefix("encmap \(command): error: ") && r.errorLine.contains(fragment), "\(r.errorLine)",
            sourceLocation: sourceLocation)
    #expect(r.stderr.contains("usage: encmap"), "usage follows", sourceLocation: sourceLocation)
}

/// Every regular file under `folder` (relative path → bytes), for byte-identity checks.
func snapshot(_ folder: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    guard let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return out }
    let base = folder.standardizedFileURL.path
    for case let u as URL in e where (try? u.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        out[String(u.standardizedFileURL.path.dropFirst(base.count))] = try Data(contentsOf: u)
    }
    return out
}

/// The float64 values of a `.npy` file written by encmap (format 1.0, '<f8').
func npyValues(_ data: Data) -> [Double] {
    guard data.count >= 10 else { return [] }
    let offset = 10 + Int(data[8]) + Int(data[9]) << 8
    return data.dropFirst(offset).withUnsafeBytes { raw in
        (0..<(raw.count / 8)).map { raw.loadUnaligned(fromByteOffset: 8 * $0, as: Double.self) }
    }
}

/// Two CSV texts agree: same shape, equal text fields, numbers within a relative tolerance (BLAS may
/// change the last bits between runs).
func csvClose(_ a: String, _ b: String, tolerance: Double = 1e-9) -> Bool {
    let ra = a.split(separator: "\n"), rb = b.split(separator: "\n")
    guard ra.count == rb.count else { return false }
    for (la, lb) in zip(ra, rb) {
        let fa = la.split(separator: ",", omittingEmptySubsequences: false)
        let fb = lb.split(separator: ",", omittingEmptySubsequences: false)
        guard fa.count == fb.count else { return false }
        for (x, y) in zip(fa, fb) where x != y {
            guard let u = Double(x), let v = Double(y), close(u, v, scaled: tolerance) else { return false }
        }
    }
    return true
}

/// Two folders written by encmap agree: the same files; `.npy` values and CSV numbers within tolerance,
/// other files byte-identical (`ignoring` files are only required to exist).
func foldersClose(_ a: [String: Data], _ b: [String: Data], ignoring: Set<String> = []) -> Bool {
    guard Set(a.keys) == Set(b.keys) else { return false }
    for (name, x) in a where !ignoring.contains(name) {
        let y = b[name]!
        if x == y { continue }
        if name.hasSuffix(".npy") {
            let u = npyValues(x), v = npyValues(y)
            guard u.count == v.count, zip(u, v).allSatisfy({ close($0, $1, scaled: 1e-9) }) else { return false }
        } else if name.hasSuffix(".csv") {
            guard csvClose(String(decoding: x, as: UTF8.self), String(decoding: y, as: UTF8.self)) else { return false }
        } else {
            return false
        }
    }
    return true
}
